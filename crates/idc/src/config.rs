//! Settings both clients share: timeouts, retries, user agent, the HTTP client, response size
//! cap, the clock.
//!
//! Each cloud's `ClientBuilder` carries these; the setters are the same on both.
//!
//! Whatever the HTTP client, redirects are never followed (a redirect of a signed call would carry
//! its credential headers to another host; the gateways do not redirect API calls): a 3xx answer
//! is the error [`Error::Redirect`], and no `Referer` is sent. Response
//! bodies are read up to a cap ([`DEFAULT_MAX_RESPONSE_BYTES`], 16 MiB, by default).
//!
//! ```
//! use std::time::Duration;
//! use idc::config::Timeouts;
//!
//! let timeouts = Timeouts::default()
//!     .with_connect(Duration::from_secs(5))
//!     .with_attempt(Duration::from_secs(10))
//!     .with_operation(Duration::from_secs(60));
//! assert_eq!(timeouts.attempt(), Duration::from_secs(10));
//! ```

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::{SharedClock, SystemClock};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;

pub use idc_raw::hooks::{DEFAULT_MAX_RESPONSE_BYTES, MAX_ERROR_BODY_BYTES};

/// The three time limits of a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    connect: Duration,
    attempt: Duration,
    operation: Duration,
}

impl Default for Timeouts {
    /// Connect 10 s, each attempt 30 s, the whole operation (retries and backoff included) 120 s.
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            operation: Duration::from_secs(120),
        }
    }
}

impl Timeouts {
    /// Sets how long establishing a connection may take.
    pub fn with_connect(mut self, limit: Duration) -> Self {
        self.connect = limit;
        self
    }

    /// Sets how long one attempt (send and read the whole response) may take. It is retried.
    pub fn with_attempt(mut self, limit: Duration) -> Self {
        self.attempt = limit;
        self
    }

    /// Sets how long one operation (one page), with every retry and backoff, may take.
    pub fn with_operation(mut self, limit: Duration) -> Self {
        self.operation = limit;
        self
    }

    /// The connect timeout.
    pub fn connect(&self) -> Duration {
        self.connect
    }

    /// The per-attempt timeout.
    pub fn attempt(&self) -> Duration {
        self.attempt
    }

    /// The whole-operation timeout.
    pub fn operation(&self) -> Duration {
        self.operation
    }
}

/// The settings shared by both clouds' builders.
#[derive(Clone, Debug)]
pub(crate) struct CommonConfig {
    pub(crate) endpoint: Option<String>,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent_suffix: Option<String>,
    /// The caller's HTTP client, built from their `ClientBuilder` with redirects off (or why it could
    /// not be built).
    pub(crate) http_client: Option<std::result::Result<reqwest::Client, String>>,
    pub(crate) max_response_bytes: usize,
    pub(crate) clock: SharedClock,
    /// Build and sign every request, then send nothing ([`Error::DryRun`]).
    pub(crate) dry_run: bool,
}

impl Default for CommonConfig {
    fn default() -> Self {
        Self {
            endpoint: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::standard(),
            user_agent_suffix: None,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            clock: Arc::new(SystemClock),
            dry_run: false,
        }
    }
}

/// The `User-Agent` of every request.
pub(crate) fn user_agent(suffix: Option<&str>) -> String {
    let base = concat!("idc-rust/", env!("CARGO_PKG_VERSION"));
    match suffix {
        Some(s) if !s.is_empty() => format!("{base} {s}"),
        _ => base.to_owned(),
    }
}

/// What this crate requires of every HTTP client: redirects are not followed, and no `Referer` is
/// sent.
pub(crate) fn harden(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
}

