//! The IdentityStore operations on the external SAML identity provider of an identity store and
//! its signing certificates: `ListExternalIdPConfigurationsForDirectory`,
//! `CreateExternalIdPConfigurationForDirectory`, `UpdateExternalIdPConfigurationForDirectory`,
//! `DeleteExternalIdPConfigurationForDirectory`, `EnableExternalIdPConfigurationForDirectory`,
//! `DisableExternalIdPConfigurationForDirectory`, `ListExternalIdPCertificates`,
//! `ImportExternalIdPCertificate` and `DeleteExternalIdPCertificate`. The provider is a document
//! of the store (`store/huawei_store_documents.rs`); certificates are decoded as X.509 (anything
//! else is a 400).

use axum::response::Response;
use base64::Engine as _;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::{
    CreateExternalIdPConfigurationForDirectoryRequest as CreateRequest,
    DeleteExternalIdPCertificateRequest, DeleteExternalIdPConfigurationForDirectoryRequest,
    ImportExternalIdPCertificateRequest, ListExternalIdPCertificatesRequest,
    ListExternalIdPConfigurationsForDirectoryRequest,
    UpdateExternalIdPConfigurationForDirectoryRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{CONFIGURATION_CONFLICT, UNKNOWN_CONFIGURATION};
use crate::huawei::common::{bad_request, conflict, created, no_content, not_found};
use crate::huawei::identitystore_lookups::{Lookup, configured, identity_store};
use crate::huawei::identitystore_sp::sp_saml;
use crate::store::error::WriteError;
use crate::store::huawei_store_documents::ExternalIdp;
use crate::store::keys::random_uuid;

/// The external identity provider `idp_id` of identity store `store` (a 404 when it has none, or
/// another).
pub(crate) fn idp<'a>(ctx: &Context<'a>, store: &str, idp_id: &str) -> Lookup<&'a ExternalIdp> {
    let what = ("external identity provider", idp_id);
    configured(ctx, store, what, |i: &ExternalIdp| i.idp_id.as_str())
}

/// Queues a change of the external identity provider of identity store `store`.
pub(crate) fn change_idp(
    ctx: &Context<'_>,
    store: String,
    change: impl FnOnce(&mut ExternalIdp) -> Result<(), WriteError> + Send + 'static,
) -> Result<Response, Reject> {
    ctx.write(move |s| s.data.documents.change(&[&store], change));
    Ok(no_content())
}

fn view(idp: &ExternalIdp) -> ids::ExternalIdpConfiguration {
    let status = |c: &ids::IdpCertificate| ids::IdpCertificateStatus {
        certificate_id: c.certificate_id.clone(),
        status: Some("ACTIVE".to_owned()),
    };
    ids::ExternalIdpConfiguration {
        idp_certificate_ids: Some(idp.certificates.iter().map(status).collect()),
        idp_id: Some(idp.idp_id.clone()),
        idp_saml_config: Some(ids::IdpSamlConfig {
            entity_id: Some(idp.entity_id.clone()),
            login_url: Some(idp.login_url.clone()),
            want_request_signed: Some(false),
        }),
        is_enabled: Some(idp.enabled),
    }
}

/// `ListExternalIdPConfigurationsForDirectory`: the provider, if the identity store has one.
pub(crate) fn list_external_idps(
    ctx: &Context<'_>,
    request: ListExternalIdPConfigurationsForDirectoryRequest,
) -> Result<Response, Reject> {
    let store = &request.identity_store_id;
    identity_store(ctx, store)?;
    let found = ctx.store.data.documents.stored::<ExternalIdp>(&[store]);
    let associations = found.map(view).into_iter().collect();
    ok(&ids::ListExternalIdPConfigurationsForDirectoryResponse { associations })
}

