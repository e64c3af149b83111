//! Application certificates (a rotation, and its refusals), profiles (an application's
//! associations with users and groups), and the application catalog.

use std::time::Duration;

use idc_emulator::demo;
use idc_emulator::huawei::{MODIFICATION_CONFLICT, NOT_FOUND, UNKNOWN_IDENTITY_STORE};

use super::application_instances::{get, new_instance};
use super::*;

/// The (id, status) of each certificate of application `id`, oldest first.
async fn certificates(client: &Client, id: &str) -> Vec<(String, String)> {
    let listed = client
        .list_application_instance_certificates()
        .instance_id(INSTANCE)
        .application_instance_id(id)
        .page_size(1)
        .collect()
        .await
        .unwrap();
    listed
        .into_iter()
        .map(|c| (c.certificate_id, c.status))
        .collect()
}

#[tokio::test]
async fn a_certificate_rotation_creates_activates_and_deletes() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let app = new_instance(&client, "rotated").await;
    let id = app.application_instance_id;
    let old = app.active_certificate.unwrap().certificate_id;
    assert_eq!(
        certificates(&client, &id).await,
        [(old.clone(), "ACTIVE".to_owned())]
    );
    let new = client
        .create_application_instance_certificate()
        .instance_id(INSTANCE)
        .application_instance_id(&id)
        .send()
        .await
        .unwrap()
        .application_instance_certificate
        .unwrap();
    assert_eq!(new.status, "INACTIVE");
    assert!(
        new.certificate
            .as_deref()
            .is_some_and(|pem| pem.starts_with("-----BEGIN CERTIFICATE-----"))
    );
    let new = new.certificate_id;
    assert_eq!(
        certificates(&client, &id).await,
        [
            (old.clone(), "ACTIVE".to_owned()),
            (new.clone(), "INACTIVE".to_owned())
        ]
    );
    let delete = |cert: &str| {
        client
            .delete_application_instance_certificate()
            .instance_id(INSTANCE)
            .application_instance_id(&id)
            .certificate_id(cert)
            .send()
    };
    assert_eq!(
        code_of(delete(&old).await),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );
    let activate = |cert: &str| {
        client
            .update_application_instance_active_certificate()
            .instance_id(INSTANCE)
            .application_instance_id(&id)
            .certificate_id(cert)
            .send()
    };
    let active = activate(&new)
        .await
        .unwrap()
        .application_instance_certificate
        .unwrap();
    assert_eq!(
        (active.certificate_id.as_str(), active.status.as_str()),
        (&*new, "ACTIVE")
    );
    let got = get(&client, &id).await.unwrap();
    assert_eq!(
        got.active_certificate.map(|c| c.certificate_id),
        Some(new.clone())
    );
    assert_eq!(
        certificates(&client, &id).await,
        [
            (old.clone(), "INACTIVE".to_owned()),
            (new.clone(), "ACTIVE".to_owned())
        ]
    );
    delete(&old).await.unwrap();
    assert_eq!(
        certificates(&client, &id).await,
        [(new.clone(), "ACTIVE".to_owned())]
    );
    assert_eq!(
        code_of(delete(&old).await),
        (Some(404), NOT_FOUND.to_owned())
    );
    assert_eq!(
        code_of(activate(&old).await),
        (Some(404), NOT_FOUND.to_owned())
    );
}

#[tokio::test]
async fn an_application_of_the_data_set_starts_without_certificates() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let app = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap()
        .remove(0);
    let id = app.application_instance_id;
    assert!(app.active_certificate.is_none());
    assert!(certificates(&client, &id).await.is_empty());
    let created = client
        .create_application_instance_certificate()
        .instance_id(INSTANCE)
        .application_instance_id(&id)
        .send()
        .await
        .unwrap()
        .application_instance_certificate
        .unwrap();
    assert_eq!(
        certificates(&client, &id).await,
        [(created.certificate_id, "INACTIVE".to_owned())]
    );
    // Creating a certificate kept the rest of the application as it was.
    let again = get(&client, &id).await.unwrap();
    assert_eq!((again.name, again.display), (app.name, app.display));
}