impl CommonConfig {
    /// The HTTP client: the caller's, or a new one with rustls and the connect timeout. Neither
    /// follows redirects.
    pub(crate) fn http_client(&self) -> Result<reqwest::Client> {
        match &self.http_client {
            Some(Ok(client)) => Ok(client.clone()),
            Some(Err(message)) => Err(Error::configuration(format!(
                "cannot build the HTTP client given to http_client: {message}"
            ))),
            None => harden(crate::tls::http_client_builder()?)
                .connect_timeout(self.timeouts.connect)
                .user_agent(user_agent(self.user_agent_suffix.as_deref()))
                .build()
                .map_err(|e| Error::configuration(format!("cannot build the HTTP client: {e}"))),
        }
    }
}

/// Checks an endpoint: `https://`, or `http://` to a loopback host only. Returns it without a trailing
/// slash.
pub(crate) fn validate_endpoint(endpoint: &str) -> Result<String> {
    let url = url::Url::parse(endpoint)
        .map_err(|e| Error::configuration(format!("endpoint {endpoint:?} is not a URL: {e}")))?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::configuration(format!(
            "endpoint {endpoint:?} must not have a query or fragment"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::configuration(
            "endpoint must not contain user information",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if url.host().is_some_and(is_loopback) => {}
        "http" => {
            return Err(Error::configuration(format!(
                "endpoint {endpoint:?} uses plain http:// to a non-loopback host; use https:// \
                 (http:// is only allowed for 127.0.0.0/8, ::1 and localhost, e.g. the emulator)"
            )));
        }
        other => {
            return Err(Error::configuration(format!(
                "endpoint {endpoint:?} has scheme {other:?}; use https://"
            )));
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

fn is_loopback(host: url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => IpAddr::V4(ip).is_loopback(),
        url::Host::Ipv6(ip) => IpAddr::V6(ip).is_loopback(),
    }
}

/// The setters every cloud's `ClientBuilder` shares. Expects a `common: CommonConfig` field.
macro_rules! common_builder_methods {
    () => {
        /// Sends requests to this endpoint instead of the region's (`https://`, or `http://` to a
        /// loopback address such as the emulator's).
        pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.common.endpoint = Some(endpoint.into());
            self
        }

        /// Sets the connect, per-attempt and whole-operation timeouts.
        pub fn timeouts(mut self, timeouts: $crate::config::Timeouts) -> Self {
            self.common.timeouts = timeouts;
            self
        }

        /// Sets the retry policy (default: [`RetryPolicy::standard`](crate::retry::RetryPolicy::standard)).
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.common.retry = policy;
            self
        }

        /// Appends `suffix` (e.g. `my-audit-tool/1.2`) to the `User-Agent`.
        pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
            self.common.user_agent_suffix = Some(suffix.into());
            self
        }

        /// Builds the HTTP client from this `reqwest::ClientBuilder` (its own TLS, proxy, pool,
        /// timeout and user agent settings) instead of the default one; start it from
        /// [`tls::http_client_builder`](crate::tls::http_client_builder). The TLS crypto provider is
        /// [installed](crate::tls::ensure_crypto_provider) before it is built. The connect timeout and
        /// user agent of this builder then do not apply.
        ///
        /// Two settings are imposed on it, whatever it says: redirects are not followed
        /// (`redirect(reqwest::redirect::Policy::none())`), and no `Referer` is sent
        /// (`referer(false)`). A redirect of a signed call would carry its credential headers to
        /// wherever the server points; a 3xx answer is the error
        /// [`Error::Redirect`](crate::Error::Redirect) instead. That is why this takes a builder and
        /// not a built `reqwest::Client`, whose redirect policy cannot be checked. A builder that
        /// fails to build makes `build()` fail with a configuration error.
        pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
            self.common.http_client = Some(
                $crate::tls::ensure_crypto_provider()
                    .map_err(|e| e.to_string())
                    .and_then(|()| {
                        $crate::config::harden(builder)
                            .build()
                            .map_err(|e| e.to_string())
                    }),
            );
            self
        }

        /// Caps how many bytes of a response body are read (default
        /// [`DEFAULT_MAX_RESPONSE_BYTES`](crate::config::DEFAULT_MAX_RESPONSE_BYTES), 16 MiB). A
        /// larger page is the error [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge),
        /// refused from its `Content-Length` when it declares one, otherwise once the cap is
        /// reached; of an error response at most
        /// [`MAX_ERROR_BODY_BYTES`](crate::config::MAX_ERROR_BODY_BYTES) are kept.
        pub fn max_response_bytes(mut self, limit: usize) -> Self {
            self.common.max_response_bytes = limit;
            self
        }

        /// Builds and signs each request as usual, then sends nothing: every operation fails with
        /// [`Error::DryRun`](crate::Error::DryRun), holding the request as it would have gone out
        /// (method, URL, headers, body), the values of secret headers (`Authorization`,
        /// `X-Security-Token`, the rest of [`SECRET_HEADERS`](crate::idc_raw::redact::SECRET_HEADERS))
        /// replaced by `***`. Credentials are still resolved (the signature is part of the request);
        /// nothing reaches the network.
        ///
        /// ```
        /// # async fn run() -> idc::Result<()> {
        /// use idc::huawei::{Client, Credentials};
        ///
        /// let client = Client::builder()
        ///     .credentials(Credentials::new("AK", "SK").with_domain_id("domain-1"))
        ///     .dry_run(true)
        ///     .build()?;
        /// let sent = client.list_instances().send().await;
        /// let Err(idc::Error::DryRun(request)) = sent else { panic!("sent") };
        /// assert_eq!(request.method, "GET");
        /// assert!(request.headers.iter().any(|(k, v)| k == "authorization" && v == "***"));
        /// # Ok(())
        /// # }
        /// ```
        pub fn dry_run(mut self, dry_run: bool) -> Self {
            self.common.dry_run = dry_run;
            self
        }

        /// Reads the time from `clock` (signing, SCP version dates). For tests.
        pub fn clock(mut self, clock: $crate::clock::SharedClock) -> Self {
            self.common.clock = clock;
            self
        }
    };
}
pub(crate) use common_builder_methods;

