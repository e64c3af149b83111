//! Application instances: created from the catalog, listed, read back, configured part by part,
//! deleted with their assignments; the refusals.

use std::time::Duration;

use idc::Error;
use idc::huawei::types;
use idc_emulator::demo;
use idc_emulator::huawei::{
    MODIFICATION_CONFLICT, NOT_FOUND, UNKNOWN_APPLICATION, UNKNOWN_INSTANCE,
};

use super::*;

/// The first template of the catalog's first application.
pub async fn first_template(client: &Client) -> types::ApplicationTemplate {
    let catalog = client.list_catalog_applications().collect().await.unwrap();
    let application_id = &catalog
        .first()
        .expect("a catalog application")
        .application_id;
    let templates = client
        .list_application_templates()
        .application_id(application_id)
        .send()
        .await
        .unwrap();
    templates
        .application_templates
        .into_iter()
        .next()
        .expect("a template")
}

/// Creates an application instance named `name` from the first template; the answer.
pub async fn new_instance(client: &Client, name: &str) -> types::ApplicationInstance {
    let template = first_template(client).await;
    client
        .create_application_instance()
        .instance_id(INSTANCE)
        .name(name)
        .template_id(&template.template_id)
        .send()
        .await
        .expect("the application instance is created")
        .application_instance
        .expect("the answer holds the instance")
}

/// `get_application_instance` of `id`.
pub async fn get(client: &Client, id: &str) -> idc::Result<types::ApplicationInstance> {
    let got = client
        .get_application_instance()
        .instance_id(INSTANCE)
        .application_instance_id(id)
        .send()
        .await?;
    Ok(got
        .application_instance
        .expect("the answer holds the instance"))
}

#[tokio::test]
async fn an_instance_is_created_listed_read_back_and_deleted_with_its_assignments() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let template = first_template(&client).await;
    let created = new_instance(&client, "0f6d3c2a-8b1e-4d7f-9a5c-2e4b6d8f0a1c").await;
    let id = created.application_instance_id.clone();
    assert!(id.starts_with("app-ins-"), "{id}");
    assert_eq!(created.status.as_deref(), Some("ENABLED"));
    assert_eq!(
        created.template.as_ref().map(|t| &t.template_id),
        Some(&template.template_id)
    );
    let active = created
        .active_certificate
        .as_ref()
        .expect("a first certificate");
    assert_eq!(active.status, "ACTIVE");
    // Every read view shows it as created.
    assert_eq!(get(&client, &id).await.unwrap(), created);
    let listed = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.iter().filter(|a| **a == created).count(), 1);
    let described = client
        .describe_application()
        .instance_id(INSTANCE)
        .application_instance_id(&id)
        .send()
        .await
        .unwrap();
    let urn = described.application_urn.clone().expect("a URN");
    let applications = client
        .list_applications()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert!(
        applications
            .iter()
            .any(|a| a.application_urn.as_deref() == Some(&*urn))
    );
    // Assign a user, then delete the instance: the assignment goes with it.
    let user = client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(demo::HUAWEI_IDENTITY_STORE_ID)
        .collect()
        .await
        .unwrap()
        .remove(0)
        .user_id;
    client
        .create_application_assignment()
        .instance_id(INSTANCE)
        .application_instance_id(&id)
        .principal_id(&user)
        .principal_type("USER")
        .send()
        .await
        .unwrap();
    let of_user = || {
        client
            .list_application_assignments_for_principal()
            .instance_id(INSTANCE)
            .principal_id(&user)
            .principal_type(idc::PrincipalType::User)
            .collect()
    };
    assert!(
        of_user()
            .await
            .unwrap()
            .iter()
            .any(|a| a.application_urn == urn)
    );
    let delete = || {
        client
            .delete_application_instance()
            .instance_id(INSTANCE)
            .application_instance_id(&id)
            .send()
    };
    delete().await.unwrap();
    assert_eq!(
        code_of(get(&client, &id).await),
        (Some(404), UNKNOWN_APPLICATION.to_owned())
    );
    let listed = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert!(listed.iter().all(|a| a.application_instance_id != id));
    assert!(
        of_user()
            .await
            .unwrap()
            .iter()
            .all(|a| a.application_urn != urn)
    );
    assert_eq!(
        code_of(delete().await),
        (Some(404), UNKNOWN_APPLICATION.to_owned())
    );
}

