//! Permission sets: create, update, delete, the summary, and their policies, roles and custom
//! documents, each read back through every view.

use std::time::Duration;

use idc_emulator::huawei::{
    DUPLICATE_POLICY, MODIFICATION_CONFLICT, NOT_FOUND, PERMISSION_SET_NAME_TAKEN,
    UNKNOWN_PERMISSION_SET,
};

use super::*;

async fn summary_count(client: &Client) -> i32 {
    let summary = client
        .get_permission_set_summary()
        .instance_id(INSTANCE)
        .send()
        .await
        .unwrap();
    assert!(summary.permission_sets_quota.unwrap() >= summary.permission_sets.unwrap());
    summary.permission_sets.unwrap()
}

#[tokio::test]
async fn a_permission_set_is_created_updated_and_deleted_in_every_view() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let before = summary_count(&client).await;
    let created = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Readers")
        .description("Read-only.")
        .session_duration("PT2H")
        .send()
        .await
        .unwrap()
        .permission_set
        .unwrap();
    let id = created.permission_set_id.clone().unwrap();
    assert_eq!(created.name.as_deref(), Some("Readers"));
    assert!(created.permission_urn.unwrap().ends_with(&id));
    assert_eq!(summary_count(&client).await, before + 1);
    let named = client
        .list_permission_sets()
        .instance_id(INSTANCE)
        .name("Readers")
        .collect()
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].permission_set_id.as_deref(), Some(id.as_str()));

    // A second set of that name.
    let twin = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Readers");
    assert_eq!(
        code_of(twin.send().await),
        (Some(409), PERMISSION_SET_NAME_TAKEN.to_owned())
    );

    client
        .update_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .description("Read-only, for auditors.")
        .send()
        .await
        .unwrap();
    let described = client
        .describe_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await
        .unwrap()
        .permission_set
        .unwrap();
    assert_eq!(
        described.description.as_deref(),
        Some("Read-only, for auditors.")
    );
    assert_eq!(described.session_duration.as_deref(), Some("PT2H"), "kept");

    client
        .delete_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await
        .unwrap();
    let gone = client
        .describe_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await;
    assert_eq!(
        code_of(gone),
        (Some(404), UNKNOWN_PERMISSION_SET.to_owned())
    );
    assert_eq!(summary_count(&client).await, before);
    let again = client
        .delete_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await;
    assert_eq!(
        code_of(again),
        (Some(404), UNKNOWN_PERMISSION_SET.to_owned())
    );
    let update_gone = client
        .update_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .description("x")
        .send()
        .await;
    assert_eq!(
        code_of(update_gone),
        (Some(404), UNKNOWN_PERMISSION_SET.to_owned())
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_assigned_permission_set_is_not_deleted() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let assigned = client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .account_id(idc_emulator::demo::HUAWEI_ACCOUNT_ID)
        .collect()
        .await
        .unwrap()
        .remove(0)
        .permission_set_id;
    let refused = client
        .delete_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&assigned)
        .send()
        .await;
    assert_eq!(
        code_of(refused),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );
    client
        .describe_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&assigned)
        .send()
        .await
        .expect("still there");
    emulator.shutdown().await;
}

#[tokio::test]
async fn policies_roles_and_custom_documents_are_attached_read_and_removed() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let id = new_permission_set(&client, "Operators").await;
    let policies = || {
        client
            .list_managed_policies_in_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .collect()
    };
    let roles = || {
        client
            .list_managed_roles_in_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .collect()
    };
    let attach_policy = || {
        client
            .attach_managed_policy_to_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .managed_policy_id("a6f2e2b4b3d84e8d9c6f9f3b0f2b1c8d")
            .managed_policy_name("ECSReadOnlyPolicy")
    };
    attach_policy().send().await.unwrap();
    let listed = policies().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].policy_name.as_deref(), Some("ECSReadOnlyPolicy"));
    assert_eq!(
        code_of(attach_policy().send().await),
        (Some(409), DUPLICATE_POLICY.to_owned())
    );
    let detach_policy = || {
        client
            .detach_managed_policy_from_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .managed_policy_id("a6f2e2b4b3d84e8d9c6f9f3b0f2b1c8d")
    };
    detach_policy().send().await.unwrap();
    assert!(policies().await.unwrap().is_empty());
    assert_eq!(
        code_of(detach_policy().send().await),
        (Some(404), NOT_FOUND.to_owned())
    );

    let attach_role = || {
        client
            .attach_managed_role_to_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .managed_role_id("b2c3d4e5f60718293a4b5c6d7e8f9012")
    };
    attach_role().send().await.unwrap();
    let listed = roles().await.unwrap();
    assert_eq!(listed.len(), 1);
    // Without a name, the role is named by its id.
    assert_eq!(
        listed[0].role_name.as_deref(),
        Some("b2c3d4e5f60718293a4b5c6d7e8f9012")
    );
    assert_eq!(
        code_of(attach_role().send().await),
        (Some(409), DUPLICATE_POLICY.to_owned())
    );
    let detach_role = || {
        client
            .detach_managed_role_from_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .managed_role_id("b2c3d4e5f60718293a4b5c6d7e8f9012")
    };
    detach_role().send().await.unwrap();
    assert!(roles().await.unwrap().is_empty());
    assert_eq!(
        code_of(detach_role().send().await),
        (Some(404), NOT_FOUND.to_owned())
    );

    let document = r#"{"Version":"5.0","Statement":[{"Effect":"Allow","Action":["obs:*:get*"]}]}"#;
    client
        .put_custom_policy_to_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .custom_policy(document)
        .send()
        .await
        .unwrap();
    let read = client
        .get_custom_policy_for_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.custom_policy.as_deref(), Some(document));
    let not_json = client
        .put_custom_policy_to_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .custom_policy("Allow everything")
        .send()
        .await;
    assert_eq!(code_of(not_json).0, Some(400));
    let delete_policy = || {
        client
            .delete_custom_policy_from_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(&id)
            .send()
    };
    delete_policy().await.unwrap();
    let read = client
        .get_custom_policy_for_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.custom_policy, None);
    assert_eq!(
        code_of(delete_policy().await),
        (Some(404), NOT_FOUND.to_owned())
    );

    client
        .put_custom_role_to_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .custom_role(document)
        .send()
        .await
        .unwrap();
    let read = client
        .get_custom_role_for_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.custom_role.as_deref(), Some(document));
    client
        .delete_custom_role_from_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&id)
        .send()
        .await
        .unwrap();
    let missing_set = client
        .put_custom_role_to_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id("ps-none")
        .custom_role(document)
        .send()
        .await;
    assert_eq!(
        code_of(missing_set),
        (Some(404), UNKNOWN_PERMISSION_SET.to_owned())
    );
    emulator.shutdown().await;
}
