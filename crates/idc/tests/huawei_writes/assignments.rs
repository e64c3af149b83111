//! Account assignments: asynchronous creation and deletion, the views that follow them, and the
//! refusals.

use std::time::Duration;

use idc::Error;
use idc_emulator::demo;

use super::*;

/// Whether the principal holds `set` on `account` in both assignment views.
async fn assigned(client: &Client, account: &str, set: &str, principal: &str) -> (bool, bool) {
    let on_account = client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .account_id(account)
        .collect()
        .await
        .unwrap();
    let of_principal = client
        .list_account_assignments_for_principal()
        .instance_id(INSTANCE)
        .principal_id(principal)
        .principal_type(idc::PrincipalType::User)
        .collect()
        .await
        .unwrap();
    let same = |a: &idc_raw::huawei_identitycenter::types::AccountAssignment| {
        a.account_id == account && a.permission_set_id == set && a.principal_id == principal
    };
    (on_account.iter().any(same), of_principal.iter().any(same))
}

/// The accounts `set` is provisioned to, and the permission sets provisioned to `account`.
async fn provisioned(client: &Client, set: &str, account: &str) -> (Vec<String>, Vec<String>) {
    let accounts = client
        .list_accounts_for_provisioned_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(set)
        .collect()
        .await
        .unwrap();
    let sets = client
        .list_permission_sets_provisioned_to_account()
        .instance_id(INSTANCE)
        .account_id(account)
        .collect()
        .await
        .unwrap();
    (accounts, sets)
}

fn create(
    client: &Client,
    set: &str,
    principal: &str,
    account: &str,
) -> idc::huawei::identitycenter::CreateAccountAssignment {
    client
        .create_account_assignment()
        .instance_id(INSTANCE)
        .permission_set_id(set)
        .principal_id(principal)
        .principal_type("USER")
        .target_id(account)
        .target_type("ACCOUNT")
}

fn delete(
    client: &Client,
    set: &str,
    principal: &str,
    account: &str,
) -> idc::huawei::identitycenter::DeleteAccountAssignment {
    client
        .delete_account_assignment()
        .instance_id(INSTANCE)
        .permission_set_id(set)
        .principal_id(principal)
        .principal_type("USER")
        .target_id(account)
        .target_type("ACCOUNT")
}

