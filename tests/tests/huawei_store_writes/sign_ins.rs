//! ListSessions, BatchDeleteSessions, BatchListMfaDevicesForUser and DeleteMfaDeviceForUser.

use idc_emulator::huawei::{UNKNOWN_SIGN_IN, UNKNOWN_USER};
use idc_raw::huawei_identitystore::types as ids;

use super::*;

async fn sessions(client: &StoreClient, user: &str) -> Result<Vec<String>, Error> {
    let listed = client
        .list_sessions()
        .identity_store_id(STORE)
        .user_id(user)
        .send()
        .await?;
    Ok(listed
        .session_list
        .into_iter()
        .filter_map(|s| s.session_id)
        .collect())
}

async fn devices(client: &StoreClient, users: &[&str]) -> Result<Vec<Vec<String>>, Error> {
    let user_list: Vec<ids::MfaDeviceUser> = users
        .iter()
        .map(|u| ids::MfaDeviceUser {
            identity_store_id: STORE.to_owned(),
            user_id: (*u).to_owned(),
        })
        .collect();
    let listed = client
        .batch_list_mfa_devices_for_user()
        .identity_store_id(STORE)
        .set_user_list(Some(user_list))
        .send()
        .await?;
    let entries = listed.user_mfa_devices_entry_list;
    assert_eq!(entries.len(), users.len());
    Ok(entries
        .into_iter()
        .map(|e| e.mfa_devices.unwrap_or_default())
        .map(|d| d.into_iter().filter_map(|d| d.device_id).collect())
        .collect())
}

#[tokio::test]
async fn ended_sessions_are_gone_and_an_unknown_one_ends_nothing() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let alice = demo::HUAWEI_PRINCIPAL_ID;
    let open = sessions(&client, alice).await.unwrap();
    assert_eq!(open.len(), 2, "the demo's sessions of alice");
    let end = |ids: Vec<String>| {
        client
            .batch_delete_sessions()
            .identity_store_id(STORE)
            .user_id(alice)
            .set_session_ids(Some(ids))
            .send()
    };
    // One of the ids is not alice's: 404 and both sessions stay.
    let refused = end(vec![open[0].clone(), "not-a-session".to_owned()]).await;
    assert_eq!(status_code(refused), (404, UNKNOWN_SIGN_IN.to_owned()));
    assert_eq!(sessions(&client, alice).await.unwrap(), open);
    end(vec![open[0].clone()]).await.unwrap();
    assert_eq!(
        sessions(&client, alice).await.unwrap(),
        vec![open[1].clone()]
    );
    let again = end(vec![open[0].clone()]).await;
    assert_eq!(status_code(again), (404, UNKNOWN_SIGN_IN.to_owned()));
    let missing = sessions(&client, "nobody").await;
    assert_eq!(status_code(missing), (404, UNKNOWN_USER.to_owned()));
    // A new user has no sessions.
    let fresh = create_user(&client, "leo", "Leo").await.unwrap();
    assert!(sessions(&client, &fresh).await.unwrap().is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn a_removed_mfa_device_is_no_longer_listed() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let alice = demo::HUAWEI_PRINCIPAL_ID;
    let fresh = create_user(&client, "mia", "Mia").await.unwrap();
    let listed = devices(&client, &[alice, &fresh]).await.unwrap();
    assert_eq!(listed[0].len(), 1, "the demo's device of alice");
    assert!(listed[1].is_empty());
    let device = listed[0][0].clone();
    let remove = |user: &str, device: &str| {
        client
            .delete_mfa_device_for_user()
            .identity_store_id(STORE)
            .user_id(user)
            .device_id(device)
            .send()
    };
    // Another user's device: 404, kept.
    assert_eq!(
        status_code(remove(&fresh, &device).await),
        (404, UNKNOWN_SIGN_IN.to_owned())
    );
    remove(alice, &device).await.unwrap();
    assert!(devices(&client, &[alice]).await.unwrap()[0].is_empty());
    assert_eq!(
        status_code(remove(alice, &device).await),
        (404, UNKNOWN_SIGN_IN.to_owned())
    );
    let unknown = devices(&client, &["nobody"]).await;
    assert_eq!(status_code(unknown), (404, UNKNOWN_USER.to_owned()));
    emu.shutdown().await;
}
