//! The demo data set ([`DataSet::demo`](crate::DataSet::demo)) and the generated ones ([`DataSet::generate`](crate::DataSet::generate),
//! [`DataSet::generate_organization`](crate::DataSet::generate_organization)): their credentials and ids.
//!
//! The demo data is deterministic: the same ids every time, so tests and the `idc demo` command can
//! name them. Ids that are not constants here are derived from a hash of a label, so they look real
//! (hex, UUIDs) without being random.
//!
//! The ids marked "(seed)" are the ones of the API documents' examples, so those examples work
//! against the emulator as they are written.

mod constants;
mod generated;
mod huawei;
mod ids;
pub(crate) mod scp;

pub use constants::*;
pub use generated::OrganizationShape;
