//! Huawei Cloud: ListAccountAssignmentsForPrincipal and ListApplicationAssignmentsForPrincipal.

use axum::response::Response;
use http::StatusCode;
use http::request::Parts;
use idc_raw::PrincipalType;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth;
use crate::data::{
    HUAWEI_ID_PATTERN, HuaweiAccountAssignment, HuaweiApplicationAssignment, is_huawei_id,
};
use crate::query::Params;
use crate::respond::{RequestId, huawei_error, json_sized};
use crate::server::{App, Operation};

/// The largest `limit`, and the default.
pub const MAX_LIMIT: usize = 100;

/// The error code of invalid requests.
const INVALID: &str = "IIC.1000";

#[derive(Serialize)]
struct PageInfo {
    /// Always serialized: `null` on the last page, as the service does.
    next_marker: Option<String>,
    current_count: usize,
}

/// An account assignment as served, borrowed from the data set: the fields, order and spelling of
/// [`idc_raw::huawei::types::AccountAssignment`] (a test checks that both serialize the same), without
/// copying four strings per item of every page, which is most of the cost of serving one.
#[derive(Serialize)]
struct AccountItem<'a> {
    account_id: &'a str,
    permission_set_id: &'a str,
    principal_id: &'a str,
    principal_type: &'a PrincipalType,
}

/// An application assignment as served, borrowed: the shape of
/// [`idc_raw::huawei::types::ApplicationAssignment`], as [`AccountItem`] is of its type.
#[derive(Serialize)]
struct ApplicationItem<'a> {
    application_urn: &'a str,
    principal_id: &'a str,
    principal_type: &'a PrincipalType,
}

impl<'a> From<&'a HuaweiAccountAssignment> for AccountItem<'a> {
    fn from(a: &'a HuaweiAccountAssignment) -> Self {
        Self {
            account_id: &a.account_id,
            permission_set_id: &a.permission_set_id,
            principal_id: &a.principal_id,
            principal_type: &a.principal_type,
        }
    }
}

impl<'a> From<&'a HuaweiApplicationAssignment> for ApplicationItem<'a> {
    fn from(a: &'a HuaweiApplicationAssignment) -> Self {
        Self {
            application_urn: &a.application_urn,
            principal_id: &a.principal_id,
            principal_type: &a.principal_type,
        }
    }
}

#[derive(Serialize)]
struct AccountPage<'a> {
    account_assignments: Vec<AccountItem<'a>>,
    page_info: PageInfo,
}

#[derive(Serialize)]
struct ApplicationPage<'a> {
    application_assignments: Vec<ApplicationItem<'a>>,
    page_info: PageInfo,
}

/// A validated list request.
struct Listing {
    instance_id: String,
    principal_id: String,
    principal_type: &'static str,
    account_id: Option<String>,
    limit: usize,
    marker: Option<String>,
}

