//! Application assignments: synchronous, in both views at once.

use std::time::Duration;

use idc_emulator::demo;
use idc_emulator::huawei::{
    MODIFICATION_CONFLICT, NOT_FOUND, UNKNOWN_APPLICATION, UNKNOWN_PRINCIPAL,
};

use super::*;

#[tokio::test]
async fn an_application_assignment_is_created_and_deleted_in_both_views() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let app = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap()
        .remove(0);
    let app_id = app.application_instance_id;
    let of_app = || {
        client
            .list_application_assignments()
            .instance_id(INSTANCE)
            .application_instance_id(&app_id)
            .collect()
    };
    let before = of_app().await.unwrap();
    let users = client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(demo::HUAWEI_IDENTITY_STORE_ID)
        .collect()
        .await
        .unwrap();
    let user = users
        .iter()
        .map(|u| u.user_id.clone())
        .find(|id| !before.iter().any(|a| &a.principal_id == id))
        .expect("a user not assigned to the application");
    let urn = client
        .describe_application()
        .instance_id(INSTANCE)
        .application_instance_id(&app_id)
        .send()
        .await
        .unwrap()
        .application_urn
        .unwrap();
    let of_user = || {
        client
            .list_application_assignments_for_principal()
            .instance_id(INSTANCE)
            .principal_id(&user)
            .principal_type(idc::PrincipalType::User)
            .collect()
    };
    let create = || {
        client
            .create_application_assignment()
            .instance_id(INSTANCE)
            .application_instance_id(&app_id)
            .principal_id(&user)
            .principal_type("USER")
    };
    create().send().await.unwrap();
    let after = of_app().await.unwrap();
    assert_eq!(after.len(), before.len() + 1);
    assert!(after.iter().any(|a| a.principal_id == user));
    assert!(
        of_user()
            .await
            .unwrap()
            .iter()
            .any(|a| a.application_urn == urn)
    );
    assert_eq!(
        code_of(create().send().await),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );

    let delete = || {
        client
            .delete_application_assignment()
            .instance_id(INSTANCE)
            .application_instance_id(&app_id)
            .principal_id(&user)
            .principal_type("USER")
    };
    delete().send().await.unwrap();
    assert_eq!(of_app().await.unwrap().len(), before.len());
    assert!(
        !of_user()
            .await
            .unwrap()
            .iter()
            .any(|a| a.application_urn == urn)
    );
    assert_eq!(
        code_of(delete().send().await),
        (Some(404), NOT_FOUND.to_owned())
    );

    let no_app = create().application_instance_id("app-ins-none");
    assert_eq!(
        code_of(no_app.send().await),
        (Some(404), UNKNOWN_APPLICATION.to_owned())
    );
    let no_user = create().principal_id("no-such-user");
    assert_eq!(
        code_of(no_user.send().await),
        (Some(404), UNKNOWN_PRINCIPAL.to_owned())
    );
    emulator.shutdown().await;
}
