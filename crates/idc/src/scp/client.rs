//! The SCP client and its builder.

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use std::future::Future;

use idc_raw::ResponseValue;
use idc_raw::hooks::SignRequest;

use super::credentials::{self, Credentials};
use super::endpoint;
use super::signing::Signer;
use super::versions::{self, ApiVersion};
use crate::config::{
    CommonConfig, common_builder_methods, credentials_builder_methods, validate_endpoint,
};
use crate::credentials::{Cached, Env, ProcessEnv, ProvideCredentials, non_empty_var};
use crate::error::{Cloud, Error, Result};
use crate::transport::{RawClient, Transport};

/// A shared provider of SCP credentials.
pub type SharedCredentialsProvider = Arc<dyn ProvideCredentials<Credentials = Credentials>>;

/// The `Accept-Language` sent by default.
pub const DEFAULT_LANGUAGE: &str = "en-US";

/// A client of Samsung Cloud Platform IAM Identity Center. Cheap to clone; clones share connections.
///
/// ```no_run
/// # async fn run() -> idc::Result<()> {
/// use idc::scp::{ApiVersion, Client, Credentials};
///
/// // Credentials from SCP_ACCESS_KEY / SCP_SECRET_KEY or ~/.scpconf/credentials.json:
/// let client = Client::builder().region("kr-west1").environment("e").build()?;
///
/// // Pinned to an older API version, with explicit credentials:
/// let client = Client::builder()
///     .credentials(Credentials::new("access-key", "secret-key"))
///     .api_version(ApiVersion::new(1, 3))
///     .build()?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    service: Arc<Service>,
    /// The environment, from which the other services' endpoints are resolved.
    environment: String,
    /// Whether the endpoint was given explicitly: every service then uses it.
    explicit_endpoint: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("scp::Client")
            .field("service", &self.service)
            .field("environment", &self.environment)
            .finish_non_exhaustive()
    }
}

