//! Samsung Cloud Platform iam-identity-center: the data lookups of its operations (routing,
//! parsing and validation are generated from the spec), and API version negotiation.

use std::cmp::Ordering;

use axum::response::Response;
use http::StatusCode;
use http::request::Parts;
use idc_raw::scp::types::{AccountAssignment, AccountAssignmentsPageResponse};
use idc_raw::scp::versions::{ApiVersionInfo, ApiVersionStatus, VersionDate};

use crate::app::App;
use crate::data::ScpAccountAssignment;
use crate::dispatch::{Context, ScpService};
use crate::generated::scp_iam_identity_center::{self, ListAccountAssignmentsRequest};
use crate::respond::json;

/// The page size when `size` is not given (the spec's default).
pub const DEFAULT_SIZE: usize = 20;
/// The order when `sort` is not given (the data order), as echoed in `sort`.
const DEFAULT_SORT: &str = "created_at:asc";

// Operations without their data lookup yet answer 501 (the trait's default).
impl crate::generated::scp_organization::Handlers for App {}

impl scp_iam_identity_center::Handlers for App {
    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsRequest,
    ) -> Response {
        let filters: Vec<(&'static str, String)> = [
            ("target_account_name", request.target_account_name),
            ("target_account_email", request.target_account_email),
            ("permission_set_id", request.permission_set_id),
            ("principal_name", request.principal_name),
            ("role_srn", request.role_srn),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (name, v)))
        .collect();
        // The spec's pattern has checked the grammar: `field:asc|desc` keys, commas between.
        let sort_keys: Vec<(&str, bool)> = request
            .sort
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .filter_map(|key| key.split_once(':'))
            .map(|(field, direction)| (field, direction == "desc"))
            .collect();
        let store = &self.store;
        let items = &store.data.scp.account_assignments;
        let all = store.scp_accounts(&request.instance_id, &request.target_account_id);
        // The sort keys as given, `field:asc|desc`: the cache key's tail and the response's `sort`.
        let sort: Vec<String> = sort_keys
            .iter()
            .map(|(field, desc)| format!("{field}:{}", if *desc { "desc" } else { "asc" }))
            .collect();
        let positions = if filters.is_empty() && sort_keys.is_empty() {
            all
        } else {
            let mut key = vec![
                "scp",
                request.instance_id.as_str(),
                request.target_account_id.as_str(),
            ];
            for (name, value) in &filters {
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
                            filters.iter().all(|(name, value)| matches(a, name, value))
                        })
                    })
                    .collect();
                if !sort_keys.is_empty() {
                    positions.sort_by(|&x, &y| compare(items, x, y, &sort_keys));
                }
                positions
            })
        };
        let count = positions.len();
        let requested_page = request
            .page
            .and_then(|p| usize::try_from(p).ok())
            .unwrap_or(0);
        let size = request
            .size
            .and_then(|s| usize::try_from(s).ok())
            .unwrap_or(DEFAULT_SIZE);
        let page = if ctx.repeat { 0 } else { requested_page };
        let start = page.saturating_mul(size).min(count);
        let end = start.saturating_add(size).min(count);
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
            page: Some(i32::try_from(requested_page).unwrap_or(i32::MAX)),
            size: Some(i32::try_from(size).unwrap_or(i32::MAX)),
            sort: Some(sort),
        };
        json(StatusCode::OK, &body)
    }
}

/// An assignment as served. The spec makes every field required; a data record without one is
/// served with an empty value (the data file does not require them yet).
fn to_wire(a: &ScpAccountAssignment) -> AccountAssignment {
    let text = |s: &Option<std::sync::Arc<str>>| s.as_deref().unwrap_or_default().to_owned();
    AccountAssignment {
        instance_id: a.instance_id.to_string(),
        permission_sets: a
            .permission_sets
            .iter()
            .flatten()
            .filter_map(|set| serde_json::from_value(set.clone()).ok())
            .collect(),
        principal_id: text(&a.principal_id),
        principal_name: text(&a.principal_name),
        principal_type: a
            .principal_type
            .clone()
            .unwrap_or_else(|| idc_raw::PrincipalType::Unknown(String::new())),
        role_srn: text(&a.role_srn),
        target_account_email: text(&a.target_account_email),
        target_account_id: a.target_account_id.to_string(),
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

/// The API version of the request: `Scp-Api-Version: iam-identity-center <x.y>`, or the latest
/// CURRENT one without the header. `Err` with why the version cannot be served.
pub(crate) fn negotiate(
    app: &App,
    parts: &Parts,
    service: &ScpService,
) -> Result<&'static ApiVersionInfo, String> {
    let versions = service.versions;
    let service = service.name;
    let latest = versions
        .iter()
        .find(|v| v.status == ApiVersionStatus::Current)
        .or_else(|| versions.first())
        .ok_or("the service has no API version")?;
    let Some(value) = parts.headers.get("scp-api-version") else {
        return Ok(latest);
    };
    let expected = format!(
        "expected \"{service} <major>.<minor>\", e.g. \"{service} {}.{}\"",
        latest.major, latest.minor
    );
    let value = value
        .to_str()
        .map_err(|_| format!("Scp-Api-Version is not text; {expected}"))?;
    let words: Vec<&str> = value.split_whitespace().collect();
    let (asked, version) = match words.as_slice() {
        [asked, version] => (*asked, *version),
        _ => {
            return Err(format!(
                "Scp-Api-Version {value:?} is malformed; {expected}"
            ));
        }
    };
    if asked != service {
        return Err(format!(
            "Scp-Api-Version {value:?} is not for {service}; {expected}"
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
    let Some(info) = versions
        .iter()
        .find(|v| v.major == major && v.minor == minor)
    else {
        return Err(format!(
            "API version {major}.{minor} of {service} does not exist; the latest is {}.{}",
            latest.major, latest.minor
        ));
    };
    if info.status == ApiVersionStatus::Planned {
        return Err(format!(
            "API version {major}.{minor} of {service} is planned and not yet available"
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
                "API version {major}.{minor} of {service} is no longer supported: its Not Before date {not_before} has passed; use {}.{}",
                latest.major, latest.minor
            ));
        }
    }
    Ok(info)
}
