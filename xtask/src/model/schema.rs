//! Walking a spec's schemas: `$ref`s followed, dotted paths of response fields.

use serde_json::Value;

use super::types::{Field, ModelError};

/// Follows `$ref`s within the document.
pub(super) fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> Result<&'a Value, ModelError> {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value);
        };
        let pointer = reference.strip_prefix('#').ok_or_else(|| {
            (
                reference.to_owned(),
                "only local references are supported".to_owned(),
            )
        })?;
        value = spec
            .pointer(pointer)
            .ok_or_else(|| (reference.to_owned(), "does not resolve".to_owned()))?;
    }
    Err(("$ref".into(), "reference chain too long".into()))
}

/// The schema name a `$ref` points to (`#/components/schemas/X` -> `X`).
pub(super) fn ref_name(value: &Value) -> Option<String> {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
}

/// A dotted path of properties in `schema`, with whether each step may be absent.
pub(super) fn field(
    spec: &Value,
    schema: &Value,
    dotted: &str,
    at: &str,
    extension: &str,
) -> Result<Field, ModelError> {
    let mut steps = Vec::new();
    let mut current = resolve(spec, schema)?;
    for part in dotted.split('.') {
        let Some(property) = current["properties"].get(part) else {
            return Err((
                at.to_owned(),
                format!("{extension}: the response has no field {dotted}"),
            ));
        };
        let required = current["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n == part));
        let property = resolve(spec, property)?;
        let nullable = property["nullable"].as_bool().unwrap_or(false);
        // typify gives a missing array its default (empty) rather than an `Option`.
        let array = property["type"] == "array";
        steps.push((part.to_owned(), nullable || (!required && !array)));
        current = property;
    }
    Ok(Field {
        steps,
        leaf_type: current["type"].as_str().unwrap_or_default().to_owned(),
    })
}

/// The JSON schema of an operation's success response (200 or 201), if it has a body.
pub(super) fn response_schema<'a>(
    spec: &'a Value,
    op: &'a Value,
) -> Result<Option<&'a Value>, ModelError> {
    Ok(["200", "201"]
        .iter()
        .find_map(|status| op["responses"].get(*status))
        .map(|r| resolve(spec, r))
        .transpose()?
        .map(|r| &r["content"]["application/json"]["schema"])
        .filter(|s| !s.is_null()))
}