/// What every SCP service client runs on: where requests go, how they are signed, and the API
/// version of the service.
pub(crate) struct Service {
    pub(crate) transport: Transport,
    pub(crate) credentials: SharedCredentialsProvider,
    pub(crate) versions: versions::Service,
    pub(crate) api_version: ApiVersion,
    pub(crate) allow_expired: bool,
    pub(crate) language: String,
    pub(crate) warned: Mutex<HashSet<ApiVersion>>,
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Service")
            .field("endpoint", &self.transport.base_url)
            .field("service", &self.versions.name)
            .field("api_version", &self.api_version)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl Service {
    /// The same settings, with a fresh warning memory.
    pub(crate) fn sibling_settings(&self) -> Self {
        self.sibling(
            self.transport.base_url.clone(),
            self.versions,
            self.api_version,
        )
    }

    /// The same service settings for another SCP service at `base_url`, pinned to `api_version`.
    fn sibling(
        &self,
        base_url: String,
        versions: versions::Service,
        api_version: ApiVersion,
    ) -> Self {
        let mut transport = self.transport.clone();
        transport.base_url = base_url;
        transport.service = versions.label();
        Self {
            transport,
            credentials: self.credentials.clone(),
            versions,
            api_version,
            allow_expired: self.allow_expired,
            language: self.language.clone(),
            warned: Mutex::default(),
        }
    }

    /// Resolves the version of a call and checks it against today's date, warning once per version.
    pub(crate) fn checked_version(&self, call: Option<ApiVersion>) -> Result<ApiVersion> {
        let version = call.unwrap_or(self.api_version);
        let today = time::OffsetDateTime::from(self.transport.clock.now()).date();
        if let Some(warning) = version.check_in(self.versions, today, self.allow_expired)? {
            let first = self
                .warned
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(version);
            if first {
                tracing::warn!(version = %version, service = self.versions.name, "{warning}");
            }
        }
        Ok(version)
    }

    /// Runs one operation with the generated client, signing every attempt anew (or not at all,
    /// for an unauthenticated operation).
    pub(crate) async fn call<Raw, R, E, F, Fut>(
        &self,
        operation: crate::transport::Operation,
        signed: bool,
        send: F,
    ) -> Result<R>
    where
        Raw: RawClient,
        F: Fn(Raw) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<R>, idc_raw::Error<E>>>,
    {
        let signer = || async {
            if !signed {
                return Ok(None);
            }
            let credentials = self.credentials.provide_credentials().await?;
            let clock = self.transport.clock.clone();
            let language = self.language.clone();
            Ok(Some(
                Arc::new(Signer::new(credentials, clock, language)) as Arc<dyn SignRequest>
            ))
        };
        self.transport.call_signed(operation, signer, send).await
    }
}

/// The methods the generated operations and the user need on every SCP service client.
macro_rules! service_client {
    ($client:ty, $versions:ty) => {
        impl $client {
            /// The endpoint requests go to.
            pub fn endpoint(&self) -> &str {
                &self.service.transport.base_url
            }

            /// The API version requests use unless a call overrides it.
            pub fn api_version(&self) -> $crate::scp::ApiVersion {
                self.service.api_version
            }

            /// The API versions the service announces at its root (`GET /`, unauthenticated), to
            /// compare with the table compiled in from the spec
            /// ([`versions`](crate::scp::versions)).
            pub async fn versions(&self) -> $crate::Result<$versions> {
                self.list_versions().send().await
            }

            /// Resolves and checks the version of a call (see [`crate::scp::versions`]).
            pub(crate) fn checked_version(
                &self,
                call: Option<$crate::scp::ApiVersion>,
            ) -> $crate::Result<$crate::scp::ApiVersion> {
                self.service.checked_version(call)
            }

            /// The `Scp-Api-Version` value of a call.
            pub(crate) fn api_version_header(
                &self,
                call: Option<$crate::scp::ApiVersion>,
            ) -> $crate::Result<String> {
                Ok(self
                    .checked_version(call)?
                    .header_value_in(self.service.versions))
            }

            /// Runs one signed operation with the generated client.
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
                self.service.call(operation, true, send).await
            }

            /// Runs one unauthenticated operation (the service root) with the generated client.
            pub(crate) async fn call_unsigned<Raw, R, E, F, Fut>(
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
                self.service.call(operation, false, send).await
            }
        }
    };
}
pub(crate) use service_client;

service_client!(
    Client,
    idc_raw::scp_iam_identity_center::types::VersionsResponse
);

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The service of the organization client this client derives (`organization()`, in the
    /// `organization` module): this client's environment, or its explicit endpoint, pinned to the
    /// newest CURRENT version of `organization`.
    #[cfg(feature = "scp-organization")]
    pub(super) fn organization_service(&self) -> Result<Service> {
        let base_url = if self.explicit_endpoint {
            self.service.transport.base_url.clone()
        } else {
            validate_endpoint(&endpoint::resolve_organization(&self.environment)?)?
        };
        Ok(self.service.sibling(
            base_url,
            versions::ORGANIZATION,
            ApiVersion::latest_in(versions::ORGANIZATION),
        ))
    }
}

