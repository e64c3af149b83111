//! The SCP access writes: permission sets and their policies, account assignments (listed in
//! every API version until deleted, reaching a group's members), and the documentation's request
//! bodies on the wire.

use super::*;
#[tokio::test]
async fn permission_sets_and_their_policies_change_every_view() {
    let (_emulator, client) = setup().await;
    let set = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Auditing")
        .session_duration(3600)
        .managed_policies("ViewOnlyAccess")
        .custom_policies("audit-logs")
        .send()
        .await
        .unwrap();
    assert_eq!(set.custom_policies.as_ref().map(Vec::len), Some(1));
    let listed = client
        .list_permission_sets()
        .instance_id(INSTANCE)
        .name("Auditing")
        .collect()
        .await
        .unwrap();
    assert_eq!(listed[0].id, set.id);
    let err = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Auditing")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 409);
    // Validation: the pre-1.2 field name is refused by 1.4, and the 1.4 name by 1.1.
    let err = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Old")
        .customer_policies("p")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()), (400, "ValidationError".into()));
    let err = (client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Old")
        .custom_policies("p"))
    .api_version(ApiVersion::new(1, 1))
    .send()
    .await;
    assert_eq!(status(err.unwrap_err()).0, 400);

    let changed = client
        .set_permission_set()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .session_duration(7200)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (changed.session_duration, changed.name.as_str()),
        (Some(7200), "Auditing")
    );
    client
        .set_permission_set_policies()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .managed_policies("AdministratorAccess")
        .inline_policies(json!({"Statement": []}).to_string())
        .send()
        .await
        .unwrap();
    let policies = client
        .list_permission_set_policies()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    let categories: Vec<_> = policies
        .iter()
        .map(|p| p["category"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(categories, ["MANAGED_POLICY", "INLINE_POLICY"]);
    let err = client
        .delete_permission_set_policies()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .policy_ids("nope")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);
    client
        .delete_permission_set_policies()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .policy_ids("AdministratorAccess")
        .send()
        .await
        .unwrap();
    let policies = client
        .list_permission_set_policies()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert_eq!(policies.len(), 1);

    // An assigned set is not deleted; a free one is.
    let err = client
        .delete_permission_set()
        .permission_set_id(demo::SCP_PERMISSION_SET_ID)
        .instance_id(INSTANCE)
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 409);
    client
        .delete_permission_set()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .send()
        .await
        .unwrap();
    let err = client
        .show_permission_set()
        .permission_set_id(&set.id)
        .instance_id(INSTANCE)
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);
}

fn assign(
    client: &Client,
    principal: &str,
    kind: &str,
    set: &str,
) -> idc::scp::iam_identity_center::CreateAccountAssignment {
    let (account, set, principal): (
        AssignmentAccount,
        AssignmentPermissionSet,
        AssignmentPrincipal,
    ) = (
        serde_json::from_value(json!({"target_account_id": ACCOUNT})).unwrap(),
        serde_json::from_value(json!({"permission_set_id": set})).unwrap(),
        serde_json::from_value(json!({"principal_id": principal, "principal_type": kind})).unwrap(),
    );
    client
        .create_account_assignment()
        .instance_id(INSTANCE)
        .accounts(account)
        .permission_sets(set)
        .principals(principal)
}

#[tokio::test]
async fn assignments_are_listed_in_every_version_until_deleted() {
    let (_emulator, client) = setup().await;
    let user = new_user(&client, "assignee", &[]).await;
    let made = assign(&client, &user, "USER", demo::SCP_PERMISSION_SET_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(made.account_assignments.len(), 1);
    let id = made.account_assignments[0].id.clone();
    for version in ApiVersion::all() {
        let all = assignments(&client, version).await;
        let mine: Vec<_> = all.iter().filter(|a| a.principal_id == user).collect();
        assert_eq!(mine.len(), 1, "{version:?}");
        assert_eq!(mine[0].principal_name, "Name of assignee");
        let sets: Vec<_> = mine[0]
            .permission_sets
            .iter()
            .filter_map(|p| p.permission_set_id.as_deref())
            .collect();
        assert_eq!(sets, [demo::SCP_PERMISSION_SET_ID]);
    }
    let unassigned = |client: Client| async move {
        let users = client
            .list_users()
            .instance_id(INSTANCE)
            .excluded_account_id(ACCOUNT);
        let users = users.collect().await.unwrap();
        users.into_iter().map(|u| u.id).collect::<Vec<_>>()
    };
    assert!(!unassigned(client.clone()).await.contains(&user));
    // The same assignment again is the same record.
    let again = assign(&client, &user, "USER", demo::SCP_PERMISSION_SET_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(again.account_assignments[0].id, id);
    assert_eq!(
        assignments(&client, ApiVersion::latest())
            .await
            .iter()
            .filter(|a| a.principal_id == user)
            .count(),
        1
    );
    // Not found: a permission set or principal that does not exist; nothing is assigned.
    let err = assign(&client, &user, "USER", "no-such-set")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err).0, 404);
    let err = assign(&client, "nobody", "GROUP", demo::SCP_PERMISSION_SET_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err).0, 404);
    // The user cannot be deleted while assigned.
    let kept = delete_user(&client, &user).await.unwrap();
    assert_eq!(kept.failed_ids[0].error_code.as_deref(), Some("IN_USE"));

    // A bulk delete naming an unknown id deletes nothing; the id alone deletes it.
    let bulk = client
        .delete_bulk_account_assignment()
        .instance_id(INSTANCE)
        .target_account_id(ACCOUNT)
        .account_assignment_ids(&id)
        .account_assignment_ids("nope");
    assert_eq!(status(bulk.send().await.unwrap_err()).0, 404);
    assert!(
        assignments(&client, ApiVersion::latest())
            .await
            .iter()
            .any(|a| a.principal_id == user)
    );
    client
        .delete_account_assignment()
        .account_assignment_id(&id)
        .instance_id(INSTANCE)
        .target_account_id(ACCOUNT)
        .send()
        .await
        .unwrap();
    assert!(
        !assignments(&client, ApiVersion::latest())
            .await
            .iter()
            .any(|a| a.principal_id == user)
    );
    let err = client
        .delete_account_assignment()
        .account_assignment_id(&id)
        .instance_id(INSTANCE)
        .target_account_id(ACCOUNT)
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);
    assert!(unassigned(client.clone()).await.contains(&user));
    let gone = delete_user(&client, &user).await.unwrap();
    assert_eq!(gone.success_ids.len(), 1, "no longer assigned");
}