/// The credential setters every cloud's `ClientBuilder` shares. Expects `credentials:
/// Option<SharedCredentialsProvider>` and `env: Option<Arc<dyn Env>>` fields, and the cloud's
/// `Credentials` type in scope.
macro_rules! credentials_builder_methods {
    () => {
        /// Uses these credentials.
        pub fn credentials(mut self, credentials: Credentials) -> Self {
            self.credentials = Some(std::sync::Arc::new(credentials));
            self
        }

        /// Uses this provider, asked before every attempt (so it can refresh temporary credentials).
        pub fn credentials_provider(
            mut self,
            provider: impl $crate::credentials::ProvideCredentials<Credentials = Credentials> + 'static,
        ) -> Self {
            self.credentials = Some(std::sync::Arc::new(provider));
            self
        }

        /// Reads environment variables (credentials, endpoint overrides) from `env` instead of the
        /// process environment.
        pub fn env(mut self, env: impl $crate::credentials::Env + 'static) -> Self {
            self.env = Some(std::sync::Arc::new(env));
            self
        }
    };
}
pub(crate) use credentials_builder_methods;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        assert_eq!(
            validate_endpoint("https://identitycenter.myhuaweicloud.com/").unwrap(),
            "https://identitycenter.myhuaweicloud.com"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:1234",
            "http://localhost:3000",
        ] {
            assert!(validate_endpoint(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn plain_http_elsewhere_and_odd_urls_are_refused() {
        for bad in [
            "http://identitycenter.myhuaweicloud.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "ftp://127.0.0.1",
            "https://h/?x=1",
            "https://user:pw@h",
            "not a url",
        ] {
            let e = validate_endpoint(bad).unwrap_err();
            assert!(matches!(e, Error::Configuration { .. }), "{bad}: {e}");
        }
        let e = validate_endpoint("http://10.0.0.1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("https://"), "{e}");
    }

    #[test]
    fn user_agent_names_the_crate_and_the_suffix() {
        assert!(user_agent(None).starts_with("idc-rust/"));
        assert!(user_agent(Some("audit/1.0")).ends_with(" audit/1.0"));
    }
}
