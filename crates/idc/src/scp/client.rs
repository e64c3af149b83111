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
use super::versions::ApiVersion;
use crate::config::{
    CommonConfig, common_builder_methods, credentials_builder_methods, validate_endpoint,
};
use crate::credentials::{Cached, Env, ProcessEnv, ProvideCredentials};
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
    inner: Arc<Inner>,
}

struct Inner {
    transport: Transport,
    credentials: SharedCredentialsProvider,
    api_version: ApiVersion,
    allow_expired: bool,
    language: String,
    warned: Mutex<HashSet<ApiVersion>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("scp::Client")
            .field("endpoint", &self.inner.transport.base_url)
            .field("api_version", &self.inner.api_version)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.transport.base_url
    }

    /// The API version requests use unless a call overrides it.
    pub fn api_version(&self) -> ApiVersion {
        self.inner.api_version
    }

    /// Resolves the version of a call and checks it against today's date, warning once per version.
    pub(crate) fn checked_version(&self, call: Option<ApiVersion>) -> Result<ApiVersion> {
        let version = call.unwrap_or(self.inner.api_version);
        let today = time::OffsetDateTime::from(self.inner.transport.clock.now()).date();
        if let Some(warning) = version.check(today, self.inner.allow_expired)? {
            let first = self
                .inner
                .warned
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(version);
            if first {
                tracing::warn!(version = %version, "{warning}");
            }
        }
        Ok(version)
    }

    /// Runs one operation with the generated client, signing every attempt anew.
    pub(crate) async fn call<Raw, R, E, F, Fut>(
        &self,
        operation: &'static str,
        send: F,
    ) -> Result<R>
    where
        Raw: RawClient,
        F: Fn(Raw) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<R>, idc_raw::Error<E>>>,
    {
        let signer = || async {
            let credentials = self.inner.credentials.provide_credentials().await?;
            let clock = self.inner.transport.clock.clone();
            let language = self.inner.language.clone();
            Ok(Arc::new(Signer::new(credentials, clock, language)) as Arc<dyn SignRequest>)
        };
        self.inner
            .transport
            .call_signed(operation, signer, send)
            .await
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

    /// Sets `Accept-Language`: `en-US` (default) or `ko-KR`.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Builds the client. Fails on a bad endpoint, region or environment, or an API version that
    /// cannot be used today; missing credentials are reported by the first request.
    pub fn build(self) -> Result<Client> {
        let env: Arc<dyn Env> = self.env.unwrap_or_else(|| Arc::new(ProcessEnv));
        let endpoint = match &self.common.endpoint {
            Some(explicit) => explicit.clone(),
            None => endpoint::resolve(
                self.region.as_deref().unwrap_or(endpoint::DEFAULT_REGION),
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
            inner: Arc::new(Inner {
                transport: Transport::new(Cloud::Scp, &self.common, base_url)?,
                credentials,
                api_version: self.api_version.unwrap_or_else(ApiVersion::latest),
                allow_expired: self.allow_expired,
                language,
                warned: Mutex::default(),
            }),
        };
        client.checked_version(None)?;
        Ok(client)
    }
}