#[tokio::test]
async fn a_user_removed_from_a_group_loses_what_the_group_was_assigned() {
    let (_emulator, client) = setup().await;
    let user = new_user(&client, "via.group", &[]).await;
    let group = client
        .create_group()
        .instance_id(INSTANCE)
        .name("Reachers")
        .user_uuids(&user)
        .send()
        .await
        .unwrap()
        .group
        .id;
    assign(&client, &group, "GROUP", demo::SCP_PERMISSION_SET_ID)
        .send()
        .await
        .unwrap();
    let reaches = |client: Client, user: String| async move {
        let groups = show_user(&client, &user).await.unwrap().user.groups;
        let all = assignments(&client, ApiVersion::latest()).await;
        all.iter()
            .any(|a| a.principal_id == user || groups.iter().any(|g| g.id == a.principal_id))
    };
    assert!(reaches(client.clone(), user.clone()).await);
    client
        .delete_bulk_group_users()
        .group_id(&group)
        .instance_id(INSTANCE)
        .user_uuids(&user)
        .send()
        .await
        .unwrap();
    assert!(!reaches(client.clone(), user.clone()).await);
}

/// Sends a signed SCP request with a JSON body, as the documentation shows it, outside the facade.
async fn send_raw(
    base: &str,
    method: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let url = format!("{base}{path}");
    let millis = NOW_SECS * 1000;
    let (key, secret) = (demo::SCP_ACCESS_KEY, demo::SCP_SECRET_KEY);
    let signature = scp_signature(secret, &format!("{method}{url}{millis}{key}Openapi"));
    let response = client()
        .request(method.parse().unwrap(), &url)
        .header("Scp-Accesskey", key)
        .header("Scp-Signature", signature)
        .header("Scp-Timestamp", millis.to_string())
        .header("Scp-ClientType", "Openapi")
        .header("Scp-Api-Version", "iam-identity-center 1.4")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

#[tokio::test]
async fn the_documented_request_bodies_are_accepted_and_broken_ones_refused() {
    let (emulator, client) = setup().await;
    let base = emulator.base_url();
    // The documentation's CreateAccountAssignment example, with the demo's ids.
    let example = json!({
        "accounts": [{
            "target_account_email": "target_account@example.com",
            "target_account_id": ACCOUNT,
            "target_account_name": "target_account@example.com",
        }],
        "instance_id": INSTANCE,
        "permission_sets": [{
            "custom_policies": [], "inline_policies": [], "managed_policies": [],
            "permission_set_id": demo::SCP_PERMISSION_SET_ID,
            "permission_set_name": "Permission Set",
            "permission_set_srn": "srn:<offering>::<project-id>:<region>::permissionSet/x/y",
            "session_duration": 3600,
        }],
        "principals": [{"principal_id": demo::SCP_GROUP_ID, "principal_type": "USER"}]
    });
    // The example names a group as a USER: no such user.
    let (status, body) = send_raw(base, "POST", "/v1/account-assignments", example.clone()).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (404, Some("NotFound"))
    );
    let mut fixed = example;
    fixed["principals"][0]["principal_type"] = json!("GROUP");
    let (status, body) = send_raw(base, "POST", "/v1/account-assignments", fixed).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        body["account_assignments"][0]["principal_id"],
        demo::SCP_GROUP_ID
    );
    // The user example, less its required email: a 400 in SCP's shape, and no user.
    let user = json!({
        "instance_id": INSTANCE, "user_id": "johndoe", "name": "John Doe",
        "temporary_password": true,
    });
    let (status, body) = send_raw(base, "POST", "/v1/users", user).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (400, Some("ValidationError"))
    );
    let none = users_with_login(&client, "johndoe").await;
    assert!(none.is_empty());
    // DeleteGroup takes the instance in its body, as DeleteUser does.
    let group = client
        .create_group()
        .instance_id(INSTANCE)
        .name("Raw")
        .send()
        .await
        .unwrap()
        .group
        .id;
    let (status, _) = send_raw(
        base,
        "DELETE",
        &format!("/v1/groups/{group}"),
        json!({"instance_id": INSTANCE}),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = send_raw(base, "DELETE", &format!("/v1/groups/{group}"), json!({})).await;
    assert_eq!(status, 400, "the instance is required");
}
