//! Writing items: JSON lines, CSV or an aligned table.
//!
//! JSON and CSV are streamed, one item at a time, as pages arrive. The table is buffered to the end so
//! that its columns can be aligned.

use std::io::{self, IsTerminal, Write};

use futures::{Stream, TryStreamExt};
use serde::Serialize;
use serde_json::Value;

use crate::Failure;
use crate::args::Common;
use crate::escape;
use crate::progress::Progress;

/// What a generated subcommand tells the writer about its listing.
pub struct Listing {
    /// The default table and CSV columns (`--columns` overrides them).
    pub columns: &'static [&'static str],
    /// What is listed, for the note on an empty answer: "account assignments for --instance-id ...".
    pub what: String,
}

/// Writes every item of every page as the pages arrive, flushing after each page, with a
/// progress line on a terminal. An empty answer gets a note on stderr (on a terminal, or with
/// `--verbose`); a listing that fails part way leaves what was written, says on stderr that it is
/// incomplete and how to resume (`resume_token` of the last page written), and fails.
pub async fn write_pages<P, T>(
    pages: impl Stream<Item = idc::Result<P>> + Unpin,
    items_of: fn(P) -> Vec<T>,
    resume_token: fn(&P) -> Option<String>,
    listing: Listing,
    common: &Common,
) -> Result<(), Failure>
where
    T: Serialize,
{
    let stdout = io::stdout();
    let columns = common.columns(listing.columns);
    let mut sink = Sink::new(common.format(), columns, io::BufWriter::new(stdout.lock()))
        .with_width(terminal_width());
    let progress = Progress::on_terminal();
    let mut pages = pages;
    let mut page_count = 0usize;
    let mut token: Option<String> = None;
    let result = async {
        while let Some(page) = pages.try_next().await? {
            page_count += 1;
            token = resume_token(&page);
            for item in items_of(page) {
                sink.item(&item)?;
            }
            // JSON lines and CSV reach a pipe as each page arrives, not in 8 KiB chunks.
            sink.flush_page()?;
            progress.page(sink.written);
        }
        Ok::<_, Failure>(())
    }
    .await;
    progress.finish();
    // Write what arrived before a failure, then report the failure.
    let written = sink.written;
    let finished = sink.finish();
    if result.is_err() {
        eprintln!(
            "error: the listing stopped after {written} items in {page_count} pages: the output is \
             incomplete"
        );
        match (&token, page_count) {
            (Some(token), 1..) => eprintln!(
                "hint: resume after the last page written with --starting-token {}",
                escape::terminal(token)
            ),
            _ => eprintln!("hint: run the command again to start over"),
        }
    } else if written == 0 && (io::stderr().is_terminal() || common.verbose > 0) {
        eprintln!(
            "note: no {} (an id that does not exist can give an empty answer too: check the ids)",
            escape::terminal(&listing.what)
        );
    }
    result?;
    finished?;
    io::stderr().flush()?;
    Ok(())
}

/// The width of the terminal stdout is, if it is one.
fn terminal_width() -> Option<usize> {
    let term = console::Term::stdout();
    (term.is_term()).then(|| {
        term.size_checked()
            .map_or(120, |(_, cols)| usize::from(cols))
    })
}

