//! Samsung Cloud Platform: ListAccountAssignments, with API version negotiation.

use std::cmp::Ordering;

use axum::response::Response;
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use idc_raw::scp::types::{AccountAssignment, AccountAssignmentsPageResponse};
use idc_raw::scp::versions::{API_VERSIONS, ApiVersionInfo, ApiVersionStatus, VersionDate};

use crate::auth;
use crate::data::ScpAccountAssignment;
use crate::query::Params;
use crate::respond::{RequestId, json, scp_error, scp_unauthorized};
use crate::server::App;

/// The page size when `size` is not given.
pub const DEFAULT_SIZE: usize = 20;
/// The largest `size` accepted; larger is a 400.
pub const MAX_SIZE: usize = 100;
/// The service name in `Scp-Api-Version: iam-identity-center <x.y>`.
const SERVICE: &str = "iam-identity-center";
/// The order when `sort` is not given (the data order), as echoed in `sort`.
const DEFAULT_SORT: &str = "created_at:asc";

/// The fields `sort` accepts: the response fields, `permission_set_id` and `created_at`.
const SORT_FIELDS: [&str; 10] = [
    "created_at",
    "instance_id",
    "permission_set_id",
    "principal_id",
    "principal_name",
    "principal_type",
    "role_srn",
    "target_account_email",
    "target_account_id",
    "target_account_name",
];

/// The exact-match filters, by query parameter.
const FILTERS: [&str; 5] = [
    "target_account_name",
    "target_account_email",
    "permission_set_id",
    "principal_name",
    "role_srn",
];

struct Listing {
    instance_id: String,
    target_account_id: String,
    /// (parameter, value) of the filters given.
    filters: Vec<(&'static str, String)>,
    /// (field, descending) of each sort key given; empty for the default order.
    sort: Vec<(&'static str, bool)>,
    page: usize,
    size: usize,
}

pub(crate) fn handle(app: &App, parts: &Parts, repeat_page: bool, id: &RequestId) -> Response {
    if app.verify_signatures
        && let Err(reason) = auth::verify_scp(app, parts)
    {
        tracing::info!(%reason, "rejected: authentication");
        return scp_unauthorized(reason);
    }
    let version = match negotiate(app, parts) {
        Ok(version) => version,
        Err(detail) => {
            tracing::info!(%detail, "rejected: API version");
            return scp_error(
                StatusCode::BAD_REQUEST,
                "UnsupportedApiVersion",
                vec![detail],
                id,
            );
        }
    };
    let listing = match parse(parts) {
        Ok(listing) => listing,
        Err(details) => {
            tracing::info!(?details, "rejected: invalid request");
            return scp_error(StatusCode::BAD_REQUEST, "ValidationError", details, id);
        }
    };
    let store = &app.store;
    let items = &store.data.scp.account_assignments;
    let all = store.scp_accounts(&listing.instance_id, &listing.target_account_id);
    // The sort keys as given, `field:asc|desc`: the cache key's tail and the response's `sort`.
    let sort: Vec<String> = listing
        .sort
        .iter()
        .map(|(field, desc)| format!("{field}:{}", if *desc { "desc" } else { "asc" }))
        .collect();
    let positions = if listing.filters.is_empty() && listing.sort.is_empty() {
        all
    } else {
        let mut key = vec![
            "scp",
            listing.instance_id.as_str(),
            listing.target_account_id.as_str(),
        ];
        for (name, value) in &listing.filters {
            key.extend([*name, value.as_str()]);
        }
        key.push("sort");
        key.extend(sort.iter().map(String::as_str));
        store.cached(crate::store::key(&key), || {
            let mut positions: Vec<u32> = all
                .iter()
                .copied()
                .filter(|&p| {
                    items.get(p as usize).is_some_and(|a| {
                        listing
                            .filters
                            .iter()
                            .all(|(name, value)| matches(a, name, value))
                    })
                })
                .collect();
            if !listing.sort.is_empty() {
                positions.sort_by(|&x, &y| compare(items, x, y, &listing.sort));
            }
            positions
        })
    };
    let count = positions.len();
    let page = if repeat_page { 0 } else { listing.page };
    let start = page.saturating_mul(listing.size).min(count);
    let end = start.saturating_add(listing.size).min(count);
    let sort = if sort.is_empty() {
        vec![DEFAULT_SORT.to_owned()]
    } else {
        sort
    };
    let body = AccountAssignmentsPageResponse {
        account_assignments: positions[start..end]
            .iter()
            .filter_map(|&p| items.get(p as usize))
            .map(to_wire)
            .collect(),
        count: Some(i64::try_from(count).unwrap_or(i64::MAX)),
        page: Some(i32::try_from(listing.page).unwrap_or(i32::MAX)),
        size: Some(i32::try_from(listing.size).unwrap_or(i32::MAX)),
        sort: Some(sort),
    };
    let mut response = json(StatusCode::OK, &body);
    if let Ok(value) =
        HeaderValue::from_str(&format!("{SERVICE} {}.{}", version.major, version.minor))
    {
        response.headers_mut().insert("scp-api-version", value);
    }
    response
}

fn to_wire(a: &ScpAccountAssignment) -> AccountAssignment {
    let text = |s: &Option<std::sync::Arc<str>>| s.as_deref().map(str::to_owned);
    AccountAssignment {
        instance_id: Some(a.instance_id.to_string()),
        permission_sets: a.permission_sets.clone(),
        principal_id: text(&a.principal_id),
        principal_name: text(&a.principal_name),
        principal_type: a.principal_type.clone(),
        role_srn: text(&a.role_srn),
        target_account_email: text(&a.target_account_email),
        target_account_id: Some(a.target_account_id.to_string()),
        target_account_name: text(&a.target_account_name),
    }
}

/// A text field of an assignment, by name.
fn field<'a>(a: &'a ScpAccountAssignment, name: &str) -> Option<&'a str> {
    match name {
        "instance_id" => Some(&a.instance_id),
        "target_account_id" => Some(&a.target_account_id),
        "target_account_name" => a.target_account_name.as_deref(),
        "target_account_email" => a.target_account_email.as_deref(),
        "permission_set_id" => a.permission_set_id.as_deref(),
        "principal_id" => a.principal_id.as_deref(),
        "principal_name" => a.principal_name.as_deref(),
        "principal_type" => a.principal_type.as_ref().map(|t| t.as_str()),
        "role_srn" => a.role_srn.as_deref(),
        "created_at" => a.created_at.as_deref(),
        _ => None,
    }
}

