//! The IdentityStore operations on IAM Identity Center as the SAML service provider of an
//! external identity provider: `GetSpConfigurationForDirectory`.

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::GetSpConfigurationForDirectoryRequest;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::identitystore_lookups::identity_store;

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