/// Writes the answer of an operation that returns one object: its fields as the columns.
pub fn write_one(value: &impl Serialize, common: &Common) -> Result<(), Failure> {
    let json = serde_json::to_value(value).map_err(io::Error::from)?;
    let columns: Vec<String> = match &json {
        Value::Object(fields) => fields.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let stdout = io::stdout();
    let mut sink = Sink::new(common.format(), columns, io::BufWriter::new(stdout.lock()));
    sink.item(&json)?;
    sink.finish()?;
    Ok(())
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line: the item's fields as the service returns them.
    Json,
    /// An aligned table (buffered until the listing ends).
    Table,
    /// CSV with a header row.
    Csv,
}

/// Writes items in one format, with a fixed set of columns for table and CSV.
pub struct Sink<W: Write> {
    format: Format,
    columns: Vec<String>,
    out: W,
    rows: Vec<Vec<String>>,
    csv_header_written: bool,
    /// The table's width limit: the terminal's, when stdout is one.
    width: Option<usize>,
    pub(crate) written: usize,
}

impl<W: Write> Sink<W> {
    pub fn new(format: Format, columns: Vec<String>, out: W) -> Self {
        Self {
            format,
            columns,
            out,
            rows: Vec::new(),
            csv_header_written: false,
            width: None,
            written: 0,
        }
    }

    /// Writes one item.
    pub fn item(&mut self, item: &impl Serialize) -> io::Result<()> {
        self.written += 1;
        match self.format {
            Format::Json => {
                serde_json::to_writer(&mut self.out, item)?;
                self.out.write_all(b"\n")
            }
            Format::Csv => {
                if !self.csv_header_written {
                    self.csv_header_written = true;
                    self.csv_row(self.columns.clone())?;
                }
                let cells = self.cells(item)?;
                self.csv_row(cells)
            }
            Format::Table => {
                let cells = self.cells(item)?;
                self.rows.push(cells);
                Ok(())
            }
        }
    }

    /// Cuts table lines to `width` characters.
    pub fn with_width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// Ends a page: what JSON and CSV wrote so far reaches the reader now.
    pub fn flush_page(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json | Format::Csv => self.out.flush(),
            Format::Table => Ok(()),
        }
    }

    /// Ends the output: writes the table, or the CSV header of an empty listing; flushes.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json => {}
            Format::Csv if !self.csv_header_written => {
                self.csv_row(self.columns.clone())?;
            }
            Format::Csv => {}
            Format::Table => self.write_table()?,
        }
        self.out.flush()
    }

    fn cells(&self, item: &impl Serialize) -> io::Result<Vec<String>> {
        let value = serde_json::to_value(item)?;
        // A list of plain values (ids) has one column: the value itself.
        if !value.is_object() {
            return Ok(vec![cell(&value)]);
        }
        // The table is read by a person: nested values are summarised. CSV keeps them whole.
        let render = match self.format {
            Format::Table => summary,
            _ => cell,
        };
        Ok(self
            .columns
            .iter()
            .map(|c| render(&value[c.as_str()]))
            .collect())
    }

    fn csv_row(&mut self, cells: Vec<String>) -> io::Result<()> {
        // No formula reaches a spreadsheet and no control character a terminal.
        let cells: Vec<String> = cells.iter().map(|c| escape::csv_cell(c)).collect();
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        writer.write_record(&cells).map_err(io::Error::other)?;
        let bytes = writer
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        self.out.write_all(&bytes)
    }

    fn write_table(&mut self) -> io::Result<()> {
        let mut widths: Vec<usize> = self.columns.iter().map(|c| c.len()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(escape::terminal(cell).chars().count());
            }
        }
        let header: Vec<String> = self.columns.iter().map(|c| c.to_uppercase()).collect();
        let limit = self.width;
        write_aligned(&mut self.out, &header, &widths, limit)?;
        for row in std::mem::take(&mut self.rows) {
            write_aligned(&mut self.out, &row, &widths, limit)?;
        }
        Ok(())
    }
}

/// Writes one table line. Cells are escaped for the terminal first, so no server text can move the
/// cursor or start a line; widths are measured on the escaped text.
fn write_aligned(
    out: &mut impl Write,
    cells: &[String],
    widths: &[usize],
    limit: Option<usize>,
) -> io::Result<()> {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| escape::terminal(c).into_owned())
        .collect();
    let mut line = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i + 1 == cells.len() {
            line.push_str(cell);
        } else {
            line.push_str(&format!("{cell:<width$}  "));
        }
    }
    let line = line.trim_end();
    match limit {
        // Cut to the terminal's width rather than wrap a row over several lines.
        Some(limit) if line.chars().count() > limit => {
            let cut: String = line.chars().take(limit.saturating_sub(1)).collect();
            writeln!(out, "{cut}…")
        }
        _ => writeln!(out, "{line}"),
    }
}

