//! Huawei Cloud IdentityCenter: instances, permission sets, account and application assignments.
//!
//! The operations of `specs/huawei-identitycenter.yaml`, as methods of [`Client`] returning fluent
//! builders. Everything here is also re-exported from [`crate::huawei`].

pub use super::client::{Client, ClientBuilder};
pub use crate::generated::huawei_identitycenter::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::huawei_identitycenter::types;
