//! Huawei: authentication (signatures, credentials, clock skew), from the client side.

use std::time::Duration;

use idc_emulator::{DataSet, HuaweiCredential, demo};
use serde_json::Value;

use super::principal_query;
use crate::common::*;

async fn assert_apigw_401(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 401);
    assert!(response.headers().contains_key("x-request-id"));
    let body = json(response).await;
    assert_eq!(body["error_code"], "APIGW.0301", "{body}");
    assert!(
        body["request_id"].as_str().is_some_and(|s| !s.is_empty()),
        "{body}"
    );
    body["error_msg"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_request_signed_by_the_reference_signer_is_accepted() {
    let (emulator, _clock) = start().await;
    let response = huawei_demo(emulator.base_url(), &accounts_path(&principal_query("")))
        .send()
        .await;
    assert_eq!(response.status(), 200);
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 32);
    let body = json(response).await;
    assert_eq!(
        body["account_assignments"].as_array().unwrap().len(),
        demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS
    );
    // next_marker is present and null on the last page.
    assert!(
        body["page_info"]
            .as_object()
            .unwrap()
            .contains_key("next_marker")
    );
    assert_eq!(body["page_info"]["next_marker"], Value::Null);
    assert_eq!(body["page_info"]["current_count"], 25);
    let first = &body["account_assignments"][0];
    assert_eq!(first["principal_id"], demo::HUAWEI_PRINCIPAL_ID);
    assert_eq!(first["principal_type"], "USER");
    assert!(first["account_id"].is_string() && first["permission_set_id"].is_string());
    assert_eq!(first.as_object().unwrap().len(), 4);
}

#[tokio::test]
async fn any_signed_header_set_is_verified() {
    let (emulator, _clock) = start().await;
    // An extra signed header, as the Python SDK signs every header.
    let request = huawei_sign(
        emulator.base_url(),
        &accounts_path(&principal_query("limit=5")),
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        Some(demo::HUAWEI_DOMAIN_ID),
        now(),
        &[
            ("x-project-id", "p-123"),
            ("content-type", "application/json"),
        ],
    );
    assert_eq!(request.send().await.status(), 200);
    let mut tampered = request.clone();
    tampered.set("x-project-id", "p-124");
    let message = assert_apigw_401(tampered.send().await).await;
    assert!(message.contains("canonical request"), "{message}");
    // An unsigned header may change freely.
    let mut extra = request.clone();
    extra.set("x-unsigned", "anything");
    assert_eq!(extra.send().await.status(), 200);
    // A signed header that is not sent.
    let mut missing = request.clone();
    missing.remove("x-project-id");
    let message = assert_apigw_401(missing.send().await).await;
    assert!(message.contains("x-project-id"), "{message}");
}

