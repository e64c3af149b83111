//! Huawei Cloud's `SDK-HMAC-SHA256` request signing.
//!
//! The scheme looks like AWS SigV4 without the credential scope and without key derivation: the HMAC key
//! is the secret key itself. A signature is computed in four stages, each a public function here so that
//! a server (the emulator, a test) can verify a signature stage by stage:
//!
//! 1. [`canonical_request`]: the request in a normal form:
//!    ```text
//!    METHOD
//!    canonical URI        each path segment percent-encoded, always ending in '/'   (canonical_uri)
//!    canonical query      pairs sorted by key then value, percent-encoded             (canonical_query)
//!    canonical headers    "name:trimmed value\n" per signed header, sorted by name
//!    signed headers       the lower-case names joined by ';'
//!    hex(sha256(body))
//!    ```
//!    Percent-encoding keeps `A-Z a-z 0-9 - _ . ~` and writes every other byte as `%XX` (upper-case hex),
//!    so a space is `%20`, never `+`.
//! 2. [`string_to_sign`]: `"SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(sha256(canonical request))`.
//! 3. [`signature`]: `hex(HMAC-SHA256(secret key, string to sign))`.
//! 4. [`authorization`]: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<signature>`.
//!
//! [`sign_request`] does all of it on a [`reqwest::Request`], and [`Signer`] plugs it into the generated
//! clients (see [`idc_raw::hooks::SignRequest`]).
//!
//! The path and query are always canonicalised from the *parsed* URL (decoded segments and pairs), never
//! from the raw string: `a b` may be sent as `a+b` or `a%20b`, `~` as `~` or `%7E`, and all of these give
//! the same canonical form.
//!
//! # Example
//!
//! The first test vector of Huawei Cloud's official Go SDK, stage by stage:
//!
//! ```
//! use idc::huawei::signing;
//!
//! let url = url::Url::parse("https://example.huaweicloud.com/path?limit=1").unwrap();
//! let headers = [("x-sdk-date".to_owned(), "20060102T150405Z".to_owned())];
//! let canonical = signing::canonical_request("GET", &url, &headers, b"");
//! assert_eq!(
//!     canonical,
//!     "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n\
//!      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
//! );
//! let to_sign = signing::string_to_sign("20060102T150405Z", &canonical);
//! let signature = signing::signature(b"SecretKey", &to_sign);
//! assert_eq!(
//!     signing::authorization("AccessKey", &["x-sdk-date"], &signature),
//!     "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
//!      Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
//! );
//! ```
//!
//! Signing a whole request:
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use idc::huawei::{signing, Credentials};
//!
//! let credentials = Credentials::new("AK-EXAMPLE", "SK-EXAMPLE").with_domain_id("0a1b2c");
//! let mut request = reqwest::Request::new(
//!     reqwest::Method::GET,
//!     "https://identitycenter.myhuaweicloud.com/v1/instances/ins-1/account-assignments-for-principals?principal_id=u-1&principal_type=USER"
//!         .parse()
//!         .unwrap(),
//! );
//! let now = UNIX_EPOCH + Duration::from_secs(1_704_067_200); // 2024-01-01T00:00:00Z
//! signing::sign_request(&mut request, &credentials, now).unwrap();
//! assert_eq!(request.headers()["x-sdk-date"], "20240101T000000Z");
//! assert_eq!(request.headers()["x-domain-id"], "0a1b2c");
//! let authorization = request.headers()["authorization"].to_str().unwrap();
//! let parsed = signing::parse_authorization(authorization).unwrap();
//! assert_eq!(parsed.signed_headers, ["host", "x-domain-id", "x-sdk-date"]);
//! ```

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest, Sha256};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::credentials::Credentials;
use crate::clock::SharedClock;

/// The algorithm name, first line of the string to sign and first word of `Authorization`.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// The header carrying the signing time, as formatted by [`format_sdk_date`].
pub const HEADER_SDK_DATE: &str = "x-sdk-date";
/// The header carrying the account's domain id.
pub const HEADER_DOMAIN_ID: &str = "x-domain-id";
/// The project id header of project-scoped services.
pub const HEADER_PROJECT_ID: &str = "x-project-id";
/// The header carrying the security token of temporary credentials.
pub const HEADER_SECURITY_TOKEN: &str = "x-security-token";

/// Headers that [`sign_request`] never signs, even when they are on the request.
///
/// `authorization` is the signature itself; `content-type` and `user-agent` are skipped like the official
/// Go and Java SDKs do (proxies and HTTP stacks may rewrite them); the rest are hop-by-hop or framing
/// headers that an HTTP stack may add, drop or change on the way. Names containing `_` are never signed
/// either (many proxies drop such headers).
pub const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

