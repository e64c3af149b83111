//! The SCP report against the emulator after writes through the facade: an assignment created
//! reaches the report (directly or through a group's members), a renamed group shows its new name,
//! a user removed from a group loses that group's access, a deleted assignment is gone.

use futures::TryStreamExt;
use idc::scp::iam_identity_center::types::{
    AssignmentAccount, AssignmentPermissionSet, AssignmentPrincipal,
};
use idc::scp::{Client, Credentials};
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use idc_report::scp::ScpSource;
use idc_report::{Report, Row, ViaType};
use serde_json::json;

const INSTANCE: &str = demo::SCP_INSTANCE_ID;
const ACCOUNT: &str = demo::SCP_TARGET_ACCOUNT_ID;
const SET: &str = demo::SCP_PERMISSION_SET_ID;

async fn start() -> (RunningEmulator, Client) {
    let emulator = Emulator::builder()
        .data(DataSet::demo())
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint(emulator.base_url())
        .credentials(Credentials::new(demo::SCP_ACCESS_KEY, demo::SCP_SECRET_KEY))
        .build()
        .unwrap();
    (emulator, client)
}

/// The report's rows of one user.
async fn rows_of(client: &Client, user: &str) -> Vec<Row> {
    let source = ScpSource::connect(client.clone(), Some(INSTANCE))
        .await
        .unwrap();
    let rows: Vec<Row> = Report::new(source).rows().try_collect().await.unwrap();
    rows.into_iter().filter(|r| r.user_id == user).collect()
}

async fn assign(client: &Client, principal: &str, kind: &str) -> String {
    let account: AssignmentAccount =
        serde_json::from_value(json!({"target_account_id": ACCOUNT})).unwrap();
    let set: AssignmentPermissionSet =
        serde_json::from_value(json!({"permission_set_id": SET})).unwrap();
    let principal: AssignmentPrincipal =
        serde_json::from_value(json!({"principal_id": principal, "principal_type": kind})).unwrap();
    let made = client
        .create_account_assignment()
        .instance_id(INSTANCE)
        .accounts(account)
        .permission_sets(set)
        .principals(principal)
        .send()
        .await
        .unwrap();
    made.account_assignments[0].id.clone()
}

#[tokio::test]
async fn the_scp_report_follows_every_write() {
    let (_emulator, client) = start().await;
    let user = client
        .create_user()
        .instance_id(INSTANCE)
        .user_id("report.user")
        .name("Report User")
        .email("report.user@example.com")
        .send()
        .await
        .unwrap()
        .user
        .id;
    assert!(rows_of(&client, &user).await.is_empty(), "no access yet");

    // Through a group: the member reaches the account, under the group's (new) name.
    let group = client
        .create_group()
        .instance_id(INSTANCE)
        .name("ReportGroup")
        .user_uuids(&user)
        .send()
        .await
        .unwrap()
        .group
        .id;
    assign(&client, &group, "GROUP").await;
    let rows = rows_of(&client, &user).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(
        (row.target_id.as_str(), row.via_type),
        (ACCOUNT, ViaType::Group)
    );
    assert_eq!(row.permission_set_id.as_deref(), Some(SET));
    assert_eq!(row.via_name.as_deref(), Some("ReportGroup"));
    client
        .set_group()
        .group_id(&group)
        .instance_id(INSTANCE)
        .name("RenamedGroup")
        .send()
        .await
        .unwrap();
    let rows = rows_of(&client, &user).await;
    assert_eq!(rows[0].via_name.as_deref(), Some("RenamedGroup"));

    // Removed from the group: that access is gone.
    client
        .delete_bulk_group_users()
        .group_id(&group)
        .instance_id(INSTANCE)
        .user_uuids(&user)
        .send()
        .await
        .unwrap();
    assert!(rows_of(&client, &user).await.is_empty());

    // Directly: shown until the assignment is deleted.
    let id = assign(&client, &user, "USER").await;
    let rows = rows_of(&client, &user).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].via_type, ViaType::User);
    client
        .delete_account_assignment()
        .account_assignment_id(&id)
        .instance_id(INSTANCE)
        .target_account_id(ACCOUNT)
        .send()
        .await
        .unwrap();
    assert!(rows_of(&client, &user).await.is_empty());
}
