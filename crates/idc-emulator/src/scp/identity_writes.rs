//! The SCP identity store writes: users, groups and memberships. Each handler reads what its
//! answer shows, queues one store write (`store/scp_writes.rs`, which checks the references and
//! unique keys again under the write lock and refuses with nothing changed), and answers what the
//! store will hold once the write is applied.

use std::sync::Arc;

use axum::response::Response;
use idc_raw::scp::types::{self, BulkDeleteResult, GroupRecord, GroupWriteResponse};

use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::scp::common::{group, instance, user};
use crate::scp::wire::{full_user, group_wire, user_group};
use crate::scp::writes::{bulk_outcome, created, done, new_id, now, text, texts, write};
use crate::store::error::WriteError;
use crate::store::scp_dependents::refuse_in_use;
use crate::store::scp_references::{GROUPS, USERS};
use crate::store::scp_rows::{ScpGroup, ScpUser};
use crate::store::tables::Store;

/// CreateUser: the new user, a member of its `group_ids` at once.
pub(crate) fn create_user(
    ctx: &Context<'_>,
    b: types::UserCreateRequest,
) -> Result<Response, Reject> {
    let instance_id = b.instance_id.as_str();
    instance(ctx, instance_id)?;
    let groups = (b.group_ids.iter())
        .map(|g| group(ctx, instance_id, g))
        .collect::<Result<Vec<_>, _>>()?;
    let created_at = now(ctx);
    let row = ScpUser {
        id: new_id(),
        instance_id: instance_id.into(),
        user_id: b.user_id.as_str().into(),
        name: b.name.as_str().into(),
        created_at,
        email: Some(b.email.as_str().into()),
        department: text(&b.department),
        phone_number: text(&b.phone_number),
        nation_id: text(&b.nation_id),
        business_unit: text(&b.business_unit),
        manager: text(&b.manager),
        employee_id: text(&b.employee_id),
        description: text(&b.description),
        tz_id: None,
        temporary_password: b.temporary_password,
        modified_at: None,
    };
    let mut user = full_user(ctx, &row);
    user.groups = groups.into_iter().map(user_group).collect();
    let group_ids = texts(&b.group_ids);
    write(ctx, move |store| store.create_scp_user(row, &group_ids));
    created(&types::UserShowResponse { user })
}

/// SetUser: the fields given replace the user's.
pub(crate) fn set_user(
    ctx: &Context<'_>,
    id: &str,
    b: types::UserSetRequest,
) -> Result<Response, Reject> {
    let mut row = user(ctx, &b.instance_id, id)?.clone();
    let fields = [
        (&mut row.email, &b.email),
        (&mut row.phone_number, &b.phone_number),
        (&mut row.nation_id, &b.nation_id),
        (&mut row.department, &b.department),
        (&mut row.business_unit, &b.business_unit),
        (&mut row.manager, &b.manager),
        (&mut row.employee_id, &b.employee_id),
        (&mut row.description, &b.description),
        (&mut row.tz_id, &b.tz_id),
    ];
    for (field, value) in fields {
        if value.is_some() {
            *field = text(value);
        }
    }
    if let Some(name) = &b.name {
        row.name = name.as_str().into();
    }
    row.modified_at = Some(now(ctx));
    let answer = types::UserShowResponse {
        user: full_user(ctx, &row),
    };
    let (instance_id, id) = (row.instance_id.clone(), row.id.clone());
    write(ctx, move |s| {
        s.update_scp_user(&instance_id, &id, |u| *u = row)
    });
    ok(&answer)
}

/// What deleting a user would delete (its login ID), or why not.
fn user_deletable(store: &Store, instance: &str, id: &str) -> Result<String, WriteError> {
    let seq = store.scp_user_seq(instance, id)?;
    refuse_in_use(store, (USERS, "user"), (instance, id), &[GROUPS])?;
    let row = store.data.scp.users.get(seq as usize);
    Ok(row.map(|u| u.user_id.to_string()).unwrap_or_default())
}

/// DeleteUser and DeleteBulkUsers: each user deleted, or the reason it was not.
pub(crate) fn delete_users(
    ctx: &Context<'_>,
    instance_id: &str,
    ids: &[String],
) -> Result<Response, Reject> {
    instance(ctx, instance_id)?;
    let (result, deleted) = bulk_outcome(ids, |id| user_deletable(ctx.store, instance_id, id));
    let instance_id: Arc<str> = instance_id.into();
    write(ctx, move |store| {
        deleted
            .iter()
            .try_for_each(|id| store.delete_scp_user(&instance_id, id).map(drop))
    });
    ok(&result)
}