pub(crate) fn handle(
    app: &App,
    parts: &Parts,
    body: &[u8],
    operation: Operation,
    repeat_marker: bool,
    id: &RequestId,
) -> Response {
    if app.verify_signatures
        && let Err(reason) = auth::verify_huawei(app, parts, body)
    {
        tracing::info!(%reason, "rejected: authentication");
        return huawei_error(
            StatusCode::UNAUTHORIZED,
            "APIGW.0301",
            format!("Incorrect IAM authentication information: {reason}"),
            id,
        );
    }
    let listing = match parse(parts, operation) {
        Ok(listing) => listing,
        Err(message) => {
            tracing::info!(%message, "rejected: invalid request");
            return huawei_error(StatusCode::BAD_REQUEST, INVALID, message, id);
        }
    };
    let store = &app.store;
    let positions = match operation {
        Operation::HuaweiApplications => store.huawei_applications(
            &listing.instance_id,
            &listing.principal_id,
            listing.principal_type,
        ),
        _ => {
            let all = store.huawei_accounts(
                &listing.instance_id,
                &listing.principal_id,
                listing.principal_type,
            );
            match &listing.account_id {
                None => all,
                Some(account) => {
                    let key = crate::store::key(&[
                        "huawei-accounts",
                        &listing.instance_id,
                        &listing.principal_id,
                        listing.principal_type,
                        account,
                    ]);
                    store.cached(key, || {
                        let items = &store.data.huawei.account_assignments;
                        all.iter()
                            .copied()
                            .filter(|&p| {
                                items
                                    .get(p as usize)
                                    .is_some_and(|a| &*a.account_id == account)
                            })
                            .collect()
                    })
                }
            }
        }
    };
    let binding = binding(operation, &listing);
    let total = positions.len();
    let offset = match &listing.marker {
        None => 0,
        Some(marker) => match decode_marker(marker, &binding) {
            Some(offset) if offset <= total => offset,
            _ => {
                return huawei_error(
                    StatusCode::BAD_REQUEST,
                    INVALID,
                    "Invalid marker: it was not issued for this query.",
                    id,
                );
            }
        },
    };
    let end = offset.saturating_add(listing.limit).min(total);
    let page = positions.get(offset..end).unwrap_or_default();
    let next_marker = if repeat_marker {
        Some(
            listing
                .marker
                .clone()
                .unwrap_or_else(|| encode_marker(0, &binding)),
        )
    } else if end < total {
        Some(encode_marker(end, &binding))
    } else {
        None
    };
    let page_info = PageInfo {
        next_marker,
        current_count: page.len(),
    };
    // About 130 bytes an item (an application URN is longer than the account item's ids).
    let capacity = 128 + 160 * page.len();
    match operation {
        Operation::HuaweiApplications => {
            let items = &store.data.huawei.application_assignments;
            json_sized(
                StatusCode::OK,
                &ApplicationPage {
                    application_assignments: page
                        .iter()
                        .filter_map(|&p| items.get(p as usize))
                        .map(ApplicationItem::from)
                        .collect(),
                    page_info,
                },
                capacity,
            )
        }
        _ => {
            let items = &store.data.huawei.account_assignments;
            json_sized(
                StatusCode::OK,
                &AccountPage {
                    account_assignments: page
                        .iter()
                        .filter_map(|&p| items.get(p as usize))
                        .map(AccountItem::from)
                        .collect(),
                    page_info,
                },
                capacity,
            )
        }
    }
}

fn parse(parts: &Parts, operation: Operation) -> Result<Listing, String> {
    // The route matched /v1/instances/{instance_id}/..., so the fourth segment is the instance.
    let raw_instance = parts.uri.path().split('/').nth(3).unwrap_or_default();
    let instance_id = percent_encoding::percent_decode_str(raw_instance)
        .decode_utf8_lossy()
        .into_owned();
    check_id("instance_id", &instance_id)?;
    let params = Params::parse(parts.uri.query());
    let principal_id = params
        .single("principal_id")?
        .ok_or("Missing required parameter principal_id.")?;
    check_id("principal_id", principal_id)?;
    let principal_type = match params.single("principal_type")? {
        Some("USER") => "USER",
        Some("GROUP") => "GROUP",
        Some(other) => {
            return Err(format!(
                "Invalid parameter principal_type: {other:?} is not USER or GROUP."
            ));
        }
        None => return Err("Missing required parameter principal_type.".to_owned()),
    };
    let limit = match params.single("limit")? {
        None => MAX_LIMIT,
        Some(text) => match text.parse::<usize>() {
            Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => limit,
            _ => {
                return Err(format!(
                    "Invalid parameter limit: {text:?} is not an integer from 1 to {MAX_LIMIT}."
                ));
            }
        },
    };
    let marker = params.single("marker")?;
    if let Some(marker) = marker
        && (marker.len() != 24 || !marker.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(format!(
            "Invalid parameter marker: {marker:?} does not match ^[a-fA-F0-9]{{24}}$."
        ));
    }
    let account_id = match operation {
        Operation::HuaweiAccounts => params.single("account_id")?,
        _ => None,
    };
    if let Some(account_id) = account_id {
        check_id("account_id", account_id)?;
    }
    Ok(Listing {
        instance_id,
        principal_id: principal_id.to_owned(),
        principal_type,
        account_id: account_id.map(str::to_owned),
        limit,
        marker: marker.map(str::to_owned),
    })
}

