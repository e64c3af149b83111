//! Huawei Cloud IdentityStore: the users, groups and group memberships of an identity store.
//!
//! Get a [`Client`] from an IdentityCenter client with
//! [`huawei::Client::identity_store`](super::Client::identity_store): it shares its credentials, timeouts,
//! retries and connections. IdentityStore is regional and project-scoped: its requests carry `X-Project-Id`. Every operation of
//! `specs/huawei-identitystore.yaml` is a method of [`Client`] returning a fluent builder.

use std::fmt;
use std::sync::Arc;

use super::client::{Service, service_client};

pub use crate::generated::huawei_identitystore::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::huawei_identitystore::types;

/// A client of Huawei Cloud IdentityStore. Cheap to clone; clones share connections.
#[derive(Clone)]
pub struct Client {
    service: Arc<Service>,
}

impl Client {
    pub(crate) fn new(service: Service) -> Self {
        Self {
            service: Arc::new(service),
        }
    }

    fn service(&self) -> &Service {
        &self.service
    }
}

service_client!(Client);

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("huawei::identitystore::Client")
            .field("service", &self.service)
            .finish()
    }
}
