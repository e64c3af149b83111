//! Writing answers: JSON lines, CSV or an aligned table.
//!
//! Listings ([`write_pages`]): JSON and CSV are streamed, one item at a time, as pages arrive; the
//! table is buffered to the end so that its columns can be aligned. Nothing is written before the
//! first page has arrived, so a request that fails at once leaves stdout empty.
//!
//! One object ([`write_one`]): JSON as the service sent it. A one-field wrapper
//! (`{"account": {...}}`) is taken off first; then the table lists the object's fields as FIELD /
//! VALUE rows (nested objects flattened to `name.formatted` rows), and CSV has a header of those
//! fields and one row. A list inside a wrapper (`{"results": [...]}`) is written like a listing.
//!
//! The columns are the operation's defaults, `--columns` (checked against the fields the response
//! type names), or, when the operation names none and its items are kept as the service sent them,
//! the fields of the first page's items.

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};

use futures::{Stream, TryStreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Failure;
use crate::args::{Common, Format};
use crate::escape;
use crate::fields::{self, Shape};
use crate::progress::{ClearOnWrite, Progress};

/// What a generated subcommand tells the writer about its listing.
pub struct Listing {
    /// The default table and CSV columns (`--columns` overrides them); empty when the items'
    /// fields are not known before they arrive.
    pub columns: &'static [&'static str],
    /// The fields the spec documents for the items (empty when it documents none): what
    /// `--columns` may name when the item type itself keeps any field the service sends.
    pub fields: &'static [&'static str],
    /// What is listed, for the note on an empty answer: "account assignments for --instance-id ...".
    pub what: String,
}

/// Writes every item of every page as the pages arrive, flushing after each page, with a
/// progress line on a terminal. An empty answer gets a note on stderr (on a terminal, or with
/// `--verbose`). A listing that fails before its first page writes nothing; one that fails part
/// way leaves what was written, says on stderr that it is incomplete and how to resume
/// (`resume_token` of the last page written), and fails.
pub async fn write_pages<P, T>(
    pages: impl Stream<Item = idc::Result<P>> + Unpin,
    items_of: fn(P) -> Vec<T>,
    resume_token: fn(&P) -> Option<String>,
    listing: Listing,
    common: &Common,
) -> Result<(), Failure>
where
    T: Serialize + DeserializeOwned,
{
    // Checked before the first request: an unknown column is a usage error, not a blank column.
    let mut shape = fields::shape::<T>();
    if shape.fields.is_none() && shape.open && !listing.fields.is_empty() {
        // An item that keeps undocumented fields is checked against the documented ones: a typo
        // is refused; a field a newer version adds is in --output json.
        shape.fields = Some(listing.fields.to_vec());
    }
    let columns = Columns::choose(common.columns.as_deref(), listing.columns, &shape)?;
    let progress = Progress::on_terminal();
    let stdout = io::stdout();
    let out = io::BufWriter::new(ClearOnWrite::stdout(stdout.lock(), progress.bar()));
    let mut sink = Sink::new(common.format(), columns, out).with_width(terminal_width());
    let mut pages = pages;
    let mut page_count = 0usize;
    let mut token: Option<String> = None;
    let result = async {
        while let Some(page) = pages.try_next().await? {
            page_count += 1;
            token = resume_token(&page);
            sink.page(&items_of(page))?;
            // JSON lines and CSV reach a pipe as each page arrives, not in 8 KiB chunks.
            sink.flush_page()?;
            progress.page(sink.written);
        }
        Ok::<_, Failure>(())
    }
    .await;
    progress.finish();
    let written = sink.written;
    let unmatched = sink.unmatched();
    let left_out = sink.left_out();
    // A failure before the first page leaves stdout empty: no header, no empty table.
    let finished = match (&result, page_count) {
        (Err(_), 0) => Ok(()),
        _ => sink.finish(),
    };
    if let Err(failure) = result {
        return Err(stopped(failure, written, page_count, token.as_deref()));
    }
    if written == 0 && (io::stderr().is_terminal() || common.verbose > 0) {
        eprintln!(
            "note: no {} (an id that does not exist can give an empty answer too: check the ids)",
            escape::terminal(&listing.what)
        );
    }
    if let Some(note) = unmatched {
        // Items that keep fields the service adds later: no type to check the names against.
        eprintln!("note: {}", escape::terminal(&note));
    }
    if !left_out.is_empty() {
        eprintln!(
            "note: later items have fields the CSV header (read off the first page) does not: {}; \
             --output json shows every field",
            escape::terminal(&quoted_list(&left_out))
        );
    }
    finished?;
    io::stderr().flush()?;
    Ok(())
}