#[tokio::test]
async fn profiles_are_the_application_assignments_and_go_with_them() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let apps = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    let assigned = |id: String| {
        let client = &client;
        async move {
            let listed = client
                .list_application_assignments()
                .instance_id(INSTANCE)
                .application_instance_id(&id)
                .collect()
                .await
                .unwrap();
            let mut ids: Vec<String> = listed.into_iter().map(|a| a.principal_id).collect();
            ids.sort();
            ids
        }
    };
    let profiles = |id: String| {
        let client = &client;
        async move {
            let listed = client
                .list_profiles()
                .instance_id(INSTANCE)
                .application_instance_id(&id)
                .send()
                .await
                .unwrap();
            let mut ids: Vec<String> = listed
                .application_profiles
                .into_iter()
                .map(|p| p.profile_id)
                .collect();
            ids.sort();
            ids
        }
    };
    let mut app = None;
    for a in &apps {
        let id = a.application_instance_id.clone();
        let principals = assigned(id.clone()).await;
        assert_eq!(profiles(id.clone()).await, principals);
        if app.is_none() && !principals.is_empty() {
            app = Some((id, principals));
        }
    }
    let (id, principals) = app.expect("an application with assignments");
    let delete = |profile: &str| {
        client
            .delete_profile()
            .instance_id(INSTANCE)
            .application_instance_id(&id)
            .profile_id(profile)
            .send()
    };
    delete(&principals[0]).await.unwrap();
    assert_eq!(assigned(id.clone()).await, principals[1..]);
    assert_eq!(profiles(id.clone()).await, principals[1..]);
    assert_eq!(
        code_of(delete(&principals[0]).await),
        (Some(404), NOT_FOUND.to_owned())
    );
}

#[tokio::test]
async fn disassociating_a_principal_removes_every_application_association() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let of_principal = || {
        client
            .list_application_assignments_for_principal()
            .instance_id(INSTANCE)
            .principal_id(demo::HUAWEI_PRINCIPAL_ID)
            .principal_type(idc::PrincipalType::User)
            .collect()
    };
    assert_eq!(
        of_principal().await.unwrap().len(),
        demo::HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS
    );
    let disassociate = |store: &str| {
        client
            .disassociate_profile()
            .instance_id(INSTANCE)
            .id(demo::HUAWEI_PRINCIPAL_ID)
            .accessor_type("USER")
            .identity_store_id(store)
            .send()
    };
    let other = disassociate(demo::HUAWEI_OTHER_IDENTITY_STORE_ID).await;
    assert_eq!(
        code_of(other),
        (Some(404), UNKNOWN_IDENTITY_STORE.to_owned())
    );
    assert_eq!(
        of_principal().await.unwrap().len(),
        demo::HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS
    );
    disassociate(demo::HUAWEI_IDENTITY_STORE_ID).await.unwrap();
    assert!(of_principal().await.unwrap().is_empty());
    // Doing it again leaves the same state.
    disassociate(demo::HUAWEI_IDENTITY_STORE_ID).await.unwrap();
    assert!(of_principal().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_catalog_lists_applications_templates_and_providers() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let catalog = client
        .list_catalog_applications()
        .page_size(1)
        .collect()
        .await
        .unwrap();
    assert!(catalog.len() > 1, "paged one by one: {catalog:?}");
    for application in &catalog {
        let templates = client
            .list_application_templates()
            .application_id(&application.application_id)
            .send()
            .await
            .unwrap()
            .application_templates;
        assert!(!templates.is_empty());
        for t in templates {
            assert_eq!(t.application.as_ref(), Some(application));
        }
    }
    let unknown = client
        .list_application_templates()
        .application_id("app-0")
        .send()
        .await;
    assert_eq!(code_of(unknown), (Some(404), NOT_FOUND.to_owned()));
    let providers = client
        .list_application_providers()
        .page_size(2)
        .collect()
        .await
        .unwrap();
    assert_eq!(providers.len(), catalog.len());
    for p in &providers {
        let described = client
            .describe_application_provider()
            .application_provider_id(&p.application_provider_id)
            .send()
            .await
            .unwrap();
        assert_eq!(
            described.application_provider_urn.as_ref(),
            Some(&p.application_provider_urn)
        );
        assert_eq!(described.display_data, p.display_data);
    }
    let unknown = client
        .describe_application_provider()
        .application_provider_id("ap-0")
        .send()
        .await;
    assert_eq!(code_of(unknown), (Some(404), NOT_FOUND.to_owned()));
}
