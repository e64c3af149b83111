//! Huawei Cloud IdentityCenter: the data lookups of its operations (routing, parsing and
//! validation are generated from the spec).

use axum::response::Response;
use idc_raw::PrincipalType;
use serde::Serialize;

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
use crate::huawei::lookups::*;
use crate::store::huawei_rows::{
    HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment, HuaweiInstance,
    HuaweiPermissionSet,
};
use crate::store::keys::{at, list_at};
use crate::store::table::Table;
use idc_raw::huawei_identitycenter::types;

/// An account assignment as served, borrowed from the data set: the fields, order and spelling of
/// [`idc_raw::huawei::types::AccountAssignment`] (a test checks that both serialize the same), without
/// copying four strings per item of every page, which is most of the cost of serving one.
#[derive(Serialize)]
struct AccountItem<'a> {
    account_id: &'a str,
    permission_set_id: &'a str,
    principal_id: &'a str,
    principal_type: &'a PrincipalType,
}

/// An application assignment as served, borrowed: the shape of
/// [`idc_raw::huawei::types::ApplicationAssignment`], as [`AccountItem`] is of its type.
#[derive(Serialize)]
struct ApplicationItem<'a> {
    application_urn: &'a str,
    principal_id: &'a str,
    principal_type: &'a PrincipalType,
}

impl<'a> From<&'a HuaweiAccountAssignment> for AccountItem<'a> {
    fn from(a: &'a HuaweiAccountAssignment) -> Self {
        Self {
            account_id: &a.account_id,
            permission_set_id: &a.permission_set_id,
            principal_id: &a.principal_id,
            principal_type: &a.principal_type,
        }
    }
}

impl<'a> From<&'a HuaweiApplicationAssignment> for ApplicationItem<'a> {
    fn from(a: &'a HuaweiApplicationAssignment) -> Self {
        Self {
            application_urn: &a.application_urn,
            principal_id: &a.principal_id,
            principal_type: &a.principal_type,
        }
    }
}

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
}

/// The ids of `all` with the provisioning status asked for (both when `None`).
fn provisioned(
    all: &[crate::store::huawei_index::Provisioned],
    status: Option<&str>,
) -> Vec<String> {
    all.iter()
        .filter(|(_, ok)| match status {
            Some("LATEST_PERMISSION_SET_PROVISIONED") => *ok,
            Some("LATEST_PERMISSION_SET_NOT_PROVISIONED") => !*ok,
            _ => true,
        })
        .map(|(id, _)| id.to_string())
        .collect()
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

fn instance_view(x: &HuaweiInstance) -> types::Instance {
    types::Instance {
        alias: x.alias.as_deref().map(str::to_owned),
        identity_store_id: x.identity_store_id.to_string(),
        instance_id: x.instance_id.to_string(),
        instance_urn: x.instance_urn.as_deref().map(str::to_owned),
    }
}

fn application_instance_view(a: &HuaweiApplication) -> types::ApplicationInstance {
    types::ApplicationInstance {
        application_instance_id: a.application_instance_id.to_string(),
        name: a.name.to_string(),
        display: Some(types::ApplicationInstanceDisplay {
            description: a.description.as_deref().map(str::to_owned),
            display_name: Some(a.name.to_string()),
            icon: None,
            extra: serde_json::Map::new(),
        }),
        visible: Some(&*a.status == "ENABLED"),
        extra: serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::dataset::DataSet;
    use idc_raw::huawei::types::{AccountAssignment, ApplicationAssignment};

    #[test]
    fn served_items_serialize_as_the_generated_types() {
        let data = DataSet::demo();
        for a in &data.huawei.account_assignments {
            let generated = AccountAssignment {
                account_id: a.account_id.to_string(),
                permission_set_id: a.permission_set_id.to_string(),
                principal_id: a.principal_id.to_string(),
                principal_type: a.principal_type.clone(),
            };
            assert_eq!(
                serde_json::to_string(&AccountItem::from(a)).unwrap(),
                serde_json::to_string(&generated).unwrap()
            );
        }
        for a in &data.huawei.application_assignments {
            let generated = ApplicationAssignment {
                application_urn: a.application_urn.to_string(),
                principal_id: a.principal_id.to_string(),
                principal_type: a.principal_type.clone(),
            };
            assert_eq!(
                serde_json::to_string(&ApplicationItem::from(a)).unwrap(),
                serde_json::to_string(&generated).unwrap()
            );
        }
    }
}