/// `CreateExternalIdPConfigurationForDirectory`: a new enabled provider from its SAML metadata or
/// its settings (and certificate); a second provider is a 409.
pub(crate) fn create_external_idp(
    ctx: &Context<'_>,
    request: CreateRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    identity_store(ctx, &store)?;
    if ctx
        .store
        .data
        .documents
        .stored::<ExternalIdp>(&[&store])
        .is_some()
    {
        let message = format!("Identity store {store} has an external identity provider already.");
        return Err(conflict(ctx, CONFIGURATION_CONFLICT, message));
    }
    let invalid = |m: String| bad_request(ctx, format!("Invalid request: {m}"));
    let (entity_id, login_url, pem) = settings(request.body).map_err(invalid)?;
    let certificates = match pem {
        Some(pem) => vec![decode_certificate(&pem).map_err(invalid)?],
        None => Vec::new(),
    };
    let idp_certificate_ids: Vec<String> = certificates
        .iter()
        .filter_map(|c| c.certificate_id.clone())
        .collect();
    let idp = ExternalIdp {
        idp_id: format!("idp-{}", random_uuid()),
        entity_id,
        login_url,
        enabled: true,
        certificates,
    };
    let answer = ids::CreateExternalIdPConfigurationForDirectoryResponse {
        hws_sp_saml_config: Some(sp_saml(&store)),
        idp_certificate_id: idp_certificate_ids.first().cloned(),
        idp_certificate_ids: Some(idp_certificate_ids),
        idp_id: Some(idp.idp_id.clone()),
    };
    ctx.write(move |s| s.data.documents.create(&[&store], idp));
    created(&answer)
}

/// The issuer, the sign-in URL and the certificate (PEM) of a new provider: from its settings,
/// or read from its SAML metadata (the `entityID`, the `Location` of its
/// `SingleSignOnService` and its `X509Certificate`).
fn settings(
    body: ids::CreateExternalIdPConfigurationForDirectoryRequest,
) -> Result<(String, String, Option<String>), String> {
    match (body.idp_saml_metadata, body.idp_saml_config) {
        (None, Some(config)) => match (config.entity_id, config.login_url) {
            (Some(entity), Some(login)) => Ok((entity, login, body.idp_certificate)),
            _ => Err("idp_saml_config needs entity_id and login_url.".to_owned()),
        },
        (Some(xml), None) => {
            let sso = xml.find("SingleSignOnService").map_or("", |at| &xml[at..]);
            let (Some(entity), Some(login)) =
                (attribute(&xml, "entityID"), attribute(sso, "Location"))
            else {
                return Err(
                    "idp_saml_metadata has no entityID or SingleSignOnService Location.".into(),
                );
            };
            let pem = element(&xml, "X509Certificate").map(|base64| {
                let body: String = base64.split_whitespace().collect();
                format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n")
            });
            Ok((entity.to_owned(), login.to_owned(), pem))
        }
        _ => Err("give exactly one of idp_saml_metadata and idp_saml_config.".to_owned()),
    }
}

/// The value of the first attribute `name="..."` of `xml`.
fn attribute<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = xml.find(&format!(" {name}=\""))? + name.len() + 3;
    xml[start..].split('"').next()
}

/// The text of the first element named `tag` (with any namespace prefix) of `xml`.
fn element<'a>(xml: &'a str, tag: &str) -> Option<&'a str> {
    let start = xml.find(&format!("{tag}>"))? + tag.len() + 1;
    xml[start..].split('<').next()
}

/// A certificate given in PEM, decoded as `ListExternalIdPCertificates` serves it, with a new id.
fn decode_certificate(pem: &str) -> Result<ids::IdpCertificate, String> {
    let (_, block) = x509_parser::pem::parse_x509_pem(pem.as_bytes())
        .map_err(|e| format!("the certificate is not PEM: {e}"))?;
    let cert = block
        .parse_x509()
        .map_err(|e| format!("the certificate is not X.509: {e}"))?;
    let millis = |t: x509_parser::time::ASN1Time| t.timestamp().saturating_mul(1000);
    let serial = u64::try_from(&cert.serial).map(serde_json::Value::from);
    let algorithm = match cert.signature_algorithm.algorithm.to_id_string().as_str() {
        "1.2.840.113549.1.1.11" => "SHA256withRSA".to_owned(),
        "1.2.840.10045.4.3.2" => "SHA256withECDSA".to_owned(),
        other => other.to_owned(),
    };
    Ok(ids::IdpCertificate {
        certificate_id: Some(format!("cer-{}", random_uuid())),
        issuer_name: Some(cert.issuer().to_string()),
        subject_name: Some(cert.subject().to_string()),
        not_before: Some(millis(cert.validity().not_before)),
        not_after: Some(millis(cert.validity().not_after)),
        public_key: Some(base64::engine::general_purpose::STANDARD.encode(cert.public_key().raw)),
        serial_number: serial.ok(),
        serial_number_string: Some(cert.serial.to_str_radix(16)),
        signature_algorithm_name: Some(algorithm),
        version: Some(serde_json::Value::from(cert.version().0 + 1)),
        x509_certificate_in_pem: Some(pem.trim().to_owned()),
    })
}

