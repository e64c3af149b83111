//! The SCP iam-identity-center writes through the `idc` facade against the emulator's demo data:
//! per operation the happy path, not found, conflict and validation, and every read view agreeing
//! after each write (ShowUser, ListUsers, ListGroups, ShowGroup, ListGroupUsers,
//! ListPermissionSets, ListPermissionSetPolicies, ListAccountAssignments in every API version);
//! concurrent writes serialized.

mod common;

use std::sync::Arc;

use common::*;
use futures::future::join_all;
use idc::scp::{ApiVersion, Client, Credentials};
use idc_emulator::{RunningEmulator, demo};
use idc_raw::scp::types::{
    AccountAssignment, AssignmentAccount, AssignmentPermissionSet, AssignmentPrincipal,
    BulkDeleteResult, UserShowResponse, UserSummary,
};
use serde_json::json;

const INSTANCE: &str = demo::SCP_INSTANCE_ID;
const ACCOUNT: &str = demo::SCP_TARGET_ACCOUNT_ID;

async fn setup() -> (RunningEmulator, Client) {
    let clock = clock();
    let emulator = builder(&clock).start().await.unwrap();
    let client = Client::builder()
        .endpoint(emulator.base_url())
        .credentials(Credentials::new(demo::SCP_ACCESS_KEY, demo::SCP_SECRET_KEY))
        .clock(Arc::new(clock))
        .build()
        .unwrap();
    (emulator, client)
}

/// The HTTP status and code of a service error.
fn status(error: idc::Error) -> (u16, String) {
    let code = error.service_error().and_then(|e| e.code.clone());
    (error.status().unwrap_or_default(), code.unwrap_or_default())
}

async fn show_user(client: &Client, id: &str) -> idc::Result<UserShowResponse> {
    let show = client.show_user().instance_id(INSTANCE).user_uuid(id);
    show.send().await
}

async fn delete_user(client: &Client, id: &str) -> idc::Result<BulkDeleteResult> {
    let delete = client.delete_user().user_uuid(id).instance_id(INSTANCE);
    delete.send().await
}

async fn users_with_login(client: &Client, login: &str) -> Vec<UserSummary> {
    let list = client.list_users().instance_id(INSTANCE).user_id(login);
    list.collect().await.unwrap()
}

async fn new_user(client: &Client, login: &str, groups: &[&str]) -> String {
    let mut create = client
        .create_user()
        .instance_id(INSTANCE)
        .user_id(login)
        .name(format!("Name of {login}"))
        .email(format!("{login}@example.com"));
    for g in groups {
        create = create.group_ids(*g);
    }
    create.send().await.unwrap().user.id
}

async fn assignments(client: &Client, version: ApiVersion) -> Vec<AccountAssignment> {
    client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .target_account_id(ACCOUNT)
        .api_version(version)
        .collect()
        .await
        .unwrap()
}

async fn member_ids(client: &Client, group: &str) -> Vec<String> {
    let users = client
        .list_group_users()
        .instance_id(INSTANCE)
        .group_id(group)
        .collect()
        .await
        .unwrap();
    users.into_iter().map(|u| u.id).collect()
}

