//! What the SCP write handlers share: new ids and timestamps, the answers of a create and of a
//! write without a body, a store write queued as the request's one change, and the per-item
//! outcome of a bulk delete.

use std::sync::Arc;

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use idc_raw::scp::types::{BulkDeleteFailure, BulkDeleteResult, BulkDeleteSuccess};
use serde_json::Map;

use crate::http::dispatch::Context;
use crate::http::responses::{Reject, json};
use crate::store::error::WriteError;
use crate::store::tables::Store;

/// A new id: 32 random hex digits, as the service's ids look.
pub(crate) fn new_id() -> Arc<str> {
    hex::encode(rand::random::<[u8; 16]>()).into()
}

/// Now, as the rows' timestamps (RFC 3339, whole seconds).
pub(crate) fn now(ctx: &Context<'_>) -> Arc<str> {
    let now = time::OffsetDateTime::from(ctx.app.clock.now());
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let text = now.format(&time::format_description::well_known::Rfc3339);
    text.unwrap_or_default().into()
}

/// A value of an optional text field, as a row keeps it.
pub(crate) fn text(value: &Option<String>) -> Option<Arc<str>> {
    value.as_deref().map(Arc::from)
}

/// Values as a row keeps them.
pub(crate) fn texts(values: &[String]) -> Vec<Arc<str>> {
    values.iter().map(|v| Arc::from(v.as_str())).collect()
}

/// `201 Created` with the created resource.
pub(crate) fn created(body: &impl serde::Serialize) -> Result<Response, Reject> {
    Ok(json(StatusCode::CREATED, body))
}

/// `204 No Content`: the write's documented answer has no body.
pub(crate) fn done() -> Result<Response, Reject> {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Queues `change` as the request's write: applied under the write lock before the answer, whose
/// refusal (checked before anything changes) is the answer instead.
pub(crate) fn write<T>(
    ctx: &Context<'_>,
    change: impl FnOnce(&mut Store) -> Result<T, WriteError> + Send + 'static,
) {
    ctx.write(move |store| change(store).map(drop));
}

/// Why one item of a bulk delete was not deleted: the service's code and error class.
pub(crate) fn failure(id: &str, error: &WriteError) -> BulkDeleteFailure {
    let (code, class) = match error {
        WriteError::Missing { .. } => ("NOT_FOUND", "NotFoundError"),
        WriteError::InUse { .. } | WriteError::Conflict { .. } | WriteError::Active { .. } => {
            ("IN_USE", "ConflictError")
        }
        WriteError::Invalid(_) | WriteError::Full => ("INVALID", "ValidationError"),
    };
    BulkDeleteFailure {
        error_code: Some(code.to_owned()),
        failed_caused: Some(class.to_owned()),
        failed_id: id.to_owned(),
        failed_name: Some(String::new()),
        extra: Map::new(),
    }
}

/// The outcome of deleting each of `ids` with `check` (the name of what it would delete, or why
/// not), an id given twice failing as gone the second time; and the ids to delete.
pub(crate) fn bulk_outcome(
    ids: &[String],
    check: impl Fn(&str) -> Result<String, WriteError>,
) -> (BulkDeleteResult, Vec<Arc<str>>) {
    let mut result = BulkDeleteResult {
        failed_ids: Vec::new(),
        success_ids: Vec::new(),
        extra: Map::new(),
    };
    let mut deleted: Vec<Arc<str>> = Vec::new();
    for id in ids {
        let outcome = match deleted.iter().any(|d| &**d == id) {
            true => Err(crate::store::scp_writes::missing("item", id)),
            false => check(id),
        };
        match outcome {
            Ok(name) => {
                deleted.push(Arc::from(id.as_str()));
                result.success_ids.push(BulkDeleteSuccess {
                    success_id: id.clone(),
                    success_name: Some(name),
                    extra: Map::new(),
                });
            }
            Err(error) => result.failed_ids.push(failure(id, &error)),
        }
    }
    (result, deleted)
}
