//! The request hook shared by the generated clients.
//!
//! progenitor calls [`ClientHooks::pre`](progenitor_client::ClientHooks::pre) with the fully built request (final URL, headers and body) and
//! [`ClientHooks::exec`](progenitor_client::ClientHooks::exec) to send it. Every generated `Client` in this crate carries a [`RequestHook`] as its
//! inner value, which:
//!
//! 1. removes the `api-version` header progenitor adds to every request (neither cloud knows it, and it
//!    must not reach a signature);
//! 2. hands the request to a [`SignRequest`] implementation last, once every other header is final;
//! 3. reads every response body itself, chunk by chunk, up to a cap (see [`RequestHook::with_max_response_bytes`],
//!    default [`DEFAULT_MAX_RESPONSE_BYTES`]): a `Content-Length` over the cap is refused before anything is
//!    read, and a body that grows past it (an endless chunked body) is abandoned at the cap. The
//!    generated code then gets the response's status and headers with a body that fails with
//!    [`OversizedResponse`], so the call fails;
//! 4. keeps a copy of any non-2xx response (status, headers, and the first [`MAX_ERROR_BODY_BYTES`] of the
//!    body) so that the caller can report the body as the service sent it, even when it does not match
//!    the documented error schema. That includes 3xx responses: send requests with a `reqwest::Client`
//!    built with `redirect(reqwest::redirect::Policy::none())` (as the `idc` facade does), so that a
//!    redirect reaches the hook instead of being followed with the signed headers.
//!
//! What the generated code cannot carry back (a signing failure's cause, a refused size, the error
//! response as sent) is one [`Outcome`] per exchange, handed to the [`OutcomeReceiver`] of
//! [`RequestHook::reporting`] and taken from it once, after the call:
//!
//! ```no_run
//! # async fn run() {
//! use idc_raw::hooks::{Outcome, RequestHook};
//!
//! let (hook, outcome) = RequestHook::unsigned().reporting();
//! let client = idc_raw::huawei::Client::new("http://127.0.0.1:8080", hook);
//! let result = client.list_instances().send().await;
//! match outcome.take() {
//!     Outcome::ErrorResponse(captured) => println!("HTTP {}: {:?}", captured.status, captured.body),
//!     Outcome::TooLarge(refused) => println!("over {} bytes", refused.limit),
//!     Outcome::SigningFailed(why) => println!("not sent: {why}"),
//!     Outcome::NotSent(request) => println!("dry run: {} {}", request.method, request.url),
//!     Outcome::Success | Outcome::NotAnswered => println!("{:?}", result.map(|r| r.into_inner())),
//! }
//! # }
//! ```
//!
//! The hook is cheap to build: the `idc` facade builds one per attempt, so that each attempt is signed
//! with fresh credentials and a fresh timestamp.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::mpsc;
use std::task::{Context, Poll};

/// The error a [`SignRequest`] implementation returns.
pub type SignRequestError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Signs a request that is about to be sent.
///
/// Called once per attempt, after every other header is set. Implementations add their
/// authentication headers to `request` and must not change its URL or body.
pub trait SignRequest: Send + Sync + fmt::Debug {
    /// Adds the authentication headers to `request`.
    fn sign(&self, request: &mut reqwest::Request) -> Result<(), SignRequestError>;

    /// The secret values this signer holds (secret key, session or auth token), so that a caller can
    /// scrub them from any text a server sends back. The default holds none.
    fn secrets(&self) -> Vec<&str> {
        Vec::new()
    }
}

/// The default cap on a response body read by [`RequestHook`]: 16 MiB, far above any page of the
/// seed operations (a page of 100 items is a few tens of KiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 << 20;

/// How much of a non-2xx response body [`RequestHook`] keeps (at most): 64 KiB. The rest is not read.
pub const MAX_ERROR_BODY_BYTES: usize = 64 << 10;

/// A response whose body was larger than the cap of the [`RequestHook`] that read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OversizedResponse {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The cap, in bytes.
    pub limit: usize,
    /// The `Content-Length` the server declared, when it declared one over the cap (nothing was read).
    pub declared_length: Option<u64>,
}

