//! Huawei Cloud IdentityStore: the users, groups and group memberships of an identity store.
//!
//! Get a [`Client`] from an IdentityCenter client with
//! [`huawei::Client::identity_store`](super::Client::identity_store): it shares its credentials, timeouts,
//! retries and connections. IdentityStore is regional and project-scoped: its requests carry `X-Project-Id`. Every operation of
//! `specs/huawei-identitystore.yaml` is a method of [`Client`] returning a fluent builder.

pub use crate::generated::huawei_identitystore::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::huawei_identitystore::types;

super::client::derived_client!(
    /// A client of Huawei Cloud IdentityStore. Cheap to clone; clones share connections.
    "huawei::identitystore::Client"
);