/// `UpdateExternalIdPConfigurationForDirectory`: the issuer and sign-in URL are replaced.
pub(crate) fn update_external_idp(
    ctx: &Context<'_>,
    request: UpdateExternalIdPConfigurationForDirectoryRequest,
) -> Result<Response, Reject> {
    idp(ctx, &request.identity_store_id, &request.idp_id)?;
    let body = request.body;
    change_idp(ctx, request.identity_store_id, move |i| {
        (i.entity_id, i.login_url) = (body.entity_id.to_string(), body.login_url.to_string());
        Ok(())
    })
}

/// `DeleteExternalIdPConfigurationForDirectory`: the provider and its certificates.
pub(crate) fn delete_external_idp(
    ctx: &Context<'_>,
    request: DeleteExternalIdPConfigurationForDirectoryRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    idp(ctx, &store, &request.idp_id)?;
    ctx.write(move |s| s.data.documents.remove::<ExternalIdp>(&[&store]).map(drop));
    Ok(no_content())
}

/// `EnableExternalIdPConfigurationForDirectory` and `Disable...`: the provider's enabled flag.
pub(crate) fn set_idp_enabled(
    ctx: &Context<'_>,
    (store, idp_id): (String, &str),
    enabled: bool,
) -> Result<Response, Reject> {
    idp(ctx, &store, idp_id)?;
    change_idp(ctx, store, move |i| {
        i.enabled = enabled;
        Ok(())
    })
}

/// `ListExternalIdPCertificates`: the provider's certificates, oldest first.
pub(crate) fn list_idp_certificates(
    ctx: &Context<'_>,
    request: ListExternalIdPCertificatesRequest,
) -> Result<Response, Reject> {
    let i = idp(ctx, &request.identity_store_id, &request.idp_id)?;
    ok(&ids::ListExternalIdPCertificatesResponse {
        idp_certificates: i.certificates.clone(),
    })
}

/// `ImportExternalIdPCertificate`: one more certificate; a PEM that is no X.509 certificate is a
/// 400.
pub(crate) fn import_idp_certificate(
    ctx: &Context<'_>,
    request: ImportExternalIdPCertificateRequest,
) -> Result<Response, Reject> {
    idp(ctx, &request.identity_store_id, &request.idp_id)?;
    let certificate = decode_certificate(&request.body.x509_certificate_in_pem)
        .map_err(|m| bad_request(ctx, format!("Invalid request: {m}")))?;
    let certificate_id = certificate.certificate_id.clone();
    change_idp(ctx, request.identity_store_id, move |i| {
        i.certificates.push(certificate);
        Ok(())
    })?;
    created(&ids::ImportExternalIdPCertificateResponse { certificate_id })
}

/// `DeleteExternalIdPCertificate`: the certificate must be the provider's (else a 404) and not its
/// last one (a 409: the provider could not be trusted any more).
pub(crate) fn delete_idp_certificate(
    ctx: &Context<'_>,
    request: DeleteExternalIdPCertificateRequest,
) -> Result<Response, Reject> {
    let i = idp(ctx, &request.identity_store_id, &request.idp_id)?;
    let id = request.certificate_id;
    if !i
        .certificates
        .iter()
        .any(|c| c.certificate_id.as_deref() == Some(&*id))
    {
        let message = format!("The certificate {id} is not a certificate of {}.", i.idp_id);
        return Err(not_found(ctx, UNKNOWN_CONFIGURATION, message));
    }
    if i.certificates.len() == 1 {
        let message = format!("The certificate {id} is the last one of {}.", i.idp_id);
        return Err(conflict(ctx, CONFIGURATION_CONFLICT, message));
    }
    change_idp(ctx, request.identity_store_id, move |i| {
        i.certificates
            .retain(|c| c.certificate_id.as_deref() != Some(&*id));
        Ok(())
    })
}
