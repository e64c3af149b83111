//! Samsung Cloud Platform iam-identity-center: instances, users, groups, permission sets and
//! account assignments.
//!
//! The operations of `specs/scp-iam-identity-center.yaml`, as methods of [`Client`] returning
//! fluent builders. Everything here is also re-exported from [`crate::scp`].

pub use super::client::{Client, ClientBuilder};
pub use crate::generated::scp_iam_identity_center::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::scp_iam_identity_center::types;
