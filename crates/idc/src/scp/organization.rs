//! Samsung Cloud Platform organization service: the organization's accounts.
//!
//! Get a [`Client`] from an iam-identity-center client with
//! [`scp::Client::organization`](super::Client::organization): it shares its credentials,
//! timeouts, retries and connections, and has its own API version table
//! ([`versions::ORGANIZATION`](super::versions::ORGANIZATION)), sent as
//! `Scp-Api-Version: organization <x.y>`. Every operation of `specs/scp-organization.yaml` is a
//! method of [`Client`] returning a fluent builder.

use std::fmt;
use std::sync::Arc;

use super::client::{Service, service_client};
use super::versions::ApiVersion;
use crate::Result;

pub use crate::generated::scp_organization::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::scp_organization::types;

/// A client of the SCP organization service. Cheap to clone; clones share connections.
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

    /// This client pinned to another API version of the organization service, checked against
    /// today's date like the iam-identity-center client's.
    pub fn with_api_version(&self, version: ApiVersion) -> Result<Self> {
        let service = Service {
            api_version: version,
            ..self.service.sibling_settings()
        };
        service.checked_version(None)?;
        Ok(Self::new(service))
    }
}

service_client!(Client, idc_raw::scp_organization::types::VersionsResponse);

impl super::Client {
    /// A client of the organization service (the organization's accounts) in this client's
    /// environment, sharing its credentials, timeouts, retries and connections, pinned to the
    /// newest CURRENT version of `organization` (see [`Client::with_api_version`]).
    pub fn organization(&self) -> Result<Client> {
        Ok(Client::new(self.organization_service()?))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("scp::organization::Client")
            .field("service", &self.service)
            .finish()
    }
}
