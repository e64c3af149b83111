//! Huawei Cloud `SDK-HMAC-SHA256`: the official vectors stage by stage, the seed requests against an
//! independent reference implementation, canonicalisation edge cases, and `sign_request` behaviour.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use idc::clock::{Clock, ManualClock};
use idc::huawei::Credentials;
use idc::huawei::signing::{self, SigningError};
use idc_raw::hooks::SignRequest;
use proptest::prelude::*;
use reqwest::header::HeaderValue;
use url::Url;

#[path = "signing_huawei/canonicalisation.rs"]
mod canonicalisation;
#[path = "signing_huawei/encoding_independence.rs"]
mod encoding_independence;
#[path = "signing_huawei/seed_requests.rs"]
mod seed_requests;
#[path = "signing_huawei/sign_request.rs"]
mod sign_request;

/// A tiny implementation written straight from Huawei's published `SDK-HMAC-SHA256` algorithm, sharing no code with the
/// crate, to check the crate's output on requests no official vector covers.
mod reference {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    pub struct Signed {
        pub canonical_request: String,
        pub string_to_sign: String,
        pub authorization: String,
    }

    /// Keep A-Z a-z 0-9 - _ . ~, everything else %XX upper case.
    pub fn encode(s: &str) -> String {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    /// `segments`: the decoded path segments after the leading '/'. `query`: decoded pairs.
    /// `headers`: every signed header, including host.
    #[allow(clippy::too_many_arguments)]
    pub fn sign(
        method: &str,
        segments: &[&str],
        query: &[(&str, &str)],
        headers: &[(&str, &str)],
        body: &[u8],
        sdk_date: &str,
        ak: &str,
        sk: &str,
    ) -> Signed {
        let encoded: Vec<String> = segments.iter().map(|s| encode(s)).collect();
        let mut uri = format!("/{}", encoded.join("/"));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        let mut q: Vec<(&str, &str)> = query.to_vec();
        q.sort();
        let query = q
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut h: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_lowercase(), v.trim().to_owned()))
            .collect();
        h.sort();
        let canonical_headers: String = h.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
        let signed_headers = h
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(";");
        let canonical_request = format!(
            "{method}\n{uri}\n{query}\n{canonical_headers}\n{signed_headers}\n{}",
            hex::encode(Sha256::digest(body))
        );
        let string_to_sign = format!(
            "SDK-HMAC-SHA256\n{sdk_date}\n{}",
            hex::encode(Sha256::digest(canonical_request.as_bytes()))
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).unwrap();
        mac.update(string_to_sign.as_bytes());
        let signature = hex::encode(mac.finalize().into_bytes());
        let authorization = format!(
            "SDK-HMAC-SHA256 Access={ak}, SignedHeaders={signed_headers}, Signature={signature}"
        );
        Signed {
            canonical_request,
            string_to_sign,
            authorization,
        }
    }
}

/// One client shared by the tests that build requests the way the generated clients do.
fn reqwest_client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| idc::tls::http_client_builder().unwrap().build().unwrap())
}

fn vectors() -> Vec<serde_json::Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/huawei-sdk-hmac-sha256.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let file: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["algorithm"], "SDK-HMAC-SHA256");
    file["vectors"].as_array().unwrap().clone()
}

fn str_of<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("vector field {key}"))
}

/// The URL of a vector: its `host`, else the signed `host` header.
fn vector_url(v: &serde_json::Value) -> Url {
    let host = v["host"]
        .as_str()
        .or_else(|| v["signed_headers"]["host"].as_str())
        .expect("a host");
    let query = str_of(v, "query");
    let url = if query.is_empty() {
        format!("https://{host}{}", str_of(v, "path"))
    } else {
        format!("https://{host}{}?{query}", str_of(v, "path"))
    };
    Url::parse(&url).unwrap()
}

