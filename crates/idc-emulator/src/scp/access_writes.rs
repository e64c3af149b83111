//! The SCP access writes: permission sets, their policies and account assignments, in the same
//! way as `identity_writes.rs` (one store write queued, `store/scp_writes_access.rs`, the answer
//! what the store will hold).

use std::sync::Arc;

use axum::response::Response;
use idc_raw::scp::types::{self, AccountAssignmentsCreateResponse, CreatedAccountAssignment};
use serde_json::{Map, Value};

use crate::http::dispatch::{Context, refused};
use crate::http::responses::{Reject, ok};
use crate::scp::common::{account, at_least, instance, permission_set};
use crate::scp::wire::{ADMIN, PRE_1_2_CUSTOM_POLICIES_FIELD, permission_set_wire};
use crate::scp::writes::{created, done, new_id, now, text, write};
use crate::store::scp_rows::{
    ScpAccountAssignment, ScpPermissionSet, ScpPolicy, ScpPolicyCategory,
};
use crate::store::scp_writes_access::scp_assignment_id;

/// The custom policies of a request under the negotiated version's name (`custom_policies` from
/// 1.2 on, the pre-1.2 name before); the other name is refused when it is used.
fn custom_policies<'a>(
    ctx: &Context<'_>,
    custom: &'a [String],
    customer: &'a [String],
) -> Result<&'a [String], Reject> {
    let renamed = at_least(ctx, 2);
    let (right, wrong) = match renamed {
        true => (custom, customer),
        false => (customer, custom),
    };
    if wrong.is_empty() {
        return Ok(right);
    }
    let (right, wrong) = match renamed {
        true => ("custom_policies", PRE_1_2_CUSTOM_POLICIES_FIELD),
        false => (PRE_1_2_CUSTOM_POLICIES_FIELD, "custom_policies"),
    };
    let why = format!("{wrong} is not a field of this API version; it is spelled {right}");
    Err(refused(ctx, vec![why]))
}

/// The policies of a permission set from a request's lists: a policy ID per managed or custom
/// policy, a JSON document per inline one (kept as text when it is not JSON).
fn policies(set: &str, [managed, custom, inline]: [&[String]; 3]) -> Vec<ScpPolicy> {
    let by_id = |category| {
        move |id: &String| ScpPolicy {
            id: id.as_str().into(),
            name: id.as_str().into(),
            category,
            description: None,
            document: None,
        }
    };
    let inline = inline.iter().enumerate().map(|(i, doc)| {
        let id: Arc<str> = format!("{set}-inline-{}", i + 1).into();
        ScpPolicy {
            name: id.clone(),
            id,
            category: ScpPolicyCategory::Inline,
            description: None,
            document: Some(serde_json::from_str(doc).unwrap_or_else(|_| Value::from(doc.as_str()))),
        }
    });
    let managed = managed.iter().map(by_id(ScpPolicyCategory::Managed));
    let custom = custom.iter().map(by_id(ScpPolicyCategory::Custom));
    managed.chain(custom).chain(inline).collect()
}

/// CreatePermissionSet: the new set with its policies.
pub(crate) fn create_permission_set(
    ctx: &Context<'_>,
    b: types::PermissionSetCreateRequest,
) -> Result<Response, Reject> {
    instance(ctx, &b.instance_id)?;
    let custom = custom_policies(ctx, &b.custom_policies, &b.customer_policies)?;
    let id = new_id();
    let lists = [&b.managed_policies[..], custom, &b.inline_policies];
    let row = ScpPermissionSet {
        policies: policies(&id, lists),
        id,
        instance_id: b.instance_id.as_str().into(),
        name: b.name.as_str().into(),
        created_at: now(ctx),
        description: text(&b.description),
        session_duration: b.session_duration,
    };
    let answer = permission_set_wire(ctx, &row);
    write(ctx, move |store| store.create_scp_permission_set(row));
    created(&answer)
}

/// Queues `row` as the new state of its permission set and answers it.
fn replace_set(ctx: &Context<'_>, row: ScpPermissionSet) -> Result<Response, Reject> {
    let answer = permission_set_wire(ctx, &row);
    let (instance_id, id) = (row.instance_id.clone(), row.id.clone());
    write(ctx, move |s| {
        s.update_scp_permission_set(&instance_id, &id, |p| *p = row)
    });
    ok(&answer)
}

/// SetPermissionSet: a new description or session duration.
pub(crate) fn set_permission_set(
    ctx: &Context<'_>,
    id: &str,
    b: types::PermissionSetSetRequest,
) -> Result<Response, Reject> {
    let mut row = permission_set(ctx, &b.instance_id, id)?.clone();
    row.description = text(&b.description).or(row.description);
    row.session_duration = b.session_duration.or(row.session_duration);
    replace_set(ctx, row)
}