impl fmt::Display for OversizedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} response body over the cap of {} bytes",
            self.status.as_u16(),
            self.limit
        )?;
        if let Some(length) = self.declared_length {
            write!(f, " (Content-Length {length})")?;
        }
        Ok(())
    }
}

impl std::error::Error for OversizedResponse {}

/// A non-2xx response as it came off the wire, kept by [`RequestHook`].
#[derive(Clone, Debug)]
pub struct CapturedResponse {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw response body: all of it, or its first [`MAX_ERROR_BODY_BYTES`] when `truncated`.
    pub body: bytes::Bytes,
    /// Whether the body was longer than what was kept (the rest was not read).
    pub truncated: bool,
}

/// What one exchange through a [`RequestHook`] came to, beyond what the generated code returns.
#[derive(Clone, Debug, Default)]
pub enum Outcome {
    /// Nothing was answered: the request was never handed to the hook, or sending it failed (the
    /// call's error says why).
    #[default]
    NotAnswered,
    /// The signer refused the request, which was not sent (its message; the call fails with
    /// `Error::Custom("signing failed: ...")`).
    SigningFailed(String),
    /// A 2xx response within the cap, handed to the generated code as received.
    Success,
    /// A 2xx response over the cap: the generated code got a body that fails with this.
    TooLarge(OversizedResponse),
    /// A non-2xx response, as sent (its body cut at [`MAX_ERROR_BODY_BYTES`]); the generated code
    /// got an identical copy to parse.
    ErrorResponse(CapturedResponse),
    /// A hook made [`dry_run`](RequestHook::dry_run) prepared and signed the request, and did not
    /// send it: the request as it would have gone out, secrets redacted (the call fails with
    /// `Error::Custom("signing failed: dry run: not sent")`).
    NotSent(PreparedRequest),
}

/// A request as it would have been sent, kept by a [`RequestHook`] made
/// [`dry_run`](RequestHook::dry_run): the final method, URL, headers and body, signature
/// included, with the value of every secret header ([`SECRET_HEADERS`](crate::redact::SECRET_HEADERS)
/// and any header marked sensitive) replaced by [`REDACTED`](crate::redact::REDACTED), the value of
/// every secret body field ([`SECRET_BODY_FIELDS`](crate::redact::SECRET_BODY_FIELDS)) too (so the
/// body shown is not the one signed), and the signer's secrets scrubbed from everything else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedRequest {
    /// The method (`POST`).
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// The headers in the order they would be sent, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, if the request has one (JSON for every operation of the specs).
    pub body: Option<bytes::Bytes>,
}

impl PreparedRequest {
    /// `request` with its secrets redacted: secret headers whole, `secrets` wherever else they
    /// appear.
    fn redacted(request: &reqwest::Request, secrets: &[&str]) -> Self {
        let text = |t: &str| crate::redact::scrub(t, secrets).into_owned();
        let headers = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let shown =
                    if value.is_sensitive() || crate::redact::is_secret_header(name.as_str()) {
                        crate::redact::REDACTED.to_owned()
                    } else {
                        text(&String::from_utf8_lossy(value.as_bytes()))
                    };
                (name.as_str().to_owned(), shown)
            })
            .collect();
        let body = request.body().and_then(reqwest::Body::as_bytes).map(|b| {
            let b = crate::redact::redact_secret_fields(b).unwrap_or_else(|| b.to_vec());
            crate::redact::scrub_bytes(&b, secrets)
                .map_or_else(|| bytes::Bytes::from(b), bytes::Bytes::from)
        });
        Self {
            method: request.method().as_str().to_owned(),
            url: text(request.url().as_str()),
            headers,
            body,
        }
    }
}

/// The message of the error a [`dry_run`](RequestHook::dry_run) hook stops a request with.
pub const DRY_RUN_MESSAGE: &str = "dry run: not sent";

#[derive(Debug)]
struct DryRunStop;

impl fmt::Display for DryRunStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(DRY_RUN_MESSAGE)
    }
}

impl std::error::Error for DryRunStop {}