/// The SHA-256 of the empty string, the body hash of a request without body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Why a request could not be signed, or an `Authorization` value could not be parsed.
///
/// Messages never contain a secret, a token or a signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// A value (from the credentials, or computed) is not a valid HTTP header value.
    #[error(
        "the value of header {name} cannot be sent: it contains characters not allowed in HTTP headers"
    )]
    InvalidHeaderValue {
        /// The header.
        name: &'static str,
    },
    /// The request URL has no host, so there is nothing to sign as `host`.
    #[error("the request URL has no host")]
    MissingHost,
    /// The body is a stream whose bytes are not known before sending; it cannot be hashed.
    #[error("cannot sign a streaming request body: buffer the body before signing")]
    StreamingBody,
    /// An `Authorization` value is not of the form this scheme produces.
    #[error("malformed SDK-HMAC-SHA256 Authorization header: {reason}")]
    MalformedAuthorization {
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The parts of an `Authorization` header value, as returned by [`parse_authorization`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The access key (`Access=`).
    pub access_key: String,
    /// The signed header names, in the order given (`SignedHeaders=`).
    pub signed_headers: Vec<String>,
    /// The hex signature (`Signature=`).
    pub signature: String,
}

// ---------------------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------------------

/// Formats `t` as an `X-Sdk-Date` value: UTC, `YYYYMMDDTHHMMSSZ`, sub-seconds dropped.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use idc::huawei::signing::format_sdk_date;
///
/// let t = UNIX_EPOCH + Duration::from_millis(1_136_214_245_999);
/// assert_eq!(format_sdk_date(t), "20060102T150405Z");
/// ```
pub fn format_sdk_date(t: SystemTime) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds(t))
        .ok()
        .and_then(|utc| utc.format(SDK_DATE_FORMAT).ok())
        .unwrap_or_default()
}

/// `YYYYMMDDTHHMMSSZ`.
const SDK_DATE_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");

/// Whole seconds since the epoch, rounded down (0.5 s before the epoch is -1).
fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            -whole - i64::from(d.subsec_nanos() > 0)
        }
    }
}

/// Parses an `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`); `None` when it is not exactly that, or not a
/// valid date and time.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use idc::huawei::signing::parse_sdk_date;
///
/// assert_eq!(parse_sdk_date("20060102T150405Z"), Some(UNIX_EPOCH + Duration::from_secs(1_136_214_245)));
/// assert_eq!(parse_sdk_date("20060230T150405Z"), None); // February 30th
/// assert_eq!(parse_sdk_date("2006-01-02T15:04:05Z"), None);
/// ```
pub fn parse_sdk_date(s: &str) -> Option<SystemTime> {
    if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let secs = PrimitiveDateTime::parse(s, SDK_DATE_FORMAT)
        .ok()?
        .assume_utc()
        .unix_timestamp();
    if secs >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    }
}

// ---------------------------------------------------------------------------------------------------------
// Canonical request
// ---------------------------------------------------------------------------------------------------------

/// The scheme's encoding rule: every byte but `A-Z a-z 0-9 - _ . ~` becomes `%XX` (upper-case hex).
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends `bytes` percent-encoded with the scheme's rule.
fn push_encoded(out: &mut String, bytes: &[u8]) {
    out.extend(percent_encode(bytes, ENCODED));
}

/// The canonical URI of a URL path (as it appears in the URL, possibly percent-encoded).
///
/// The path is split on `/`; each segment is percent-decoded, then re-encoded with the scheme's rule
/// (keep `A-Z a-z 0-9 - _ . ~`, everything else `%XX` upper-case). The result always ends in `/`.
///
/// ```
/// use idc::huawei::signing::canonical_uri;
///
/// assert_eq!(canonical_uri(""), "/");
/// assert_eq!(canonical_uri("/v1/x"), "/v1/x/");
/// assert_eq!(canonical_uri("/a%20b/c+d/%7e/%2F"), "/a%20b/c%2Bd/~/%2F/");
/// ```
pub fn canonical_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    push_canonical_uri(&mut out, path);
    out
}

fn push_canonical_uri(out: &mut String, path: &str) {
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let decoded: Cow<'_, [u8]> = percent_decode_str(segment).into();
        push_encoded(out, &decoded);
    }
    if !out.ends_with('/') {
        out.push('/');
    }
}