#[tokio::test]
async fn a_one_byte_change_is_rejected() {
    let (emulator, _clock) = start().await;
    let path = accounts_path(&principal_query("limit=10"));
    let request = huawei_demo(emulator.base_url(), &path);
    assert_eq!(request.send().await.status(), 200);

    // A query value.
    let mut query = request.clone();
    query.url = query.url.replace("limit=10", "limit=11");
    assert_apigw_401(query.send().await).await;
    // The path (still a valid instance id).
    let mut path = request.clone();
    path.url = path
        .url
        .replace("ins-36218e5b4c2c4c4d", "ins-36218e5b4c2c4c4e");
    assert_apigw_401(path.send().await).await;
    // The timestamp, by one second (well within the allowed skew).
    let mut date = request.clone();
    date.set("x-sdk-date", &sdk_date(now() + Duration::from_secs(1)));
    assert_apigw_401(date.send().await).await;
    // A signed header: host.
    let mut host = request.clone();
    let original = host
        .headers
        .iter()
        .find(|(k, _)| k == "host")
        .unwrap()
        .1
        .clone();
    host.set("host", &original.replace("127.0.0.1", "localhost"));
    assert_apigw_401(host.send().await).await;
    // The signature itself.
    let mut signature = request.clone();
    let auth = signature
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .unwrap()
        .1
        .clone();
    let last = auth.chars().last().unwrap();
    let flipped = format!(
        "{}{}",
        &auth[..auth.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    signature.set("authorization", &flipped);
    assert_apigw_401(signature.send().await).await;
}

#[tokio::test]
async fn wrong_credentials_and_skew_are_rejected() {
    let (emulator, clock) = start().await;
    let path = accounts_path(&principal_query(""));
    let base = emulator.base_url();
    let sign = |ak: &str, sk: &str, domain: Option<&str>, at| {
        huawei_sign(base, &path, ak, sk, domain, at, &[])
    };

    let wrong_secret = sign(
        demo::HUAWEI_ACCESS_KEY,
        "not-the-secret",
        Some(demo::HUAWEI_DOMAIN_ID),
        now(),
    );
    assert_apigw_401(wrong_secret.send().await).await;

    let unknown = sign(
        "UNKNOWNACCESSKEY0000",
        demo::HUAWEI_SECRET_KEY,
        Some(demo::HUAWEI_DOMAIN_ID),
        now(),
    );
    let message = assert_apigw_401(unknown.send().await).await;
    assert!(message.contains("does not exist"), "{message}");

    for skew in [Duration::from_secs(16 * 60)] {
        let late = sign(
            demo::HUAWEI_ACCESS_KEY,
            demo::HUAWEI_SECRET_KEY,
            Some(demo::HUAWEI_DOMAIN_ID),
            now() - skew,
        );
        let message = assert_apigw_401(late.send().await).await;
        assert!(message.contains("X-Sdk-Date"), "{message}");
        let early = sign(
            demo::HUAWEI_ACCESS_KEY,
            demo::HUAWEI_SECRET_KEY,
            Some(demo::HUAWEI_DOMAIN_ID),
            now() + skew,
        );
        assert_apigw_401(early.send().await).await;
    }
    // 14 minutes is fine either way.
    let near = sign(
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        Some(demo::HUAWEI_DOMAIN_ID),
        now() - Duration::from_secs(14 * 60),
    );
    assert_eq!(near.send().await.status(), 200);
    // The emulator's clock decides: move it 16 minutes on and the same request is too old.
    clock.advance(Duration::from_secs(16 * 60));
    let fresh_then = sign(
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        Some(demo::HUAWEI_DOMAIN_ID),
        now(),
    );
    assert_apigw_401(fresh_then.send().await).await;
}

#[tokio::test]
async fn missing_or_malformed_authentication_headers_are_rejected() {
    let (emulator, _clock) = start().await;
    let path = accounts_path(&principal_query(""));
    let request = huawei_demo(emulator.base_url(), &path);

    let mut no_auth = request.clone();
    no_auth.remove("authorization");
    assert!(
        assert_apigw_401(no_auth.send().await)
            .await
            .contains("Authorization")
    );

    let mut bad_auth = request.clone();
    bad_auth.set("authorization", "Bearer abc");
    assert_apigw_401(bad_auth.send().await).await;

    let mut no_date = request.clone();
    no_date.remove("x-sdk-date");
    assert_apigw_401(no_date.send().await).await;

    let mut bad_date = request.clone();
    bad_date.set("x-sdk-date", "2026-01-15T12:00:00Z");
    assert_apigw_401(bad_date.send().await).await;

    // The demo credential has a domain id: X-Domain-Id is required and must match.
    let no_domain = huawei_sign(
        emulator.base_url(),
        &path,
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        None,
        now(),
        &[],
    );
    assert!(
        assert_apigw_401(no_domain.send().await)
            .await
            .contains("X-Domain-Id")
    );
    let other_domain = huawei_sign(
        emulator.base_url(),
        &path,
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        Some("ffffffffffffffffffffffffffffffff"),
        now(),
        &[],
    );
    assert_apigw_401(other_domain.send().await).await;

    // Unsigned plain request.
    let response = client()
        .get(format!("{}{path}", emulator.base_url()))
        .send()
        .await
        .unwrap();
    assert_apigw_401(response).await;
}

#[tokio::test]
async fn a_credential_without_domain_id_needs_no_x_domain_id() {
    let clock = clock();
    let mut data = DataSet::demo();
    data.huawei.credentials.push(HuaweiCredential {
        access_key: "NODOMAINAK".into(),
        secret_key: "no-domain-secret".into(),
        domain_id: None,
        project_id: None,
    });
    let emulator = builder(&clock).data(data).start().await.unwrap();
    let request = huawei_sign(
        emulator.base_url(),
        &accounts_path(&principal_query("")),
        "NODOMAINAK",
        "no-domain-secret",
        None,
        now(),
        &[],
    );
    assert_eq!(request.send().await.status(), 200);
}

#[tokio::test]
async fn verification_can_be_turned_off() {
    let clock = clock();
    let emulator = builder(&clock)
        .verify_signatures(false)
        .start()
        .await
        .unwrap();
    let response = client()
        .get(format!(
            "{}{}",
            emulator.base_url(),
            accounts_path(&principal_query(""))
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