#[tokio::test]
async fn users_are_created_changed_and_deleted_and_every_view_agrees() {
    let (_emulator, client) = setup().await;
    let id = new_user(&client, "new.user", &[demo::SCP_GROUP_ID]).await;

    let shown = show_user(&client, &id).await.unwrap();
    assert_eq!(shown.user.user_id, "new.user");
    let groups: Vec<_> = shown.user.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groups, [demo::SCP_GROUP_ID]);
    let listed = users_with_login(&client, "new.user").await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    assert!(member_ids(&client, demo::SCP_GROUP_ID).await.contains(&id));

    // Conflict: the login ID is taken. Not found: a group that does not exist, and nothing is created.
    let again = client
        .create_user()
        .instance_id(INSTANCE)
        .user_id("new.user")
        .name("x")
        .email("x@example.com");
    assert_eq!(
        status(again.send().await.unwrap_err()),
        (409, "Conflict".into())
    );
    let lost = client
        .create_user()
        .instance_id(INSTANCE)
        .user_id("lost")
        .name("x")
        .email("x@example.com");
    let err = lost.group_ids("no-such-group").send().await.unwrap_err();
    assert_eq!(status(err), (404, "NotFound".into()));
    let none = users_with_login(&client, "lost").await;
    assert!(none.is_empty());
    // Validation: a required field left out fails before sending.
    let incomplete = client
        .create_user()
        .instance_id(INSTANCE)
        .user_id("y")
        .name("y");
    assert!(matches!(
        incomplete.send().await,
        Err(idc::Error::InvalidRequest { .. })
    ));

    // SetUser: the new name shows in the user's views; an unknown user is 404.
    let set = client
        .set_user()
        .user_uuid(&id)
        .instance_id(INSTANCE)
        .name("Renamed")
        .tz_id("Asia/Seoul");
    assert_eq!(set.send().await.unwrap().user.name, "Renamed");
    let shown = show_user(&client, &id).await.unwrap();
    assert_eq!(
        (shown.user.name.as_str(), shown.user.tz_id.as_deref()),
        ("Renamed", Some("Asia/Seoul"))
    );
    assert_eq!(
        shown.user.email.as_deref(),
        Some("new.user@example.com"),
        "left as it was"
    );
    let group = client
        .show_group()
        .instance_id(INSTANCE)
        .group_id(demo::SCP_GROUP_ID)
        .send()
        .await
        .unwrap();
    assert!(
        group
            .group
            .users
            .iter()
            .any(|u| u.id == id && u.name == "Renamed")
    );
    let err = client
        .set_user()
        .user_uuid("no-such-user")
        .instance_id(INSTANCE)
        .name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err).0, 404);

    // DeleteUser: gone from every view, its memberships with it; a second delete reports it missing.
    let deleted = delete_user(&client, &id).await.unwrap();
    assert_eq!(deleted.success_ids.len(), 1);
    assert_eq!(deleted.success_ids[0].success_id, id);
    let err = show_user(&client, &id).await.unwrap_err();
    assert_eq!(status(err).0, 404);
    assert!(!member_ids(&client, demo::SCP_GROUP_ID).await.contains(&id));
    let again = delete_user(&client, &id).await.unwrap();
    assert_eq!(again.failed_ids[0].error_code.as_deref(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn bulk_user_deletes_report_each_user_and_keep_assigned_ones() {
    let (_emulator, client) = setup().await;
    let free = new_user(&client, "free", &[]).await;
    let result = client
        .delete_bulk_users()
        .instance_id(INSTANCE)
        .user_uuids(&free)
        .user_uuids("no-such-user")
        .user_uuids(demo::SCP_USER_ID)
        .send()
        .await
        .unwrap();
    let ok: Vec<_> = result
        .success_ids
        .iter()
        .map(|s| s.success_id.as_str())
        .collect();
    assert_eq!(ok, [free.as_str()]);
    let failed: Vec<_> = (result.failed_ids.iter())
        .map(|f| {
            (
                f.failed_id.as_str(),
                f.error_code.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        failed,
        [("no-such-user", "NOT_FOUND"), (demo::SCP_USER_ID, "IN_USE")]
    );
    // The assigned user is still there, with its assignments.
    let shown = show_user(&client, demo::SCP_USER_ID).await;
    assert!(shown.is_ok());
    let all = assignments(&client, ApiVersion::latest()).await;
    assert!(all.iter().any(|a| a.principal_id == demo::SCP_USER_ID));
    let err = show_user(&client, &free).await.unwrap_err();
    assert_eq!(status(err).0, 404);
}

#[tokio::test]
async fn groups_and_memberships_change_every_view() {
    let (_emulator, client) = setup().await;
    let user = new_user(&client, "member", &[]).await;
    let created = client
        .create_group()
        .instance_id(INSTANCE)
        .name("Auditors")
        .user_uuids(&user)
        .send()
        .await
        .unwrap();
    let group = created.group.id.clone();
    assert_eq!(created.group.user_count, Some(1));
    let listed = client
        .list_groups()
        .instance_id(INSTANCE)
        .name("Auditors")
        .collect()
        .await
        .unwrap();
    assert_eq!((listed.len(), listed[0].user_count), (1, 1));
    let err = client
        .create_group()
        .instance_id(INSTANCE)
        .name("Auditors")
        .send()
        .await
        .unwrap_err();
    assert_eq!(status(err), (409, "Conflict".into()));
    let err = client
        .create_group()
        .instance_id(INSTANCE)
        .name("X")
        .user_uuids("nobody")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);

    // Memberships: added users show on both sides; removed ones leave both.
    let other = new_user(&client, "other", &[]).await;
    let added = client
        .create_bulk_group_users()
        .group_id(&group)
        .instance_id(INSTANCE)
        .user_uuids(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(added.group.user_count, 2);
    let shown = show_user(&client, &other).await.unwrap();
    assert!(shown.user.groups.iter().any(|g| g.id == group));
    let err = client
        .create_bulk_group_users()
        .group_id(&group)
        .instance_id(INSTANCE)
        .user_uuids("nobody")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);
    client
        .delete_bulk_group_users()
        .group_id(&group)
        .instance_id(INSTANCE)
        .user_uuids(&user)
        .send()
        .await
        .unwrap();
    assert_eq!(member_ids(&client, &group).await, [other.clone()]);
    let shown = show_user(&client, &user).await.unwrap();
    assert!(shown.user.groups.is_empty());

    // SetGroup: a rename shows in ListGroups and in the principal name of the group's assignments.
    let renamed = client
        .set_group()
        .group_id(demo::SCP_GROUP_ID)
        .instance_id(INSTANCE)
        .name("GROUP-RENAMED")
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.group.name, "GROUP-RENAMED");
    for version in ApiVersion::all() {
        let all = assignments(&client, version).await;
        let names: Vec<_> = all
            .iter()
            .filter(|a| a.principal_id == demo::SCP_GROUP_ID)
            .map(|a| a.principal_name.as_str())
            .collect();
        assert_eq!(names, ["GROUP-RENAMED"], "{version:?}");
    }
    let err = client
        .set_group()
        .group_id(&group)
        .instance_id(INSTANCE)
        .name("GROUP-RENAMED")
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 409, "another group's name");

    // Deletes: an assigned group is refused; a free one goes, and its members lose it.
    let err = client
        .delete_group()
        .group_id(demo::SCP_GROUP_ID)
        .instance_id(INSTANCE)
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 409);
    client
        .delete_group()
        .group_id(&group)
        .instance_id(INSTANCE)
        .send()
        .await
        .unwrap();
    let shown = show_user(&client, &other).await.unwrap();
    assert!(shown.user.groups.is_empty());
    let err = client
        .delete_group()
        .group_id(&group)
        .instance_id(INSTANCE)
        .send()
        .await;
    assert_eq!(status(err.unwrap_err()).0, 404);
    let bulk = client
        .delete_bulk_groups()
        .instance_id(INSTANCE)
        .group_ids(demo::SCP_GROUP_ID)
        .group_ids(&group)
        .send()
        .await
        .unwrap();
    let codes: Vec<_> = bulk
        .failed_ids
        .iter()
        .map(|f| f.error_code.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        (bulk.success_ids.len(), codes),
        (0, vec!["IN_USE", "NOT_FOUND"])
    );
}

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

