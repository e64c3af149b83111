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

impl super::Client {
    /// A client of IdentityStore (users, groups, memberships) in this client's region, sharing its
    /// credentials, timeouts, retries and connections. IdentityStore is regional and
    /// project-scoped: its requests carry the credentials' project id (`X-Project-Id`).
    ///
    /// Fails when the region has no known IdentityStore endpoint (set an explicit endpoint, or
    /// `HUAWEICLOUD_SDK_REGION_IDENTITYCENTERSTORE_<REGION>`, as the official SDK names it).
    pub fn identity_store(&self) -> crate::Result<Client> {
        let service = self.derive(
            super::endpoint::Service::IdentityStore,
            super::client::Scope::Project,
        )?;
        Ok(Client::new(service))
    }
}
