//! The HTML page in a real browser (headless Chromium): the matrix the script draws holds exactly
//! the rows, names stay text, ids are only ids (`__proto__`), and a large organization draws a
//! bounded window with a note.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::browser::render;
use common::{Shape, expected, generate};
use idc_report::format::{Format, Writer};
use idc_report::{Cloud, Row, TargetType};

fn write(rows: Vec<Row>) -> String {
    let mut w = Writer::new(Format::Html, Vec::new(), "title");
    for r in rows {
        w.write(r).unwrap();
    }
    String::from_utf8(w.finish().unwrap()).unwrap()
}

/// The page rendered by headless Chromium: the access matrix the script builds must hold exactly
/// the account rows, each as a permission set with how it is held.
#[test]
fn the_html_page_renders_the_matrix_of_the_rows_in_chromium() {
    let shape = Shape {
        users: 12,
        groups: 3,
        accounts: 6,
        permission_sets: 3,
        applications: 4,
    };
    let data = generate(Cloud::Huawei, shape, 11);
    let mut rows: Vec<Row> = expected(&data).into_iter().collect();
    // Hostile names must stay text.
    rows[0].user_name = Some("<img src=x onerror=alert(1)>".into());
    // Ids that are the names of an object's own properties are ids like any other.
    let mut proto = rows[1].clone();
    proto.user_id = "__proto__".into();
    proto.user_name = None;
    let mut constructor = rows[1].clone();
    constructor.user_id = "constructor".into();
    constructor.target_id = "__proto__".into();
    constructor.target_type = TargetType::Account;
    rows.extend([proto, constructor]);
    let page = write(rows.clone());
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "no network resources"
    );
    assert!(
        !page.contains("<img src=x"),
        "markup escaped in the embedded data"
    );
    let dom = render(&page);
    assert!(!dom.contains("<img"), "a name became markup");

    // What the matrix should hold: (user, account) -> {(permission set, via)}.
    let mut want: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.target_type == TargetType::Account) {
        let via = match &r.via_id {
            Some(g) => format!("{}:{g}", r.via_type.as_str()),
            None => r.via_type.as_str().to_owned(),
        };
        want.entry((r.user_id.clone(), r.target_id.clone()))
            .or_default()
            .insert((r.permission_set_id.clone().unwrap_or_default(), via));
    }
    let got = matrix_cells(&dom);
    let nonempty: BTreeMap<_, _> = got
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(nonempty, want);
    // Every user with a row has a line, every account with a row a column.
    let users: BTreeSet<&str> = rows.iter().map(|r| r.user_id.as_str()).collect();
    let accounts: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r.target_type == TargetType::Account)
        .map(|r| r.target_id.as_str())
        .collect();
    assert_eq!(got.len(), users.len() * accounts.len());
    // The searchable table has one line per row; the summary counts them.
    let table = dom.split("id=\"rows\"").nth(1).unwrap();
    assert_eq!(table.matches("<tr data-text=").count(), rows.len());
    assert!(dom.contains(&format!("<td data-count=\"accesses\">{}</td>", rows.len())));
    // Everything fits: no note about a window.
    let note = dom.split("id=\"matrix-note\">").nth(1).unwrap();
    let note = note.split("</p>").next().unwrap();
    assert_eq!(
        note,
        format!(
            "users 1\u{2013}{0} of {0}, accounts 1\u{2013}{1} of {1}",
            users.len(),
            accounts.len()
        )
    );
}

/// 600 users by 60 accounts: the page holds every row (in proportion to them), the browser draws a
/// window of 50 users by 25 accounts and 500 lines of the table, and says so.
#[test]
fn a_large_organization_draws_a_bounded_window_and_says_so() {
    let shape = Shape {
        users: 600,
        groups: 20,
        accounts: 60,
        permission_sets: 5,
        applications: 0,
    };
    let data = generate(Cloud::Huawei, shape, 7);
    let rows: Vec<Row> = expected(&data).into_iter().collect();
    assert!(rows.len() > 1000, "{}", rows.len());
    let users: BTreeSet<&str> = rows.iter().map(|r| r.user_id.as_str()).collect();
    let accounts: BTreeSet<&str> = rows.iter().map(|r| r.target_id.as_str()).collect();
    assert!(users.len() > 50 && accounts.len() > 25);
    let page = write(rows.clone());
    // In proportion to the rows: well under 100 bytes a row beyond the names.
    let names: usize = rows.iter().map(|r| r.user_id.len()).sum::<usize>() / rows.len();
    assert!(
        page.len() < 20_000 + rows.len() * (60 + names),
        "{} bytes",
        page.len()
    );
    let dom = render(&page);
    let cells = matrix_cells(&dom);
    assert_eq!(cells.len(), 50 * 25, "one window of the matrix");
    let drawn_users: BTreeSet<&str> = cells.keys().map(|(u, _)| u.as_str()).collect();
    assert_eq!(drawn_users.len(), 50);
    let table = dom.split("id=\"rows\"").nth(1).unwrap();
    assert_eq!(table.matches("<tr data-text=").count(), 500);
    assert!(
        dom.contains(&format!(
            "users 1\u{2013}50 of {}, accounts 1\u{2013}25 of {}: at most 50 users by 25 accounts \
             are drawn at once",
            users.len(),
            accounts.len()
        )),
        "the note"
    );
    assert!(dom.contains(&format!(
        "rows 1\u{2013}500 of {}: at most 500 are drawn at once",
        rows.len()
    )));
    assert!(dom.contains(&format!("<td data-count=\"accesses\">{}</td>", rows.len())));
}

