//! Concurrent writes are serialized: identical requests are accepted once, distinct ones all land,
//! and a reader never sees an assignment without the provisioning that comes with it.

use std::collections::HashSet;
use std::time::Duration;

use idc_emulator::demo;

use super::*;

#[tokio::test]
async fn concurrent_assignments_are_serialized_and_every_view_agrees() {
    let emulator = start(Duration::from_millis(100)).await;
    let client = client(&emulator);
    let set = new_permission_set(&client, "Crowd").await;
    let accounts = accounts(&client).await;
    let users: Vec<String> = client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(demo::HUAWEI_IDENTITY_STORE_ID)
        .collect()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.user_id)
        .collect();

    // Eight identical requests at once: one is accepted, the others find it in progress.
    let same = (0..8).map(|_| {
        let request = client
            .create_account_assignment()
            .instance_id(INSTANCE)
            .permission_set_id(&set)
            .principal_id(&users[0])
            .principal_type("USER")
            .target_id(&accounts[0])
            .target_type("ACCOUNT");
        tokio::spawn(async move { request.send().await })
    });
    let mut accepted = 0;
    for task in same.collect::<Vec<_>>() {
        match task.await.unwrap() {
            Ok(_) => accepted += 1,
            Err(e) => assert_eq!(e.status(), Some(409), "{e}"),
        }
    }
    assert_eq!(accepted, 1);

    // Every other (user, account) at once, waited on, while readers check the views agree.
    let pairs: Vec<(String, String)> = users
        .iter()
        .flat_map(|u| accounts.iter().map(move |a| (u.clone(), a.clone())))
        .skip(1)
        .collect();
    let writers: Vec<_> = pairs
        .iter()
        .map(|(user, account)| {
            let request = client
                .create_account_assignment()
                .instance_id(INSTANCE)
                .permission_set_id(&set)
                .principal_id(user)
                .principal_type("USER")
                .target_id(account)
                .target_type("ACCOUNT");
            tokio::spawn(async move { request.send_and_wait_with(quick()).await })
        })
        .collect();
    let readers: Vec<_> = accounts
        .iter()
        .map(|account| {
            let (client, set, account) = (client.clone(), set.clone(), account.clone());
            tokio::spawn(async move {
                for _ in 0..5 {
                    let seen = client
                        .list_account_assignments()
                        .instance_id(INSTANCE)
                        .account_id(&account)
                        .permission_set_id(&set)
                        .collect()
                        .await
                        .unwrap();
                    let provisioned = client
                        .list_accounts_for_provisioned_permission_set()
                        .instance_id(INSTANCE)
                        .permission_set_id(&set)
                        .collect()
                        .await
                        .unwrap();
                    // Assignments are only added here: one seen stays, with its provisioning.
                    assert!(seen.is_empty() || provisioned.contains(&account));
                    tokio::time::sleep(Duration::from_millis(30)).await;
                }
            })
        })
        .collect();
    for writer in writers {
        let done = writer.await.unwrap().unwrap();
        let status = done.account_assignment_creation_status.unwrap();
        assert_eq!(status.status.as_deref(), Some("SUCCEEDED"));
    }
    for reader in readers {
        reader.await.unwrap();
    }
    // Wait for the first (identical) request too, then count: each pair exactly once.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut seen = HashSet::new();
    for account in &accounts {
        let on_account = client
            .list_account_assignments()
            .instance_id(INSTANCE)
            .account_id(account)
            .permission_set_id(&set)
            .collect()
            .await
            .unwrap();
        for a in on_account {
            assert!(seen.insert((a.principal_id, a.account_id)), "listed once");
        }
    }
    assert_eq!(seen.len(), users.len() * accounts.len());
    let succeeded = client
        .list_account_assignment_creation_status()
        .instance_id(INSTANCE)
        .status("SUCCEEDED")
        .collect()
        .await
        .unwrap();
    assert_eq!(succeeded.len(), users.len() * accounts.len());
    emulator.shutdown().await;
}
