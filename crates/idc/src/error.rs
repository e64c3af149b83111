//! Errors: one [`Error`] type for every operation of both clouds.
//!
//! Each variant is a different thing a caller may want to do something about:
//!
//! | variant | what happened | retried automatically |
//! | --- | --- | --- |
//! | [`Error::Service`] | the service answered with an error (4xx/5xx) | 500, 502, 503, 504 and Huawei `IIC.1006` |
//! | [`Error::Authentication`] | the signature or credentials were rejected (401, gateway auth codes) | no |
//! | [`Error::Throttled`] | too many requests (429, Huawei `APIG.0308`) | yes, honouring `Retry-After` |
//! | [`Error::Timeout`] | connecting, an attempt or the whole operation ran out of time | connect and attempt timeouts, yes |
//! | [`Error::Transport`] | connecting, sending or reading the response failed | yes |
//! | [`Error::InvalidRequest`] | a parameter was refused before anything was sent | no |
//! | [`Error::DryRun`] | a client built with `dry_run(true)` prepared the request and did not send it | no |
//! | [`Error::MalformedResponse`] | a 2xx response did not parse | no |
//! | [`Error::Redirect`] | the server answered with a redirect (3xx), which is never followed | no |
//! | [`Error::ResponseTooLarge`] | a response body was over the client's cap | no |
//! | [`Error::Pagination`] | the service paged inconsistently (e.g. a repeated marker) | no |
//! | [`Error::UnsupportedApiVersion`] | an SCP API version that cannot be used | no |
//! | [`Error::Credentials`] | no usable credentials | no |
//! | [`Error::Configuration`] | a client setting is wrong | no |
//! | [`Error::OutcomeUnknown`] | a write that may not be repeated failed after it may have reached the service | no (see [`crate::retry`]) |
//! | [`Error::WaitFailed`] | an asynchronous operation ended with a failure status | no |
//! | [`Error::WaitTimedOut`] | an asynchronous operation did not finish within the wait's limit | no |
//!
//! Text that came from the server (messages, codes, request ids, body excerpts, a `Location`) is
//! shown with terminal control characters escaped (see [`crate::text`]), and any secret the client
//! holds (secret key, security or auth token) is replaced by `***` wherever the server echoed it, so
//! an error can be printed and logged as it is.
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
use crate::text::{escape_control, scrub, scrub_bytes};
pub use idc_raw::hooks::PreparedRequest;

/// The error codes the clouds are known to send, to compare with [`Error::code`].
pub mod codes {
    /// Huawei Cloud: the service's `IIC.*` codes and the API gateway's `APIG*` codes.
    pub mod huawei {
        /// A parameter is invalid.
        pub const INVALID_PARAMETER: &str = "IIC.1000";
        /// A concurrent change conflicted; retried automatically.
        pub const CONFLICT: &str = "IIC.1006";
        /// The caller is not allowed (not the management account nor a delegated administrator).
        pub const FORBIDDEN: &str = "IIC.1100";
        /// The gateway refused the credentials or the signature.
        pub const AUTHENTICATION_FAILED: &str = "APIGW.0301";
        /// The API does not exist at this endpoint.
        pub const API_NOT_FOUND: &str = "APIGW.0101";
        /// Too many requests; retried automatically, honouring `Retry-After`.
        pub const THROTTLED: &str = "APIG.0308";
        /// [`THROTTLED`] as some gateways spell it.
        pub const THROTTLED_APIGW: &str = "APIGW.0308";

        /// 404: the instance does not exist (IdentityCenter operations).
        pub const INSTANCE_NOT_FOUND: &str = "IIC.1007";
        /// 404: the permission set does not exist in the instance.
        pub const PERMISSION_SET_NOT_FOUND: &str = "IIC.1008";
        /// 404: the application does not exist in the instance.
        pub const APPLICATION_NOT_FOUND: &str = "IIC.1009";
        /// 404: the principal (user or group) does not exist in the instance's identity store.
        pub const PRINCIPAL_NOT_FOUND: &str = "IIC.1010";
        /// 404: the account does not exist in the organization (IdentityCenter operations).
        pub const ACCOUNT_NOT_FOUND: &str = "IIC.1011";
        /// 404: the identity store does not exist (IdentityStore operations).
        pub const IDENTITY_STORE_NOT_FOUND: &str = "IDS.1001";
        /// 404: the user does not exist in the identity store.
        pub const USER_NOT_FOUND: &str = "IDS.1002";
        /// 404: the group does not exist in the identity store.
        pub const GROUP_NOT_FOUND: &str = "IDS.1003";
        /// 404: the account does not exist (Organizations `ShowAccount`).
        pub const ORGANIZATIONS_ACCOUNT_NOT_FOUND: &str = "Organizations.1003";

