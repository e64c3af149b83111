"""Drives the emulator's Huawei IdentityCenter instance configuration operations (issue 20) with the
official Python SDK (huaweicloudsdkidentitycenter 3.1.219): its requests (paths, bodies,
signatures) must be accepted as they are, and its responses must parse. Run by tests/python_sdk.rs,
which skips when python3 or the SDK is missing.
Usage: python3 huawei_identitycenter_configuration.py BASE_URL AK SK DOMAIN_ID INSTANCE USER ACCOUNT
"""

import sys

from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkidentitycenter.v1 import IdentityCenterClient
from huaweicloudsdkidentitycenter.v1 import model as m

base, ak, sk, domain, instance = sys.argv[1:6]

config = HttpConfig.get_default_config()
config.ignore_ssl_verification = True
client = (
    IdentityCenterClient.new_builder()
    .with_http_config(config)
    .with_credentials(GlobalCredentials(ak, sk, domain))
    .with_endpoints([base])
    .build()
)


def check(condition, what):
    if not condition:
        raise SystemExit("FAILED: " + what)
    print("ok:", what)


def refused(call, status, what):
    try:
        call()
    except ClientRequestException as e:
        check(e.status_code == status, "%s: %d %s" % (what, e.status_code, e.error_code))
        return
    raise SystemExit("FAILED: %s was not refused" % what)


sso = client.get_sso_configuration(m.GetSsoConfigurationRequest(instance_id=instance)).sso_configuration
check(sso.mfa_mode == "CONTEXT_AWARE" and sso.session_configuration.max_authentication_age == "PT8H", "get_sso_configuration default")
client.update_sso_configuration(m.UpdateSsoConfigurationRequest(instance_id=instance, body=m.UpdateSsoConfigurationReqBody(
    configuration_type="APP_AUTHENTICATION_CONFIGURATION",
    sso_configuration=m.SSOConfigurationDto(mfa_mode="ALWAYS_ON", allowed_mfa_types=["TOTP"]))))
sso = client.get_sso_configuration(m.GetSsoConfigurationRequest(instance_id=instance)).sso_configuration
check(sso.mfa_mode == "ALWAYS_ON" and sso.no_mfa_signin_behavior == "ALLOWED_WITH_ENROLLMENT", "update_sso_configuration read back")

client.update_ha_configuration(m.UpdateHaConfigurationRequest(instance_id=instance,
    body=m.UpdateHAConfigurationReqBody(disaster_recovery_choice="ACCEPT")))
ha = client.get_ha_configuration(m.GetHaConfigurationRequest(instance_id=instance))
check(ha.disaster_recovery_choice == "ACCEPT", "update_ha_configuration read back")

mfa = client.get_mfa_device_management_for_identity_store(m.GetMfaDeviceManagementForIdentityStoreRequest(instance_id=instance))
client.put_mfa_device_management_for_identity_store(m.PutMfaDeviceManagementForIdentityStoreRequest(instance_id=instance,
    body=m.PutMfaDeviceManagementForDirectoryReqBody(identity_store_id=mfa.identity_store_id, user_permission="NOT_ALLOWED")))
mfa = client.get_mfa_device_management_for_identity_store(m.GetMfaDeviceManagementForIdentityStoreRequest(instance_id=instance))
check(mfa.user_permission == "NOT_ALLOWED", "put_mfa_device_management_for_identity_store read back")

stores = client.list_identity_store_association(m.ListIdentityStoreAssociationRequest(instance_id=instance))
check(stores.identity_store_associations[0].identity_store_id == mfa.identity_store_id, "list_identity_store_association")

describe = lambda: client.describe_instance_access_control_attribute_configuration(
    m.DescribeInstanceAccessControlAttributeConfigurationRequest(instance_id=instance))
refused(describe, 404, "describe ABAC before it is created")
attributes = lambda key: m.InstanceAccessControlAttributeConfigurationDto(access_control_attributes=[
    m.AccessControlAttributeDto(key=key, value=m.AccessControlAttributeValueDto(source=["${user:email}"]))])
client.create_instance_access_control_attribute_configuration(m.CreateInstanceAccessControlAttributeConfigurationRequest(
    instance_id=instance, body=m.CreateInstanceAccessControlAttributeConfigurationReqBody(
        instance_access_control_attribute_configuration=attributes("Email"))))
client.update_instance_access_control_attribute_configuration(m.UpdateInstanceAccessControlAttributeConfigurationRequest(
    instance_id=instance, body=m.UpdateInstanceAccessControlAttributeConfigurationReqBody(
        instance_access_control_attribute_configuration=attributes("Mail"))))
abac = describe()
check(abac.status == "ENABLED" and abac.instance_access_control_attribute_configuration.access_control_attributes[0].key == "Mail",
      "ABAC created, updated and described")
client.delete_instance_access_control_attribute_configuration(
    m.DeleteInstanceAccessControlAttributeConfigurationRequest(instance_id=instance))
refused(describe, 404, "describe ABAC after it is deleted")

refused(lambda: client.create_alias(m.CreateAliasRequest(instance_id=instance, body=m.CreateAliasReqBody(alias="again"))),
        409, "create_alias on an instance that has one")

status = client.get_identity_center_service_status(m.GetIdentityCenterServiceStatusRequest())
check(status.service_status == "enable", "get_identity_center_service_status")
regions = client.describe_registered_regions(m.DescribeRegisteredRegionsRequest()).regions
check([r.region_id for r in regions] == ["cn-north-4"], "describe_registered_regions")
refused(lambda: client.register_region(m.RegisterRegionRequest(body=m.RegisterRegionReqBody(region_id="cn-south-1"))),
        409, "register_region once registered")
refused(lambda: client.start_identity_center(m.StartIdentityCenterRequest()), 409, "start_identity_center once started")
refused(lambda: client.delete_identity_center(m.DeleteIdentityCenterRequest()), 409, "delete_identity_center while in use")

ps = client.list_permission_sets(m.ListPermissionSetsRequest(instance_id=instance)).permission_sets[0].permission_set_id
kind = "identitycenter:permissionset"
client.create_tag_resource(m.CreateTagResourceRequest(resource_type=kind, resource_id=ps,
    body=m.TagResourceReqBody(tags=[m.TagDto(key="owner", value="sdk"), m.TagDto(key="env", value="")])))
client.delete_tag_resource(m.DeleteTagResourceRequest(resource_type=kind, resource_id=ps,
    body=m.DeleteTagResourceReqBody(tags=[m.DeleteTagDto(key="env")])))
tags = client.list_tag_resources(m.ListTagResourcesRequest(resource_type=kind, resource_id=ps, limit=10))
check([(t.key, t.value) for t in tags.tags] == [("owner", "sdk")] and tags.page_info.next_marker is None,
      "tags created, deleted and listed")
print("ALL OK")
