//! What the SCP handlers share: the negotiated version's fields, a 404 in SCP's error shape,
//! filters, `sort` keys and the page/size pages of every list operation, and the service roots'
//! version lists.

use std::cmp::Ordering;

use axum::response::Response;
use http::StatusCode;
use serde_json::{Map, Value, json};

use crate::http::dispatch::Context;
use crate::http::responses::{self};
use crate::http::responses::{Reject, ok};
use crate::http::versions::today;

/// The order when `sort` is not given (the data order), as echoed in `sort`.
const DEFAULT_SORT: &str = "created_at:asc";

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

/// A filter value: an empty optional parameter is no filter (the parameters are nullable).
pub(crate) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// The `field:asc|desc` keys of a `sort` the spec's pattern has checked.
pub(crate) fn sort_keys(sort: Option<&str>) -> Vec<(String, bool)> {
    sort.unwrap_or_default()
        .split(',')
        .filter_map(|key| key.split_once(':'))
        .map(|(field, direction)| (field.to_owned(), direction == "desc"))
        .collect()
}

pub(crate) fn echo_sort(keys: &[(String, bool)]) -> Vec<String> {
    if keys.is_empty() {
        return vec![DEFAULT_SORT.to_owned()];
    }
    keys.iter()
        .map(|(field, desc)| format!("{field}:{}", if *desc { "desc" } else { "asc" }))
        .collect()
}

/// The page asked for (page 0 again under a repeated-page fault) and the size, as the request
/// gave them or the spec's defaults the parser filled in (bounds checked there too).
pub(crate) fn paging(ctx: &Context<'_>, page: i64, size: i64) -> (usize, usize, usize) {
    let requested = usize::try_from(page).unwrap_or(0);
    let size = usize::try_from(size).unwrap_or(0);
    let page = if ctx.repeat { 0 } else { requested };
    (requested, page, size)
}

/// Orders JSON values: absent and `null` first, then booleans, numbers, strings, the rest by text.
pub(crate) fn compare_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(x), Some(y)) if rank(a) == 4 && rank(b) == 4 => x.to_string().cmp(&y.to_string()),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// One page of a list operation's rows, as `wire` serves them: sorted by `sort` (the fields of
/// the served items; an unknown field is a 400), then cut at `page` and `size`. Without `sort`
/// only the page's rows are turned into JSON. The body is `{items_key: [...], count, page, size,
/// sort}`.
pub(crate) fn page_of<T>(
    ctx: &Context<'_>,
    items_key: &str,
    rows: Vec<T>,
    wire: impl Fn(&T) -> Value,
    sort: Option<&str>,
    page: i64,
    size: i64,
) -> Result<Response, Reject> {
    let keys = sort_keys(sort);
    let (requested, page, size) = paging(ctx, page, size);
    let count = rows.len();
    let start = page.saturating_mul(size).min(count);
    let end = start.saturating_add(size).min(count);
    let items: Vec<Value> = if keys.is_empty() {
        rows[start..end].iter().map(&wire).collect()
    } else {
        let mut items: Vec<Value> = rows.iter().map(&wire).collect();
        if let Some(first) = items.first().and_then(Value::as_object) {
            let unknown: Vec<String> = keys
                .iter()
                .filter(|(field, _)| !first.contains_key(field))
                .map(|(field, _)| {
                    let mut fields: Vec<&str> = first.keys().map(String::as_str).collect();
                    fields.sort_unstable();
                    format!(
                        "sort: {items_key} cannot be sorted by {field:?}; the fields are {}",
                        fields.join(", ")
                    )
                })
                .collect();
            if !unknown.is_empty() {
                return Err(crate::http::dispatch::refused(ctx, unknown));
            }
        }
        items.sort_by(|a, b| {
            keys.iter()
                .map(|(field, desc)| {
                    let order = compare_values(a.get(field), b.get(field));
                    if *desc { order.reverse() } else { order }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        items.drain(start..end).collect()
    };
    let mut body = Map::new();
    body.insert(items_key.to_owned(), Value::Array(items));
    body.insert("count".to_owned(), json!(count));
    body.insert("page".to_owned(), json!(requested));
    body.insert("size".to_owned(), json!(size));
    body.insert("sort".to_owned(), json!(echo_sort(&keys)));
    ok(&body)
}

/// `GET /` of a service: its version table, newest first.
pub(crate) fn versions(ctx: &Context<'_>) -> Result<Response, Reject> {
    let table = ctx.operation.scp.as_ref().map_or(&[][..], |s| s.versions);
    // What negotiate refuses is not announced: a retired version is gone from the list.
    let today = today(ctx.app);
    let versions: Vec<Value> = table
        .iter()
        .filter(|v| ctx.app.serve_past_versions || v.not_before.is_none_or(|d| d >= today))
        .map(|v| {
            json!({
                "id": format!("v{}.{}", v.major, v.minor),
                "links": [],
                "not_before": v.not_before.map(|d| d.to_string()),
                "status": v.status.as_str(),
            })
        })
        .collect();
    ok(&json!({ "versions": versions }))
}
