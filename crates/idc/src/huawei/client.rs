//! The Huawei client and its builder.

use std::fmt;
use std::sync::Arc;

use std::future::Future;

use idc_raw::ResponseValue;
use idc_raw::hooks::SignRequest;

use super::credentials::{self, Credentials};
use super::endpoint;
use super::signing::Signer;
use crate::config::{
    CommonConfig, common_builder_methods, credentials_builder_methods, validate_endpoint,
};
use crate::credentials::{Cached, Env, ProcessEnv, ProvideCredentials, non_empty_var};
use crate::error::{Cloud, Error, Result};
use crate::transport::{RawClient, Transport};

/// A shared provider of Huawei credentials.
pub type SharedCredentialsProvider = Arc<dyn ProvideCredentials<Credentials = Credentials>>;

/// A client of Huawei Cloud IAM Identity Center. Cheap to clone; clones share connections.
///
/// ```no_run
/// # async fn run() -> idc::Result<()> {
/// use idc::huawei::{Client, Credentials};
///
/// // Credentials from HUAWEICLOUD_SDK_AK / _SK / _DOMAIN_ID or ~/.huaweicloud/credentials:
/// let client = Client::builder().region("cn-north-4").build()?;
///
/// // Or explicit ones:
/// let client = Client::builder()
///     .credentials(Credentials::new("AK...", "SK...").with_domain_id("0123456789abcdef"))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: Service,
    /// The region, from which the other services' endpoints are resolved.
    region: String,
    /// Whether the endpoint was given explicitly: every service then uses it (the emulator serves
    /// all of them on one address).
    explicit_endpoint: bool,
    env: Arc<dyn Env>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("huawei::Client")
            .field("endpoint", &self.inner.service.transport.base_url)
            .field("region", &self.inner.region)
            .field("credentials", &self.inner.service.credentials)
            .finish_non_exhaustive()
    }
}

/// Which credentials a service takes: account-level (`X-Domain-Id`) or a project's (`X-Project-Id`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    Global,
    Project,
}

/// What every Huawei service client runs on: where requests go and how they are signed.
#[derive(Clone)]
pub(crate) struct Service {
    pub(crate) transport: Transport,
    pub(crate) credentials: SharedCredentialsProvider,
    pub(crate) scope: Scope,
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("endpoint", &self.transport.base_url)
            .field("scope", &self.scope)
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Service {
    /// Runs one operation with the generated client, signing every attempt anew.
    pub(crate) async fn call<Raw, R, E, F, Fut>(
        &self,
        operation: crate::transport::Operation,
        send: F,
    ) -> Result<R>
    where
        Raw: RawClient,
        F: Fn(Raw) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<R>, idc_raw::Error<E>>>,
    {
        let signer = || async {
            let credentials = self.credentials.provide_credentials().await?;
            let credentials = match self.scope {
                Scope::Global => credentials.global(),
                Scope::Project if credentials.project_id().is_none() => {
                    return Err(Error::configuration(format!(
                        "{} is an operation of a project-scoped (regional) service and the \
                         credentials have no project id: set {}, `project_id` under [basic] in \
                         the profile file, or (in a program) Credentials::with_project_id",
                        operation.name,
                        credentials::ENV_PROJECT_ID
                    )));
                }
                Scope::Project => credentials.project_scoped(),
            };
            let clock = self.transport.clock.clone();
            Ok(Some(
                Arc::new(Signer::new(credentials, clock)) as Arc<dyn SignRequest>
            ))
        };
        self.transport.call_signed(operation, signer, send).await
    }
}

/// The methods the generated operations and the user need on every service client.
macro_rules! service_client {
    ($client:ty) => {
        impl $client {
            /// The endpoint requests go to.
            pub fn endpoint(&self) -> &str {
                &self.service().transport.base_url
            }

            /// Runs one operation with the generated client, signing every attempt anew.
            pub(crate) async fn call<Raw, R, E, F, Fut>(
                &self,
                operation: $crate::transport::Operation,
                send: F,
            ) -> $crate::Result<R>
            where
                Raw: $crate::transport::RawClient,
                F: Fn(Raw) -> Fut,
                Fut: std::future::Future<
                        Output = std::result::Result<idc_raw::ResponseValue<R>, idc_raw::Error<E>>,
                    >,
            {
                self.service().call(operation, send).await
            }
        }
    };
}
pub(crate) use service_client;

/// A service client derived from the IdentityCenter client: the type, its constructor, its
/// `Debug` (which shows no secret), and the methods of [`service_client!`].
macro_rules! derived_client {
    ($(#[$doc:meta])* $name:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct Client {
            service: std::sync::Arc<$crate::huawei::client::Service>,
        }

        impl Client {
            pub(crate) fn new(service: $crate::huawei::client::Service) -> Self {
                Self {
                    service: std::sync::Arc::new(service),
                }
            }

            fn service(&self) -> &$crate::huawei::client::Service {
                &self.service
            }
        }

        $crate::huawei::client::service_client!(Client);

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct($name)
                    .field("service", &self.service)
                    .finish()
            }
        }
    };
}
pub(crate) use derived_client;

