//! Writing rows: JSON lines, CSV, an aligned table, or a self-contained HTML page.
//!
//! JSON lines and CSV are written row by row as rows arrive; the table and the HTML page need every
//! row (to align columns, to draw the matrix) and hold them until [`Writer::finish`].
//!
//! Server text is made safe for where it goes ([`escape`](crate::escape)): JSON keeps exact values
//! (JSON-escaped); the table escapes terminal control and invisible characters
//! ([`terminal`]) and measures what a terminal draws
//! ([`width`](crate::width)); CSV also neutralises spreadsheet formulas
//! ([`csv_cell`](crate::escape::csv_cell)); HTML escapes markup, shows invisible characters, isolates
//! every name from the text around it, and the page's script only ever sets `textContent`.

use std::io::Write;

use futures::{Stream, TryStreamExt};

pub mod page;

use crate::error::{Error, Result};
use crate::escape::{terminal, write_csv_record};
use crate::jsonl::{Header, Trailer};
use crate::model::{AssignmentRow, Record, Row, TargetType, ViaType};
use crate::width::{cut, pad, width};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Json,
    /// CSV with a header row.
    Csv,
    /// An aligned table, readable at 120 columns.
    Table,
    /// One self-contained HTML page (expanded rows only).
    Html,
}

/// One table cell, unescaped: a name, which the table may cut to fit its column, or an id
/// without a name, which it never cuts (an id cut short names nothing, and its `(no name)` mark
/// would go with it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    /// What the cell shows.
    pub text: String,
    /// Whether the text may be cut with `…` to fit the column.
    pub may_cut: bool,
}

impl Cell {
    /// Text that may be cut to fit (a name, a label).
    pub fn name(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            may_cut: true,
        }
    }

    /// Text that is never cut (an id).
    pub fn whole(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            may_cut: false,
        }
    }

    /// The same cell with `prefix` before its text (`group ` before a group).
    fn after(mut self, prefix: &str) -> Self {
        self.text.insert_str(0, prefix);
        self
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// A name for a table or page: the name, or the whole id marked as unresolved.
///
/// ```
/// use idc_report::format::shown;
/// assert_eq!(shown(Some("alice"), "u-1").to_string(), "alice");
/// assert_eq!(shown(None, "u-1").to_string(), "u-1 (no name)");
/// assert!(!shown(None, "u-1").may_cut);
/// ```
pub fn shown(name: Option<&str>, id: &str) -> Cell {
    match name {
        Some(name) => Cell::name(name),
        None => Cell::whole(format!("{id} (no name)")),
    }
}

/// How a table shows a record.
pub trait TableRecord: Record {
    /// The column headers.
    fn header() -> &'static [&'static str];
    /// The cells, unescaped.
    fn cells(&self) -> Vec<Cell>;
    /// The widest each column gets from a name (a longer name is cut with `…`); they add up to at
    /// most 120 with the separators. An id without a name is never cut: its column widens.
    fn widths() -> &'static [usize];
}

fn via(row: &Row) -> Cell {
    match row.via_type {
        ViaType::User => Cell::name("direct"),
        ViaType::AllUsers => Cell::name("all users"),
        ViaType::Group => shown(
            row.via_name.as_deref(),
            row.via_id.as_deref().unwrap_or_default(),
        )
        .after("group "),
    }
}

fn kind(t: TargetType) -> &'static str {
    match t {
        TargetType::Account => "ACCT",
        TargetType::Application => "APP",
    }
}

impl TableRecord for Row {
    fn header() -> &'static [&'static str] {
        &["USER", "TYPE", "TARGET", "PERMISSION SET", "VIA"]
    }
    fn widths() -> &'static [usize] {
        &[24, 4, 30, 24, 30]
    }
    fn cells(&self) -> Vec<Cell> {
        vec![
            shown(self.user_name.as_deref(), &self.user_id),
            Cell::name(kind(self.target_type)),
            shown(self.target_name.as_deref(), &self.target_id),
            self.permission_set_id
                .as_deref()
                .map_or_else(Cell::default, |id| {
                    shown(self.permission_set_name.as_deref(), id)
                }),
            via(self),
        ]
    }
}