/// The canonical query string of decoded `(key, value)` pairs (as [`url::Url::query_pairs`] yields them).
///
/// Pairs are sorted by key, then by value (byte order), each key and value percent-encoded with the
/// scheme's rule and joined as `k=v` with `&`; an empty value gives `k=`. No pairs give `""`.
///
/// ```
/// use idc::huawei::signing::canonical_query;
///
/// let url = url::Url::parse("https://h/?b=2&a=x+y&a=%7E&c").unwrap();
/// assert_eq!(canonical_query(url.query_pairs()), "a=x%20y&a=~&b=2&c=");
/// ```
pub fn canonical_query<'a>(
    pairs: impl IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
) -> String {
    let mut out = String::new();
    push_canonical_query(&mut out, pairs);
    out
}

fn push_canonical_query<'a>(
    out: &mut String,
    pairs: impl IntoIterator<Item = (Cow<'a, str>, Cow<'a, str>)>,
) {
    let mut pairs: Vec<(Cow<'a, str>, Cow<'a, str>)> = pairs.into_iter().collect();
    pairs.sort_unstable();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(out, key.as_bytes());
        out.push('=');
        push_encoded(out, value.as_bytes());
    }
}

/// The canonical request.
///
/// `signed_headers` are `(name, value)` pairs; names are lower-cased and sorted here, values trimmed. Pass
/// exactly the headers named in `SignedHeaders`, including `host` if it is signed. The path and query come
/// from the parsed `url`, the body hash from `body`.
///
/// ```
/// use idc::huawei::signing::canonical_request;
///
/// let url = url::Url::parse("https://h.example.com/v1/x?b=1&a=2").unwrap();
/// let headers = [
///     ("x-sdk-date".to_owned(), "20240101T000000Z".to_owned()),
///     ("host".to_owned(), " h.example.com ".to_owned()),
/// ];
/// assert_eq!(
///     canonical_request("GET", &url, &headers, b""),
///     "GET\n/v1/x/\na=2&b=1\nhost:h.example.com\nx-sdk-date:20240101T000000Z\n\nhost;x-sdk-date\n\
///      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn canonical_request(
    method: &str,
    url: &url::Url,
    signed_headers: &[(String, String)],
    body: &[u8],
) -> String {
    let mut headers: Vec<(Cow<'_, str>, &str)> = signed_headers
        .iter()
        .map(|(name, value)| {
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name.as_str())
            };
            (name, value.as_str())
        })
        .collect();
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (&**n, *v)).collect();
    let mut out = String::with_capacity(256);
    push_canonical_request(
        &mut out,
        method,
        url,
        &headers,
        &hex::encode(Sha256::digest(body)),
    );
    out
}

/// Writes the canonical request; `headers` must be sorted by (lower-case) name.
fn push_canonical_request(
    out: &mut String,
    method: &str,
    url: &url::Url,
    headers: &[(&str, &str)],
    body_sha256_hex: &str,
) {
    if method.bytes().any(|b| b.is_ascii_lowercase()) {
        out.push_str(&method.to_ascii_uppercase());
    } else {
        out.push_str(method);
    }
    out.push('\n');
    push_canonical_uri(out, url.path());
    out.push('\n');
    if url.query().is_some_and(|q| !q.is_empty()) {
        push_canonical_query(out, url.query_pairs());
    }
    out.push('\n');
    for (name, value) in headers {
        out.push_str(name);
        out.push(':');
        out.push_str(value.trim());
        out.push('\n');
    }
    out.push('\n');
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push('\n');
    out.push_str(body_sha256_hex);
}

/// The string to sign: `"SDK-HMAC-SHA256\n" + sdk_date + "\n" + hex(sha256(canonical_request))`.
///
/// ```
/// use idc::huawei::signing::string_to_sign;
///
/// assert_eq!(
///     string_to_sign("20060102T150405Z", ""),
///     "SDK-HMAC-SHA256\n20060102T150405Z\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + sdk_date.len() + 66);
    push_string_to_sign(&mut out, sdk_date, canonical_request);
    out
}

fn push_string_to_sign(out: &mut String, sdk_date: &str, canonical_request: &str) {
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(sdk_date);
    out.push('\n');
    out.push_str(&hex::encode(Sha256::digest(canonical_request.as_bytes())));
}

/// The signature: lower-case hex of HMAC-SHA256 keyed with the secret key bytes.
///
/// ```
/// use idc::huawei::signing::signature;
///
/// let sts = "SDK-HMAC-SHA256\n20060102T150405Z\n85c3b7730f308aee452b16138a42a914397e43a8f0d732dfa521c0ef2afa98a4";
/// assert_eq!(
///     signature(b"SecretKey", sts),
///     "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
/// );
/// ```
pub fn signature(secret_key: &[u8], string_to_sign: &str) -> String {
    hex::encode(hmac_sha256(secret_key, string_to_sign.as_bytes()))
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC takes keys of any length"),
    };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The `Authorization` header value.
