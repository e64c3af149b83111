//! What the Huawei handlers share: a 404 in Huawei's error shape and the marker pages of every
//! list operation.

use axum::response::Response;
use http::StatusCode;
use serde::Serialize;

use crate::http::dispatch::Context;
use crate::http::responses::huawei_error;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::INVALID;
use crate::store::markers::{decode_marker, encode_marker, window};

pub(crate) use crate::store::markers::binding;

#[derive(Serialize)]
pub(crate) struct PageInfo {
    /// Always serialized: `null` on the last page, as the service does.
    pub(crate) next_marker: Option<String>,
    pub(crate) current_count: usize,
}

/// A 404 in Huawei's error shape.
pub(crate) fn not_found(ctx: &Context<'_>, code: &str, message: String) -> Reject {
    tracing::info!(code, message = %idc::text::escape_control(&message), "not found");
    Reject::new(huawei_error(
        StatusCode::NOT_FOUND,
        code,
        message,
        &ctx.request_id,
    ))
}

/// The page of `positions` (sequence numbers of rows, ascending) at `marker` (issued for
/// `binding`) with `limit` items (the request's, or the spec's default the parser filled in), and
/// its `page_info`; a marker issued for another query is a 400. The marker keys on the last row
/// served, so rows added or removed between pages neither skip nor repeat the others.
pub(crate) fn paginate<'a>(
    ctx: &Context<'_>,
    positions: &'a [u32],
    binding: &[u8; 12],
    marker: Option<String>,
    limit: i64,
) -> Result<(&'a [u32], PageInfo), Reject> {
    paginate_by(ctx, positions, |_, &seq| seq, binding, marker, limit)
}

/// [`paginate`] for a list derived from a row's own lists (its policies, the accounts it is
/// provisioned on): keyed by place in the list.
pub(crate) fn paginate_list<'a, T>(
    ctx: &Context<'_>,
    items: &'a [T],
    binding: &[u8; 12],
    marker: Option<String>,
    limit: i64,
) -> Result<(&'a [T], PageInfo), Reject> {
    let place = |i: usize, _: &T| u32::try_from(i).unwrap_or(u32::MAX);
    paginate_by(ctx, items, place, binding, marker, limit)
}

fn paginate_by<'a, T>(
    ctx: &Context<'_>,
    items: &'a [T],
    key: impl Fn(usize, &T) -> u32,
    binding: &[u8; 12],
    marker: Option<String>,
    limit: i64,
) -> Result<(&'a [T], PageInfo), Reject> {
    // The spec's bounds were checked when the request was parsed.
    let limit = usize::try_from(limit).unwrap_or(0);
    let from = match &marker {
        None => 0,
        Some(marker) => decode_marker(marker, binding).ok_or_else(|| {
            Reject::new(huawei_error(
                StatusCode::BAD_REQUEST,
                INVALID,
                "Invalid marker: it was not issued for this query.",
                &ctx.request_id,
            ))
        })?,
    };
    let (range, next) = window(items, key, from, limit);
    let page = &items[range];
    let next_marker = if ctx.repeat {
        Some(marker.unwrap_or_else(|| encode_marker(0, binding)))
    } else {
        next.map(|next| encode_marker(next, binding))
    };
    Ok((
        page,
        PageInfo {
            next_marker,
            current_count: page.len(),
        },
    ))
}

/// A 400 in Huawei's error shape.
pub(crate) fn bad_request(ctx: &Context<'_>, message: String) -> Reject {
    Reject::new(huawei_error(
        StatusCode::BAD_REQUEST,
        INVALID,
        message,
        &ctx.request_id,
    ))
}

/// Serves a page of `positions` (into `rows`) as `{field: [...], page_info}`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn page_of<R, V: serde::Serialize>(
    ctx: &Context<'_>,
    field: &str,
    rows: &crate::store::table::Table<R>,
    positions: &[u32],
    binding_parts: &[&str],
    marker: Option<String>,
    limit: i64,
    view: impl Fn(&R) -> V,
) -> Result<Response, Reject> {
    let binding = binding(binding_parts);
    let (page, page_info) = paginate(ctx, positions, &binding, marker, limit)?;
    let items: Vec<V> = page
        .iter()
        .filter_map(|&p| rows.get(p as usize))
        .map(view)
        .collect();
    let mut body = serde_json::Map::new();
    body.insert(
        field.to_owned(),
        serde_json::to_value(items).unwrap_or_default(),
    );
    body.insert(
        "page_info".to_owned(),
        serde_json::to_value(page_info).unwrap_or_default(),
    );
    ok(&body)
}
