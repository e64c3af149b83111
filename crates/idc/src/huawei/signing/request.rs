//! Signing a whole [`reqwest::Request`], and [`Signer`], the hook that signs each attempt of the
//! generated clients.

use std::borrow::Cow;
use std::time::SystemTime;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};

use super::authorization::authorization;
use super::canonical::{push_canonical_request, push_string_to_sign, signature};
use super::dates::format_sdk_date;
use super::scheme::{
    ALGORITHM, EMPTY_BODY_SHA256, HEADER_DOMAIN_ID, HEADER_PROJECT_ID, HEADER_SDK_DATE,
    HEADER_SECURITY_TOKEN, SigningError, UNSIGNED_HEADERS,
};
use crate::clock::SharedClock;
use crate::huawei::credentials::Credentials;

/// The value of the `host` header for `url`: the host, plus `:port` only when the URL has a port that is
/// not the scheme's default. `None` when the URL has no host.
///
/// ```
/// use idc::huawei::signing::host_value;
///
/// let url = |s| url::Url::parse(s).unwrap();
/// assert_eq!(host_value(&url("https://h.example.com:443/")).as_deref(), Some("h.example.com"));
/// assert_eq!(host_value(&url("http://127.0.0.1:8080/")).as_deref(), Some("127.0.0.1:8080"));
/// ```
pub fn host_value(url: &url::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// Whether [`sign_request`] signs a header called `name` (lower case) when it is on the request.
pub fn is_signable_header(name: &str) -> bool {
    !name.contains('_') && !UNSIGNED_HEADERS.contains(&name)
}

fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, SigningError> {
    HeaderValue::from_str(value).map_err(|_| SigningError::InvalidHeaderValue { name })
}

/// Signs `request` in place at time `now`.
///
/// Sets `X-Sdk-Date`, `X-Domain-Id` (when the credentials have a domain id), `X-Project-Id` (when they
/// have a project id), `X-Security-Token` (when they
/// have a token) and `Authorization`, replacing any previous values, so signing a request again (a retry)
/// gives a fresh date and signature.
///
/// Signed headers: `host` (the request's `Host` header if set, else the URL's host with `:port` only for
/// a non-default port), and every header on the request for which [`is_signable_header`] holds, which
/// includes `x-sdk-date`, `x-domain-id` and `x-security-token`. Call it last, once every other header is
/// final; the URL and body must not change afterwards. Repeated headers are signed as their values joined
/// by `,`; headers whose value is not valid UTF-8 are left unsigned.
///
/// # Errors
///
/// [`SigningError::MissingHost`] for a URL without host, [`SigningError::StreamingBody`] for a body that
/// is a stream, [`SigningError::InvalidHeaderValue`] when the domain id or token cannot be a header value.
pub fn sign_request(
    request: &mut reqwest::Request,
    credentials: &Credentials,
    now: SystemTime,
) -> Result<(), SigningError> {
    let body_hash = match request.body() {
        None => Cow::Borrowed(EMPTY_BODY_SHA256),
        Some(body) => match body.as_bytes() {
            Some([]) => Cow::Borrowed(EMPTY_BODY_SHA256),
            Some(bytes) => Cow::Owned(hex::encode(Sha256::digest(bytes))),
            None => return Err(SigningError::StreamingBody),
        },
    };
    let host = match request.headers().get(reqwest::header::HOST) {
        Some(value) => value
            .to_str()
            .map(str::to_owned)
            .map_err(|_| SigningError::InvalidHeaderValue { name: "host" })?,
        None => host_value(request.url()).ok_or(SigningError::MissingHost)?,
    };

    let sdk_date = format_sdk_date(now);
    // Build every value first, so that an error leaves the request untouched.
    if HeaderValue::from_str(credentials.access_key()).is_err() {
        return Err(SigningError::InvalidHeaderValue {
            name: "Authorization",
        });
    }
    let date_value = header_value("X-Sdk-Date", &sdk_date)?;
    let domain_value = match credentials.domain_id() {
        Some(domain_id) => Some(header_value("X-Domain-Id", domain_id)?),
        None => None,
    };
    let project_value = match credentials.project_id() {
        Some(project_id) => Some(header_value("X-Project-Id", project_id)?),
        None => None,
    };
    let token_value = match credentials.security_token() {
        Some(token) => {
            let mut value = header_value("X-Security-Token", token.expose_secret())?;
            value.set_sensitive(true);
            Some(value)
        }
        None => None,
    };

    let headers = request.headers_mut();
    headers.insert(HeaderName::from_static(HEADER_SDK_DATE), date_value);
    if let Some(value) = domain_value {
        headers.insert(HeaderName::from_static(HEADER_DOMAIN_ID), value);
    }
    if let Some(value) = project_value {
        headers.insert(HeaderName::from_static(HEADER_PROJECT_ID), value);
    }
    if let Some(value) = token_value {
        headers.insert(HeaderName::from_static(HEADER_SECURITY_TOKEN), value);
    }

    let (canonical, names) = canonical_headers_of(request.headers(), &host);
    let mut buf = String::with_capacity(512);
    let signed: Vec<(&str, &str)> = canonical.iter().map(|(n, v)| (*n, &**v)).collect();
    push_canonical_request(
        &mut buf,
        request.method().as_str(),
        request.url(),
        &signed,
        &body_hash,
    );
    let mut to_sign = String::with_capacity(ALGORITHM.len() + 18 + 64);
    push_string_to_sign(&mut to_sign, &sdk_date, &buf);
    let signature = signature(
        credentials.secret_key().expose_secret().as_bytes(),
        &to_sign,
    );
    let authorization = authorization(credentials.access_key(), &names, &signature);
    tracing::debug!(
        access_key = credentials.access_key(),
        signed_headers = %names.join(";"),
        sdk_date = %sdk_date,
        "signed request with SDK-HMAC-SHA256"
    );
    let mut value =
        HeaderValue::try_from(authorization).map_err(|_| SigningError::InvalidHeaderValue {
            name: "Authorization",
        })?;
    value.set_sensitive(true);
    request
        .headers_mut()
        .insert(reqwest::header::AUTHORIZATION, value);
    Ok(())
}

/// The signed `(name, value)` pairs sorted by name, and the names alone.
fn canonical_headers_of<'h>(
    headers: &'h HeaderMap,
    host: &'h str,
) -> (Vec<(&'h str, Cow<'h, str>)>, Vec<&'h str>) {
    let mut signed: Vec<(&'h str, Cow<'h, str>)> = Vec::with_capacity(headers.keys_len() + 1);
    signed.push(("host", Cow::Borrowed(host)));
    for name in headers.keys() {
        let name = name.as_str();
        if name == "host" || !is_signable_header(name) {
            continue;
        }
        let mut values = headers.get_all(name).iter();
        let Some(first) = values.next() else { continue };
        let Ok(first) = first.to_str() else { continue };
        let mut value = Cow::Borrowed(first.trim());
        for more in values {
            let Ok(more) = more.to_str() else { continue };
            let v = value.to_mut();
            v.push(',');
            v.push_str(more.trim());
        }
        signed.push((name, value));
    }
    signed.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let names = signed.iter().map(|(n, _)| *n).collect();
    (signed, names)
}

