//! Huawei Cloud IdentityCenter: the data lookups of its operations (routing, parsing and
//! validation are generated from the spec).

use axum::response::Response;
use http::StatusCode;
use idc_raw::PrincipalType;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::app::App;
use crate::data::{HuaweiAccountAssignment, HuaweiApplicationAssignment};
use crate::dispatch::Context;
use crate::generated::huawei_identitycenter::{
    self, ListAccountAssignmentsForPrincipalRequest, ListApplicationAssignmentsForPrincipalRequest,
};
use crate::respond::{huawei_error, json_sized};

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

// Operations without their data lookup yet answer 501 (the trait's default).
impl crate::generated::huawei_identitystore::Handlers for App {}
impl crate::generated::huawei_organizations::Handlers for App {}

impl huawei_identitycenter::Handlers for App {
    fn list_account_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListAccountAssignmentsForPrincipalRequest,
    ) -> Response {
        let store = &self.store;
        let principal_type = request.principal_type.as_str();
        let all =
            store.huawei_accounts(&request.instance_id, &request.principal_id, principal_type);
        let positions = match &request.account_id {
            None => all,
            Some(account) => {
                let key = crate::store::key(&[
                    "huawei-accounts",
                    &request.instance_id,
                    &request.principal_id,
                    principal_type,
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
        };
        let binding = binding(&[
            "account-assignments",
            &request.instance_id,
            &request.principal_id,
            principal_type,
            request.account_id.as_deref().unwrap_or("\u{1}"),
        ]);
        let (page, page_info) =
            match paginate(ctx, &positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
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
            128 + 160 * page.len(),
        )
    }

    fn list_application_assignments_for_principal(
        &self,
        ctx: &Context<'_>,
        request: ListApplicationAssignmentsForPrincipalRequest,
    ) -> Response {
        let store = &self.store;
        let principal_type = request.principal_type.as_str();
        let positions =
            store.huawei_applications(&request.instance_id, &request.principal_id, principal_type);
        let binding = binding(&[
            "application-assignments",
            &request.instance_id,
            &request.principal_id,
            principal_type,
            "\u{1}",
        ]);
        let (page, page_info) =
            match paginate(ctx, &positions, &binding, request.marker, request.limit) {
                Ok(page) => page,
                Err(response) => return *response,
            };
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
            128 + 160 * page.len(),
        )
    }
}

/// The page of `positions` at `marker` (issued for `binding`) with `limit` items (default
/// [`MAX_LIMIT`]), and its `page_info`; a marker issued for another query is a 400.
fn paginate<'a>(
    ctx: &Context<'_>,
    positions: &'a [u32],
    binding: &[u8; 12],
    marker: Option<String>,
    limit: Option<i64>,
) -> Result<(&'a [u32], PageInfo), Box<Response>> {
    let total = positions.len();
    let limit = limit
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(MAX_LIMIT);
    let offset = match &marker {
        None => 0,
        Some(marker) => match decode_marker(marker, binding) {
            Some(offset) if offset <= total => offset,
            _ => {
                return Err(Box::new(huawei_error(
                    StatusCode::BAD_REQUEST,
                    INVALID,
                    "Invalid marker: it was not issued for this query.",
                    &ctx.request_id,
                )));
            }
        },
    };
    let end = offset.saturating_add(limit).min(total);
    let page = positions.get(offset..end).unwrap_or_default();
    let next_marker = if ctx.repeat {
        Some(marker.unwrap_or_else(|| encode_marker(0, binding)))
    } else if end < total {
        Some(encode_marker(end, binding))
    } else {
        None
    };
    Ok((
        page,
        PageInfo {
            next_marker,
            current_count: page.len(),
        },
    ))
}

/// What a marker is bound to: a hash of the operation and its filters (not of `limit`, which a
/// client may change between pages).
fn binding(parts: &[&str]) -> [u8; 12] {
    let mut hasher = Sha256::new();
    for part in parts {
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
