//! Huawei IdentityCenter: the writes of permission sets (create, update, delete, their policies
//! and roles, provisioning) and the permission set summary.
//!
//! Documented choices: a change to a permission set leaves every account it is provisioned to
//! with an outdated copy until `ProvisionPermissionSet`; a permission set still assigned is not
//! deleted (409, [`MODIFICATION_CONFLICT`]); detaching what is not attached, or deleting a custom
//! policy or role the set does not have, is a 404 ([`NOT_FOUND`]); a custom policy or role must be
//! a JSON object (400 otherwise). The quotas served by the summary are the emulator's
//! ([`PERMISSION_SETS_QUOTA`], [`POLICIES_QUOTA`]).

use axum::response::Response;
use idc_raw::huawei_identitycenter::types;

use crate::generated::huawei_identitycenter::{
    AttachManagedPolicyToPermissionSetRequest, AttachManagedRoleToPermissionSetRequest,
    CreatePermissionSetRequest, DeleteCustomPolicyFromPermissionSetRequest,
    DeleteCustomRoleFromPermissionSetRequest, DeletePermissionSetRequest,
    DetachManagedPolicyFromPermissionSetRequest, DetachManagedRoleFromPermissionSetRequest,
    GetPermissionSetSummaryRequest, ProvisionPermissionSetRequest,
    PutCustomPolicyToPermissionSetRequest, PutCustomRoleToPermissionSetRequest,
    UpdatePermissionSetRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{
    DUPLICATE_POLICY, MODIFICATION_CONFLICT, NOT_FOUND, PERMISSION_SET_NAME_TAKEN,
};
use crate::huawei::common::{bad_request, conflict, no_content, not_found};
use crate::huawei::identitycenter_statuses::{now_millis, provisioning_status};
use crate::huawei::lookups::{modelled_instance, permission_set, permission_set_view};
use crate::store::huawei_dependents::dependents;
use crate::store::huawei_references::PERMISSION_SETS;
use crate::store::huawei_rows::{HuaweiManagedPolicy, HuaweiManagedRole, HuaweiPermissionSet};
use crate::store::huawei_statuses::{Progress, ProvisioningOperation};
use crate::store::keys::random_uuid;
use crate::store::references::Named;

/// How many permission sets an instance may have (the emulator's quota).
pub(crate) const PERMISSION_SETS_QUOTA: i32 = 500;
/// How many system policies, and how many system identity policies, one permission set may hold
/// (the emulator's quota).
pub(crate) const POLICIES_QUOTA: i32 = 20;

/// Queues a change of the permission set of the request and answers `200` without a body.
fn change_set(
    ctx: &Context<'_>,
    (instance, id): (&str, &str),
    change: impl FnOnce(&mut HuaweiPermissionSet) + Send + 'static,
) -> Result<Response, Reject> {
    let (instance, id) = (instance.to_owned(), id.to_owned());
    ctx.write(move |store| {
        store.change_huawei_permission_set(&instance, &id, |set| {
            change(set);
            Ok(())
        })
    });
    Ok(no_content())
}

/// `CreatePermissionSet`.
pub(crate) fn create_permission_set_now(
    ctx: &Context<'_>,
    request: CreatePermissionSetRequest,
) -> Result<Response, Reject> {
    let instance = modelled_instance(ctx, &request.instance_id)?;
    let body = request.body;
    if ctx
        .store
        .huawei_permission_set_named(&instance.instance_id, &body.name)
    {
        let message = format!("A permission set named {} already exists.", *body.name);
        return Err(conflict(ctx, PERMISSION_SET_NAME_TAKEN, message));
    }
    let id = random_uuid().replace('-', "");
    let set = HuaweiPermissionSet {
        instance_id: instance.instance_id.clone(),
        permission_set_id: format!("ps-{}", &id[..16]).into(),
        name: body.name.as_str().into(),
        permission_urn: None,
        description: body.description.map(|v| v.as_str().into()),
        session_duration: body.session_duration.map(|v| v.as_str().into()),
        relay_state: body.relay_state.map(|v| v.as_str().into()),
        created_date: Some(now_millis(ctx)),
        managed_policies: Vec::new(),
        managed_roles: Vec::new(),
        custom_policy: None,
        custom_role: None,
        provisioned_accounts: Vec::new(),
        outdated_accounts: Vec::new(),
    };
    let answer = permission_set_view(instance, &set);
    ctx.write(move |store| store.create_huawei_permission_set(set).map(drop));
    ok(&types::CreatePermissionSetResponse {
        permission_set: Some(answer),
    })
}

/// `UpdatePermissionSet`: the fields sent replace theirs.
pub(crate) fn update_permission_set_now(
    ctx: &Context<'_>,
    request: UpdatePermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    permission_set(ctx, key.0, key.1)?;
    let body = request.body;
    change_set(ctx, key, move |set| {
        let fields = [
            (&mut set.description, body.description.map(String::from)),
            (&mut set.relay_state, body.relay_state.map(String::from)),
            (
                &mut set.session_duration,
                body.session_duration.map(String::from),
            ),
        ];
        for (field, value) in fields {
            if let Some(value) = value {
                *field = Some(value.into());
            }
        }
    })
}

/// `DeletePermissionSet`: refused while an account assignment names it.
pub(crate) fn delete_permission_set_now(
    ctx: &Context<'_>,
    request: DeletePermissionSetRequest,
) -> Result<Response, Reject> {
    let (instance, id) = (request.instance_id, request.permission_set_id);
    permission_set(ctx, &instance, &id)?;
    let target = Named {
        scope: Some(&instance),
        value: &id,
    };
    if let Some(d) = dependents(&ctx.store.data.huawei, ctx.store, PERMISSION_SETS, target) {
        let message = format!(
            "The permission set {id} is still used by {} {}.",
            d.count, d.table
        );
        return Err(conflict(ctx, MODIFICATION_CONFLICT, message));
    }
    ctx.write(move |store| store.delete_huawei_permission_set(&instance, &id).map(drop));
    Ok(no_content())
}

/// `GetPermissionSetSummary`.
pub(crate) fn permission_set_summary(
    ctx: &Context<'_>,
    request: GetPermissionSetSummaryRequest,
) -> Result<Response, Reject> {
    modelled_instance(ctx, &request.instance_id)?;
    let sets = ctx
        .store
        .huawei
        .instance_permission_sets
        .get(&request.instance_id);
    let count = sets.map_or(0, Vec::len);
    ok(&types::GetPermissionSetSummaryResponse {
        permission_sets: Some(i32::try_from(count).unwrap_or(i32::MAX)),
        permission_sets_quota: Some(PERMISSION_SETS_QUOTA),
        permission_policy_count_quota: Some(POLICIES_QUOTA),
        permission_policy_quota: Some(POLICIES_QUOTA),
    })
}

/// `AttachManagedPolicyToPermissionSet`.
pub(crate) fn attach_managed_policy_now(
    ctx: &Context<'_>,
    request: AttachManagedPolicyToPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    let (_, set) = permission_set(ctx, key.0, key.1)?;
    let id = request.body.managed_policy_id.to_string();
    if set.managed_policies.iter().any(|p| *p.policy_id == *id) {
        let message = format!("The permission set holds the policy {id} already.");
        return Err(conflict(ctx, DUPLICATE_POLICY, message));
    }
    let name = request
        .body
        .managed_policy_name
        .map_or_else(|| id.clone(), String::from);
    let policy = HuaweiManagedPolicy {
        policy_id: id.into(),
        policy_name: name.into(),
    };
    change_set(ctx, key, move |set| set.managed_policies.push(policy))
}

/// `DetachManagedPolicyFromPermissionSet`.
pub(crate) fn detach_managed_policy_now(
    ctx: &Context<'_>,
    request: DetachManagedPolicyFromPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    let (_, set) = permission_set(ctx, key.0, key.1)?;
    let id = request.body.managed_policy_id.to_string();
    if !set.managed_policies.iter().any(|p| *p.policy_id == *id) {
        let message = format!("The permission set does not hold the policy {id}.");
        return Err(not_found(ctx, NOT_FOUND, message));
    }
    change_set(ctx, key, move |set| {
        set.managed_policies.retain(|p| *p.policy_id != *id)
    })
}

/// `AttachManagedRoleToPermissionSet`.
pub(crate) fn attach_managed_role_now(
    ctx: &Context<'_>,
    request: AttachManagedRoleToPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    let (_, set) = permission_set(ctx, key.0, key.1)?;
    let id = request.body.managed_role_id.to_string();
    if set.managed_roles.iter().any(|r| *r.role_id == *id) {
        let message = format!("The permission set holds the role {id} already.");
        return Err(conflict(ctx, DUPLICATE_POLICY, message));
    }
    let name = (request.body.managed_role_name).map_or_else(|| id.clone(), String::from);
    let role = HuaweiManagedRole {
        role_id: id.into(),
        role_name: name.into(),
    };
    change_set(ctx, key, move |set| set.managed_roles.push(role))
}

/// `DetachManagedRoleFromPermissionSet`.
pub(crate) fn detach_managed_role_now(
    ctx: &Context<'_>,
    request: DetachManagedRoleFromPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    let (_, set) = permission_set(ctx, key.0, key.1)?;
    let id = request.body.managed_role_id.to_string();
    if !set.managed_roles.iter().any(|r| *r.role_id == *id) {
        let message = format!("The permission set does not hold the role {id}.");
        return Err(not_found(ctx, NOT_FOUND, message));
    }
    change_set(ctx, key, move |set| {
        set.managed_roles.retain(|r| *r.role_id != *id)
    })
}

/// Which custom document of a permission set.
#[derive(Clone, Copy)]
pub(crate) enum Custom {
    Policy,
    Role,
}

fn custom_field(set: &mut HuaweiPermissionSet, which: Custom) -> &mut Option<String> {
    match which {
        Custom::Policy => &mut set.custom_policy,
        Custom::Role => &mut set.custom_role,
    }
}

/// `PutCustomPolicyToPermissionSet` and `PutCustomRoleToPermissionSet`: the document must be a
/// JSON object.
pub(crate) fn put_custom(
    ctx: &Context<'_>,
    (instance, id): (&str, &str),
    which: Custom,
    document: String,
) -> Result<Response, Reject> {
    permission_set(ctx, instance, id)?;
    let parsed: Result<serde_json::Map<String, serde_json::Value>, _> =
        serde_json::from_str(&document);
    if let Err(e) = parsed {
        return Err(bad_request(
            ctx,
            format!("The policy is not a JSON object: {e}."),
        ));
    }
    change_set(ctx, (instance, id), move |set| {
        *custom_field(set, which) = Some(document)
    })
}

/// `DeleteCustomPolicyFromPermissionSet` and `DeleteCustomRoleFromPermissionSet`.
pub(crate) fn delete_custom(
    ctx: &Context<'_>,
    (instance, id): (&str, &str),
    which: Custom,
) -> Result<Response, Reject> {
    let (_, set) = permission_set(ctx, instance, id)?;
    let present = match which {
        Custom::Policy => set.custom_policy.is_some(),
        Custom::Role => set.custom_role.is_some(),
    };
    if !present {
        let message = format!("The permission set {id} has no custom document of that kind.");
        return Err(not_found(ctx, NOT_FOUND, message));
    }
    change_set(ctx, (instance, id), move |set| {
        *custom_field(set, which) = None
    })
}

/// Puts a custom policy.
pub(crate) fn put_custom_policy_now(
    ctx: &Context<'_>,
    request: PutCustomPolicyToPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    put_custom(
        ctx,
        key,
        Custom::Policy,
        request.body.custom_policy.to_string(),
    )
}

/// Puts a custom role.
pub(crate) fn put_custom_role_now(
    ctx: &Context<'_>,
    request: PutCustomRoleToPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    put_custom(ctx, key, Custom::Role, request.body.custom_role.to_string())
}

/// Deletes a custom policy.
pub(crate) fn delete_custom_policy_now(
    ctx: &Context<'_>,
    request: DeleteCustomPolicyFromPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    delete_custom(ctx, key, Custom::Policy)
}

/// Deletes a custom role.
pub(crate) fn delete_custom_role_now(
    ctx: &Context<'_>,
    request: DeleteCustomRoleFromPermissionSetRequest,
) -> Result<Response, Reject> {
    let key = (&*request.instance_id, &*request.permission_set_id);
    delete_custom(ctx, key, Custom::Role)
}

/// `ProvisionPermissionSet`: a status row answered `IN_PROGRESS`, then the accounts provisioned
/// (`SUCCEEDED`), or `FAILED` with the reason (an account or a permission set that does not
/// exist when it is applied).
pub(crate) fn provision_permission_set_accepted(
    ctx: &Context<'_>,
    request: ProvisionPermissionSetRequest,
) -> Result<Response, Reject> {
    let (instance, id) = (request.instance_id, request.permission_set_id);
    permission_set(ctx, &instance, &id)?;
    let body = request.body;
    let account = match body.target_type.to_string().as_str() {
        "ACCOUNT" => match body.target_id {
            Some(account) => Some(account),
            None => {
                return Err(bad_request(
                    ctx,
                    "target_id is required for ACCOUNT.".into(),
                ));
            }
        },
        _ => None,
    };
    let request_id = random_uuid();
    let operation = ProvisioningOperation {
        progress: Progress::started(&instance, &request_id, now_millis(ctx)),
        permission_set_id: id.as_str().into(),
        account_id: account.as_deref().map(Into::into),
    };
    let answer = provisioning_status(&operation);
    ctx.write(move |store| {
        store
            .data
            .huawei
            .operations
            .provisionings
            .insert(operation)
            .map(drop)
    });
    ctx.later(move |store| {
        let outcome = store.provision_huawei_permission_set(&instance, &id, account.as_deref());
        let log = &mut store.data.huawei.operations.provisionings;
        log.finish(&instance, &request_id, outcome);
    });
    ok(&types::ProvisionPermissionSetResponse {
        permission_set_provisioning_status: Some(answer),
    })
}
