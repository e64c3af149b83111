//! What the Huawei handlers share: a 404 in Huawei's error shape and the marker pages of every
//! list operation.

use axum::response::Response;
use http::StatusCode;
use serde::Serialize;

use crate::http::dispatch::Context;
use crate::http::responses::huawei_error;
use crate::http::responses::{Reject, ok, ok_sized};
use crate::huawei::codes::INVALID;
use crate::store::markers::{decode_marker, encode_marker, window};
use crate::store::table::Table;

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

/// A 409 in Huawei's error shape.
pub(crate) fn conflict(ctx: &Context<'_>, code: &str, message: String) -> Reject {
    tracing::info!(code, message = %idc::text::escape_control(&message), "conflict");
    Reject::new(huawei_error(
        StatusCode::CONFLICT,
        code,
        message,
        &ctx.request_id,
    ))
}

/// The answer of a write whose success has no body: `200` and nothing else, as the service sends.
pub(crate) fn no_content() -> Response {
    axum::response::IntoResponse::into_response(StatusCode::OK)
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

/// The page at the request's marker of `positions` (ascending, into `rows`), each row served as
/// `view` makes it: `{key: [...], page_info}`. `query` names the operation and its filters: a
/// marker is good for the query that issued it only.
pub(crate) fn rows_page<'r, R, V: Serialize>(
    ctx: &Context<'_>,
    (key, query): (&'static str, &[&str]),
    (rows, positions): (&'r Table<R>, &[u32]),
    (marker, limit): (Option<String>, i64),
    view: impl Fn(&'r R) -> V,
) -> Result<Response, Reject> {
    let (page, page_info) = paginate(ctx, positions, &binding(query), marker, limit)?;
    let items: Vec<V> = (page.iter())
        .filter_map(|&p| rows.get(p as usize))
        .map(view)
        .collect();
    let capacity = 128 + 160 * items.len();
    ok_sized(
        &MarkerPage {
            key,
            items,
            page_info,
        },
        capacity,
    )
}

/// [`rows_page`] for a list derived from a row's own lists, served as it is.
pub(crate) fn list_page<V: Serialize>(
    ctx: &Context<'_>,
    (key, query): (&'static str, &[&str]),
    items: &[V],
    (marker, limit): (Option<String>, i64),
) -> Result<Response, Reject> {
    let (page, page_info) = paginate_list(ctx, items, &binding(query), marker, limit)?;
    ok(&MarkerPage {
        key,
        items: page,
        page_info,
    })
}

/// The positions of `positions` whose row `keep` keeps, in their order.
pub(crate) fn select<R>(positions: &[u32], rows: &Table<R>, keep: impl Fn(&R) -> bool) -> Vec<u32> {
    let kept = positions.iter().copied();
    kept.filter(|&p| rows.get(p as usize).is_some_and(&keep))
        .collect()
}

/// A marker page's body: `{<key>: items, page_info}`.
struct MarkerPage<I> {
    key: &'static str,
    items: I,
    page_info: PageInfo,
}

impl<I: Serialize> Serialize for MarkerPage<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(self.key, &self.items)?;
        map.serialize_entry("page_info", &self.page_info)?;
        map.end()
    }
}

/// A filter's value in a marker's query: the value, or a byte no value has when it is absent.
pub(crate) fn part(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("\u{1}")
}
