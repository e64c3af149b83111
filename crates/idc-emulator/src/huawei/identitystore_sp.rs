//! The IdentityStore operations on IAM Identity Center as the SAML service provider of an
//! external identity provider: `GetSpConfigurationForDirectory`, and its SAML signing certificates
//! (`ListSpCertificates`, `CreateSpCertificate`, `UpdateSpActiveCertificate`,
//! `DeleteSpCertificate`), a certificate set kept as a document of the store
//! (`store/huawei_store_documents.rs`): one active from the start, a new one inactive until
//! activated, the active one never deleted.

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::{
    CreateSpCertificateRequest, DeleteSpCertificateRequest, GetSpConfigurationForDirectoryRequest,
    ListSpCertificatesRequest, UpdateSpActiveCertificateRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{CONFIGURATION_CONFLICT, UNKNOWN_CONFIGURATION};
use crate::huawei::common::{conflict, created, no_content, not_found};
use crate::huawei::identitycenter_statuses::now_millis;
use crate::huawei::identitystore_lookups::{Lookup, identity_store};
use crate::store::certificates::IssuedCertificate;
use crate::store::error::WriteError;
use crate::store::huawei_store_documents::{SpCertificates, placeholder_pem};
use crate::store::keys::random_uuid;

/// How long a new service provider certificate is valid: five years, in milliseconds.
const CERTIFICATE_LIFETIME_MS: i64 = 5 * 365 * 24 * 3600 * 1000;

/// Where the emulator says the service provider of identity store `store` lives (a URL of the
/// real service's host, which the emulator does not serve).
fn sp_base(store: &str) -> String {
    format!("https://identitycenter.myhuaweicloud.com/sso/{store}")
}

/// The SAML settings of the service provider of identity store `store`, as an identity provider
/// is given them.
pub(crate) fn sp_saml(store: &str) -> ids::SpSamlConfig {
    let base = sp_base(store);
    let acs_url = format!("{base}/saml/acs");
    let metadata = format!(
        "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{base}\">\
         <md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\
         <md:AssertionConsumerService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" \
         Location=\"{acs_url}\" index=\"0\"/></md:SPSSODescriptor></md:EntityDescriptor>"
    );
    ids::SpSamlConfig {
        acs_url: Some(acs_url),
        issuer: Some(base),
        metadata: Some(metadata),
    }
}

/// `GetSpConfigurationForDirectory`: the service provider's SAML and OIDC settings, derived from
/// the identity store's id.
pub(crate) fn get_sp_configuration_for_directory(
    ctx: &Context<'_>,
    request: GetSpConfigurationForDirectoryRequest,
) -> Result<Response, Reject> {
    let store = &request.identity_store_id;
    identity_store(ctx, store)?;
    ok(&ids::GetSpConfigurationForDirectoryResponse {
        sp_saml_config: Some(sp_saml(store)),
        sp_oidc_config: Some(ids::SpOidcConfig {
            redirect_url: Some(format!("{}/oidc/callback", sp_base(store))),
        }),
    })
}

/// The service provider certificates of identity store `store` (its default set until written).
fn certificates(ctx: &Context<'_>, store: &str) -> Lookup<SpCertificates> {
    identity_store(ctx, store)?;
    let found = ctx.store.data.documents.get::<SpCertificates>(&[store]);
    Ok(found.unwrap_or_else(|| SpCertificates(Default::default())))
}

/// Whether certificate `id` is in `set` (else a 404).
fn known(ctx: &Context<'_>, set: &SpCertificates, id: &str) -> Result<(), Reject> {
    if set.0.get(id).is_some() {
        return Ok(());
    }
    let message = format!("The service provider certificate {id} does not exist.");
    Err(not_found(ctx, UNKNOWN_CONFIGURATION, message))
}

/// Queues a change of the service provider certificates of identity store `store`.
fn change(
    ctx: &Context<'_>,
    store: String,
    change: impl FnOnce(&mut SpCertificates) -> Result<(), WriteError> + Send + 'static,
) {
    ctx.write(move |s| s.data.documents.change(&[&store], change));
}

fn view(set: &SpCertificates, c: &IssuedCertificate) -> ids::SpCertificate {
    let active = set.0.is_active(&c.certificate_id);
    ids::SpCertificate {
        algorithm: Some(c.algorithm.clone()),
        certificate_id: Some(c.certificate_id.clone()),
        expiry_date: Some(c.expiry_date),
        state: Some(if active { "ACTIVE" } else { "INACTIVE" }.to_owned()),
        x509certificate: Some(c.certificate.clone()),
    }
}

/// `ListSpCertificates`: every certificate, oldest first (a JSON array).
pub(crate) fn list_sp_certificates(
    ctx: &Context<'_>,
    request: ListSpCertificatesRequest,
) -> Result<Response, Reject> {
    let set = certificates(ctx, &request.identity_store_id)?;
    let listed: Vec<ids::SpCertificate> = set.0.iter().map(|c| view(&set, c)).collect();
    ok(&listed)
}

/// `CreateSpCertificate`: a new inactive certificate, valid five years.
pub(crate) fn create_sp_certificate(
    ctx: &Context<'_>,
    request: CreateSpCertificateRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    let set = certificates(ctx, &store)?;
    let now = now_millis(ctx);
    let certificate = IssuedCertificate {
        certificate_id: format!("cer-{}", random_uuid()),
        certificate: placeholder_pem(&format!("{:032x}", rand::random::<u128>())),
        algorithm: "SHA256withRSA".to_owned(),
        key_size: "2048".to_owned(),
        issue_date: now,
        expiry_date: now.saturating_add(CERTIFICATE_LIFETIME_MS),
    };
    let answer = view(&set, &certificate);
    change(ctx, store, move |set| set.0.add(certificate, false));
    created(&answer)
}

/// `UpdateSpActiveCertificate`: the certificate becomes the active one (the one before, inactive).
pub(crate) fn update_sp_active_certificate(
    ctx: &Context<'_>,
    request: UpdateSpActiveCertificateRequest,
) -> Result<Response, Reject> {
    let (store, id) = (request.identity_store_id, request.certificate_id);
    known(ctx, &certificates(ctx, &store)?, &id)?;
    change(ctx, store, move |set| set.0.activate(&id).map(drop));
    Ok(no_content())
}

/// `DeleteSpCertificate`: an inactive certificate (the active one is a 409).
pub(crate) fn delete_sp_certificate(
    ctx: &Context<'_>,
    request: DeleteSpCertificateRequest,
) -> Result<Response, Reject> {
    let (store, id) = (request.identity_store_id, request.certificate_id);
    let set = certificates(ctx, &store)?;
    known(ctx, &set, &id)?;
    if set.0.is_active(&id) {
        let message = format!(
            "The service provider certificate {id} is the active one: activate another first."
        );
        return Err(conflict(ctx, CONFIGURATION_CONFLICT, message));
    }
    change(ctx, store, move |set| set.0.remove(&id).map(drop));
    Ok(no_content())
}
