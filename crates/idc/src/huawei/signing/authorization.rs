//! The `Authorization` header: built from the signature, and parsed back (leniently on spacing,
//! strictly on content).

use super::scheme::{ALGORITHM, ParsedAuthorization, SigningError};

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
