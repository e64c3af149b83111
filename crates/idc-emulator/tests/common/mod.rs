//! Shared test helpers: independent reference signers for both schemes (written from
//! `shared/reference/signing.md`, with hmac, sha2 and base64 directly, not with the `idc` crate),
//! and emulator start-up.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use hmac::{Hmac, Mac};
use idc::clock::ManualClock;
use idc_emulator::{DataSet, Emulator, EmulatorBuilder, RunningEmulator, demo};
use sha2::{Digest, Sha256};

/// 2026-01-15T12:00:00Z: before every SCP Not Before date.
pub const NOW_SECS: u64 = 1_768_478_400;

pub fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(NOW_SECS)
}

pub fn clock() -> ManualClock {
    ManualClock::new(now())
}

/// A builder with the demo data and a manual clock at [`now`].
pub fn builder(clock: &ManualClock) -> EmulatorBuilder {
    Emulator::builder()
        .data(DataSet::demo())
        .clock(Arc::new(clock.clone()))
}

pub async fn start() -> (RunningEmulator, ManualClock) {
    let clock = clock();
    let emulator = builder(&clock).start().await.unwrap();
    (emulator, clock)
}

pub fn client() -> reqwest::Client {
    idc::tls::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap()
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

// ----------------------------------------------------------------------------------------------
// Huawei SDK-HMAC-SHA256
// ----------------------------------------------------------------------------------------------

/// Percent-encodes with the scheme's rule: keep A-Z a-z 0-9 - _ . ~, upper-case hex.
fn huawei_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `YYYYMMDDTHHMMSSZ`.
pub fn sdk_date(t: SystemTime) -> String {
    let dt = time::OffsetDateTime::from(t);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// The reference canonical request.
pub fn huawei_canonical_request(
    method: &str,
    url: &url::Url,
    headers: &[(String, String)],
    body: &[u8],
) -> String {
    let segments: Vec<String> = url
        .path()
        .split('/')
        .map(|s| huawei_encode(&percent_encoding::percent_decode_str(s).decode_utf8_lossy()))
        .collect();
    let mut uri = segments.join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (huawei_encode(&k), huawei_encode(&v)))
        .collect();
    pairs.sort();
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method,
        uri,
        query.join("&"),
        canonical_headers,
        signed.join(";"),
        hex::encode(Sha256::digest(body))
    )
}

/// A Huawei request, signed: its URL and every header to send (host included).
#[derive(Clone, Debug)]
pub struct HuaweiRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
}