#[tokio::test]
async fn creating_refuses_an_unknown_instance_or_template_a_taken_name_and_a_bad_id() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let template = first_template(&client).await.template_id;
    let create = |instance: &str, name: &str, template: &str| {
        client
            .create_application_instance()
            .instance_id(instance)
            .name(name)
            .template_id(template)
            .send()
    };
    let unknown_instance = create("ins-00000000000000000", "a", &template).await;
    assert_eq!(
        code_of(unknown_instance),
        (Some(404), UNKNOWN_INSTANCE.to_owned())
    );
    let unknown_template = create(INSTANCE, "a", "tpl-0000000000000000").await;
    assert_eq!(code_of(unknown_template), (Some(404), NOT_FOUND.to_owned()));
    create(INSTANCE, "taken", &template).await.unwrap();
    let taken = create(INSTANCE, "taken", &template).await;
    assert_eq!(
        code_of(taken),
        (Some(409), MODIFICATION_CONFLICT.to_owned())
    );
    let listed = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.iter().filter(|a| a.name == "taken").count(), 1);
    // A template id the spec's pattern refuses never leaves the client.
    let bad = create(INSTANCE, "b", "tpl/../x").await;
    assert!(matches!(bad, Err(Error::InvalidRequest { .. })), "{bad:?}");
}

#[tokio::test]
async fn each_configuration_written_is_read_back_in_every_view() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let id = new_instance(&client, "configured")
        .await
        .application_instance_id;
    let target = (INSTANCE, id.as_str());
    client
        .update_application_instance_display_data()
        .instance_id(target.0)
        .application_instance_id(target.1)
        .display_name("Team wiki")
        .description("The team's wiki.")
        .send()
        .await
        .unwrap();
    let response_config = types::ApplicationResponseConfig {
        properties: [(
            "email".to_owned(),
            types::ApplicationResponseSource {
                source: vec!["${user:email}".to_owned()],
            },
        )]
        .into(),
        relay_state: Some("https://wiki.example.com/home".to_owned()),
        subject: Some(types::ApplicationResponseSource {
            source: vec!["${user:name}".to_owned()],
        }),
        ttl: "PT8H".to_owned(),
    };
    client
        .update_application_instance_response_configuration()
        .instance_id(target.0)
        .application_instance_id(target.1)
        .response_config(response_config.clone())
        .send()
        .await
        .unwrap();
    let schema = types::ApplicationResponseSchemaConfig {
        properties: Default::default(),
        subject: types::ApplicationResponseSchemaSubject {
            include: "REQUIRED".to_owned(),
            name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".to_owned(),
        },
        supported_name_id_formats: vec![],
    };
    client
        .update_application_instance_response_schema_configuration()
        .instance_id(target.0)
        .application_instance_id(target.1)
        .response_schema_config(schema.clone())
        .send()
        .await
        .unwrap();
    let security = types::ApplicationSecurityConfig {
        ttl: "P1Y".to_owned(),
    };
    client
        .update_application_instance_security_configuration()
        .instance_id(target.0)
        .application_instance_id(target.1)
        .security_config(security.clone())
        .send()
        .await
        .unwrap();
    let provider = types::ApplicationServiceProviderConfig {
        audience: "https://wiki.example.com/saml".to_owned(),
        consumers: vec![types::ApplicationConsumer {
            binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST".to_owned(),
            default_value: true,
            location: "https://wiki.example.com/acs".to_owned(),
        }],
        require_request_signature: Some(true),
        start_url: Some("https://wiki.example.com/sso".to_owned()),
    };
    client
        .update_application_instance_service_provider_configuration()
        .instance_id(target.0)
        .application_instance_id(target.1)
        .service_provider_config(provider.clone())
        .send()
        .await
        .unwrap();
    client
        .update_application_instance_status()
        .instance_id(target.0)
        .application_instance_id(target.1)
        .status("DISABLED")
        .send()
        .await
        .unwrap();
    let got = get(&client, &id).await.unwrap();
    let display = got.display.clone().unwrap();
    assert_eq!(display.display_name.as_deref(), Some("Team wiki"));
    assert_eq!(display.description.as_deref(), Some("The team's wiki."));
    assert_eq!(got.response_config, Some(response_config));
    assert_eq!(got.response_schema_config, Some(schema));
    assert_eq!(got.security_config, Some(security));
    assert_eq!(got.service_provider_config, Some(provider));
    assert_eq!(
        (got.status.as_deref(), got.visible),
        (Some("DISABLED"), Some(false))
    );
    // The list of instances and the applications agree.
    let listed = client
        .list_application_instances()
        .instance_id(INSTANCE)
        .collect()
        .await
        .unwrap();
    assert!(listed.contains(&got));
    let described = client
        .describe_application()
        .instance_id(INSTANCE)
        .application_instance_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.name.as_deref(), Some("Team wiki"));
    assert_eq!(described.status.as_deref(), Some("DISABLED"));
    let url = described
        .portal_options
        .and_then(|p| p.sign_in_options)
        .and_then(|s| s.application_url);
    assert_eq!(url.as_deref(), Some("https://wiki.example.com/sso"));
    // A certificate created now is valid for the new ttl (a year).
    let new = client
        .create_application_instance_certificate()
        .instance_id(INSTANCE)
        .application_instance_id(&id)
        .send()
        .await
        .unwrap()
        .application_instance_certificate
        .unwrap();
    let validity = new.expiry_date.unwrap() - new.issue_date.unwrap();
    assert_eq!(validity, 365 * 24 * 3600 * 1000);
}