        /// Every code above that says a resource does not exist, for
        /// [`Error::is_not_found`](crate::Error::is_not_found).
        pub const NOT_FOUND: &[&str] = &[
            INSTANCE_NOT_FOUND,
            PERMISSION_SET_NOT_FOUND,
            APPLICATION_NOT_FOUND,
            PRINCIPAL_NOT_FOUND,
            ACCOUNT_NOT_FOUND,
            IDENTITY_STORE_NOT_FOUND,
            USER_NOT_FOUND,
            GROUP_NOT_FOUND,
            ORGANIZATIONS_ACCOUNT_NOT_FOUND,
        ];
    }

    /// Samsung Cloud Platform: the service's `errors[].code` values.
    pub mod scp {
        /// A parameter is invalid or missing.
        pub const VALIDATION_ERROR: &str = "ValidationError";
        /// The asked API version cannot be served.
        pub const UNSUPPORTED_API_VERSION: &str = "UnsupportedApiVersion";
        /// 404: the instance, user, group, permission set or account does not exist.
        pub const NOT_FOUND: &str = "NotFound";
    }
}

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
    #[error("invalid request: {}", escape_control(.message))]
    InvalidRequest {
        /// What is wrong with it.
        message: String,
    },

    /// The client was built with `dry_run(true)`: the request was prepared and signed, and not
    /// sent. It is kept as it would have gone out, the values of secret headers replaced by `***`.
    #[error("dry run: {} {} was not sent", .0.method, escape_control(&.0.url))]
    DryRun(Box<PreparedRequest>),

    /// A successful response that could not be parsed.
    #[error("malformed response (HTTP {status}): {}; body starts with: {body_excerpt:?}", escape_control(.message))]
    MalformedResponse {
        /// The HTTP status.
        status: u16,
        /// The parse error.
        message: String,
        /// The first bytes of the body, lossily decoded.
        body_excerpt: String,
    },

    /// The server answered with a redirect. Signed API calls are never redirected by the gateways, so
    /// the client does not follow it: nothing further was sent, to that location or anywhere else.
    #[error("the server answered HTTP {status} redirecting to {}; redirects are not followed (nothing was sent there)", location_text(.location.as_deref()))]
    Redirect {
        /// The HTTP status (300 to 399).
        status: u16,
        /// The `Location` header as received (lossily decoded), when there was one.
        location: Option<String>,
    },

    /// A response body was larger than the client's cap (`max_response_bytes` on the client
    /// builders); it was not read beyond the cap.
    #[error("the response of {operation} (HTTP {status}) is larger than the limit of {limit} bytes{}", declared_hint(*.declared_length))]
    ResponseTooLarge {
        /// The operation whose response it was (`ListGroups`).
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The cap, in bytes.
        limit: usize,
        /// The `Content-Length` the server declared, when it declared one over the cap.
        declared_length: Option<u64>,
    },

    /// The service paged inconsistently; stopping is safer than returning duplicated or missing items.
    #[error("pagination stopped: {}", escape_control(.message))]
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

    /// A write that may not be sent twice (a create: see [`crate::retry`]) failed after it may
    /// have reached the service: an attempt timed out, the connection broke after sending, or the
    /// service failed (5xx). It may or may not have happened, and it was not sent again; `read`
    /// tells which.
    #[error(
        "the outcome of {operation} is unknown (it may or may not have happened, and it was not sent again; call {read} to find out): {source}"
    )]
    OutcomeUnknown {
        /// The operation (`CreateAccountAssignment`).
        operation: &'static str,
        /// The read that tells whether it happened (`ListAccountAssignments`, or the operation's
        /// status read).
        read: &'static str,
        /// What failed.
        #[source]
        source: Box<Error>,
    },

    /// An asynchronous operation ended with a failure status (see [`crate::wait`]).
    #[error("{operation} {} failed with status {}{}", escape_control(.request_id), escape_control(.status), reason_text(.reason.as_deref()))]
    WaitFailed {
        /// The status operation that was polled (`DescribeAccountAssignmentCreationStatus`).
        operation: &'static str,
        /// The id of the asynchronous request.
        request_id: String,
        /// The failure status (`FAILED`).
        status: String,
        /// Why it failed, when the service said.
        reason: Option<String>,
    },

    /// An asynchronous operation did not finish within the wait's limit (see [`crate::wait`]). It
    /// may still finish: wait again on its request id.
    #[error("gave up waiting on {operation} {} after {waited:?}: {}", escape_control(.request_id), last_status_text(.last_status.as_deref()))]
    WaitTimedOut {
        /// The status operation that was polled (`DescribeAccountAssignmentCreationStatus`).
        operation: &'static str,
        /// The id of the asynchronous request.
        request_id: String,
        /// The last status seen, if a poll answered.
        last_status: Option<String>,
        /// How long it waited.
        waited: Duration,
    },
}

