//! Running one operation: attempts, timeouts, retries, and turning raw failures into [`Error`]s.
//!
//! Each attempt goes through a fresh [`RequestHook`], built by the cloud's client with freshly resolved
//! credentials, so that every attempt (retries included) is signed with a fresh time. The hook hands
//! back the attempt's one [`Outcome`], taken once after the call: an error response or a refused
//! size becomes the [`Error`]; otherwise the raw client's result is the value or the error.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use idc_raw::hooks::{CapturedResponse, Outcome, RequestHook, SignRequest};
use idc_raw::{Error as RawError, ResponseValue};
use serde_json::Value;
use tracing::Instrument;

use crate::clock::SharedClock;
use crate::config::{CommonConfig, Timeouts};
use crate::error::codes::huawei;
use crate::error::{Cloud, Error, ErrorDetail, Result, ServiceError, TimeoutKind, excerpt};
use crate::retry::{RetryPolicy, RetrySafety, parse_retry_after};

/// What the transport needs to know of an operation: its name (as errors and logs give it) and
/// whether it may be sent again. The generated facade passes one per operation, from its spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Operation {
    pub(crate) name: &'static str,
    pub(crate) retry: RetrySafety,
}

impl Operation {
    /// An operation that may be retried on every retryable failure.
    pub(crate) const fn safe(name: &'static str) -> Self {
        Self {
            name,
            retry: RetrySafety::Safe,
        }
    }

    /// An operation that may not be sent twice; `outcome_read` tells whether it happened.
    pub(crate) const fn unsafe_write(name: &'static str, outcome_read: &'static str) -> Self {
        Self {
            name,
            retry: RetrySafety::Unsafe { outcome_read },
        }
    }
}

/// A generated raw client, built anew for each attempt on a hook that signs it. The generated facade
/// implements it for every spec's client.
pub(crate) trait RawClient {
    /// The client for `base_url`, sending through `http` and `hook`.
    fn with_hook(base_url: &str, http: reqwest::Client, hook: RequestHook) -> Self;
}

/// What a cloud's client needs to run operations.
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    pub(crate) cloud: Cloud,
    /// The service this transport reaches, as errors name it (see [`ServiceError::service`]).
    pub(crate) service: &'static str,
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) clock: SharedClock,
    timeouts: Timeouts,
    /// The connect timeout of the HTTP client, when this crate built it (a caller's client keeps
    /// its own settings, which cannot be read back).
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    /// Sign each request, then stop before sending it ([`Error::DryRun`]).
    dry_run: bool,
}

impl Transport {
    pub(crate) fn new(cloud: Cloud, common: &CommonConfig, base_url: String) -> Result<Self> {
        Ok(Self {
            cloud,
            // Each cloud's first service; a derived client names its own (`with_service`).
            service: match cloud {
                Cloud::Huawei => "Huawei Cloud IAM Identity Center",
                Cloud::Scp => "SCP IAM Identity Center",
            },
            http: common.http_client()?,
            base_url,
            clock: common.clock.clone(),
            timeouts: common.timeouts,
            connect_timeout: common
                .http_client
                .is_none()
                .then_some(common.timeouts.connect()),
            retry: common.retry.clone(),
            max_response_bytes: common.max_response_bytes,
            dry_run: common.dry_run,
        })
    }