/// Where a [`RequestHook`] made [`reporting`](RequestHook::reporting) hands its [`Outcome`].
#[derive(Debug)]
pub struct OutcomeReceiver(mpsc::Receiver<Outcome>);

impl OutcomeReceiver {
    /// The outcome of the hook's last exchange ([`Outcome::NotAnswered`] when there was none).
    /// Taken once: the receiver is consumed.
    pub fn take(self) -> Outcome {
        self.0.try_iter().last().unwrap_or_default()
    }
}

/// The inner value of every generated `Client` in this crate. See the [module docs](self).
#[derive(Clone)]
pub struct RequestHook {
    signer: Option<Arc<dyn SignRequest>>,
    max_response_bytes: usize,
    /// Where each exchange's outcome goes, when someone asked for it.
    outcome: Option<mpsc::Sender<Outcome>>,
    /// Prepare and sign, then stop before sending.
    dry_run: bool,
}

impl Default for RequestHook {
    fn default() -> Self {
        Self {
            signer: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            outcome: None,
            dry_run: false,
        }
    }
}

impl fmt::Debug for RequestHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHook")
            .field("signer", &self.signer)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}

impl RequestHook {
    /// A hook that signs every request with `signer`.
    pub fn signed(signer: Arc<dyn SignRequest>) -> Self {
        Self {
            signer: Some(signer),
            ..Self::default()
        }
    }

    /// Caps how many bytes of a response body are read (default [`DEFAULT_MAX_RESPONSE_BYTES`]). A
    /// larger successful response is not handed to the generated code: the call fails and the
    /// [`Outcome`] says why.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The cap on a response body, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// A hook that sends requests unsigned (for tests against a server that does not check signatures).
    pub fn unsigned() -> Self {
        Self::default()
    }

    /// This hook, handing the [`Outcome`] of each exchange to the returned receiver (build one hook
    /// per call to read one outcome per call).
    pub fn reporting(mut self) -> (Self, OutcomeReceiver) {
        let (sender, receiver) = mpsc::channel();
        self.outcome = Some(sender);
        (self, OutcomeReceiver(receiver))
    }

    /// This hook, preparing and signing each request as usual and then not sending it: the
    /// exchange's [`Outcome`] is [`Outcome::NotSent`] with the request as it would have gone out
    /// (secrets redacted), and the call fails before anything reaches the network.
    pub fn dry_run(mut self) -> Self {
        self.dry_run = true;
        self
    }

    fn report(&self, outcome: Outcome) {
        if let Some(sender) = &self.outcome {
            // The receiver may be gone (a caller not interested any more): nothing to tell.
            let _ = sender.send(outcome);
        }
    }

    /// The secrets of this hook's signer (none when unsigned): what must never reach a log.
    pub fn secrets(&self) -> Vec<&str> {
        self.signer
            .as_deref()
            .map(SignRequest::secrets)
            .unwrap_or_default()
    }

    /// Prepares `request` for the wire: drops progenitor's `api-version` header, then signs. A
    /// [`dry_run`](Self::dry_run) hook then keeps the request and fails with [`DRY_RUN_MESSAGE`],
    /// so that it is never sent.
    pub fn prepare(&self, request: &mut reqwest::Request) -> Result<(), SignRequestError> {
        request.headers_mut().remove("api-version");
        let signed = match &self.signer {
            Some(signer) => signer.sign(request),
            None => Ok(()),
        };
        if let Err(e) = &signed {
            self.report(Outcome::SigningFailed(e.to_string()));
            return signed;
        }
        if self.dry_run {
            let prepared = PreparedRequest::redacted(request, &self.secrets());
            self.report(Outcome::NotSent(prepared));
            return Err(Box::new(DryRunStop));
        }
        signed
    }