/// The cells of the rendered matrix: (user, account) -> {(permission set, via)}.
fn matrix_cells(dom: &str) -> BTreeMap<(String, String), BTreeSet<(String, String)>> {
    let attr = |s: &str, name: &str| -> String {
        let key = format!("{name}=\"");
        let start = s.find(&key).unwrap() + key.len();
        let end = s[start..].find('"').unwrap();
        s[start..start + end].to_owned()
    };
    let matrix = dom
        .split("id=\"matrix\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    let mut out = BTreeMap::new();
    for cell in matrix.split("<td class=\"cell\"").skip(1) {
        let cell = cell.split("</td>").next().unwrap();
        let key = (attr(cell, "data-user"), attr(cell, "data-account"));
        let grants = cell
            .split("<span class=\"grant\"")
            .skip(1)
            .map(|g| (attr(g, "data-permission-set"), attr(g, "data-via")))
            .collect();
        out.insert(key, grants);
    }
    out
}

/// A page with extras ([`access_page`]): the caller's section is drawn with its tones and its text
/// escaped, and in the matrix exactly the grants of the marked permission set are marked (and
/// their cells), with a legend.
#[test]
fn the_matrix_marks_exactly_the_grants_of_the_marked_permission_sets() {
    use idc_report::format::page::{PageExtras, Section, SectionRow, Tone, access_page};
    let shape = Shape {
        users: 10,
        groups: 3,
        accounts: 5,
        permission_sets: 3,
        applications: 0,
    };
    let data = generate(Cloud::Huawei, shape, 5);
    let rows: Vec<Row> = expected(&data).into_iter().collect();
    let marked = rows[0].permission_set_id.clone().unwrap();
    let extras = PageExtras {
        sections: vec![Section {
            id: "findings\"><script>".into(),
            heading: "Findings".into(),
            note: Some("what was found".into()),
            header: vec!["severity".into(), "subject".into()],
            rows: vec![
                SectionRow {
                    tone: Tone::High,
                    cells: vec!["high".into(), "<img src=x onerror=alert(1)>".into()],
                },
                SectionRow {
                    tone: Tone::Low,
                    cells: vec!["low".into(), "bob".into()],
                },
            ],
        }],
        marked_permission_sets: [marked.clone()].into(),
        mark_label: "held through a privileged permission set".into(),
    };
    let dom = render(&access_page("audit", &rows, None, &extras));
    assert!(!dom.contains("<img"), "a cell became markup");
    assert!(
        dom.contains("<table id=\"findingsscript\" class=\"section\">"),
        "the id is cleaned"
    );
    assert!(dom.contains("<tr class=\"tone-high\" data-tone=\"tone-high\"><td><bdi>high</bdi>"));
    assert!(dom.contains("<tr class=\"tone-low\" data-tone=\"tone-low\"><td><bdi>low</bdi>"));
    assert!(
        dom.contains("held through a privileged permission set</p>"),
        "the legend"
    );
    let matrix = dom
        .split("id=\"matrix\"")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    let (mut marked_grants, mut plain_grants) = (0, 0);
    for grant in matrix.split("<span class=\"grant").skip(1) {
        let set = grant.split("data-permission-set=\"").nth(1).unwrap();
        let set = &set[..set.find('"').unwrap()];
        if grant.starts_with(" marked\"") {
            assert_eq!(set, marked, "a grant of another permission set is marked");
            assert!(grant.contains("data-marked=\"yes\""));
            marked_grants += 1;
        } else {
            assert_ne!(
                set, marked,
                "a grant of the marked permission set is not marked"
            );
            plain_grants += 1;
        }
    }
    let want = rows
        .iter()
        .filter(|r| r.target_type == TargetType::Account)
        .filter(|r| r.permission_set_id.as_deref() == Some(marked.as_str()))
        .count();
    assert_eq!(marked_grants, want);
    assert!(plain_grants > 0);
    assert!(
        matrix.contains("<td class=\"cell marked\""),
        "a marked cell"
    );
}