/// A group as a write answers it.
fn record(g: types::Group) -> GroupWriteResponse {
    GroupWriteResponse {
        group: GroupRecord {
            created_at: Some(g.created_at),
            created_by: Some(g.created_by),
            creator_name: g.creator_name,
            description: g.description,
            id: g.id,
            instance_id: Some(g.instance_id),
            modified_at: Some(g.modified_at),
            modified_by: Some(g.modified_by),
            modifier_name: g.modifier_name,
            name: g.name,
            user_count: Some(g.user_count),
            users: Some(g.users),
            extra: g.extra,
        },
    }
}

/// CreateGroup: the new group with its members.
pub(crate) fn create_group(
    ctx: &Context<'_>,
    b: types::GroupCreateRequest,
) -> Result<Response, Reject> {
    instance(ctx, &b.instance_id)?;
    let mut seen = std::collections::HashSet::new();
    let mut members = texts(&b.user_uuids);
    members.retain(|m| seen.insert(m.clone()));
    for m in &members {
        user(ctx, &b.instance_id, m)?;
    }
    let row = ScpGroup {
        id: new_id(),
        instance_id: b.instance_id.as_str().into(),
        name: b.name.as_str().into(),
        created_at: now(ctx),
        description: text(&b.description),
        members,
    };
    let answer = record(group_wire(ctx, &row));
    write(ctx, move |store| store.create_scp_group(row));
    created(&answer)
}

/// SetGroup: a new name or description.
pub(crate) fn set_group(
    ctx: &Context<'_>,
    id: &str,
    b: types::GroupSetRequest,
) -> Result<Response, Reject> {
    let mut row = group(ctx, &b.instance_id, id)?.clone();
    let (name, description) = (text(&b.name), text(&b.description));
    row.name = name.clone().unwrap_or(row.name);
    row.description = description.clone().or(row.description);
    let answer = record(group_wire(ctx, &row));
    let (instance_id, id) = (row.instance_id, row.id);
    write(ctx, move |s| {
        s.update_scp_group(&instance_id, &id, name, description)
    });
    ok(&answer)
}

/// What deleting a group would delete (its name), or why not.
fn group_deletable(store: &Store, instance: &str, id: &str) -> Result<String, WriteError> {
    let seq = store.scp_group_seq(instance, id)?;
    refuse_in_use(store, (GROUPS, "group"), (instance, id), &[])?;
    let row = store.data.scp.groups.get(seq as usize);
    Ok(row.map(|g| g.name.to_string()).unwrap_or_default())
}

/// DeleteBulkGroups: each group deleted, or the reason it was not.
pub(crate) fn delete_bulk_groups(
    ctx: &Context<'_>,
    b: types::GroupDeleteBulkRequest,
) -> Result<Response, Reject> {
    let instance_id = b.instance_id.as_str();
    instance(ctx, instance_id)?;
    let check = |id: &str| group_deletable(ctx.store, instance_id, id);
    let (result, deleted): (BulkDeleteResult, _) = bulk_outcome(&b.group_ids, check);
    let instance_id: Arc<str> = instance_id.into();
    write(ctx, move |store| {
        deleted
            .iter()
            .try_for_each(|id| store.delete_scp_group(&instance_id, id).map(drop))
    });
    ok(&result)
}

/// DeleteGroup: refused while the group is assigned.
pub(crate) fn delete_group(
    ctx: &Context<'_>,
    id: &str,
    instance_id: &str,
) -> Result<Response, Reject> {
    group(ctx, instance_id, id)?;
    let (instance_id, id): (Arc<str>, Arc<str>) = (instance_id.into(), id.into());
    write(ctx, move |store| store.delete_scp_group(&instance_id, &id));
    done()
}

/// CreateBulkGroupUsers: the group with its new members.
pub(crate) fn add_members(
    ctx: &Context<'_>,
    id: &str,
    b: types::GroupUsersRequest,
) -> Result<Response, Reject> {
    let mut row = group(ctx, &b.instance_id, id)?.clone();
    let users = texts(&b.user_uuids);
    for u in &users {
        user(ctx, &b.instance_id, u)?;
        if !row.members.contains(u) {
            row.members.push(u.clone());
        }
    }
    let answer = types::GroupShowResponse {
        group: group_wire(ctx, &row),
    };
    let (instance_id, groups) = (row.instance_id, [row.id]);
    write(ctx, move |s| {
        s.add_scp_members(&instance_id, &groups, &users)
    });
    created(&answer)
}

/// DeleteBulkGroupUsers: the users leave the group.
pub(crate) fn remove_members(
    ctx: &Context<'_>,
    id: &str,
    b: types::GroupUsersRequest,
) -> Result<Response, Reject> {
    group(ctx, &b.instance_id, id)?;
    let users = texts(&b.user_uuids);
    for u in &users {
        user(ctx, &b.instance_id, u)?;
    }
    let (instance_id, id): (Arc<str>, Arc<str>) = (b.instance_id.as_str().into(), id.into());
    write(ctx, move |s| {
        s.remove_scp_members(&instance_id, &id, &users)
    });
    done()
}
