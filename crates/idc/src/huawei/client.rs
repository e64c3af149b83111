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
use crate::credentials::{Cached, Env, ProcessEnv, ProvideCredentials};
use crate::error::{Cloud, Result};
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
    transport: Transport,
    credentials: SharedCredentialsProvider,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("huawei::Client")
            .field("endpoint", &self.inner.transport.base_url)
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
            Ok(Arc::new(Signer::new(credentials, clock)) as Arc<dyn SignRequest>)
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
    pub fn build(self) -> Result<Client> {
        let env: Arc<dyn Env> = self.env.unwrap_or_else(|| Arc::new(ProcessEnv));
        let endpoint = match &self.common.endpoint {
            Some(explicit) => explicit.clone(),
            None => endpoint::resolve(
                self.region.as_deref().unwrap_or(endpoint::DEFAULT_REGION),
                env.as_ref(),
            )?,
        };
        let base_url = validate_endpoint(&endpoint)?;
        let credentials = match self.credentials {
            Some(provider) => provider,
            None => Arc::new(Cached::new(credentials::default_chain_with_env(env))),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                transport: Transport::new(Cloud::Huawei, &self.common, base_url)?,
                credentials,
            }),
        })
    }
}
