//! Output formats and diffs: exact JSON fields, CSV and table escaping, diff errors (the page in
//! a browser: `page.rs`).

mod common;

use common::sample_row as row;
use idc_report::diff::{Change, DiffRow, diff, read_rows};
use idc_report::format::{Format, Writer, table, write_all};
use idc_report::{Cloud, Error, Row};

fn write(format: Format, rows: Vec<Row>) -> String {
    let mut w = Writer::new(format, Vec::new(), "title");
    for r in rows {
        w.write(r).unwrap();
    }
    String::from_utf8(w.finish().unwrap()).unwrap()
}

/// The keys of a flat JSON object of string and null values, in the order written.
fn keys_in_order(line: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut rest = line.strip_prefix('{').unwrap();
    loop {
        let key_end = rest[1..].find('"').unwrap() + 1;
        keys.push(&rest[1..key_end]);
        rest = &rest[key_end + 2..];
        let value_end = if let Some(string) = rest.strip_prefix('"') {
            string.find('"').unwrap() + 2
        } else {
            rest.find([',', '}']).unwrap()
        };
        rest = &rest[value_end..];
        match rest.strip_prefix(',') {
            Some(r) => rest = r,
            None => return keys,
        }
    }
}

#[test]
fn json_lines_have_exactly_the_fields_in_order() {
    let text = write(
        Format::Json,
        vec![row("u-1", Some("alice")), row("u-2", None)],
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    let value: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(keys_in_order(lines[1]), Row::FIELDS.to_vec());
    assert_eq!(value.as_object().unwrap().len(), Row::FIELDS.len());
    assert_eq!(value["user_name"], serde_json::Value::Null);
    assert_eq!(value["via_type"], "GROUP");
    assert_eq!(value["target_type"], "ACCOUNT");
    assert_eq!(value["cloud"], "huawei");
    // Back again, unchanged.
    let back: Row = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(back, row("u-1", Some("alice")));
}

#[test]
fn csv_has_the_header_even_when_empty_and_neutralises_formulas() {
    assert_eq!(write(Format::Csv, vec![]).trim_end(), Row::FIELDS.join(","));
    let text = write(
        Format::Csv,
        vec![row("u-1", Some("=cmd|' /C calc'!A0\u{1b}[2J"))],
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.iter().collect::<Vec<_>>(), Row::FIELDS.to_vec());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][3], "'=cmd|' /C calc'!A0\\u{1b}[2J");
    assert_eq!(&records[0][11], "admins");
}

fn injected() -> Error {
    Error::FilterMatchesNothing {
        unmatched: vec![(idc_report::FilterKind::User, "nobody".to_owned())],
        instance_id: "ins-1".to_owned(),
    }
}

/// What `write_all` wrote of `records`, and whether it failed.
fn write_stream(format: Format, records: Vec<idc_report::Result<Row>>) -> (String, bool) {
    let mut out = Vec::new();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let failed = runtime
        .block_on(write_all(
            futures::stream::iter(records),
            Writer::new(format, &mut out, "title"),
        ))
        .is_err();
    (String::from_utf8(out).unwrap(), failed)
}

#[test]
fn a_failure_before_the_first_row_writes_nothing_in_any_format() {
    for format in [Format::Json, Format::Csv, Format::Table, Format::Html] {
        let (text, failed) = write_stream(format, vec![Err(injected())]);
        assert!(failed);
        assert_eq!(text, "", "{format:?}: no header, no empty page");
    }
}

#[test]
fn an_empty_report_still_gets_its_header_and_a_late_failure_keeps_the_rows_before_it() {
    let (csv, failed) = write_stream(Format::Csv, vec![]);
    assert!(!failed);
    assert!(csv.starts_with("cloud,instance_id,user_id,"), "{csv}");
    let (table, _) = write_stream(Format::Table, vec![]);
    assert!(table.starts_with("USER"), "{table}");
    let (page, _) = write_stream(Format::Html, vec![]);
    assert!(page.starts_with("<!DOCTYPE html>"));

    let (csv, failed) = write_stream(
        Format::Csv,
        vec![Ok(row("u-1", Some("alice"))), Err(injected())],
    );
    assert!(failed);
    assert_eq!(csv.lines().count(), 2, "the header and the row: {csv}");
}