/// The failure of a listing, with what the reader should know: whether the output is incomplete
/// (only when something was written), where to resume, and whether running it again may help
/// (only for a failure that may pass).
fn stopped(failure: Failure, written: usize, pages: usize, token: Option<&str>) -> Failure {
    // `idc ... | head -1`: the reader left; nothing to explain.
    if matches!(&failure, Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe) {
        return failure;
    }
    let started = written > 0 || pages > 0;
    if started {
        eprintln!(
            "error: the listing stopped after {written} items in {pages} pages: the output is \
             incomplete"
        );
    }
    let hint = match token {
        Some(token) if started => Some(format!(
            "hint: resume after the last page written with --starting-token {}",
            escape::terminal(token)
        )),
        _ if transient(&failure) && started => {
            Some("hint: run the command again to start over".to_owned())
        }
        _ if transient(&failure) => Some(
            "hint: the failure may be temporary: run the command again (--max-attempts allows \
             more retries)"
                .to_owned(),
        ),
        _ => None,
    };
    match hint {
        Some(hint) => Failure::Hinted {
            cause: Box::new(failure),
            hint,
        },
        None => failure,
    }
}

/// Whether running the command again may succeed: what the client retries, or a timeout.
fn transient(failure: &Failure) -> bool {
    match failure {
        Failure::Idc(e) => e.is_retryable() || matches!(e, idc::Error::Timeout { .. }),
        _ => false,
    }
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The width of the terminal stdout is, if it is one.
fn terminal_width() -> Option<usize> {
    let term = console::Term::stdout();
    (term.is_term()).then(|| {
        term.size_checked()
            .map_or(120, |(_, cols)| usize::from(cols))
    })
}

/// The columns of a table or CSV.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// The columns, or `None` to read them off the items.
    names: Option<Vec<String>>,
    /// Whether the names were checked against the fields the type names; unchecked ones that no
    /// item has are said on stderr.
    checked: bool,
}

impl Columns {
    /// These columns, as known (a listing's defaults).
    pub fn fixed(names: Vec<String>) -> Self {
        Self {
            names: Some(names),
            checked: true,
        }
    }

    /// Columns read off the items.
    pub fn derived() -> Self {
        Self::default()
    }

    /// `--columns` (checked against the fields the item type names, and the defaults), else
    /// `defaults`, else read off the items.
    fn choose(
        requested: Option<&[String]>,
        defaults: &[&str],
        item: &Shape,
    ) -> Result<Self, Failure> {
        let requested = cleaned(requested);
        let valid: Option<Vec<&str>> = match &item.fields {
            Some(fields) => {
                let mut valid = fields.clone();
                valid.extend(defaults.iter().filter(|d| !fields.contains(d)));
                Some(valid)
            }
            // Items that keep fields the service adds later: no list to check against.
            None if item.open => None,
            // A list of plain values (ids) has the one column its default names.
            None if !defaults.is_empty() => Some(defaults.to_vec()),
            None => None,
        };
        match requested {
            None if defaults.is_empty() => Ok(Self::derived()),
            None => Ok(Self::fixed(
                defaults.iter().map(|c| (*c).to_owned()).collect(),
            )),
            Some(requested) => {
                if let Some(valid) = &valid {
                    check(&requested, valid)?;
                }
                Ok(Self {
                    names: Some(requested),
                    checked: valid.is_some(),
                })
            }
        }
    }
}

/// `--columns` without blanks (`a,,b`); `None` when it names nothing.
fn cleaned(requested: Option<&[String]>) -> Option<Vec<String>> {
    let names: Vec<String> = requested
        .unwrap_or_default()
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// An error naming the columns of `requested` that are not in `valid` (a column `a.b` is valid when
/// `a` is: a field inside a nested object).
fn check(requested: &[String], valid: &[&str]) -> Result<(), Failure> {
    let unknown: Vec<String> = requested
        .iter()
        .filter(|c| {
            let top = c.split('.').next().unwrap_or_default();
            !valid.contains(&c.as_str()) && !valid.contains(&top)
        })
        .cloned()
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Failure::Usage(format!(
        "unknown column{} {} for --columns (the columns: {})",
        if unknown.len() == 1 { "" } else { "s" },
        quoted_list(&unknown),
        valid.join(", ")
    )))
}

