//! The Huawei IdentityStore writes end to end through the `idc` facade against the emulator: per
//! operation the happy path, the 404, the 409 and a rule of the spec, and every read view agreeing
//! after each write (the user and group reads, the memberships both ways, the access report, the
//! sessions and MFA devices); concurrent creates of one user name (exactly one wins).

use idc::Error;
use idc::huawei::identitystore::Client as StoreClient;
use idc_emulator::RunningEmulator;
use idc_emulator::demo;
use idc_raw::huawei_identitystore::types as ids;
use idc_tests::{demo_emulator, huawei};

#[path = "huawei_store_writes/groups.rs"]
mod groups;
#[path = "huawei_store_writes/memberships.rs"]
mod memberships;
#[path = "huawei_store_writes/sign_ins.rs"]
mod sign_ins;
#[path = "huawei_store_writes/users.rs"]
mod users;

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;

fn store_client(emu: &RunningEmulator) -> StoreClient {
    huawei(emu).build().unwrap().identity_store().unwrap()
}

/// The status and error code of a service error.
fn status_code<T: std::fmt::Debug>(result: Result<T, Error>) -> (u16, String) {
    match result {
        Err(Error::Service(e)) => (e.status, e.code.clone().unwrap_or_default()),
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// A value of one of the API's types, from its JSON.
fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// Creates user `name` (display name `display`) and answers its id.
async fn create_user(client: &StoreClient, name: &str, display: &str) -> Result<String, Error> {
    let created = client
        .create_user()
        .identity_store_id(STORE)
        .user_name(name)
        .password_mode("OTP")
        .display_name(display)
        .name(from_json(
            serde_json::json!({"family_name": "Tester", "given_name": display}),
        ))
        .emails(from_json(serde_json::json!({"primary": true, "type": "Work", "value": format!("{name}@example.com")})))
        .send()
        .await?;
    assert_eq!(created.identity_store_id.as_deref(), Some(STORE));
    Ok(created.user_id.unwrap())
}

/// Creates group `name` and answers its id.
async fn create_group(client: &StoreClient, name: &str) -> String {
    let created = client
        .create_group()
        .identity_store_id(STORE)
        .display_name(name)
        .description("made by a test")
        .send()
        .await
        .unwrap();
    created.group_id.unwrap()
}

/// Adds `user` to `group` and answers the membership id.
async fn add_member(client: &StoreClient, group: &str, user: &str) -> Result<String, Error> {
    let created = client
        .create_group_membership()
        .identity_store_id(STORE)
        .group_id(group)
        .member_id(ids::MemberId {
            user_id: user.to_owned(),
        })
        .send()
        .await?;
    Ok(created.membership_id.unwrap())
}

/// The ids of the groups `user` is a member of, by `ListGroupMembershipsForMember`.
async fn groups_of(client: &StoreClient, user: &str) -> Vec<String> {
    let memberships = client
        .list_group_memberships_for_member()
        .identity_store_id(STORE)
        .user_id(user)
        .collect()
        .await
        .unwrap();
    memberships.into_iter().filter_map(|m| m.group_id).collect()
}

#[tokio::test]
async fn concurrent_creates_of_one_user_name_have_exactly_one_winner() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let attempts = (0..8).map(|i| {
        let client = client.clone();
        async move { create_user(&client, "racer", &format!("Racer {i}")).await }
    });
    let results = futures::future::join_all(attempts).await;
    let winners: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for result in results.iter().filter(|r| r.is_err()) {
        match result {
            Err(Error::Service(e)) => {
                assert_eq!(
                    (e.status, e.code.as_deref()),
                    (409, Some(idc_emulator::huawei::IDENTITY_TAKEN))
                )
            }
            other => panic!("{other:?}"),
        }
    }
    let listed = client
        .list_users()
        .identity_store_id(STORE)
        .user_name("racer")
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(&listed[0].user_id, winners[0]);
    emu.shutdown().await;
}
