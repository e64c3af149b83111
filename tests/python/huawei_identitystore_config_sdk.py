"""Drives the official Huawei IdentityStore Python SDK (3.1.219) against the idc emulator: the
operations of issue 20 on the identity store itself (password policy, summary, external identity
provider and its certificates, service provider settings and certificates, SCIM provisioning and
bearer tokens, MFA device registration and renaming, password reset, email verification) as the
SDK sends them, and their answers parsed into the SDK's models.

Arguments: the emulator's URL, then a PEM certificate (for the identity provider)."""
import sys
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkidentitycenterstore.v1 import *
from huaweicloudsdkidentitycenterstore.v1.identitycenterstore_client import IdentityCenterStoreClient

url, pem = sys.argv[1], sys.argv[2]
STORE = "d-3c3f9d8a11"
ALICE = "4b969bc6-e8ed-47ce-b62b-936319e2bcb1"
creds = BasicCredentials("EMULATORHUAWEIAK0001", "EmulatorHuaweiSecretKey0001DoNotUseInProd",
                         "05e1a7c9d2b84f3a9c6e8d7f1a2b3c4d")
config = HttpConfig.get_default_config()
config.ignore_ssl_verification = True
client = IdentityCenterStoreClient.new_builder().with_http_config(config) \
    .with_credentials(creds).with_endpoints([url]).build()

checks = []
def check(name, cond):
    checks.append((name, cond))
    print(("ok  " if cond else "FAIL"), name)

def status(call):
    try:
        call()
        return 200
    except exceptions.ClientRequestException as e:
        return e.status_code

p = client.describe_password_policy(DescribePasswordPolicyRequest(identity_store_id=STORE)).password_policy
check("DescribePasswordPolicy: the default", p.minimum_password_length == 8 and p.require_symbols is True)
client.update_password_policy(UpdatePasswordPolicyRequest(identity_store_id=STORE, body=UpdatePasswordPolicyReqBody(
    password_policy=PasswordPolicyDto(minimum_password_length=12))))
p = client.describe_password_policy(DescribePasswordPolicyRequest(identity_store_id=STORE)).password_policy
check("UpdatePasswordPolicy: read back, the rest kept", p.minimum_password_length == 12 and p.max_password_age == 90)

s = client.get_identity_store_summary(GetIdentityStoreSummaryRequest(identity_store_id=STORE))
check("GetIdentityStoreSummary parsed", s.users > 0 and s.users_quota >= s.users and s.groups_quota >= s.groups)

idp = client.create_external_id_p_configuration_for_directory(CreateExternalIdPConfigurationForDirectoryRequest(
    identity_store_id=STORE, body=CreateIDPReqBody(idp_certificate=pem,
        idp_saml_config={"entity_id": "https://idp.example.com", "login_url": "https://idp.example.com/sso"})))
check("CreateExternalIdPConfigurationForDirectory 201 parsed", bool(idp.idp_id) and bool(idp.hws_sp_saml_config.acs_url))
listed = client.list_external_id_p_configurations_for_directory(
    ListExternalIdPConfigurationsForDirectoryRequest(identity_store_id=STORE)).associations
check("ListExternalIdPConfigurationsForDirectory parsed", len(listed) == 1 and listed[0].is_enabled is True
      and listed[0].idp_saml_config.entity_id == "https://idp.example.com")
client.update_external_id_p_configuration_for_directory(UpdateExternalIdPConfigurationForDirectoryRequest(
    identity_store_id=STORE, idp_id=idp.idp_id, body=UpdateExternalIdPConfigurationForDirectoryReqBody(
        entity_id="https://idp2.example.com", login_url="https://idp2.example.com/sso")))
client.disable_external_id_p_configuration_for_directory(DisableExternalIdPConfigurationForDirectoryRequest(
    identity_store_id=STORE, idp_id=idp.idp_id))
listed = client.list_external_id_p_configurations_for_directory(
    ListExternalIdPConfigurationsForDirectoryRequest(identity_store_id=STORE)).associations
check("Update and Disable read back", listed[0].is_enabled is False and listed[0].idp_saml_config.entity_id == "https://idp2.example.com")
client.enable_external_id_p_configuration_for_directory(EnableExternalIdPConfigurationForDirectoryRequest(
    identity_store_id=STORE, idp_id=idp.idp_id))
imported = client.import_external_id_p_certificate(ImportExternalIdPCertificateRequest(
    identity_store_id=STORE, idp_id=idp.idp_id, body=ImportExternalIdPCertificateReqBody(
        x509_certificate_in_pem=pem, certificate_use="SIGNING")))
certs = client.list_external_id_p_certificates(ListExternalIdPCertificatesRequest(
    identity_store_id=STORE, idp_id=idp.idp_id)).idp_certificates
check("ImportExternalIdPCertificate, ListExternalIdPCertificates parsed", len(certs) == 2
      and certs[1].certificate_id == imported.certificate_id and certs[0].not_after > certs[0].not_before)
