//! The page/size pages of the SCP list operations: `sort` checked against the items' fields before
//! any row is read, rows ordered by the sort fields alone (nothing else of a row is built), and
//! only the page's rows turned into items. The body is `{<items>, count, page, size, sort}`.

use std::cmp::Ordering;

use axum::response::Response;
use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::store::table::Table;
use crate::store::tables::Positions;

/// The order when `sort` is not given (the data order), as echoed in `sort`.
const DEFAULT_SORT: &str = "created_at:asc";

/// What a list operation's items are: their key in the page body, the fields a `sort` may name,
/// and how to read such a field from a row (as the item would carry it).
pub(crate) struct Listing<T: ?Sized> {
    /// The key of the items in the page body, e.g. `groups`.
    pub(crate) items: &'static str,
    /// The sortable fields of an item (its scalar fields).
    pub(crate) fields: &'static [&'static str],
    /// A field of `fields`, read from a row.
    pub(crate) field: fn(&Context<'_>, &T, &str) -> Value,
}

/// The `field:asc|desc` keys of a request's `sort`, each a field of the listing's items.
#[derive(Debug, Default)]
pub(crate) struct Sort(Vec<(String, bool)>);

impl<T: ?Sized> Listing<T> {
    /// The request's `sort` (whose syntax the spec's pattern checked), refused with a 400 naming
    /// the sortable fields when it names another: before any row is read.
    pub(crate) fn sort(&self, ctx: &Context<'_>, sort: Option<&str>) -> Result<Sort, Reject> {
        let keys = sort_keys(sort);
        let unknown: Vec<String> = keys
            .iter()
            .filter(|(field, _)| !self.fields.contains(&field.as_str()))
            .map(|(field, _)| {
                format!(
                    "sort: {} cannot be sorted by {field:?}; the fields are {}",
                    self.items,
                    self.fields.join(", ")
                )
            })
            .collect();
        if unknown.is_empty() {
            Ok(Sort(keys))
        } else {
            Err(crate::http::dispatch::refused(ctx, unknown))
        }
    }

    /// The page of `rows` (in data order unless `sort` says otherwise) at `page` and `size`, each
    /// row of it served as `wire` makes it.
    pub(crate) fn page<'r, W: Serialize>(
        &self,
        ctx: &Context<'_>,
        rows: Vec<&'r T>,
        sort: &Sort,
        paging: (i64, i64),
        wire: impl Fn(&'r T) -> W,
    ) -> Result<Response, Reject> {
        let rows = self.sorted(ctx, rows, |row| row, sort);
        self.respond(ctx, rows.len(), paging, sort, |window| {
            rows[window].iter().map(|&row| wire(row)).collect()
        })
    }

    /// The page at `page` and `size` of a listing already ordered: `positions` into `rows`.
    pub(crate) fn page_of_positions<W: Serialize>(
        &self,
        ctx: &Context<'_>,
        (positions, rows): (&[u32], &Table<T>),
        sort: &Sort,
        paging: (i64, i64),
        wire: impl Fn(&T) -> W,
    ) -> Result<Response, Reject>
    where
        T: Sized,
    {
        self.respond(ctx, positions.len(), paging, sort, |window| {
            let rows = positions[window]
                .iter()
                .filter_map(|&p| rows.get(p as usize));
            rows.map(wire).collect()
        })
    }

    /// The positions among `all` whose row has every `(field, value)` of `filters` (the field as
    /// the listing reads it, equal to the value), in the order `sort` asks for.
    pub(crate) fn select(
        &self,
        ctx: &Context<'_>,
        (all, rows): (&[u32], &Table<T>),
        filters: &[(&str, &str)],
        sort: &Sort,
    ) -> Vec<u32>
    where
        T: Sized,
    {
        // A list field (an assignment's permission sets) matches when one of its values does.
        let matches = |row: &T| {
            filters
                .iter()
                .all(|(f, v)| match (self.field)(ctx, row, f) {
                    Value::Array(values) => values.iter().any(|x| x.as_str() == Some(*v)),
                    value => value.as_str() == Some(*v),
                })
        };
        let kept: Vec<(u32, &T)> = (all.iter())
            .filter_map(|&p| Some((p, rows.get(p as usize)?)))
            .filter(|(_, row)| matches(row))
            .collect();
        let sorted = self.sorted(ctx, kept, |(_, row)| *row, sort);
        sorted.into_iter().map(|(p, _)| p).collect()
    }

