//! Huawei Cloud Organizations: the organization's accounts.
//!
//! Get a [`Client`] from an IdentityCenter client with
//! [`huawei::Client::organizations`](super::Client::organizations): it shares its credentials, timeouts,
//! retries and connections. Organizations is global, like IdentityCenter. Every operation of
//! `specs/huawei-organizations.yaml` is a method of [`Client`] returning a fluent builder.

pub use crate::generated::huawei_organizations::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::huawei_organizations::types;

super::client::derived_client!(
    /// A client of Huawei Cloud Organizations. Cheap to clone; clones share connections.
    "huawei::organizations::Client"
);

impl super::Client {
    /// A client of Organizations (the organization's accounts), sharing this client's credentials,
    /// timeouts, retries and connections. Organizations is global, like IdentityCenter.
    pub fn organizations(&self) -> crate::Result<Client> {
        let service = self.derive(
            super::endpoint::Service::Organizations,
            super::client::Scope::Global,
        )?;
        Ok(Client::new(service))
    }
}