fn matches(a: &ScpAccountAssignment, filter: &str, value: &str) -> bool {
    if filter == "permission_set_id" {
        a.has_permission_set(value)
    } else {
        field(a, filter) == Some(value)
    }
}

/// Orders two positions by the sort keys (absent values first), then by data order.
fn compare(items: &[ScpAccountAssignment], x: u32, y: u32, sort: &[(&str, bool)]) -> Ordering {
    let (Some(a), Some(b)) = (items.get(x as usize), items.get(y as usize)) else {
        return x.cmp(&y);
    };
    sort.iter()
        .map(|&(name, desc)| {
            let order = field(a, name).cmp(&field(b, name));
            if desc { order.reverse() } else { order }
        })
        .find(|order| order.is_ne())
        .unwrap_or_else(|| x.cmp(&y))
}

fn parse(parts: &Parts) -> Result<Listing, Vec<String>> {
    let params = Params::parse(parts.uri.query());
    let mut errors = Vec::new();
    let mut single = |name: &str| -> Option<String> {
        match params.single(name) {
            // The optional parameters are nullable: an empty value is no value.
            Ok(value) => value.filter(|v| !v.is_empty()).map(str::to_owned),
            Err(_) => {
                errors.push(format!("{name}: given more than once"));
                None
            }
        }
    };
    let instance_id = single("instance_id");
    let target_account_id = single("target_account_id");
    let page = single("page");
    let size = single("size");
    let filters: Vec<(&'static str, String)> = FILTERS
        .iter()
        .filter_map(|&name| single(name).map(|value| (name, value)))
        .collect();
    if instance_id.is_none() {
        errors.push("instance_id: Field required".to_owned());
    }
    if target_account_id.is_none() {
        errors.push("target_account_id: Field required".to_owned());
    }
    let page = match page.map(|p| p.parse::<i32>()) {
        None => 0,
        Some(Ok(page)) if page >= 0 => page as usize,
        Some(_) => {
            errors.push("page: Input should be an integer greater than or equal to 0".to_owned());
            0
        }
    };
    let size = match size.map(|s| s.parse::<usize>()) {
        None => DEFAULT_SIZE,
        Some(Ok(size)) if (1..=MAX_SIZE).contains(&size) => size,
        Some(_) => {
            errors.push(format!(
                "size: Input should be an integer from 1 to {MAX_SIZE}"
            ));
            DEFAULT_SIZE
        }
    };
    let mut sort = Vec::new();
    for entry in params
        .all("sort")
        .flat_map(|s| s.split(','))
        .filter(|s| !s.is_empty())
    {
        let parsed = entry.split_once(':').and_then(|(name, direction)| {
            let name = SORT_FIELDS.iter().copied().find(|f| *f == name)?;
            match direction {
                "asc" => Some((name, false)),
                "desc" => Some((name, true)),
                _ => None,
            }
        });
        match parsed {
            Some(key) => sort.push(key),
            None => errors.push(format!(
                "sort: {entry:?} is not field:asc or field:desc with a field among {}",
                SORT_FIELDS.join(", ")
            )),
        }
    }
    match (instance_id, target_account_id) {
        (Some(instance_id), Some(target_account_id)) if errors.is_empty() => Ok(Listing {
            instance_id,
            target_account_id,
            filters,
            sort,
            page,
            size,
        }),
        _ => Err(errors),
    }
}

/// The API version of the request: `Scp-Api-Version: iam-identity-center <x.y>`, or the latest
/// CURRENT one without the header. `Err` with why the version cannot be served.
fn negotiate(app: &App, parts: &Parts) -> Result<&'static ApiVersionInfo, String> {
    let latest = API_VERSIONS
        .iter()
        .find(|v| v.status == ApiVersionStatus::Current)
        .or_else(|| API_VERSIONS.first())
        .ok_or("the service has no API version")?;
    let Some(value) = parts.headers.get("scp-api-version") else {
        return Ok(latest);
    };
    let expected = format!(
        "expected \"{SERVICE} <major>.<minor>\", e.g. \"{SERVICE} {}.{}\"",
        latest.major, latest.minor
    );
    let value = value
        .to_str()
        .map_err(|_| format!("Scp-Api-Version is not text; {expected}"))?;
    let words: Vec<&str> = value.split_whitespace().collect();
    let (service, version) = match words.as_slice() {
        [service, version] => (*service, *version),
        _ => {
            return Err(format!(
                "Scp-Api-Version {value:?} is malformed; {expected}"
            ));
        }
    };
    if service != SERVICE {
        return Err(format!(
            "Scp-Api-Version {value:?} is not for {SERVICE}; {expected}"
        ));
    }
    let number = version
        .split_once('.')
        .and_then(|(major, minor)| Some((major.parse::<u16>().ok()?, minor.parse::<u16>().ok()?)));
    let Some((major, minor)) = number else {
        return Err(format!(
            "Scp-Api-Version {value:?} is malformed; {expected}"
        ));
    };
    let Some(info) = API_VERSIONS
        .iter()
        .find(|v| v.major == major && v.minor == minor)
    else {
        return Err(format!(
            "API version {major}.{minor} of {SERVICE} does not exist; the latest is {}.{}",
            latest.major, latest.minor
        ));
    };
    if info.status == ApiVersionStatus::Planned {
        return Err(format!(
            "API version {major}.{minor} of {SERVICE} is planned and not yet available"
        ));
    }
    if let Some(not_before) = info.not_before {
        let today = time::OffsetDateTime::from(app.clock.now()).date();
        let today = VersionDate {
            year: u16::try_from(today.year()).unwrap_or(0),
            month: u8::from(today.month()),
            day: today.day(),
        };
        if not_before < today {
            return Err(format!(
                "API version {major}.{minor} of {SERVICE} is no longer supported: its Not Before date {not_before} has passed; use {}.{}",
                latest.major, latest.minor
            ));
        }
    }
    Ok(info)
}
