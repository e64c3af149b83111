//! The external identity provider: ListExternalIdPConfigurationsForDirectory,
//! CreateExternalIdPConfigurationForDirectory, UpdateExternalIdPConfigurationForDirectory,
//! DeleteExternalIdPConfigurationForDirectory, EnableExternalIdPConfigurationForDirectory,
//! DisableExternalIdPConfigurationForDirectory, ListExternalIdPCertificates,
//! ImportExternalIdPCertificate and DeleteExternalIdPCertificate.

use idc_emulator::huawei::{CONFIGURATION_CONFLICT, UNKNOWN_CONFIGURATION};

use super::*;

fn settings(entity: &str, login: &str) -> ids::IdpSamlSettings {
    ids::IdpSamlSettings {
        entity_id: Some(entity.to_owned()),
        login_url: Some(login.to_owned()),
    }
}

async fn idps(client: &StoreClient) -> Vec<ids::ExternalIdpConfiguration> {
    let listed = client
        .list_external_id_p_configurations_for_directory()
        .identity_store_id(STORE)
        .send();
    listed.await.unwrap().associations
}

async fn certificates(client: &StoreClient, idp: &str) -> Result<Vec<ids::IdpCertificate>, Error> {
    let listed = client
        .list_external_id_p_certificates()
        .identity_store_id(STORE)
        .idp_id(idp)
        .send()
        .await?;
    Ok(listed.idp_certificates)
}

/// The certificate ids the configuration lists, and those the certificate list lists.
async fn certificate_ids(client: &StoreClient, idp: &str) -> (Vec<String>, Vec<String>) {
    let configured = idps(client)
        .await
        .remove(0)
        .idp_certificate_ids
        .unwrap_or_default();
    let listed = certificates(client, idp).await.unwrap();
    (
        configured
            .into_iter()
            .filter_map(|c| c.certificate_id)
            .collect(),
        listed
            .into_iter()
            .filter_map(|c| c.certificate_id)
            .collect(),
    )
}

