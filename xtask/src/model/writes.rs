//! The extensions of writes, which name other operations of the same spec and so are read once
//! every operation is: `x-idc-retry` and `x-idc-outcome-read` (may the runtime send the request
//! again, and which read tells whether it happened) and `x-idc-waiter` (how to wait until an
//! asynchronous operation is done), and `x-idc-destroys` (what a destructive operation destroys),
//! which is read with the operation.

use std::collections::BTreeMap;

use serde_json::Value;

use super::names::snake;
use super::schema::{field, response_schema};
use super::types::{Field, Kind, ModelError, Operation, Retry, Waiter};

/// One operation of the spec as JSON: where it is (`POST /v1/...`) and its object.
struct RawOperation<'a> {
    at: String,
    json: &'a Value,
}

/// Reads the write extensions of every operation of `spec` into `operations` (read before, in
/// spec order) and checks every operation, parameter and field they name.
pub(super) fn link(spec: &Value, operations: &mut [Operation]) -> Result<(), ModelError> {
    let mut raw: BTreeMap<String, RawOperation<'_>> = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for method in ["get", "put", "post", "delete", "patch"] {
            if let Some(op) = item.get(method)
                && let Some(id) = op["operationId"].as_str()
            {
                let at = format!("{} {path}", method.to_uppercase());
                raw.insert(id.to_owned(), RawOperation { at, json: op });
            }
        }
    }
    // Whether each operation may be retried, before the outcome reads that must name safe ones.
    let mut safe = Vec::with_capacity(operations.len());
    for op in operations.iter() {
        safe.push(match raw.get(&op.id) {
            Some(this) => is_safe(op, this)?,
            None => op.method != "POST",
        });
    }
    for index in 0..operations.len() {
        let Some(this) = raw.get(&operations[index].id) else {
            continue;
        };
        let retry = retry(&operations[index], this, operations, &safe, safe[index])?;
        let waiter = match this.json.get("x-idc-waiter") {
            None => None,
            Some(x) => Some(waiter(spec, &raw, &operations[index], this, x, operations)?),
        };
        operations[index].retry = retry;
        operations[index].waiter = waiter;
    }
    agree(operations, &raw)
}

/// The operation an extension names, by `operationId` in either case (`list_account_assignments`
/// or `ListAccountAssignments`), with its index.
fn named<'o>(
    operations: &'o [Operation],
    name: &str,
    at: &str,
    what: &str,
) -> Result<(usize, &'o Operation), ModelError> {
    let id = snake(name);
    operations
        .iter()
        .enumerate()
        .find(|(_, o)| o.id == id)
        .ok_or_else(|| {
            (
                at.to_owned(),
                format!("{what} names {name}, which is no operation of this spec"),
            )
        })
}

/// `x-idc-destroys`: what a destructive operation destroys, a sentence of plain text. Refused on
/// a `GET` (a read destroys nothing) and when it is not a non-empty string.
pub(super) fn destroys(op: &Value, method: &str, at: &str) -> Result<Option<String>, ModelError> {
    match op.get("x-idc-destroys") {
        None => Ok(None),
        Some(_) if method.eq_ignore_ascii_case("get") => Err((
            at.to_owned(),
            "x-idc-destroys on a GET: a read destroys nothing".to_owned(),
        )),
        Some(Value::String(what)) if !what.trim().is_empty() => Ok(Some(what.trim().to_owned())),
        Some(other) => Err((
            at.to_owned(),
            format!(
                "x-idc-destroys must say what the operation destroys (a non-empty string), not {other}"
            ),
        )),
    }
}

/// `x-idc-retry`, or the default of the method: GET, PUT, DELETE safe, POST (and PATCH) not.
fn is_safe(op: &Operation, this: &RawOperation<'_>) -> Result<bool, ModelError> {
    match this.json.get("x-idc-retry") {
        None => Ok(matches!(op.method.as_str(), "GET" | "PUT" | "DELETE")),
        Some(Value::String(s)) if s == "safe" => Ok(true),
        Some(Value::String(s)) if s == "unsafe" => Ok(false),
        Some(other) => Err((
            this.at.clone(),
            format!("x-idc-retry must be safe or unsafe, not {other}"),
        )),
    }
}

fn retry(
    op: &Operation,
    this: &RawOperation<'_>,
    operations: &[Operation],
    safe_ops: &[bool],
    safe: bool,
) -> Result<Retry, ModelError> {
    let at = &this.at;
    let read = match this.json.get("x-idc-outcome-read") {
        None => None,
        Some(Value::String(name)) => {
            let (index, read) = named(operations, name, at, "x-idc-outcome-read")?;
            if read.id == op.id || !safe_ops[index] {
                return Err((
                    at.clone(),
                    format!(
                        "x-idc-outcome-read names {name}, which is not a read (an operation \
                         that may be retried)"
                    ),
                ));
            }
            Some(read.type_name.clone())
        }
        Some(other) => {
            return Err((
                at.clone(),
                format!("x-idc-outcome-read must be an operationId, not {other}"),
            ));
        }
    };
    match (safe, read) {
        (true, _) => Ok(Retry::Safe),
        (false, Some(outcome_read)) => Ok(Retry::Unsafe { outcome_read }),
        (false, None) => Err((
            at.clone(),
            "an operation that may not be retried (a POST, or x-idc-retry: unsafe) needs \
             x-idc-outcome-read: the read that tells whether it happened"
                .to_owned(),
        )),
    }
}

