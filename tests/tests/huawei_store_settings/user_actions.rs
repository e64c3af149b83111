//! RegisterMfaDeviceForUser, UpdateMfaDeviceForUser, ResetPwdMode, VerifyEmail and
//! GetSpConfigurationForDirectory.

use idc_emulator::huawei::{UNKNOWN_IDENTITY_STORE, UNKNOWN_SIGN_IN, UNKNOWN_USER};

use super::*;

/// The (device id, display name) of each MFA device of `user`.
async fn devices(client: &StoreClient, user: &str) -> Vec<(String, Option<String>)> {
    let listed = client
        .batch_list_mfa_devices_for_user()
        .identity_store_id(STORE)
        .user_list(ids::MfaDeviceUser {
            identity_store_id: STORE.to_owned(),
            user_id: user.to_owned(),
        })
        .send()
        .await
        .unwrap();
    let entry = listed
        .user_mfa_devices_entry_list
        .into_iter()
        .next()
        .unwrap();
    let devices = entry.mfa_devices.unwrap_or_default().into_iter();
    devices
        .map(|d| (d.device_id.unwrap(), d.display_name))
        .collect()
}

#[tokio::test]
async fn a_renamed_mfa_device_is_listed_with_its_new_name_and_a_registration_starts_for_a_user() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let alice = demo::HUAWEI_PRINCIPAL_ID;
    let before = devices(&client, alice).await;
    assert_eq!(before.len(), 1, "the demo's device of alice");
    let device = before[0].0.clone();
    let rename = |user: &str, device: &str, name: &str| {
        client
            .update_mfa_device_for_user()
            .identity_store_id(STORE)
            .user_id(user)
            .device_id(device)
            .display_name(name)
            .send()
    };
    rename(alice, &device, "Alice's security key")
        .await
        .unwrap();
    assert_eq!(
        devices(&client, alice).await,
        [(device.clone(), Some("Alice's security key".to_owned()))]
    );
    // Another user's device, an unknown device: 404, nothing renamed.
    let bob = create_user(&client, "bob-mfa").await;
    assert_eq!(
        status_code(rename(&bob, &device, "x").await),
        (404, UNKNOWN_SIGN_IN.to_owned())
    );
    assert_eq!(
        status_code(rename(alice, "no-device", "x").await),
        (404, UNKNOWN_SIGN_IN.to_owned())
    );
    assert_eq!(
        devices(&client, alice).await[0].1.as_deref(),
        Some("Alice's security key")
    );
    // A rule of the spec: a display name of at least one character.
    let empty = rename(alice, &device, "").await;
    assert!(
        matches!(empty, Err(Error::InvalidRequest { .. })),
        "{empty:?}"
    );

    let register = |user: &str| {
        client
            .register_mfa_device_for_user()
            .identity_store_id(STORE)
            .user_id(user)
            .send()
    };
    let started = register(&bob).await.unwrap();
    assert_eq!(started.user_id.as_deref(), Some(&*bob));
    let work_flow = started.work_flow.unwrap();
    assert!(started.redirect_url.unwrap().contains(&work_flow));
    assert_ne!(
        register(&bob).await.unwrap().work_flow,
        Some(work_flow),
        "each registration is new"
    );
    // Nothing is registered until the user finishes.
    assert!(devices(&client, &bob).await.is_empty());
    assert_eq!(
        status_code(register("nobody").await),
        (404, UNKNOWN_USER.to_owned())
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn a_password_reset_answers_a_one_time_password_only_in_otp_mode() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let user = create_user(&client, "forgetful").await;
    let reset = |user: &str, mode: &str| {
        client
            .reset_pwd_mode()
            .identity_store_id(STORE)
            .user_id(user)
            .mode(mode)
            .send()
    };
    let first = reset(&user, "OTP").await.unwrap().password.unwrap();
    let second = reset(&user, "OTP").await.unwrap().password.unwrap();
    assert!(first.expose().len() >= 8);
    assert_ne!(first, second);
    assert_eq!(reset(&user, "EMAIL").await.unwrap().password, None);
    assert_eq!(
        status_code(reset("nobody", "OTP").await),
        (404, UNKNOWN_USER.to_owned())
    );
    // A mode the spec does not list is refused before sending.
    let unknown = reset(&user, "SMS").await;
    assert!(
        matches!(unknown, Err(Error::InvalidRequest { .. })),
        "{unknown:?}"
    );

    let verify = |user: &str| {
        client
            .verify_email()
            .identity_store_id(STORE)
            .user_id(user)
            .send()
    };
    verify(&user).await.unwrap();
    assert_eq!(
        status_code(verify("nobody").await),
        (404, UNKNOWN_USER.to_owned())
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn the_service_provider_settings_name_the_identity_store() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let config = client
        .get_sp_configuration_for_directory()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    let saml = config.sp_saml_config.unwrap();
    let (acs, issuer) = (saml.acs_url.unwrap(), saml.issuer.unwrap());
    assert!(acs.contains(STORE) && acs.starts_with("https://"));
    assert!(
        saml.metadata
            .unwrap()
            .contains(&format!("entityID=\"{issuer}\""))
    );
    assert!(
        config
            .sp_oidc_config
            .unwrap()
            .redirect_url
            .unwrap()
            .contains(STORE)
    );
    let missing = client
        .get_sp_configuration_for_directory()
        .identity_store_id(NO_STORE)
        .send()
        .await;
    assert_eq!(
        status_code(missing),
        (404, UNKNOWN_IDENTITY_STORE.to_owned())
    );
    emu.shutdown().await;
}
