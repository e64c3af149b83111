//! An instance's configuration documents: each starts at the emulator's documented default (or
//! 404 until created), is written, and reads back; an unknown instance or a wrong identity store is
//! a 404 that changes nothing.

use std::time::Duration;

use idc::huawei::identitycenter::types;
use idc_emulator::demo;
use idc_emulator::huawei::{
    MODIFICATION_CONFLICT, NOT_FOUND, UNKNOWN_IDENTITY_STORE, UNKNOWN_INSTANCE,
};
use serde_json::json;

use super::*;

fn abac(pairs: &[(&str, &str)]) -> types::InstanceAccessControlAttributeConfiguration {
    let attributes: Vec<_> = (pairs.iter())
        .map(|(key, source)| json!({"key": key, "value": {"source": [source]}}))
        .collect();
    serde_json::from_value(json!({ "access_control_attributes": attributes })).unwrap()
}

#[tokio::test]
async fn the_sso_configuration_starts_at_its_default_and_a_partial_update_keeps_the_rest() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let read = || client.get_sso_configuration().instance_id(INSTANCE).send();
    let before = read().await.unwrap().sso_configuration.unwrap();
    assert_eq!(before.mfa_mode.as_deref(), Some("CONTEXT_AWARE"));
    assert_eq!(before.allowed_mfa_types, Some(vec!["TOTP".to_owned()]));
    let sent: types::SsoConfiguration = serde_json::from_value(
        json!({"mfa_mode": "ALWAYS_ON", "allowed_mfa_types": ["TOTP", "WEBAUTHN_SECURITY_KEY"]}),
    )
    .unwrap();
    (client.update_sso_configuration())
        .instance_id(INSTANCE)
        .configuration_type("APP_AUTHENTICATION_CONFIGURATION")
        .sso_configuration(sent.clone())
        .send()
        .await
        .unwrap();
    let after = read().await.unwrap().sso_configuration.unwrap();
    assert_eq!(after.mfa_mode.as_deref(), Some("ALWAYS_ON"));
    assert_eq!(after.allowed_mfa_types, sent.allowed_mfa_types);
    // What was not sent kept its value.
    assert_eq!(after.no_mfa_signin_behavior, before.no_mfa_signin_behavior);
    assert_eq!(after.session_configuration, before.session_configuration);
    // The other instance still has the default.
    let other = (client.get_sso_configuration())
        .instance_id(demo::HUAWEI_OTHER_INSTANCE_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(other.sso_configuration, Some(before));
    let unknown = (client.update_sso_configuration())
        .instance_id("ins-0000000000000000")
        .configuration_type("APP_AUTHENTICATION_CONFIGURATION")
        .sso_configuration(sent)
        .send()
        .await;
    assert_eq!(code_of(unknown), (Some(404), UNKNOWN_INSTANCE.to_owned()));
}

#[tokio::test]
async fn the_ha_choice_and_mfa_device_management_are_written_and_read_back() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let ha = || client.get_ha_configuration().instance_id(INSTANCE).send();
    assert_eq!(
        ha().await.unwrap().disaster_recovery_choice.as_deref(),
        Some("REJECT")
    );
    (client.update_ha_configuration())
        .instance_id(INSTANCE)
        .disaster_recovery_choice("ACCEPT")
        .send()
        .await
        .unwrap();
    assert_eq!(
        ha().await.unwrap().disaster_recovery_choice.as_deref(),
        Some("ACCEPT")
    );

    let mfa = || {
        (client.get_mfa_device_management_for_identity_store())
            .instance_id(INSTANCE)
            .send()
    };
    let before = mfa().await.unwrap();
    assert_eq!(
        before.identity_store_id.as_deref(),
        Some(demo::HUAWEI_IDENTITY_STORE_ID)
    );
    assert_eq!(before.user_permission.as_deref(), Some("ALLOWED"));
    let put = |store: &'static str| {
        (client.put_mfa_device_management_for_identity_store())
            .instance_id(INSTANCE)
            .identity_store_id(store)
            .user_permission("NOT_ALLOWED")
            .send()
    };
    // Another instance's identity store is refused, and nothing changes.
    let wrong = put(demo::HUAWEI_OTHER_IDENTITY_STORE_ID).await;
    assert_eq!(
        code_of(wrong),
        (Some(404), UNKNOWN_IDENTITY_STORE.to_owned())
    );
    assert_eq!(mfa().await.unwrap(), before);
    put(demo::HUAWEI_IDENTITY_STORE_ID).await.unwrap();
    assert_eq!(
        mfa().await.unwrap().user_permission.as_deref(),
        Some("NOT_ALLOWED")
    );
}

