//! CreateUser, UpdateUser, DisableUser, EnableUser and DeleteUser.

use idc::Error;
use idc_emulator::huawei::{IDENTITY_TAKEN, PRINCIPAL_IN_USE, UNKNOWN_USER};
use idc_raw::huawei_identitystore::types as ids;

use super::*;

async fn describe(client: &StoreClient, user: &str) -> Result<ids::User, Error> {
    client
        .describe_user()
        .identity_store_id(STORE)
        .user_id(user)
        .send()
        .await
}

fn set(path: &str, value: Option<&str>) -> ids::AttributeOperation {
    from_json(serde_json::json!({"attribute_path": path, "attribute_value": value}))
}

#[tokio::test]
async fn a_created_user_is_read_back_by_every_user_view_and_its_name_is_unique() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let id = create_user(&client, "erin", "Erin").await.unwrap();
    let user = describe(&client, &id).await.unwrap();
    assert_eq!(user.user_name.as_deref(), Some("erin"));
    assert_eq!(user.display_name.as_deref(), Some("Erin"));
    assert_eq!(user.enabled, Some(true));
    let email = user.emails.unwrap()[0].value.clone();
    assert_eq!(email.as_deref(), Some("erin@example.com"));
    let found = client
        .get_user_id()
        .identity_store_id(STORE)
        .alternate_identifier(from_json(serde_json::json!(
            {"unique_attribute": {"attribute_path": "user_name", "attribute_value": "erin"}}
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(found.user_id.as_deref(), Some(&*id));
    let all = client
        .list_users()
        .identity_store_id(STORE)
        .collect()
        .await
        .unwrap();
    assert_eq!(
        all.last().map(|u| u.user_id.as_str()),
        Some(&*id),
        "listed last, in data order"
    );
    assert!(groups_of(&client, &id).await.is_empty());

    // The same name again: 409, and still one user of that name.
    let again = create_user(&client, "erin", "Erin Again").await;
    assert_eq!(status_code(again), (409, IDENTITY_TAKEN.to_owned()));
    let named = client
        .list_users()
        .identity_store_id(STORE)
        .user_name("erin");
    assert_eq!(named.collect().await.unwrap().len(), 1);

    // A rule of the spec (password_mode is OTP or EMAIL): refused before anything is sent.
    let bad = client
        .create_user()
        .identity_store_id(STORE)
        .user_name("frank")
        .password_mode("SMS")
        .display_name("Frank")
        .name(from_json(
            serde_json::json!({"family_name": "F", "given_name": "Frank"}),
        ))
        .emails(from_json(
            serde_json::json!({"primary": true, "type": "Work", "value": "f@x"}),
        ))
        .send()
        .await;
    assert!(matches!(bad, Err(Error::InvalidRequest { .. })), "{bad:?}");
    let frank = client
        .list_users()
        .identity_store_id(STORE)
        .user_name("frank");
    assert!(frank.collect().await.unwrap().is_empty());

    // An identity store that does not exist: 404.
    let elsewhere = client
        .create_user()
        .identity_store_id("d-0000000000")
        .user_name("gina")
        .password_mode("EMAIL")
        .display_name("Gina")
        .name(from_json(
            serde_json::json!({"family_name": "G", "given_name": "Gina"}),
        ))
        .emails(from_json(
            serde_json::json!({"primary": true, "type": "Work", "value": "g@x"}),
        ))
        .send()
        .await;
    assert_eq!(status_code(elsewhere).0, 404);
    emu.shutdown().await;
}

#[tokio::test]
async fn an_update_changes_what_the_reads_answer_all_or_nothing() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let id = create_user(&client, "hank", "Hank").await.unwrap();
    let update = |ops: Vec<ids::AttributeOperation>| {
        client
            .update_user()
            .identity_store_id(STORE)
            .user_id(&id)
            .set_operations(Some(ops))
            .send()
    };
    update(vec![
        set("display_name", Some("Hank (Finance)")),
        set("title", Some("Auditor")),
        set(
            "name",
            Some(r#"{"family_name":"Hill","given_name":"Henry"}"#),
        ),
        set(
            "phone_numbers",
            Some(r#"[{"primary":true,"type":"Work","value":"+86 1"}]"#),
        ),
    ])
    .await
    .unwrap();
    let user = describe(&client, &id).await.unwrap();
    assert_eq!(user.display_name.as_deref(), Some("Hank (Finance)"));
    assert_eq!(user.title.as_deref(), Some("Auditor"));
    let name = user.name.unwrap();
    assert_eq!(
        (name.given_name.as_deref(), name.family_name.as_deref()),
        (Some("Henry"), Some("Hill"))
    );
    assert_eq!(
        user.phone_numbers.unwrap()[0].value.as_deref(),
        Some("+86 1")
    );
    let batch = client
        .describe_users()
        .identity_store_id(STORE)
        .user_ids(id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        batch.users[0].display_name.as_deref(),
        Some("Hank (Finance)")
    );

    // One bad operation refuses the whole request: the good one before it is not applied.
    for bad in [
        set("favourite_colour", Some("blue")),
        set("user_name", Some("h")),
        set("name", Some("{not json")),
    ] {
        let refused = update(vec![set("title", Some("Changed")), bad]).await;
        assert_eq!(status_code(refused).0, 400);
    }
    assert_eq!(
        describe(&client, &id).await.unwrap().title.as_deref(),
        Some("Auditor")
    );
    // A null value removes an optional attribute.
    update(vec![set("title", None)]).await.unwrap();
    assert_eq!(describe(&client, &id).await.unwrap().title, None);

    let missing = client
        .update_user()
        .identity_store_id(STORE)
        .user_id("no-such-user")
        .operations(set("title", Some("x")))
        .send()
        .await;
    assert_eq!(status_code(missing), (404, UNKNOWN_USER.to_owned()));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_disabled_user_reads_enabled_false_everywhere_until_enabled() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let alice = demo::HUAWEI_PRINCIPAL_ID;
    let disable = || {
        client
            .disable_user()
            .identity_store_id(STORE)
            .user_id(alice)
            .send()
    };
    disable().await.unwrap();
    disable().await.unwrap(); // Disabling twice is the same as once.
    assert_eq!(describe(&client, alice).await.unwrap().enabled, Some(false));
    let listed = client
        .list_users()
        .identity_store_id(STORE)
        .user_name(demo::HUAWEI_USER_NAME);
    assert_eq!(listed.collect().await.unwrap()[0].enabled, Some(false));
    let memberships = groups_of(&client, alice).await;
    assert!(
        !memberships.is_empty(),
        "a disabled user keeps their groups"
    );
    client
        .enable_user()
        .identity_store_id(STORE)
        .user_id(alice)
        .send()
        .await
        .unwrap();
    assert_eq!(describe(&client, alice).await.unwrap().enabled, Some(true));
    assert_eq!(groups_of(&client, alice).await, memberships);
    let missing = client
        .disable_user()
        .identity_store_id(STORE)
        .user_id("nobody")
        .send()
        .await;
    assert_eq!(status_code(missing), (404, UNKNOWN_USER.to_owned()));
    let missing = client
        .enable_user()
        .identity_store_id(STORE)
        .user_id("nobody")
        .send()
        .await;
    assert_eq!(status_code(missing), (404, UNKNOWN_USER.to_owned()));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_deleted_user_is_gone_with_its_memberships_and_an_assigned_one_is_kept() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let id = create_user(&client, "ivan", "Ivan").await.unwrap();
    let group = create_group(&client, "ivan's team").await;
    add_member(&client, &group, &id).await.unwrap();
    let delete = |user: &str| {
        client
            .delete_user()
            .identity_store_id(STORE)
            .user_id(user)
            .send()
    };
    delete(&id).await.unwrap();
    assert_eq!(
        status_code(describe(&client, &id).await),
        (404, UNKNOWN_USER.to_owned())
    );
    let members = client
        .list_group_memberships()
        .identity_store_id(STORE)
        .group_id(&group)
        .collect()
        .await
        .unwrap();
    assert!(
        members.is_empty(),
        "the membership went with the user: {members:?}"
    );
    let named = client
        .list_users()
        .identity_store_id(STORE)
        .user_name("ivan");
    assert!(named.collect().await.unwrap().is_empty());
    assert_eq!(
        status_code(delete(&id).await),
        (404, UNKNOWN_USER.to_owned())
    );
    // The name is free again.
    create_user(&client, "ivan", "Ivan II").await.unwrap();

    // A user with account assignments: 409, and nothing of it removed.
    let alice = demo::HUAWEI_PRINCIPAL_ID;
    let before = groups_of(&client, alice).await;
    assert_eq!(
        status_code(delete(alice).await),
        (409, PRINCIPAL_IN_USE.to_owned())
    );
    assert_eq!(describe(&client, alice).await.unwrap().user_id, alice);
    assert_eq!(groups_of(&client, alice).await, before);
    emu.shutdown().await;
}