/// Writes the answer of an operation that returns one object (see the [module docs](self)).
pub fn write_one<T>(value: &T, common: &Common) -> Result<(), Failure>
where
    T: Serialize + DeserializeOwned,
{
    let json = serde_json::to_value(value).map_err(io::Error::from)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let notes = write_object(
        json,
        &fields::shape::<T>(),
        common.format(),
        common.columns.as_deref(),
        terminal_width(),
        &mut out,
    )?;
    out.flush()?;
    for note in notes {
        eprintln!("note: {}", escape::terminal(&note));
    }
    Ok(())
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
    if format == Format::Json {
        // Exactly as the service sent it: no unwrapping, no flattening.
        serde_json::to_writer(&mut *out, &json).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
        return Ok(Vec::new());
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
                Format::Json => {}
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

    /// Writes one page of items: JSON straight from the items (the exact fields, in order), the
    /// table and CSV from their JSON values.
    pub fn page<T: Serialize>(&mut self, items: &[T]) -> io::Result<()> {
        if self.format == Format::Json {
            for item in items {
                self.written += 1;
                serde_json::to_writer(&mut self.out, item)?;
                self.out.write_all(b"\n")?;
            }
            return Ok(());
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

/// The value of `column` in `item`: a field, or a field inside a nested object (`name.formatted`).
fn lookup<'a>(item: &'a Value, column: &str) -> Option<&'a Value> {
    if let Some(value) = item.get(column) {
        return Some(value);
    }
    let mut value = item;
    for name in column.split('.') {
        value = value.get(name)?;
    }
    Some(value)
}

/// Writes one CSV row: no formula reaches a spreadsheet and no control character a terminal.
fn csv_row(out: &mut impl Write, cells: Vec<String>) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| escape::csv_cell(c)).collect();
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(&cells).map_err(io::Error::other)?;
    let bytes = writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

/// Writes an aligned table: the header, then the rows.
fn write_rows(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    limit: Option<usize>,
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|c| c.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(escape::terminal(cell).chars().count());
        }
    }
    write_aligned(out, header, &widths, limit)?;
    for row in rows {
        write_aligned(out, row, &widths, limit)?;
    }
    Ok(())
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
        let columns = Columns::fixed(["id", "name", "sets"].map(String::from).to_vec());
        let mut sink = Sink::new(format, columns, &mut out);
        sink.page(items).unwrap();
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    fn derived(format: Format, pages: &[&[Value]]) -> (String, Vec<String>) {
        let mut out = Vec::new();
        let mut sink = Sink::new(format, Columns::derived(), &mut out);
        for page in pages {
            sink.page(page).unwrap();
        }
        let left_out = sink.left_out();
        sink.finish().unwrap();
        (String::from_utf8(out).unwrap(), left_out)
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
        let columns = Columns::fixed(vec!["id".to_owned(), "sets".to_owned()]);
        let mut sink = Sink::new(Format::Table, columns, &mut out).with_width(Some(12));
        sink.page(&[json!({"id": "a", "sets": sets})]).unwrap();
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
        let columns = Columns::fixed(vec!["account_ids".to_owned()]);
        let mut sink = Sink::new(Format::Csv, columns, &mut out);
        sink.page(&["acct-1"]).unwrap();
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
    fn columns_can_name_fields_inside_nested_objects() {
        let mut out = Vec::new();
        let columns = Columns::fixed(vec!["id".to_owned(), "member.user_id".to_owned()]);
        let mut sink = Sink::new(Format::Csv, columns, &mut out);
        sink.page(&[json!({"id": "a", "member": {"user_id": "u-1"}})])
            .unwrap();
        sink.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,member.user_id\na,u-1\n"
        );
    }

    #[test]
    fn without_default_columns_they_are_read_off_the_items() {
        let first: &[Value] = &[
            json!({"category": "MANAGED", "id": "p-1", "name": "Admin"}),
            json!({"category": "CUSTOM", "description": "mine", "id": "p-2", "name": "Own"}),
        ];
        let second: &[Value] = &[json!({"id": "p-3", "name": "Deny", "document": {"v": 1}})];
        let (csv, left_out) = derived(Format::Csv, &[first, second]);
        assert_eq!(
            csv,
            "category,id,name,description\nMANAGED,p-1,Admin,\nCUSTOM,p-2,Own,mine\n,p-3,Deny,\n"
        );
        assert_eq!(
            left_out,
            ["document"],
            "said on stderr, not dropped silently"
        );
        // The table holds every item, so its columns are every item's fields.
        let (table, _) = derived(Format::Table, &[first, second]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0].split_whitespace().collect::<Vec<_>>(),
            ["CATEGORY", "ID", "NAME", "DESCRIPTION", "DOCUMENT"]
        );
        assert!(
            lines[3].contains("Deny") && lines[3].ends_with("v=1"),
            "{table}"
        );
        assert!(!table.lines().any(|l| l.trim().is_empty()), "no blank rows");
    }

    #[test]
    fn derived_columns_of_an_empty_listing_print_nothing() {
        assert_eq!(derived(Format::Csv, &[&[]]).0, "");
        assert_eq!(derived(Format::Table, &[&[]]).0, "");
        // An empty first page does not fix the header: the next page's items do.
        let (csv, _) = derived(Format::Csv, &[&[], &[json!({"id": "p-1"})]]);
        assert_eq!(csv, "id\np-1\n");
    }

    #[test]
    fn unknown_columns_are_a_usage_error_naming_them_and_the_valid_ones() {
        let requested = ["name".to_owned(), "nope".to_owned(), "also".to_owned()];
        let item = Shape {
            fields: Some(vec!["id", "name", "member"]),
            ..Shape::default()
        };
        let Err(Failure::Usage(message)) = Columns::choose(Some(&requested), &["name"], &item)
        else {
            panic!("not a usage error");
        };
        assert_eq!(
            message,
            "unknown columns \"nope\", \"also\" for --columns (the columns: id, name, member)"
        );
        // A field the type names but the defaults leave out, and one inside a nested object.
        let ok = ["id".to_owned(), "member.user_id".to_owned()];
        let columns = Columns::choose(Some(&ok), &["name"], &item).ok();
        assert_eq!(columns, Some(Columns::fixed(ok.to_vec())));
        // A list of ids: its default is its one column.
        assert!(matches!(
            Columns::choose(Some(&["id".to_owned()]), &["account_ids"], &Shape::default()),
            Err(Failure::Usage(m)) if m.contains("(the columns: account_ids)")
        ));
        // Items that keep fields the service adds later: nothing to check against, so any name
        // goes (and is noted when no item has it), with or without defaults.
        let open = Shape {
            open: true,
            ..Shape::default()
        };
        for defaults in [&[][..], &["name"][..]] {
            assert_eq!(
                Columns::choose(Some(&["x".to_owned()]), defaults, &open).ok(),
                Some(Columns {
                    names: Some(vec!["x".to_owned()]),
                    checked: false
                })
            );
        }
        assert_eq!(
            Columns::choose(None, &[], &open).ok(),
            Some(Columns::derived())
        );
        assert_eq!(
            Columns::choose(Some(&[String::new()]), &["a"], &open).ok(),
            Some(Columns::fixed(vec!["a".to_owned()])),
            "an empty --columns is no --columns"
        );
    }

    #[test]
    fn unchecked_columns_that_no_item_has_are_reported() {
        let columns = Columns {
            names: Some(vec!["id".to_owned(), "x".to_owned()]),
            checked: false,
        };
        let mut sink = Sink::new(Format::Csv, columns, Vec::new());
        assert_eq!(sink.unmatched(), None, "nothing to say before any item");
        sink.page(&[json!({"id": "a", "name": "n"})]).unwrap();
        assert_eq!(
            sink.unmatched().as_deref(),
            Some("no item has the column \"x\" (the items' fields: id, name)")
        );
        let columns = Columns::fixed(vec!["x".to_owned()]);
        let mut sink = Sink::new(Format::Csv, columns, Vec::new());
        sink.page(&[json!({"id": "a"})]).unwrap();
        assert_eq!(sink.unmatched(), None, "checked columns need no note");
    }

    #[test]
    fn early_failures_write_nothing_and_say_nothing_of_incomplete_output() {
        let e = Failure::Idc(idc::Error::Configuration {
            message: "bad".into(),
        });
        // Nothing written, not transient: the failure as it is, without a hint.
        assert!(matches!(stopped(e, 0, 0, None), Failure::Idc(_)));
        // Transient, nothing written: only the hint to run it again.
        let throttled = Failure::Idc(idc::Error::Timeout {
            kind: idc::error::TimeoutKind::Operation,
            after: std::time::Duration::from_secs(1),
        });
        match stopped(throttled, 0, 0, None) {
            Failure::Hinted { hint, .. } => assert!(hint.contains("run the command again")),
            _ => panic!("no hint"),
        }
        // Part way, with a token: resume.
        let e = Failure::Idc(idc::Error::Configuration {
            message: "bad".into(),
        });
        match stopped(e, 10, 1, Some("m-1")) {
            Failure::Hinted { hint, .. } => assert!(hint.contains("--starting-token m-1")),
            _ => panic!("no hint"),
        }
        // The reader went away: quiet.
        let pipe = Failure::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(matches!(stopped(pipe, 3, 1, Some("m")), Failure::Output(_)));
    }

    fn one(json: Value, shape: &Shape, format: Format, columns: &[&str]) -> (String, Vec<String>) {
        let columns: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
        let mut out = Vec::new();
        let requested = (!columns.is_empty()).then_some(columns.as_slice());
        let notes = write_object(json, shape, format, requested, None, &mut out)
            .unwrap_or_else(|_| panic!("failed"));
        (String::from_utf8(out).unwrap(), notes)
    }

    fn wrapper(inner: &[&'static str]) -> Shape {
        Shape {
            fields: Some(vec!["account"]),
            inner: Some(inner.to_vec()),
            open: false,
        }
    }

    #[test]
    fn one_object_is_unwrapped_into_field_value_rows() {
        let shape = wrapper(&["name", "id", "parent_unit_name", "owner"]);
        let answer = json!({"account": {
            "id": "a-1", "name": "Admin Account", "parent_unit_name": "Root",
            "owner": {"name": "Kim", "email": "kim@example.com"}, "extra": [1, 2]
        }});
        let (table, notes) = one(answer.clone(), &shape, Format::Table, &[]);
        assert_eq!(
            table,
            "FIELD             VALUE\n\
             name              Admin Account\n\
             id                a-1\n\
             parent_unit_name  Root\n\
             owner.email       kim@example.com\n\
             owner.name        Kim\n\
             extra             1, 2\n"
        );
        assert!(notes.is_empty());
        let (csv, _) = one(answer.clone(), &shape, Format::Csv, &[]);
        assert_eq!(
            csv,
            "name,id,parent_unit_name,owner.email,owner.name,extra\n\
             Admin Account,a-1,Root,kim@example.com,Kim,\"[1,2]\"\n"
        );
        // JSON stays exactly the answer.
        let (json_line, _) = one(answer.clone(), &shape, Format::Json, &[]);
        assert_eq!(serde_json::from_str::<Value>(&json_line).unwrap(), answer);
    }

    #[test]
    fn columns_pick_the_fields_of_one_object() {
        let shape = wrapper(&["name", "id", "owner", "description"]);
        let answer = json!({"account": {"id": "a-1", "name": "N", "owner": {"name": "Kim"}}});
        let (csv, notes) = one(
            answer.clone(),
            &shape,
            Format::Csv,
            &["id", "owner", "description"],
        );
        assert_eq!(csv, "id,owner.name,description\na-1,Kim,\n");
        assert!(notes.is_empty(), "description is a field, only absent");
        let (table, _) = one(answer.clone(), &shape, Format::Table, &["id"]);
        assert_eq!(table, "FIELD  VALUE\nid     a-1\n");
        let mut out = Vec::new();
        let bad = ["nope".to_owned()];
        let result = write_object(answer, &shape, Format::Table, Some(&bad), None, &mut out);
        assert!(matches!(result, Err(Failure::Usage(m)) if m.contains("\"nope\"")));
        assert!(out.is_empty());
    }

    #[test]
    fn an_open_object_notes_a_column_it_lacks_instead_of_refusing_it() {
        // SCP objects keep the fields the service adds later: their type names no fields.
        let open = Shape {
            fields: Some(vec!["account"]),
            inner: None,
            open: false,
        };
        let answer = json!({"account": {"id": "a-1", "name": "N"}});
        let (csv, notes) = one(answer, &open, Format::Csv, &["name", "nmae"]);
        assert_eq!(csv, "name,nmae\nN,\n");
        assert_eq!(
            notes,
            ["the answer has no field \"nmae\" (its fields: id, name)"]
        );
    }

    #[test]
    fn a_list_in_a_wrapper_is_a_table_with_a_column_per_field() {
        let shape = Shape {
            fields: Some(vec!["results"]),
            inner: Some(vec!["group_id", "member_id", "membership_exists"]),
            open: false,
        };
        let answer = json!({"results": [
            {"group_id": "g-1", "member_id": {"user_id": "u-1"}, "membership_exists": true},
            {"group_id": "g-2", "member_id": {"user_id": "u-1"}, "membership_exists": false},
        ]});
        let (table, _) = one(answer.clone(), &shape, Format::Table, &[]);
        assert_eq!(
            table,
            "GROUP_ID  MEMBER_ID.USER_ID  MEMBERSHIP_EXISTS\n\
             g-1       u-1                true\n\
             g-2       u-1                false\n"
        );
        let (csv, _) = one(
            answer.clone(),
            &shape,
            Format::Csv,
            &["membership_exists", "group_id"],
        );
        assert_eq!(csv, "membership_exists,group_id\ntrue,g-1\nfalse,g-2\n");
        // A list of plain values: one column named after the list.
        let (ids, _) = one(
            json!({"ids": ["a", "b"]}),
            &Shape::default(),
            Format::Table,
            &[],
        );
        assert_eq!(ids, "IDS\na\nb\n");
    }

    #[test]
    fn an_empty_answer_prints_nothing_and_says_so() {
        let shape = Shape {
            fields: Some(vec!["custom_policy"]),
            ..Shape::default()
        };
        for format in [Format::Table, Format::Csv] {
            let (out, notes) = one(json!({}), &shape, format, &[]);
            assert_eq!(out, "", "{format:?}: no blank line, no empty cell");
            assert_eq!(notes, ["the answer has no custom_policy (nothing to show)"]);
        }
        let (out, notes) = one(
            json!({"results": []}),
            &Shape::default(),
            Format::Table,
            &[],
        );
        assert_eq!(out, "");
        assert_eq!(notes, ["the answer has no results (nothing to show)"]);
        // A present document is a field like any other.
        let (table, _) = one(
            json!({"custom_policy": "{\"V\":1}"}),
            &shape,
            Format::Table,
            &[],
        );
        assert_eq!(table, "FIELD          VALUE\ncustom_policy  {\"V\":1}\n");
        // JSON shows the answer as sent, empty or not.
        assert_eq!(one(json!({}), &shape, Format::Json, &[]).0, "{}\n");
    }

    #[test]
    fn a_type_with_several_fields_is_not_unwrapped() {
        let shape = Shape {
            fields: Some(vec!["user_id", "identity_store_id"]),
            ..Shape::default()
        };
        let (table, _) = one(json!({"user_id": {"a": 1}}), &shape, Format::Table, &[]);
        assert_eq!(table, "FIELD      VALUE\nuser_id.a  1\n");
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

        // One object: the field names are server text too.
        let hostile = json!({"account": {"\u{1b}[2Jname": "=1+1\nerror: fake"}});
        let (table, _) = one(hostile.clone(), &Shape::default(), Format::Table, &[]);
        assert!(
            !table.chars().any(|c| c.is_control() && c != '\n'),
            "{table:?}"
        );
        assert_eq!(table.lines().count(), 2, "{table:?}");
        let (csv, _) = one(hostile, &Shape::default(), Format::Csv, &[]);
        assert!(!csv.chars().any(|c| c.is_control() && c != '\n'), "{csv:?}");
        assert!(csv.contains("'=1+1"), "{csv:?}");
    }
}