service_client!(Client);

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    fn service(&self) -> &Service {
        &self.inner.service
    }

    /// The service of this client moved to another endpoint and credential scope: what a derived
    /// client (`identity_store()`, `organizations()`, each in its service's module) is built on.
    pub(super) fn derive(&self, which: endpoint::Service, scope: Scope) -> Result<Service> {
        let mut service = self.inner.service.clone();
        service.scope = scope;
        service.transport.service = which.label();
        if !self.inner.explicit_endpoint {
            let env = self.inner.env.as_ref();
            let region = &self.inner.region;
            let url = endpoint::resolve_service(which, region, env)?;
            // IdentityCenter sent to a private endpoint and this service to the public one is
            // rarely what was meant (a report then mixes two places): say which variable is unset.
            let variable = which.override_variable(region);
            if non_empty_var(env, &endpoint::override_variable(region)).is_some()
                && non_empty_var(env, &variable).is_none()
            {
                tracing::warn!(
                    target: "idc::config",
                    service = which.label(),
                    endpoint = %url,
                    "IdentityCenter's endpoint is overridden ({}) but {variable} is not set: this \
                     service goes to its public endpoint",
                    endpoint::override_variable(region)
                );
            }
            service.transport.base_url = validate_endpoint(&url)?;
        }
        Ok(service)
    }
}

/// Builds a [`Client`].
///
/// Defaults: credentials from the [default chain](credentials::default_chain) (environment, then
/// profile file), region `cn-north-4`, [standard retries](crate::retry::RetryPolicy::standard),
/// [default timeouts](crate::config::Timeouts::default).
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    common: CommonConfig,
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    env: Option<Arc<dyn Env>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("huawei::ClientBuilder")
            .field("region", &self.region)
            .field("endpoint", &self.common.endpoint)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    common_builder_methods!();

    /// Sets the region (default `cn-north-4`). Ignored when an [endpoint](Self::endpoint) is set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    credentials_builder_methods!();

    /// Builds the client. Fails on a bad endpoint or an unknown region; missing credentials are
    /// reported by the first request.
    ///
    /// Without an [endpoint](Self::endpoint), `IDC_HUAWEI_ENDPOINT` (read from the
    /// [environment](Self::env)) is one: like an explicit endpoint, it serves every Huawei service
    /// (the emulator, a proxy). Without either, each service's endpoint comes from the region and
    /// its override variable (see [`endpoint`](super::endpoint)).
    pub fn build(self) -> Result<Client> {
        let env: Arc<dyn Env> = self.env.unwrap_or_else(|| Arc::new(ProcessEnv));
        let explicit = self
            .common
            .endpoint
            .clone()
            .or_else(|| non_empty_var(env.as_ref(), endpoint::ENV_ENDPOINT));
        let endpoint = match &explicit {
            Some(explicit) => explicit.clone(),
            None => endpoint::resolve(
                self.region.as_deref().unwrap_or(endpoint::DEFAULT_REGION),
                env.as_ref(),
            )?,
        };
        let base_url = validate_endpoint(&endpoint)?;
        let credentials = match self.credentials {
            Some(provider) => provider,
            None => Arc::new(Cached::new(credentials::default_chain_with_env(
                env.clone(),
            ))),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                service: Service {
                    transport: Transport::new(Cloud::Huawei, &self.common, base_url)?,
                    credentials,
                    scope: Scope::Global,
                },
                region: self
                    .region
                    .clone()
                    .unwrap_or_else(|| endpoint::DEFAULT_REGION.to_owned()),
                explicit_endpoint: explicit.is_some(),
                env,
            }),
        })
    }
}
