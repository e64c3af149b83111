//! The settings the emulator keeps beside a Huawei application instance's row: its display name,
//! template, SAML configuration and signing certificates. An application of the data set has none
//! stored until a write changes them: it reads as [`ApplicationSettings::of_data_set`].

use idc_raw::huawei_identitycenter::types;

use crate::store::certificates::{CertificateSet, IssuedCertificate};
use crate::store::huawei_catalog::{CatalogApplication, default_application};
use crate::store::huawei_rows::HuaweiApplication;

/// What an application instance holds besides its row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ApplicationSettings {
    /// The name the access portal shows; `None`: the application's `name`.
    pub(crate) display_name: Option<String>,
    /// The template it was built from.
    pub(crate) template: types::ApplicationTemplate,
    /// The attribute mapping of its SAML assertion.
    pub(crate) response_config: types::ApplicationResponseConfig,
    /// The formats of its SAML assertion's attributes.
    pub(crate) response_schema_config: types::ApplicationResponseSchemaConfig,
    /// How long its new certificates stay valid.
    pub(crate) security_config: types::ApplicationSecurityConfig,
    /// The service provider's side of the SAML trust.
    pub(crate) service_provider_config: types::ApplicationServiceProviderConfig,
    /// Its signing certificates.
    pub(crate) certificates: CertificateSet<IssuedCertificate>,
}

impl ApplicationSettings {
    /// The settings of a new application instance of `catalog`'s template.
    pub(crate) fn from_template(catalog: &CatalogApplication) -> Self {
        let template = catalog.template();
        Self {
            display_name: Some(catalog.display_name.to_owned()),
            response_config: template.response_config.clone().unwrap_or_else(|| {
                types::ApplicationResponseConfig {
                    properties: Default::default(),
                    relay_state: None,
                    subject: None,
                    ttl: "PT1H".to_owned(),
                }
            }),
            response_schema_config: (template.response_schema_config.clone()).unwrap_or_else(
                || types::ApplicationResponseSchemaConfig {
                    properties: Default::default(),
                    subject: types::ApplicationResponseSchemaSubject {
                        include: "REQUIRED".to_owned(),
                        name_id_format: String::new(),
                    },
                    supported_name_id_formats: Vec::new(),
                },
            ),
            security_config: (template.security_config.clone()).unwrap_or_else(|| {
                types::ApplicationSecurityConfig {
                    ttl: "P5Y".to_owned(),
                }
            }),
            service_provider_config: (template.service_provider_config.clone()).unwrap_or_else(
                || types::ApplicationServiceProviderConfig {
                    audience: String::new(),
                    consumers: Vec::new(),
                    require_request_signature: None,
                    start_url: None,
                },
            ),
            template,
            certificates: CertificateSet::default(),
        }
    }

    /// The settings an application of the data set reads as until a write changes them: the
    /// default template's, shown under the application's own name, started from its sign-in URL,
    /// without a certificate.
    pub(crate) fn of_data_set(app: &HuaweiApplication) -> Self {
        let mut settings = Self::from_template(default_application());
        settings.display_name = None;
        settings.service_provider_config.start_url = app.application_url.as_deref().map(Into::into);
        settings
    }
}