/// Signs every request with fixed credentials and the time of a [`SharedClock`].
///
/// Implements [`idc_raw::hooks::SignRequest`] by calling [`sign_request`] with `clock.now()`, so each
/// call (each attempt of a request) gets a fresh `X-Sdk-Date` and signature.
///
/// ```
/// use std::sync::Arc;
/// use idc::clock::SystemClock;
/// use idc::huawei::{signing::Signer, Credentials};
/// use idc_raw::hooks::{RequestHook, SignRequest};
///
/// let signer = Signer::new(Credentials::new("AK", "SK"), Arc::new(SystemClock));
/// let hook = RequestHook::signed(Arc::new(signer));
/// ```
#[derive(Clone, Debug)]
pub struct Signer {
    credentials: Credentials,
    clock: SharedClock,
}

impl Signer {
    /// A signer for `credentials`, reading the time from `clock`.
    pub fn new(credentials: Credentials, clock: SharedClock) -> Self {
        Self { credentials, clock }
    }

    /// The credentials this signer uses.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

impl idc_raw::hooks::SignRequest for Signer {
    fn sign(&self, request: &mut reqwest::Request) -> Result<(), idc_raw::hooks::SignRequestError> {
        sign_request(request, &self.credentials, self.clock.now()).map_err(Into::into)
    }

    fn secrets(&self) -> Vec<&str> {
        let mut secrets = vec![self.credentials.secret_key().expose_secret()];
        if let Some(token) = self.credentials.security_token() {
            secrets.push(token.expose_secret());
        }
        secrets
    }
}
