//! Samsung Cloud Platform's `Scp-Signature` request signing.
//!
//! The signed message is a plain concatenation, with no separators and no canonicalisation:
//!
//! ```text
//! message   = METHOD + URL + TIMESTAMP_MS + ACCESS_KEY + ACCOUNT_ID + "Openapi"
//! signature = base64_standard_padded(HMAC-SHA256(key = secret key bytes, message))
//! ```
//!
//! - `URL` is the full URL exactly as sent (`https://host/v1/path?query`). Since nothing is canonicalised,
//!   the bytes signed must be the bytes sent: [`sign_request`] signs `request.url().as_str()`, the very
//!   string reqwest puts on the wire.
//! - `TIMESTAMP_MS` is Unix time in milliseconds ([`timestamp_ms`]), also sent as `Scp-Timestamp`.
//! - `ACCOUNT_ID` is empty unless `Scp-AccountId` is sent.
//! - Neither the body nor the other headers are signed.
//!
//! The request then carries `Scp-Accesskey`, `Scp-Signature`, `Scp-Timestamp`, `Scp-ClientType: Openapi`,
//! `Accept-Language`, and optionally `Scp-AccountId` and `X-Auth-Token`.
//!
//! # Example
//!
//! ```
//! use idc::scp::signing;
//!
//! let url = "https://iam.e.samsungsdscloud.com/v1/endpoints";
//! let message = signing::string_to_sign("GET", url, "1605290625682", "test-access-key", "acct-123");
//! assert_eq!(
//!     message,
//!     "GEThttps://iam.e.samsungsdscloud.com/v1/endpoints1605290625682test-access-keyacct-123Openapi"
//! );
//! assert_eq!(
//!     signing::signature(b"test-secret-key", &message),
//!     "szPiSW7IZzOaWFDGgaDSAqCVFm+rkDt0h38BQxVE9SY="
//! );
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderName, HeaderValue};
use sha2::Sha256;

use super::credentials::Credentials;
use crate::clock::SharedClock;

/// The client type, last part of the signed message and value of `Scp-ClientType`.
pub const CLIENT_TYPE: &str = "Openapi";

/// The `Accept-Language` a [`Signer`] sends unless told otherwise (the service also knows `ko-KR`).
pub const DEFAULT_LANGUAGE: &str = "en-US";

/// The header carrying the access key.
pub const HEADER_ACCESS_KEY: &str = "scp-accesskey";
/// The header carrying the signature.
pub const HEADER_SIGNATURE: &str = "scp-signature";
/// The header carrying the timestamp in milliseconds.
pub const HEADER_TIMESTAMP: &str = "scp-timestamp";
/// The header carrying the client type.
pub const HEADER_CLIENT_TYPE: &str = "scp-clienttype";
/// The header carrying the optional account id.
pub const HEADER_ACCOUNT_ID: &str = "scp-accountid";
/// The header carrying the optional auth token.
pub const HEADER_AUTH_TOKEN: &str = "x-auth-token";

/// Why a request could not be signed. Messages never contain a secret, a token or a signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// A value (from the credentials or the caller) is not a valid HTTP header value.
    #[error(
        "the value of header {name} cannot be sent: it contains characters not allowed in HTTP headers"
    )]
    InvalidHeaderValue {
        /// The header.
        name: &'static str,
    },
}

/// The message to sign: the plain concatenation of `method`, `url`, `timestamp_ms`, `access_key`,
/// `account_id` (empty when none is sent) and [`CLIENT_TYPE`].
///
/// ```
/// use idc::scp::signing::string_to_sign;
///
/// assert_eq!(string_to_sign("GET", "https://h/v1/x?a=1", "42", "ak", ""), "GEThttps://h/v1/x?a=142akOpenapi");
/// ```
pub fn string_to_sign(
    method: &str,
    url: &str,
    timestamp_ms: &str,
    access_key: &str,
    account_id: &str,
) -> String {
    let mut out = String::with_capacity(
        method.len()
            + url.len()
            + timestamp_ms.len()
            + access_key.len()
            + account_id.len()
            + CLIENT_TYPE.len(),
    );
    out.push_str(method);
    out.push_str(url);
    out.push_str(timestamp_ms);
    out.push_str(access_key);
    out.push_str(account_id);
    out.push_str(CLIENT_TYPE);
    out
}