impl TableRecord for AssignmentRow {
    fn header() -> &'static [&'static str] {
        &["PRINCIPAL", "WHO", "TYPE", "TARGET", "PERMISSION SET"]
    }
    fn widths() -> &'static [usize] {
        &[9, 28, 4, 34, 30]
    }
    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::name(self.principal_type.as_str()),
            self.principal_id.as_deref().map_or_else(
                || Cell::name("every user"),
                |id| shown(self.principal_name.as_deref(), id),
            ),
            Cell::name(kind(self.target_type)),
            shown(self.target_name.as_deref(), &self.target_id),
            self.permission_set_id
                .as_deref()
                .map_or_else(Cell::default, |id| {
                    shown(self.permission_set_name.as_deref(), id)
                }),
        ]
    }
}

/// Writes records in one format.
///
/// ```
/// use idc_report::format::{Format, Writer};
/// use idc_report::{Cloud, Row, TargetType, ViaType};
///
/// let row = Row {
///     cloud: Cloud::Scp, instance_id: "i".into(), user_id: "u".into(), user_name: Some("=1+1".into()),
///     target_type: TargetType::Account, target_id: "a".into(), target_name: None,
///     permission_set_id: Some("ps".into()), permission_set_name: Some("Admin".into()),
///     via_type: ViaType::User, via_id: None, via_name: None,
/// };
/// let mut csv = Writer::new(Format::Csv, Vec::new(), "report");
/// csv.write(row)?;
/// let text = String::from_utf8(csv.finish()?).unwrap();
/// assert_eq!(text.lines().nth(1), Some("scp,i,u,'=1+1,ACCOUNT,a,,ps,Admin,USER,,"));
/// # Ok::<(), idc_report::Error>(())
/// ```
pub struct Writer<W: Write, R> {
    format: Format,
    out: W,
    held: Vec<R>,
    written: usize,
    title: String,
    header: Option<Header>,
    columns: Option<Vec<usize>>,
}

impl<W: Write, R> std::fmt::Debug for Writer<W, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("format", &self.format)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

fn io(context: &str) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        context: context.to_owned(),
        source,
    }
}

/// What the HTML page needs of a record.
pub trait HtmlRecord: TableRecord {
    /// The page for these records; `incomplete`, when the report failed, says so in a banner
    /// (the rows written and the error).
    fn page(title: &str, records: &[Self], incomplete: Option<&str>) -> String
    where
        Self: Sized;
}

/// What a table or page says of a report that failed after `rows` records.
fn incomplete_banner(rows: usize, error: &Error) -> String {
    format!("INCOMPLETE REPORT: {rows} rows written, then it failed: {error}")
}

impl<W: Write, R: HtmlRecord> Writer<W, R> {
    /// A writer of `format` to `out`; `title` heads the HTML page.
    pub fn new(format: Format, out: W, title: impl Into<String>) -> Self {
        Self {
            format,
            out,
            held: Vec::new(),
            written: 0,
            title: title.into(),
            header: None,
            columns: None,
        }
    }

    /// Only these fields ([`column_indices`]), in this order, in the table and CSV (the table then
    /// shows the fields' values as [`columns_table`] does). JSON lines and the page keep every
    /// field.
    pub fn columns(mut self, columns: Vec<usize>) -> Self {
        self.columns = Some(columns);
        self
    }

