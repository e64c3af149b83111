//! The format writers of a listing: items written as JSON lines, YAML or CSV as they come, or held
//! for an aligned table, with columns fixed or read off the items.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::cells::{cell, csv_row, lookup, summary, write_rows};
use super::columns::{Columns, quoted_list};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line: the item's fields as the service returns them.
    Json,
    /// An aligned table (buffered until the listing ends).
    Table,
    /// CSV with a header row.
    Csv,
    /// YAML: a listing is a sequence, an entry per item as it arrives; one object is one document.
    Yaml,
}

/// Writes items in one format, with a set of columns for table and CSV: fixed, or read off the
/// items (the fields of the first page's items for CSV, which is streamed; of all items for the
/// table).
pub struct Sink<W: Write> {
    format: Format,
    columns: Option<Vec<String>>,
    /// `--columns` names that nothing could check and no item has had yet.
    unseen: Vec<String>,
    /// The fields the items had, while some `unseen` name is left: to name them in the note.
    fields: Vec<String>,
    /// Fields of later items that a CSV header read off the first page does not have.
    left_out: BTreeSet<String>,
    derived: bool,
    out: W,
    held: Vec<Value>,
    csv_header_written: bool,
    /// The table's width limit: the terminal's, when stdout is one.
    width: Option<usize>,
    pub(crate) written: usize,
}

impl<W: Write> Sink<W> {
    /// A writer of `format` to `out`.
    pub fn new(format: Format, columns: Columns, out: W) -> Self {
        let unseen = match (&columns.names, columns.checked) {
            (Some(names), false) => names.clone(),
            _ => Vec::new(),
        };
        Self {
            format,
            derived: columns.names.is_none(),
            columns: columns.names,
            unseen,
            fields: Vec::new(),
            left_out: BTreeSet::new(),
            out,
            held: Vec::new(),
            csv_header_written: false,
            width: None,
            written: 0,
        }
    }

    /// Writes one page of items: JSON and YAML straight from the items (the exact fields, in
    /// order), the table and CSV from their JSON values.
    pub fn page<T: Serialize>(&mut self, items: &[T]) -> io::Result<()> {
        match self.format {
            Format::Json => {
                for item in items {
                    self.written += 1;
                    serde_json::to_writer(&mut self.out, item)?;
                    self.out.write_all(b"\n")?;
                }
                return Ok(());
            }
            Format::Yaml => {
                for item in items {
                    self.written += 1;
                    write_yaml_entry(&mut self.out, item)?;
                }
                return Ok(());
            }
            Format::Table | Format::Csv => {}
        }
        let values = items
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()?;
        self.values(values)
    }

    /// Writes items given as JSON values (the table holds them until [`finish`](Self::finish)).
    pub fn values(&mut self, values: Vec<Value>) -> io::Result<()> {
        self.written += values.len();
        if !self.unseen.is_empty() {
            self.unseen
                .retain(|c| !values.iter().any(|v| lookup(v, c).is_some()));
            for field in item_fields(&values) {
                if !self.fields.contains(&field) {
                    self.fields.push(field);
                }
            }
        }
        match self.format {
            Format::Json => {
                for value in &values {
                    serde_json::to_writer(&mut self.out, value)?;
                    self.out.write_all(b"\n")?;
                }
            }
            Format::Yaml => {
                for value in &values {
                    write_yaml_entry(&mut self.out, value)?;
                }
            }
            Format::Table => self.held.extend(values),
            Format::Csv => {
                if self.columns.is_none() && !values.is_empty() {
                    self.columns = Some(item_fields(&values));
                }
                if !values.is_empty() {
                    self.csv_header()?;
                }
                for value in &values {
                    if self.derived {
                        self.note_left_out(value);
                    }
                    let cells = self.cells(value);
                    csv_row(&mut self.out, cells)?;
                }
            }
        }
        Ok(())
    }

    fn note_left_out(&mut self, value: &Value) {
        if let (Value::Object(fields), Some(columns)) = (value, &self.columns) {
            for name in fields.keys() {
                if !columns.contains(name) {
                    self.left_out.insert(name.clone());
                }
            }
        }
    }

    /// `--columns` names that nothing checked and no item had, with the fields the items had: a
    /// note for stderr, if there is one to make.
    pub fn unmatched(&self) -> Option<String> {
        (!self.unseen.is_empty() && self.written > 0).then(|| {
            format!(
                "no item has the column {} (the items' fields: {})",
                quoted_list(&self.unseen),
                self.fields.join(", ")
            )
        })
    }

    /// Fields that CSV left out (see [`Sink`]).
    pub fn left_out(&self) -> Vec<String> {
        self.left_out.iter().cloned().collect()
    }

    /// Cuts table lines to `width` characters.
    pub fn with_width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// Ends a page: what JSON, YAML and CSV wrote so far reaches the reader now.
    pub fn flush_page(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json | Format::Yaml | Format::Csv => self.out.flush(),
            Format::Table => Ok(()),
        }
    }

    /// Ends the output: writes the table, or the CSV header or the empty YAML sequence of an
    /// empty listing; flushes.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json => {}
            Format::Yaml if self.written == 0 => self.out.write_all(b"[]\n")?,
            Format::Yaml => {}
            Format::Csv => self.csv_header()?,
            Format::Table => {
                if self.columns.is_none() {
                    self.columns = Some(item_fields(&self.held));
                }
                self.write_table()?;
            }
        }
        self.out.flush()
    }

    /// The CSV header, once (none when there are no columns: items whose fields are read off
    /// them, and no item).
    fn csv_header(&mut self) -> io::Result<()> {
        match &self.columns {
            Some(columns) if !self.csv_header_written && !columns.is_empty() => {
                self.csv_header_written = true;
                let header = columns.clone();
                csv_row(&mut self.out, header)
            }
            _ => Ok(()),
        }
    }

    fn cells(&self, value: &Value) -> Vec<String> {
        // A list of plain values (ids) has one column: the value itself.
        if !value.is_object() {
            return vec![cell(value)];
        }
        // The table is read by a person: nested values are summarised. CSV keeps them whole.
        let render = match self.format {
            Format::Table => summary,
            _ => cell,
        };
        self.columns
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|c| lookup(value, c).map_or_else(String::new, render))
            .collect()
    }

    fn write_table(&mut self) -> io::Result<()> {
        let columns = self.columns.clone().unwrap_or_default();
        if columns.is_empty() {
            // No columns (no item to read them off): nothing to draw, not a blank line.
            return Ok(());
        }
        let rows: Vec<Vec<String>> = std::mem::take(&mut self.held)
            .iter()
            .map(|v| self.cells(v))
            .collect();
        let header: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
        write_rows(&mut self.out, &header, &rows, self.width)
    }
}

/// Writes `item` as one entry of a YAML sequence (`- id: a` and its fields indented under it):
/// entries written one after another make one sequence, so a listing streams as YAML too.
/// Control characters are escaped by the YAML writer (`"\e[2J"`).
fn write_yaml_entry(out: &mut impl Write, item: &impl Serialize) -> io::Result<()> {
    let entry = serde_yaml_ng::to_string(&[item]).map_err(io::Error::other)?;
    out.write_all(entry.as_bytes())
}

/// The fields of `items`, in order of appearance: the columns of items whose type names none.
fn item_fields(items: &[Value]) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for name in map.keys() {
                if !fields.contains(name) {
                    fields.push(name.clone());
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests;