#[tokio::test]
async fn concurrent_writes_are_serialized() {
    let (_emulator, client) = setup().await;
    // One name, many creates at once: exactly one wins, the others conflict.
    let creates = (0..16).map(|_| {
        client
            .create_group()
            .instance_id(INSTANCE)
            .name("Racers")
            .send()
    });
    let outcomes = join_all(creates).await;
    let won = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(won, 1);
    assert!(
        outcomes
            .into_iter()
            .filter_map(Result::err)
            .all(|e| e.status() == Some(409))
    );
    let group = client
        .list_groups()
        .instance_id(INSTANCE)
        .name("Racers")
        .collect()
        .await
        .unwrap();
    assert_eq!(group.len(), 1);
    // Many users join the group at once: each is a member exactly once, on both sides.
    let logins: Vec<String> = (0..12).map(|i| format!("racer{i}")).collect();
    let users = join_all(logins.iter().map(|l| new_user(&client, l, &[]))).await;
    let adds = users.iter().map(|u| {
        let add = client
            .create_bulk_group_users()
            .group_id(&group[0].id)
            .instance_id(INSTANCE);
        add.user_uuids(u).send()
    });
    assert!(join_all(adds).await.iter().all(Result::is_ok));
    let mut members = member_ids(&client, &group[0].id).await;
    members.sort();
    let mut want = users.clone();
    want.sort();
    assert_eq!(members, want);
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
        "accounts": [{"target_account_email": "target_account@example.com",
                      "target_account_id": ACCOUNT, "target_account_name": "target_account@example.com"}],
        "instance_id": INSTANCE,
        "permission_sets": [{"custom_policies": [], "inline_policies": [], "managed_policies": [],
                             "permission_set_id": demo::SCP_PERMISSION_SET_ID, "permission_set_name": "Permission Set",
                             "permission_set_srn": "srn:<offering>::<project-id>:<region>::permissionSet/x/y",
                             "session_duration": 3600}],
        "principals": [{"principal_id": demo::SCP_GROUP_ID, "principal_type": "USER"}]
    });
    // The example names a group as a USER: no such user.
    let (status, body) = send_raw(&base, "POST", "/v1/account-assignments", example.clone()).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (404, Some("NotFound"))
    );
    let mut fixed = example;
    fixed["principals"][0]["principal_type"] = json!("GROUP");
    let (status, body) = send_raw(&base, "POST", "/v1/account-assignments", fixed).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        body["account_assignments"][0]["principal_id"],
        demo::SCP_GROUP_ID
    );
    // The user example, less its required email: a 400 in SCP's shape, and no user.
    let user = json!({"instance_id": INSTANCE, "user_id": "johndoe", "name": "John Doe", "temporary_password": true});
    let (status, body) = send_raw(&base, "POST", "/v1/users", user).await;
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
        &base,
        "DELETE",
        &format!("/v1/groups/{group}"),
        json!({"instance_id": INSTANCE}),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = send_raw(&base, "DELETE", &format!("/v1/groups/{group}"), json!({})).await;
    assert_eq!(status, 400, "the instance is required");
}