#[tokio::test]
async fn an_assignment_is_in_progress_then_in_every_view_then_gone_from_every_view() {
    let emulator = start(Duration::from_millis(400)).await;
    let client = client(&emulator);
    let set = new_permission_set(&client, "Auditors").await;
    let (user, account) = (demo::HUAWEI_PRINCIPAL_ID, demo::HUAWEI_ACCOUNT_ID);

    let accepted = create(&client, &set, user, account).send().await.unwrap();
    let status = accepted.account_assignment_creation_status.unwrap();
    assert_eq!(status.status.as_deref(), Some("IN_PROGRESS"));
    assert_eq!(status.permission_set_id.as_deref(), Some(set.as_str()));
    assert_eq!(status.target_id.as_deref(), Some(account));
    let request_id = status.request_id.unwrap();
    // Not granted yet: no view shows it.
    assert_eq!(assigned(&client, account, &set, user).await, (false, false));
    let pending = client
        .list_account_assignment_creation_status()
        .instance_id(INSTANCE)
        .status("IN_PROGRESS")
        .collect()
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].request_id.as_deref(), Some(request_id.as_str()));

    let done = client
        .describe_account_assignment_creation_status()
        .instance_id(INSTANCE)
        .request_id(&request_id)
        .wait_with(quick())
        .await
        .unwrap();
    let done = done.account_assignment_creation_status.unwrap();
    assert_eq!(done.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(done.failure_reason, None);
    assert_eq!(assigned(&client, account, &set, user).await, (true, true));
    let (accounts, sets) = provisioned(&client, &set, account).await;
    assert_eq!(accounts, vec![account.to_owned()]);
    assert!(sets.contains(&set));
    let succeeded = client
        .list_account_assignment_creation_status()
        .instance_id(INSTANCE)
        .status("SUCCEEDED")
        .collect()
        .await
        .unwrap();
    assert_eq!(succeeded.len(), 1);

    let removed = delete(&client, &set, user, account)
        .send_and_wait_with(quick())
        .await
        .unwrap();
    let removed = removed.account_assignment_deletion_status.unwrap();
    assert_eq!(removed.status.as_deref(), Some("SUCCEEDED"));
    assert_eq!(assigned(&client, account, &set, user).await, (false, false));
    // The last assignment of the set on the account took its provisioning with it.
    let (accounts, sets) = provisioned(&client, &set, account).await;
    assert!(accounts.is_empty(), "{accounts:?}");
    assert!(!sets.contains(&set), "{sets:?}");
    let deletions = client
        .list_account_assignment_deletion_status()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert_eq!(deletions.len(), 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_principal_or_permission_set_that_does_not_exist_fails_with_its_reason() {
    let emulator = start(Duration::from_millis(50)).await;
    let client = client(&emulator);
    let set = new_permission_set(&client, "Ghosts").await;
    let account = demo::HUAWEI_ACCOUNT_ID;

    let err = create(&client, &set, "no-such-user", account)
        .send_and_wait_with(quick())
        .await
        .unwrap_err();
    match &err {
        Error::WaitFailed { status, reason, .. } => {
            assert_eq!(status, "FAILED");
            let reason = reason.as_deref().unwrap_or_default();
            assert!(reason.contains("no-such-user"), "{reason}");
        }
        other => panic!("expected WaitFailed, got {other:?}"),
    }
    let err = create(&client, "ps-nothing", demo::HUAWEI_PRINCIPAL_ID, account)
        .send_and_wait_with(quick())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::WaitFailed { reason: Some(r), .. } if r.contains("ps-nothing")),
        "{err:?}"
    );
    let failed = client
        .list_account_assignment_creation_status()
        .instance_id(INSTANCE)
        .status("FAILED")
        .collect()
        .await
        .unwrap();
    assert_eq!(failed.len(), 2);
    // Nothing was assigned.
    let on_account = client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .account_id(account)
        .permission_set_id(&set)
        .collect()
        .await
        .unwrap();
    assert!(on_account.is_empty(), "{on_account:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn refusals_not_found_conflicts_and_validation() {
    let emulator = start(Duration::from_millis(300)).await;
    let client = client(&emulator);
    let (user, account) = (demo::HUAWEI_PRINCIPAL_ID, demo::HUAWEI_ACCOUNT_ID);
    let existing = client
        .list_account_assignments_for_principal()
        .instance_id(INSTANCE)
        .principal_id(user)
        .principal_type(idc::PrincipalType::User)
        .collect()
        .await
        .unwrap()
        .remove(0);

    // Creating what exists.
    let again = create(
        &client,
        &existing.permission_set_id,
        user,
        &existing.account_id,
    );
    assert_eq!(
        code_of(again.send().await),
        (
            Some(409),
            idc_emulator::huawei::MODIFICATION_CONFLICT.to_owned()
        )
    );
    // A second request on an assignment whose first is in progress.
    let set = new_permission_set(&client, "Twice").await;
    create(&client, &set, user, account).send().await.unwrap();
    assert_eq!(
        code_of(create(&client, &set, user, account).send().await),
        (
            Some(409),
            idc_emulator::huawei::CONCURRENT_REQUEST.to_owned()
        )
    );
    // Deleting what does not exist, on an unknown instance, a status nobody asked for.
    assert_eq!(
        code_of(delete(&client, "ps-none", user, account).send().await),
        (Some(404), idc_emulator::huawei::NOT_FOUND.to_owned())
    );
    let elsewhere = create(&client, &set, user, account).instance_id("ins-0000000000000000");
    assert_eq!(
        code_of(elsewhere.send().await),
        (Some(404), idc_emulator::huawei::UNKNOWN_INSTANCE.to_owned())
    );
    let unknown = client
        .describe_account_assignment_deletion_status()
        .instance_id(INSTANCE)
        .request_id("00000000-0000-4000-a000-000000000000")
        .send()
        .await;
    assert_eq!(
        code_of(unknown),
        (Some(404), idc_emulator::huawei::NOT_FOUND.to_owned())
    );
    // The spec's rules: a principal type and an id outside them are refused before sending.
    let bad_type = create(&client, &set, user, account).principal_type("ROBOT");
    assert!(matches!(
        bad_type.send().await,
        Err(Error::InvalidRequest { .. })
    ));
    let bad_id = create(&client, "not an id", user, account);
    assert!(matches!(
        bad_id.send().await,
        Err(Error::InvalidRequest { .. })
    ));
    emulator.shutdown().await;
}