fn check_id(name: &str, value: &str) -> Result<(), String> {
    if is_huawei_id(value) {
        Ok(())
    } else {
        Err(format!(
            "Invalid parameter {name}: {value:?} does not match {HUAWEI_ID_PATTERN}."
        ))
    }
}

/// What a marker is bound to: a hash of the operation and its filters (not of `limit`, which a
/// client may change between pages).
fn binding(operation: Operation, listing: &Listing) -> [u8; 12] {
    let mut hasher = Sha256::new();
    let operation = match operation {
        Operation::HuaweiApplications => "application-assignments",
        _ => "account-assignments",
    };
    for part in [
        operation,
        &listing.instance_id,
        &listing.principal_id,
        listing.principal_type,
        listing.account_id.as_deref().unwrap_or("\u{1}"),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut binding = [0; 12];
    binding.copy_from_slice(&digest[..12]);
    binding
}

/// A marker: 4 bytes of offset (masked with part of the binding) and 8 bytes of binding, in hex.
fn encode_marker(offset: usize, binding: &[u8; 12]) -> String {
    let offset = u32::try_from(offset).unwrap_or(u32::MAX).to_be_bytes();
    let mut bytes = [0u8; 12];
    for i in 0..4 {
        bytes[i] = offset[i] ^ binding[8 + i];
    }
    bytes[4..].copy_from_slice(&binding[..8]);
    hex::encode(bytes)
}

/// The offset of a marker, if it was issued for `binding`.
fn decode_marker(marker: &str, binding: &[u8; 12]) -> Option<usize> {
    let bytes = hex::decode(marker).ok()?;
    if bytes.len() != 12 || bytes[4..] != binding[..8] {
        return None;
    }
    let mut offset = [0u8; 4];
    for i in 0..4 {
        offset[i] = bytes[i] ^ binding[8 + i];
    }
    usize::try_from(u32::from_be_bytes(offset)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DataSet;
    use idc_raw::huawei::types::{AccountAssignment, ApplicationAssignment};

    #[test]
    fn served_items_serialize_as_the_generated_types() {
        let data = DataSet::demo();
        for a in &data.huawei.account_assignments {
            let generated = AccountAssignment {
                account_id: a.account_id.to_string(),
                permission_set_id: a.permission_set_id.to_string(),
                principal_id: a.principal_id.to_string(),
                principal_type: a.principal_type.clone(),
            };
            assert_eq!(
                serde_json::to_string(&AccountItem::from(a)).unwrap(),
                serde_json::to_string(&generated).unwrap()
            );
        }
        for a in &data.huawei.application_assignments {
            let generated = ApplicationAssignment {
                application_urn: a.application_urn.to_string(),
                principal_id: a.principal_id.to_string(),
                principal_type: a.principal_type.clone(),
            };
            assert_eq!(
                serde_json::to_string(&ApplicationItem::from(a)).unwrap(),
                serde_json::to_string(&generated).unwrap()
            );
        }
    }

    #[test]
    fn markers_round_trip_and_are_bound() {
        let a = [1u8; 12];
        let b = [2u8; 12];
        for offset in [0, 1, 100, 999_999, u32::MAX as usize] {
            let marker = encode_marker(offset, &a);
            assert_eq!(marker.len(), 24);
            assert_eq!(decode_marker(&marker, &a), Some(offset));
            assert_eq!(decode_marker(&marker.to_uppercase(), &a), Some(offset));
            assert_eq!(decode_marker(&marker, &b), None);
        }
        assert_eq!(decode_marker("zz", &a), None);
    }
}