///
/// ```
/// use idc::huawei::signing::authorization;
///
/// assert_eq!(
///     authorization("AK", &["host", "x-sdk-date"], "abc123"),
///     "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc123"
/// );
/// ```
pub fn authorization(access_key: &str, signed_header_names: &[&str], signature: &str) -> String {
    let mut out = String::with_capacity(
        ALGORITHM.len() + access_key.len() + signature.len() + 64 + 16 * signed_header_names.len(),
    );
    out.push_str(ALGORITHM);
    out.push_str(" Access=");
    out.push_str(access_key);
    out.push_str(", SignedHeaders=");
    for (i, name) in signed_header_names.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    out.push_str(", Signature=");
    out.push_str(signature);
    out
}

/// Parses an `Authorization` header value produced by [`authorization`].
///
/// Accepts the three fields in any order with any spacing around `,` and `=`; ignores unknown fields;
/// rejects a wrong algorithm, a missing or repeated field, and an empty header name.
///
/// ```
/// use idc::huawei::signing::parse_authorization;
///
/// let parsed = parse_authorization(
///     "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=abc123",
/// )
/// .unwrap();
/// assert_eq!(parsed.access_key, "AK");
/// assert_eq!(parsed.signed_headers, ["host", "x-sdk-date"]);
/// assert_eq!(parsed.signature, "abc123");
/// assert!(parse_authorization("AWS4-HMAC-SHA256 Credential=x").is_err());
/// ```
pub fn parse_authorization(value: &str) -> Result<ParsedAuthorization, SigningError> {
    let malformed = |reason| SigningError::MalformedAuthorization { reason };
    let rest = value
        .trim()
        .strip_prefix(ALGORITHM)
        .ok_or(malformed("it does not start with SDK-HMAC-SHA256"))?;
    if !rest.starts_with([' ', '\t']) {
        return Err(malformed("no space after the algorithm name"));
    }
    let (mut access_key, mut signed_headers, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (key, val) = field
            .split_once('=')
            .ok_or(malformed("a field is not of the form key=value"))?;
        let slot = match key.trim() {
            "Access" => &mut access_key,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => continue,
        };
        if slot.replace(val.trim()).is_some() {
            return Err(malformed("a field is repeated"));
        }
    }
    let access_key = access_key.ok_or(malformed("no Access field"))?;
    let signed_headers = signed_headers.ok_or(malformed("no SignedHeaders field"))?;
    let signature = signature.ok_or(malformed("no Signature field"))?;
    if access_key.is_empty() {
        return Err(malformed("the Access field is empty"));
    }
    if signature.is_empty() {
        return Err(malformed("the Signature field is empty"));
    }
    let signed_headers: Vec<String> = signed_headers
        .split(';')
        .map(|h| h.trim().to_owned())
        .collect();
    if signed_headers.iter().any(String::is_empty) {
        return Err(malformed("SignedHeaders has an empty header name"));
    }
    Ok(ParsedAuthorization {
        access_key: access_key.to_owned(),
        signed_headers,
        signature: signature.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for secs in [
            0i64,
            1,
            59,
            86_399,
            86_400,
            951_782_400,
            1_136_214_245,
            4_102_444_800,
        ] {
            let t = UNIX_EPOCH + Duration::from_secs(secs as u64);
            assert_eq!(parse_sdk_date(&format_sdk_date(t)), Some(t), "{secs}");
        }
        // Leap day 2000-02-29.
        assert_eq!(
            format_sdk_date(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229T000000Z"
        );
        assert_eq!(
            format_sdk_date(UNIX_EPOCH - Duration::from_millis(500)),
            "19691231T235959Z"
        );
        assert_eq!(
            parse_sdk_date("19691231T235959Z"),
            Some(UNIX_EPOCH - Duration::from_secs(1))
        );
    }

    #[test]
    fn every_week_for_a_few_centuries_round_trips() {
        for days in (-200_000i64..200_000).step_by(7) {
            let secs = days * 86_400 + 12_345;
            let t = if secs >= 0 {
                UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
            } else {
                UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
            };
            let text = format_sdk_date(t);
            assert_eq!(text.len(), 16, "{text}");
            assert_eq!(parse_sdk_date(&text), Some(t), "{text}");
        }
    }

    #[test]
    fn parse_rejects_garbage() {
        for bad in [
            "",
            "20060102T150405",
            "20060102t150405Z",
            "2006010xT150405Z",
            "20061302T150405Z",
            "20060100T150405Z",
            "20060102T240405Z",
            "20060102T156005Z",
            "20060102T150460Z",
            "20070229T000000Z",
            "+0060102T150405Z",
            "２0060102T150405Z",
        ] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
        assert!(parse_sdk_date("20080229T000000Z").is_some());
    }
}
