//! GetUserId and GetGroupId by name: the identifier helpers, and "exactly one of
//! `unique_attribute` and `external_id`" held by the client and by the emulator.

use idc::Error;
use idc::huawei::identitystore::{by_external_id, by_group_display_name, by_user_name};
use idc_emulator::demo;
use idc_raw::huawei_identitystore::types::AlternateIdentifier;
use idc_tests::{demo_emulator, huawei};

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;

#[tokio::test]
async fn users_and_groups_are_found_by_name() {
    let emu = demo_emulator().await;
    let store = huawei(&emu).build().unwrap().identity_store().unwrap();
    let alice = store
        .get_user_id()
        .identity_store_id(STORE)
        .alternate_identifier(by_user_name("alice"))
        .send()
        .await
        .unwrap();
    let listed = store
        .list_users()
        .identity_store_id(STORE)
        .user_name("alice")
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(alice.user_id.as_deref(), Some(&*listed[0].user_id));

    let admins = store
        .get_group_id()
        .identity_store_id(STORE)
        .alternate_identifier(by_group_display_name("Administrators"))
        .send()
        .await
        .unwrap();
    let group = store
        .describe_group()
        .identity_store_id(STORE)
        .group_id(admins.group_id.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(group.display_name.as_deref(), Some("Administrators"));

    let nobody = store
        .get_user_id()
        .identity_store_id(STORE)
        .alternate_identifier(by_user_name("nobody-of-that-name"))
        .send()
        .await
        .unwrap_err();
    assert!(nobody.is_not_found(), "{nobody:?}");
    assert_eq!(
        nobody.code(),
        Some(idc::error::codes::huawei::USER_NOT_FOUND)
    );
}

fn both() -> AlternateIdentifier {
    let mut both = by_user_name("alice");
    both.external_id = by_external_id("https://idp.example.com", "no-such-id").external_id;
    both
}

#[tokio::test]
async fn the_client_refuses_both_identifiers_or_none_before_sending() {
    let emu = demo_emulator().await;
    let store = huawei(&emu).build().unwrap().identity_store().unwrap();
    let neither = AlternateIdentifier {
        unique_attribute: None,
        external_id: None,
    };
    for (identifier, says) in [
        (both(), "unique_attribute and external_id are set"),
        (neither, "none is set"),
    ] {
        let err = store
            .get_user_id()
            .identity_store_id(STORE)
            .alternate_identifier(identifier.clone())
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert!(err.to_string().contains(says), "{err}");
        let err = store
            .get_group_id()
            .identity_store_id(STORE)
            .alternate_identifier(identifier)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    }
    assert_eq!(emu.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn the_emulator_answers_both_identifiers_with_a_400_in_huawei_s_shape() {
    // What a client that does not check sends: signed by hand, as the gateway would see it.
    let emu = demo_emulator().await;
    let credentials =
        idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
            .with_project_id(demo::HUAWEI_PROJECT_ID);
    let http = idc::tls::http_client_builder().unwrap().build().unwrap();
    for (operation, path) in [
        ("GetUserId", "users/retrieve-user-id"),
        ("GetGroupId", "groups/retrieve-group-id"),
    ] {
        let url = format!("{}/v1/identity-stores/{STORE}/{path}", emu.base_url());
        let body = serde_json::json!({ "alternate_identifier": both() }).to_string();
        let mut request = http
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .build()
            .unwrap();
        idc::huawei::signing::sign_request(
            &mut request,
            &credentials,
            std::time::SystemTime::now(),
        )
        .unwrap();
        let response = http.execute(request).await.unwrap();
        assert_eq!(response.status(), 400, "{operation}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error_code"], "IIC.1000", "{operation}: {body}");
        let message = body["error_msg"].as_str().unwrap();
        assert!(message.contains("exactly one"), "{operation}: {message}");
    }
}
