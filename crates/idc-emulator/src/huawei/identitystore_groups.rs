//! The IdentityStore group and membership operations: `CreateGroup`, `UpdateGroup`,
//! `DeleteGroup`, `CreateGroupMembership`, `DeleteGroupMembership`, `DescribeGroupMembership` and
//! `GetGroupMembershipId`. The handler answers the service's 404s and 409s with their codes; the
//! store change it queues checks again under the same lock.

use std::sync::Arc;

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::{
    CreateGroupMembershipRequest, CreateGroupRequest, DeleteGroupMembershipRequest,
    DeleteGroupRequest, GetGroupMembershipIdRequest, UpdateGroupRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{IDENTITY_TAKEN, UNKNOWN_MEMBERSHIP};
use crate::huawei::common::{bad_request, conflict, created, no_content, not_found};
use crate::huawei::identitystore_lookups::{
    group, identity_store, membership, membership_of, name_free, still_assigned,
};
use crate::store::huawei_rows::{HuaweiGroup, HuaweiGroupMembership};
use crate::store::keys::random_uuid;

/// `CreateGroup`: a new group with a fresh id; a display name taken is a 409.
pub(crate) fn create_group(
    ctx: &Context<'_>,
    request: CreateGroupRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    identity_store(ctx, &store)?;
    let name = request.body.display_name.to_string();
    name_free(ctx, true, &store, &name)?;
    let group_id = random_uuid();
    let row = HuaweiGroup {
        identity_store_id: Arc::from(store.as_str()),
        group_id: Arc::from(group_id.as_str()),
        display_name: name.into(),
        description: request.body.description.map(|v| v.as_str().into()),
        external_id: None,
    };
    ctx.write(move |s| s.create_huawei_group(row).map(drop));
    created(&ids::CreateGroupResponse {
        group_id: Some(group_id),
        identity_store_id: Some(store),
    })
}

/// `UpdateGroup`: `display_name` (1 to 1024 characters, free in the identity store) and
/// `description` (`null` removes it); anything else refuses the whole request.
pub(crate) fn update_group(
    ctx: &Context<'_>,
    request: UpdateGroupRequest,
) -> Result<Response, Reject> {
    let store = &request.identity_store_id;
    let old = group(ctx, store, &request.group_id)?;
    let mut row = old.clone();
    for op in &request.body.operations {
        let value = op.attribute_value.as_deref();
        match &**op.attribute_path {
            "display_name" => match value.filter(|v| (1..=1024).contains(&v.chars().count())) {
                Some(name) => row.display_name = name.into(),
                None => {
                    let message = "Invalid request: display_name must be 1 to 1024 characters.";
                    return Err(bad_request(ctx, message.to_owned()));
                }
            },
            "description" => row.description = value.map(Into::into),
            other => {
                let message = format!("Invalid request: {other:?} is not an attribute of a group.");
                return Err(bad_request(ctx, message));
            }
        }
    }
    if row.display_name != old.display_name {
        name_free(ctx, true, store, &row.display_name)?;
    }
    ctx.write(move |s| s.replace_huawei_group(row));
    Ok(no_content())
}

/// `DeleteGroup`: the group with its memberships; a 409 while assignments name the group.
pub(crate) fn delete_group(
    ctx: &Context<'_>,
    request: DeleteGroupRequest,
) -> Result<Response, Reject> {
    let (store, group_id) = (request.identity_store_id, request.group_id);
    group(ctx, &store, &group_id)?;
    if let Some(d) = ctx
        .store
        .huawei_principal_dependents(&store, &group_id, true)
    {
        return Err(still_assigned(ctx, "group", &group_id, d));
    }
    ctx.write(move |s| s.delete_huawei_group_cascading(&store, &group_id).map(drop));
    Ok(no_content())
}

/// `CreateGroupMembership`: the user and the group must exist in the identity store; a user
/// already in the group is a 409.
pub(crate) fn create_group_membership(
    ctx: &Context<'_>,
    request: CreateGroupMembershipRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    let (group_id, user_id) = (&*request.body.group_id, &request.body.member_id.user_id);
    if membership_of(ctx, &store, (group_id, user_id))?.is_some() {
        let message = format!("The user {user_id} is a member of group {group_id} already.");
        return Err(conflict(ctx, IDENTITY_TAKEN, message));
    }
    let membership_id = random_uuid();
    let row = HuaweiGroupMembership {
        identity_store_id: Arc::from(store.as_str()),
        group_id: Arc::from(group_id.as_str()),
        user_id: user_id.as_str().into(),
        membership_id: Some(membership_id.as_str().into()),
    };
    ctx.write(move |s| s.create_huawei_membership(row).map(drop));
    ok(&ids::CreateGroupMembershipResponse {
        identity_store_id: Some(store),
        membership_id: Some(membership_id),
    })
}

/// `DeleteGroupMembership`: the membership, by id.
pub(crate) fn delete_group_membership(
    ctx: &Context<'_>,
    request: DeleteGroupMembershipRequest,
) -> Result<Response, Reject> {
    let (store, id) = (request.identity_store_id, request.membership_id);
    membership(ctx, &store, &id)?;
    ctx.write(move |s| s.delete_huawei_membership(&store, &id).map(drop));
    Ok(no_content())
}

/// `GetGroupMembershipId`: the id of the user's membership of the group, a 404 when the user is
/// not in it.
pub(crate) fn get_group_membership_id(
    ctx: &Context<'_>,
    request: GetGroupMembershipIdRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    let (group_id, user_id) = (&*request.body.group_id, &request.body.member_id.user_id);
    match membership_of(ctx, &store, (group_id, user_id))? {
        Some(m) => ok(&ids::GetGroupMembershipIdResponse {
            membership_id: Some(m.id().into_owned()),
            identity_store_id: Some(store),
        }),
        None => Err(not_found(
            ctx,
            UNKNOWN_MEMBERSHIP,
            format!("The user {user_id} is not a member of group {group_id}."),
        )),
    }
}
