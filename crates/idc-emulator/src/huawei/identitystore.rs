//! Huawei Cloud IdentityStore (users, groups, memberships) and Organizations (accounts): the data
//! lookups of their operations, over the same rows as the IdentityCenter ones.

use std::collections::HashMap;

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;
use sha2::{Digest, Sha256};

use crate::generated::huawei_identitystore::{
    self, DescribeGroupRequest, DescribeGroupsRequest, DescribeUserRequest, DescribeUsersRequest,
    GetGroupIdRequest, GetUserIdRequest, IsMemberInGroupsRequest,
    ListGroupMembershipsForMemberRequest, ListGroupMembershipsRequest, ListGroupsRequest,
    ListUsersRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::huawei::codes::{UNKNOWN_GROUP, UNKNOWN_IDENTITY_STORE, UNKNOWN_USER};
use crate::huawei::common::{bad_request, not_found, rows_page};
use crate::store::huawei_rows::{HuaweiGroup, HuaweiGroupMembership, HuaweiUser};
use crate::store::keys::{Key, at, list_at};

type Lookup<T> = Result<T, Reject>;

fn identity_store(ctx: &Context<'_>, id: &str) -> Lookup<()> {
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

fn user<'a>(ctx: &Context<'a>, store: &str, id: &str) -> Lookup<&'a HuaweiUser> {
    identity_store(ctx, store)?;
    let s = &ctx.store;
    s.huawei
        .users
        .get(crate::store::keys::at(&[store, id]))
        .and_then(|&i| s.data.huawei.users.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_USER,
                format!("The user {id} does not exist in identity store {store}."),
            )
        })
}

fn group<'a>(ctx: &Context<'a>, store: &str, id: &str) -> Lookup<&'a HuaweiGroup> {
    identity_store(ctx, store)?;
    let s = &ctx.store;
    s.huawei
        .groups
        .get(crate::store::keys::at(&[store, id]))
        .and_then(|&i| s.data.huawei.groups.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_GROUP,
                format!("The group {id} does not exist in identity store {store}."),
            )
        })
}

fn user_view(u: &HuaweiUser) -> ids::User {
    let name = (u.given_name.is_some() || u.family_name.is_some()).then(|| ids::Name {
        family_name: u.family_name.as_deref().map(str::to_owned),
        formatted: match (&u.given_name, &u.family_name) {
            (Some(g), Some(f)) => Some(format!("{g} {f}")),
            _ => None,
        },
        given_name: u.given_name.as_deref().map(str::to_owned),
        honorific_prefix: None,
        honorific_suffix: None,
        middle_name: None,
    });
    ids::User {
        addresses: None,
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
        enterprise: None,
        external_id: u.external_id.as_deref().map(str::to_owned),
        external_ids: None,
        identity_store_id: u.identity_store_id.to_string(),
        locale: None,
        name,
        nickname: None,
        phone_numbers: None,
        preferred_language: None,
        profile_url: None,
        timezone: None,
        title: None,
        updated_at: None,
        updated_by: None,
        user_id: u.user_id.to_string(),
        user_name: Some(u.user_name.to_string()),
        user_type: None,
    }
}