#[test]
fn the_table_escapes_and_fits_120_columns() {
    let mut rows = vec![row("u-1", Some("evil\u{1b}]0;pwned\u{7}\nline"))];
    let mut long = row("u-2", Some(&"x".repeat(200)));
    long.target_name = Some("y".repeat(200));
    long.via_name = Some("z".repeat(200));
    long.permission_set_name = Some("p".repeat(200));
    rows.push(long);
    rows.push(row("u-3", None));
    let text = table(&rows);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert_eq!(text.lines().count(), 4);
    for line in text.lines() {
        assert!(
            line.chars().count() <= 120,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    assert!(text.contains("evil\\u{1b}]0;pwned\\u{7}…"), "{text}");
    assert!(text.contains("u-3 (no name)"), "{text}");
    assert!(text.contains("group admins"));
}

#[test]
fn ids_without_names_are_never_cut_and_keep_their_mark() {
    // Real ids: a Huawei user id is a 36-character UUID, an account id 32 hex digits.
    let user = "4b969bc6-e8ed-47ce-b62b-936319e2bcb1";
    let account = "8c1eef3a241945f69c3d3a6b0252e783";
    let group = "7d2f0c1e-5a4b-4c3d-9e8f-0a1b2c3d4e5f";
    let mut unresolved = row(user, None);
    unresolved.target_id = account.into();
    unresolved.target_name = None;
    unresolved.permission_set_id = Some("ps-15a3140b1e762f64".into());
    unresolved.permission_set_name = None;
    unresolved.via_id = Some(group.into());
    unresolved.via_name = None;
    let mut long_names = row("u-2", Some(&"x".repeat(200)));
    long_names.target_name = Some("y".repeat(200));
    let text = table(&[unresolved, long_names]);
    for id in [user, account, "ps-15a3140b1e762f64"] {
        assert!(
            text.contains(&format!("{id} (no name)")),
            "{id} whole: {text}"
        );
    }
    assert!(text.contains(&format!("group {group} (no name)")), "{text}");
    // Names are still cut to their column.
    let names = text.lines().nth(2).unwrap();
    assert!(names.contains(&format!("{}…", "x".repeat(23))), "{text}");
    assert!(!names.contains(&"x".repeat(25)), "{text}");
    // The diff table keeps ids whole too.
    let mut revoked = row(user, None);
    revoked.target_name = None;
    let changes = diff(&[revoked], &[]);
    let text = table(&changes);
    assert!(text.contains(&format!("{user} (no name)")), "{text}");
}

#[test]
fn diff_reports_granted_and_revoked_ignoring_names() {
    let old = vec![row("u-1", Some("alice")), row("u-2", Some("bob"))];
    let mut renamed = row("u-1", Some("alice2"));
    renamed.target_name = Some("production".into());
    let new = vec![renamed, row("u-3", Some("carol"))];
    let changes = diff(&old, &new);
    let got: Vec<(&str, Change)> = changes
        .iter()
        .map(|c| (c.row.user_id.as_str(), c.change))
        .collect();
    assert_eq!(
        got,
        vec![("u-2", Change::Revoked), ("u-3", Change::Granted)]
    );
    assert!(diff(&old, &old).is_empty());

    let text = {
        let mut w: Writer<Vec<u8>, DiffRow> = Writer::new(Format::Json, Vec::new(), "diff");
        for c in changes {
            w.write(c).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    };
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let mut fields: Vec<&str> = Row::FIELDS.to_vec();
    fields.push("change");
    assert_eq!(keys_in_order(text.lines().next().unwrap()), fields);
    assert_eq!(first["change"], "revoked");
}

#[test]
fn reports_of_different_instances_are_refused_naming_what_each_covers() {
    use idc_report::diff::check_same_instances;
    let one = row("u-1", None);
    let mut two = row("u-2", None);
    two.instance_id = "ins-2".into();
    let mut scp = row("u-3", None);
    scp.cloud = Cloud::Scp;
    scp.instance_id = "ssoins-\u{1b}[2J".into();
    let old = vec![one.clone(), two.clone()];
    let new = vec![one.clone(), scp];
    let err = check_same_instances(&old, "old.jsonl", &new, "new.jsonl").unwrap_err();
    assert!(matches!(err, Error::DifferentInstances { .. }));
    assert_eq!(
        err.to_string(),
        "old.jsonl is a report of huawei instances \"ins-1\", \"ins-2\", new.jsonl of huawei \
         instance \"ins-1\" and scp instance \"ssoins-\\u{1b}[2J\": a diff would list every \
         access as changed"
    );
    // The same instances, in any order and number of rows: fine.
    assert!(check_same_instances(&old, "a", &[two, one.clone(), one], "b").is_ok());
}

#[test]
fn malformed_report_lines_are_errors_naming_the_file_and_line() {
    let good = serde_json::to_string(&row("u-1", Some("alice"))).unwrap();
    let cases = [
        (format!("{good}\n\n{{not json\n"), 3, "not a report row"),
        (
            format!("{good}\n{}\n", good.replace("ACCOUNT", "BUCKET")),
            2,
            "not a report row",
        ),
        (
            format!(
                "{good}\n{}\n",
                good.replace("\"cloud\"", "\"extra\":1,\"cloud\"")
            ),
            2,
            "not a report row",
        ),
        (
            format!("{good}\n{}\n", good.replace("alice", "alicia")),
            2,
            "the same access as line 1",
        ),
    ];
    for (text, line, message) in cases {
        let err = read_rows(text.as_bytes(), "old.jsonl").unwrap_err();
        match &err {
            Error::MalformedLine {
                path,
                line: l,
                message: m,
            } => {
                assert_eq!((path.as_str(), *l), ("old.jsonl", line), "{err}");
                assert!(m.contains(message), "{m}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            err.to_string().starts_with(&format!("old.jsonl:{line}: ")),
            "{err}"
        );
    }
    assert_eq!(
        read_rows(format!("{good}\n\n").as_bytes(), "x")
            .unwrap()
            .len(),
        1
    );
}
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {line}"));
    idc_report::width::width(&line[..at])
}

#[test]
fn tables_align_korean_and_emoji_names_by_display_width() {
    let rows = vec![
        row("u-1", Some("alice")),
        row("u-2", Some("김철수")),
        row("u-3", Some("🦀 crab 👩\u{200d}💻")),
        row("u-4", Some(&"김".repeat(100))),
    ];
    let text = table(&rows);
    let lines: Vec<&str> = text.lines().collect();
    let type_column = column_of(lines[0], "TYPE");
    for line in &lines[1..] {
        assert_eq!(column_of(line, "ACCT"), type_column, "{text}");
    }
    for line in &lines {
        let width = idc_report::width::width(line);
        assert!(width <= 120, "{width} columns wide: {line}");
    }
    // The long Korean name is cut to its 24 columns: 11 syllables and `…`.
    assert!(
        lines[4].starts_with(&format!("{}…", "김".repeat(11))),
        "{text}"
    );
}

#[test]
fn invisible_and_bidi_characters_show_in_the_table_csv_and_html() {
    let rows = vec![
        row("u-1", Some("alice")),
        row("u-2", Some("al\u{200b}ice")),
        row("u-3", Some("admin\u{202e}gnp.exe")),
        row("u-4", Some("\u{feff}bob\u{200f}")),
        row("u-5", Some("\u{61c}x\u{2028}")),
    ];
    let invisible = [
        '\u{200b}', '\u{202e}', '\u{feff}', '\u{200f}', '\u{61c}', '\u{2028}',
    ];
    for format in [Format::Table, Format::Csv, Format::Html] {
        let text = match format {
            Format::Table => table(&rows),
            // The page's names are in the data its script shows: read them as it does.
            Format::Html => {
                let page = write(format, rows.clone());
                assert!(!page.contains(invisible), "{page}");
                let data = page.split("id=\"report-data\">").nth(1).unwrap();
                let data = data.split("</script>").next().unwrap();
                let data: serde_json::Value = serde_json::from_str(data).unwrap();
                fn strings(v: &serde_json::Value, out: &mut String) {
                    match v {
                        serde_json::Value::String(s) => {
                            out.push_str(s);
                            out.push('\n');
                        }
                        serde_json::Value::Array(items) => {
                            items.iter().for_each(|i| strings(i, out))
                        }
                        serde_json::Value::Object(fields) => {
                            fields.values().for_each(|i| strings(i, out))
                        }
                        _ => {}
                    }
                }
                let mut text = String::new();
                strings(&data, &mut text);
                text
            }
            _ => write(format, rows.clone()),
        };
        assert!(!text.contains(invisible), "{format:?}: {text}");
        for shown in [
            "al\\u{200b}ice",
            "admin\\u{202e}gnp.exe",
            "\\u{feff}bob\\u{200f}",
            "\\u{61c}x\\u{2028}",
        ] {
            assert!(text.contains(shown), "{format:?} shows {shown}: {text}");
        }
    }
    // The page isolates every name from the text around it: cells, and a grant's permission set
    // from its "(how)" note.
    let page = write(Format::Html, rows);
    assert!(
        page.contains("bdi{unicode-bidi:isolate}")
            && page.contains(".how{color:#666;font-size:11px;unicode-bidi:isolate}"),
        "{page}"
    );
    assert!(page.contains("el('bdi', r[2] < 0 ? '(none)'"), "{page}");
}

#[test]
fn csv_cells_with_a_semicolon_are_quoted_and_formulas_after_separators_neutralised() {
    let text = write(
        Format::Csv,
        vec![row("u-1", Some("a;=cmd|' /C calc'!A0;b"))],
    );
    let line = text.lines().nth(1).unwrap();
    assert!(line.contains("\"a;'=cmd|' /C calc'!A0;b\""), "{line}");
    // A semicolon-locale spreadsheet splits at `;` outside quotes only; one that ignores the
    // quotes still finds no cell that starts a formula.
    for cell in line.split([';', ',']) {
        let cell = cell.trim_matches('"');
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "{cell:?} in {line}"
        );
    }
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let record = reader.records().next().unwrap().unwrap();
    assert_eq!(&record[3], "a;'=cmd|' /C calc'!A0;b");
}