    /// Runs `attempt` until it succeeds, fails for good, runs out of attempts or of time. An
    /// operation that may not be sent twice is retried only when its attempt was provably not
    /// sent, or throttled (see [`crate::retry`]).
    async fn call<T, F, Fut>(&self, operation: Operation, attempt: F) -> Result<T>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let name = operation.name;
        let span = tracing::info_span!("idc.operation", cloud = ?self.cloud, operation = name);
        // Whether an attempt is out (and so the operation's timeout may cut it after sending).
        let in_flight = AtomicBool::new(false);
        let attempts = async {
            let mut number = 0;
            loop {
                number += 1;
                let limit = self.timeouts.attempt();
                let this = attempt().instrument(tracing::debug_span!("idc.attempt", number));
                in_flight.store(true, Ordering::Relaxed);
                let result = match tokio::time::timeout(limit, this).await {
                    Ok(result) => result,
                    Err(_) => Err(Error::Timeout {
                        kind: TimeoutKind::Attempt,
                        after: limit,
                    }),
                };
                in_flight.store(false, Ordering::Relaxed);
                match result {
                    Ok(value) => return Ok(value),
                    Err(error)
                        if operation.retry.may_retry(&error)
                            && number < self.retry.max_attempts() =>
                    {
                        let delay = self.retry.delay(number, error.retry_after());
                        tracing::warn!(attempt = number, ?delay, %error, "retrying");
                        tokio::time::sleep(delay).await;
                    }
                    Err(error) => {
                        tracing::debug!(attempt = number, %error, "giving up");
                        return Err(operation.retry.final_error(name, error));
                    }
                }
            }
        };
        let limit = self.timeouts.operation();
        match tokio::time::timeout(limit, attempts).instrument(span).await {
            Ok(result) => result,
            Err(_) => {
                let error = Error::Timeout {
                    kind: TimeoutKind::Operation,
                    after: limit,
                };
                if in_flight.load(Ordering::Relaxed) {
                    Err(operation.retry.final_error(name, error))
                } else {
                    Err(error)
                }
            }
        }
    }

    /// Runs one operation of a generated client: before every attempt, `signer` resolves credentials
    /// into a fresh signer (or `None` for an operation sent unsigned), `raw` builds a generated client on a hook with that signer, and `send`
    /// makes the request with it. The response body is returned; failures become [`Error`]s.
    pub(crate) async fn call_signed<Raw, R, E, S, SFut, F, Fut>(
        &self,
        operation: Operation,
        signer: S,
        send: F,
    ) -> Result<R>
    where
        Raw: RawClient,
        S: Fn() -> SFut,
        SFut: Future<Output = Result<Option<Arc<dyn SignRequest>>>>,
        F: Fn(Raw) -> Fut,
        Fut: Future<Output = std::result::Result<ResponseValue<R>, RawError<E>>>,
    {
        self.call(operation, || async {
            let signer = signer().await?;
            let mut hook = match &signer {
                Some(signer) => RequestHook::signed(signer.clone()),
                // An unauthenticated operation (an SCP service root).
                None => RequestHook::unsigned(),
            }
            .with_max_response_bytes(self.max_response_bytes);
            if self.dry_run {
                hook = hook.dry_run();
            }
            let (hook, outcome) = hook.reporting();
            let client = Raw::with_hook(&self.base_url, self.http.clone(), hook);
            let started = std::time::Instant::now();
            let result = send(client).await;
            let elapsed = started.elapsed();
            let secrets = signer.as_ref().map(|s| s.secrets()).unwrap_or_default();
            // The exchange's one outcome says what the server answered; the generated code's
            // result is the value, or what failed before or around the answer.
            let error = match (outcome.take(), result) {
                (Outcome::NotSent(prepared), _) => return Err(Error::DryRun(Box::new(prepared))),
                (Outcome::TooLarge(oversized), _) => too_large(oversized, operation),
                (Outcome::ErrorResponse(captured), _) => self.error_response(captured),
                (_, Ok(value)) => return Ok(value.into_inner()),
                (_, Err(e)) => self.raw_error(e, elapsed),
            };
            // Whatever the server echoed, no secret of ours leaves this function.
            Err(error.scrub_secrets(&secrets))
        })
        .await
    }

    /// Turns a failed raw call whose exchange the hook did not answer for (the request was not
    /// sent, sending failed, or a 2xx body did not parse) into an [`Error`]. `elapsed` is how long
    /// the attempt took (the limit of a timeout this crate did not set).
    pub(crate) fn raw_error<E>(&self, error: RawError<E>, elapsed: Duration) -> Error {
        use RawError as Raw;
        match error {
            Raw::InvalidRequest(message) => Error::invalid_request(message),
            Raw::CommunicationError(e) | Raw::ResponseBodyError(e) | Raw::InvalidUpgrade(e) => {
                transport_error(e, self.connect_timeout, elapsed)
            }
            Raw::InvalidResponsePayload(body, e) => Error::MalformedResponse {
                status: 200,
                message: e.to_string(),
                body_excerpt: excerpt(&body),
            },
            Raw::ErrorResponse(response) => Error::MalformedResponse {
                status: response.status().as_u16(),
                message: "an error response the client did not keep".to_owned(),
                body_excerpt: String::new(),
            },
            Raw::UnexpectedResponse(response) => Error::MalformedResponse {
                status: response.status().as_u16(),
                message: "an undocumented response".to_owned(),
                body_excerpt: String::new(),
            },
            Raw::Custom(message) => Error::configuration(message),
        }
    }

    /// Classifies a non-2xx response of either cloud.
    pub(crate) fn error_response(&self, captured: CapturedResponse) -> Error {
        let status = captured.status.as_u16();
        let header = |name: &str| {
            captured
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if captured.status.is_redirection() {
            let location = captured
                .headers
                .get(reqwest::header::LOCATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            tracing::debug!(status, "refusing to follow a redirect");
            return Error::Redirect { status, location };
        }
        let mut error = ServiceError {
            cloud: self.cloud,
            service: self.service,
            status,
            code: None,
            message: None,
            request_id: None,
            details: Vec::new(),
            raw_body: captured.body.clone(),
            body_truncated: captured.truncated,
            retry_after: None,
        };
        if let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&captured.body) {
            match self.cloud {
                Cloud::Huawei => read_huawei_body(&body, &mut error),
                Cloud::Scp => read_scp_body(&body, &mut error),
            }
        }
        if error.request_id.is_none() {
            error.request_id = header("x-request-id");
        }
        let code = error.code.clone().unwrap_or_default();
        let code = code.as_str();
        let throttled =
            status == 429 || code == huawei::THROTTLED || code == huawei::THROTTLED_APIGW;
        // `Retry-After` is what a 429 or a 503 means it to be (RFC 9110, 10.2.3); elsewhere it
        // is ignored.
        if throttled || status == 503 {
            error.retry_after = header("retry-after")
                .and_then(|v| parse_retry_after(&v, self.clock.now()))
                .map(|d| d.min(Duration::from_secs(3600)));
        }
        let error = Box::new(error);
        if throttled {
            let retry_after = error.retry_after;
            Error::Throttled { retry_after, error }
        } else if status == 401 || code == huawei::AUTHENTICATION_FAILED {
            Error::Authentication(error)
        } else {
            Error::Service(error)
        }
    }
}

