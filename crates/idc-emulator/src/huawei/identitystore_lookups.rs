//! The lookups and views the IdentityStore handlers share: the identity store, a user or a group
//! by id (a 404 in Huawei's shape when missing), a membership by id, and how each row is served.

use idc_raw::huawei_identitystore::types as ids;

use crate::http::dispatch::Context;
use crate::http::responses::Reject;
use crate::huawei::codes::{
    IDENTITY_TAKEN, PRINCIPAL_IN_USE, UNKNOWN_CONFIGURATION, UNKNOWN_GROUP, UNKNOWN_IDENTITY_STORE,
    UNKNOWN_MEMBERSHIP, UNKNOWN_USER,
};
use crate::huawei::common::{conflict, not_found};
use crate::store::documents::Document;
use crate::store::huawei_rows::{
    HuaweiGroup, HuaweiGroupMembership, HuaweiUser, HuaweiUserAttributes,
};
use crate::store::keys::at;
use crate::store::references::Dependents;

pub(crate) type Lookup<T> = Result<T, Reject>;

pub(crate) fn identity_store(ctx: &Context<'_>, id: &str) -> Lookup<()> {
    if ctx.store.huawei.stores.contains_key(id) {
        Ok(())
    } else {
        Err(not_found(
            ctx,
            UNKNOWN_IDENTITY_STORE,
            format!("The identity store {id} does not exist."),
        ))
    }
}

/// The configuration document of kind `D` identity store `store` holds, when its id (`id_of`) is
/// `id` (a 404 `UNKNOWN_CONFIGURATION` naming `what` when the store has none, or another).
pub(crate) fn configured<'a, D: Document>(
    ctx: &Context<'a>,
    store: &str,
    (what, id): (&str, &str),
    id_of: fn(&D) -> &str,
) -> Lookup<&'a D> {
    identity_store(ctx, store)?;
    let found = ctx.store.data.documents.stored::<D>(&[store]);
    found.filter(|d| id_of(d) == id).ok_or_else(|| {
        let message = format!("The {what} {id} does not exist in identity store {store}.");
        not_found(ctx, UNKNOWN_CONFIGURATION, message)
    })
}

pub(crate) fn user<'a>(ctx: &Context<'a>, store: &str, id: &str) -> Lookup<&'a HuaweiUser> {
    identity_store(ctx, store)?;
    let s = &ctx.store;
    s.huawei
        .users
        .get(at(&[store, id]))
        .and_then(|&i| s.data.huawei.users.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_USER,
                format!("The user {id} does not exist in identity store {store}."),
            )
        })
}

pub(crate) fn group<'a>(ctx: &Context<'a>, store: &str, id: &str) -> Lookup<&'a HuaweiGroup> {
    identity_store(ctx, store)?;
    let s = &ctx.store;
    s.huawei
        .groups
        .get(at(&[store, id]))
        .and_then(|&i| s.data.huawei.groups.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_GROUP,
                format!("The group {id} does not exist in identity store {store}."),
            )
        })
}

/// The kept JSON of a list attribute, read back as the API's type (`None` when empty).
fn parse<T: serde::de::DeserializeOwned>(
    values: Option<&Vec<serde_json::Value>>,
) -> Option<Vec<T>> {
    let values = values.filter(|v| !v.is_empty())?;
    values
        .iter()
        .map(|v| serde_json::from_value(v.clone()).ok())
        .collect()
}

