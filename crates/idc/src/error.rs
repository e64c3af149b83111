//! Errors: one [`Error`] type for every operation of both clouds.
//!
//! Each variant is a different thing a caller may want to do something about:
//!
//! | variant | what happened | retried automatically |
//! | --- | --- | --- |
//! | [`Error::Service`] | the service answered with an error (4xx/5xx) | 500, 502, 503, 504 and Huawei `IIC.1006` |
//! | [`Error::Authentication`] | the signature or credentials were rejected (401, gateway auth codes) | no |
//! | [`Error::Throttled`] | too many requests (429, Huawei `APIG.0308`) | yes, honouring `Retry-After` |
//! | [`Error::Timeout`] | an attempt or the whole operation ran out of time | an attempt's timeout, yes |
//! | [`Error::Transport`] | connecting, sending or reading the response failed | yes |
//! | [`Error::InvalidRequest`] | a parameter was refused before anything was sent | no |
//! | [`Error::MalformedResponse`] | a 2xx response did not parse | no |
//! | [`Error::Pagination`] | the service paged inconsistently (e.g. a repeated marker) | no |
//! | [`Error::UnsupportedApiVersion`] | an SCP API version that cannot be used | no |
//! | [`Error::Credentials`] | no usable credentials | no |
//! | [`Error::Configuration`] | a client setting is wrong | no |
//!
//! ```
//! # async fn run(client: idc::huawei::Client) {
//! use idc::Error;
//!
//! match client
//!     .list_account_assignments_for_principal()
//!     .instance_id("ins-1")
//!     .principal_id("user-1")
//!     .principal_type(idc::PrincipalType::User)
//!     .send()
//!     .await
//! {
//!     Ok(page) => println!("{} assignments", page.items.len()),
//!     Err(Error::Service(e)) if e.status == 403 => eprintln!("not allowed: {e}"),
//!     Err(e) => eprintln!("failed (retryable: {}): {e}", e.is_retryable()),
//! }
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::credentials::CredentialsError;

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Which cloud an error came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cloud {
    /// Huawei Cloud IAM Identity Center.
    Huawei,
    /// Samsung Cloud Platform IAM Identity Center.
    Scp,
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Huawei => "Huawei Cloud IAM Identity Center",
            Self::Scp => "SCP IAM Identity Center",
        })
    }
}

/// Everything that can go wrong calling IAM Identity Center.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error.
    #[error("{0}")]
    Service(Box<ServiceError>),

    /// The service (or its gateway) rejected the credentials or the signature.
    #[error("authentication failed: {0}; check the access key, secret key and clock")]
    Authentication(Box<ServiceError>),

    /// The service asked the client to slow down.
    #[error("throttled: {error}{}", retry_after_hint(*.retry_after))]
    Throttled {
        /// How long the service asked to wait, from `Retry-After`.
        retry_after: Option<Duration>,
        /// The response.
        error: Box<ServiceError>,
    },

    /// An attempt, or the whole operation, took too long.
    #[error("{kind} timed out after {after:?}")]
    Timeout {
        /// What timed out.
        kind: TimeoutKind,
        /// The limit that was reached.
        after: Duration,
    },

    /// The request could not be sent or the response could not be read.
    #[error("transport error: {message}")]
    Transport {
        /// What failed.
        message: String,
        /// The underlying error.
        #[source]
        source: Option<reqwest::Error>,
    },

    /// A parameter was refused before anything was sent.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What is wrong with it.
        message: String,
    },

    /// A successful response that could not be parsed.
    #[error("malformed response (HTTP {status}): {message}; body starts with: {body_excerpt:?}")]
    MalformedResponse {
        /// The HTTP status.
        status: u16,
        /// The parse error.
        message: String,
        /// The first bytes of the body, lossily decoded.
        body_excerpt: String,
    },

    /// The service paged inconsistently; stopping is safer than returning duplicated or missing items.
    #[error("pagination stopped: {message}")]
    Pagination {
        /// What was inconsistent.
        message: String,
    },

    /// An SCP API version that cannot be used.
    #[error("SCP API version {version} cannot be used: {reason}")]
    UnsupportedApiVersion {
        /// The version, as `x.y`.
        version: String,
        /// Why.
        reason: String,
    },

    /// No usable credentials.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),

    /// A client setting is wrong.
    #[error("configuration error: {message}")]
    Configuration {
        /// What is wrong, and how to fix it.
        message: String,
    },
}

fn retry_after_hint(retry_after: Option<Duration>) -> String {
    retry_after.map_or_else(String::new, |d| format!("; retry after {d:?}"))
}

/// What timed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// One attempt (it is retried).
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Attempt => "the attempt",
            Self::Operation => "the operation",
        })
    }
}

/// An error response, as parsed from either cloud's error body shapes. The raw body is always kept.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ServiceError {
    /// Which cloud answered.
    pub cloud: Cloud,
    /// The HTTP status.
    pub status: u16,
    /// The error code (`IIC.1000`, `APIGW.0301`, `ValidationError`, ...), when the body has one.
    pub code: Option<String>,
    /// The error message, when the body has one.
    pub message: Option<String>,
    /// The request id, from the body or the `X-Request-Id` header.
    pub request_id: Option<String>,
    /// SCP's `errors[]`, when present.
    pub details: Vec<ErrorDetail>,
    /// The body exactly as received.
    pub raw_body: Bytes,
}

/// One entry of an SCP `errors[]` body.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// `code`.
    pub code: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `detail`, a string or a list joined with `; `.
    pub detail: Option<String>,
    /// `request_id`.
    pub request_id: Option<String>,
}

impl ServiceError {
    /// The raw body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.raw_body).into_owned()
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("cloud", &self.cloud)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("details", &self.details)
            .field("raw_body", &excerpt(&self.raw_body))
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} returned HTTP {}", self.cloud, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        match (&self.message, self.details.first()) {
            (Some(message), _) => write!(f, ": {message}")?,
            (None, Some(detail)) => {
                if let Some(text) = detail.detail.as_ref().or(detail.title.as_ref()) {
                    write!(f, ": {text}")?;
                }
            }
            (None, None) if !self.raw_body.is_empty() => {
                write!(f, ": {}", excerpt(&self.raw_body))?;
            }
            _ => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// The first 200 characters of a body, lossily decoded.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.into_owned(),
    }
}

impl Error {
    /// Whether retrying the same request may succeed: transport errors, attempt timeouts, throttling,
    /// HTTP 500/502/503/504 and Huawei's `IIC.1006` (a concurrency conflict).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Throttled { .. } => true,
            Self::Timeout { kind, .. } => *kind == TimeoutKind::Attempt,
            Self::Service(e) => {
                matches!(e.status, 500 | 502 | 503 | 504) || e.code.as_deref() == Some("IIC.1006")
            }
            _ => false,
        }
    }

    /// The service's answer, for the variants that have one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Self::Service(e) | Self::Authentication(e) => Some(e),
            Self::Throttled { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The request id of the failed request, when the service gave one.
    pub fn request_id(&self) -> Option<&str> {
        self.service_error().and_then(|e| e.request_id.as_deref())
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Self::InvalidRequest {
            message: message.into(),
        }
    }

    pub(crate) fn configuration(message: impl Into<String>) -> Self {
        Self::Configuration {
            message: message.into(),
        }
    }

    pub(crate) fn pagination(message: impl Into<String>) -> Self {
        Self::Pagination {
            message: message.into(),
        }
    }
}