/// A JSON value as a person reads it in a table: a list as its entries joined by `, `, an object
/// as its name (the first of `*_name`, `name`, `display_name`, `*_id`, `id`) or else its fields.
fn summary(value: &Value) -> String {
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
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(format: Format, items: &[Value]) -> String {
        let mut out = Vec::new();
        let columns = ["id", "name", "sets"].map(String::from).to_vec();
        let mut sink = Sink::new(format, columns, &mut out);
        for item in items {
            sink.item(item).unwrap();
        }
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_is_one_object_per_line() {
        let items = [
            json!({"id": "a", "name": null}),
            json!({"id": "b", "x": [1]}),
        ];
        assert_eq!(
            render(Format::Json, &items),
            "{\"id\":\"a\",\"name\":null}\n{\"id\":\"b\",\"x\":[1]}\n"
        );
    }

    #[test]
    fn csv_quotes_and_keeps_the_header_for_empty_listings() {
        let items = [json!({"id": "a,1", "name": "N", "sets": [{"k": 1}]})];
        assert_eq!(
            render(Format::Csv, &items),
            "id,name,sets\n\"a,1\",N,\"[{\"\"k\"\":1}]\"\n"
        );
        assert_eq!(render(Format::Csv, &[]), "id,name,sets\n");
    }

    #[test]
    fn tables_summarise_nested_values_and_cut_long_lines() {
        let sets = json!([{"permission_set_id": "ps-1", "permission_set_name": "Admin"},
                          {"permission_set_id": "ps-2"}, {"k": 1}]);
        assert_eq!(summary(&sets), "Admin, ps-2, k=1");
        assert_eq!(summary(&json!(["a", "b"])), "a, b");
        assert_eq!(summary(&json!({"user_id": "u-1", "extra": 2})), "u-1");
        let mut out = Vec::new();
        let columns = vec!["id".to_owned(), "sets".to_owned()];
        let mut sink = Sink::new(Format::Table, columns, &mut out).with_width(Some(12));
        sink.item(&json!({"id": "a", "sets": sets})).unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "a   Admin, …", "{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 12), "{text}");
        // CSV keeps the whole value.
        let csv = render(Format::Csv, &[json!({"id": "a", "sets": [{"k": 1}]})]);
        assert!(csv.contains("[{\"\"k\"\":1}]"), "{csv}");
    }

    #[test]
    fn a_list_of_ids_is_one_column() {
        let mut out = Vec::new();
        let mut sink = Sink::new(Format::Csv, vec!["account_ids".to_owned()], &mut out);
        sink.item(&"acct-1").unwrap();
        sink.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "account_ids\nacct-1\n");
    }

    #[test]
    fn table_aligns_columns() {
        let items = [
            json!({"id": "a", "name": "long name", "sets": 1}),
            json!({"id": "bbbb", "name": "n"}),
        ];
        assert_eq!(
            render(Format::Table, &items),
            "ID    NAME       SETS\na     long name  1\nbbbb  n\n"
        );
    }

    #[test]
    fn hostile_cells_are_escaped_in_the_table_and_neutralised_in_csv() {
        let items = [json!({
            "id": "\u{1b}]0;pwned\u{7}a\u{1b}[2J",
            "name": "x\nerror: fake line",
            "sets": "=HYPERLINK(\"http://evil\",\"click\")"
        })];
        let table = render(Format::Table, &items);
        assert!(
            !table.chars().any(|c| c.is_control() && c != '\n'),
            "{table:?}"
        );
        assert_eq!(table.lines().count(), 2, "no forged line: {table:?}");
        assert!(table.contains("x\\nerror: fake line"), "{table:?}");
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0].find("NAME"),
            lines[1].find("x\\n"),
            "columns align on the escaped text: {table:?}"
        );

        let csv = render(Format::Csv, &items);
        assert!(!csv.chars().any(|c| c.is_control() && c != '\n'), "{csv:?}");
        assert!(csv.contains("\"'=HYPERLINK("), "{csv:?}");
        assert!(
            csv.contains("\"x\nerror: fake line\""),
            "newline kept, quoted: {csv:?}"
        );
        assert!(csv.contains("\\u{1b}]0;pwned\\u{7}a"), "{csv:?}");

        let json = render(Format::Json, &items);
        let back: Value = serde_json::from_str(json.trim_end()).unwrap();
        assert_eq!(back, items[0], "JSON stays exact");
        assert!(!json.contains('\u{1b}'), "{json:?}");
    }
}
