//! The self-contained HTML page: a summary, the access matrix and the table of every access.
//!
//! The rows are embedded once, compactly: each user, target, permission set and group is listed
//! once (id and name), and each row is five numbers pointing into those lists, so the page grows
//! in proportion to the rows. The page's script draws a window of the matrix (at most
//! [`MATRIX_USERS`] x [`MATRIX_ACCOUNTS`] cells) and a page of the table (at most [`TABLE_ROWS`]
//! lines) at a time, with buttons to move and filters to narrow: a page of a large organization
//! opens as fast as a small one. The script sets only `textContent` (server text never becomes
//! markup) and keys its maps with `Map` (an id such as `__proto__` is an id like any other).
//!
//! A caller may add to the page ([`access_page`] with [`PageExtras`]): sections of its own after
//! the summary (static tables whose rows carry a [`Tone`], e.g. the findings of an audit by
//! severity), and permission sets whose grants the matrix marks.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::{HtmlRecord, TableRecord};
use crate::escape::{html, visible_json};
use crate::model::{AssignmentRow, Row, TargetType, ViaType};

/// The most users the matrix draws at once.
pub const MATRIX_USERS: usize = 50;
/// The most accounts the matrix draws at once.
pub const MATRIX_ACCOUNTS: usize = 25;
/// The most lines the table of every access draws at once.
pub const TABLE_ROWS: usize = 500;

impl HtmlRecord for AssignmentRow {
    fn page(title: &str, records: &[Self], incomplete: Option<&str>) -> String {
        simple_page(title, records, incomplete)
    }
}

fn json_for_script(value: &impl Serialize) -> String {
    // Inside <script>, `<` could end the element: written as \u003c (still the same JSON).
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_owned())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The banner of a report that failed, or nothing.
fn banner(incomplete: Option<&str>) -> String {
    incomplete.map_or_else(String::new, |text| {
        format!(
            "<p class=\"incomplete\" id=\"incomplete\">{}</p>",
            html(text)
        )
    })
}

/// The page's title: `INCOMPLETE: ` before it when the report failed.
fn page_title(title: &str, incomplete: Option<&str>) -> String {
    match incomplete {
        Some(_) => html(&format!("INCOMPLETE: {title}")),
        None => html(title),
    }
}