    pub(crate) async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        let method = request.method().clone();
        // Whatever a server sends back may echo the signer's secrets: every piece of it that is
        // logged goes through `log_text`, which removes them in any encoding. The URL too: it
        // carries what the server handed out (a next marker) back to it.
        let secrets = self.secrets();
        let url = request.url().clone();
        log_headers("request", request.headers(), &secrets);
        let started = std::time::Instant::now();
        let mut response = match client.execute(request).await {
            Ok(response) => response,
            Err(error) => {
                tracing::debug!(
                    target: "idc::wire",
                    "{method} {} -> failed after {:?}: {}",
                    log_text(url.as_str(), &secrets),
                    started.elapsed(),
                    log_text(&error.to_string(), &secrets)
                );
                return Err(error);
            }
        };
        let status = response.status();
        // One line per attempt (the transport's spans add the operation and the attempt number).
        tracing::debug!(
            target: "idc::wire",
            "{method} {} -> {} in {:?} (request id {})",
            log_text(url.as_str(), &secrets),
            status.as_u16(),
            started.elapsed(),
            response
                .headers()
                .get("x-request-id")
                .map(|v| log_text(&String::from_utf8_lossy(v.as_bytes()), &secrets))
                .unwrap_or_else(|| "-".to_owned())
        );
        log_headers("response", response.headers(), &secrets);
        let version = response.version();
        let headers = response.headers().clone();
        let success = status.is_success();
        // A success is read whole (up to the cap); of an error, only an excerpt is kept.
        let limit = if success {
            self.max_response_bytes
        } else {
            self.max_response_bytes.min(MAX_ERROR_BODY_BYTES)
        };
        let declared = response.content_length();
        let (body, truncated) = match declared {
            Some(length) if success && length > limit as u64 => {
                return Ok(self.refuse(status, version, headers, Some(length)));
            }
            _ => read_capped(&mut response, limit).await?,
        };
        drop(response);
        if success && truncated {
            return Ok(self.refuse(status, version, headers, None));
        }
        if success {
            self.report(Outcome::Success);
        } else {
            // Keep the error response as sent, then hand progenitor an identical copy to parse.
            self.report(Outcome::ErrorResponse(CapturedResponse {
                status,
                headers: headers.clone(),
                body: body.clone(),
                truncated,
            }));
        }
        let mut headers = headers;
        if truncated {
            headers.remove(reqwest::header::CONTENT_LENGTH);
        }
        Ok(rebuild(status, version, headers, body.into()))
    }

    /// Reports an oversized response, and gives progenitor its status and headers with a body
    /// that fails with the same [`OversizedResponse`] when read.
    fn refuse(
        &self,
        status: reqwest::StatusCode,
        version: reqwest::Version,
        mut headers: reqwest::header::HeaderMap,
        declared_length: Option<u64>,
    ) -> reqwest::Response {
        let oversized = OversizedResponse {
            status,
            limit: self.max_response_bytes,
            declared_length,
        };
        self.report(Outcome::TooLarge(oversized.clone()));
        headers.remove(reqwest::header::CONTENT_LENGTH);
        let body = reqwest::Body::wrap(FailingBody(Some(oversized)));
        rebuild(status, version, headers, body)
    }
}

/// A body whose first read fails with the refusal it holds.
struct FailingBody(Option<OversizedResponse>);

impl http_body::Body for FailingBody {
    type Data = bytes::Bytes;
    type Error = OversizedResponse;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Poll::Ready(self.0.take().map(Err))
    }
}

/// Reads `response`'s body chunk by chunk, keeping at most `limit` bytes; `true` when there was more
/// (which is then not read).
async fn read_capped(
    response: &mut reqwest::Response,
    limit: usize,
) -> reqwest::Result<(bytes::Bytes, bool)> {
    let mut body = bytes::BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body.freeze(), true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body.freeze(), false))
}

fn rebuild(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    headers: reqwest::header::HeaderMap,
    body: reqwest::Body,
) -> reqwest::Response {
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}

/// Implements the hook for a generated client (used by the generated `modules.rs`).
macro_rules! impl_request_hook {
    ($client:ty) => {
        impl progenitor_client::ClientHooks<$crate::hooks::RequestHook> for $client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &progenitor_client::OperationInfo,
            ) -> Result<(), progenitor_client::Error<E>> {
                use progenitor_client::ClientInfo as _;
                self.inner()
                    .prepare(request)
                    .map_err(|e| progenitor_client::Error::Custom(format!("signing failed: {e}")))
            }

            async fn exec(
                &self,
                request: reqwest::Request,
                _info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                use progenitor_client::ClientInfo as _;
                self.inner().execute(self.client(), request).await
            }
        }
    };
}
pub(crate) use impl_request_hook;