#[tokio::test]
async fn the_abac_configuration_is_created_described_updated_and_deleted() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let describe = || {
        (client.describe_instance_access_control_attribute_configuration())
            .instance_id(INSTANCE)
            .send()
    };
    let create = |config| {
        (client.create_instance_access_control_attribute_configuration())
            .instance_id(INSTANCE)
            .instance_access_control_attribute_configuration(config)
            .send()
    };
    let update = |config| {
        (client.update_instance_access_control_attribute_configuration())
            .instance_id(INSTANCE)
            .instance_access_control_attribute_configuration(config)
            .send()
    };
    let delete = || {
        (client.delete_instance_access_control_attribute_configuration())
            .instance_id(INSTANCE)
            .send()
    };
    // Nothing to describe, update or delete before it is created.
    let not_found = || (Some(404), NOT_FOUND.to_owned());
    assert_eq!(code_of(describe().await), not_found());
    let update_first = update(abac(&[("a", "${user:email}")])).await;
    assert_eq!(code_of(update_first), not_found());
    assert_eq!(code_of(delete().await), not_found());
    // Two attributes with one key are refused.
    let twice = abac(&[("team", "${user:email}"), ("team", "${user:displayName}")]);
    assert_eq!(code_of(create(twice).await).0, Some(400));
    assert_eq!(code_of(describe().await).0, Some(404));

    let first = abac(&[("CostCenter", "${user:enterprise.costCenter}")]);
    create(first.clone()).await.unwrap();
    let described = describe().await.unwrap();
    assert_eq!(
        described.instance_access_control_attribute_configuration,
        Some(first.clone())
    );
    assert_eq!(described.status.as_deref(), Some("ENABLED"));
    let again = create(abac(&[("x", "${user:email}")])).await;
    assert_eq!(
        code_of(again),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );
    assert_eq!(
        describe()
            .await
            .unwrap()
            .instance_access_control_attribute_configuration,
        Some(first)
    );

    let second = abac(&[
        ("Department", "${user:enterprise.department}"),
        ("Email", "${user:email}"),
    ]);
    update(second.clone()).await.unwrap();
    assert_eq!(
        describe()
            .await
            .unwrap()
            .instance_access_control_attribute_configuration,
        Some(second)
    );
    delete().await.unwrap();
    assert_eq!(code_of(describe().await), not_found());
    assert_eq!(code_of(delete().await), not_found());
}

#[tokio::test]
async fn the_identity_store_association_names_the_instances_identity_store() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    for instance in client.list_instances().collect().await.unwrap() {
        let associations = (client.list_identity_store_association())
            .instance_id(&instance.instance_id)
            .send()
            .await
            .unwrap()
            .identity_store_associations;
        assert_eq!(associations.len(), 1);
        assert_eq!(
            associations[0].identity_store_id,
            instance.identity_store_id
        );
    }
    let unknown = (client.list_identity_store_association())
        .instance_id("ins-0000000000000000")
        .send()
        .await;
    assert_eq!(code_of(unknown), (Some(404), UNKNOWN_INSTANCE.to_owned()));
}

#[tokio::test]
async fn an_alias_is_set_once() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    // The demo instance has one already: a second is refused and it keeps its own.
    let refused = client
        .create_alias()
        .instance_id(INSTANCE)
        .alias("renamed")
        .send()
        .await;
    assert_eq!(code_of(refused).0, Some(409));
    let instances = client.list_instances().collect().await.unwrap();
    let demo = instances
        .iter()
        .find(|i| i.instance_id == INSTANCE)
        .unwrap();
    assert_eq!(demo.alias.as_deref(), Some("example-org"));
    let unknown = (client.create_alias())
        .instance_id("ins-0000000000000000")
        .alias("x")
        .send()
        .await;
    assert_eq!(code_of(unknown).0, Some(404));
}