    /// The names of the CSV's columns.
    fn csv_header(&self) -> Vec<String> {
        let fields = R::fields();
        match &self.columns {
            Some(columns) => columns.iter().map(|i| fields[*i].to_owned()).collect(),
            None => fields.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    /// The table of what is held.
    fn table_text(&self) -> String {
        match &self.columns {
            Some(columns) => columns_table(&self.held, columns),
            None => table(&self.held),
        }
    }

    /// Heads JSON lines with `header` and ends them with a trailer once [`finish`](Self::finish)ed
    /// (see [`jsonl`](crate::jsonl)): a report that fails has no trailer. Other formats ignore it.
    pub fn header(mut self, header: Header) -> Self {
        self.header = Some(header);
        self
    }

    fn write_line(&mut self, line: &[u8]) -> Result<()> {
        self.out
            .write_all(line)
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(io("cannot write JSON"))
    }

    fn write_header(&mut self) -> Result<()> {
        match &self.header {
            Some(h) => {
                let line = h.line();
                self.write_line(line.as_bytes())
            }
            None => Ok(()),
        }
    }

    /// Records written (or held) so far.
    pub fn count(&self) -> usize {
        self.written
    }

    /// Writes one record (the table and HTML hold it until [`finish`](Self::finish)).
    pub fn write(&mut self, record: R) -> Result<()> {
        self.written += 1;
        match self.format {
            Format::Json => {
                if self.written == 1 {
                    self.write_header()?;
                }
                // Serialized first, so that a write error keeps its kind (a closed pipe).
                let line = serde_json::to_vec(&record)
                    .map_err(|e| io("cannot write JSON")(std::io::Error::other(e)))?;
                self.write_line(&line)?;
            }
            Format::Csv => {
                if self.written == 1 {
                    self.write_csv_header()?;
                }
                let values = record.values();
                let cells: Vec<&str> = match &self.columns {
                    Some(columns) => columns
                        .iter()
                        .map(|i| values.get(*i).copied().flatten().unwrap_or_default())
                        .collect(),
                    None => values.into_iter().map(Option::unwrap_or_default).collect(),
                };
                write_csv_record(&mut self.out, cells).map_err(io("cannot write CSV"))?;
            }
            Format::Table | Format::Html => self.held.push(record),
        }
        Ok(())
    }

    fn write_csv_header(&mut self) -> Result<()> {
        let header = self.csv_header();
        write_csv_record(&mut self.out, header).map_err(io("cannot write CSV"))
    }

    /// Writes what is held (table, HTML; a CSV header when there were no rows; the JSON header
    /// when there were no rows, and the trailer) and flushes: the report is complete.
    pub fn finish(mut self) -> Result<W> {
        match self.format {
            Format::Json => {
                if self.written == 0 {
                    self.write_header()?;
                }
                if self.header.is_some() {
                    let trailer = Trailer::line(self.written as u64);
                    self.write_line(trailer.as_bytes())?;
                }
            }
            Format::Csv => {
                if self.written == 0 {
                    self.write_csv_header()?;
                }
            }
            Format::Table => {
                let text = self.table_text();
                self.out
                    .write_all(text.as_bytes())
                    .map_err(io("cannot write the table"))?;
            }
            Format::Html => {
                let page = R::page(&self.title, &self.held, None);
                self.out
                    .write_all(page.as_bytes())
                    .map_err(io("cannot write the page"))?;
            }
        }
        self.out.flush().map_err(io("cannot write the output"))?;
        Ok(self.out)
    }

    /// Ends a report that failed with `error`: nothing more than the records written so far, and
    /// nothing that could pass for a complete report. JSON lines get no trailer; CSV stays as
    /// written; the table and the page are written under a banner naming the rows written and the
    /// error (the table's also under its last line). Flushes.
    pub fn fail(mut self, error: &Error) -> Result<W> {
        let banner = incomplete_banner(self.written, error);
        match self.format {
            Format::Json | Format::Csv => {}
            Format::Table => {
                let banner = terminal(&banner);
                let text = format!("{banner}\n{}{banner}\n", self.table_text());
                self.out
                    .write_all(text.as_bytes())
                    .map_err(io("cannot write the table"))?;
            }
            Format::Html => {
                let page = R::page(&self.title, &self.held, Some(&banner));
                self.out
                    .write_all(page.as_bytes())
                    .map_err(io("cannot write the page"))?;
            }
        }
        self.out.flush().map_err(io("cannot write the output"))?;
        Ok(self.out)
    }
}

/// An aligned table of `records`, cells escaped for a terminal and names cut to the record's
/// [widths](TableRecord::widths): at most 120 columns, unless an id without a name (never cut)
/// is wider than its column.
///
/// ```
/// # use idc_report::{Cloud, Row, TargetType, ViaType};
/// # let row = Row {
/// #     cloud: Cloud::Scp, instance_id: "i".into(), user_id: "u".into(), user_name: Some("bob".into()),
/// #     target_type: TargetType::Account, target_id: "a".into(), target_name: None,
/// #     permission_set_id: Some("ps".into()), permission_set_name: Some("Admin".into()),
/// #     via_type: ViaType::User, via_id: None, via_name: None,
/// # };
/// let text = idc_report::format::table(&[row]);
/// assert_eq!(text.lines().nth(1), Some("bob   ACCT  a (no name)  Admin           direct"));
/// ```
pub fn table<R: TableRecord>(records: &[R]) -> String {
    let header = R::header().iter().map(|h| (*h).to_owned()).collect();
    table_cells(header, R::widths(), records.iter().map(TableRecord::cells))
}

/// A table of chosen fields ([`column_indices`]): headed by the field names in capitals, a null
/// shown empty, names (`*_name`) cut to 30 columns, ids and the rest never cut.
///
/// ```
/// # use idc_report::{Cloud, Row, TargetType, ViaType};
/// # let row = Row {
/// #     cloud: Cloud::Scp, instance_id: "i".into(), user_id: "u-1".into(), user_name: Some("bob".into()),
/// #     target_type: TargetType::Account, target_id: "a".into(), target_name: None,
/// #     permission_set_id: Some("ps".into()), permission_set_name: Some("Admin".into()),
/// #     via_type: ViaType::User, via_id: None, via_name: None,
/// # };
/// use idc_report::format::{column_indices, columns_table};
/// let columns = column_indices::<Row>(&["user_id".into(), "user_name".into(), "target_name".into()]).unwrap();
/// let text = columns_table(&[row], &columns);
/// assert_eq!(text, "USER_ID  USER_NAME  TARGET_NAME\nu-1      bob\n");
/// ```
pub fn columns_table<R: Record>(records: &[R], columns: &[usize]) -> String {
    let fields = R::fields();
    let header = columns.iter().map(|i| fields[*i].to_uppercase()).collect();
    let widths: Vec<usize> = columns
        .iter()
        .map(|i| {
            if fields[*i].ends_with("_name") {
                30
            } else {
                usize::MAX
            }
        })
        .collect();
    let cells = records.iter().map(|r| {
        let values = r.values();
        columns
            .iter()
            .map(|i| match values.get(*i).copied().flatten() {
                Some(v) if fields[*i].ends_with("_name") => Cell::name(v),
                Some(v) => Cell::whole(v),
                None => Cell::default(),
            })
            .collect()
    });
    table_cells(header, &widths, cells)
}

/// The positions of the fields named in `names` (in that order) among `R`'s
/// [fields](Record::fields), or the first name that is not a field, with the fields there are.
pub fn column_indices<R: Record>(names: &[String]) -> std::result::Result<Vec<usize>, String> {
    names
        .iter()
        .map(|name| {
            R::fields().iter().position(|f| f == name).ok_or_else(|| {
                format!(
                    "{}: not a column (columns: {})",
                    terminal(name),
                    R::fields().join(", ")
                )
            })
        })
        .collect()
}

/// Rows of cells aligned under `header`, each cell escaped for a terminal and cut to its width
/// when it may be.
fn table_cells(
    header: Vec<String>,
    widths: &[usize],
    cells: impl Iterator<Item = Vec<Cell>>,
) -> String {
    let rows: Vec<Vec<String>> = cells
        .map(|cells| {
            cells
                .iter()
                .zip(widths)
                .map(|(c, w)| {
                    let text = terminal(&c.text);
                    if c.may_cut {
                        cut(&text, *w)
                    } else {
                        text.into_owned()
                    }
                })
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| pad(cell, *w))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Writes every record of `records` as it arrives. Records that arrived before a failure are
/// written, marked incomplete ([`Writer::fail`]: no JSON trailer, a banner on the table and the
/// page), and the failure is returned as [`Error::Interrupted`] with the count written. A failure
/// before the first record (a filter value matching nothing, a request refused) writes nothing at
/// all: no header, no empty page, and is returned as it is. A report that is empty without failing
/// gets its header (and its JSON trailer).
pub async fn write_all<W, R>(
    records: impl Stream<Item = Result<R>>,
    mut writer: Writer<W, R>,
) -> Result<(usize, W)>
where
    W: Write,
    R: HtmlRecord,
{
    let mut records = std::pin::pin!(records);
    let result = async {
        while let Some(record) = records.try_next().await? {
            writer.write(record)?;
        }
        Ok::<_, Error>(())
    }
    .await;
    let count = writer.count();
    match result {
        Err(e) if count == 0 => Err(e),
        Err(e) => {
            writer.fail(&e)?;
            Err(Error::Interrupted {
                rows: count,
                source: Box::new(e),
            })
        }
        Ok(()) => {
            let out = writer.finish()?;
            Ok((count, out))
        }
    }
}
