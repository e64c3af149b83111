//! SCP iam-identity-center: instances, users, groups, permission sets, their policies and account
//! assignments, each a view of the same rows.

use axum::response::Response;
use idc_raw::scp::types::AccountAssignmentsPageResponse;
use serde_json::{Value, json};

use crate::generated::scp_iam_identity_center as iic;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::scp::common::*;
use crate::scp::wire::*;
use crate::store::scp_rows::ScpUser;

impl iic::Handlers for App {
    fn list_versions(
        &self,
        ctx: &Context<'_>,
        _request: iic::ListVersionsRequest,
    ) -> Result<Response, Reject> {
        versions(ctx)
    }

    fn list_instances(
        &self,
        ctx: &Context<'_>,
        request: iic::ListInstancesRequest,
    ) -> Result<Response, Reject> {
        let items = self.store.data.scp.instances.iter().collect();
        page_of(
            ctx,
            "instances",
            items,
            |i| instance_wire(ctx, i),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_instance(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowInstanceRequest,
    ) -> Result<Response, Reject> {
        match self.store.scp_instance(&request.instance_id) {
            Some(i) => ok(&json!({ "instance": instance_wire(ctx, i) })),
            None => Err(not_found(ctx, "instance", &request.instance_id)),
        }
    }

    fn list_users(
        &self,
        ctx: &Context<'_>,
        request: iic::ListUsersRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return Err(not_found(ctx, "instance", instance));
        }
        let excluded_group = match given(&request.excluded_group_id) {
            None => None,
            Some(id) => match store.scp_group(instance, id) {
                Some(g) => Some(g),
                None => return Err(not_found(ctx, "group", id)),
            },
        };
        let excluded_account = match given(&request.excluded_account_id) {
            None => None,
            Some(id) if store.scp_account(id).is_none() => {
                return Err(not_found(ctx, "account", id));
            }
            Some(id) => Some(store.scp_principals_on(instance, id, true)),
        };
        let items = store
            .data
            .scp
            .users
            .iter()
            .filter(|u| &*u.instance_id == instance)
            .filter(|u| given(&request.user_id).is_none_or(|id| &*u.user_id == id))
            .filter(|u| excluded_group.is_none_or(|g| !g.members.contains(&u.id)))
            .filter(|u| {
                excluded_account
                    .as_ref()
                    .is_none_or(|on| !on.contains(&&*u.id))
            })
            .collect();
        page_of(
            ctx,
            "users",
            items,
            |u| user_summary(u),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_user(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowUserRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return Err(not_found(ctx, "instance", &request.instance_id));
        }
        match store.scp_user(&request.instance_id, &request.user_uuid) {
            Some(u) => ok(&json!({ "user": full_user(ctx, u) })),
            None => Err(not_found(ctx, "user", &request.user_uuid)),
        }
    }

    fn list_groups(
        &self,
        ctx: &Context<'_>,
        request: iic::ListGroupsRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return Err(not_found(ctx, "instance", instance));
        }
        let excluded_user = match given(&request.excluded_user_uuid) {
            None => None,
            Some(id) if store.scp_user(instance, id).is_none() => {
                return Err(not_found(ctx, "user", id));
            }
            Some(id) => Some(id),
        };
        let excluded_account = match given(&request.excluded_account_id) {
            None => None,
            Some(id) if store.scp_account(id).is_none() => {
                return Err(not_found(ctx, "account", id));
            }
            Some(id) => Some(store.scp_principals_on(instance, id, false)),
        };
        let items = store
            .data
            .scp
            .groups
            .iter()
            .filter(|g| &*g.instance_id == instance)
            .filter(|g| given(&request.name).is_none_or(|n| &*g.name == n))
            .filter(|g| excluded_user.is_none_or(|u| !g.members.iter().any(|m| &**m == u)))
            .filter(|g| {
                excluded_account
                    .as_ref()
                    .is_none_or(|on| !on.contains(&&*g.id))
            })
            .collect();
        page_of(
            ctx,
            "groups",
            items,
            |g| group_wire(ctx, g),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_group(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowGroupRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return Err(not_found(ctx, "instance", &request.instance_id));
        }
        match store.scp_group(&request.instance_id, &request.group_id) {
            Some(g) => ok(&json!({ "group": group_wire(ctx, g) })),
            None => Err(not_found(ctx, "group", &request.group_id)),
        }
    }

    fn list_group_users(
        &self,
        ctx: &Context<'_>,
        request: iic::ListGroupUsersRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return Err(not_found(ctx, "instance", instance));
        }
        let Some(group) = store.scp_group(instance, &request.group_id) else {
            return Err(not_found(ctx, "group", &request.group_id));
        };
        let items = group
            .members
            .iter()
            .filter_map(|m| store.scp_user(instance, m))
            .filter(|u| given(&request.user_id).is_none_or(|id| &*u.user_id == id))
            .collect();
        let wire = |u: &&ScpUser| {
            let groups: Vec<Value> = store
                .scp_groups_of(instance, &u.id)
                .map(user_group)
                .collect();
            let mut fields = vec![
                ("id", json!(u.id)),
                ("user_id", json!(u.user_id)),
                ("name", json!(u.name)),
                ("group_count", json!(groups.len())),
                ("groups", Value::Array(groups)),
            ];
            fields.extend(audit(&u.created_at));
            object(fields)
        };
        page_of(
            ctx,
            "users",
            items,
            wire,
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn list_permission_sets(
        &self,
        ctx: &Context<'_>,
        request: iic::ListPermissionSetsRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return Err(not_found(ctx, "instance", instance));
        }
        let items = store
            .data
            .scp
            .permission_sets
            .iter()
            .filter(|p| &*p.instance_id == instance)
            .filter(|p| given(&request.name).is_none_or(|n| &*p.name == n))
            .collect();
        page_of(
            ctx,
            "permission_sets",
            items,
            |p| permission_set_wire(ctx, p),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_permission_set(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowPermissionSetRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return Err(not_found(ctx, "instance", &request.instance_id));
        }
        match store.scp_permission_set(&request.instance_id, &request.permission_set_id) {
            // The spec's ShowPermissionSet answers the permission set itself, unwrapped.
            Some(p) => ok(&permission_set_wire(ctx, p)),
            None => Err(not_found(ctx, "permission set", &request.permission_set_id)),
        }
    }

    fn list_permission_set_policies(
        &self,
        ctx: &Context<'_>,
        request: iic::ListPermissionSetPoliciesRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return Err(not_found(ctx, "instance", &request.instance_id));
        }
        let Some(set) = store.scp_permission_set(&request.instance_id, &request.permission_set_id)
        else {
            return Err(not_found(ctx, "permission set", &request.permission_set_id));
        };
        let renamed = at_least(ctx, 2);
        if let Some(category) = given(&request.category) {
            let (wrong, right) = if renamed {
                ("CUSTOMER_POLICY", "CUSTOM_POLICY")
            } else {
                ("CUSTOM_POLICY", "CUSTOMER_POLICY")
            };
            if category == wrong {
                return Err(crate::http::dispatch::refused(
                    ctx,
                    vec![format!(
                        "category {wrong:?} is not a category of this API version; it is spelled {right:?}"
                    )],
                ));
            }
        }
        let items = set
            .policies
            .iter()
            .filter(|p| given(&request.category).is_none_or(|c| p.category.as_str(renamed) == c))
            .filter(|p| given(&request.name).is_none_or(|n| &*p.name == n))
            .collect();
        page_of(
            ctx,
            "policies",
            items,
            |p| policy_wire(ctx, p),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: iic::ListAccountAssignmentsRequest,
    ) -> Result<Response, Reject> {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return Err(not_found(ctx, "instance", &request.instance_id));
        }
        if store.scp_account(&request.target_account_id).is_none() {
            return Err(not_found(ctx, "account", &request.target_account_id));
        }
        let filters: Vec<(&'static str, String)> = [
            ("target_account_name", request.target_account_name),
            ("target_account_email", request.target_account_email),
            ("permission_set_id", request.permission_set_id),
            ("principal_name", request.principal_name),
            ("role_srn", request.role_srn),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (name, v)))
        .collect();
        let sort_keys = sort_keys(request.sort.as_deref());
        let items = &store.data.scp.account_assignments;
        let all = store.scp_accounts(&request.instance_id, &request.target_account_id);
        let sort = echo_sort(&sort_keys);
        let positions = if filters.is_empty() && sort_keys.is_empty() {
            all
        } else {
            let mut cache_key = vec![
                "scp",
                request.instance_id.as_str(),
                request.target_account_id.as_str(),
            ];
            for (name, value) in &filters {
                cache_key.extend([*name, value.as_str()]);
            }
            cache_key.push("sort");
            cache_key.extend(sort.iter().map(String::as_str));
            store.cached(&cache_key, || {
                let kept = all.iter().copied().filter(|&p| {
                    items.get(p as usize).is_some_and(|a| {
                        filters
                            .iter()
                            .all(|(name, value)| matches(store, a, name, value))
                    })
                });
                if sort_keys.is_empty() {
                    return kept.collect();
                }
                // Decorate with the sort values once, so sorting looks nothing up.
                let mut decorated: Vec<(Vec<Option<&str>>, u32)> = kept
                    .filter_map(|p| {
                        let a = items.get(p as usize)?;
                        let values = sort_keys
                            .iter()
                            .map(|(name, _)| field(store, a, name))
                            .collect();
                        Some((values, p))
                    })
                    .collect();
                decorated.sort_by(|(x, px), (y, py)| {
                    sort_keys
                        .iter()
                        .zip(x.iter().zip(y))
                        .map(|((_, desc), (a, b))| {
                            let order = a.cmp(b);
                            if *desc { order.reverse() } else { order }
                        })
                        .find(|order| order.is_ne())
                        .unwrap_or_else(|| px.cmp(py))
                });
                decorated.into_iter().map(|(_, p)| p).collect()
            })
        };
        let count = positions.len();
        let (requested, page, size) = paging(ctx, request.page, request.size);
        let start = page.saturating_mul(size).min(count);
        let end = start.saturating_add(size).min(count);
        let body = AccountAssignmentsPageResponse {
            account_assignments: positions[start..end]
                .iter()
                .filter_map(|&p| items.get(p as usize))
                .map(|a| to_wire(ctx, a))
                .collect(),
            count: Some(i64::try_from(count).unwrap_or(i64::MAX)),
            page: Some(i32::try_from(requested).unwrap_or(i32::MAX)),
            size: Some(i32::try_from(size).unwrap_or(i32::MAX)),
            sort: Some(sort),
        };
        ok(&body)
    }
}
