//! SCP iam-identity-center: instances, users, groups, permission sets, their policies and account
//! assignments, each a view of the same rows; the writes change those rows
//! (`identity_writes.rs`, `access_writes.rs`), so every view shows them.

use axum::response::Response;
use idc_raw::scp::types;

use crate::generated::scp_iam_identity_center as iic;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::scp::common::*;
use crate::scp::wire::*;
use crate::scp::{access_writes as access, identity_writes as identity, instance_writes};

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
        let sort = INSTANCES.sort(ctx, request.sort.as_deref())?;
        let rows = ctx.store.data.scp.instances.iter().collect();
        let paging = (request.page, request.size);
        INSTANCES.page(ctx, rows, &sort, paging, |i| instance_wire(ctx, i))
    }

    fn show_instance(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowInstanceRequest,
    ) -> Result<Response, Reject> {
        let i = instance(ctx, &request.instance_id)?;
        ok(&types::InstanceShowResponse {
            instance: instance_wire(ctx, i),
        })
    }

    fn create_instance(
        &self,
        ctx: &Context<'_>,
        request: iic::CreateInstanceRequest,
    ) -> Result<Response, Reject> {
        instance_writes::create_instance(ctx, request.body)
    }

    fn set_instance(
        &self,
        ctx: &Context<'_>,
        request: iic::SetInstanceRequest,
    ) -> Result<Response, Reject> {
        instance_writes::set_instance(ctx, &request.instance_id, request.body)
    }

    fn delete_instance(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteInstanceRequest,
    ) -> Result<Response, Reject> {
        instance_writes::delete_instance(ctx, &request.instance_id)
    }

    fn list_users(
        &self,
        ctx: &Context<'_>,
        request: iic::ListUsersRequest,
    ) -> Result<Response, Reject> {
        let sort = USERS.sort(ctx, request.sort.as_deref())?;
        let instance_id = request.instance_id.as_str();
        instance(ctx, instance_id)?;
        let in_group = match given(&request.excluded_group_id) {
            Some(id) => group(ctx, instance_id, id)?
                .members
                .iter()
                .map(|m| &**m)
                .collect(),
            None => std::collections::HashSet::new(),
        };
        let on_account = assigned_on(ctx, instance_id, &request.excluded_account_id, true)?;
        let rows = (ctx.store.data.scp.users.iter())
            .filter(|u| &*u.instance_id == instance_id && !in_group.contains(&*u.id))
            .filter(|u| given(&request.user_id).is_none_or(|id| &*u.user_id == id))
            .filter(|u| on_account.as_ref().is_none_or(|on| !on.contains(&*u.id)))
            .collect();
        USERS.page(ctx, rows, &sort, (request.page, request.size), user_summary)
    }

    fn show_user(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowUserRequest,
    ) -> Result<Response, Reject> {
        let u = user(ctx, &request.instance_id, &request.user_uuid)?;
        ok(&types::UserShowResponse {
            user: full_user(ctx, u),
        })
    }

    fn list_groups(
        &self,
        ctx: &Context<'_>,
        request: iic::ListGroupsRequest,
    ) -> Result<Response, Reject> {
        let sort = GROUPS.sort(ctx, request.sort.as_deref())?;
        let instance_id = request.instance_id.as_str();
        instance(ctx, instance_id)?;
        let of_user: std::collections::HashSet<&str> = match given(&request.excluded_user_uuid) {
            Some(id) => {
                let u = user(ctx, instance_id, id)?;
                let groups = ctx.store.scp_groups_of(instance_id, &u.id);
                groups.map(|g| &*g.id).collect()
            }
            None => std::collections::HashSet::new(),
        };
        let on_account = assigned_on(ctx, instance_id, &request.excluded_account_id, false)?;
        let rows = (ctx.store.data.scp.groups.iter())
            .filter(|g| &*g.instance_id == instance_id && !of_user.contains(&*g.id))
            .filter(|g| given(&request.name).is_none_or(|n| &*g.name == n))
            .filter(|g| on_account.as_ref().is_none_or(|on| !on.contains(&*g.id)))
            .collect();
        let paging = (request.page, request.size);
        GROUPS.page(ctx, rows, &sort, paging, |g| group_wire(ctx, g))
    }

    fn show_group(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowGroupRequest,
    ) -> Result<Response, Reject> {
        let g = group(ctx, &request.instance_id, &request.group_id)?;
        ok(&idc_raw::scp::types::GroupShowResponse {
            group: group_wire(ctx, g),
        })
    }

    fn list_group_users(
        &self,
        ctx: &Context<'_>,
        request: iic::ListGroupUsersRequest,
    ) -> Result<Response, Reject> {
        let sort = GROUP_USERS.sort(ctx, request.sort.as_deref())?;
        let instance_id = request.instance_id.as_str();
        let group = group(ctx, instance_id, &request.group_id)?;
        let rows = (group.members.iter())
            .filter_map(|m| ctx.store.scp_user(instance_id, m))
            .filter(|u| given(&request.user_id).is_none_or(|id| &*u.user_id == id))
            .collect();
        let paging = (request.page, request.size);
        GROUP_USERS.page(ctx, rows, &sort, paging, |u| group_user(ctx, u))
    }

    fn list_permission_sets(
        &self,
        ctx: &Context<'_>,
        request: iic::ListPermissionSetsRequest,
    ) -> Result<Response, Reject> {
        let sort = PERMISSION_SETS.sort(ctx, request.sort.as_deref())?;
        let instance_id = request.instance_id.as_str();
        instance(ctx, instance_id)?;
        let rows = (ctx.store.data.scp.permission_sets.iter())
            .filter(|p| &*p.instance_id == instance_id)
            .filter(|p| given(&request.name).is_none_or(|n| &*p.name == n))
            .collect();
        let paging = (request.page, request.size);
        PERMISSION_SETS.page(ctx, rows, &sort, paging, |p| permission_set_wire(ctx, p))
    }

    fn show_permission_set(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowPermissionSetRequest,
    ) -> Result<Response, Reject> {
        let p = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        // The spec's ShowPermissionSet answers the permission set itself, unwrapped.
        ok(&permission_set_wire(ctx, p))
    }

    fn list_permission_set_policies(
        &self,
        ctx: &Context<'_>,
        request: iic::ListPermissionSetPoliciesRequest,
    ) -> Result<Response, Reject> {
        let sort = POLICIES.sort(ctx, request.sort.as_deref())?;
        let set = permission_set(ctx, &request.instance_id, &request.permission_set_id)?;
        let renamed = at_least(ctx, 2);
        let category = given(&request.category);
        if let Some(wrong) = category.filter(|c| misspelled_category(c, renamed)) {
            let right = if renamed {
                "CUSTOM_POLICY"
            } else {
                "CUSTOMER_POLICY"
            };
            let why = format!(
                "category {wrong:?} is not a category of this API version; it is spelled {right:?}"
            );
            return Err(crate::http::dispatch::refused(ctx, vec![why]));
        }
        let rows = (set.policies.iter())
            .filter(|p| category.is_none_or(|c| p.category.as_str(renamed) == c))
            .filter(|p| given(&request.name).is_none_or(|n| &*p.name == n))
            .collect();
        let paging = (request.page, request.size);
        POLICIES.page(ctx, rows, &sort, paging, |p| policy_wire(ctx, p))
    }

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: iic::ListAccountAssignmentsRequest,
    ) -> Result<Response, Reject> {
        let sort = ASSIGNMENTS.sort(ctx, request.sort.as_deref())?;
        let (instance_id, account_id) = (&*request.instance_id, &*request.target_account_id);
        instance(ctx, instance_id)?;
        account(ctx, account_id)?;
        let filters = given_filters([
            ("target_account_name", &request.target_account_name),
            ("target_account_email", &request.target_account_email),
            ("permission_set_ids", &request.permission_set_id),
            ("principal_name", &request.principal_name),
            ("role_srn", &request.role_srn),
        ]);
        let rows = &ctx.store.data.scp.account_assignments;
        let all = ctx.store.scp_accounts(instance_id, account_id);
        let query = ["scp-assignments", instance_id, account_id];
        let positions = ASSIGNMENTS.listing(ctx, &query, (all, rows), &filters, &sort);
        let paging = (request.page, request.size);
        ASSIGNMENTS.page_of_positions(ctx, (&positions, rows), &sort, paging, |a| to_wire(ctx, a))
    }

    fn create_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: iic::CreateAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        access::create_account_assignment(ctx, request.body)
    }

    fn delete_bulk_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteBulkAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        let b = request.body;
        let on = (b.instance_id.as_str(), b.target_account_id.as_str());
        access::delete_assignments(ctx, on, b.account_assignment_ids.clone())
    }

    fn delete_account_assignment(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteAccountAssignmentRequest,
    ) -> Result<Response, Reject> {
        let b = request.body;
        let on = (b.instance_id.as_str(), b.target_account_id.as_str());
        access::delete_assignments(ctx, on, vec![request.account_assignment_id])
    }

    fn create_user(
        &self,
        ctx: &Context<'_>,
        request: iic::CreateUserRequest,
    ) -> Result<Response, Reject> {
        identity::create_user(ctx, request.body)
    }

    fn set_user(
        &self,
        ctx: &Context<'_>,
        request: iic::SetUserRequest,
    ) -> Result<Response, Reject> {
        identity::set_user(ctx, &request.user_uuid, request.body)
    }

    fn delete_user(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteUserRequest,
    ) -> Result<Response, Reject> {
        let ids = [request.user_uuid];
        identity::delete_users(ctx, &request.body.instance_id, &ids)
    }

    fn delete_bulk_users(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteBulkUsersRequest,
    ) -> Result<Response, Reject> {
        let b = request.body;
        identity::delete_users(ctx, &b.instance_id, &b.user_uuids)
    }

    fn create_group(
        &self,
        ctx: &Context<'_>,
        request: iic::CreateGroupRequest,
    ) -> Result<Response, Reject> {
        identity::create_group(ctx, request.body)
    }

    fn set_group(
        &self,
        ctx: &Context<'_>,
        request: iic::SetGroupRequest,
    ) -> Result<Response, Reject> {
        identity::set_group(ctx, &request.group_id, request.body)
    }

    fn delete_group(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteGroupRequest,
    ) -> Result<Response, Reject> {
        identity::delete_group(ctx, &request.group_id, &request.body.instance_id)
    }

    fn delete_bulk_groups(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteBulkGroupsRequest,
    ) -> Result<Response, Reject> {
        identity::delete_bulk_groups(ctx, request.body)
    }

    fn create_bulk_group_users(
        &self,
        ctx: &Context<'_>,
        request: iic::CreateBulkGroupUsersRequest,
    ) -> Result<Response, Reject> {
        identity::add_members(ctx, &request.group_id, request.body)
    }

    fn delete_bulk_group_users(
        &self,
        ctx: &Context<'_>,
        request: iic::DeleteBulkGroupUsersRequest,
    ) -> Result<Response, Reject> {
        identity::remove_members(ctx, &request.group_id, request.body)
    }

    fn create_permission_set(
        &self,
        ctx: &Context<'_>,
        request: iic::CreatePermissionSetRequest,
    ) -> Result<Response, Reject> {
        access::create_permission_set(ctx, request.body)
    }

    fn set_permission_set(
        &self,
        ctx: &Context<'_>,
        request: iic::SetPermissionSetRequest,
    ) -> Result<Response, Reject> {
        access::set_permission_set(ctx, &request.permission_set_id, request.body)
    }

    fn delete_permission_set(
        &self,
        ctx: &Context<'_>,
        request: iic::DeletePermissionSetRequest,
    ) -> Result<Response, Reject> {
        access::delete_permission_set(ctx, &request.permission_set_id, &request.instance_id)
    }

    fn set_permission_set_policies(
        &self,
        ctx: &Context<'_>,
        request: iic::SetPermissionSetPoliciesRequest,
    ) -> Result<Response, Reject> {
        access::set_policies(ctx, &request.permission_set_id, request.body)
    }

    fn delete_permission_set_policies(
        &self,
        ctx: &Context<'_>,
        request: iic::DeletePermissionSetPoliciesRequest,
    ) -> Result<Response, Reject> {
        access::delete_policies(ctx, &request.permission_set_id, request.body)
    }
}
