//! Project-scoped verification with an independent reference signer: IdentityStore requires
//! `X-Project-Id` (signed or not, it must name the access key's project) and not `X-Domain-Id`;
//! the global services keep the domain rule. And markers of the new listings are bound to them.

mod common;

use common::*;
use idc_emulator::demo;
use serde_json::Value;

fn users_path(query: &str) -> String {
    format!(
        "/v1/identity-stores/{}/users?{query}",
        demo::HUAWEI_IDENTITY_STORE_ID
    )
}

fn groups_path(query: &str) -> String {
    format!(
        "/v1/identity-stores/{}/groups?{query}",
        demo::HUAWEI_IDENTITY_STORE_ID
    )
}

fn sign(base: &str, path: &str, domain: Option<&str>, extra: &[(&str, &str)]) -> HuaweiRequest {
    huawei_sign(
        base,
        path,
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        domain,
        now(),
        extra,
    )
}

async fn status_and_body(request: HuaweiRequest) -> (u16, Value) {
    let response = request.send().await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn identity_store_requires_the_project_and_not_the_domain() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let project = [("x-project-id", demo::HUAWEI_PROJECT_ID)];

    // The project, without the domain: accepted.
    let (status, body) = status_and_body(sign(base, &users_path(""), None, &project)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["users"].as_array().unwrap().len(), demo::HUAWEI_USERS);

    // The domain only: a 401 naming X-Project-Id.
    let (status, body) = status_and_body(sign(
        base,
        &users_path(""),
        Some(demo::HUAWEI_DOMAIN_ID),
        &[],
    ))
    .await;
    assert_eq!(status, 401);
    assert_eq!(body["error_code"], "APIGW.0301");
    assert!(
        body["error_msg"].as_str().unwrap().contains("X-Project-Id"),
        "{body}"
    );

    // Another project: a 401 naming it.
    let (status, body) = status_and_body(sign(
        base,
        &users_path(""),
        None,
        &[("x-project-id", "ffffffffffffffffffffffffffffffff")],
    ))
    .await;
    assert_eq!(status, 401);
    let message = body["error_msg"].as_str().unwrap();
    assert!(
        message.contains("X-Project-Id") && message.contains("ffffffff"),
        "{message}"
    );

    // The global services still require the domain, and ignore the project.
    let (status, body) = status_and_body(sign(base, "/v1/instances", None, &project)).await;
    assert_eq!(status, 401);
    assert!(
        body["error_msg"].as_str().unwrap().contains("X-Domain-Id"),
        "{body}"
    );
    let (status, _) = status_and_body(sign(
        base,
        "/v1/instances",
        Some(demo::HUAWEI_DOMAIN_ID),
        &[],
    ))
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn markers_of_the_directory_listings_are_bound_to_their_query() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let project = [("x-project-id", demo::HUAWEI_PROJECT_ID)];
    let (status, body) = status_and_body(sign(base, &users_path("limit=1"), None, &project)).await;
    assert_eq!(status, 200);
    let marker = body["page_info"]["next_marker"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(body["page_info"]["current_count"], 1);

    let (status, next) = status_and_body(sign(
        base,
        &users_path(&format!("limit=1&marker={marker}")),
        None,
        &project,
    ))
    .await;
    assert_eq!(status, 200);
    assert_ne!(next["users"][0]["user_id"], body["users"][0]["user_id"]);

    // The same marker for the groups, or for a filtered user listing: 400.
    for path in [
        groups_path(&format!("marker={marker}")),
        users_path(&format!("user_name=bob&marker={marker}")),
    ] {
        let (status, body) = status_and_body(sign(base, &path, None, &project)).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error_code"], "IIC.1000");
    }
}