#[tokio::test]
async fn an_identity_provider_is_configured_changed_disabled_and_removed_and_the_list_follows() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    assert!(
        idps(&client).await.is_empty(),
        "no external identity provider at first"
    );

    let create = |entity: &str| {
        client
            .create_external_id_p_configuration_for_directory()
            .identity_store_id(STORE)
            .idp_saml_config(settings(entity, "https://idp.example.com/sso"))
            .idp_certificate(certificate("idp.example.com"))
            .send()
    };
    let created = create("https://idp.example.com").await.unwrap();
    let idp_id = created.idp_id.unwrap();
    let sp = client
        .get_sp_configuration_for_directory()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.hws_sp_saml_config, sp.sp_saml_config,
        "the service provider settings to give the IdP"
    );
    let listed = idps(&client).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].idp_id.as_deref(), Some(&*idp_id));
    assert_eq!(listed[0].is_enabled, Some(true));
    let saml = listed[0].idp_saml_config.clone().unwrap();
    assert_eq!(saml.entity_id.as_deref(), Some("https://idp.example.com"));
    assert_eq!(
        saml.login_url.as_deref(),
        Some("https://idp.example.com/sso")
    );
    let (configured, listed_ids) = certificate_ids(&client, &idp_id).await;
    assert_eq!(configured, created.idp_certificate_ids.unwrap());
    assert_eq!(configured, listed_ids);
    assert_eq!(created.idp_certificate_id.as_ref(), configured.first());
    // At most one identity provider.
    assert_eq!(
        status_code(create("https://other.example.com").await),
        (409, CONFIGURATION_CONFLICT.to_owned())
    );

    // Changed, disabled, enabled: each read back.
    client
        .update_external_id_p_configuration_for_directory()
        .identity_store_id(STORE)
        .idp_id(&idp_id)
        .entity_id("https://idp2.example.com")
        .login_url("https://idp2.example.com/sso")
        .send()
        .await
        .unwrap();
    let saml = idps(&client).await.remove(0).idp_saml_config.unwrap();
    assert_eq!(saml.entity_id.as_deref(), Some("https://idp2.example.com"));
    assert_eq!(
        saml.login_url.as_deref(),
        Some("https://idp2.example.com/sso")
    );
    let disable = |id: &str| {
        client
            .disable_external_id_p_configuration_for_directory()
            .identity_store_id(STORE)
            .idp_id(id)
            .send()
    };
    let enable = |id: &str| {
        client
            .enable_external_id_p_configuration_for_directory()
            .identity_store_id(STORE)
            .idp_id(id)
            .send()
    };
    disable(&idp_id).await.unwrap();
    disable(&idp_id).await.unwrap();
    assert_eq!(idps(&client).await[0].is_enabled, Some(false));
    enable(&idp_id).await.unwrap();
    assert_eq!(idps(&client).await[0].is_enabled, Some(true));
    assert_eq!(
        status_code(disable("idp-unknown").await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );

    // Removed: gone from the list, its certificates with it; a second delete is a 404.
    let delete = |id: &str| {
        client
            .delete_external_id_p_configuration_for_directory()
            .identity_store_id(STORE)
            .idp_id(id)
            .send()
    };
    delete(&idp_id).await.unwrap();
    assert!(idps(&client).await.is_empty());
    assert_eq!(
        status_code(certificates(&client, &idp_id).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );
    assert_eq!(
        status_code(delete(&idp_id).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn an_identity_provider_certificate_rotates_and_the_last_one_stays() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let created = client
        .create_external_id_p_configuration_for_directory()
        .identity_store_id(STORE)
        .idp_saml_config(settings(
            "https://idp.example.com",
            "https://idp.example.com/sso",
        ))
        .idp_certificate(certificate("old.idp.example.com"))
        .send()
        .await
        .unwrap();
    let idp_id = created.idp_id.unwrap();
    let old = created.idp_certificate_id.unwrap();
    let decoded = certificates(&client, &idp_id).await.unwrap().remove(0);
    assert_eq!(decoded.version, Some(serde_json::json!(3)));
    assert!(decoded.not_after.unwrap() > decoded.not_before.unwrap());
    assert!(
        decoded
            .x509_certificate_in_pem
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    assert!(decoded.serial_number_string.is_some_and(|s| !s.is_empty()));

    let import = |pem: String| {
        client
            .import_external_id_p_certificate()
            .identity_store_id(STORE)
            .idp_id(&idp_id)
            .x509_certificate_in_pem(pem)
            .certificate_use("SIGNING")
            .send()
    };
    let new = import(certificate("new.idp.example.com"))
        .await
        .unwrap()
        .certificate_id
        .unwrap();
    assert_eq!(
        certificate_ids(&client, &idp_id).await,
        (
            vec![old.clone(), new.clone()],
            vec![old.clone(), new.clone()]
        )
    );
    // Not a certificate: 400, nothing added.
    let garbage =
        import("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n".into())
            .await;
    assert_eq!(status_code(garbage).0, 400);
    assert_eq!(certificates(&client, &idp_id).await.unwrap().len(), 2);

    let delete = |id: &str| {
        client
            .delete_external_id_p_certificate()
            .identity_store_id(STORE)
            .idp_id(&idp_id)
            .certificate_id(id)
            .send()
    };
    delete(&old).await.unwrap();
    assert_eq!(
        certificate_ids(&client, &idp_id).await,
        (vec![new.clone()], vec![new.clone()])
    );
    assert_eq!(
        status_code(delete(&old).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );
    // The last certificate cannot go: the provider could not be trusted any more.
    assert_eq!(
        status_code(delete(&new).await),
        (409, CONFIGURATION_CONFLICT.to_owned())
    );
    assert_eq!(certificates(&client, &idp_id).await.unwrap().len(), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn an_identity_provider_is_read_from_its_saml_metadata_and_exactly_one_description_is_taken()
{
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let pem = certificate("meta.idp.example.com");
    let base64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let metadata = format!(
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://meta.example.com\">\
         <md:IDPSSODescriptor><md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{base64}\
         </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\
         <md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\"https://meta.example.com/sso\"/>\
         </md:IDPSSODescriptor></md:EntityDescriptor>"
    );
    let create = || {
        client
            .create_external_id_p_configuration_for_directory()
            .identity_store_id(STORE)
    };
    // Both descriptions, or neither: 400, nothing configured.
    let both = create()
        .idp_saml_metadata(metadata.clone())
        .idp_saml_config(settings(
            "https://x.example.com",
            "https://x.example.com/sso",
        ))
        .send()
        .await;
    assert_eq!(status_code(both).0, 400);
    let neither = create().send().await;
    assert_eq!(status_code(neither).0, 400);
    // Metadata without an entityID: 400.
    let broken = create()
        .idp_saml_metadata("<md:EntityDescriptor/>")
        .send()
        .await;
    assert_eq!(status_code(broken).0, 400);
    assert!(idps(&client).await.is_empty());

    let created = create().idp_saml_metadata(metadata).send().await.unwrap();
    let idp_id = created.idp_id.unwrap();
    let saml = idps(&client).await.remove(0).idp_saml_config.unwrap();
    assert_eq!(saml.entity_id.as_deref(), Some("https://meta.example.com"));
    assert_eq!(
        saml.login_url.as_deref(),
        Some("https://meta.example.com/sso")
    );
    let listed = certificates(&client, &idp_id).await.unwrap();
    assert_eq!(listed.len(), 1);
    // The certificate is the metadata's, read back in PEM.
    let pem = listed[0].x509_certificate_in_pem.as_deref().unwrap();
    let read_back: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert_eq!(read_back, base64);
    emu.shutdown().await;
}

/// The (id, state) of each service provider certificate.
async fn sp_certificates(client: &StoreClient) -> Vec<(String, String)> {
    let listed = client
        .list_sp_certificates()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    listed
        .iter()
        .map(|c| (c.certificate_id.clone().unwrap(), c.state.clone().unwrap()))
        .collect()
}

#[tokio::test]
async fn a_service_provider_certificate_rotates_and_the_active_one_stays() {
    let emu = demo_emulator().await;
    let client = store_client(&emu);
    let initial = sp_certificates(&client).await;
    assert_eq!(initial.len(), 1, "one certificate from the start");
    let (old, state) = initial[0].clone();
    assert_eq!(state, "ACTIVE");

    let new = client
        .create_sp_certificate()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    assert_eq!(new.state.as_deref(), Some("INACTIVE"));
    assert!(new.expiry_date.unwrap() > 0);
    let new = new.certificate_id.unwrap();
    assert_eq!(
        sp_certificates(&client).await,
        [
            (old.clone(), "ACTIVE".into()),
            (new.clone(), "INACTIVE".into())
        ]
    );

    let delete = |id: &str| {
        client
            .delete_sp_certificate()
            .identity_store_id(STORE)
            .certificate_id(id)
            .send()
    };
    let activate = |id: &str| {
        client
            .update_sp_active_certificate()
            .identity_store_id(STORE)
            .certificate_id(id)
            .send()
    };
    // The active certificate cannot go.
    assert_eq!(
        status_code(delete(&old).await),
        (409, CONFIGURATION_CONFLICT.to_owned())
    );
    activate(&new).await.unwrap();
    activate(&new).await.unwrap();
    assert_eq!(
        sp_certificates(&client).await,
        [
            (old.clone(), "INACTIVE".into()),
            (new.clone(), "ACTIVE".into())
        ]
    );
    delete(&old).await.unwrap();
    assert_eq!(
        sp_certificates(&client).await,
        [(new.clone(), "ACTIVE".into())]
    );
    assert_eq!(
        status_code(delete(&old).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );
    assert_eq!(
        status_code(activate(&old).await),
        (404, UNKNOWN_CONFIGURATION.to_owned())
    );
    let missing = client
        .list_sp_certificates()
        .identity_store_id(NO_STORE)
        .send()
        .await;
    assert_eq!(status_code(missing).0, 404);
    emu.shutdown().await;
}