/// A page of one static table of `records` (assignments, diffs).
pub(crate) fn simple_page<R: TableRecord>(
    title: &str,
    records: &[R],
    incomplete: Option<&str>,
) -> String {
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
    let banner = banner(incomplete);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
         <style>{STYLE}</style></head><body>{banner}<h1>{t}</h1><p>{n} rows</p>{body}{banner}\
         </body></html>\n",
        t = page_title(title, incomplete),
        n = records.len()
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}\
table{border-collapse:collapse;font-size:13px;margin-bottom:1em}\
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top;unicode-bidi:isolate}\
th{background:#f0f0f0;position:sticky;top:0}\
.grant{display:block;white-space:nowrap;unicode-bidi:isolate}.how{color:#666;font-size:11px;unicode-bidi:isolate}\
.summary td{font-weight:bold}#search{width:30em;padding:4px;margin:0.5em 0}\
.nav{margin:0.5em 0}.nav input{width:16em;padding:3px}.note{color:#555;font-size:13px}\
.incomplete{background:#fdd;border:2px solid #c00;padding:0.6em;font-weight:bold}\
bdi{unicode-bidi:isolate}\
.tone-high td:first-child{border-left:6px solid #c00}.tone-high{background:#fde2e2}\
.tone-medium td:first-child{border-left:6px solid #e07b00}.tone-medium{background:#fff0dc}\
.tone-low td:first-child{border-left:6px solid #2a6fdb}.tone-low{background:#e8f0fd}\
.grant.marked{background:#fde2e2;outline:1px solid #c00}td.marked{box-shadow:inset 0 0 0 2px #c00}";

/// An entity of the page: its id and name (`null` when unresolved).
type Named<'a> = (&'a str, Option<&'a str>);

/// The ids of one kind in first-seen order, with their names; `index` gives a row's pointer.
#[derive(Default)]
struct Table<'a> {
    entries: Vec<Named<'a>>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Table<'a> {
    fn add(&mut self, id: &'a str, name: Option<&'a str>) {
        if !self.index.contains_key(id) {
            self.index.insert(id, self.entries.len());
            self.entries.push((id, name));
        }
    }

    /// Sorted by what the page shows (the name, else the id), then by id; pointers follow.
    fn sorted(mut self) -> Self {
        self.entries
            .sort_by(|a, b| (a.1.unwrap_or(a.0), a.0).cmp(&(b.1.unwrap_or(b.0), b.0)));
        self.index = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        self
    }

    fn at(&self, id: &str) -> i64 {
        self.index.get(id).map_or(-1, |i| *i as i64)
    }
}

/// What the page's script reads: each entity once, each row as pointers into them.
#[derive(Serialize)]
struct PageData<'a> {
    /// `[id, name]`.
    users: Vec<Named<'a>>,
    /// `[kind, id, name]`: `A` an account, `P` an application; accounts first.
    targets: Vec<(&'static str, &'a str, Option<&'a str>)>,
    /// `[id, name]`.
    sets: Vec<Named<'a>>,
    /// `[id, name]`.
    groups: Vec<Named<'a>>,
    /// `[user, target, permission set or -1, via (0 user, 1 group, 2 all users), group or -1]`.
    rows: Vec<[i64; 5]>,
    /// How much is drawn at once: `[matrix users, matrix accounts, table lines]`.
    limits: [usize; 3],
    /// The permission sets (positions in `sets`) whose grants the matrix marks.
    marked: Vec<usize>,
}

fn page_data<'a>(rows: &'a [Row], marked: &BTreeSet<String>) -> PageData<'a> {
    let (mut users, mut accounts, mut applications, mut sets, mut groups) = (
        Table::default(),
        Table::default(),
        Table::default(),
        Table::default(),
        Table::default(),
    );
    for r in rows {
        users.add(&r.user_id, r.user_name.as_deref());
        match r.target_type {
            TargetType::Account => accounts.add(&r.target_id, r.target_name.as_deref()),
            TargetType::Application => applications.add(&r.target_id, r.target_name.as_deref()),
        }
        if let Some(id) = &r.permission_set_id {
            sets.add(id, r.permission_set_name.as_deref());
        }
        if let Some(id) = &r.via_id {
            groups.add(id, r.via_name.as_deref());
        }
    }
    let (users, accounts, applications) =
        (users.sorted(), accounts.sorted(), applications.sorted());
    let first_application = accounts.entries.len() as i64;
    let encoded = rows
        .iter()
        .map(|r| {
            let target = match r.target_type {
                TargetType::Account => accounts.at(&r.target_id),
                TargetType::Application => first_application + applications.at(&r.target_id),
            };
            let via = match r.via_type {
                ViaType::User => 0,
                ViaType::Group => 1,
                ViaType::AllUsers => 2,
            };
            [
                users.at(&r.user_id),
                target,
                r.permission_set_id.as_deref().map_or(-1, |id| sets.at(id)),
                via,
                r.via_id.as_deref().map_or(-1, |id| groups.at(id)),
            ]
        })
        .collect();
    let targets = accounts
        .entries
        .iter()
        .map(|(id, name)| ("A", *id, *name))
        .chain(
            applications
                .entries
                .iter()
                .map(|(id, name)| ("P", *id, *name)),
        )
        .collect();
    let marked = sets
        .entries
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| marked.contains(*id))
        .map(|(i, _)| i)
        .collect();
    PageData {
        users: users.entries,
        targets,
        sets: sets.entries,
        groups: groups.entries,
        rows: encoded,
        limits: [MATRIX_USERS, MATRIX_ACCOUNTS, TABLE_ROWS],
        marked,
    }
}

fn summary(rows: &[Row]) -> String {
    let count =
        |f: &dyn Fn(&Row) -> Option<&str>| rows.iter().filter_map(f).collect::<HashSet<_>>().len();
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
    let mut out = String::from("<table class=\"summary\" id=\"summary\">");
    for (label, n) in summary {
        out.push_str(&format!(
            "<tr><th>{}</th><td data-count=\"{}\">{n}</td></tr>",
            html(label),
            html(label)
        ));
    }
    out.push_str("</table>");
    out
}

impl HtmlRecord for Row {
    fn page(title: &str, rows: &[Self], incomplete: Option<&str>) -> String {
        access_page(title, rows, incomplete, &PageExtras::default())
    }
}

/// How much attention a row of a [`Section`] asks for: its colour on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// No colour.
    #[default]
    Plain,
    /// Blue: worth a look.
    Low,
    /// Orange: to fix.
    Medium,
    /// Red: to fix first.
    High,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Self::Plain => "tone-plain",
            Self::Low => "tone-low",
            Self::Medium => "tone-medium",
            Self::High => "tone-high",
        }
    }
}

/// One row of a [`Section`]: its cells (plain text, escaped by the page) and its tone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionRow {
    /// The row's colour.
    pub tone: Tone,
    /// The cells, in the order of the section's header; plain text (the page escapes it).
    pub cells: Vec<String>,
}

/// A section of the access page: a heading, a note and a static table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// The `id` of the section's table (letters, digits and `-`; anything else is dropped).
    pub id: String,
    /// The heading.
    pub heading: String,
    /// A paragraph under the heading (plain text), or nothing.
    pub note: Option<String>,
    /// The column headers.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<SectionRow>,
}

