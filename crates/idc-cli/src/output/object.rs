//! One-object output: an answer that is not a listing, its wrapper taken off, its fields flattened
//! into FIELD / VALUE rows (table) or one CSV row; a list inside it written like a listing.

use std::io::{self, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::cells::{cell, csv_row, summary, terminal_width, write_rows};
use super::columns::{Columns, check, cleaned, quoted_list};
use super::writers::{Format, Sink};
use crate::Failure;
use crate::args::Common;
use crate::fields::{self, Shape};
use idc_report::escape;

/// Writes the answer of an operation that returns one object (see the [output docs](super)).
pub fn write_one<T>(value: &T, common: &Common) -> Result<(), Failure>
where
    T: Serialize + DeserializeOwned,
{
    let json = serde_json::to_value(value).map_err(io::Error::from)?;
    // The query sees the answer as the service sent it, before any wrapper is taken off.
    let result = match &common.query {
        Some(query) => Some(query.apply(json.clone())?),
        None => None,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let notes = match result {
        Some(result) => write_result(
            result,
            common.format(),
            common.columns.as_deref(),
            terminal_width(),
            &mut out,
        )?,
        None => write_object(
            json,
            &fields::shape::<T>(),
            common.format(),
            common.columns.as_deref(),
            terminal_width(),
            &mut out,
        )?,
    };
    out.flush()?;
    write_notes(notes);
    Ok(())
}

/// Writes notes to stderr, escaped.
pub(super) fn write_notes(notes: Vec<String>) {
    for note in notes {
        eprintln!("note: {}", escape::terminal(&note));
    }
}

/// Writes what `--query` gave in `format`, and gives the notes for stderr: JSON lines (a list one
/// entry a line, as a listing's items are; anything else on one line), YAML as one document, and
/// the table and CSV as a one-object answer's (a list of objects a row each, an object its
/// fields as FIELD / VALUE rows, a plain value a `value` row). Its fields are not known before:
/// a `--columns` name it lacks is noted, not refused.
pub(super) fn write_result(
    result: Value,
    format: Format,
    requested: Option<&[String]>,
    width: Option<usize>,
    out: &mut impl Write,
) -> Result<Vec<String>, Failure> {
    match (format, result) {
        (Format::Json, Value::Array(items)) => {
            for item in items {
                serde_json::to_writer(&mut *out, &item).map_err(io::Error::from)?;
                out.write_all(b"\n")?;
            }
            Ok(Vec::new())
        }
        (format, result) => write_object(result, &Shape::default(), format, requested, width, out),
    }
}

/// What a one-object answer holds, once a one-field wrapper is taken off.
#[derive(Debug, PartialEq)]
enum Body {
    /// An object: its fields, and the fields its type names (in declaration order), if known.
    Record {
        fields: Map<String, Value>,
        known: Option<Vec<&'static str>>,
    },
    /// A list (`{"results": [...]}`): one row per entry.
    List {
        name: String,
        items: Vec<Value>,
        known: Option<Vec<&'static str>>,
    },
    /// Nothing to show: `{}`, `null`, an empty list, an absent document.
    Empty { name: Option<String> },
}

/// Takes a one-field wrapper (`{"account": {...}}`, `{"results": [...]}`) off an answer.
fn unwrap(json: Value, shape: &Shape) -> Body {
    // A type that names several fields is not a wrapper, even when only one of them was sent.
    let wrapper = shape.fields.as_ref().is_none_or(|f| f.len() == 1);
    let only = match shape.fields.as_deref() {
        Some([name]) => Some((*name).to_owned()),
        _ => None,
    };
    match json {
        Value::Object(map) if map.len() == 1 && wrapper => {
            let Some((name, inner)) = map.into_iter().next() else {
                return Body::Empty { name: only };
            };
            match inner {
                Value::Object(fields) if fields.is_empty() => Body::Empty { name: Some(name) },
                Value::Object(fields) => Body::Record {
                    fields,
                    known: shape.inner.clone(),
                },
                Value::Array(items) if items.is_empty() => Body::Empty { name: Some(name) },
                Value::Array(items) => Body::List {
                    name,
                    items,
                    known: shape.inner.clone(),
                },
                Value::Null => Body::Empty { name: Some(name) },
                // A plain value (`{"custom_policy": "..."}`) keeps its name as its field.
                scalar => Body::Record {
                    fields: Map::from_iter([(name, scalar)]),
                    known: shape.fields.clone(),
                },
            }
        }
        Value::Object(map) if map.is_empty() => Body::Empty { name: only },
        Value::Object(fields) => Body::Record {
            fields,
            known: shape.fields.clone(),
        },
        Value::Null => Body::Empty { name: only },
        Value::Array(items) if items.is_empty() => Body::Empty { name: only },
        Value::Array(items) => Body::List {
            name: "value".to_owned(),
            items,
            known: None,
        },
        scalar => Body::Record {
            fields: Map::from_iter([("value".to_owned(), scalar)]),
            known: None,
        },
    }
}

/// Writes one answer to `out` in `format`; gives the notes for stderr (nothing to show, a column
/// nothing has).
fn write_object(
    json: Value,
    shape: &Shape,
    format: Format,
    requested: Option<&[String]>,
    width: Option<usize>,
    out: &mut impl Write,
) -> Result<Vec<String>, Failure> {
    match format {
        Format::Json => {
            // Exactly as the service sent it: no unwrapping, no flattening.
            serde_json::to_writer(&mut *out, &json).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
            return Ok(Vec::new());
        }
        Format::Yaml => {
            let document = serde_yaml_ng::to_string(&json).map_err(io::Error::other)?;
            out.write_all(document.as_bytes())?;
            return Ok(Vec::new());
        }
        Format::Table | Format::Csv => {}
    }
    let requested = cleaned(requested);
    let mut notes = Vec::new();
    match unwrap(json, shape) {
        Body::Empty { name } => {
            // Said, not drawn: an empty table or a blank line would read as a value.
            notes.push(match name {
                Some(name) => format!("the answer has no {name} (nothing to show)"),
                None => "the answer is empty (nothing to show)".to_owned(),
            });
        }
        Body::Record { fields, known } => {
            let mut rows = flatten_record(fields, known.as_deref());
            if let Some(requested) = &requested {
                if let Some(known) = &known {
                    check(requested, known)?;
                }
                let fields: Vec<String> = rows.iter().map(|(field, _)| field.clone()).collect();
                let (selected, missing) = select(rows, requested);
                rows = selected;
                // Without a type to check against (an object that keeps fields the service adds
                // later), a name the answer lacks may be a typo or an absent field: said, not
                // refused.
                if known.is_none() && !missing.is_empty() {
                    notes.push(format!(
                        "the answer has no field {} (its fields: {})",
                        quoted_list(&missing),
                        fields.join(", ")
                    ));
                }
            }
            match format {
                Format::Table => {
                    let cells: Vec<Vec<String>> = rows
                        .iter()
                        .map(|(field, value)| vec![field.clone(), summary(value)])
                        .collect();
                    let header = ["FIELD".to_owned(), "VALUE".to_owned()];
                    // The value is the last column: a long one wraps rather than being cut.
                    write_rows(out, &header, &cells, None)?;
                }
                Format::Csv => {
                    csv_row(out, rows.iter().map(|(field, _)| field.clone()).collect())?;
                    csv_row(out, rows.iter().map(|(_, value)| cell(value)).collect())?;
                }
                Format::Json | Format::Yaml => {}
            }
        }
        Body::List { name, items, known } => {
            let columns = match &requested {
                Some(requested) => {
                    if let Some(known) = &known {
                        check(requested, known)?;
                    }
                    requested.clone()
                }
                None if items.iter().all(Value::is_object) => {
                    flat_columns(&items, known.as_deref())
                }
                // A list of plain values is one column, named after the list.
                None => vec![name],
            };
            let columns = Columns {
                names: Some(columns),
                checked: known.is_some() || requested.is_none(),
            };
            let mut sink = Sink::new(format, columns, &mut *out).with_width(width);
            sink.values(items)?;
            let unmatched = sink.unmatched();
            sink.finish()?;
            notes.extend(unmatched);
        }
    }
    Ok(notes)
}

/// The position of `field` among the fields the type names (unknown ones after them).
fn rank(known: Option<&[&str]>, field: &str) -> usize {
    known
        .and_then(|k| k.iter().position(|f| *f == field))
        .unwrap_or(usize::MAX)
}

/// An object's fields as `(path, value)` rows, in the type's order: a nested object becomes one
/// row per field inside it (`name.formatted`); a list or a plain value is one row.
fn flatten_record(fields: Map<String, Value>, known: Option<&[&str]>) -> Vec<(String, Value)> {
    let mut fields: Vec<(String, Value)> = fields.into_iter().collect();
    // Stable: the fields the type does not name keep the answer's order, after the others.
    fields.sort_by_key(|(name, _)| rank(known, name));
    let mut rows = Vec::new();
    for (name, value) in fields {
        flatten(name, value, &mut rows);
    }
    rows
}

fn flatten(path: String, value: Value, rows: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(fields) if !fields.is_empty() => {
            for (name, value) in fields {
                flatten(format!("{path}.{name}"), value, rows);
            }
        }
        other => rows.push((path, other)),
    }
}

/// The rows `requested` names (a column names a field, or every field inside a nested object),
/// in the order asked; a named field the answer lacks is an empty row. Also gives the names that
/// matched nothing.
fn select(rows: Vec<(String, Value)>, requested: &[String]) -> (Vec<(String, Value)>, Vec<String>) {
    let mut selected = Vec::new();
    let mut missing = Vec::new();
    for column in requested {
        let prefix = format!("{column}.");
        let matched: Vec<(String, Value)> = rows
            .iter()
            .filter(|(path, _)| path == column || path.starts_with(&prefix))
            .cloned()
            .collect();
        if matched.is_empty() {
            missing.push(column.clone());
            selected.push((column.clone(), Value::Null));
        } else {
            selected.extend(matched);
        }
    }
    (selected, missing)
}

/// The columns of a list of objects: every flattened field of any entry, in the type's order,
/// then in order of appearance.
fn flat_columns(items: &[Value], known: Option<&[&str]>) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(fields) = item {
            let mut rows = Vec::new();
            for (name, value) in fields {
                flatten(name.clone(), value.clone(), &mut rows);
            }
            for (path, _) in rows {
                if !columns.contains(&path) {
                    columns.push(path);
                }
            }
        }
    }
    columns.sort_by_key(|path| rank(known, path.split('.').next().unwrap_or_default()));
    columns
}

#[cfg(test)]
mod tests;