    /// [`select`](Self::select), kept in the store's cache for the next pages under `query` (the
    /// operation and what chose `all`) with the filters and the sort; `all` itself when there is
    /// neither filter nor sort.
    pub(crate) fn listing(
        &self,
        ctx: &Context<'_>,
        query: &[&str],
        (all, rows): (Positions, &Table<T>),
        filters: &[(&str, &str)],
        sort: &Sort,
    ) -> Positions
    where
        T: Sized,
    {
        if filters.is_empty() && sort.is_empty() {
            return all;
        }
        let (keys, echo) = (sort.len().to_string(), sort.echo());
        let mut key: Vec<&str> = query.to_vec();
        key.push(&keys);
        key.extend(echo.iter().map(String::as_str));
        key.extend(filters.iter().flat_map(|&(field, value)| [field, value]));
        ctx.store
            .cached(&key, || self.select(ctx, (&all, rows), filters, sort))
    }

    /// The page body of a listing of `count` items whose window `items` serves.
    fn respond<W: Serialize>(
        &self,
        ctx: &Context<'_>,
        count: usize,
        paging: (i64, i64),
        sort: &Sort,
        items: impl FnOnce(std::ops::Range<usize>) -> Vec<W>,
    ) -> Result<Response, Reject> {
        let (window, info) = window(ctx, count, paging, sort);
        let items = items(window);
        ok(&Page {
            key: self.items,
            items,
            info,
        })
    }

    /// `items` in the order `sort` asks for (stable: ties keep their order). Only the sort fields
    /// are read, once per row; the items themselves are moved, never copied.
    pub(crate) fn sorted<'r, X>(
        &self,
        ctx: &Context<'_>,
        items: Vec<X>,
        row: impl Fn(&X) -> &'r T,
        sort: &Sort,
    ) -> Vec<X>
    where
        T: 'r,
    {
        if sort.0.is_empty() {
            return items;
        }
        let mut decorated: Vec<(Vec<Value>, X)> = items
            .into_iter()
            .map(|item| {
                let values = sort.0.iter().map(|(f, _)| (self.field)(ctx, row(&item), f));
                (values.collect(), item)
            })
            .collect();
        decorated.sort_by(|(a, _), (b, _)| {
            sort.0
                .iter()
                .zip(a.iter().zip(b))
                .map(|((_, desc), (x, y))| {
                    let order = compare_values(Some(x), Some(y));
                    if *desc { order.reverse() } else { order }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        decorated.into_iter().map(|(_, item)| item).collect()
    }
}

impl Sort {
    /// How many keys it has.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it has no key: the data order.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The sort as the page body echoes it: `created_at:asc` (the data order) when none was given.
    pub(crate) fn echo(&self) -> Vec<String> {
        echo_sort(&self.0)
    }
}

/// The window of a listing of `count` items that `paging` (page, size) asks for (page 0 again
/// under a repeated-page fault), and the page body without its items.
fn window(
    ctx: &Context<'_>,
    count: usize,
    (page, size): (i64, i64),
    sort: &Sort,
) -> (std::ops::Range<usize>, PageInfo) {
    let (requested, page, size) = paging(ctx, page, size);
    let start = page.saturating_mul(size).min(count);
    let end = start.saturating_add(size).min(count);
    let body = PageInfo {
        count,
        page: requested,
        size,
        sort: sort.echo(),
    };
    (start..end, body)
}

/// A page body: `{<key>: items, count, page, size, sort}`.
struct Page<W> {
    key: &'static str,
    items: Vec<W>,
    info: PageInfo,
}

/// What a page body says of its page besides the items.
struct PageInfo {
    /// How many items match, on every page.
    count: usize,
    /// The page asked for (0-based).
    page: usize,
    size: usize,
    sort: Vec<String>,
}

impl<W: Serialize> Serialize for Page<W> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("count", &self.info.count)?;
        map.serialize_entry(self.key, &self.items)?;
        map.serialize_entry("page", &self.info.page)?;
        map.serialize_entry("size", &self.info.size)?;
        map.serialize_entry("sort", &self.info.sort)?;
        map.end()
    }
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
