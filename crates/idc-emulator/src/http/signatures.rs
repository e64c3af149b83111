//! Signature verification of both clouds, with the signing functions of the `idc` crate: the
//! emulator recomputes what the client should have signed from what it received, and compares.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::request::Parts;
use idc::huawei::signing as huawei_signing;
use idc::scp::signing as scp_signing;
use subtle::ConstantTimeEq;

use crate::store::tables::Store;

/// How far a request's signing time may be from the emulator's clock, either way, as both
/// gateways allow.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// The value of header `name`, if present and text.
pub(crate) fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Secret headers (one list with the client's) and what their values are replaced with.
pub(crate) use idc_raw::redact::{REDACTED, is_secret_header};

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// `Err` with why, when `at` is more than [`MAX_CLOCK_SKEW`] from `now`.
fn check_skew(now: SystemTime, at: SystemTime, what: &str) -> Result<(), String> {
    let skew = now
        .duration_since(at)
        .or_else(|_| at.duration_since(now))
        .unwrap_or_default();
    if skew > MAX_CLOCK_SKEW {
        Err(format!(
            "{what} is {}s away from the server's time, more than the {}s allowed",
            skew.as_secs(),
            MAX_CLOCK_SKEW.as_secs()
        ))
    } else {
        Ok(())
    }
}

/// Verifies a Huawei `SDK-HMAC-SHA256` request: `Err` with the reason.
///
/// Like the gateway, it checks the headers the request's `SignedHeaders` names, with the values
/// received, over the method, path, query and body received. For a `project_scoped` service the
/// credential's project must be sent as `X-Project-Id` (a credential without a project is refused);
/// otherwise a credential's domain must be sent as `X-Domain-Id`.
pub(crate) fn verify_huawei(
    store: &Store,
    now: SystemTime,
    parts: &Parts,
    body: &[u8],
    project_scoped: bool,
) -> Result<(), String> {
    let authorization =
        header(parts, "authorization").ok_or("the Authorization header is missing")?;
    let parsed = huawei_signing::parse_authorization(authorization)
        .map_err(|err| format!("the Authorization header is malformed: {err}"))?;
    let credential = store
        .huawei_credential(&parsed.access_key)
        .ok_or_else(|| format!("the access key {} does not exist", parsed.access_key))?;
    let sdk_date = header(parts, "x-sdk-date").ok_or("the X-Sdk-Date header is missing")?;
    let signed_at = huawei_signing::parse_sdk_date(sdk_date)
        .ok_or_else(|| format!("X-Sdk-Date {sdk_date:?} is not a date like 20240101T000000Z"))?;
    check_skew(now, signed_at, "X-Sdk-Date")?;
    if project_scoped {
        // A project-scoped service (IdentityStore) takes the project's credentials: X-Project-Id
        // must name the access key's project; X-Domain-Id is not required.
        match (&credential.project_id, header(parts, "x-project-id")) {
            (Some(project), Some(sent)) if sent == project => {}
            (Some(_), Some(sent)) => {
                return Err(format!(
                    "X-Project-Id {sent} is not the access key's project"
                ));
            }
            (Some(_), None) => {
                return Err(
                    "the X-Project-Id header is missing (this service is project-scoped)"
                        .to_owned(),
                );
            }
            (None, _) => {
                return Err(format!(
                    "the access key {} has no project, so it cannot sign for this project-scoped \
                     service (X-Project-Id)",
                    parsed.access_key
                ));
            }
        }
    } else if let Some(domain_id) = &credential.domain_id {
        match header(parts, "x-domain-id") {
            Some(sent) if sent == domain_id => {}
            Some(sent) => return Err(format!("X-Domain-Id {sent} is not the access key's domain")),
            None => return Err("the X-Domain-Id header is missing".to_owned()),
        }
    }
    if parsed.signed_headers.is_empty() {
        return Err("SignedHeaders is empty".to_owned());
    }
    let mut signed_headers = Vec::with_capacity(parsed.signed_headers.len());
    for name in &parsed.signed_headers {
        let name = name.to_ascii_lowercase();
        // A repeated header is signed as its values joined by ',' (as the SDKs do).
        let values: Vec<&str> = parts
            .headers
            .get_all(name.as_str())
            .iter()
            .map(|v| {
                v.to_str()
                    .map_err(|_| format!("the signed header {name} is not text"))
            })
            .collect::<Result<_, _>>()?;
        if values.is_empty() {
            return Err(format!("the signed header {name} is missing"));
        }
        let value = values.join(",");
        signed_headers.push((name, value));
    }
    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let host = header(parts, "host").unwrap_or("localhost");
    let url = url::Url::parse(&format!("http://{host}{path_and_query}"))
        .or_else(|_| url::Url::parse(&format!("http://localhost{path_and_query}")))
        .map_err(|err| format!("the request target cannot be parsed: {err}"))?;
    let canonical =
        huawei_signing::canonical_request(parts.method.as_str(), &url, &signed_headers, body);
    let string_to_sign = huawei_signing::string_to_sign(sdk_date, &canonical);
    let expected = huawei_signing::signature(credential.secret_key.as_bytes(), &string_to_sign);
    if constant_time_eq(&expected, &parsed.signature) {
        Ok(())
    } else {
        // The canonical request helps find what the client signed differently, but it is logged
        // and sent back: the values of secret headers (a security token) are shown as `***`.
        let shown: Vec<(String, String)> = signed_headers
            .into_iter()
            .map(|(name, value)| {
                if is_secret_header(&name) {
                    (name, REDACTED.to_owned())
                } else {
                    (name, value)
                }
            })
            .collect();
        let shown = huawei_signing::canonical_request(parts.method.as_str(), &url, &shown, body);
        Err(format!(
            "verify aksk signature fail, the canonical request the server computed is {shown:?} \
             (secret header values shown as {REDACTED})"
        ))
    }
}

/// Verifies an SCP `Scp-Signature` request: `Err` with the reason.
///
/// The URL signed is rebuilt as received: `http://{Host}{path?query exactly as sent}`.
pub(crate) fn verify_scp(store: &Store, now: SystemTime, parts: &Parts) -> Result<(), String> {
    let missing = |name: &str| format!("the {name} header is missing");
    let access_key = header(parts, "scp-accesskey").ok_or_else(|| missing("Scp-Accesskey"))?;
    let timestamp = header(parts, "scp-timestamp").ok_or_else(|| missing("Scp-Timestamp"))?;
    let signature = header(parts, "scp-signature").ok_or_else(|| missing("Scp-Signature"))?;
    let client_type = header(parts, "scp-clienttype").ok_or_else(|| missing("Scp-ClientType"))?;
    if client_type != scp_signing::CLIENT_TYPE {
        return Err(format!(
            "Scp-ClientType {client_type:?} is not {:?}",
            scp_signing::CLIENT_TYPE
        ));
    }
    let millis: u64 = timestamp
        .parse()
        .map_err(|_| format!("Scp-Timestamp {timestamp:?} is not a time in milliseconds"))?;
    check_skew(
        now,
        UNIX_EPOCH + Duration::from_millis(millis),
        "Scp-Timestamp",
    )?;
    let secret = store
        .scp_secret(access_key)
        .ok_or_else(|| format!("the access key {access_key} does not exist"))?;
    let account_id = header(parts, "scp-accountid").unwrap_or("");
    let host = header(parts, "host").ok_or_else(|| missing("Host"))?;
    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let url = format!("http://{host}{path_and_query}");
    let string_to_sign = scp_signing::string_to_sign(
        parts.method.as_str(),
        &url,
        timestamp,
        access_key,
        account_id,
    );
    let expected = scp_signing::signature(secret.as_bytes(), &string_to_sign);
    if constant_time_eq(&expected, signature) {
        Ok(())
    } else {
        Err(format!(
            "the signature does not match the request (URL signed: {url})"
        ))
    }
}