impl HuaweiRequest {
    pub fn set(&mut self, name: &str, value: &str) {
        for (k, v) in &mut self.headers {
            if k.eq_ignore_ascii_case(name) {
                *v = value.to_owned();
                return;
            }
        }
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    pub fn remove(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    pub async fn send(&self) -> reqwest::Response {
        let mut request = client().get(&self.url);
        for (k, v) in &self.headers {
            request = request.header(k, v);
        }
        request.send().await.unwrap()
    }
}

/// Signs `GET base + path_and_query` with the given credentials at `at`, signing host,
/// x-sdk-date, x-domain-id (when given) and `extra` headers.
pub fn huawei_sign(
    base: &str,
    path_and_query: &str,
    access_key: &str,
    secret_key: &str,
    domain_id: Option<&str>,
    at: SystemTime,
    extra: &[(&str, &str)],
) -> HuaweiRequest {
    let url = url::Url::parse(&format!("{base}{path_and_query}")).unwrap();
    let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
    let mut headers = vec![
        ("host".to_owned(), host),
        ("x-sdk-date".to_owned(), sdk_date(at)),
    ];
    if let Some(domain) = domain_id {
        headers.push(("x-domain-id".to_owned(), domain.to_owned()));
    }
    for (k, v) in extra {
        headers.push(((*k).to_owned(), (*v).to_owned()));
    }
    let canonical = huawei_canonical_request("GET", &url, &headers, b"");
    let string_to_sign = format!(
        "SDK-HMAC-SHA256\n{}\n{}",
        sdk_date(at),
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let signature = hex::encode(hmac_sha256(
        secret_key.as_bytes(),
        string_to_sign.as_bytes(),
    ));
    let mut names: Vec<String> = headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect();
    names.sort();
    headers.push((
        "authorization".to_owned(),
        format!(
            "SDK-HMAC-SHA256 Access={access_key}, SignedHeaders={}, Signature={signature}",
            names.join(";")
        ),
    ));
    HuaweiRequest {
        url: url.to_string(),
        headers,
    }
}

/// Signs with the demo credentials at [`now`].
pub fn huawei_demo(base: &str, path_and_query: &str) -> HuaweiRequest {
    huawei_sign(
        base,
        path_and_query,
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        Some(demo::HUAWEI_DOMAIN_ID),
        now(),
        &[],
    )
}

/// The path and query of the account-assignments listing of `principal` on the demo instance.
pub fn accounts_path(query: &str) -> String {
    format!(
        "/v1/instances/{}/account-assignments-for-principals?{query}",
        demo::HUAWEI_INSTANCE_ID
    )
}

pub fn applications_path(query: &str) -> String {
    format!(
        "/v1/instances/{}/application-assignments-for-principals?{query}",
        demo::HUAWEI_INSTANCE_ID
    )
}

// ----------------------------------------------------------------------------------------------
// SCP Scp-Signature
// ----------------------------------------------------------------------------------------------

/// An SCP request, signed.
#[derive(Clone, Debug)]
pub struct ScpRequest {
    pub url: String,
    pub headers: Vec<(String, String)>,
}

impl ScpRequest {
    pub fn set(&mut self, name: &str, value: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    pub fn remove(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }

    pub async fn send(&self) -> reqwest::Response {
        let mut request = client().get(&self.url);
        for (k, v) in &self.headers {
            request = request.header(k, v);
        }
        request.send().await.unwrap()
    }
}

pub fn scp_signature(secret_key: &str, message: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(secret_key.as_bytes(), message.as_bytes()))
}

/// Signs `GET url` (sent exactly as given) at `at`.
pub fn scp_sign(
    url: &str,
    access_key: &str,
    secret_key: &str,
    at: SystemTime,
    version: Option<&str>,
) -> ScpRequest {
    let millis = at
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let message = format!("GET{url}{millis}{access_key}Openapi");
    let mut headers = vec![
        ("Scp-Accesskey".to_owned(), access_key.to_owned()),
        (
            "Scp-Signature".to_owned(),
            scp_signature(secret_key, &message),
        ),
        ("Scp-Timestamp".to_owned(), millis),
        ("Scp-ClientType".to_owned(), "Openapi".to_owned()),
        ("Accept-Language".to_owned(), "en-US".to_owned()),
    ];
    if let Some(version) = version {
        headers.push((
            "Scp-Api-Version".to_owned(),
            format!("iam-identity-center {version}"),
        ));
    }
    ScpRequest {
        url: url.to_owned(),
        headers,
    }
}

/// Signs `GET base/v1/account-assignments?query` with the demo credentials at [`now`], version 1.4.
pub fn scp_demo(base: &str, query: &str) -> ScpRequest {
    scp_sign(
        &format!("{base}/v1/account-assignments?{query}"),
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now(),
        Some("1.4"),
    )
}

/// The demo target account's query prefix.
pub fn scp_query(rest: &str) -> String {
    let base = format!(
        "instance_id={}&target_account_id={}",
        demo::SCP_INSTANCE_ID,
        demo::SCP_TARGET_ACCOUNT_ID
    );
    if rest.is_empty() {
        base
    } else {
        format!("{base}&{rest}")
    }
}

pub async fn json(response: reqwest::Response) -> serde_json::Value {
    response.json().await.unwrap()
}