fn reason_text(reason: Option<&str>) -> String {
    reason.map_or_else(String::new, |r| format!(": {}", escape_control(r)))
}

fn last_status_text(status: Option<&str>) -> String {
    status.map_or_else(
        || "no status was read".to_owned(),
        |s| format!("the last status was {}", escape_control(s)),
    )
}

fn location_text(location: Option<&str>) -> String {
    location.map_or_else(
        || "nowhere (no Location header)".to_owned(),
        |l| format!("<{}>", escape_control(l)),
    )
}

fn declared_hint(declared: Option<u64>) -> String {
    declared.map_or_else(String::new, |d| format!(" (it declared {d} bytes)"))
}

fn retry_after_hint(retry_after: Option<Duration>) -> String {
    retry_after.map_or_else(String::new, |d| format!("; retry after {d:?}"))
}

/// What timed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (it is retried).
    Connect,
    /// One attempt (it is retried): the client's attempt timeout, or a timeout of a caller's own
    /// HTTP client (`http_client`), whose limit is then reported as the time the attempt took.
    Attempt,
    /// The whole operation, retries included.
    Operation,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connecting",
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
    /// Which service answered, as messages name it: `Huawei Cloud IAM Identity Center`,
    /// `Huawei Cloud IdentityStore`, `Huawei Cloud Organizations`, `SCP IAM Identity Center` or
    /// `SCP Organization`.
    pub service: &'static str,
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
    /// The body as received (its first 64 KiB at most: see `body_truncated`), with any secret the
    /// client holds replaced by `***`.
    pub raw_body: Bytes,
    /// Whether the body was longer than `raw_body` (the rest was not read).
    pub body_truncated: bool,
    /// How long the service asked to wait before trying again (`Retry-After`, at most an hour),
    /// read from the answers that honour it: HTTP 429 (and Huawei's throttling codes) and 503.
    pub retry_after: Option<Duration>,
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
            .field("service", &self.service)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("details", &self.details)
            .field("raw_body", &excerpt(&self.raw_body))
            .field("body_truncated", &self.body_truncated)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every piece of server text is escaped: it may carry terminal escapes or newlines.
        write!(f, "{} returned HTTP {}", self.service, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {}", escape_control(code))?;
        }
        match (&self.message, self.details.first()) {
            (Some(message), _) => write!(f, ": {}", escape_control(message))?,
            (None, Some(detail)) => {
                if let Some(text) = detail.detail.as_ref().or(detail.title.as_ref()) {
                    write!(f, ": {}", escape_control(text))?;
                }
            }
            (None, None) if !self.raw_body.is_empty() => {
                write!(f, ": {}", escape_control(&excerpt(&self.raw_body)))?;
            }
            _ => {}
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", escape_control(id))?;
        }
        Ok(())
    }
}