/// The signature: standard padded base64 of HMAC-SHA256 keyed with the secret key bytes.
///
/// ```
/// use idc::scp::signing::signature;
///
/// assert_eq!(signature(b"key", "message").len(), 44);
/// ```
pub fn signature(secret_key: &[u8], string_to_sign: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret_key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(string_to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `t` as Unix time in milliseconds, in decimal (`"0"` for times before 1970).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use idc::scp::signing::timestamp_ms;
///
/// assert_eq!(timestamp_ms(UNIX_EPOCH + Duration::from_micros(1_605_290_625_682_999)), "1605290625682");
/// ```
pub fn timestamp_ms(t: SystemTime) -> String {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
        .to_string()
}

fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, SigningError> {
    HeaderValue::from_str(value).map_err(|_| SigningError::InvalidHeaderValue { name })
}

/// Signs `request` in place at time `now`.
///
/// Signs `request.url().as_str()` exactly, and sets `Scp-Accesskey`, `Scp-Signature`, `Scp-Timestamp` and
/// `Scp-ClientType` (replacing previous values, so signing again gives a fresh timestamp and signature),
/// `Accept-Language: <language>` unless the request already has an `Accept-Language`, `X-Auth-Token` when
/// the credentials have a token, and `Scp-AccountId` when they have an account id. When the credentials
/// have no account id but the request already carries `Scp-AccountId`, that value is signed.
///
/// The URL and method must not change afterwards; headers other than these are not signed.
///
/// # Errors
///
/// [`SigningError::InvalidHeaderValue`] when the access key, token, account id or language cannot be a
/// header value.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use idc::scp::{signing, Credentials};
///
/// let mut request = reqwest::Request::new(
///     reqwest::Method::GET,
///     "https://iam.e.samsungsdscloud.com/v1/endpoints".parse().unwrap(),
/// );
/// let credentials = Credentials::new("test-access-key", "test-secret-key").with_account_id("acct-123");
/// let now = UNIX_EPOCH + Duration::from_millis(1_605_290_625_682);
/// signing::sign_request(&mut request, &credentials, now, "en-US").unwrap();
/// assert_eq!(request.headers()["scp-timestamp"], "1605290625682");
/// assert_eq!(request.headers()["scp-signature"], "szPiSW7IZzOaWFDGgaDSAqCVFm+rkDt0h38BQxVE9SY=");
/// ```
pub fn sign_request(
    request: &mut reqwest::Request,
    credentials: &Credentials,
    now: SystemTime,
    language: &str,
) -> Result<(), SigningError> {
    let timestamp = timestamp_ms(now);
    let account_id_header = HeaderName::from_static(HEADER_ACCOUNT_ID);

    let access_key = header_value("Scp-Accesskey", credentials.access_key())?;
    let account_id = match credentials.account_id() {
        Some(id) => Some(header_value("Scp-AccountId", id)?),
        None => None,
    };
    let auth_token = match credentials.auth_token() {
        Some(token) => {
            let mut value = header_value("X-Auth-Token", token.expose_secret())?;
            value.set_sensitive(true);
            Some(value)
        }
        None => None,
    };

    let signed_account_id: &str = match credentials.account_id() {
        Some(id) => id,
        None => request
            .headers()
            .get(&account_id_header)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    };
    let message = string_to_sign(
        request.method().as_str(),
        request.url().as_str(),
        &timestamp,
        credentials.access_key(),
        signed_account_id,
    );
    let signature = signature(
        credentials.secret_key().expose_secret().as_bytes(),
        &message,
    );
    tracing::debug!(
        access_key = credentials.access_key(),
        account_id = signed_account_id,
        timestamp_ms = %timestamp,
        "signed request with Scp-Signature"
    );

    let mut signature =
        HeaderValue::try_from(signature).map_err(|_| SigningError::InvalidHeaderValue {
            name: "Scp-Signature",
        })?;
    signature.set_sensitive(true);
    let timestamp =
        HeaderValue::try_from(timestamp).map_err(|_| SigningError::InvalidHeaderValue {
            name: "Scp-Timestamp",
        })?;
    let language = if request
        .headers()
        .contains_key(reqwest::header::ACCEPT_LANGUAGE)
    {
        None
    } else {
        Some(header_value("Accept-Language", language)?)
    };

    let headers = request.headers_mut();
    headers.insert(HeaderName::from_static(HEADER_ACCESS_KEY), access_key);
    headers.insert(HeaderName::from_static(HEADER_SIGNATURE), signature);
    headers.insert(HeaderName::from_static(HEADER_TIMESTAMP), timestamp);
    headers.insert(
        HeaderName::from_static(HEADER_CLIENT_TYPE),
        HeaderValue::from_static(CLIENT_TYPE),
    );
    if let Some(language) = language {
        headers.insert(reqwest::header::ACCEPT_LANGUAGE, language);
    }
    if let Some(account_id) = account_id {
        headers.insert(account_id_header, account_id);
    }
    if let Some(token) = auth_token {
        headers.insert(HeaderName::from_static(HEADER_AUTH_TOKEN), token);
    }
    Ok(())
}

/// Signs every request with fixed credentials, the time of a [`SharedClock`] and an `Accept-Language`.
///
/// Implements [`idc_raw::hooks::SignRequest`] by calling [`sign_request`] with `clock.now()`, so each
/// call (each attempt of a request) gets a fresh `Scp-Timestamp` and signature.
///
/// ```
/// use std::sync::Arc;
/// use idc::clock::SystemClock;
/// use idc::scp::{signing::{Signer, DEFAULT_LANGUAGE}, Credentials};
/// use idc_raw::hooks::RequestHook;
///
/// let signer = Signer::new(Credentials::new("ak", "sk"), Arc::new(SystemClock), DEFAULT_LANGUAGE);
/// let hook = RequestHook::signed(Arc::new(signer));
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    credentials: Credentials,
    clock: SharedClock,
    language: String,
}

impl Signer {
    /// A signer for `credentials`, reading the time from `clock` and sending `Accept-Language: language`
    /// (`en-US` or `ko-KR`).
    pub fn new(credentials: Credentials, clock: SharedClock, language: impl Into<String>) -> Self {
        Self {
            credentials,
            clock,
            language: language.into(),
        }
    }

    /// The credentials this signer uses.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The `Accept-Language` this signer sends.
    pub fn language(&self) -> &str {
        &self.language
    }
}

impl idc_raw::hooks::SignRequest for Signer {
    fn sign(&self, request: &mut reqwest::Request) -> Result<(), idc_raw::hooks::SignRequestError> {
        sign_request(request, &self.credentials, self.clock.now(), &self.language)
            .map_err(Into::into)
    }

    fn secrets(&self) -> Vec<&str> {
        let mut secrets = vec![self.credentials.secret_key().expose_secret()];
        if let Some(token) = self.credentials.auth_token() {
            secrets.push(token.expose_secret());
        }
        secrets
    }
}
