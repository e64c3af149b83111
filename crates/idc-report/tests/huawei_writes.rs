//! The report follows the Huawei IdentityCenter writes: an account assignment created (for a user,
//! or a group and so each of its members) shows in the report's rows once it SUCCEEDED, and is
//! gone once its deletion SUCCEEDED.

use std::time::Duration;

use futures::TryStreamExt;
use idc_emulator::{Emulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::{Report, Row, ViaType};

const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;

fn client(base: &str) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(base)
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(demo::HUAWEI_PROJECT_ID),
        )
        .build()
        .unwrap()
}

async fn rows(client: &idc::huawei::Client) -> Vec<Row> {
    let source = HuaweiSource::connect(client.clone(), Some(INSTANCE))
        .await
        .unwrap();
    Report::new(source).rows().try_collect().await.unwrap()
}

fn quick() -> idc::wait::WaitOptions {
    idc::wait::WaitOptions::default()
        .with_initial_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_millis(50))
}

#[tokio::test]
async fn the_report_shows_an_assignment_once_created_and_not_once_deleted() {
    let emulator = Emulator::builder()
        .async_delay(Duration::from_millis(50))
        .start()
        .await
        .unwrap();
    let client = client(emulator.base_url());
    let set = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name("Reviewers")
        .send()
        .await
        .unwrap()
        .permission_set
        .and_then(|s| s.permission_set_id)
        .unwrap();
    let of_set = |rows: &[Row]| -> Vec<(String, ViaType, String)> {
        let mut found: Vec<_> = rows
            .iter()
            .filter(|r| r.permission_set_id.as_deref() == Some(set.as_str()))
            .map(|r| (r.user_id.clone(), r.via_type, r.target_id.clone()))
            .collect();
        found.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
        found
    };
    assert!(of_set(&rows(&client).await).is_empty());

    let account = demo::HUAWEI_ACCOUNT_ID;
    let assign = |kind: &str, principal: &str| {
        client
            .create_account_assignment()
            .instance_id(INSTANCE)
            .permission_set_id(&set)
            .principal_id(principal)
            .principal_type(kind)
            .target_id(account)
            .target_type("ACCOUNT")
    };
    assign("USER", demo::HUAWEI_PRINCIPAL_ID)
        .send_and_wait_with(quick())
        .await
        .unwrap();
    let after = rows(&client).await;
    assert_eq!(
        of_set(&after),
        vec![(
            demo::HUAWEI_PRINCIPAL_ID.to_owned(),
            ViaType::User,
            account.to_owned()
        )]
    );
    let row = after
        .iter()
        .find(|r| r.permission_set_id.as_deref() == Some(set.as_str()))
        .unwrap();
    assert_eq!(row.permission_set_name.as_deref(), Some("Reviewers"));

    // A group's assignment reaches each of its members.
    assign("GROUP", demo::HUAWEI_GROUP_ID)
        .send_and_wait_with(quick())
        .await
        .unwrap();
    let members = client
        .identity_store()
        .unwrap()
        .list_group_memberships()
        .identity_store_id(demo::HUAWEI_IDENTITY_STORE_ID)
        .group_id(demo::HUAWEI_GROUP_ID)
        .collect()
        .await
        .unwrap();
    assert!(!members.is_empty());
    let via_group: Vec<_> = of_set(&rows(&client).await)
        .into_iter()
        .filter(|(_, via, _)| *via == ViaType::Group)
        .collect();
    assert_eq!(via_group.len(), members.len());

    client
        .delete_account_assignment()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .principal_id(demo::HUAWEI_PRINCIPAL_ID)
        .principal_type("USER")
        .target_id(account)
        .target_type("ACCOUNT")
        .send_and_wait_with(quick())
        .await
        .unwrap();
    let remaining = of_set(&rows(&client).await);
    assert!(
        remaining.iter().all(|(_, via, _)| *via == ViaType::Group),
        "{remaining:?}"
    );
    assert_eq!(remaining.len(), members.len());
    emulator.shutdown().await;
}
