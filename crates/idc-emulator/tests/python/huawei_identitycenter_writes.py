"""Drives the emulator's Huawei IdentityCenter writes with the official Python SDK
(huaweicloudsdkidentitycenter): its requests (paths, bodies, signatures) must be accepted as they
are, and its responses must parse. Run by tests/python_sdk.rs, which skips when python3 or the SDK
is missing. Usage: python3 huawei_identitycenter_writes.py BASE_URL AK SK DOMAIN_ID INSTANCE USER ACCOUNT
"""

import sys
import time

from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkidentitycenter.v1 import model as m

from identitycenter_sdk import check, client as sdk_client

base, ak, sk, domain, instance, user, account = sys.argv[1:8]

client = sdk_client(base, ak, sk, domain)


def wait(describe, field):
    for _ in range(100):
        status = getattr(describe(), field)
        if status.status != "IN_PROGRESS":
            return status
        time.sleep(0.05)
    raise SystemExit("FAILED: still in progress")


created = client.create_permission_set(
    m.CreatePermissionSetRequest(
        instance_id=instance,
        body=m.CreatePermissionSetReqBody(name="SdkWriters", description="from the SDK", session_duration="PT1H"),
    )
)
ps = created.permission_set.permission_set_id
check(ps.startswith("ps-") and created.permission_set.name == "SdkWriters", "create_permission_set " + ps)

client.update_permission_set(
    m.UpdatePermissionSetRequest(instance_id=instance, permission_set_id=ps, body=m.UpdatePermissionSetReqBody(description="updated"))
)
client.attach_managed_policy_to_permission_set(
    m.AttachManagedPolicyToPermissionSetRequest(
        instance_id=instance, permission_set_id=ps,
        body=m.AttachManagedPolicyToPermissionSetReqBody(managed_policy_id="a6f2e2b4b3d84e8d9c6f9f3b0f2b1c8d", managed_policy_name="ECSReadOnlyPolicy"),
    )
)
client.attach_managed_role_to_permission_set(
    m.AttachManagedRoleToPermissionSetRequest(
        instance_id=instance, permission_set_id=ps,
        body=m.ResourceAttachManagedPolicyToPermissionSetReqBody(managed_role_id="b2c3d4e5f60718293a4b5c6d7e8f9012"),
    )
)
client.put_custom_policy_to_permission_set(
    m.PutCustomPolicyToPermissionSetRequest(
        instance_id=instance, permission_set_id=ps,
        body=m.PutCustomPolicyToPermissionSetReqBody(custom_policy='{"Version":"5.0","Statement":[]}'),
    )
)
client.put_custom_role_to_permission_set(
    m.PutCustomRoleToPermissionSetRequest(
        instance_id=instance, permission_set_id=ps,
        body=m.PutCustomRoleToPermissionSetReqBody(custom_role='{"Version":"1.1","Statement":[]}'),
    )
)
summary = client.get_permission_set_summary(m.GetPermissionSetSummaryRequest(instance_id=instance))
check(summary.permission_sets >= 1 and summary.permission_sets_quota >= summary.permission_sets, "get_permission_set_summary")

body = m.CreateAccountAssignmentReqBody(
    permission_set_id=ps, principal_id=user, principal_type="USER", target_id=account, target_type="ACCOUNT"
)
accepted = client.create_account_assignment(m.CreateAccountAssignmentRequest(instance_id=instance, body=body))
request_id = accepted.account_assignment_creation_status.request_id
check(accepted.account_assignment_creation_status.status == "IN_PROGRESS", "create_account_assignment IN_PROGRESS")
done = wait(
    lambda: client.describe_account_assignment_creation_status(
        m.DescribeAccountAssignmentCreationStatusRequest(instance_id=instance, request_id=request_id)
    ),
    "account_assignment_creation_status",
)
check(done.status == "SUCCEEDED", "describe_account_assignment_creation_status SUCCEEDED")
listed = client.list_account_assignment_creation_status(
    m.ListAccountAssignmentCreationStatusRequest(instance_id=instance, status="SUCCEEDED", limit=10)
)
check(any(s.request_id == request_id for s in listed.account_assignments_creation_status), "list_account_assignment_creation_status")

