//! The SCP instance writes: CreateInstance (listed, empty, its LDAP bind credential never served
//! back), SetInstance (renamed everywhere, names unique), DeleteInstance (gone from ListInstances,
//! and everything that was in it answers 404, while the other instance and the accounts stay).

use super::*;

async fn instance_names(client: &Client) -> Vec<String> {
    let list = client.list_instances().collect().await.unwrap();
    list.into_iter().map(|i| i.name).collect()
}

#[tokio::test]
async fn a_created_instance_is_listed_empty_and_hides_its_bind_credential() {
    let (_emulator, client) = setup().await;
    let before = instance_names(&client).await;
    let config = json!({
        "connection_url": "ldaps://ad.example.com:636",
        "bind_dn": "CN=idc,CN=Users,DC=example,DC=com",
        "bind_credential": "hunter2-secret",
        "users_dn": "OU=Employees,DC=example,DC=com",
    });
    let created = client
        .create_instance()
        .name("Lab directory")
        .description("A lab")
        .identity_store_type("ACTIVE_DIRECTORY")
        .identity_store_config(serde_json::from_value(config).unwrap())
        .send()
        .await
        .unwrap()
        .instance;
    assert!(created.id.starts_with("ssoins-"), "{}", created.id);
    assert_eq!(created.state, "ACTIVE");
    let after = instance_names(&client).await;
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.contains(&"Lab directory".to_owned()), "{after:?}");

    let shown = client.show_instance().instance_id(&created.id);
    let shown = shown.send().await.unwrap().instance;
    assert_eq!(
        shown.identity_store_type.as_deref(),
        Some("ACTIVE_DIRECTORY")
    );
    assert_eq!(shown.description.as_deref(), Some("A lab"));
    let config = shown.identity_store_config.expect("the LDAP settings");
    assert_eq!(
        config.connection_url.as_deref(),
        Some("ldaps://ad.example.com:636")
    );
    assert_ne!(config.bind_credential.as_deref(), Some("hunter2-secret"));
    // Nor in the create's answer, nor in ListInstances.
    let answered = created
        .identity_store_config
        .as_ref()
        .and_then(|c| c.bind_credential.clone());
    assert_ne!(answered.as_deref(), Some("hunter2-secret"));
    let listed = client.list_instances().collect().await.unwrap();
    let listed = serde_json::to_string(&listed).unwrap();
    assert!(listed.contains("ldaps://ad.example.com:636") && !listed.contains("hunter2-secret"));

    // Empty: no users, groups or permission sets.
    let users = client.list_users().instance_id(&created.id).collect().await;
    assert!(users.unwrap().is_empty());
    let groups = client
        .list_groups()
        .instance_id(&created.id)
        .collect()
        .await;
    assert!(groups.unwrap().is_empty());
    let sets = client.list_permission_sets().instance_id(&created.id);
    assert!(sets.collect().await.unwrap().is_empty());
}

#[tokio::test]
async fn instance_names_are_unique_and_an_empty_name_is_refused_before_sending() {
    let (emulator, client) = setup().await;
    let taken = instance_names(&client).await[0].clone();
    let err = client
        .create_instance()
        .name(&taken)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), (409, "Conflict".to_owned()));
    let sent = emulator.request_count();
    let err = client.create_instance().name("").send().await.unwrap_err();
    assert!(matches!(err, idc::Error::InvalidRequest { .. }), "{err}");
    assert_eq!(emulator.request_count(), sent, "refused before sending");
    assert_eq!(
        instance_names(&client).await.len(),
        2,
        "nothing was created"
    );
}

