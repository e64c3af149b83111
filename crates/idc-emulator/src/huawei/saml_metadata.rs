//! Reading a SAML 2.0 service provider's metadata document (an `EntityDescriptor`), as
//! `ImportApplicationInstanceServiceProviderMetadata` does: its entity id, its assertion consumer
//! services and whether it signs its authentication requests.

use idc_raw::huawei_identitycenter::types::ApplicationConsumer;

/// The namespace of SAML 2.0 metadata elements.
const METADATA: &str = "urn:oasis:names:tc:SAML:2.0:metadata";

/// What a metadata document says of the service provider.
#[derive(Debug, PartialEq)]
pub(crate) struct ServiceProvider {
    /// The `entityID` of the `EntityDescriptor`: the audience of the assertions.
    pub(crate) entity_id: String,
    /// The `AssertionConsumerService` elements of the `SPSSODescriptor`, in document order; the
    /// default is the one marked `isDefault="true"`, else the first.
    pub(crate) consumers: Vec<ApplicationConsumer>,
    /// The `AuthnRequestsSigned` attribute of the `SPSSODescriptor` (`false` when absent).
    pub(crate) requests_signed: bool,
}

/// Reads a metadata document; why it is not one a service provider can be configured from.
pub(crate) fn service_provider(xml: &str) -> Result<ServiceProvider, String> {
    let document = roxmltree::Document::parse(xml).map_err(|e| format!("not XML ({e})"))?;
    let root = document.root_element();
    if root.tag_name().namespace() != Some(METADATA) || root.tag_name().name() != "EntityDescriptor"
    {
        return Err("the document is no SAML 2.0 EntityDescriptor".to_owned());
    }
    let entity_id = (root.attribute("entityID"))
        .filter(|id| !id.trim().is_empty())
        .ok_or("the EntityDescriptor has no entityID")?;
    let sp = (root.children())
        .find(|n| n.has_tag_name((METADATA, "SPSSODescriptor")))
        .ok_or("the EntityDescriptor has no SPSSODescriptor")?;
    let services: Vec<_> = (sp.children())
        .filter(|n| n.has_tag_name((METADATA, "AssertionConsumerService")))
        .collect();
    let marked = services
        .iter()
        .position(|n| n.attribute("isDefault") == Some("true"));
    let default = marked.unwrap_or(0);
    let mut consumers = Vec::with_capacity(services.len());
    for (i, service) in services.iter().enumerate() {
        let (binding, location) = (service.attribute("Binding"), service.attribute("Location"));
        let (Some(binding), Some(location)) = (binding, location) else {
            return Err("an AssertionConsumerService lacks its Binding or Location".to_owned());
        };
        consumers.push(ApplicationConsumer {
            binding: binding.to_owned(),
            default_value: i == default,
            location: location.to_owned(),
        });
    }
    if consumers.is_empty() {
        return Err("the SPSSODescriptor has no AssertionConsumerService".to_owned());
    }
    Ok(ServiceProvider {
        entity_id: entity_id.to_owned(),
        consumers,
        requests_signed: sp.attribute("AuthnRequestsSigned") == Some("true"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    fn metadata(descriptor: &str) -> String {
        format!(
            r#"<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="{METADATA}" entityID="https://wiki.example.com/saml">{descriptor}</md:EntityDescriptor>"#
        )
    }

    #[test]
    fn reads_the_entity_id_the_consumers_and_request_signing() {
        let xml = metadata(&format!(
            r#"<md:SPSSODescriptor AuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
  <md:AssertionConsumerService Binding="{POST}" Location="https://wiki.example.com/acs/1" index="0"/>
  <md:AssertionConsumerService Binding="{POST}" Location="https://wiki.example.com/acs/2" index="1" isDefault="true"/>
</md:SPSSODescriptor>"#
        ));
        let sp = service_provider(&xml).unwrap();
        assert_eq!(sp.entity_id, "https://wiki.example.com/saml");
        assert!(sp.requests_signed);
        let defaults: Vec<_> = sp
            .consumers
            .iter()
            .map(|c| (c.location.as_str(), c.default_value))
            .collect();
        assert_eq!(
            defaults,
            [
                ("https://wiki.example.com/acs/1", false),
                ("https://wiki.example.com/acs/2", true)
            ]
        );
    }

    #[test]
    fn the_first_consumer_is_the_default_when_none_is_marked() {
        let xml = metadata(&format!(
            r#"<md:SPSSODescriptor><md:AssertionConsumerService Binding="{POST}" Location="https://a/acs"/></md:SPSSODescriptor>"#
        ));
        let sp = service_provider(&xml).unwrap();
        assert!(!sp.requests_signed);
        assert!(sp.consumers[0].default_value);
    }

    #[test]
    fn documents_that_configure_nothing_are_refused_with_the_reason() {
        let cases = [
            ("<not-closed", "not XML"),
            (
                "<EntityDescriptor entityID=\"x\"/>",
                "no SAML 2.0 EntityDescriptor",
            ),
            (&metadata("")[..], "no SPSSODescriptor"),
            (
                &metadata("<md:SPSSODescriptor/>")[..],
                "no AssertionConsumerService",
            ),
            (
                &metadata(
                    "<md:SPSSODescriptor><md:AssertionConsumerService Location=\"https://a\"/></md:SPSSODescriptor>",
                )[..],
                "lacks its Binding",
            ),
        ];
        for (xml, reason) in cases {
            let error = service_provider(xml).unwrap_err();
            assert!(error.contains(reason), "{xml}: {error}");
        }
        let no_id = format!("<md:EntityDescriptor xmlns:md=\"{METADATA}\"/>");
        assert!(
            service_provider(&no_id)
                .unwrap_err()
                .contains("no entityID")
        );
    }
}
