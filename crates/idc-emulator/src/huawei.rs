//! Huawei Cloud IdentityCenter: the data lookups of its operations (routing, parsing and
//! validation are generated from the spec).

use axum::response::Response;
use http::StatusCode;
use idc_raw::PrincipalType;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::data::{
    HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment, HuaweiInstance,
    HuaweiPermissionSet,
};
use crate::dispatch::Context;
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
use crate::respond::{huawei_error, json, json_sized};
use idc_raw::huawei_identitycenter::types;

/// The error code of invalid requests.
pub(crate) const INVALID: &str = "IIC.1000";
/// 404: the instance does not exist (IdentityCenter operations).
pub const UNKNOWN_INSTANCE: &str = "IIC.1007";
/// 404: the permission set does not exist in the instance.
pub const UNKNOWN_PERMISSION_SET: &str = "IIC.1008";
/// 404: the application does not exist in the instance.
pub const UNKNOWN_APPLICATION: &str = "IIC.1009";
/// 404: the principal (user or group) does not exist in the instance's identity store.
pub const UNKNOWN_PRINCIPAL: &str = "IIC.1010";
/// 404: the account does not exist in the organization (IdentityCenter operations).
pub const UNKNOWN_ACCOUNT: &str = "IIC.1011";
/// 404: the identity store does not exist (IdentityStore operations).
pub const UNKNOWN_IDENTITY_STORE: &str = "IDS.1001";
/// 404: the user does not exist in the identity store.
pub const UNKNOWN_USER: &str = "IDS.1002";
/// 404: the group does not exist in the identity store.
pub const UNKNOWN_GROUP: &str = "IDS.1003";
/// 404: the account does not exist (Organizations `ShowAccount`).
pub const UNKNOWN_ORGANIZATIONS_ACCOUNT: &str = "Organizations.1003";