fn too_large(oversized: idc_raw::hooks::OversizedResponse, operation: Operation) -> Error {
    Error::ResponseTooLarge {
        operation: operation.name,
        status: oversized.status.as_u16(),
        limit: oversized.limit,
        declared_length: oversized.declared_length,
    }
}

/// A failure of reqwest as an [`Error`]. A timeout reqwest reports is either the connect timeout
/// (`connect_timeout` when this crate set it) or one of a caller's own HTTP client: the attempt
/// timeout of this crate is a `tokio` timeout around the attempt, which never reaches here. A
/// limit this crate does not know is reported as the time the attempt took, to the millisecond.
fn transport_error(
    error: reqwest::Error,
    connect_timeout: Option<Duration>,
    elapsed: Duration,
) -> Error {
    if error.is_timeout() {
        let measured =
            Duration::from_millis(u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
        return if error.is_connect() {
            Error::Timeout {
                kind: TimeoutKind::Connect,
                after: connect_timeout.unwrap_or(measured),
            }
        } else {
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                after: measured,
            }
        };
    }
    // reqwest's Display omits the cause ("error sending request"); the chain says what happened.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Transport {
        message,
        source: Some(error),
    }
}

fn text(body: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// `{error_code, error_msg, request_id[, encoded_authorization_message]}`.
fn read_huawei_body(body: &serde_json::Map<String, Value>, error: &mut ServiceError) {
    error.code = text(body, "error_code");
    error.message = text(body, "error_msg");
    error.request_id = text(body, "request_id");
}

/// `{"errors": [...]}` from the service, or one of the gateway's shapes.
fn read_scp_body(body: &serde_json::Map<String, Value>, error: &mut ServiceError) {
    if let Some(Value::Array(errors)) = body.get("errors") {
        error.details = errors
            .iter()
            .filter_map(Value::as_object)
            .map(|e| ErrorDetail {
                code: text(e, "code"),
                title: text(e, "title"),
                detail: match e.get("detail") {
                    Some(Value::Array(parts)) => Some(
                        parts
                            .iter()
                            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    _ => text(e, "detail"),
                },
                request_id: text(e, "request_id"),
            })
            .collect();
        if let Some(first) = error.details.first() {
            error.code = first.code.clone();
            error.message = first.detail.clone().or_else(|| first.title.clone());
            error.request_id = first.request_id.clone();
        }
        return;
    }
    // Gateway shapes: {"status": "UNAUTHORIZED", "name", "message"} and Spring's
    // {"timestamp", "path", "status": 404, "error", "requestId"}.
    error.code = text(body, "name").or_else(|| text(body, "error"));
    error.message = text(body, "message").or_else(|| text(body, "error"));
    error.request_id = text(body, "requestId").or_else(|| text(body, "request_id"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn transport(cloud: Cloud) -> Transport {
        Transport::new(cloud, &CommonConfig::default(), "https://x".into()).unwrap()
    }

    fn captured(status: u16, headers: &[(&str, &str)], body: &str) -> CapturedResponse {
        let mut map = reqwest::header::HeaderMap::new();
        for (k, v) in headers {
            map.insert(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                reqwest::header::HeaderValue::from_bytes(v.as_bytes()).unwrap(),
            );
        }
        CapturedResponse {
            status: reqwest::StatusCode::from_u16(status).unwrap(),
            headers: map,
            body: Bytes::copy_from_slice(body.as_bytes()),
            truncated: false,
        }
    }

    #[test]
    fn huawei_bodies_are_classified() {
        let t = transport(Cloud::Huawei);
        let e = t.error_response(captured(
            400,
            &[],
            r#"{"error_code":"IIC.1000","error_msg":"bad","request_id":"r1"}"#,
        ));
        let Error::Service(s) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            (
                s.code.as_deref(),
                s.message.as_deref(),
                s.request_id.as_deref()
            ),
            (Some("IIC.1000"), Some("bad"), Some("r1"))
        );
        assert!(!e.is_retryable());
        assert_eq!(
            e.to_string(),
            "Huawei Cloud IAM Identity Center returned HTTP 400 IIC.1000: bad (request id r1)"
        );

        let e = t.error_response(captured(
            409,
            &[],
            r#"{"error_code":"IIC.1006","error_msg":"conflict"}"#,
        ));
        assert!(e.is_retryable(), "IIC.1006 is retried");

        let e = t.error_response(captured(
            401,
            &[("x-request-id", "hdr")],
            r#"{"error_code":"APIGW.0301","error_msg":"expired"}"#,
        ));
        assert!(matches!(e, Error::Authentication(_)));
        assert_eq!(e.request_id(), Some("hdr"), "request id from the header");

        let e = t.error_response(captured(
            429,
            &[("retry-after", "2")],
            r#"{"error_code":"APIG.0308","error_msg":"slow down"}"#,
        ));
        let Error::Throttled { retry_after, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*retry_after, Some(Duration::from_secs(2)));
        assert!(e.is_retryable());
    }

    #[test]
    fn scp_bodies_of_every_shape_are_read() {
        let t = transport(Cloud::Scp);
        let e = t.error_response(captured(
            400,
            &[],
            r#"{"errors":[{"code":"ValidationError","detail":["Field required","x"],"request_id":"req-1","status":400,"title":"ValidationError"}]}"#,
        ));
        let s = e.service_error().unwrap();
        assert_eq!(s.code.as_deref(), Some("ValidationError"));
        assert_eq!(s.message.as_deref(), Some("Field required; x"));
        assert_eq!(s.request_id.as_deref(), Some("req-1"));
        assert_eq!(s.details.len(), 1);

        let e = t.error_response(captured(
            401,
            &[],
            r#"{"status":"UNAUTHORIZED","name":"Request was rejected by gateway","message":"bad signature"}"#,
        ));
        assert!(matches!(e, Error::Authentication(_)));
        assert_eq!(
            e.service_error().unwrap().message.as_deref(),
            Some("bad signature")
        );

        let e = t.error_response(captured(
            404,
            &[],
            r#"{"timestamp":"t","path":"/x","status":404,"error":"Not Found","requestId":"abc"}"#,
        ));
        assert_eq!(e.request_id(), Some("abc"));

        let html = "<html>oops</html>";
        let e = t.error_response(captured(503, &[], html));
        let s = e.service_error().unwrap();
        assert_eq!(s.body_text(), html, "raw body kept");
        assert!(e.is_retryable());
        assert!(e.to_string().contains("<html>oops</html>"));
    }

    #[test]
    fn a_redirect_is_a_typed_error_that_is_not_retried() {
        let t = transport(Cloud::Huawei);
        let e = t.error_response(captured(
            307,
            &[("location", "http://evil.example/\u{9b}2J")],
            "",
        ));
        let Error::Redirect { status, location } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*status, 307);
        assert_eq!(location.as_deref(), Some("http://evil.example/\u{9b}2J"));
        assert!(!e.is_retryable());
        assert!(e.to_string().contains("HTTP 307"), "{e}");
        assert!(
            e.to_string().contains("<http://evil.example/\\u{9b}2J>"),
            "escaped: {e}"
        );
        assert!(!e.to_string().chars().any(char::is_control), "{e}");

        let e = t.error_response(captured(302, &[], "moved"));
        assert!(e.to_string().contains("no Location header"), "{e}");
    }

    #[test]
    fn server_text_is_escaped_and_secrets_scrubbed() {
        let t = transport(Cloud::Scp);
        let body = r#"{"status":"UNAUTHORIZED","name":"x\u001b[2J","message":"sig wrong for x-auth-token:TOKEN-1 and SK-1\nerror: fake line"}"#;
        let e = t
            .error_response(captured(401, &[("x-request-id", "r\u{85}")], body))
            .scrub_secrets(&["SK-1", "TOKEN-1"]);
        let shown = format!("{e} {e:?}");
        assert!(
            !shown.contains("TOKEN-1") && !shown.contains("SK-1"),
            "{shown}"
        );
        assert!(!e.to_string().chars().any(char::is_control), "{e}");
        assert!(e.to_string().contains("\\nerror: fake line"), "{e}");
        let s = e.service_error().unwrap();
        assert!(!s.body_text().contains("TOKEN-1"), "{}", s.body_text());
        assert!(
            s.body_text().contains("x-auth-token:***"),
            "{}",
            s.body_text()
        );

        // Secrets in a malformed 2xx body excerpt too.
        let e = Error::MalformedResponse {
            status: 200,
            message: "bad SK-1".into(),
            body_excerpt: "{SK-1".into(),
        }
        .scrub_secrets(&["SK-1"]);
        assert!(!format!("{e} {e:?}").contains("SK-1"), "{e:?}");
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        const KEYS: &[&str] = &[
            "error_code",
            "error_msg",
            "request_id",
            "errors",
            "code",
            "title",
            "detail",
            "status",
            "name",
            "message",
            "error",
            "requestId",
            "timestamp",
            "path",
        ];

        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                prop_oneof![
                    "\\PC{0,16}",
                    Just("APIG.0308".to_owned()),
                    Just("\u{1b}[2J".to_owned())
                ]
                .prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 48, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::vec(
                        (
                            prop::sample::select(KEYS.to_vec()).prop_map(str::to_owned),
                            inner
                        ),
                        0..6
                    )
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]

            /// Any status, headers and body: a classified error, no panic, nothing raw shown.
            #[test]
            fn any_error_response_is_classified(
                status in 300u16..600,
                huawei in any::<bool>(),
                body in prop_oneof![
                    json().prop_map(|v| v.to_string().into_bytes()),
                    prop::collection::vec(any::<u8>(), 0..256),
                ],
                retry_after in prop::option::of(prop_oneof![
                    "[0-9]{1,25}",
                    "[ -~]{0,30}",
                    Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
                ]),
                location in prop::option::of("[ -~]{0,40}"),
            ) {
                // Building a transport builds an HTTP client: once per cloud is enough.
                static TRANSPORTS: std::sync::OnceLock<[Transport; 2]> = std::sync::OnceLock::new();
                let [h, s] = TRANSPORTS.get_or_init(|| [transport(Cloud::Huawei), transport(Cloud::Scp)]);
                let t = if huawei { h } else { s };
                let mut headers = vec![];
                if let Some(v) = &retry_after {
                    headers.push(("retry-after", v.as_str()));
                }
                if let Some(v) = &location {
                    headers.push(("location", v.as_str()));
                }
                let mut c = captured(status, &headers, "");
                c.body = Bytes::from(body.clone());
                let e = t.error_response(c).scrub_secrets(&["SECRET-1"]);
                prop_assert!(!e.to_string().chars().any(char::is_control), "{}", e);
                match &e {
                    Error::Redirect { status: s, .. } => prop_assert!((300..400).contains(s)),
                    Error::Throttled { retry_after: Some(d), .. } => {
                        prop_assert!(*d <= Duration::from_secs(3600));
                    }
                    other => {
                        prop_assert!(status >= 400, "{:?}", other);
                        let s = other.service_error().unwrap();
                        prop_assert_eq!(s.status, status);
                        prop_assert_eq!(&s.raw_body[..], &body[..]);
                    }
                }
            }
        }
    }
}