/// Builds a [`Client`].
///
/// Defaults: credentials from the [default chain](credentials::default_chain) (environment, then
/// `~/.scpconf`), region `kr-west1` in environment `s`, API version [`ApiVersion::latest`],
/// `Accept-Language: en-US`, [standard retries](crate::retry::RetryPolicy::standard),
/// [default timeouts](crate::config::Timeouts::default).
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    common: CommonConfig,
    region: Option<String>,
    environment: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    env: Option<Arc<dyn Env>>,
    api_version: Option<ApiVersion>,
    allow_expired: bool,
    language: Option<String>,
    config_file: Option<std::path::PathBuf>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("scp::ClientBuilder")
            .field("region", &self.region)
            .field("environment", &self.environment)
            .field("endpoint", &self.common.endpoint)
            .field("api_version", &self.api_version)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    common_builder_methods!();

    /// Sets the region (default `kr-west1`). Ignored when an [endpoint](Self::endpoint) is set.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets the environment: `s` (Samsung, the default), `g` (Sovereign) or `e` (Enterprise).
    pub fn environment(mut self, environment: impl Into<String>) -> Self {
        self.environment = Some(environment.into());
        self
    }

    credentials_builder_methods!();

    /// Pins the API version (default [`ApiVersion::latest`]). Checked when building: an unknown,
    /// planned or expired version is refused (see [`versions`](super::versions)).
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = Some(version);
        self
    }

    /// Allows versions past their Not Before date (with a warning) instead of refusing them.
    pub fn allow_expired_api_versions(mut self, allow: bool) -> Self {
        self.allow_expired = allow;
        self
    }

    /// Reads `endpoint-override` and `default-region` from this file instead of
    /// `~/.scpconf/config.json` (see [`Config`](credentials::Config)); explicit
    /// [`endpoint`](Self::endpoint) and [`region`](Self::region) settings win over both.
    pub fn config_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Sets `Accept-Language`: `en-US` (default) or `ko-KR`.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Builds the client. Fails on a bad endpoint, region or environment, or an API version that
    /// cannot be used today; missing credentials are reported by the first request.
    ///
    /// The endpoint: the [explicit](Self::endpoint) one, else `IDC_SCP_ENDPOINT` (read from the
    /// [environment](Self::env)), else `endpoint-override` of the SCP configuration file, else the
    /// region's (the region: explicit, else `default-region` of the configuration file). The
    /// configuration file is not read when the endpoint is given either way.
    pub fn build(self) -> Result<Client> {
        let env: Arc<dyn Env> = self.env.unwrap_or_else(|| Arc::new(ProcessEnv));
        // The official tools' config.json says where to go when the caller does not; with an
        // explicit endpoint it has nothing to say (the region only chooses an endpoint), so it is
        // not read at all: a broken file the caller has routed around cannot fail the client.
        let load = |path: &std::path::Path| {
            credentials::Config::load(path).map_err(|e| Error::configuration(e.to_string()))
        };
        let given = self
            .common
            .endpoint
            .clone()
            .or_else(|| non_empty_var(env.as_ref(), endpoint::ENV_ENDPOINT));
        let config = match (&given, &self.config_file) {
            (Some(_), _) => credentials::Config::default(),
            (None, Some(path)) => load(path)?,
            (None, None) => match credentials::Config::default_path() {
                Some(path) => load(&path)?,
                None => credentials::Config::default(),
            },
        };
        let explicit_endpoint = given.or_else(|| config.endpoint_override.clone());
        let region = self.region.clone().or(config.default_region);
        let endpoint = match &explicit_endpoint {
            Some(explicit) => explicit.clone(),
            None => endpoint::resolve(
                region.as_deref().unwrap_or(endpoint::DEFAULT_REGION),
                self.environment
                    .as_deref()
                    .unwrap_or(endpoint::DEFAULT_ENVIRONMENT),
            )?,
        };
        let base_url = validate_endpoint(&endpoint)?;
        let language = self.language.unwrap_or_else(|| DEFAULT_LANGUAGE.to_owned());
        if !matches!(language.as_str(), "en-US" | "ko-KR") {
            return Err(Error::configuration(format!(
                "language {language:?} is not supported: use en-US or ko-KR"
            )));
        }
        let credentials = match self.credentials {
            Some(provider) => provider,
            None => Arc::new(Cached::new(credentials::default_chain_with_env(env))),
        };
        let client = Client {
            service: Arc::new(Service {
                transport: Transport::new(Cloud::Scp, &self.common, base_url)?,
                credentials,
                versions: versions::IAM_IDENTITY_CENTER,
                api_version: self.api_version.unwrap_or_else(ApiVersion::latest),
                allow_expired: self.allow_expired,
                language,
                warned: Mutex::default(),
            }),
            environment: self
                .environment
                .clone()
                .unwrap_or_else(|| endpoint::DEFAULT_ENVIRONMENT.to_owned()),
            explicit_endpoint: explicit_endpoint.is_some(),
        };
        client.checked_version(None)?;
        Ok(client)
    }
}
