//! CreateGroup, UpdateGroup and DeleteGroup.

use idc_emulator::huawei::{IDENTITY_TAKEN, PRINCIPAL_IN_USE, UNKNOWN_GROUP};
use idc_raw::huawei_identitystore::types as ids;

use super::*;

fn set(path: &str, value: Option<&str>) -> ids::AttributeOperation {
    from_json(serde_json::json!({"attribute_path": path, "attribute_value": value}))
}

async fn group_id_by_name(client: &StoreClient, name: &str) -> Result<Option<String>, Error> {
    let found = client
        .get_group_id()
        .identity_store_id(STORE)
        .alternate_identifier(from_json(serde_json::json!(
            {"unique_attribute": {"attribute_path": "display_name", "attribute_value": name}}
        )))
        .send()
        .await?;
    Ok(found.group_id)
}

#[tokio::test]
async fn a_group_is_created_renamed_and_deleted_and_every_group_view_follows() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let id = create_group(&client, "reviewers").await;
    let described = client
        .describe_group()
        .identity_store_id(STORE)
        .group_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.display_name.as_deref(), Some("reviewers"));
    assert_eq!(described.description.as_deref(), Some("made by a test"));
    assert_eq!(
        group_id_by_name(&client, "reviewers").await.unwrap(),
        Some(id.clone())
    );

    // The same display name again: 409.
    let again = client
        .create_group()
        .identity_store_id(STORE)
        .display_name("reviewers")
        .send()
        .await;
    assert_eq!(status_code(again), (409, IDENTITY_TAKEN.to_owned()));
    // A rule of the spec: a display name of 1 to 1024 characters.
    let empty = client
        .create_group()
        .identity_store_id(STORE)
        .display_name("")
        .send()
        .await;
    assert!(
        matches!(empty, Err(Error::InvalidRequest { .. })),
        "{empty:?}"
    );

    // Renamed: the new name is read everywhere, the old one finds nothing.
    let update = |ops: Vec<ids::AttributeOperation>| {
        client
            .update_group()
            .identity_store_id(STORE)
            .group_id(&id)
            .set_operations(Some(ops))
            .send()
    };
    update(vec![
        set("display_name", Some("peer reviewers")),
        set("description", None),
    ])
    .await
    .unwrap();
    let listed = client
        .list_groups()
        .identity_store_id(STORE)
        .display_name("peer reviewers")
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].group_id, id);
    assert_eq!(listed[0].description, None);
    assert_eq!(
        group_id_by_name(&client, "peer reviewers").await.unwrap(),
        Some(id.clone())
    );
    assert_eq!(
        status_code(group_id_by_name(&client, "reviewers").await).0,
        404
    );
    let batch = client
        .describe_groups()
        .identity_store_id(STORE)
        .group_ids(id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        batch.groups[0].display_name.as_deref(),
        Some("peer reviewers")
    );

    // Renaming onto another group's name: 409; an unknown attribute: 400; nothing changes.
    let demo_name = "Administrators";
    assert!(
        group_id_by_name(&client, demo_name)
            .await
            .unwrap()
            .is_some()
    );
    let taken = update(vec![set("display_name", Some(demo_name))]).await;
    assert_eq!(status_code(taken), (409, IDENTITY_TAKEN.to_owned()));
    let unknown = update(vec![
        set("display_name", Some("x")),
        set("owner", Some("y")),
    ])
    .await;
    assert_eq!(status_code(unknown).0, 400);
    assert_eq!(
        group_id_by_name(&client, "peer reviewers").await.unwrap(),
        Some(id.clone())
    );

    // Deleted with its members' memberships; the users stay.
    let member = create_user(&client, "judy", "Judy").await.unwrap();
    add_member(&client, &id, &member).await.unwrap();
    assert_eq!(groups_of(&client, &member).await, vec![id.clone()]);
    let delete = |group: &str| {
        client
            .delete_group()
            .identity_store_id(STORE)
            .group_id(group)
            .send()
    };
    delete(&id).await.unwrap();
    assert!(groups_of(&client, &member).await.is_empty());
    let gone = client
        .describe_group()
        .identity_store_id(STORE)
        .group_id(&id)
        .send()
        .await;
    assert_eq!(status_code(gone), (404, UNKNOWN_GROUP.to_owned()));
    assert_eq!(
        status_code(delete(&id).await),
        (404, UNKNOWN_GROUP.to_owned())
    );
    let missing = update(vec![set("description", Some("x"))]).await;
    assert_eq!(status_code(missing), (404, UNKNOWN_GROUP.to_owned()));

    // A group with assignments: 409, kept with its members.
    let admins = demo::HUAWEI_GROUP_ID;
    let refused = delete(admins).await;
    assert_eq!(status_code(refused), (409, PRINCIPAL_IN_USE.to_owned()));
    let members = client
        .list_group_memberships()
        .identity_store_id(STORE)
        .group_id(admins)
        .collect()
        .await
        .unwrap();
    assert!(!members.is_empty());
    emu.shutdown().await;
}