fn vector_headers(v: &serde_json::Value) -> Vec<(String, String)> {
    v["signed_headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

fn at(sdk_date: &str) -> SystemTime {
    signing::parse_sdk_date(sdk_date).unwrap()
}

#[test]
fn official_vectors_stage_by_stage() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 8);
    let mut stages = (0, 0, 0);
    for v in &vectors {
        let source = str_of(v, "source");
        assert_eq!(str_of(v, "alg"), signing::ALGORITHM);
        let url = vector_url(v);
        let headers = vector_headers(v);
        let body = str_of(v, "body").as_bytes();
        let canonical = signing::canonical_request(str_of(v, "method"), &url, &headers, body);
        if let Some(expected) = v["canonical_request"].as_str() {
            assert_eq!(canonical, expected, "canonical request of {source}");
            stages.0 += 1;
        }
        let sdk_date = v["signed_headers"]["x-sdk-date"].as_str().unwrap();
        let to_sign = signing::string_to_sign(sdk_date, &canonical);
        if let Some(expected) = v["string_to_sign"].as_str() {
            assert_eq!(to_sign, expected, "string to sign of {source}");
            stages.1 += 1;
        }
        let signature = signing::signature(str_of(v, "sk").as_bytes(), &to_sign);
        let mut names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
        names.sort();
        let authorization = signing::authorization(str_of(v, "ak"), &names, &signature);
        assert_eq!(
            authorization,
            str_of(v, "authorization"),
            "authorization of {source}"
        );
        stages.2 += 1;

        // The emulator's direction: parse the expected header back into its parts.
        let parsed = signing::parse_authorization(str_of(v, "authorization")).unwrap();
        assert_eq!(parsed.access_key, str_of(v, "ak"));
        assert_eq!(parsed.signed_headers, names);
        assert_eq!(parsed.signature, signature);
    }
    assert_eq!(stages, (1, 5, 8), "stages checked");
}

/// Go vector 2's body is `json.Encoder` output, with a trailing newline that is part of the hash.
#[test]
fn go_vector_2_body_keeps_its_trailing_newline() {
    let v = &vectors()[1];
    assert!(str_of(v, "body").ends_with("}\n"));
    let url = vector_url(v);
    let headers = vector_headers(v);
    let sdk_date = "20060102T150405Z";
    let with_newline = signing::string_to_sign(
        sdk_date,
        &signing::canonical_request("POST", &url, &headers, b"{\"Name\":\"test\",\"Id\":1}\n"),
    );
    let without = signing::string_to_sign(
        sdk_date,
        &signing::canonical_request("POST", &url, &headers, b"{\"Name\":\"test\",\"Id\":1}"),
    );
    assert_eq!(with_newline, str_of(v, "string_to_sign"));
    assert_ne!(without, with_newline);
}

/// The vectors that sign exactly `host` and `x-sdk-date` are what `sign_request` produces for a request
/// without other headers: reproduce them end to end on a `reqwest::Request`.
#[test]
fn official_vectors_through_sign_request() {
    let mut checked = 0;
    for v in vectors() {
        let headers = vector_headers(&v);
        let mut names: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
        names.sort();
        if names != ["host", "x-sdk-date"] {
            continue;
        }
        let method: reqwest::Method = str_of(&v, "method").parse().unwrap();
        let mut request = reqwest::Request::new(method, vector_url(&v));
        let body = str_of(&v, "body");
        if !body.is_empty() {
            *request.body_mut() = Some(body.to_owned().into());
        }
        let credentials = Credentials::new(str_of(&v, "ak"), str_of(&v, "sk"));
        let now = at(v["signed_headers"]["x-sdk-date"].as_str().unwrap());
        signing::sign_request(&mut request, &credentials, now).unwrap();
        assert_eq!(
            request.headers()["authorization"],
            str_of(&v, "authorization"),
            "{}",
            str_of(&v, "source")
        );
        checked += 1;
    }
    assert_eq!(checked, 5);
}

#[test]
fn python_sdk_canonical_query() {
    let pairs = [
        ("limit", "1"),
        ("enable", "true"),
        ("test", "一 (&=?!#%.*)"),
        ("path", "/tmp/123"),
        ("multi", "1"),
        ("multi", "2"),
        ("multi", "3"),
    ];
    let expected = "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29";
    let direct = signing::canonical_query(
        pairs
            .iter()
            .map(|&(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v))),
    );
    assert_eq!(direct, expected);

    // The same pairs, sent through URLs encoded in different ways.
    let mut url = Url::parse("https://h/").unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    assert_eq!(signing::canonical_query(url.query_pairs()), expected);
    let request = reqwest_client()
        .get("https://h/")
        .query(&pairs)
        .build()
        .unwrap();
    assert_eq!(
        signing::canonical_query(request.url().query_pairs()),
        expected
    );
    let url = Url::parse(&format!("https://h/?{expected}")).unwrap();
    assert_eq!(signing::canonical_query(url.query_pairs()), expected);
}