/// SetPermissionSetPolicies: the set's policies become the lists given.
pub(crate) fn set_policies(
    ctx: &Context<'_>,
    id: &str,
    b: types::PermissionSetPoliciesSetRequest,
) -> Result<Response, Reject> {
    let mut row = permission_set(ctx, &b.instance_id, id)?.clone();
    let custom = custom_policies(ctx, &b.custom_policies, &b.customer_policies)?;
    row.policies = policies(id, [&b.managed_policies, custom, &b.inline_policies]);
    replace_set(ctx, row)
}

/// DeletePermissionSetPolicies: every id must be a policy of the set.
pub(crate) fn delete_policies(
    ctx: &Context<'_>,
    id: &str,
    b: types::PermissionSetPoliciesDeleteRequest,
) -> Result<Response, Reject> {
    let mut row = permission_set(ctx, &b.instance_id, id)?.clone();
    if let Some(unknown) =
        (b.policy_ids.iter()).find(|p| !row.policies.iter().any(|x| &*x.id == *p))
    {
        return Err(crate::scp::common::not_found(ctx, "policy", unknown));
    }
    row.policies
        .retain(|p| !b.policy_ids.iter().any(|x| *x == *p.id));
    let (instance_id, id) = (row.instance_id.clone(), row.id.clone());
    write(ctx, move |s| {
        s.update_scp_permission_set(&instance_id, &id, |p| *p = row)
    });
    done()
}

/// DeletePermissionSet: refused while the set is assigned.
pub(crate) fn delete_permission_set(
    ctx: &Context<'_>,
    id: &str,
    instance_id: &str,
) -> Result<Response, Reject> {
    permission_set(ctx, instance_id, id)?;
    let (instance_id, id): (Arc<str>, Arc<str>) = (instance_id.into(), id.into());
    write(ctx, move |store| {
        store.delete_scp_permission_set(&instance_id, &id)
    });
    done()
}

/// CreateAccountAssignment: every principal gets every permission set on every account; one
/// record per principal, account and permission set. The store checks that each exists (404,
/// nothing assigned) and that each principal type is `USER` or `GROUP` (400).
pub(crate) fn create_account_assignment(
    ctx: &Context<'_>,
    b: types::AccountAssignmentsCreateRequest,
) -> Result<Response, Reject> {
    let instance_id = b.instance_id.as_str();
    let sets: Vec<Arc<str>> = (b.permission_sets.iter())
        .map(|p| p.permission_set_id.as_str().into())
        .collect();
    let (at, mut rows, mut records) = (now(ctx), Vec::new(), Vec::new());
    for (p, a) in (b.principals.iter()).flat_map(|p| b.accounts.iter().map(move |a| (p, a))) {
        let (account_id, kind) = (a.target_account_id.as_str(), p.principal_type.as_str());
        records.extend(sets.iter().map(|set| CreatedAccountAssignment {
            id: scp_assignment_id(instance_id, account_id, kind, &p.principal_id, set),
            created_at: Some(at.to_string()),
            created_by: Some(ADMIN.to_owned()),
            modified_at: Some(at.to_string()),
            modified_by: Some(ADMIN.to_owned()),
            permission_set_id: set.to_string(),
            principal_id: p.principal_id.clone(),
            principal_type: p.principal_type.clone(),
            target_account_id: account_id.to_owned(),
            extra: Map::new(),
        }));
        rows.push(ScpAccountAssignment {
            instance_id: instance_id.into(),
            target_account_id: account_id.into(),
            principal_id: p.principal_id.as_str().into(),
            principal_type: p.principal_type.clone(),
            principal_deleted: false,
            permission_set_ids: sets.clone(),
            role_srn: format!("srn:role:kr-west1:{account_id}:role/{}", new_id()).into(),
            created_at: Some(at.clone()),
        });
    }
    write(ctx, move |s| {
        rows.into_iter().try_for_each(|row| s.assign_scp(row))
    });
    created(&AccountAssignmentsCreateResponse {
        count: i64::try_from(records.len()).ok(),
        account_assignments: records,
        links: None,
    })
}

/// DeleteAccountAssignment and DeleteBulkAccountAssignment: every id must name an assignment on
/// the account, and all are deleted or none.
pub(crate) fn delete_assignments(
    ctx: &Context<'_>,
    (instance_id, account_id): (&str, &str),
    ids: Vec<String>,
) -> Result<Response, Reject> {
    instance(ctx, instance_id)?;
    account(ctx, account_id)?;
    if let Some(unknown) = (ids.iter()).find(|id| {
        ctx.store
            .scp_assignment_by_id(instance_id, account_id, id)
            .is_none()
    }) {
        return Err(crate::scp::common::not_found(
            ctx,
            "account assignment",
            unknown,
        ));
    }
    let (instance_id, account_id): (Arc<str>, Arc<str>) = (instance_id.into(), account_id.into());
    write(ctx, move |store| {
        store.unassign_scp(&instance_id, &account_id, &ids)
    });
    done()
}
