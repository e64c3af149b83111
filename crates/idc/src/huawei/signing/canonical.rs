//! The canonical request and the string to sign, from the parsed URL, the headers and the body,
//! and the signature over it.

use std::borrow::Cow;

use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, percent_encode};
use sha2::{Digest, Sha256};

use super::scheme::ALGORITHM;

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
pub(super) fn push_canonical_request(
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

pub(super) fn push_string_to_sign(out: &mut String, sdk_date: &str, canonical_request: &str) {
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