client.delete_external_id_p_certificate(DeleteExternalIdPCertificateRequest(
    identity_store_id=STORE, idp_id=idp.idp_id, certificate_id=imported.certificate_id))
client.delete_external_id_p_configuration_for_directory(DeleteExternalIdPConfigurationForDirectoryRequest(
    identity_store_id=STORE, idp_id=idp.idp_id))
check("DeleteExternalIdP...: gone", not client.list_external_id_p_configurations_for_directory(
    ListExternalIdPConfigurationsForDirectoryRequest(identity_store_id=STORE)).associations)

sp = client.get_sp_configuration_for_directory(GetSpConfigurationForDirectoryRequest(identity_store_id=STORE))
check("GetSpConfigurationForDirectory parsed", STORE in sp.sp_saml_config.acs_url and bool(sp.sp_oidc_config.redirect_url))
before = client.list_sp_certificates(ListSpCertificatesRequest(identity_store_id=STORE)).body
new = client.create_sp_certificate(CreateSpCertificateRequest(identity_store_id=STORE))
client.update_sp_active_certificate(UpdateSpActiveCertificateRequest(identity_store_id=STORE, certificate_id=new.certificate_id))
client.delete_sp_certificate(DeleteSpCertificateRequest(identity_store_id=STORE, certificate_id=before[0].certificate_id))
after = client.list_sp_certificates(ListSpCertificatesRequest(identity_store_id=STORE)).body
check("SP certificate rotation parsed (the list is a JSON array)", len(before) == 1 and len(after) == 1
      and after[0].certificate_id == new.certificate_id and after[0].state == "ACTIVE")

t = client.create_provisioning_tenant(CreateProvisioningTenantRequest(identity_store_id=STORE))
tok = client.create_bearer_token(CreateBearerTokenRequest(identity_store_id=STORE, tenant_id=t.tenant_id))
tokens = client.list_bearer_tokens(ListBearerTokensRequest(identity_store_id=STORE, tenant_id=t.tenant_id)).bearer_tokens
tenants = client.list_provisioning_tenants(ListProvisioningTenantsRequest(identity_store_id=STORE)).provisioning_tenants
check("Provisioning tenant and bearer token parsed", bool(tok.token) and [x.token_id for x in tokens] == [tok.token_id]
      and tenants[0].tenant_id == t.tenant_id and t.tenant_id in tenants[0].scim_endpoint)
client.delete_bearer_token(DeleteBearerTokenRequest(identity_store_id=STORE, tenant_id=t.tenant_id, token_id=tok.token_id))
client.delete_provisioning_tenant(DeleteProvisioningTenantRequest(identity_store_id=STORE, tenant_id=t.tenant_id))
check("DeleteBearerToken, DeleteProvisioningTenant: gone", not client.list_provisioning_tenants(
    ListProvisioningTenantsRequest(identity_store_id=STORE)).provisioning_tenants)

r = client.register_mfa_device_for_user(RegisterMfaDeviceForUserRequest(identity_store_id=STORE, user_id=ALICE))
check("RegisterMfaDeviceForUser parsed", r.user_id == ALICE and r.work_flow in r.redirect_url)
mf = client.batch_list_mfa_devices_for_user(BatchListMfaDevicesForUserRequest(identity_store_id=STORE,
    body=BatchListMfaDevicesForUserReqBody(user_list=[RetrieveMfaDevicesForUserDto(identity_store_id=STORE, user_id=ALICE)])))
device = mf.user_mfa_devices_entry_list[0].mfa_devices[0].device_id
client.update_mfa_device_for_user(UpdateMfaDeviceForUserRequest(identity_store_id=STORE, user_id=ALICE, device_id=device,
    body=UpdateMfaDeviceForUserReqBody(display_name="SDK key")))
mf = client.batch_list_mfa_devices_for_user(BatchListMfaDevicesForUserRequest(identity_store_id=STORE,
    body=BatchListMfaDevicesForUserReqBody(user_list=[RetrieveMfaDevicesForUserDto(identity_store_id=STORE, user_id=ALICE)])))
check("UpdateMfaDeviceForUser: renamed", mf.user_mfa_devices_entry_list[0].mfa_devices[0].display_name == "SDK key")
pw = client.reset_pwd_mode(ResetPwdModeRequest(identity_store_id=STORE, user_id=ALICE, body=UpdatePwdModeReqBody(mode="OTP")))
check("ResetPwdMode OTP parsed: a password", bool(pw.password))
check("VerifyEmail of an unknown user: 404", status(lambda: client.verify_email(
    VerifyEmailRequest(identity_store_id=STORE, user_id="nobody"))) == 404)

failed = [n for n, ok in checks if not ok]
print("%d checks, %d failed" % (len(checks), len(failed)))
sys.exit(1 if failed else 0)