/// What a caller adds to the access page ([`access_page`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageExtras {
    /// Sections drawn after the summary, before the matrix, in this order.
    pub sections: Vec<Section>,
    /// Permission set ids whose grants the matrix marks: the grant is outlined in red
    /// (`data-marked="yes"`), its cell too, and a legend above the matrix says what a mark means.
    pub marked_permission_sets: BTreeSet<String>,
    /// What a mark means, for the legend ("held through a privileged permission set").
    pub mark_label: String,
}

fn section_html(section: &Section) -> String {
    let id: String = section
        .id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut out = format!("<h2>{}</h2>", html(&section.heading));
    if let Some(note) = &section.note {
        out.push_str(&format!("<p class=\"note\">{}</p>", html(note)));
    }
    out.push_str(&format!("<table id=\"{id}\" class=\"section\"><thead><tr>"));
    for h in &section.header {
        out.push_str(&format!("<th>{}</th>", html(h)));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &section.rows {
        out.push_str(&format!(
            "<tr class=\"{c}\" data-tone=\"{c}\">",
            c = row.tone.class()
        ));
        for cell in &row.cells {
            out.push_str(&format!("<td><bdi>{}</bdi></td>", html(cell)));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out
}

/// The access page of `rows` with `extras`: the summary, the caller's sections, the access
/// matrix (grants of [`PageExtras::marked_permission_sets`] marked) and the table of every
/// access. `incomplete`, when the report failed, says so in a banner. [`Writer`](super::Writer)'s
/// HTML is this page without extras.
///
/// ```
/// use idc_report::format::page::{PageExtras, Section, SectionRow, Tone, access_page};
///
/// let extras = PageExtras {
///     sections: vec![Section {
///         id: "findings".into(),
///         heading: "Findings".into(),
///         note: None,
///         header: vec!["severity".into(), "what".into()],
///         rows: vec![SectionRow { tone: Tone::High, cells: vec!["high".into(), "<b>".into()] }],
///     }],
///     ..PageExtras::default()
/// };
/// let page = access_page("audit", &[], None, &extras);
/// assert!(page.contains("<tr class=\"tone-high\" data-tone=\"tone-high\"><td><bdi>high</bdi></td><td><bdi>&lt;b&gt;</bdi></td></tr>"));
/// ```
pub fn access_page(
    title: &str,
    rows: &[Row],
    incomplete: Option<&str>,
    extras: &PageExtras,
) -> String {
    let banner = banner(incomplete);
    let sections: String = extras.sections.iter().map(section_html).collect();
    let legend = if extras.marked_permission_sets.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"note\" id=\"matrix-legend\"><span class=\"grant marked\" \
             style=\"display:inline\">outlined</span>: {}</p>",
            html(&extras.mark_label)
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         <title>{t}</title><style>{STYLE}</style></head><body>{banner}\
         <h1>{t}</h1><h2>Summary</h2>{summary}{sections}\
         <h2>Access matrix</h2><p>Each cell: the permission sets a user holds on an account, and how.</p>{legend}\
         <div class=\"nav\"><input id=\"matrix-users\" type=\"search\" placeholder=\"Filter users\"> \
         <button id=\"users-prev\">&#8593; users</button> <button id=\"users-next\">&#8595; users</button> \
         <input id=\"matrix-accounts\" type=\"search\" placeholder=\"Filter accounts\"> \
         <button id=\"accounts-prev\">&#8592; accounts</button> <button id=\"accounts-next\">&#8594; accounts</button></div>\
         <p class=\"note\" id=\"matrix-note\"></p>\
         <table id=\"matrix\"></table>\
         <h2>Every access</h2><input id=\"search\" type=\"search\" placeholder=\"Search users, targets, permission sets, groups\"> \
         <span id=\"shown\"></span> shown \
         <button id=\"rows-prev\">previous</button> <button id=\"rows-next\">next</button>\
         <p class=\"note\" id=\"rows-note\"></p>\
         <table id=\"rows\"><thead><tr><th>user</th><th>type</th><th>target</th><th>permission set</th><th>via</th></tr></thead><tbody></tbody></table>\
         {banner}<script type=\"application/json\" id=\"report-data\">{data}</script>\
         <script>{SCRIPT}</script></body></html>\n",
        t = page_title(title, incomplete),
        summary = summary(rows),
        data = json_for_script(&visible_json(&page_data(
            rows,
            &extras.marked_permission_sets
        ))),
    )
}

/// The page's script: draws a window of the matrix and a page of the table from the embedded
/// data, setting only `textContent`.
const SCRIPT: &str = r#"
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var MATRIX_USERS = D.limits[0], MATRIX_ACCOUNTS = D.limits[1], TABLE_ROWS = D.limits[2];
  var VIA = ['USER', 'GROUP', 'ALL_USERS'];
  var MARKED = new Set(D.marked);
  function $(id) { return document.getElementById(id); }
  function named(e) { return e[1] === null ? e[0] + ' (no name)' : e[1]; }
  function targetName(t) { return t[2] === null ? t[1] + ' (no name)' : t[2]; }
  function how(r) {
    if (r[3] === 0) return 'direct';
    if (r[3] === 2) return 'all users';
    return 'group ' + named(D.groups[r[4]]);
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function range(n) { var a = []; for (var i = 0; i < n; i++) a.push(i); return a; }
  function matching(list, q, label) {
    if (q === '') return list;
    return list.filter(function (i) { return label(i).toLowerCase().indexOf(q) >= 0; });
  }
  function clampStart(start, n, size) {
    if (start >= n) start = Math.max(0, n - 1) - Math.max(0, n - 1) % size;
    return Math.max(0, start);
  }
  function span(start, shown, n, what) {
    return n === 0 ? 'no ' + what : what + ' ' + (start + 1) + '\u2013' + (start + shown) + ' of ' + n;
  }

  // The matrix: cells by user, then by account (Maps keyed by position, never objects keyed by id).
  var cells = new Map(), accountIdx = [];
  D.targets.forEach(function (t, i) { if (t[0] === 'A') accountIdx.push(i); });
  D.rows.forEach(function (r) {
    if (D.targets[r[1]][0] !== 'A') return;
    var byUser = cells.get(r[0]);
    if (!byUser) cells.set(r[0], byUser = new Map());
    var list = byUser.get(r[1]);
    if (!list) byUser.set(r[1], list = []);
    list.push(r);
  });
  var userIdx = range(D.users.length);
  var m = { u: 0, a: 0, uq: '', aq: '' };
  function drawMatrix() {
    var us = matching(userIdx, m.uq, function (i) { return named(D.users[i]); });
    var as = matching(accountIdx, m.aq, function (i) { return targetName(D.targets[i]); });
    m.u = clampStart(m.u, us.length, MATRIX_USERS);
    m.a = clampStart(m.a, as.length, MATRIX_ACCOUNTS);
    var uPage = us.slice(m.u, m.u + MATRIX_USERS), aPage = as.slice(m.a, m.a + MATRIX_ACCOUNTS);
    var matrix = $('matrix');
    matrix.textContent = '';
    var head = el('tr');
    head.appendChild(el('th', 'user \\ account'));
    aPage.forEach(function (a) {
      var th = el('th', targetName(D.targets[a]));
      th.setAttribute('data-account', D.targets[a][1]);
      head.appendChild(th);
    });
    matrix.appendChild(el('thead')).appendChild(head);
    var body = matrix.appendChild(el('tbody'));
    uPage.forEach(function (u) {
      var tr = el('tr');
      var th = el('th', named(D.users[u]));
      th.setAttribute('data-user', D.users[u][0]);
      tr.appendChild(th);
      var byUser = cells.get(u);
      aPage.forEach(function (a) {
        var td = el('td');
        td.className = 'cell';
        td.setAttribute('data-user', D.users[u][0]);
        td.setAttribute('data-account', D.targets[a][1]);
        ((byUser && byUser.get(a)) || []).forEach(function (r) {
          var g = el('span', undefined, 'grant');
          g.setAttribute('data-permission-set', r[2] < 0 ? '' : D.sets[r[2]][0]);
          g.setAttribute('data-via', VIA[r[3]] + (r[4] < 0 ? '' : ':' + D.groups[r[4]][0]));
          g.appendChild(el('bdi', r[2] < 0 ? '(none)' : named(D.sets[r[2]])));
          g.appendChild(document.createTextNode(' '));
          g.appendChild(el('span', '(' + how(r) + ')', 'how'));
          if (MARKED.has(r[2])) {
            g.className = 'grant marked';
            g.setAttribute('data-marked', 'yes');
            td.className = 'cell marked';
            td.setAttribute('data-marked', 'yes');
          }
          td.appendChild(g);
        });
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var whole = uPage.length === us.length && aPage.length === as.length;
    $('matrix-note').textContent = span(m.u, uPage.length, us.length, 'users') + ', ' +
      span(m.a, aPage.length, as.length, 'accounts') +
      (whole ? '' : ': at most ' + MATRIX_USERS + ' users by ' + MATRIX_ACCOUNTS +
        ' accounts are drawn at once; move with the arrows, or narrow with the filters.');
    $('users-prev').disabled = m.u === 0;
    $('users-next').disabled = m.u + MATRIX_USERS >= us.length;
    $('accounts-prev').disabled = m.a === 0;
    $('accounts-next').disabled = m.a + MATRIX_ACCOUNTS >= as.length;
  }
  function on(id, ev, f) { $(id).addEventListener(ev, function () { f(); drawMatrix(); }); }
  on('users-prev', 'click', function () { m.u -= MATRIX_USERS; });
  on('users-next', 'click', function () { m.u += MATRIX_USERS; });
  on('accounts-prev', 'click', function () { m.a -= MATRIX_ACCOUNTS; });
  on('accounts-next', 'click', function () { m.a += MATRIX_ACCOUNTS; });
  on('matrix-users', 'input', function () { m.uq = $('matrix-users').value.toLowerCase(); m.u = 0; });
  on('matrix-accounts', 'input', function () { m.aq = $('matrix-accounts').value.toLowerCase(); m.a = 0; });

  // The table of every access: one page of the rows matching the search at a time.
  function cellsOf(r) {
    var t = D.targets[r[1]];
    return [named(D.users[r[0]]), t[0] === 'A' ? 'ACCOUNT' : 'APPLICATION', targetName(t),
      r[2] < 0 ? '' : named(D.sets[r[2]]), how(r)];
  }
  var texts = null, hits = range(D.rows.length), start = 0;
  var tbody = $('rows').tBodies[0];
  function drawTable() {
    start = clampStart(start, hits.length, TABLE_ROWS);
    var page = hits.slice(start, start + TABLE_ROWS);
    tbody.textContent = '';
    page.forEach(function (i) {
      var tr = el('tr');
      cellsOf(D.rows[i]).forEach(function (t) { tr.appendChild(el('td', t)); });
      tr.setAttribute('data-text', tr.textContent.toLowerCase());
      tbody.appendChild(tr);
    });
    $('shown').textContent = hits.length;
    $('rows-note').textContent = span(start, page.length, hits.length, 'rows') +
      (page.length === hits.length ? '' : ': at most ' + TABLE_ROWS + ' are drawn at once.');
    $('rows-prev').disabled = start === 0;
    $('rows-next').disabled = start + TABLE_ROWS >= hits.length;
  }
  $('search').addEventListener('input', function () {
    var q = $('search').value.toLowerCase();
    if (texts === null) texts = D.rows.map(function (r) { return cellsOf(r).join('').toLowerCase(); });
    hits = [];
    texts.forEach(function (t, i) { if (t.indexOf(q) >= 0) hits.push(i); });
    start = 0;
    drawTable();
  });
  $('rows-prev').addEventListener('click', function () { start -= TABLE_ROWS; drawTable(); });
  $('rows-next').addEventListener('click', function () { start += TABLE_ROWS; drawTable(); });
  drawMatrix();
  drawTable();
  document.body.setAttribute('data-ready', 'yes');
})();
"#;