impl ServiceError {
    /// Replaces every secret of `secrets` wherever the server's text holds it.
    pub(crate) fn scrub_secrets(&mut self, secrets: &[&str]) {
        let fix = |field: &mut Option<String>| {
            if let Some(text) = field {
                *text = scrub(text, secrets);
            }
        };
        fix(&mut self.code);
        fix(&mut self.message);
        fix(&mut self.request_id);
        for detail in &mut self.details {
            fix(&mut detail.code);
            fix(&mut detail.title);
            fix(&mut detail.detail);
            fix(&mut detail.request_id);
        }
        if let Some(body) = scrub_bytes(&self.raw_body, secrets) {
            self.raw_body = Bytes::from(body);
        }
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
    /// Whether retrying the same request may succeed: transport errors, connect and attempt
    /// timeouts, throttling,
    /// HTTP 500/502/503/504 and Huawei's `IIC.1006` (a concurrency conflict).
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Throttled { .. } => true,
            Self::Timeout { kind, .. } => *kind != TimeoutKind::Operation,
            Self::Service(e) => {
                matches!(e.status, 500 | 502 | 503 | 504)
                    || e.code.as_deref() == Some(codes::huawei::CONFLICT)
            }
            _ => false,
        }
    }

    /// Whether the request of a failed attempt provably never reached the service: connecting
    /// failed (refused, unreachable, the TLS handshake, the connect timeout), so nothing was
    /// sent.
    pub(crate) fn was_not_sent(&self) -> bool {
        match self {
            Self::Timeout { kind, .. } => *kind == TimeoutKind::Connect,
            Self::Transport { source, .. } => {
                source.as_ref().is_some_and(reqwest::Error::is_connect)
            }
            _ => false,
        }
    }

    /// Whether the service said that what was asked for does not exist: HTTP 404 with one of the
    /// not-found codes ([`codes::huawei::NOT_FOUND`], [`codes::scp::NOT_FOUND`]) or with no code
    /// at all. A 404 of the gateway saying the API itself does not exist at this endpoint
    /// ([`codes::huawei::API_NOT_FOUND`]: a wrong endpoint) is not one.
    ///
    /// ```
    /// # async fn run(client: idc::huawei::Client) -> idc::Result<()> {
    /// let found = client
    ///     .describe_permission_set()
    ///     .instance_id("ins-36218e5b4c2c4c4d")
    ///     .permission_set_id("ps-0000000000000000")
    ///     .send()
    ///     .await;
    /// match found {
    ///     Ok(set) => println!("{:?}", set.permission_set),
    ///     Err(e) if e.is_not_found() => println!("no such permission set"),
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn is_not_found(&self) -> bool {
        let Self::Service(e) = self else {
            return false;
        };
        match e.code.as_deref() {
            Some(code)
                if codes::huawei::NOT_FOUND.contains(&code) || code == codes::scp::NOT_FOUND =>
            {
                true
            }
            Some(codes::huawei::API_NOT_FOUND) => false,
            _ => e.status == 404,
        }
    }

    /// How long the service asked to wait before trying again (`Retry-After`), for the answers
    /// that honour it: HTTP 429 and Huawei's throttling codes ([`Error::Throttled`]) and HTTP 503.
    /// Retries wait that long (at most the policy's maximum backoff) instead of their jittered
    /// backoff.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Throttled { retry_after, .. } => *retry_after,
            Self::Service(e) => e.retry_after,
            _ => None,
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

    /// The service's error code (`IIC.1000`, `APIGW.0301`, `ValidationError`, ...), when the
    /// service answered with one. Compare it with the constants of [`codes`].
    ///
    /// ```
    /// # fn handle(e: &idc::Error) {
    /// if e.code() == Some(idc::error::codes::huawei::THROTTLED) {
    ///     // back off
    /// }
    /// # }
    /// ```
    pub fn code(&self) -> Option<&str> {
        self.service_error().and_then(|e| e.code.as_deref())
    }

    /// The service's error message, when it sent one.
    pub fn message(&self) -> Option<&str> {
        self.service_error().and_then(|e| e.message.as_deref())
    }

    /// The HTTP status of the answer, for the errors that came with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::MalformedResponse { status, .. } => Some(*status),
            other => other.service_error().map(|e| e.status),
        }
    }

    /// This error with every secret of `secrets` replaced by `***` in the text that came from the
    /// server.
    pub(crate) fn scrub_secrets(mut self, secrets: &[&str]) -> Self {
        if secrets.iter().all(|s| s.is_empty()) {
            return self;
        }
        match &mut self {
            Self::Service(e) | Self::Authentication(e) | Self::Throttled { error: e, .. } => {
                e.scrub_secrets(secrets);
            }
            Self::MalformedResponse {
                message,
                body_excerpt,
                ..
            } => {
                *message = scrub(message, secrets);
                *body_excerpt = scrub(body_excerpt, secrets);
            }
            Self::Redirect {
                location: Some(location),
                ..
            } => *location = scrub(location, secrets),
            Self::Transport { message, .. } => *message = scrub(message, secrets),
            _ => {}
        }
        self
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