#[tokio::test]
async fn importing_metadata_sets_the_service_provider_and_bad_metadata_changes_nothing() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let id = new_instance(&client, "imported")
        .await
        .application_instance_id;
    let import = |metadata: &str| {
        client
            .import_application_instance_service_provider_metadata()
            .instance_id(INSTANCE)
            .application_instance_id(&id)
            .metadata(metadata)
            .send()
    };
    let metadata = r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://crm.example.com/sp">
  <SPSSODescriptor AuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://crm.example.com/acs" index="0"/>
  </SPSSODescriptor>
</EntityDescriptor>"#;
    import(metadata).await.unwrap();
    let imported = get(&client, &id)
        .await
        .unwrap()
        .service_provider_config
        .unwrap();
    assert_eq!(imported.audience, "https://crm.example.com/sp");
    assert_eq!(imported.require_request_signature, Some(true));
    let consumers: Vec<_> = imported
        .consumers
        .iter()
        .map(|c| (&*c.location, c.default_value))
        .collect();
    assert_eq!(consumers, [("https://crm.example.com/acs", true)]);
    for bad in ["<EntityDescriptor", "<html/>"] {
        let (status, _) = code_of(import(bad).await);
        assert_eq!(status, Some(400), "{bad}");
    }
    let after = get(&client, &id)
        .await
        .unwrap()
        .service_provider_config
        .unwrap();
    assert_eq!(after, imported);
}

#[tokio::test]
async fn updates_refuse_an_unknown_application_and_a_status_outside_the_enum() {
    let emulator = start(Duration::from_millis(20)).await;
    let client = client(&emulator);
    let status = |app: &str, status: &str| {
        client
            .update_application_instance_status()
            .instance_id(INSTANCE)
            .application_instance_id(app)
            .status(status)
            .send()
    };
    let unknown = status("app-ins-0000000000000000", "ENABLED").await;
    assert_eq!(
        code_of(unknown),
        (Some(404), UNKNOWN_APPLICATION.to_owned())
    );
    let display = client
        .update_application_instance_display_data()
        .instance_id(INSTANCE)
        .application_instance_id("app-ins-0000000000000000")
        .display_name("x")
        .description("y")
        .send()
        .await;
    assert_eq!(
        code_of(display),
        (Some(404), UNKNOWN_APPLICATION.to_owned())
    );
    let id = new_instance(&client, "statuses")
        .await
        .application_instance_id;
    let refused = status(&id, "PAUSED").await;
    assert!(
        matches!(refused, Err(Error::InvalidRequest { .. })),
        "{refused:?}"
    );
    assert_eq!(
        get(&client, &id).await.unwrap().status.as_deref(),
        Some("ENABLED")
    );
}
