"""Drives the official Huawei IdentityStore Python SDK (3.1.219) against the idc emulator: every write
of issue 19 as the SDK sends it (paths, bodies, SDK-HMAC-SHA256 signatures, X-Project-Id), and
its responses parsed into the SDK's models."""
import sys
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkidentitycenterstore.v1 import *
from huaweicloudsdkidentitycenterstore.v1.identitycenterstore_client import IdentityCenterStoreClient

url = sys.argv[1]
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

r = client.create_user(CreateUserRequest(identity_store_id=STORE, body=CreateUserReqBody(
    user_name="sdkuser", password_mode="OTP", display_name="SDK User",
    name=NameDto(family_name="Kit", given_name="Sdk"),
    emails=[EmailDto(primary=True, type="Work", value="sdk@example.com")],
    title="Tester", enterprise=EnterpriseDto(department="QA"))))
check("CreateUser 201 parsed: user_id, password", bool(r.user_id) and bool(r.password))
user = r.user_id
try:
    client.create_user(CreateUserRequest(identity_store_id=STORE, body=CreateUserReqBody(
        user_name="sdkuser", password_mode="EMAIL", display_name="x",
        name=NameDto(family_name="a", given_name="b"),
        emails=[EmailDto(primary=True, type="Work", value="x@example.com")])))
    check("CreateUser twice refused", False)
except exceptions.ClientRequestException as e:
    check("CreateUser twice: 409 %s" % e.error_code, e.status_code == 409)
client.update_user(UpdateUserRequest(identity_store_id=STORE, user_id=user, body=UpdateUserReqBody(
    operations=[AttributeOperationDto(attribute_path="display_name", attribute_value="SDK User 2"),
                AttributeOperationDto(attribute_path="name", attribute_value='{"family_name":"Kit","given_name":"Sdk2"}')])))
d = client.describe_user(DescribeUserRequest(identity_store_id=STORE, user_id=user))
check("UpdateUser then DescribeUser: display name, given name, title, enterprise",
      d.display_name == "SDK User 2" and d.name.given_name == "Sdk2" and d.title == "Tester"
      and d.enterprise.department == "QA")
client.disable_user(DisableUserRequest(identity_store_id=STORE, user_id=user))
check("DisableUser: enabled false", client.describe_user(DescribeUserRequest(identity_store_id=STORE, user_id=user)).enabled is False)
client.enable_user(EnableUserRequest(identity_store_id=STORE, user_id=user))
check("EnableUser: enabled true", client.describe_user(DescribeUserRequest(identity_store_id=STORE, user_id=user)).enabled is True)
g = client.create_group(CreateGroupRequest(identity_store_id=STORE, body=CreateGroupReqBody(display_name="sdkgroup", description="d")))
check("CreateGroup 201 parsed", bool(g.group_id))
client.update_group(UpdateGroupRequest(identity_store_id=STORE, group_id=g.group_id, body=UpdateGroupReqBody(
    operations=[AttributeOperationDto(attribute_path="display_name", attribute_value="sdkgroup2")])))
check("UpdateGroup: renamed", client.describe_group(DescribeGroupRequest(identity_store_id=STORE, group_id=g.group_id)).display_name == "sdkgroup2")
m = client.create_group_membership(CreateGroupMembershipRequest(identity_store_id=STORE, body=CreateGroupMembershipReqBody(
    group_id=g.group_id, member_id=MemberIdDto(user_id=user))))
check("CreateGroupMembership parsed", bool(m.membership_id))
mid = client.get_group_membership_id(GetGroupMembershipIdRequest(identity_store_id=STORE, body=GetGroupMembershipIdReqBody(
    group_id=g.group_id, member_id=MemberIdDto(user_id=user))))
check("GetGroupMembershipId", mid.membership_id == m.membership_id)
dm = client.describe_group_membership(DescribeGroupMembershipRequest(identity_store_id=STORE, membership_id=m.membership_id))
check("DescribeGroupMembership", dm.group_id == g.group_id and dm.member_id.user_id == user)
client.delete_group_membership(DeleteGroupMembershipRequest(identity_store_id=STORE, membership_id=m.membership_id))
try:
    client.describe_group_membership(DescribeGroupMembershipRequest(identity_store_id=STORE, membership_id=m.membership_id))
    check("DeleteGroupMembership", False)
except exceptions.ClientRequestException as e:
    check("DeleteGroupMembership: then 404 %s" % e.error_code, e.status_code == 404)
s = client.list_sessions(ListSessionsRequest(identity_store_id=STORE, user_id=ALICE))
check("ListSessions parsed: 2 sessions", len(s.session_list) == 2 and s.session_list[0].ip_address is not None)
client.batch_delete_sessions(BatchDeleteSessionsRequest(identity_store_id=STORE, user_id=ALICE,
    body=BatchDeleteSessionsReqBody(session_ids=[s.session_list[0].session_id])))
check("BatchDeleteSessions: one left", len(client.list_sessions(ListSessionsRequest(identity_store_id=STORE, user_id=ALICE)).session_list) == 1)
mf = client.batch_list_mfa_devices_for_user(BatchListMfaDevicesForUserRequest(identity_store_id=STORE,
    body=BatchListMfaDevicesForUserReqBody(user_list=[RetrieveMfaDevicesForUserDto(identity_store_id=STORE, user_id=ALICE)])))
devices = mf.user_mfa_devices_entry_list[0].mfa_devices
check("BatchListMfaDevicesForUser parsed: 1 device", len(devices) == 1 and devices[0].mfa_type == "TOTP")
client.delete_mfa_device_for_user(DeleteMfaDeviceForUserRequest(identity_store_id=STORE, user_id=ALICE, device_id=devices[0].device_id))
mf = client.batch_list_mfa_devices_for_user(BatchListMfaDevicesForUserRequest(identity_store_id=STORE,
    body=BatchListMfaDevicesForUserReqBody(user_list=[RetrieveMfaDevicesForUserDto(identity_store_id=STORE, user_id=ALICE)])))
check("DeleteMfaDeviceForUser: none left", not mf.user_mfa_devices_entry_list[0].mfa_devices)
client.delete_group(DeleteGroupRequest(identity_store_id=STORE, group_id=g.group_id))
client.delete_user(DeleteUserRequest(identity_store_id=STORE, user_id=user))
try:
    client.describe_user(DescribeUserRequest(identity_store_id=STORE, user_id=user))
    check("DeleteUser", False)
except exceptions.ClientRequestException as e:
    check("DeleteGroup and DeleteUser: then 404 %s" % e.error_code, e.status_code == 404)
failed = [n for n, ok in checks if not ok]
print("%d checks, %d failed" % (len(checks), len(failed)))
sys.exit(1 if failed else 0)