fn group_view(g: &HuaweiGroup) -> ids::Group {
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

/// A membership's id: as given, else derived from its three ids.
fn membership_view(m: &HuaweiGroupMembership) -> ids::GroupMembership {
    let membership_id = match &m.membership_id {
        Some(id) => id.to_string(),
        None => {
            // Each id hashed with its length, so no two triples share a digest's input.
            let mut hasher = Sha256::new();
            for part in [&*m.identity_store_id, &m.group_id, &m.user_id] {
                hasher.update((part.len() as u64).to_be_bytes());
                hasher.update(part.as_bytes());
            }
            let digest = hasher.finalize();
            let h = hex::encode(&digest[..16]);
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        }
    };
    ids::GroupMembership {
        group_id: Some(m.group_id.to_string()),
        identity_store_id: Some(m.identity_store_id.to_string()),
        member_id: Some(ids::MemberId {
            user_id: m.user_id.to_string(),
        }),
        membership_id: Some(membership_id),
    }
}

impl huawei_identitystore::Handlers for App {
    fn list_users(&self, ctx: &Context<'_>, request: ListUsersRequest) -> Result<Response, Reject> {
        identity_store(ctx, &request.identity_store_id)?;
        let rows = &ctx.store.data.huawei.users;
        let all = ctx
            .store
            .huawei
            .store_users
            .get(&request.identity_store_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let positions: Vec<u32> =
            all.iter()
                .copied()
                .filter(|&p| {
                    request.user_name.as_deref().is_none_or(|name| {
                        rows.get(p as usize).is_some_and(|u| &*u.user_name == name)
                    })
                })
                .collect();
        rows_page(
            ctx,
            (
                "users",
                &[
                    "users",
                    &request.identity_store_id,
                    request.user_name.as_deref().unwrap_or("\u{1}"),
                ],
            ),
            (rows, &positions),
            (request.marker, request.limit),
            user_view,
        )
    }

    fn describe_user(
        &self,
        ctx: &Context<'_>,
        request: DescribeUserRequest,
    ) -> Result<Response, Reject> {
        let u = user(ctx, &request.identity_store_id, &request.user_id)?;
        ok(&user_view(u))
    }

    fn describe_users(
        &self,
        ctx: &Context<'_>,
        request: DescribeUsersRequest,
    ) -> Result<Response, Reject> {
        let mut users = Vec::with_capacity(request.body.user_ids.len());
        for id in &request.body.user_ids {
            users.push(user_view(user(ctx, &request.identity_store_id, id)?));
        }
        ok(&ids::DescribeUsersResponse { users })
    }

    fn get_user_id(
        &self,
        ctx: &Context<'_>,
        request: GetUserIdRequest,
    ) -> Result<Response, Reject> {
        let store = &request.identity_store_id;
        let ix = &ctx.store.huawei;
        let (found, what) = by_alternate(
            ctx,
            store,
            &request.body.alternate_identifier,
            "user_name",
            (&ix.user_names, &ix.user_external_ids),
        )?;
        match found.and_then(|i| ctx.store.data.huawei.users.get(i)) {
            Some(u) => ok(&ids::GetUserIdResponse {
                identity_store_id: Some(store.clone()),
                user_id: Some(u.user_id.to_string()),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_USER,
                format!("No user of identity store {store} is identified by {what:?}."),
            )),
        }
    }

    fn list_groups(
        &self,
        ctx: &Context<'_>,
        request: ListGroupsRequest,
    ) -> Result<Response, Reject> {
        identity_store(ctx, &request.identity_store_id)?;
        let rows = &ctx.store.data.huawei.groups;
        let all = ctx
            .store
            .huawei
            .store_groups
            .get(&request.identity_store_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        // The spec calls the display name filter a fuzzy match: a case-insensitive substring.
        let wanted = request.display_name.as_deref().map(str::to_lowercase);
        let positions: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&p| {
                wanted.as_deref().is_none_or(|w| {
                    rows.get(p as usize)
                        .is_some_and(|g| g.display_name.to_lowercase().contains(w))
                })
            })
            .collect();
        rows_page(
            ctx,
            (
                "groups",
                &[
                    "groups",
                    &request.identity_store_id,
                    request.display_name.as_deref().unwrap_or("\u{1}"),
                ],
            ),
            (rows, &positions),
            (request.marker, request.limit),
            group_view,
        )
    }

    fn describe_group(
        &self,
        ctx: &Context<'_>,
        request: DescribeGroupRequest,
    ) -> Result<Response, Reject> {
        let g = group(ctx, &request.identity_store_id, &request.group_id)?;
        ok(&group_view(g))
    }

    fn describe_groups(
        &self,
        ctx: &Context<'_>,
        request: DescribeGroupsRequest,
    ) -> Result<Response, Reject> {
        let mut groups = Vec::with_capacity(request.body.group_ids.len());
        for id in &request.body.group_ids {
            groups.push(group_view(group(ctx, &request.identity_store_id, id)?));
        }
        ok(&ids::DescribeGroupsResponse { groups })
    }

    fn get_group_id(
        &self,
        ctx: &Context<'_>,
        request: GetGroupIdRequest,
    ) -> Result<Response, Reject> {
        let store = &request.identity_store_id;
        let ix = &ctx.store.huawei;
        let (found, what) = by_alternate(
            ctx,
            store,
            &request.body.alternate_identifier,
            "display_name",
            (&ix.group_names, &ix.group_external_ids),
        )?;
        match found.and_then(|i| ctx.store.data.huawei.groups.get(i)) {
            Some(g) => ok(&ids::GetGroupIdResponse {
                identity_store_id: Some(store.clone()),
                group_id: Some(g.group_id.to_string()),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_GROUP,
                format!("No group of identity store {store} is identified by {what:?}."),
            )),
        }
    }

    fn list_group_memberships(
        &self,
        ctx: &Context<'_>,
        request: ListGroupMembershipsRequest,
    ) -> Result<Response, Reject> {
        let (store, group_id) = (&*request.identity_store_id, &*request.group_id);
        group(ctx, store, group_id)?;
        let positions = list_at(&ctx.store.huawei.members, &[store, group_id]);
        let rows = &ctx.store.data.huawei.group_memberships;
        let query = ["group-memberships", store, group_id];
        let paging = (request.marker, request.limit);
        rows_page(
            ctx,
            ("group_memberships", &query),
            (rows, positions),
            paging,
            membership_view,
        )
    }

    fn list_group_memberships_for_member(
        &self,
        ctx: &Context<'_>,
        request: ListGroupMembershipsForMemberRequest,
    ) -> Result<Response, Reject> {
        let (store, user_id) = (&*request.identity_store_id, &*request.user_id);
        user(ctx, store, user_id)?;
        let positions = list_at(&ctx.store.huawei.memberships_of, &[store, user_id]);
        let rows = &ctx.store.data.huawei.group_memberships;
        let query = ["group-memberships-for-member", store, user_id];
        let paging = (request.marker, request.limit);
        rows_page(
            ctx,
            ("group_memberships", &query),
            (rows, positions),
            paging,
            membership_view,
        )
    }

    fn is_member_in_groups(
        &self,
        ctx: &Context<'_>,
        request: IsMemberInGroupsRequest,
    ) -> Result<Response, Reject> {
        let store = &request.identity_store_id;
        let user_id = &request.body.member_id.user_id;
        user(ctx, store, user_id)?;
        let memberships = &ctx.store.data.huawei.group_memberships;
        let of_user = ctx
            .store
            .huawei
            .memberships_of
            .get(crate::store::keys::at(&[store, user_id]))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut results = Vec::with_capacity(request.body.group_ids.len());
        for group_id in &request.body.group_ids {
            group(ctx, store, group_id)?;
            let exists = of_user.iter().any(|&p| {
                memberships
                    .get(p as usize)
                    .is_some_and(|m| &*m.group_id == group_id)
            });
            results.push(ids::GroupMembershipExistenceResult {
                group_id: Some(group_id.clone()),
                member_id: Some(ids::MemberId {
                    user_id: user_id.clone(),
                }),
                membership_exists: Some(exists),
            });
        }
        ok(&ids::IsMemberInGroupsResponse { results })
    }
}

enum Alternate<'a> {
    Unique(&'a str),
    External(&'a str),
}

/// The row an alternate identifier names in identity store `store`: by the unique attribute
/// `path` in `names`, or by external id in `external` (both keyed by store and value). A malformed
/// identifier is a 400; no row is `None`, with the value that was looked for.
fn by_alternate<'a>(
    ctx: &Context<'_>,
    store: &str,
    identifier: &'a ids::AlternateIdentifier,
    path: &str,
    (names, external): (&HashMap<Key<2>, usize>, &HashMap<Key<2>, usize>),
) -> Lookup<(Option<usize>, &'a str)> {
    identity_store(ctx, store)?;
    let (index, value) = match alternate(identifier, path) {
        Ok(Alternate::Unique(value)) => (names, value),
        Ok(Alternate::External(value)) => (external, value),
        Err(message) => return Err(bad_request(ctx, message)),
    };
    Ok((index.get(at(&[store, value])).copied(), value))
}

/// What an `alternate_identifier` looks up: `unique_attribute` with `attribute_path` `path`, or
/// `external_id` (matched by its `id`; the issuer is not modelled).
fn alternate<'a>(a: &'a ids::AlternateIdentifier, path: &str) -> Result<Alternate<'a>, String> {
    match (&a.unique_attribute, &a.external_id) {
        (Some(_), Some(_)) => Err(
            "Invalid request: alternate_identifier takes exactly one of unique_attribute and \
             external_id, not both."
                .to_owned(),
        ),
        (Some(u), _) if u.attribute_path == path => Ok(Alternate::Unique(&u.attribute_value)),
        (Some(u), _) => Err(format!(
            "Invalid request: unique_attribute.attribute_path {:?} is not supported; use {path:?}.",
            u.attribute_path
        )),
        (None, Some(e)) => Ok(Alternate::External(&e.id)),
        (None, None) => Err(
            "Invalid request: alternate_identifier needs unique_attribute or external_id."
                .to_owned(),
        ),
    }
}