#[derive(Serialize)]
pub(crate) struct PageInfo {
    /// Always serialized: `null` on the last page, as the service does.
    next_marker: Option<String>,
    current_count: usize,
}

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
    fn list_instances(&self, ctx: &Context<'_>, request: ListInstancesRequest) -> Response {
        let instances = &self.store.data.huawei.instances;
        let binding = binding(&["instances"]);
        let (page, page_info) =
            match paginate(ctx, instances, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
        let instances: Vec<types::Instance> = page
            .iter()
            .map(|x| types::Instance {
                alias: x.alias.as_deref().map(str::to_owned),
                identity_store_id: x.identity_store_id.to_string(),
                instance_id: x.instance_id.to_string(),
                instance_urn: x.instance_urn.as_deref().map(str::to_owned),
            })
            .collect();
        json(
            StatusCode::OK,
            &serde_json::json!({"instances": instances, "page_info": page_info}),
        )
    }

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsRequest,
    ) -> Response {
        let store = &self.store;
        let ix = &store.huawei;
        if let Err(response) = modelled_instance(ctx, &request.instance_id) {
            return *response;
        }
        if let Err(response) = known_account(ctx, &request.account_id) {
            return *response;
        }
        if let Some(set) = &request.permission_set_id
            && let Err(response) = permission_set(ctx, &request.instance_id, set)
        {
            return *response;
        }
        let items = &store.data.huawei.account_assignments;
        let all = ix
            .views(&store.data.huawei)
            .account_assignments_on
            .get(&crate::store::key(&[
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
        let (page, page_info) =
            match paginate(ctx, &positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
        json_sized(
            StatusCode::OK,
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
    ) -> Response {
        let store = &self.store;
        let principal_type = request.principal_type.as_str();
        if let Err(response) = principal(
            ctx,
            &request.instance_id,
            &request.principal_id,
            principal_type,
        ) {
            return *response;
        }
        if let Some(account) = &request.account_id
            && store.huawei.instances.contains_key(&request.instance_id)
            && let Err(response) = known_account(ctx, account)
        {
            return *response;
        }
        let all =
            store.huawei_accounts(&request.instance_id, &request.principal_id, principal_type);
        let positions = match &request.account_id {
            None => all,
            Some(account) => {
                let key = crate::store::key(&[
                    "huawei-accounts",
                    &request.instance_id,
                    &request.principal_id,
                    principal_type,
                    account,
                ]);
                store.cached(key, || {
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
        let (page, page_info) =
            match paginate(ctx, &positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
        let items = &store.data.huawei.account_assignments;
        json_sized(
            StatusCode::OK,
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
    ) -> Response {
        let store = &self.store;
        let principal_type = request.principal_type.as_str();
        if let Err(response) = principal(
            ctx,
            &request.instance_id,
            &request.principal_id,
            principal_type,
        ) {
            return *response;
        }
        let positions =
            store.huawei_applications(&request.instance_id, &request.principal_id, principal_type);
        let binding = binding(&[
            "application-assignments",
            &request.instance_id,
            &request.principal_id,
            principal_type,
            "\u{1}",
        ]);
        let (page, page_info) =
            match paginate(ctx, &positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
        let items = &store.data.huawei.application_assignments;
        json_sized(
            StatusCode::OK,
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
    ) -> Response {
        // The same rows as list_applications, seen by the id the application operations take.
        let (page, page_info) = match self.application_page(
            ctx,
            "application-instances",
            &request.instance_id,
            request.marker,
            request.limit,
        ) {
            Ok(page) => page,
            Err(response) => return *response,
        };
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
        json(
            StatusCode::OK,
            &serde_json::json!({"application_instances": instances, "page_info": page_info}),
        )
    }

    fn list_applications(&self, ctx: &Context<'_>, request: ListApplicationsRequest) -> Response {
        let (page, page_info) = match self.application_page(
            ctx,
            "applications",
            &request.instance_id,
            request.marker,
            request.limit,
        ) {
            Ok(page) => page,
            Err(response) => return *response,
        };
        let applications: Vec<types::Application> =
            page.into_iter().map(|a| application(self, a)).collect();
        json(
            StatusCode::OK,
            &serde_json::json!({"applications": applications, "page_info": page_info}),
        )
    }

    fn describe_application(
        &self,
        ctx: &Context<'_>,
        request: DescribeApplicationRequest,
    ) -> Response {
        match find_application(ctx, &request.instance_id, &request.application_instance_id) {
            Ok(a) => json(StatusCode::OK, &application(self, a)),
            Err(response) => *response,
        }
    }

    fn list_application_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsRequest,
    ) -> Response {
        let app =
            match find_application(ctx, &request.instance_id, &request.application_instance_id) {
                Ok(a) => a,
                Err(response) => return *response,
            };
        let positions = self
            .store
            .huawei
            .views(&self.store.data.huawei)
            .application_assignments_of
            .get(&crate::store::key(&[
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
        let (page, page_info) =
            match paginate(ctx, positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
        let items = &self.store.data.huawei.application_assignments;
        json_sized(
            StatusCode::OK,
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
    ) -> Response {
        match find_application(ctx, &request.instance_id, &request.application_instance_id) {
            Ok(a) => json(
                StatusCode::OK,
                &types::GetApplicationAssignmentConfigurationResponse {
                    assignment_required: Some(a.assignment_required),
                },
            ),
            Err(response) => *response,
        }
    }

    fn list_permission_sets(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsRequest,
    ) -> Response {
        let instance = match modelled_instance(ctx, &request.instance_id) {
            Ok(instance) => instance,
            Err(response) => return *response,
        };
        let sets = &self.store.data.huawei.permission_sets;
        let positions: Vec<u32> = self
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
        let (page, page_info) =
            match paginate(ctx, &positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
        let permission_sets: Vec<types::PermissionSet> = page
            .iter()
            .filter_map(|&p| sets.get(p as usize))
            .map(|s| permission_set_view(instance, s))
            .collect();
        json(
            StatusCode::OK,
            &serde_json::json!({"permission_sets": permission_sets, "page_info": page_info}),
        )
    }

    fn list_permission_sets_provisioned_to_account(
        &self,
        ctx: &Context<'_>,
        request: ListPermissionSetsProvisionedToAccountRequest,
    ) -> Response {
        if let Err(response) = modelled_instance(ctx, &request.instance_id) {
            return *response;
        }
        if let Err(response) = known_account(ctx, &request.account_id) {
            return *response;
        }
        let all = self
            .store
            .huawei
            .views(&self.store.data.huawei)
            .provisioned_to
            .get(&crate::store::key(&[
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
        let (page, page_info) = match paginate(ctx, &ids, &binding, request.marker, request.limit) {
            Ok(page) => page,
            Err(response) => return *response,
        };
        json(
            StatusCode::OK,
            &serde_json::json!({"permission_sets": page, "page_info": page_info}),
        )
    }

    fn describe_permission_set(
        &self,
        ctx: &Context<'_>,
        request: DescribePermissionSetRequest,
    ) -> Response {
        match permission_set(ctx, &request.instance_id, &request.permission_set_id) {
            Ok((instance, set)) => json(
                StatusCode::OK,
                &types::DescribePermissionSetResponse {
                    permission_set: Some(permission_set_view(instance, set)),
                },
            ),
            Err(response) => *response,
        }
    }

    fn list_accounts_for_provisioned_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListAccountsForProvisionedPermissionSetRequest,
    ) -> Response {
        if let Err(response) = permission_set(ctx, &request.instance_id, &request.permission_set_id)
        {
            return *response;
        }
        let all = self
            .store
            .huawei
            .views(&self.store.data.huawei)
            .provisioned_on
            .get(&crate::store::key(&[
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
        let (page, page_info) = match paginate(ctx, &ids, &binding, request.marker, request.limit) {
            Ok(page) => page,
            Err(response) => return *response,
        };
        json(
            StatusCode::OK,
            &serde_json::json!({"account_ids": page, "page_info": page_info}),
        )
    }

    fn get_custom_policy_for_permission_set(
        &self,
        ctx: &Context<'_>,
        request: GetCustomPolicyForPermissionSetRequest,
    ) -> Response {
        match permission_set(ctx, &request.instance_id, &request.permission_set_id) {
            Ok((_, set)) => json(
                StatusCode::OK,
                &types::GetCustomPolicyForPermissionSetResponse {
                    custom_policy: set.custom_policy.clone(),
                },
            ),
            Err(response) => *response,
        }
    }

    fn get_custom_role_for_permission_set(
        &self,
        ctx: &Context<'_>,
        request: GetCustomRoleForPermissionSetRequest,
    ) -> Response {
        match permission_set(ctx, &request.instance_id, &request.permission_set_id) {
            Ok((_, set)) => json(
                StatusCode::OK,
                &types::GetCustomRoleForPermissionSetResponse {
                    custom_role: set.custom_role.clone(),
                },
            ),
            Err(response) => *response,
        }
    }

    fn list_managed_policies_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedPoliciesInPermissionSetRequest,
    ) -> Response {
        let set = match permission_set(ctx, &request.instance_id, &request.permission_set_id) {
            Ok((_, set)) => set,
            Err(response) => return *response,
        };
        let binding = binding(&[
            "managed-policies",
            &request.instance_id,
            &request.permission_set_id,
        ]);
        let (page, page_info) = match paginate(
            ctx,
            &set.managed_policies,
            &binding,
            request.marker,
            request.limit,
        ) {
            Ok(page) => page,
            Err(response) => return *response,
        };
        let attached: Vec<types::AttachedManagedPolicy> = page
            .iter()
            .map(|p| types::AttachedManagedPolicy {
                policy_id: Some(p.policy_id.to_string()),
                policy_name: Some(p.policy_name.to_string()),
            })
            .collect();
        json(
            StatusCode::OK,
            &serde_json::json!({"attached_managed_policies": attached, "page_info": page_info}),
        )
    }

    fn list_managed_roles_in_permission_set(
        &self,
        ctx: &Context<'_>,
        request: ListManagedRolesInPermissionSetRequest,
    ) -> Response {
        let set = match permission_set(ctx, &request.instance_id, &request.permission_set_id) {
            Ok((_, set)) => set,
            Err(response) => return *response,
        };
        let binding = binding(&[
            "managed-roles",
            &request.instance_id,
            &request.permission_set_id,
        ]);
        let (page, page_info) = match paginate(
            ctx,
            &set.managed_roles,
            &binding,
            request.marker,
            request.limit,
        ) {
            Ok(page) => page,
            Err(response) => return *response,
        };
        let attached: Vec<types::AttachedManagedRole> = page
            .iter()
            .map(|r| types::AttachedManagedRole {
                role_id: Some(r.role_id.to_string()),
                role_name: Some(r.role_name.to_string()),
            })
            .collect();
        json(
            StatusCode::OK,
            &serde_json::json!({"attached_managed_roles": attached, "page_info": page_info}),
        )
    }
}

/// The ids of `all` with the provisioning status asked for (both when `None`).
fn provisioned(all: &[crate::huawei_index::Provisioned], status: Option<&str>) -> Vec<String> {
    all.iter()
        .filter(|(_, ok)| match status {
            Some("LATEST_PERMISSION_SET_PROVISIONED") => *ok,
            Some("LATEST_PERMISSION_SET_NOT_PROVISIONED") => !*ok,
            _ => true,
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

/// A 404 in Huawei's error shape.
pub(crate) fn not_found(ctx: &Context<'_>, code: &str, message: String) -> Box<Response> {
    tracing::info!(code, %message, "not found");
    Box::new(huawei_error(
        StatusCode::NOT_FOUND,
        code,
        message,
        &ctx.request_id,
    ))
}

/// The instance `id` if the data set models it (lists it in `instances`), else a 404
/// ([`UNKNOWN_INSTANCE`]).
impl App {
    /// One page of an instance's applications, in the data's order: the rows behind both
    /// `list_applications` and `list_application_instances` (`kind` binds the marker to one of them).
    fn application_page(
        &self,
        ctx: &Context<'_>,
        kind: &str,
        instance_id: &str,
        marker: Option<String>,
        limit: i64,
    ) -> Result<(Vec<&HuaweiApplication>, PageInfo), Box<Response>> {
        modelled_instance(ctx, instance_id)?;
        let positions = self
            .store
            .huawei
            .views(&self.store.data.huawei)
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
        let apps = &self.store.data.huawei.applications;
        let rows = page.iter().filter_map(|&p| apps.get(p as usize)).collect();
        Ok((rows, page_info))
    }
}

fn modelled_instance<'a>(ctx: &Context<'a>, id: &str) -> Result<&'a HuaweiInstance, Box<Response>> {
    let store = &ctx.app.store;
    store
        .huawei
        .instances
        .get(id)
        .and_then(|&i| store.data.huawei.instances.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_INSTANCE,
                format!("The instance {id} does not exist."),
            )
        })
}

/// A 404 ([`UNKNOWN_ACCOUNT`]) unless the account exists.
fn known_account(ctx: &Context<'_>, id: &str) -> Result<(), Box<Response>> {
    if ctx.app.store.huawei.accounts.contains_key(id) {
        Ok(())
    } else {
        Err(not_found(
            ctx,
            UNKNOWN_ACCOUNT,
            format!("The account {id} does not exist."),
        ))
    }
}

/// The permission set `id` of instance `instance` (and the instance), or a 404.
fn permission_set<'a>(
    ctx: &Context<'a>,
    instance: &str,
    id: &str,
) -> Result<(&'a HuaweiInstance, &'a HuaweiPermissionSet), Box<Response>> {
    let instance_row = modelled_instance(ctx, instance)?;
    let store = &ctx.app.store;
    store
        .huawei
        .permission_sets
        .get(&crate::store::key(&[instance, id]))
        .and_then(|&i| store.data.huawei.permission_sets.get(i))
        .map(|set| (instance_row, set))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_PERMISSION_SET,
                format!("The permission set {id} does not exist in instance {instance}."),
            )
        })
}

/// The application `id` of instance `instance`, or a 404.
fn find_application<'a>(
    ctx: &Context<'a>,
    instance: &str,
    id: &str,
) -> Result<&'a HuaweiApplication, Box<Response>> {
    modelled_instance(ctx, instance)?;
    let store = &ctx.app.store;
    store
        .huawei
        .views(&store.data.huawei)
        .applications
        .get(&crate::store::key(&[instance, id]))
        .and_then(|&i| store.data.huawei.applications.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_APPLICATION,
                format!("The application {id} does not exist in instance {instance}."),
            )
        })
}

/// Checks that a principal can be listed: on a modelled instance it must exist in the instance's
/// identity store (a 404, [`UNKNOWN_PRINCIPAL`], otherwise); on an instance only assignments name
/// (the pre-entity data format) anything goes; an instance nothing names is a 404.
fn principal(
    ctx: &Context<'_>,
    instance: &str,
    principal: &str,
    principal_type: &str,
) -> Result<(), Box<Response>> {
    let ix = &ctx.app.store.huawei;
    if ix.legacy_instances.contains(instance) {
        return Ok(());
    }
    let row = modelled_instance(ctx, instance)?;
    let k = crate::store::key(&[&row.identity_store_id, principal]);
    let found = match principal_type {
        "USER" => ix.users.contains_key(&k),
        _ => ix.groups.contains_key(&k),
    };
    if found {
        Ok(())
    } else {
        Err(not_found(
            ctx,
            UNKNOWN_PRINCIPAL,
            format!(
                "The {} {principal} does not exist in the identity store of instance {instance}.",
                principal_type.to_ascii_lowercase()
            ),
        ))
    }
}

/// A permission set's URN: as given, else derived from the instance's URN's domain.
fn permission_urn(instance: &HuaweiInstance, set: &HuaweiPermissionSet) -> String {
    if let Some(urn) = &set.permission_urn {
        return urn.to_string();
    }
    let domain = instance
        .instance_urn
        .as_deref()
        .and_then(|u| u.strip_prefix("IdentityCenter::"))
        .and_then(|u| u.split(':').next())
        .unwrap_or("");
    format!(
        "IdentityCenter::{domain}:permissionSet:{}/{}",
        instance.instance_id, set.permission_set_id
    )
}

fn permission_set_view(instance: &HuaweiInstance, s: &HuaweiPermissionSet) -> types::PermissionSet {
    types::PermissionSet {
        created_date: s.created_date,
        description: s.description.as_deref().map(str::to_owned),
        name: Some(s.name.to_string()),
        permission_set_id: Some(s.permission_set_id.to_string()),
        permission_urn: Some(permission_urn(instance, s)),
        relay_state: s.relay_state.as_deref().map(str::to_owned),
        session_duration: s.session_duration.as_deref().map(str::to_owned),
    }
}

fn application(app: &App, a: &HuaweiApplication) -> types::Application {
    let instance = app
        .store
        .huawei
        .instances
        .get(&*a.instance_id)
        .and_then(|&i| app.store.data.huawei.instances.get(i));
    types::Application {
        application_account: None,
        application_provider_urn: None,
        application_urn: Some(a.application_urn.to_string()),
        assignment_config: Some(types::AssignmentConfig {
            assignment_required: a.assignment_required,
        }),
        created_date: a.created_date,
        description: a.description.as_deref().map(str::to_owned),
        instance_urn: instance.and_then(|i| i.instance_urn.as_deref().map(str::to_owned)),
        name: Some(a.name.to_string()),
        portal_options: a.application_url.as_ref().map(|url| types::PortalOptions {
            sign_in_options: Some(types::SignInOptions {
                application_url: Some(url.to_string()),
                origin: Some("IDENTITY_CENTER".to_owned()),
            }),
            visibility: Some(a.status.to_string()),
            visible: Some(&*a.status == "ENABLED"),
        }),
        status: Some(a.status.to_string()),
    }
}

/// The page of `positions` at `marker` (issued for `binding`) with `limit` items (the request's,
/// or the spec's default the parser filled in), and its `page_info`; a marker issued for another
/// query is a 400.
pub(crate) fn paginate<'a, T>(
    ctx: &Context<'_>,
    positions: &'a [T],
    binding: &[u8; 12],
    marker: Option<String>,
    limit: i64,
) -> Result<(&'a [T], PageInfo), Box<Response>> {
    let total = positions.len();
    // The spec's bounds were checked when the request was parsed.
    let limit = usize::try_from(limit).unwrap_or(0);
    let offset = match &marker {
        None => 0,
        Some(marker) => match decode_marker(marker, binding) {
            Some(offset) if offset <= total => offset,
            _ => {
                return Err(Box::new(huawei_error(
                    StatusCode::BAD_REQUEST,
                    INVALID,
                    "Invalid marker: it was not issued for this query.",
                    &ctx.request_id,
                )));
            }
        },
    };
    let end = offset.saturating_add(limit).min(total);
    let page = positions.get(offset..end).unwrap_or_default();
    let next_marker = if ctx.repeat {
        Some(marker.unwrap_or_else(|| encode_marker(0, binding)))
    } else if end < total {
        Some(encode_marker(end, binding))
    } else {
        None
    };
    Ok((
        page,
        PageInfo {
            next_marker,
            current_count: page.len(),
        },
    ))
}

/// What a marker is bound to: a hash of the operation and its filters (not of `limit`, which a
/// client may change between pages).
pub(crate) fn binding(parts: &[&str]) -> [u8; 12] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut binding = [0; 12];
    binding.copy_from_slice(&digest[..12]);
    binding
}

/// A marker: 4 bytes of offset (masked with part of the binding) and 8 bytes of binding, in hex.
fn encode_marker(offset: usize, binding: &[u8; 12]) -> String {
    let offset = u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes();
    let mut bytes = [0u8; 12];
    for i in 0..4 {
        bytes[i] = offset[i] ^ binding[8 + i];
    }
    bytes[4..].copy_from_slice(&binding[..8]);
    hex::encode(bytes)
}

/// The offset of a marker, if it was issued for `binding`.
fn decode_marker(marker: &str, binding: &[u8; 12]) -> Option<usize> {
    let bytes = hex::decode(marker).ok()?;
    if bytes.len() != 12 || bytes[4..] != binding[..8] {
        return None;
    }
    let mut offset = [0u8; 4];
    for i in 0..4 {
        offset[i] = bytes[i] ^ binding[8 + i];
    }
    usize::try_from(u32::from_be_bytes(offset)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DataSet;
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

    #[test]
    fn markers_round_trip_and_are_bound() {
        let a = [1u8; 12];
        let b = [2u8; 12];
        for offset in [0, 1, 100, 999_999, u32::MAX as usize] {
            let marker = encode_marker(offset, &a);
            assert_eq!(marker.len(), 24);
            assert_eq!(decode_marker(&marker, &a), Some(offset));
            assert_eq!(decode_marker(&marker.to_uppercase(), &a), Some(offset));
            assert_eq!(decode_marker(&marker, &b), None);
        }
        assert_eq!(decode_marker("zz", &a), None);
    }
}
