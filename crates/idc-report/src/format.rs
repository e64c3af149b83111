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

use crate::escape::{html, terminal, visible_json, write_csv_record};
use crate::model::{AssignmentRow, Record, Row, TargetType, ViaType};
use crate::width::{cut, pad, width};
use crate::{Error, Result};

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
    /// The page for these records.
    fn page(title: &str, records: &[Self]) -> String
    where
        Self: Sized;
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
                serde_json::to_writer(&mut self.out, &record)
                    .map_err(|e| io("cannot write JSON")(std::io::Error::other(e)))?;
                self.out.write_all(b"\n").map_err(io("cannot write JSON"))?;
            }
            Format::Csv => {
                if self.written == 1 {
                    self.write_csv_header()?;
                }
                let cells = record.values().into_iter().map(Option::unwrap_or_default);
                write_csv_record(&mut self.out, cells).map_err(io("cannot write CSV"))?;
            }
            Format::Table | Format::Html => self.held.push(record),
        }
        Ok(())
    }

    fn write_csv_header(&mut self) -> Result<()> {
        write_csv_record(&mut self.out, R::fields()).map_err(io("cannot write CSV"))
    }

    /// Writes what is held (table, HTML; a CSV header when there were no rows) and flushes.
    pub fn finish(mut self) -> Result<W> {
        match self.format {
            Format::Json => {}
            Format::Csv => {
                if self.written == 0 {
                    self.write_csv_header()?;
                }
            }
            Format::Table => {
                let text = table(&self.held);
                self.out
                    .write_all(text.as_bytes())
                    .map_err(io("cannot write the table"))?;
            }
            Format::Html => {
                let page = R::page(&self.title, &self.held);
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
    let header: Vec<String> = R::header().iter().map(|h| (*h).to_owned()).collect();
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|r| {
            r.cells()
                .iter()
                .zip(R::widths())
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
/// written (with what holds them: the table, the page); the failure is returned after them. A
/// failure before the first record (a filter value matching nothing, a request refused) writes
/// nothing at all: no CSV or table header, no empty page. A report that is empty without failing
/// gets its header.
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
        result => {
            let out = writer.finish()?;
            result?;
            Ok((count, out))
        }
    }
}

impl HtmlRecord for AssignmentRow {
    fn page(title: &str, records: &[Self]) -> String {
        simple_page(title, records)
    }
}

impl HtmlRecord for crate::diff::DiffRow {
    fn page(title: &str, records: &[Self]) -> String {
        simple_page(title, records)
    }
}

fn json_for_script(value: &impl serde::Serialize) -> String {
    // Inside <script>, `<` could end the element: written as \u003c (still the same JSON).
    serde_json::to_string(value)
        .unwrap_or_else(|_| "[]".to_owned())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn simple_page<R: TableRecord>(title: &str, records: &[R]) -> String {
    let mut body = String::new();
    body.push_str("<table id=\"rows\"><thead><tr>");
    for h in R::header() {
        body.push_str(&format!("<th>{}</th>", html(h)));
    }
    body.push_str("</tr></thead><tbody>");
    for r in records {
        body.push_str("<tr>");
        for c in r.cells() {
            body.push_str(&format!("<td>{}</td>", html(&c.text)));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>{STYLE}</style></head><body><h1>{t}</h1><p>{n} rows</p>{body}</body></html>\n",
        t = html(title),
        n = records.len()
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\
table{border-collapse:collapse;font-size:13px;margin-bottom:2em}\
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}\
th{background:#f0f0f0;position:sticky;top:0}\
.grant{display:block;white-space:nowrap}.how{color:#666;font-size:11px}\
.summary td{font-weight:bold}#search{width:30em;padding:4px;margin:0.5em 0}\
th,td,bdi,.how{unicode-bidi:isolate}";

/// The page's script: builds the matrix and the searchable table from the embedded rows, setting
/// only `textContent` (server text never becomes markup).
const SCRIPT: &str = r#"
(function () {
  var rows = JSON.parse(document.getElementById('report-data').textContent);
  function name(n, id) { return n === null ? id + ' (no name)' : n; }
  function how(r) {
    if (r.via_type === 'USER') return 'direct';
    if (r.via_type === 'ALL_USERS') return 'all users';
    return 'group ' + name(r.via_name, r.via_id);
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  var users = {}, accounts = {}, cells = {};
  rows.forEach(function (r) {
    users[r.user_id] = name(r.user_name, r.user_id);
    if (r.target_type !== 'ACCOUNT') return;
    accounts[r.target_id] = name(r.target_name, r.target_id);
    var key = r.user_id + '\u0000' + r.target_id;
    (cells[key] = cells[key] || []).push(r);
  });
  function byName(map) {
    return Object.keys(map).sort(function (a, b) {
      return map[a] < map[b] ? -1 : map[a] > map[b] ? 1 : (a < b ? -1 : a > b ? 1 : 0);
    });
  }
  var userIds = byName(users), accountIds = byName(accounts);
  var matrix = document.getElementById('matrix');
  var head = el('tr');
  head.appendChild(el('th', 'user \\ account'));
  accountIds.forEach(function (a) {
    var th = el('th', accounts[a]);
    th.setAttribute('data-account', a);
    head.appendChild(th);
  });
  matrix.appendChild(el('thead')).appendChild(head);
  var body = matrix.appendChild(el('tbody'));
  userIds.forEach(function (u) {
    var tr = el('tr');
    var th = el('th', users[u]);
    th.setAttribute('data-user', u);
    tr.appendChild(th);
    accountIds.forEach(function (a) {
      var td = el('td');
      td.className = 'cell';
      td.setAttribute('data-user', u);
      td.setAttribute('data-account', a);
      (cells[u + '\u0000' + a] || []).forEach(function (r) {
        var g = el('span', undefined, 'grant');
        g.setAttribute('data-permission-set', r.permission_set_id === null ? '' : r.permission_set_id);
        g.setAttribute('data-via', r.via_type + (r.via_id === null ? '' : ':' + r.via_id));
        g.appendChild(el('bdi', r.permission_set_id === null ? '(none)' : name(r.permission_set_name, r.permission_set_id)));
        g.appendChild(document.createTextNode(' '));
        g.appendChild(el('span', '(' + how(r) + ')', 'how'));
        td.appendChild(g);
      });
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  var table = document.getElementById('rows');
  var tbody = table.appendChild(el('tbody'));
  rows.forEach(function (r) {
    var tr = el('tr');
    [name(r.user_name, r.user_id), r.target_type, name(r.target_name, r.target_id),
     r.permission_set_id === null ? '' : name(r.permission_set_name, r.permission_set_id), how(r)]
      .forEach(function (t) { tr.appendChild(el('td', t)); });
    tr.setAttribute('data-text', tr.textContent.toLowerCase());
    tbody.appendChild(tr);
  });
  var search = document.getElementById('search');
  search.addEventListener('input', function () {
    var q = search.value.toLowerCase(), shown = 0;
    Array.prototype.forEach.call(tbody.rows, function (tr) {
      var hit = tr.getAttribute('data-text').indexOf(q) >= 0;
      tr.style.display = hit ? '' : 'none';
      if (hit) shown++;
    });
    document.getElementById('shown').textContent = shown;
  });
  document.getElementById('shown').textContent = rows.length;
  document.body.setAttribute('data-ready', 'yes');
})();
"#;

impl HtmlRecord for Row {
    fn page(title: &str, rows: &[Self]) -> String {
        use std::collections::HashSet;
        let count = |f: &dyn Fn(&Row) -> Option<&str>| {
            rows.iter().filter_map(f).collect::<HashSet<_>>().len()
        };
        let users = count(&|r| Some(r.user_id.as_str()));
        let accounts =
            count(&|r| (r.target_type == TargetType::Account).then_some(r.target_id.as_str()));
        let applications =
            count(&|r| (r.target_type == TargetType::Application).then_some(r.target_id.as_str()));
        let sets = count(&|r| r.permission_set_id.as_deref());
        let groups = count(&|r| r.via_id.as_deref());
        let by_group = rows.iter().filter(|r| r.via_type == ViaType::Group).count();
        let unresolved: HashSet<&str> = rows.iter().flat_map(Row::unresolved).collect();
        let summary = [
            ("accesses", rows.len()),
            ("users", users),
            ("accounts", accounts),
            ("applications", applications),
            ("permission sets", sets),
            ("groups granting access", groups),
            ("accesses through a group", by_group),
            ("ids without a name", unresolved.len()),
        ];
        let mut summary_html = String::from("<table class=\"summary\" id=\"summary\">");
        for (label, n) in summary {
            summary_html.push_str(&format!(
                "<tr><th>{}</th><td data-count=\"{}\">{n}</td></tr>",
                html(label),
                html(label)
            ));
        }
        summary_html.push_str("</table>");
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
             <title>{t}</title><style>{STYLE}</style></head><body>\
             <h1>{t}</h1><h2>Summary</h2>{summary_html}\
             <h2>Access matrix</h2><p>Each cell: the permission sets a user holds on an account, and how.</p>\
             <table id=\"matrix\"></table>\
             <h2>Every access</h2><input id=\"search\" type=\"search\" placeholder=\"Search users, targets, permission sets, groups\"> \
             <span id=\"shown\"></span> shown\
             <table id=\"rows\"><thead><tr><th>user</th><th>type</th><th>target</th><th>permission set</th><th>via</th></tr></thead></table>\
             <script type=\"application/json\" id=\"report-data\">{data}</script>\
             <script>{SCRIPT}</script></body></html>\n",
            t = html(title),
            // Names reach the script's `textContent` as the other outputs show them.
            data = json_for_script(&visible_json(&rows)),
        )
    }
}
