//! The organization's service instance: started exactly when an instance exists, so its status,
//! its registered region and `list_instances` agree after every write; deleting it is refused while
//! anything is in it.

use std::time::Duration;

use idc_emulator::huawei::MODIFICATION_CONFLICT;
use idc_emulator::{DataSet, Emulator, HuaweiCredential, demo};

use super::*;

/// An emulator of an organization that has not started IAM Identity Center (the demo credentials,
/// no instance).
async fn unstarted() -> RunningEmulator {
    let mut data = DataSet::default();
    data.huawei.credentials = vec![HuaweiCredential {
        access_key: demo::HUAWEI_ACCESS_KEY.into(),
        secret_key: demo::HUAWEI_SECRET_KEY.into(),
        domain_id: Some(demo::HUAWEI_DOMAIN_ID.into()),
        project_id: Some(demo::HUAWEI_PROJECT_ID.into()),
    }];
    Emulator::builder()
        .data(data)
        .start()
        .await
        .expect("the emulator starts")
}

async fn status(client: &idc::huawei::Client) -> String {
    let status = client
        .get_identity_center_service_status()
        .send()
        .await
        .unwrap();
    status.service_status.unwrap()
}

async fn regions(client: &idc::huawei::Client) -> Vec<String> {
    let regions = client
        .describe_registered_regions()
        .send()
        .await
        .unwrap()
        .regions;
    regions.into_iter().map(|r| r.region_id).collect()
}

#[tokio::test]
async fn a_started_service_cannot_be_started_again_nor_deleted_while_it_holds_anything() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    assert_eq!(status(&client).await, "enable");
    assert_eq!(regions(&client).await, ["cn-north-4"]);
    let register = client
        .register_region()
        .region_id("cn-south-1")
        .send()
        .await;
    assert_eq!(
        code_of(register),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );
    assert_eq!(
        code_of(client.start_identity_center().send().await).0,
        Some(409)
    );
    let before = client.list_instances().collect().await.unwrap();
    let delete = client.delete_identity_center().send().await;
    assert_eq!(
        code_of(delete),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );
    // Nothing changed.
    assert_eq!(client.list_instances().collect().await.unwrap(), before);
    assert_eq!(status(&client).await, "enable");
    assert_eq!(regions(&client).await, ["cn-north-4"]);
}

#[tokio::test]
async fn the_service_is_started_in_its_region_and_deleted_and_every_view_agrees() {
    let emulator = unstarted().await;
    let client = client(&emulator);
    assert_eq!(status(&client).await, "disable");
    assert!(regions(&client).await.is_empty());
    assert!(client.list_instances().collect().await.unwrap().is_empty());
    // Not before a region is chosen.
    assert_eq!(
        code_of(client.start_identity_center().send().await).0,
        Some(400)
    );
    assert_eq!(status(&client).await, "disable");

    client
        .register_region()
        .region_id("cn-south-1")
        .send()
        .await
        .unwrap();
    assert_eq!(regions(&client).await, ["cn-south-1"]);
    let again = client
        .register_region()
        .region_id("cn-north-4")
        .send()
        .await;
    assert_eq!(code_of(again).0, Some(409));
    assert_eq!(regions(&client).await, ["cn-south-1"]);

    client.start_identity_center().send().await.unwrap();
    assert_eq!(status(&client).await, "enable");
    let instances = client.list_instances().collect().await.unwrap();
    assert_eq!(instances.len(), 1);
    let instance = &instances[0];
    assert!(instance.alias.is_none());
    // Its identity store exists, empty.
    let users = (client.identity_store().unwrap().list_users())
        .identity_store_id(&instance.identity_store_id)
        .collect()
        .await
        .unwrap();
    assert!(users.is_empty());
    // Its alias is set once, and listed.
    let alias = || client.create_alias().instance_id(&instance.instance_id);
    alias().alias("my-portal").send().await.unwrap();
    assert_eq!(code_of(alias().alias("other").send().await).0, Some(409));
    let listed = client.list_instances().collect().await.unwrap();
    assert_eq!(listed[0].alias.as_deref(), Some("my-portal"));

    // A permission set in it blocks the deletion until it is gone.
    let set = (client.create_permission_set())
        .instance_id(&instance.instance_id)
        .name("Readers")
        .send()
        .await
        .unwrap()
        .permission_set
        .unwrap()
        .permission_set_id
        .unwrap();
    assert_eq!(
        code_of(client.delete_identity_center().send().await).0,
        Some(409)
    );
    assert_eq!(status(&client).await, "enable");
    (client.delete_permission_set())
        .instance_id(&instance.instance_id)
        .permission_set_id(&set)
        .send()
        .await
        .unwrap();
    client.delete_identity_center().send().await.unwrap();
    assert_eq!(status(&client).await, "disable");
    assert!(regions(&client).await.is_empty());
    assert!(client.list_instances().collect().await.unwrap().is_empty());
    let gone = client
        .get_sso_configuration()
        .instance_id(&instance.instance_id)
        .send()
        .await;
    assert_eq!(code_of(gone).0, Some(404));
    // Deleting again: nothing to delete.
    assert_eq!(
        code_of(client.delete_identity_center().send().await).0,
        Some(409)
    );
}
