//! The application catalog of Huawei IdentityCenter as the emulator serves it: the same for every
//! data set and instance (`ListCatalogApplications`, `ListApplicationTemplates`,
//! `ListApplicationProviders`, `DescribeApplicationProvider`), and the templates
//! `CreateApplicationInstance` builds an application instance from. Each catalog application has
//! one template and one provider; the first, a custom SAML 2.0 application, is also the template
//! of the applications a data set holds (their configuration until one is written).

use std::collections::BTreeMap;

use idc_raw::huawei_identitycenter::types;

/// One application of the catalog, with its template and its provider.
#[derive(Debug)]
pub(crate) struct CatalogApplication {
    /// The catalog application's id (`app-...`).
    pub(crate) application_id: &'static str,
    /// Its type.
    pub(crate) application_type: &'static str,
    /// The name the console shows.
    pub(crate) display_name: &'static str,
    /// The description the console shows.
    pub(crate) description: &'static str,
    /// Its template's id (`tpl-...`).
    pub(crate) template_id: &'static str,
    /// Its provider's id (`ap-...`).
    pub(crate) provider_id: &'static str,
    /// The last segment of its provider's URN.
    pub(crate) provider_name: &'static str,
    /// The SAML audience the template starts with (empty: set by the administrator).
    pub(crate) audience: &'static str,
}

/// The catalog, in the order it is listed.
pub(crate) const CATALOG: &[CatalogApplication] = &[
    CatalogApplication {
        application_id: "app-7c9e1f3a5b7d9f1b",
        application_type: "SAML",
        display_name: "Custom SAML 2.0 application",
        description: "A SAML 2.0 application you configure yourself.",
        template_id: "tpl-5a1b2c3d4e5f6a7b",
        provider_id: "ap-0a1b2c3d4e5f6a7b",
        provider_name: "custom-saml",
        audience: "",
    },
    CatalogApplication {
        application_id: "app-2d4f6a8c0e1b3d5f",
        application_type: "SAML",
        display_name: "GitLab",
        description: "GitLab with SAML single sign-on.",
        template_id: "tpl-8e0a2c4e6a8c0e2a",
        provider_id: "ap-1b2c3d4e5f6a7b8c",
        provider_name: "gitlab",
        audience: "https://gitlab.example.com",
    },
    CatalogApplication {
        application_id: "app-9b1d3f5a7c9e1b3d",
        application_type: "SAML",
        display_name: "Salesforce",
        description: "Salesforce with SAML single sign-on.",
        template_id: "tpl-3c5e7a9c1e3a5c7e",
        provider_id: "ap-2c3d4e5f6a7b8c9d",
        provider_name: "salesforce",
        audience: "https://saml.salesforce.com",
    },
];

/// The version of every template of the catalog.
pub(crate) const TEMPLATE_VERSION: &str = "1.0";

/// The catalog application whose template is `template_id`.
pub(crate) fn by_template(template_id: &str) -> Option<&'static CatalogApplication> {
    CATALOG.iter().find(|a| a.template_id == template_id)
}

/// The catalog application `application_id`.
pub(crate) fn by_application(application_id: &str) -> Option<&'static CatalogApplication> {
    CATALOG.iter().find(|a| a.application_id == application_id)
}

/// The catalog application whose provider is `provider_id`.
pub(crate) fn by_provider(provider_id: &str) -> Option<&'static CatalogApplication> {
    CATALOG.iter().find(|a| a.provider_id == provider_id)
}

/// The template of the applications a data set holds: the custom SAML application's.
pub(crate) fn default_application() -> &'static CatalogApplication {
    &CATALOG[0]
}

impl CatalogApplication {
    /// How the console shows it.
    pub(crate) fn display(&self) -> types::ApplicationTemplateDisplay {
        types::ApplicationTemplateDisplay {
            application_id: self.application_id.to_owned(),
            application_type: Some(self.application_type.to_owned()),
            display: types::ApplicationInstanceDisplay {
                description: Some(self.description.to_owned()),
                display_name: Some(self.display_name.to_owned()),
                icon: None,
                extra: serde_json::Map::new(),
            },
        }
    }

    /// Its provider.
    pub(crate) fn provider(&self) -> types::ApplicationProvider {
        types::ApplicationProvider {
            application_provider_id: self.provider_id.to_owned(),
            application_provider_urn: format!(
                "IdentityCenter::system:applicationProvider:{}",
                self.provider_name
            ),
            display_data: Some(types::ApplicationProviderDisplay {
                description: Some(self.description.to_owned()),
                display_name: Some(self.display_name.to_owned()),
                icon_url: None,
            }),
            federation_protocol: Some(self.application_type.to_owned()),
        }
    }

    /// Its template: the configuration a new application instance starts with.
    pub(crate) fn template(&self) -> types::ApplicationTemplate {
        types::ApplicationTemplate {
            application: Some(self.display()),
            response_config: Some(types::ApplicationResponseConfig {
                properties: BTreeMap::new(),
                relay_state: None,
                subject: Some(types::ApplicationResponseSource {
                    source: vec!["${user:email}".to_owned()],
                }),
                ttl: "PT1H".to_owned(),
            }),
            response_schema_config: Some(types::ApplicationResponseSchemaConfig {
                properties: BTreeMap::new(),
                subject: types::ApplicationResponseSchemaSubject {
                    include: "REQUIRED".to_owned(),
                    name_id_format: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
                        .to_owned(),
                },
                supported_name_id_formats: vec![
                    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".to_owned(),
                    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".to_owned(),
                ],
            }),
            security_config: Some(types::ApplicationSecurityConfig {
                ttl: "P5Y".to_owned(),
            }),
            service_provider_config: Some(types::ApplicationServiceProviderConfig {
                audience: self.audience.to_owned(),
                consumers: Vec::new(),
                require_request_signature: Some(false),
                start_url: None,
            }),
            sso_protocol: Some(self.application_type.to_owned()),
            template_id: self.template_id.to_owned(),
            template_version: TEMPLATE_VERSION.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_keep_the_spec_id_rules() {
        let rules = &crate::store::huawei_rows::HUAWEI_ID_RULES;
        let mut seen = std::collections::HashSet::new();
        for a in CATALOG {
            for id in [a.application_id, a.template_id, a.provider_id] {
                assert!(rules.check("id", id).is_ok(), "{id}");
                assert!(seen.insert(id), "{id} twice");
            }
            assert_eq!(
                by_template(a.template_id).map(|x| x.application_id),
                Some(a.application_id)
            );
            assert_eq!(
                by_provider(a.provider_id).map(|x| x.application_id),
                Some(a.application_id)
            );
            assert_eq!(
                by_application(a.application_id).map(|x| x.template_id),
                Some(a.template_id)
            );
        }
        assert!(by_template("tpl-none").is_none());
    }
}
