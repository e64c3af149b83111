//! The SCP iam-identity-center writes through the `idc` facade against the emulator's demo data:
//! per operation the happy path, not found, conflict and validation, and every read view agreeing
//! after each write (ShowUser, ListUsers, ListGroups, ShowGroup, ListGroupUsers,
//! ListPermissionSets, ListPermissionSetPolicies, ListAccountAssignments in every API version);
//! concurrent writes serialized.

#[path = "scp_writes/access.rs"]
mod access;
mod common;
#[path = "scp_writes/instances.rs"]
mod instances;

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

    // Conflict: the login ID is taken. Not found: a group that does not exist (nothing is made).
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

    // DeleteUser: gone from every view with its memberships; a second delete reports it missing.
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
    assert_eq!(
        member_ids(&client, &group).await,
        std::slice::from_ref(&other)
    );
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
