//! Provisioning: a changed permission set is outdated on its accounts until it is provisioned
//! again, asynchronously.

use std::time::Duration;

use idc::Error;
use idc_emulator::demo;

use super::*;

async fn accounts_with(client: &Client, set: &str, status: &str) -> Vec<String> {
    client
        .list_accounts_for_provisioned_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(set)
        .provisioning_status(status)
        .collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_change_outdates_the_accounts_and_provisioning_brings_them_up_to_date() {
    let emulator = start(Duration::from_millis(300)).await;
    let client = client(&emulator);
    let account = demo::HUAWEI_ACCOUNT_ID;
    let set = client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .account_id(account)
        .collect()
        .await
        .unwrap()
        .remove(0)
        .permission_set_id;
    const LATEST: &str = "LATEST_PERMISSION_SET_PROVISIONED";
    const OUTDATED: &str = "LATEST_PERMISSION_SET_NOT_PROVISIONED";
    assert!(
        accounts_with(&client, &set, LATEST)
            .await
            .contains(&account.to_owned())
    );

    client
        .put_custom_role_to_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .custom_role(r#"{"Version":"1.1","Statement":[]}"#)
        .send()
        .await
        .unwrap();
    assert!(
        accounts_with(&client, &set, OUTDATED)
            .await
            .contains(&account.to_owned())
    );
    assert!(
        !accounts_with(&client, &set, LATEST)
            .await
            .contains(&account.to_owned())
    );
    let outdated_sets = client
        .list_permission_sets_provisioned_to_account()
        .instance_id(INSTANCE)
        .account_id(account)
        .provisioning_status(OUTDATED)
        .collect()
        .await
        .unwrap();
    assert!(outdated_sets.contains(&set));

    let accepted = client
        .provision_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .target_type("ACCOUNT")
        .target_id(account)
        .send()
        .await
        .unwrap()
        .permission_set_provisioning_status
        .unwrap();
    assert_eq!(accepted.status.as_deref(), Some("IN_PROGRESS"));
    assert_eq!(accepted.account_id.as_deref(), Some(account));
    let request_id = accepted.request_id.unwrap();
    // Still outdated while in progress.
    assert!(
        accounts_with(&client, &set, OUTDATED)
            .await
            .contains(&account.to_owned())
    );
    let done = client
        .describe_permission_set_provisioning_status()
        .instance_id(INSTANCE)
        .request_id(&request_id)
        .wait_with(quick())
        .await
        .unwrap()
        .permission_set_provisioning_status
        .unwrap();
    assert_eq!(done.status.as_deref(), Some("SUCCEEDED"));
    assert!(
        accounts_with(&client, &set, LATEST)
            .await
            .contains(&account.to_owned())
    );
    assert!(
        !accounts_with(&client, &set, OUTDATED)
            .await
            .contains(&account.to_owned())
    );

    // Every account at once.
    client
        .update_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .session_duration("PT4H")
        .send()
        .await
        .unwrap();
    let outdated = accounts_with(&client, &set, OUTDATED).await;
    assert!(!outdated.is_empty());
    client
        .provision_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .target_type("ALL_PROVISIONED_ACCOUNTS")
        .send_and_wait_with(quick())
        .await
        .unwrap();
    assert!(accounts_with(&client, &set, OUTDATED).await.is_empty());
    let mut latest = accounts_with(&client, &set, LATEST).await;
    latest.sort();
    let mut expected = outdated.clone();
    expected.sort();
    assert_eq!(latest, expected);
    let statuses = client
        .list_permission_set_provisioning_status()
        .instance_id(INSTANCE)
        .status("SUCCEEDED")
        .collect()
        .await
        .unwrap();
    assert_eq!(statuses.len(), 2);
    emulator.shutdown().await;
}

#[tokio::test]
async fn provisioning_to_an_unknown_account_fails_and_a_missing_target_is_refused() {
    let emulator = start(Duration::from_millis(30)).await;
    let client = client(&emulator);
    let set = new_permission_set(&client, "Nowhere").await;
    let err = client
        .provision_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .target_type("ACCOUNT")
        .target_id("000000000000000000000000000000ff")
        .send_and_wait_with(quick())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::WaitFailed { reason: Some(r), .. } if r.contains("000000000000000000000000000000ff")),
        "{err:?}"
    );
    let no_target = client
        .provision_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(&set)
        .target_type("ACCOUNT")
        .send()
        .await;
    assert_eq!(code_of(no_target).0, Some(400));
    let no_set = client
        .provision_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id("ps-none")
        .target_type("ALL_PROVISIONED_ACCOUNTS")
        .send()
        .await;
    assert_eq!(
        code_of(no_set),
        (
            Some(404),
            idc_emulator::huawei::UNKNOWN_PERMISSION_SET.to_owned()
        )
    );
    emulator.shutdown().await;
}