#[tokio::test]
async fn set_instance_renames_everywhere_and_keeps_what_it_is_not_given() {
    let (_emulator, client) = setup().await;
    let before = client.show_instance().instance_id(INSTANCE).send().await;
    let before = before.unwrap().instance;
    let set = client
        .set_instance()
        .instance_id(INSTANCE)
        .name("Renamed SSO")
        .send()
        .await
        .unwrap()
        .instance;
    assert_eq!(set.name, "Renamed SSO");
    assert_eq!(set.description, before.description, "left as it is");
    assert!(
        instance_names(&client)
            .await
            .contains(&"Renamed SSO".to_owned())
    );
    let shown = client.show_instance().instance_id(INSTANCE).send().await;
    assert_eq!(shown.unwrap().instance.name, "Renamed SSO");

    // Another instance's name is taken; an unknown instance is not found.
    let other = client
        .show_instance()
        .instance_id(demo::SCP_OTHER_INSTANCE_ID);
    let other = other.send().await.unwrap().instance.name;
    let err = client
        .set_instance()
        .instance_id(INSTANCE)
        .name(&other)
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 409);
    let err = client
        .set_instance()
        .instance_id("ssoins-none")
        .name("x")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);
    // The instance's own name again is no conflict.
    let same = client
        .set_instance()
        .instance_id(INSTANCE)
        .name("Renamed SSO");
    assert_eq!(same.send().await.unwrap().instance.name, "Renamed SSO");
}

#[tokio::test]
async fn a_deleted_instance_is_gone_and_everything_in_it_answers_404() {
    let (_emulator, client) = setup().await;
    let name = client.show_instance().instance_id(INSTANCE).send().await;
    let name = name.unwrap().instance.name;
    assert!(!assignments(&client, ApiVersion::latest()).await.is_empty());
    client
        .delete_instance()
        .instance_id(INSTANCE)
        .send()
        .await
        .unwrap();

    let listed = client.list_instances().collect().await.unwrap();
    assert!(listed.iter().all(|i| i.id != INSTANCE), "{listed:?}");
    assert_eq!(
        not_found(client.show_instance().instance_id(INSTANCE).send().await),
        404
    );
    assert_eq!(not_found(show_user(&client, demo::SCP_USER_ID).await), 404);
    let users = client.list_users().instance_id(INSTANCE).collect().await;
    assert_eq!(not_found(users), 404);
    let group = client
        .show_group()
        .instance_id(INSTANCE)
        .group_id(demo::SCP_GROUP_ID);
    assert_eq!(not_found(group.send().await), 404);
    let set = client.show_permission_set().instance_id(INSTANCE);
    let set = set
        .permission_set_id(demo::SCP_PERMISSION_SET_ID)
        .send()
        .await;
    assert_eq!(not_found(set), 404);
    let listed = client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .target_account_id(ACCOUNT)
        .collect()
        .await;
    assert_eq!(not_found(listed), 404);
    // Nothing can be added to it, and deleting it again finds nothing.
    let create = client
        .create_group()
        .instance_id(INSTANCE)
        .name("Late")
        .send()
        .await;
    assert_eq!(not_found(create), 404);
    let again = client.delete_instance().instance_id(INSTANCE).send().await;
    assert_eq!(not_found(again), 404);

    // The other instance keeps its rows, the organization its accounts.
    let other = demo::SCP_OTHER_INSTANCE_ID;
    assert!(listed_ids(&client).await.contains(&other.to_owned()));
    let accounts = client
        .organization()
        .unwrap()
        .list_accounts()
        .collect()
        .await;
    assert!(accounts.unwrap().iter().any(|a| a.id == ACCOUNT));
    // Its name is free again, and the new instance under it starts empty.
    let new = client
        .create_instance()
        .name(&name)
        .send()
        .await
        .unwrap()
        .instance;
    assert_ne!(new.id, INSTANCE);
    let users = client.list_users().instance_id(&new.id).collect().await;
    assert!(users.unwrap().is_empty());
}

/// The HTTP status of a failed request.
fn not_found<T: std::fmt::Debug>(result: idc::Result<T>) -> u16 {
    status(result.unwrap_err()).0
}

async fn listed_ids(client: &Client) -> Vec<String> {
    let list = client.list_instances().collect().await.unwrap();
    list.into_iter().map(|i| i.id).collect()
}
