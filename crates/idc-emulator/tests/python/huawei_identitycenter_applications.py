"""Drives the emulator's Huawei IdentityCenter application operations with the official Python SDK
(huaweicloudsdkidentitycenter): its requests (paths, bodies, signatures) must be accepted as they
are, and its responses must parse. Run by tests/python_sdk.rs, which skips when python3 or the SDK
is missing. Usage: python3 huawei_identitycenter_applications.py BASE_URL AK SK DOMAIN_ID INSTANCE IDENTITY_STORE USER
"""

import sys

from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkidentitycenter.v1 import model as m

from identitycenter_sdk import check, client as sdk_client

base, ak, sk, domain, instance, store, user = sys.argv[1:8]

client = sdk_client(base, ak, sk, domain)


catalog = client.list_catalog_applications(m.ListCatalogApplicationsRequest(limit=1))
check(len(catalog.applications) == 1 and catalog.page_info.next_marker, "list_catalog_applications pages")
app_id = catalog.applications[0].application_id
templates = client.list_application_templates(m.ListApplicationTemplatesRequest(application_id=app_id))
template = templates.application_templates[0]
check(template.template_id.startswith("tpl-"), "list_application_templates " + template.template_id)
providers = client.list_application_providers(m.ListApplicationProvidersRequest())
provider = providers.application_providers[0]
described = client.describe_application_provider(
    m.DescribeApplicationProviderRequest(application_provider_id=provider.application_provider_id)
)
check(described.application_provider_urn == provider.application_provider_urn, "describe_application_provider")

created = client.create_application_instance(
    m.CreateApplicationInstanceRequest(
        instance_id=instance,
        body=m.CreateApplicationInstanceReqBody(name="9e3b1f2a-sdk", template_id=template.template_id),
    )
).application_instance
ai = created.application_instance_id
check(ai.startswith("app-ins-") and created.active_certificate.status == "ACTIVE", "create_application_instance " + ai)


def get():
    return client.get_application_instance(
        m.GetApplicationInstanceRequest(instance_id=instance, application_instance_id=ai)
    ).application_instance


ids = dict(instance_id=instance, application_instance_id=ai)
client.update_application_instance_display_data(
    m.UpdateApplicationInstanceDisplayDataRequest(
        **ids, body=m.UpdateApplicationInstanceDisplayDataReqBody(description="from the SDK", display_name="SDK app")
    )
)
client.update_application_instance_response_configuration(
    m.UpdateApplicationInstanceResponseConfigurationRequest(
        **ids,
        body=m.UpdateApplicationInstanceResponseConfigurationReqBody(
            response_config=m.ResponseConfigDto(
                ttl="PT2H",
                subject=m.ResponseSourceDetailsDto(source=["${user:email}"]),
                properties={"email": m.ResponseSourceDetailsDto(source=["${user:email}"])},
            )
        ),
    )
)
client.update_application_instance_response_schema_configuration(
    m.UpdateApplicationInstanceResponseSchemaConfigurationRequest(
        **ids,
        body=m.UpdateApplicationInstanceResponseSchemaConfigurationReqBody(
            response_schema_config=m.ResponseSchemaConfigDto(
                subject=m.ResponseSchemaSubjectDetailsDto(
                    name_id_format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", include="REQUIRED"
                )
            )
        ),
    )
)
client.update_application_instance_security_configuration(
    m.UpdateApplicationInstanceSecurityConfigurationRequest(
        **ids, body=m.UpdateApplicationInstanceSecurityConfigurationReqBody(security_config=m.SecurityConfigDto(ttl="P2Y"))
    )
)
client.update_application_instance_service_provider_configuration(
    m.UpdateApplicationInstanceServiceProviderConfigurationRequest(
        **ids,
        body=m.UpdateApplicationInstanceServiceProviderConfigurationReqBody(
            service_provider_config=m.ServiceProviderConfigDto(
                audience="https://sdk.example.com/saml",
                consumers=[m.ConsumersDto(binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", default_value=True, location="https://sdk.example.com/acs")],
                start_url="https://sdk.example.com/",
            )
        ),
    )
)
client.update_application_instance_status(
    m.UpdateApplicationInstanceStatusRequest(**ids, body=m.UpdateApplicationInstanceStatusReqBody(status="DISABLED"))
)
got = get()
check(
    got.display.display_name == "SDK app"
    and got.response_config.ttl == "PT2H"
    and got.response_config.properties["email"].source == ["${user:email}"]
    and got.security_config.ttl == "P2Y"
    and got.service_provider_config.consumers[0].location == "https://sdk.example.com/acs"
    and got.status == "DISABLED",
    "the updates are read back by get_application_instance",
)
metadata = (
    '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sdk.example.com/meta">'
    '<SPSSODescriptor><AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
    'Location="https://sdk.example.com/acs2"/></SPSSODescriptor></EntityDescriptor>'
)
client.import_application_instance_service_provider_metadata(
    m.ImportApplicationInstanceServiceProviderMetadataRequest(
        **ids, body=m.ImportApplicationInstanceServiceProviderMetadataReqBody(metadata=metadata)
    )
)
check(get().service_provider_config.audience == "https://sdk.example.com/meta", "import_application_instance_service_provider_metadata")

new = client.create_application_instance_certificate(
    m.CreateApplicationInstanceCertificateRequest(**ids)
).application_instance_certificate
check(new.status == "INACTIVE", "create_application_instance_certificate " + new.certificate_id)
listed = client.list_application_instance_certificates(m.ListApplicationInstanceCertificatesRequest(**ids, limit=10))
check(len(listed.application_instance_certificates) == 2, "list_application_instance_certificates")
active = client.update_application_instance_active_certificate(
    m.UpdateApplicationInstanceActiveCertificateRequest(**ids, certificate_id=new.certificate_id)
).application_instance_certificate
check(active.status == "ACTIVE", "update_application_instance_active_certificate")
client.delete_application_instance_certificate(
    m.DeleteApplicationInstanceCertificateRequest(**ids, certificate_id=created.active_certificate.certificate_id)
)
try:
    client.delete_application_instance_certificate(
        m.DeleteApplicationInstanceCertificateRequest(**ids, certificate_id=new.certificate_id)
    )
    raise SystemExit("FAILED: the active certificate was deleted")
except ClientRequestException as e:
    check(e.status_code == 409, "the active certificate cannot be deleted")

client.create_application_assignment(
    m.CreateApplicationAssignmentRequest(**ids, body=m.CreateApplicationAssignmentReqBody(principal_id=user, principal_type="USER"))
)
profiles = client.list_profiles(m.ListProfilesRequest(**ids)).application_profiles
check([p.profile_id for p in profiles] == [user], "list_profiles")
client.delete_profile(m.DeleteProfileRequest(**ids, profile_id=user))
check(not client.list_profiles(m.ListProfilesRequest(**ids)).application_profiles, "delete_profile")
client.disassociate_profile(
    m.DisassociateProfileRequest(
        instance_id=instance, body=m.DisassociateProfileReqBody(id=user, accessor_type="USER", identity_store_id=store)
    )
)
check(True, "disassociate_profile")

client.delete_application_instance(m.DeleteApplicationInstanceRequest(**ids))
try:
    get()
    raise SystemExit("FAILED: the deleted instance is still there")
except ClientRequestException as e:
    check(e.status_code == 404, "delete_application_instance")

print("ALL OK")
