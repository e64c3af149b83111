//! Huawei Cloud IdentityCenter: the reads of instances, assignments and permission sets
//! (what `identitycenter.rs` hands each read operation to).

use axum::response::Response;

use crate::generated::huawei_identitycenter::{
    DescribeApplicationRequest, DescribePermissionSetRequest,
    GetApplicationAssignmentConfigurationRequest, GetCustomPolicyForPermissionSetRequest,
    GetCustomRoleForPermissionSetRequest, ListAccountAssignmentsForPrincipalRequest,
    ListAccountAssignmentsRequest, ListAccountsForProvisionedPermissionSetRequest,
    ListApplicationAssignmentsForPrincipalRequest, ListApplicationAssignmentsRequest,
    ListInstancesRequest, ListManagedPoliciesInPermissionSetRequest,
    ListManagedRolesInPermissionSetRequest, ListPermissionSetsProvisionedToAccountRequest,
    ListPermissionSetsRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::common::{list_page, part, rows_page, select};
use crate::huawei::identitycenter_items::{
    AccountItem, ApplicationItem, instance_view, provisioned,
};
use crate::huawei::lookups::*;
use crate::store::huawei_rows::HuaweiPermissionSet;
use crate::store::keys::{at, list_at};
use idc_raw::huawei_identitycenter::types;

/// What a handler answers.
pub(crate) type Answer = Result<Response, Reject>;

pub(crate) fn list_instances(ctx: &Context<'_>, request: ListInstancesRequest) -> Answer {
    let table = &ctx.store.data.huawei.instances;
    let positions: Vec<u32> = table.numbered().map(|(seq, _)| seq).collect();
    let paging = (request.marker, request.limit);
    rows_page(
        ctx,
        ("instances", &["instances"]),
        (table, &positions),
        paging,
        instance_view,
    )
}

pub(crate) fn list_account_assignments(
    ctx: &Context<'_>,
    request: ListAccountAssignmentsRequest,
) -> Answer {
    let (instance, account, set) = (
        &*request.instance_id,
        &*request.account_id,
        &request.permission_set_id,
    );
    modelled_instance(ctx, instance)?;
    known_account(ctx, account)?;
    if let Some(set) = set {
        permission_set(ctx, instance, set)?;
    }
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let rows = &ctx.store.data.huawei.account_assignments;
    let all = list_at(&views.account_assignments_on, &[instance, account]);
    let positions = select(all, rows, |a| {
        set.as_ref().is_none_or(|s| &*a.permission_set_id == s)
    });
    let query = [
        "account-assignments-of-account",
        instance,
        account,
        part(set),
    ];
    let paging = (request.marker, request.limit);
    rows_page(
        ctx,
        ("account_assignments", &query),
        (rows, &positions),
        paging,
        AccountItem::from,
    )
}

pub(crate) fn list_account_assignments_for_principal(
    ctx: &Context<'_>,
    request: ListAccountAssignmentsForPrincipalRequest,
) -> Answer {
    let store = ctx.store;
    let (instance, principal_id) = (&*request.instance_id, &*request.principal_id);
    let principal_type = request.principal_type.as_str();
    principal(ctx, instance, principal_id, principal_type)?;
    let account = request.account_id.as_deref();
    if let Some(account) = account
        && store.huawei.instances.contains_key(instance)
    {
        known_account(ctx, account)?;
    }
    let rows = &store.data.huawei.account_assignments;
    let all = store.huawei_accounts(instance, principal_id, principal_type);
    let query = [
        "account-assignments",
        instance,
        principal_id,
        principal_type,
        part(&request.account_id),
    ];
    // A listing filtered by account is kept for its next pages.
    let positions = match account {
        None => all,
        Some(account) => store.cached(&query, || select(&all, rows, |a| &*a.account_id == account)),
    };
    let paging = (request.marker, request.limit);
    rows_page(
        ctx,
        ("account_assignments", &query),
        (rows, &positions),
        paging,
        AccountItem::from,
    )
}

pub(crate) fn list_application_assignments_for_principal(
    ctx: &Context<'_>,
    request: ListApplicationAssignmentsForPrincipalRequest,
) -> Answer {
    let (instance, principal_id) = (&*request.instance_id, &*request.principal_id);
    let principal_type = request.principal_type.as_str();
    principal(ctx, instance, principal_id, principal_type)?;
    let rows = &ctx.store.data.huawei.application_assignments;
    let positions = ctx
        .store
        .huawei_applications(instance, principal_id, principal_type);
    let query = [
        "application-assignments",
        instance,
        principal_id,
        principal_type,
        "\u{1}",
    ];
    let paging = (request.marker, request.limit);
    let listing = (rows, positions.as_slice());
    rows_page(
        ctx,
        ("application_assignments", &query),
        listing,
        paging,
        ApplicationItem::from,
    )
}

pub(crate) fn describe_application(
    ctx: &Context<'_>,
    request: DescribeApplicationRequest,
) -> Answer {
    let a = find_application(ctx, &request.instance_id, &request.application_instance_id)?;
    ok(&application(ctx.store, a))
}

pub(crate) fn list_application_assignments(
    ctx: &Context<'_>,
    request: ListApplicationAssignmentsRequest,
) -> Answer {
    let (instance, id) = (&*request.instance_id, &*request.application_instance_id);
    let app = find_application(ctx, instance, id)?;
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let positions = list_at(
        &views.application_assignments_of,
        &[instance, &app.application_urn],
    );
    let rows = &ctx.store.data.huawei.application_assignments;
    let query = ["application-assignments-of-application", instance, id];
    let paging = (request.marker, request.limit);
    rows_page(
        ctx,
        ("application_assignments", &query),
        (rows, positions),
        paging,
        ApplicationItem::from,
    )
}

pub(crate) fn get_application_assignment_configuration(
    ctx: &Context<'_>,
    request: GetApplicationAssignmentConfigurationRequest,
) -> Answer {
    let a = find_application(ctx, &request.instance_id, &request.application_instance_id)?;
    ok(&types::GetApplicationAssignmentConfigurationResponse {
        assignment_required: Some(a.assignment_required),
    })
}

pub(crate) fn list_permission_sets(
    ctx: &Context<'_>,
    request: ListPermissionSetsRequest,
) -> Answer {
    let instance = modelled_instance(ctx, &request.instance_id)?;
    let rows = &ctx.store.data.huawei.permission_sets;
    let all = ctx
        .store
        .huawei
        .instance_permission_sets
        .get(&request.instance_id);
    let (id, name, urn) = (
        &request.permission_set_id,
        &request.name,
        &request.permission_urn,
    );
    let positions = select(all.map_or(&[], Vec::as_slice), rows, |s| {
        id.as_deref().is_none_or(|id| id == &*s.permission_set_id)
            && name.as_deref().is_none_or(|n| n == &*s.name)
            && urn
                .as_deref()
                .is_none_or(|u| u == permission_urn(instance, s))
    });
    let query = [
        "permission-sets",
        &request.instance_id,
        part(id),
        part(urn),
        part(name),
    ];
    let paging = (request.marker, request.limit);
    let view = |s: &HuaweiPermissionSet| permission_set_view(instance, s);
    rows_page(
        ctx,
        ("permission_sets", &query),
        (rows, &positions),
        paging,
        view,
    )
}

pub(crate) fn list_permission_sets_provisioned_to_account(
    ctx: &Context<'_>,
    request: ListPermissionSetsProvisionedToAccountRequest,
) -> Answer {
    let (instance, account) = (&*request.instance_id, &*request.account_id);
    modelled_instance(ctx, instance)?;
    known_account(ctx, account)?;
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let all = views.provisioned_to.get(at(&[instance, account]));
    let status = &request.provisioning_status;
    let ids = provisioned(all.map_or(&[], Vec::as_slice), status.as_deref());
    let query = ["provisioned-to-account", instance, account, part(status)];
    list_page(
        ctx,
        ("permission_sets", &query),
        &ids,
        (request.marker, request.limit),
    )
}

pub(crate) fn describe_permission_set(
    ctx: &Context<'_>,
    request: DescribePermissionSetRequest,
) -> Answer {
    let (instance, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
    ok(&types::DescribePermissionSetResponse {
        permission_set: Some(permission_set_view(instance, set)),
    })
}

pub(crate) fn list_accounts_for_provisioned_permission_set(
    ctx: &Context<'_>,
    request: ListAccountsForProvisionedPermissionSetRequest,
) -> Answer {
    let (instance, set) = (&*request.instance_id, &*request.permission_set_id);
    permission_set(ctx, instance, set)?;
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let all = views.provisioned_on.get(at(&[instance, set]));
    let status = &request.provisioning_status;
    let ids = provisioned(all.map_or(&[], Vec::as_slice), status.as_deref());
    let query = ["accounts-for-permission-set", instance, set, part(status)];
    list_page(
        ctx,
        ("account_ids", &query),
        &ids,
        (request.marker, request.limit),
    )
}

pub(crate) fn get_custom_policy_for_permission_set(
    ctx: &Context<'_>,
    request: GetCustomPolicyForPermissionSetRequest,
) -> Answer {
    let (_, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
    ok(&types::GetCustomPolicyForPermissionSetResponse {
        custom_policy: set.custom_policy.clone(),
    })
}

pub(crate) fn get_custom_role_for_permission_set(
    ctx: &Context<'_>,
    request: GetCustomRoleForPermissionSetRequest,
) -> Answer {
    let (_, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
    ok(&types::GetCustomRoleForPermissionSetResponse {
        custom_role: set.custom_role.clone(),
    })
}

pub(crate) fn list_managed_policies_in_permission_set(
    ctx: &Context<'_>,
    request: ListManagedPoliciesInPermissionSetRequest,
) -> Answer {
    let (instance, id) = (&*request.instance_id, &*request.permission_set_id);
    let (_, set) = permission_set(ctx, instance, id)?;
    let attached: Vec<types::AttachedManagedPolicy> = (set.managed_policies.iter())
        .map(|p| types::AttachedManagedPolicy {
            policy_id: Some(p.policy_id.to_string()),
            policy_name: Some(p.policy_name.to_string()),
        })
        .collect();
    let query = ["managed-policies", instance, id];
    let paging = (request.marker, request.limit);
    list_page(
        ctx,
        ("attached_managed_policies", &query),
        &attached,
        paging,
    )
}

pub(crate) fn list_managed_roles_in_permission_set(
    ctx: &Context<'_>,
    request: ListManagedRolesInPermissionSetRequest,
) -> Answer {
    let (instance, id) = (&*request.instance_id, &*request.permission_set_id);
    let (_, set) = permission_set(ctx, instance, id)?;
    let attached: Vec<types::AttachedManagedRole> = (set.managed_roles.iter())
        .map(|r| types::AttachedManagedRole {
            role_id: Some(r.role_id.to_string()),
            role_name: Some(r.role_name.to_string()),
        })
        .collect();
    let query = ["managed-roles", instance, id];
    let paging = (request.marker, request.limit);
    list_page(ctx, ("attached_managed_roles", &query), &attached, paging)
}