pub(crate) fn user_view(u: &HuaweiUser) -> ids::User {
    let a = u.attributes.as_deref();
    let text = |f: fn(&HuaweiUserAttributes) -> &Option<String>| a.and_then(|a| f(a).clone());
    let name = (u.given_name.is_some() || u.family_name.is_some()).then(|| ids::Name {
        family_name: u.family_name.as_deref().map(str::to_owned),
        formatted: match (&u.given_name, &u.family_name) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            _ => None,
        },
        given_name: u.given_name.as_deref().map(str::to_owned),
        honorific_prefix: text(|a| &a.honorific_prefix),
        honorific_suffix: text(|a| &a.honorific_suffix),
        middle_name: text(|a| &a.middle_name),
    });
    ids::User {
        addresses: parse(a.map(|a| &a.addresses)),
        created_at: None,
        created_by: None,
        display_name: u.display_name.as_deref().map(str::to_owned),
        email_verified: None,
        emails: (!u.emails.is_empty()).then(|| {
            u.emails
                .iter()
                .enumerate()
                .map(|(i, e)| ids::Email {
                    primary: Some(i == 0),
                    type_: Some("work".to_owned()),
                    value: Some(e.to_string()),
                    verification_status: None,
                })
                .collect()
        }),
        enabled: Some(u.enabled),
        enterprise: a
            .and_then(|a| a.enterprise.clone())
            .and_then(|e| serde_json::from_value(e).ok()),
        external_id: u.external_id.as_deref().map(str::to_owned),
        external_ids: None,
        identity_store_id: u.identity_store_id.to_string(),
        locale: text(|a| &a.locale),
        name,
        nickname: text(|a| &a.nickname),
        phone_numbers: parse(a.map(|a| &a.phone_numbers)),
        preferred_language: text(|a| &a.preferred_language),
        profile_url: text(|a| &a.profile_url),
        timezone: text(|a| &a.timezone),
        title: text(|a| &a.title),
        updated_at: None,
        updated_by: None,
        user_id: u.user_id.to_string(),
        user_name: Some(u.user_name.to_string()),
        user_type: text(|a| &a.user_type),
    }
}

pub(crate) fn group_view(g: &HuaweiGroup) -> ids::Group {
    ids::Group {
        created_at: None,
        created_by: None,
        description: g.description.as_deref().map(str::to_owned),
        display_name: Some(g.display_name.to_string()),
        external_id: g.external_id.as_deref().map(str::to_owned),
        external_ids: None,
        group_id: g.group_id.to_string(),
        identity_store_id: g.identity_store_id.to_string(),
        updated_at: None,
        updated_by: None,
    }
}

/// A membership as the API serves it.
pub(crate) fn membership_view(m: &HuaweiGroupMembership) -> ids::GroupMembership {
    let membership_id = m.id().into_owned();
    ids::GroupMembership {
        group_id: Some(m.group_id.to_string()),
        identity_store_id: Some(m.identity_store_id.to_string()),
        member_id: Some(ids::MemberId {
            user_id: m.user_id.to_string(),
        }),
        membership_id: Some(membership_id),
    }
}

/// The membership `id` of identity store `store`.
pub(crate) fn membership<'a>(
    ctx: &Context<'a>,
    store: &str,
    id: &str,
) -> Lookup<&'a HuaweiGroupMembership> {
    identity_store(ctx, store)?;
    let s = &ctx.store;
    (s.huawei.membership_ids.get(at(&[store, id])))
        .and_then(|&i| s.data.huawei.group_memberships.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_MEMBERSHIP,
                format!("The group membership {id} does not exist in identity store {store}."),
            )
        })
}

/// A 409 when a user (`group` false) or group named `name` exists in identity store `store`.
pub(crate) fn name_free(ctx: &Context<'_>, group: bool, store: &str, name: &str) -> Lookup<()> {
    let (names, what) = match group {
        false => (&ctx.store.huawei.user_names, "user"),
        true => (&ctx.store.huawei.group_names, "group"),
    };
    if names.contains_key(at(&[store, name])) {
        let message = format!("A {what} named {name:?} exists in identity store {store}.");
        return Err(conflict(ctx, IDENTITY_TAKEN, message));
    }
    Ok(())
}

/// The membership of `user` in `group` of identity store `store`, if any (a 404 when either does
/// not exist).
pub(crate) fn membership_of<'a>(
    ctx: &Context<'a>,
    store: &str,
    (group_id, user_id): (&str, &str),
) -> Lookup<Option<&'a HuaweiGroupMembership>> {
    group(ctx, store, group_id)?;
    user(ctx, store, user_id)?;
    Ok(ctx.store.huawei_membership_of(store, group_id, user_id))
}

/// The 409 of a delete of a user or group (`what`) that assignments still name.
pub(crate) fn still_assigned(ctx: &Context<'_>, what: &str, id: &str, by: Dependents) -> Reject {
    let message = format!(
        "The {what} {id} is still assigned ({} rows of {}): delete those assignments first.",
        by.count, by.table
    );
    conflict(ctx, PRINCIPAL_IN_USE, message)
}