/// Logs headers at trace level (`-vv` on the command line): secret headers redacted whole, and
/// the client's secrets removed from every other value (a server may echo them in any header).
fn log_headers(what: &str, headers: &reqwest::header::HeaderMap, secrets: &[&str]) {
    if !tracing::enabled!(target: "idc::wire", tracing::Level::TRACE) {
        return;
    }
    for (name, value) in headers {
        let shown = if value.is_sensitive() || crate::redact::is_secret_header(name.as_str()) {
            "<redacted>".to_owned()
        } else {
            log_text(&String::from_utf8_lossy(value.as_bytes()), secrets)
        };
        tracing::trace!(target: "idc::wire", "{what} header {name}: {shown}");
    }
}

/// Server text for a log line: the client's secrets removed (in any encoding), then control
/// characters escaped, so it can neither leak a secret nor forge a line.
fn log_text(text: &str, secrets: &[&str]) -> String {
    crate::redact::scrub(text, secrets)
        .chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_text_scrubs_then_escapes() {
        let secrets = ["TOK+1/x", "SK-1"];
        assert_eq!(
            log_text("rid-TOK%2B1%2Fx\nSK-1\u{1b}", &secrets),
            "rid-***\\n***\\u{1b}"
        );
        assert_eq!(log_text("a\u{1b}[2J\nb", &[]), "a\\u{1b}[2J\\nb");
        assert_eq!(log_text("token=TOK+1/x;", &secrets), "token=***;");
    }

    #[derive(Debug)]
    struct TokenSigner;

    impl SignRequest for TokenSigner {
        fn sign(&self, request: &mut reqwest::Request) -> Result<(), SignRequestError> {
            let headers = request.headers_mut();
            headers.insert("authorization", "SDK-HMAC-SHA256 Signature=abc".parse()?);
            headers.insert("x-security-token", "TOK-1".parse()?);
            headers.insert("x-sdk-date", "20260101T000000Z".parse()?);
            headers.insert("x-echo", "has TOK-1 inside".parse()?);
            Ok(())
        }
        fn secrets(&self) -> Vec<&str> {
            vec!["TOK-1"]
        }
    }

    #[test]
    fn a_dry_run_hook_signs_keeps_the_request_redacted_and_stops() {
        let (hook, outcome) = RequestHook::signed(Arc::new(TokenSigner))
            .dry_run()
            .reporting();
        let mut request = reqwest::Request::new(
            reqwest::Method::POST,
            "http://127.0.0.1:9/v1/x?a=1".parse().unwrap(),
        );
        request
            .headers_mut()
            .insert("api-version", "1".parse().unwrap());
        *request.body_mut() = Some(r#"{"name":"n"}"#.into());
        let err = hook.prepare(&mut request).unwrap_err();
        assert_eq!(err.to_string(), DRY_RUN_MESSAGE);
        let Outcome::NotSent(prepared) = outcome.take() else {
            panic!("not a dry run outcome")
        };
        assert_eq!(prepared.method, "POST");
        assert_eq!(prepared.url, "http://127.0.0.1:9/v1/x?a=1");
        let header = |n: &str| {
            prepared
                .headers
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("authorization"), Some("***"));
        assert_eq!(header("x-security-token"), Some("***"));
        assert_eq!(header("x-sdk-date"), Some("20260101T000000Z"));
        assert_eq!(header("x-echo"), Some("has *** inside"));
        assert_eq!(
            header("api-version"),
            None,
            "progenitor's header is dropped"
        );
        assert_eq!(prepared.body.as_deref(), Some(&br#"{"name":"n"}"#[..]));

        // Without dry_run, the same hook signs and lets the request through.
        let (hook, outcome) = RequestHook::signed(Arc::new(TokenSigner)).reporting();
        hook.prepare(&mut request).unwrap();
        assert!(matches!(outcome.take(), Outcome::NotAnswered));
    }
}
