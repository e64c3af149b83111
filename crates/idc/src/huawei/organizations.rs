//! Huawei Cloud Organizations: the organization's accounts.
//!
//! Get a [`Client`] from an IdentityCenter client with
//! [`huawei::Client::organizations`](super::Client::organizations): it shares its credentials, timeouts,
//! retries and connections. Organizations is global, like IdentityCenter. Every operation of
//! `specs/huawei-organizations.yaml` is a method of [`Client`] returning a fluent builder.

use std::fmt;
use std::sync::Arc;

use super::client::{Service, service_client};

pub use crate::generated::huawei_organizations::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::huawei_organizations::types;

/// A client of Huawei Cloud Organizations. Cheap to clone; clones share connections.
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
        f.debug_struct("huawei::organizations::Client")
            .field("service", &self.service)
            .finish()
    }
}
