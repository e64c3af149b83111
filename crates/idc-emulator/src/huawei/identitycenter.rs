//! Huawei Cloud IdentityCenter: the data lookups of its operations (routing, parsing and
//! validation are generated from the spec).

use axum::response::Response;

use crate::generated::huawei_identitycenter as ic;
use crate::generated::huawei_identitycenter::{
    self, DescribeApplicationRequest, DescribePermissionSetRequest,
    GetApplicationAssignmentConfigurationRequest, GetCustomPolicyForPermissionSetRequest,
    GetCustomRoleForPermissionSetRequest, ListAccountAssignmentsForPrincipalRequest,
    ListAccountAssignmentsRequest, ListAccountsForProvisionedPermissionSetRequest,
    ListApplicationAssignmentsForPrincipalRequest, ListApplicationAssignmentsRequest,
    ListApplicationInstancesRequest, ListApplicationsRequest, ListInstancesRequest,
    ListManagedPoliciesInPermissionSetRequest, ListManagedRolesInPermissionSetRequest,
    ListPermissionSetsProvisionedToAccountRequest, ListPermissionSetsRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::huawei::common::{list_page, part, rows_page, select};
use crate::huawei::identitycenter_assignments as assignments;
use crate::huawei::identitycenter_configuration as config;
use crate::huawei::identitycenter_items::{
    AccountItem, ApplicationItem, application_instance_view, instance_view, provisioned,
};
use crate::huawei::identitycenter_permission_sets as sets;
use crate::huawei::identitycenter_service as service;
use crate::huawei::identitycenter_statuses as statuses;
use crate::huawei::identitycenter_tags as tags;
use crate::huawei::lookups::*;
use crate::store::huawei_rows::{HuaweiApplication, HuaweiPermissionSet};
use crate::store::keys::{at, list_at};
use crate::store::table::Table;
use idc_raw::huawei_identitycenter::types;

/// What a handler answers.
type Answer = Result<Response, Reject>;

impl huawei_identitycenter::Handlers for App {
    fn list_instances(
        &self,
        ctx: &Context<'_>,
        request: ListInstancesRequest,
    ) -> Result<Response, Reject> {
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

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsRequest,
    ) -> Result<Response, Reject> {
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

    fn list_account_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsForPrincipalRequest,
    ) -> Result<Response, Reject> {
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
            Some(account) => {
                store.cached(&query, || select(&all, rows, |a| &*a.account_id == account))
            }
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

    fn list_application_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsForPrincipalRequest,
    ) -> Result<Response, Reject> {
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

    fn list_application_instances(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationInstancesRequest,
    ) -> Result<Response, Reject> {
        // The same rows as list_applications, seen by the id the application operations take.
        let (rows, positions) = applications_of(ctx, &request.instance_id)?;
        let query = ["application-instances", &*request.instance_id];
        let paging = (request.marker, request.limit);
        let view = application_instance_view;
        rows_page(
            ctx,
            ("application_instances", &query),
            (rows, positions),
            paging,
            view,
        )
    }

    fn list_applications(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationsRequest,
    ) -> Result<Response, Reject> {
        let (rows, positions) = applications_of(ctx, &request.instance_id)?;
        let query = ["applications", &*request.instance_id];
        let paging = (request.marker, request.limit);
        let view = |a: &HuaweiApplication| application(ctx.store, a);
        rows_page(
            ctx,
            ("applications", &query),
            (rows, positions),
            paging,
            view,
        )
    }

    fn describe_application(
        &self,
        ctx: &Context<'_>,
        request: DescribeApplicationRequest,
    ) -> Result<Response, Reject> {
        let a = find_application(ctx, &request.instance_id, &request.application_instance_id)?;
        ok(&application(ctx.store, a))
    }

    fn list_application_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsRequest,
    ) -> Result<Response, Reject> {
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

    fn get_application_assignment_configuration(
        &self,
        ctx: &Context<'_>,
        request: GetApplicationAssignmentConfigurationRequest,
    ) -> Result<Response, Reject> {
        let a = find_application(ctx, &request.instance_id, &request.application_instance_id)?;
        ok(&types::GetApplicationAssignmentConfigurationResponse {
            assignment_required: Some(a.assignment_required),
        })
    }

    fn list_permission_sets(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsRequest,
    ) -> Result<Response, Reject> {
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

    fn list_permission_sets_provisioned_to_account(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsProvisionedToAccountRequest,
    ) -> Result<Response, Reject> {
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

    fn describe_permission_set(
        &self,
        ctx: &Context<'_>,
        request: DescribePermissionSetRequest,
    ) -> Result<Response, Reject> {
        let (instance, set) =
            permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        ok(&types::DescribePermissionSetResponse {
            permission_set: Some(permission_set_view(instance, set)),
        })
    }

    fn list_accounts_for_provisioned_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListAccountsForProvisionedPermissionSetRequest,
    ) -> Result<Response, Reject> {
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

    fn get_custom_policy_for_permission_set(
        &self,
        ctx: &Context<'_>,
        request: GetCustomPolicyForPermissionSetRequest,
    ) -> Result<Response, Reject> {
        let (_, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        ok(&types::GetCustomPolicyForPermissionSetResponse {
            custom_policy: set.custom_policy.clone(),
        })
    }

    fn get_custom_role_for_permission_set(
        &self,
        ctx: &Context<'_>,
        request: GetCustomRoleForPermissionSetRequest,
    ) -> Result<Response, Reject> {
        let (_, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        ok(&types::GetCustomRoleForPermissionSetResponse {
            custom_role: set.custom_role.clone(),
        })
    }

    fn list_managed_policies_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedPoliciesInPermissionSetRequest,
    ) -> Result<Response, Reject> {
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

    fn list_managed_roles_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedRolesInPermissionSetRequest,
    ) -> Result<Response, Reject> {
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

    fn create_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::CreateAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::create_account_assignment_accepted(ctx, request)
    }
    fn delete_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::delete_account_assignment_accepted(ctx, request)
    }
    fn describe_account_assignment_creation_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DescribeAccountAssignmentCreationStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::creation_status(ctx, request)
    }
    fn list_account_assignment_creation_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ListAccountAssignmentCreationStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::creation_statuses(ctx, request)
    }
    fn describe_account_assignment_deletion_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DescribeAccountAssignmentDeletionStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::deletion_status(ctx, request)
    }
    fn list_account_assignment_deletion_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ListAccountAssignmentDeletionStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::deletion_statuses(ctx, request)
    }
    fn create_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::CreatePermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::create_permission_set_now(ctx, request)
    }
    fn update_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::UpdatePermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::update_permission_set_now(ctx, request)
    }
    fn delete_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeletePermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::delete_permission_set_now(ctx, request)
    }
    fn provision_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ProvisionPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::provision_permission_set_accepted(ctx, request)
    }
    fn describe_permission_set_provisioning_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DescribePermissionSetProvisioningStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::provisioning_status_of(ctx, request)
    }
    fn list_permission_set_provisioning_status(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::ListPermissionSetProvisioningStatusRequest,
    ) -> Result<Response, Reject> {
        statuses::provisioning_statuses(ctx, request)
    }
    fn get_permission_set_summary(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::GetPermissionSetSummaryRequest,
    ) -> Result<Response, Reject> {
        sets::permission_set_summary(ctx, request)
    }
    fn attach_managed_policy_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::AttachManagedPolicyToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::attach_managed_policy_now(ctx, request)
    }
    fn detach_managed_policy_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DetachManagedPolicyFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::detach_managed_policy_now(ctx, request)
    }
    fn attach_managed_role_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::AttachManagedRoleToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::attach_managed_role_now(ctx, request)
    }
    fn detach_managed_role_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DetachManagedRoleFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::detach_managed_role_now(ctx, request)
    }
    fn put_custom_policy_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::PutCustomPolicyToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::put_custom_policy_now(ctx, request)
    }
    fn delete_custom_policy_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteCustomPolicyFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::delete_custom_policy_now(ctx, request)
    }
    fn put_custom_role_to_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::PutCustomRoleToPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::put_custom_role_now(ctx, request)
    }
    fn delete_custom_role_from_permission_set(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteCustomRoleFromPermissionSetRequest,
    ) -> Result<Response, Reject> {
        sets::delete_custom_role_now(ctx, request)
    }
    fn create_application_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::CreateApplicationAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::create_application_assignment_now(ctx, request)
    }
    fn delete_application_assignment(
        &self,
        ctx: &Context<'_>,
        request: huawei_identitycenter::DeleteApplicationAssignmentRequest,
    ) -> Result<Response, Reject> {
        assignments::delete_application_assignment_now(ctx, request)
    }
    // The instance's configuration and the organization's service instance (issue 20).
    fn get_sso_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::GetSsoConfigurationRequest,
    ) -> Answer {
        config::get_sso(ctx, r)
    }
    fn update_sso_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::UpdateSsoConfigurationRequest,
    ) -> Answer {
        config::update_sso(ctx, r)
    }
    fn create_alias(&self, ctx: &Context<'_>, r: ic::CreateAliasRequest) -> Answer {
        config::create_alias(ctx, r)
    }
    fn get_ha_configuration(&self, ctx: &Context<'_>, r: ic::GetHaConfigurationRequest) -> Answer {
        config::get_ha(ctx, r)
    }
    fn update_ha_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::UpdateHaConfigurationRequest,
    ) -> Answer {
        config::update_ha(ctx, r)
    }
    fn list_identity_store_association(
        &self,
        ctx: &Context<'_>,
        r: ic::ListIdentityStoreAssociationRequest,
    ) -> Answer {
        config::identity_store_associations(ctx, r)
    }
    fn create_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::CreateInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::create_abac(ctx, r)
    }
    fn describe_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::DescribeInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::describe_abac(ctx, r)
    }
    fn update_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::UpdateInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::update_abac(ctx, r)
    }
    fn delete_instance_access_control_attribute_configuration(
        &self,
        ctx: &Context<'_>,
        r: ic::DeleteInstanceAccessControlAttributeConfigurationRequest,
    ) -> Answer {
        config::delete_abac(ctx, r)
    }
    fn get_mfa_device_management_for_identity_store(
        &self,
        ctx: &Context<'_>,
        r: ic::GetMfaDeviceManagementForIdentityStoreRequest,
    ) -> Answer {
        config::get_mfa_management(ctx, r)
    }
    fn put_mfa_device_management_for_identity_store(
        &self,
        ctx: &Context<'_>,
        r: ic::PutMfaDeviceManagementForIdentityStoreRequest,
    ) -> Answer {
        config::put_mfa_management(ctx, r)
    }
    fn get_identity_center_service_status(
        &self,
        ctx: &Context<'_>,
        r: ic::GetIdentityCenterServiceStatusRequest,
    ) -> Answer {
        service::status(ctx, r)
    }
    fn describe_registered_regions(
        &self,
        ctx: &Context<'_>,
        r: ic::DescribeRegisteredRegionsRequest,
    ) -> Answer {
        service::regions(ctx, r)
    }
    fn register_region(&self, ctx: &Context<'_>, r: ic::RegisterRegionRequest) -> Answer {
        service::register_region(ctx, r)
    }
    fn start_identity_center(
        &self,
        ctx: &Context<'_>,
        r: ic::StartIdentityCenterRequest,
    ) -> Answer {
        service::start(ctx, r)
    }
    fn delete_identity_center(
        &self,
        ctx: &Context<'_>,
        r: ic::DeleteIdentityCenterRequest,
    ) -> Answer {
        service::delete(ctx, r)
    }
    fn create_tag_resource(&self, ctx: &Context<'_>, r: ic::CreateTagResourceRequest) -> Answer {
        tags::create_tags(ctx, r)
    }
    fn delete_tag_resource(&self, ctx: &Context<'_>, r: ic::DeleteTagResourceRequest) -> Answer {
        tags::delete_tags(ctx, r)
    }
    fn list_tag_resources(&self, ctx: &Context<'_>, r: ic::ListTagResourcesRequest) -> Answer {
        tags::list_tags(ctx, r)
    }
}

/// An instance's applications (the instance must be modelled): the rows behind both
/// `list_applications` and `list_application_instances`.
fn applications_of<'a>(
    ctx: &Context<'a>,
    instance_id: &str,
) -> Result<(&'a Table<HuaweiApplication>, &'a [u32]), Reject> {
    modelled_instance(ctx, instance_id)?;
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let positions = views
        .instance_applications
        .get(instance_id)
        .map_or(&[][..], Vec::as_slice);
    Ok((&ctx.store.data.huawei.applications, positions))
}