/// A list of strings of the waiter (`success`, `failure`, `in-progress`).
fn values(x: &Value, key: &str, at: &str) -> Result<Vec<String>, ModelError> {
    match &x[key] {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_owned).ok_or_else(|| {
                    (
                        at.to_owned(),
                        format!("x-idc-waiter.{key} must be a list of strings"),
                    )
                })
            })
            .collect(),
        _ => Err((
            at.to_owned(),
            format!("x-idc-waiter.{key} must be a list of strings"),
        )),
    }
}

fn waiter(
    spec: &Value,
    raw: &BTreeMap<String, RawOperation<'_>>,
    op: &Operation,
    this: &RawOperation<'_>,
    x: &Value,
    operations: &[Operation],
) -> Result<Waiter, ModelError> {
    let at = this.at.as_str();
    let err = |what: String| (at.to_owned(), format!("x-idc-waiter: {what}"));
    let get = |key: &str| {
        x[key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| err(format!("{key} is required")))
    };
    let (_, status_op) = named(
        operations,
        &get("status-operation")?,
        at,
        "x-idc-waiter.status-operation",
    )?;
    if op.response.is_none() || status_op.response.is_none() {
        return Err(err(format!(
            "{} and {} must both answer with a named schema",
            op.type_name, status_op.type_name
        )));
    }
    if status_op.id == op.id || status_op.pagination.is_some() {
        return Err(err(format!(
            "the status operation {} must be another operation, one that does not page",
            status_op.type_name
        )));
    }
    let string_field =
        |schema: Option<&Value>, key: &str, whose: &str| -> Result<Field, ModelError> {
            let schema = schema.ok_or_else(|| err(format!("{whose} has no response body")))?;
            let f = field(spec, schema, &get(key)?, at, "x-idc-waiter")?;
            if f.leaf_type != "string" {
                return Err(err(format!("{key}: {} is not a string", f.dotted())));
            }
            Ok(f)
        };
    let own_response = response_schema(spec, this.json)?;
    let request_id = string_field(own_response, "request-id", &op.type_name)?;
    let status_json = raw
        .get(&status_op.id)
        .map(|r| r.json)
        .unwrap_or(&Value::Null);
    let status_response = response_schema(spec, status_json)?;
    let status = string_field(status_response, "status", &status_op.type_name)?;
    let failure_reason = match x.get("failure-reason") {
        None => None,
        Some(_) => Some(string_field(
            status_response,
            "failure-reason",
            &status_op.type_name,
        )?),
    };
    let id_name = get("id-parameter")?;
    let id_parameter = status_op
        .caller_params()
        .find(|p| p.name == id_name || p.rust == id_name)
        .filter(|p| p.kind == Kind::String)
        .ok_or_else(|| {
            err(format!(
                "id-parameter: {} has no string parameter {id_name}",
                status_op.type_name
            ))
        })?
        .rust
        .clone();
    // Every other parameter of the status operation comes from this operation's parameter of the
    // same name; a required one this operation cannot fill makes the waiter impossible.
    let mut shared_params = Vec::new();
    for p in status_op.caller_params().filter(|p| p.rust != id_parameter) {
        match op.caller_params().find(|o| o.name == p.name) {
            Some(o) if o.kind == p.kind => shared_params.push(p.rust.clone()),
            Some(_) => {
                return Err(err(format!(
                    "parameter {} has another type in {} than in {}",
                    p.name, op.type_name, status_op.type_name
                )));
            }
            None if p.required => {
                return Err(err(format!(
                    "{} requires parameter {}, which {} does not have to fill it",
                    status_op.type_name, p.name, op.type_name
                )));
            }
            None => {}
        }
    }
    let success = values(x, "success", at)?;
    let failure = values(x, "failure", at)?;
    let in_progress = values(x, "in-progress", at)?;
    if success.is_empty() {
        return Err(err("success needs at least one status".to_owned()));
    }
    let mut seen = std::collections::BTreeSet::new();
    if let Some(twice) = success
        .iter()
        .chain(&failure)
        .chain(&in_progress)
        .find(|v| !seen.insert(v.as_str()))
    {
        return Err(err(format!("status {twice} is listed twice")));
    }
    Ok(Waiter {
        status_operation: status_op.id.clone(),
        status_type: status_op.type_name.clone(),
        request_id,
        id_parameter,
        shared_params,
        status,
        success,
        failure,
        in_progress,
        failure_reason,
    })
}

/// The waiters that poll the same status operation read its status the same way (the status
/// operation's `wait` is generated once).
fn agree(
    operations: &[Operation],
    raw: &BTreeMap<String, RawOperation<'_>>,
) -> Result<(), ModelError> {
    let mut first: BTreeMap<&str, (&Operation, &Waiter)> = BTreeMap::new();
    for op in operations {
        let Some(w) = &op.waiter else { continue };
        if let Some((other, o)) = first.get(w.status_operation.as_str()) {
            let same = (
                &w.id_parameter,
                &w.status,
                &w.success,
                &w.failure,
                &w.in_progress,
                &w.failure_reason,
            ) == (
                &o.id_parameter,
                &o.status,
                &o.success,
                &o.failure,
                &o.in_progress,
                &o.failure_reason,
            );
            if !same {
                let at = raw.get(&op.id).map(|r| r.at.clone()).unwrap_or_default();
                return Err((
                    at,
                    format!(
                        "x-idc-waiter: {} and {} poll {} but read its status differently",
                        other.type_name, op.type_name, w.status_type
                    ),
                ));
            }
        } else {
            first.insert(&w.status_operation, (op, w));
        }
    }
    Ok(())
}
