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
use crate::http::responses::{Reject, ok, ok_sized};
use crate::http::state::App;
use crate::huawei::common::{PageInfo, binding, paginate, paginate_list};
use crate::huawei::lookups::*;
use crate::store::huawei_rows::{
    HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment,
};
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

#[derive(Serialize)]
struct AccountPage<'a> {
    account_assignments: Vec<AccountItem<'a>>,
    page_info: PageInfo,
}

#[derive(Serialize)]
struct ApplicationPage<'a> {
    application_assignments: Vec<ApplicationItem<'a>>,
    page_info: PageInfo,
}

impl huawei_identitycenter::Handlers for App {
    fn list_instances(
        &self,
        ctx: &Context<'_>,
        request: ListInstancesRequest,
    ) -> Result<Response, Reject> {
        let table = &ctx.store.data.huawei.instances;
        let positions: Vec<u32> = table.numbered().map(|(seq, _)| seq).collect();
        let binding = binding(&["instances"]);
        let (page, page_info) = paginate(ctx, &positions, &binding, request.marker, request.limit)?;
        let instances: Vec<types::Instance> = (page.iter())
            .filter_map(|&seq| table.get(seq as usize))
            .map(|x| types::Instance {
                alias: x.alias.as_deref().map(str::to_owned),
                identity_store_id: x.identity_store_id.to_string(),
                instance_id: x.instance_id.to_string(),
                instance_urn: x.instance_urn.as_deref().map(str::to_owned),
            })
            .collect();
        ok(&serde_json::json!({"instances": instances, "page_info": page_info}))
    }

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsRequest,
    ) -> Result<Response, Reject> {
        let store = &ctx.store;
        let ix = &store.huawei;
        modelled_instance(ctx, &request.instance_id)?;
        known_account(ctx, &request.account_id)?;
        if let Some(set) = &request.permission_set_id {
            permission_set(ctx, &request.instance_id, set)?;
        }
        let items = &store.data.huawei.account_assignments;
        let all = ix
            .views(&store.data.huawei)
            .account_assignments_on
            .get(crate::store::keys::at(&[
                &request.instance_id,
                &request.account_id,
            ]))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let positions: Vec<u32> = match &request.permission_set_id {
            None => all.to_vec(),
            Some(set) => all
                .iter()
                .copied()
                .filter(|&p| {
                    items
                        .get(p as usize)
                        .is_some_and(|a| &*a.permission_set_id == set)
                })
                .collect(),
        };
        let binding = binding(&[
            "account-assignments-of-account",
            &request.instance_id,
            &request.account_id,
            request.permission_set_id.as_deref().unwrap_or("\u{1}"),
        ]);
        let (page, page_info) = paginate(ctx, &positions, &binding, request.marker, request.limit)?;
        ok_sized(
            &AccountPage {
                account_assignments: page
                    .iter()
                    .filter_map(|&p| items.get(p as usize))
                    .map(AccountItem::from)
                    .collect(),
                page_info,
            },
            128 + 160 * page.len(),
        )
    }

    fn list_account_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsForPrincipalRequest,
    ) -> Result<Response, Reject> {
        let store = &ctx.store;
        let principal_type = request.principal_type.as_str();
        principal(
            ctx,
            &request.instance_id,
            &request.principal_id,
            principal_type,
        )?;
        if let Some(account) = &request.account_id
            && store.huawei.instances.contains_key(&request.instance_id)
        {
            known_account(ctx, account)?;
        }
        let all =
            store.huawei_accounts(&request.instance_id, &request.principal_id, principal_type);
        let positions = match &request.account_id {
            None => all,
            Some(account) => {
                let key = [
                    "huawei-accounts",
                    &request.instance_id,
                    &request.principal_id,
                    principal_type,
                    account,
                ];
                store.cached(&key, || {
                    let items = &store.data.huawei.account_assignments;
                    all.iter()
                        .copied()
                        .filter(|&p| {
                            items
                                .get(p as usize)
                                .is_some_and(|a| &*a.account_id == account)
                        })
                        .collect()
                })
            }
        };
        let binding = binding(&[
            "account-assignments",
            &request.instance_id,
            &request.principal_id,
            principal_type,
            request.account_id.as_deref().unwrap_or("\u{1}"),
        ]);
        let (page, page_info) = paginate(ctx, &positions, &binding, request.marker, request.limit)?;
        let items = &store.data.huawei.account_assignments;
        ok_sized(
            &AccountPage {
                account_assignments: page
                    .iter()
                    .filter_map(|&p| items.get(p as usize))
                    .map(AccountItem::from)
                    .collect(),
                page_info,
            },
            128 + 160 * page.len(),
        )
    }

    fn list_application_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsForPrincipalRequest,
    ) -> Result<Response, Reject> {
        let store = &ctx.store;
        let principal_type = request.principal_type.as_str();
        principal(
            ctx,
            &request.instance_id,
            &request.principal_id,
            principal_type,
        )?;
        let positions =
            store.huawei_applications(&request.instance_id, &request.principal_id, principal_type);
        let binding = binding(&[
            "application-assignments",
            &request.instance_id,
            &request.principal_id,
            principal_type,
            "\u{1}",
        ]);
        let (page, page_info) = paginate(ctx, &positions, &binding, request.marker, request.limit)?;
        let items = &store.data.huawei.application_assignments;
        ok_sized(
            &ApplicationPage {
                application_assignments: page
                    .iter()
                    .filter_map(|&p| items.get(p as usize))
                    .map(ApplicationItem::from)
                    .collect(),
                page_info,
            },
            128 + 160 * page.len(),
        )
    }

    fn list_application_instances(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationInstancesRequest,
    ) -> Result<Response, Reject> {
        // The same rows as list_applications, seen by the id the application operations take.
        let (page, page_info) = self.application_page(
            ctx,
            "application-instances",
            &request.instance_id,
            request.marker,
            request.limit,
        )?;
        let instances: Vec<types::ApplicationInstance> = page
            .into_iter()
            .map(|a| types::ApplicationInstance {
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
            })
            .collect();
        ok(&serde_json::json!({"application_instances": instances, "page_info": page_info}))
    }

    fn list_applications(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationsRequest,
    ) -> Result<Response, Reject> {
        let (page, page_info) = self.application_page(
            ctx,
            "applications",
            &request.instance_id,
            request.marker,
            request.limit,
        )?;
        let applications: Vec<types::Application> = page
            .into_iter()
            .map(|a| application(ctx.store, a))
            .collect();
        ok(&serde_json::json!({"applications": applications, "page_info": page_info}))
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
        let app = find_application(ctx, &request.instance_id, &request.application_instance_id)?;
        let positions = ctx
            .store
            .huawei
            .views(&ctx.store.data.huawei)
            .application_assignments_of
            .get(crate::store::keys::at(&[
                &request.instance_id,
                &app.application_urn,
            ]))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let binding = binding(&[
            "application-assignments-of-application",
            &request.instance_id,
            &request.application_instance_id,
        ]);
        let (page, page_info) = paginate(ctx, positions, &binding, request.marker, request.limit)?;
        let items = &ctx.store.data.huawei.application_assignments;
        ok_sized(
            &ApplicationPage {
                application_assignments: page
                    .iter()
                    .filter_map(|&p| items.get(p as usize))
                    .map(ApplicationItem::from)
                    .collect(),
                page_info,
            },
            128 + 160 * page.len(),
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
        let sets = &ctx.store.data.huawei.permission_sets;
        let positions: Vec<u32> = ctx
            .store
            .huawei
            .instance_permission_sets
            .get(&request.instance_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&p| {
                sets.get(p as usize).is_some_and(|s| {
                    request
                        .permission_set_id
                        .as_deref()
                        .is_none_or(|id| id == &*s.permission_set_id)
                        && request.name.as_deref().is_none_or(|n| n == &*s.name)
                        && request
                            .permission_urn
                            .as_deref()
                            .is_none_or(|u| u == permission_urn(instance, s))
                })
            })
            .collect();
        let binding = binding(&[
            "permission-sets",
            &request.instance_id,
            request.permission_set_id.as_deref().unwrap_or("\u{1}"),
            request.permission_urn.as_deref().unwrap_or("\u{1}"),
            request.name.as_deref().unwrap_or("\u{1}"),
        ]);
        let (page, page_info) = paginate(ctx, &positions, &binding, request.marker, request.limit)?;
        let permission_sets: Vec<types::PermissionSet> = page
            .iter()
            .filter_map(|&p| sets.get(p as usize))
            .map(|s| permission_set_view(instance, s))
            .collect();
        ok(&serde_json::json!({"permission_sets": permission_sets, "page_info": page_info}))
    }

    fn list_permission_sets_provisioned_to_account(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsProvisionedToAccountRequest,
    ) -> Result<Response, Reject> {
        modelled_instance(ctx, &request.instance_id)?;
        known_account(ctx, &request.account_id)?;
        let all = ctx
            .store
            .huawei
            .views(&ctx.store.data.huawei)
            .provisioned_to
            .get(crate::store::keys::at(&[
                &request.instance_id,
                &request.account_id,
            ]))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let ids = provisioned(all, request.provisioning_status.as_deref());
        let binding = binding(&[
            "provisioned-to-account",
            &request.instance_id,
            &request.account_id,
            request.provisioning_status.as_deref().unwrap_or("\u{1}"),
        ]);
        let (page, page_info) = paginate_list(ctx, &ids, &binding, request.marker, request.limit)?;
        ok(&serde_json::json!({"permission_sets": page, "page_info": page_info}))
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
        permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        let all = ctx
            .store
            .huawei
            .views(&ctx.store.data.huawei)
            .provisioned_on
            .get(crate::store::keys::at(&[
                &request.instance_id,
                &request.permission_set_id,
            ]))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let ids = provisioned(all, request.provisioning_status.as_deref());
        let binding = binding(&[
            "accounts-for-permission-set",
            &request.instance_id,
            &request.permission_set_id,
            request.provisioning_status.as_deref().unwrap_or("\u{1}"),
        ]);
        let (page, page_info) = paginate_list(ctx, &ids, &binding, request.marker, request.limit)?;
        ok(&serde_json::json!({"account_ids": page, "page_info": page_info}))
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
        let (_, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        let binding = binding(&[
            "managed-policies",
            &request.instance_id,
            &request.permission_set_id,
        ]);
        let (page, page_info) = paginate_list(
            ctx,
            &set.managed_policies,
            &binding,
            request.marker,
            request.limit,
        )?;
        let attached: Vec<types::AttachedManagedPolicy> = page
            .iter()
            .map(|p| types::AttachedManagedPolicy {
                policy_id: Some(p.policy_id.to_string()),
                policy_name: Some(p.policy_name.to_string()),
            })
            .collect();
        ok(&serde_json::json!({"attached_managed_policies": attached, "page_info": page_info}))
    }

    fn list_managed_roles_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedRolesInPermissionSetRequest,
    ) -> Result<Response, Reject> {
        let (_, set) = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        let binding = binding(&[
            "managed-roles",
            &request.instance_id,
            &request.permission_set_id,
        ]);
        let (page, page_info) = paginate_list(
            ctx,
            &set.managed_roles,
            &binding,
            request.marker,
            request.limit,
        )?;
        let attached: Vec<types::AttachedManagedRole> = page
            .iter()
            .map(|r| types::AttachedManagedRole {
                role_id: Some(r.role_id.to_string()),
                role_name: Some(r.role_name.to_string()),
            })
            .collect();
        ok(&serde_json::json!({"attached_managed_roles": attached, "page_info": page_info}))
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

/// The instance `id` if the data set models it (lists it in `instances`), else a 404
/// ([`UNKNOWN_INSTANCE`]).
impl App {
    /// One page of an instance's applications, in the data's order: the rows behind both
    /// `list_applications` and `list_application_instances` (`kind` binds the marker to one of them).
    fn application_page<'a>(
        &self,
        ctx: &Context<'a>,
        kind: &str,
        instance_id: &str,
        marker: Option<String>,
        limit: i64,
    ) -> Result<(Vec<&'a HuaweiApplication>, PageInfo), Reject> {
        modelled_instance(ctx, instance_id)?;
        let positions = ctx
            .store
            .huawei
            .views(&ctx.store.data.huawei)
            .instance_applications
            .get(instance_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (page, page_info) = paginate(
            ctx,
            positions,
            &binding(&[kind, instance_id]),
            marker,
            limit,
        )?;
        let apps = &ctx.store.data.huawei.applications;
        let rows = page.iter().filter_map(|&p| apps.get(p as usize)).collect();
        Ok((rows, page_info))
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
