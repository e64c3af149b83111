//! A value as a cell, and cells as lines: CSV rows and aligned table lines, escaped for where they
//! go and measured as a terminal draws them.

use std::io::{self, Write};

use serde_json::Value;

use idc_report::escape;
use idc_report::width::{cut, pad, width};

/// The width of the terminal stdout is, if it is one.
pub(super) fn terminal_width() -> Option<usize> {
    let term = console::Term::stdout();
    (term.is_term()).then(|| {
        term.size_checked()
            .map_or(120, |(_, cols)| usize::from(cols))
    })
}

/// The value of `column` in `item`: a field, or a field inside a nested object (`name.formatted`).
pub(super) fn lookup<'a>(item: &'a Value, column: &str) -> Option<&'a Value> {
    if let Some(value) = item.get(column) {
        return Some(value);
    }
    let mut value = item;
    for name in column.split('.') {
        value = value.get(name)?;
    }
    Some(value)
}

/// Writes one CSV row: no formula reaches a spreadsheet, no control or invisible character a
/// terminal, and a cell holding `;` is quoted (see [`escape::write_csv_record`]).
pub(super) fn csv_row(out: &mut impl Write, cells: Vec<String>) -> io::Result<()> {
    escape::write_csv_record(out, cells)
}

/// Writes an aligned table: the header, then the rows. Cells are escaped for the terminal first,
/// so no server text can move the cursor or start a line, then measured in the columns a terminal
/// draws (a Korean syllable or an emoji takes two).
pub(super) fn write_rows(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    limit: Option<usize>,
) -> io::Result<()> {
    let escaped = |row: &[String]| -> Vec<String> {
        row.iter()
            .map(|c| escape::terminal(c).into_owned())
            .collect()
    };
    let header = escaped(header);
    let rows: Vec<Vec<String>> = rows.iter().map(|r| escaped(r)).collect();
    let mut widths: Vec<usize> = header.iter().map(|c| width(c)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        write_aligned(out, row, &widths, limit)?;
    }
    Ok(())
}

/// Writes one table line of escaped cells, cut to `limit` columns.
fn write_aligned(
    out: &mut impl Write,
    cells: &[String],
    widths: &[usize],
    limit: Option<usize>,
) -> io::Result<()> {
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i + 1 == cells.len() {
            line.push_str(cell);
        } else {
            line.push_str(&pad(cell, *width));
            line.push_str("  ");
        }
    }
    let line = line.trim_end();
    match limit {
        // Cut to the terminal's width rather than wrap a row over several lines.
        Some(limit) => writeln!(out, "{}", cut(line, limit)),
        None => writeln!(out, "{line}"),
    }
}

/// A JSON value as a person reads it in a table: a list as its entries joined by `, `, an object
/// as its name (the first of `*_name`, `name`, `display_name`, `*_id`, `id`) or else its fields.
pub(super) fn summary(value: &Value) -> String {
    match value {
        Value::Array(entries) => entries.iter().map(summary).collect::<Vec<_>>().join(", "),
        Value::Object(fields) => {
            let named = |suffix: &str| {
                fields
                    .iter()
                    .find(|(k, v)| k.ends_with(suffix) && v.is_string())
                    .map(|(_, v)| cell(v))
            };
            named("_name")
                .or_else(|| named("name"))
                .or_else(|| named("_id"))
                .or_else(|| named("id"))
                .unwrap_or_else(|| {
                    fields
                        .iter()
                        .map(|(k, v)| format!("{k}={}", summary(v)))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
        }
        other => cell(other),
    }
}

/// A JSON value as a cell: strings as they are, null as empty, anything else as JSON. The table
/// escapes control characters when it writes the cell (see [`write_aligned`]), and CSV when it
/// writes its row.
pub(super) fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
