//! The request hook shared by the generated clients.
//!
//! progenitor calls [`ClientHooks::pre`](progenitor_client::ClientHooks::pre) with the fully built request (final URL, headers and body) and
//! [`ClientHooks::exec`](progenitor_client::ClientHooks::exec) to send it. Every generated `Client` in this crate carries a [`RequestHook`] as its
//! inner value, which:
//!
//! 1. removes the `api-version` header progenitor adds to every request (neither cloud knows it, and it
//!    must not reach a signature);
//! 2. hands the request to a [`SignRequest`] implementation last, once every other header is final;
//! 3. keeps a copy of any non-2xx response (status, headers, raw body) so that the caller can report the
//!    body exactly as the service sent it, even when it does not match the documented error schema.
//!
//! The hook is cheap to build: the `idc` facade builds one per attempt, so that each attempt is signed
//! with fresh credentials and a fresh timestamp.

use std::fmt;
use std::sync::{Arc, Mutex};

/// The error a [`SignRequest`] implementation returns.
pub type SignRequestError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Signs a request that is about to be sent.
///
/// Called once per attempt, after every other header is set. Implementations add their
/// authentication headers to `request` and must not change its URL or body.
pub trait SignRequest: Send + Sync + fmt::Debug {
    /// Adds the authentication headers to `request`.
    fn sign(&self, request: &mut reqwest::Request) -> Result<(), SignRequestError>;
}

/// A non-2xx response as it came off the wire, kept by [`RequestHook`].
#[derive(Clone, Debug)]
pub struct CapturedResponse {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw response body.
    pub body: bytes::Bytes,
}

/// The inner value of every generated `Client` in this crate. See the [module docs](self).
#[derive(Clone, Default)]
pub struct RequestHook {
    signer: Option<Arc<dyn SignRequest>>,
    captured: Arc<Mutex<Option<CapturedResponse>>>,
}

impl fmt::Debug for RequestHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestHook")
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}

impl RequestHook {
    /// A hook that signs every request with `signer`.
    pub fn signed(signer: Arc<dyn SignRequest>) -> Self {
        Self {
            signer: Some(signer),
            captured: Arc::default(),
        }
    }

    /// A hook that sends requests unsigned (for tests against a server that does not check signatures).
    pub fn unsigned() -> Self {
        Self::default()
    }

    /// Takes the last non-2xx response this hook saw, if any.
    pub fn take_captured(&self) -> Option<CapturedResponse> {
        self.captured
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// Prepares `request` for the wire: drops progenitor's `api-version` header, then signs.
    pub fn prepare(&self, request: &mut reqwest::Request) -> Result<(), SignRequestError> {
        request.headers_mut().remove("api-version");
        match &self.signer {
            Some(signer) => signer.sign(request),
            None => Ok(()),
        }
    }

    pub(crate) async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        let response = client.execute(request).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        // Keep the error response as sent, then hand progenitor an identical copy to parse.
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        *self
            .captured
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(CapturedResponse {
            status,
            headers: headers.clone(),
            body: body.clone(),
        });
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(reqwest::Response::from(rebuilt))
    }
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
