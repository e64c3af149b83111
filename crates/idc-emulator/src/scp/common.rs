//! What the SCP handlers share: the negotiated version's fields, a 404 in SCP's error shape,
//! filters, `sort` keys and the page/size pages of every list operation, and the service roots'
//! version lists.

use std::collections::HashSet;

use axum::response::Response;
use http::StatusCode;

use idc_raw::scp::types;

use crate::http::dispatch::Context;
use crate::http::responses;
use crate::http::responses::{Reject, ok};
use crate::http::versions::today;
use crate::store::scp_rows::{ScpAccount, ScpGroup, ScpInstance, ScpPermissionSet, ScpUser};

/// Whether the negotiated version is `1.minor` or later (no version: the latest).
pub(crate) fn at_least(ctx: &Context<'_>, minor: u16) -> bool {
    ctx.version.is_none_or(|v| (v.major, v.minor) >= (1, minor))
}

pub(crate) fn not_found(ctx: &Context<'_>, what: &str, id: &str) -> Reject {
    tracing::info!(what, id = %idc::text::escape_control(id), "not found");
    Reject::new(responses::scp_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        vec![format!("{what} {id:?} does not exist")],
        &ctx.request_id,
    ))
}

/// The instance `id`, or a 404.
pub(crate) fn instance<'a>(ctx: &Context<'a>, id: &str) -> Result<&'a ScpInstance, Reject> {
    ctx.store
        .scp_instance(id)
        .ok_or_else(|| not_found(ctx, "instance", id))
}

/// The user `id` of `instance` (which must exist), or a 404.
pub(crate) fn user<'a>(ctx: &Context<'a>, instance: &str, id: &str) -> Result<&'a ScpUser, Reject> {
    self::instance(ctx, instance)?;
    ctx.store
        .scp_user(instance, id)
        .ok_or_else(|| not_found(ctx, "user", id))
}

/// The group `id` of `instance` (which must exist), or a 404.
pub(crate) fn group<'a>(
    ctx: &Context<'a>,
    instance: &str,
    id: &str,
) -> Result<&'a ScpGroup, Reject> {
    self::instance(ctx, instance)?;
    ctx.store
        .scp_group(instance, id)
        .ok_or_else(|| not_found(ctx, "group", id))
}

/// The permission set `id` of `instance` (which must exist), or a 404.
pub(crate) fn permission_set<'a>(
    ctx: &Context<'a>,
    instance: &str,
    id: &str,
) -> Result<&'a ScpPermissionSet, Reject> {
    self::instance(ctx, instance)?;
    let found = ctx.store.scp_permission_set(instance, id);
    found.ok_or_else(|| not_found(ctx, "permission set", id))
}

/// The account `id`, or a 404.
pub(crate) fn account<'a>(ctx: &Context<'a>, id: &str) -> Result<&'a ScpAccount, Reject> {
    ctx.store
        .scp_account(id)
        .ok_or_else(|| not_found(ctx, "account", id))
}

/// The ids of the principals (users when `users`, else groups) of `instance` assigned on the
/// account the optional filter names (which must exist); `None` without the filter.
pub(crate) fn assigned_on<'a>(
    ctx: &Context<'a>,
    instance: &str,
    account_filter: &Option<String>,
    users: bool,
) -> Result<Option<HashSet<&'a str>>, Reject> {
    let Some(id) = given(account_filter) else {
        return Ok(None);
    };
    self::account(ctx, id)?;
    Ok(Some(
        ctx.store
            .scp_principals_on(instance, id, users)
            .into_iter()
            .collect(),
    ))
}

/// The filters a request gives, as (field, value): an empty value is no filter.
pub(crate) fn given_filters<'a, const N: usize>(
    filters: [(&'static str, &'a Option<String>); N],
) -> Vec<(&'static str, &'a str)> {
    let given = filters
        .into_iter()
        .map(|(field, value)| (field, given(value)));
    given
        .filter_map(|(field, value)| Some((field, value?)))
        .collect()
}

/// A filter's value in a listing's cache key: the value, or a byte no value has when absent.
pub(crate) fn part(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("\u{1}")
}

/// A filter value: an empty optional parameter is no filter (the parameters are nullable).
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// `GET /` of a service: its version table, newest first.
pub(crate) fn versions(ctx: &Context<'_>) -> Result<Response, Reject> {
    let table = ctx.operation.scp.as_ref().map_or(&[][..], |s| s.versions);
    // What negotiate refuses is not announced: a retired version is gone from the list.
    let today = today(ctx.app);
    let served = (table.iter())
        .filter(|v| ctx.app.serve_past_versions || v.not_before.is_none_or(|d| d >= today));
    let versions = served
        .map(|v| types::ApiVersion {
            id: format!("v{}.{}", v.major, v.minor),
            links: Some(Vec::new()),
            not_before: v.not_before.map(|d| d.to_string()),
            status: v.status.as_str().to_owned(),
            extra: serde_json::Map::new(),
        })
        .collect();
    ok(&types::VersionsResponse { versions })
}