provision = client.provision_permission_set(
    m.ProvisionPermissionSetRequest(
        instance_id=instance, permission_set_id=ps, body=m.ProvisionPermissionSetReqBody(target_id=account, target_type="ACCOUNT")
    )
)
prov_id = provision.permission_set_provisioning_status.request_id
done = wait(
    lambda: client.describe_permission_set_provisioning_status(
        m.DescribePermissionSetProvisioningStatusRequest(instance_id=instance, request_id=prov_id)
    ),
    "permission_set_provisioning_status",
)
check(done.status == "SUCCEEDED", "provision_permission_set SUCCEEDED")
listed = client.list_permission_set_provisioning_status(m.ListPermissionSetProvisioningStatusRequest(instance_id=instance))
check(any(s.request_id == prov_id for s in listed.permission_sets_provisioning_status), "list_permission_set_provisioning_status")

apps = client.list_application_instances(m.ListApplicationInstancesRequest(instance_id=instance)).application_instances
app = next(
    a.application_instance_id
    for a in apps
    if all(
        x.principal_id != user
        for x in client.list_application_assignments(
            m.ListApplicationAssignmentsRequest(instance_id=instance, application_instance_id=a.application_instance_id)
        ).application_assignments
    )
)
client.create_application_assignment(
    m.CreateApplicationAssignmentRequest(
        instance_id=instance, application_instance_id=app,
        body=m.CreateApplicationAssignmentReqBody(principal_id=user, principal_type="USER"),
    )
)
client.delete_application_assignment(
    m.DeleteApplicationAssignmentRequest(
        instance_id=instance, application_instance_id=app,
        body=m.DeleteApplicationAssignmentReqBody(principal_id=user, principal_type="USER"),
    )
)
check(True, "create_application_assignment, delete_application_assignment")

body = m.DeleteAccountAssignmentReqBody(
    permission_set_id=ps, principal_id=user, principal_type="USER", target_id=account, target_type="ACCOUNT"
)
accepted = client.delete_account_assignment(m.DeleteAccountAssignmentRequest(instance_id=instance, body=body))
deletion_id = accepted.account_assignment_deletion_status.request_id
done = wait(
    lambda: client.describe_account_assignment_deletion_status(
        m.DescribeAccountAssignmentDeletionStatusRequest(instance_id=instance, request_id=deletion_id)
    ),
    "account_assignment_deletion_status",
)
check(done.status == "SUCCEEDED", "delete_account_assignment SUCCEEDED")
listed = client.list_account_assignment_deletion_status(m.ListAccountAssignmentDeletionStatusRequest(instance_id=instance))
check(len(listed.account_assignments_deletion_status) == 1, "list_account_assignment_deletion_status")

client.detach_managed_policy_from_permission_set(
    m.DetachManagedPolicyFromPermissionSetRequest(
        instance_id=instance, permission_set_id=ps,
        body=m.DetachManagedPolicyFromPermissionSetReqBody(managed_policy_id="a6f2e2b4b3d84e8d9c6f9f3b0f2b1c8d"),
    )
)
client.detach_managed_role_from_permission_set(
    m.DetachManagedRoleFromPermissionSetRequest(
        instance_id=instance, permission_set_id=ps,
        body=m.ResourceDetachManagedPolicyFromPermissionSetReqBody(managed_role_id="b2c3d4e5f60718293a4b5c6d7e8f9012"),
    )
)
client.delete_custom_policy_from_permission_set(m.DeleteCustomPolicyFromPermissionSetRequest(instance_id=instance, permission_set_id=ps))
client.delete_custom_role_from_permission_set(m.DeleteCustomRoleFromPermissionSetRequest(instance_id=instance, permission_set_id=ps))
client.delete_permission_set(m.DeletePermissionSetRequest(instance_id=instance, permission_set_id=ps))
check(True, "detach, delete custom policy and role, delete_permission_set")
# The emulator checks the spec's rules itself: the SDK sends what it is given.
try:
    client.create_account_assignment(
        m.CreateAccountAssignmentRequest(
            instance_id=instance,
            body=m.CreateAccountAssignmentReqBody(
                permission_set_id="ps-1", principal_id=user, principal_type="ROBOT", target_id=account, target_type="ACCOUNT"
            ),
        )
    )
    raise SystemExit("FAILED: a principal_type outside the spec was accepted")
except ClientRequestException as e:
    check(e.status_code == 400 and e.error_code == "IIC.1000", "a principal_type outside the spec is a 400 IIC.1000")
try:
    client.delete_permission_set(m.DeletePermissionSetRequest(instance_id=instance, permission_set_id=ps))
    raise SystemExit("FAILED: a deleted permission set was deleted again")
except ClientRequestException as e:
    check(e.status_code == 404, "deleting it again is a 404 " + e.error_code)
print("ALL OK")
