//! The JSON-lines report file: header and trailer written and checked, a failed report never
//! mistaken for a complete one, bounded and strict reading.

mod common;

use std::io::Read;

use idc_report::diff::{check_same_filters, diff, read_rows};
use idc_report::format::{Format, Writer, write_all};
use idc_report::jsonl::{self, FORMAT_VERSION, Header, MAX_LINE, Trailer, View, read_report};
use idc_report::{Cloud, Error, Filters, Row, ViaType};

fn row(user: &str) -> Row {
    common::sample_row(user, Some(&format!("{user} name")))
}

fn header(users: &[&str]) -> Header {
    Header::new(
        Cloud::Huawei,
        "ins-1",
        View::Access,
        Filters {
            users: users.iter().map(|u| (*u).to_owned()).collect(),
            ..Filters::default()
        },
    )
}

fn failure() -> Error {
    Error::Io {
        context: "listing accounts".into(),
        source: std::io::Error::other("HTTP 500 from the service"),
    }
}

/// What `write_all` wrote of `records` with a header, and its error.
fn write_stream(format: Format, records: Vec<idc_report::Result<Row>>) -> (String, Option<Error>) {
    let mut out = Vec::new();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let err = runtime
        .block_on(write_all(
            futures::stream::iter(records),
            Writer::new(format, &mut out, "title").header(header(&["alice"])),
        ))
        .err();
    (String::from_utf8(out).unwrap(), err)
}

#[test]
fn json_lines_begin_with_a_header_and_end_with_a_trailer() {
    let (text, err) = write_stream(Format::Json, vec![Ok(row("u-1")), Ok(row("u-2"))]);
    assert!(err.is_none());
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{text}");
    let h = &lines[0];
    assert_eq!(h["idc_report"], "header");
    assert_eq!(h["format"], FORMAT_VERSION);
    assert_eq!(
        (h["cloud"].as_str(), h["instance_id"].as_str()),
        (Some("huawei"), Some("ins-1"))
    );
    assert_eq!(h["view"], "access");
    assert_eq!(h["filters"]["users"], serde_json::json!(["alice"]));
    assert_eq!(h["idc_version"], env!("CARGO_PKG_VERSION"));
    let at = h["generated_at"].as_str().unwrap();
    assert!(
        time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339).is_ok(),
        "{at}"
    );
    assert_eq!(lines[1]["user_id"], "u-1");
    assert_eq!(
        lines[3],
        serde_json::json!({"idc_report": "trailer", "rows": 2, "complete": true})
    );
    // Read back: complete, the rows only.
    let file = read_report(text.as_bytes(), "r.jsonl").unwrap();
    file.check_complete("r.jsonl").unwrap();
    assert_eq!(file.rows, vec![row("u-1"), row("u-2")]);
    assert_eq!(
        file.header,
        Some(serde_json::from_value(h.clone()).unwrap())
    );

    // An empty report that did not fail: its header and a trailer of 0 rows.
    let (text, err) = write_stream(Format::Json, vec![]);
    assert!(err.is_none());
    let file = read_report(text.as_bytes(), "r.jsonl").unwrap();
    assert!(file.rows.is_empty() && file.header.is_some());
    assert_eq!(file.trailer.map(|t| t.rows), Some(0));
    file.check_complete("r.jsonl").unwrap();
}

#[test]
fn a_report_failing_after_some_rows_is_marked_incomplete_in_every_format() {
    let records = || vec![Ok(row("u-1")), Ok(row("u-2")), Err(failure())];
    let interrupted = |err: Option<Error>| match err {
        Some(Error::Interrupted { rows, source }) => {
            assert_eq!(rows, 2);
            assert!(source.to_string().contains("HTTP 500"));
        }
        other => panic!("{other:?}"),
    };

    let (json, err) = write_stream(Format::Json, records());
    interrupted(err);
    assert_eq!(
        json.lines().count(),
        3,
        "the header and the rows, no trailer: {json}"
    );
    assert!(!json.contains("trailer"));
    let file = read_report(json.as_bytes(), "new.jsonl").unwrap();
    let refused = file.check_complete("new.jsonl").unwrap_err();
    assert!(
        matches!(refused, Error::IncompleteReport { rows: 2, .. }),
        "{refused:?}"
    );
    assert!(
        refused
            .to_string()
            .contains("ends after 2 rows without its trailer")
    );

    let (table, err) = write_stream(Format::Table, records());
    interrupted(err);
    let lines: Vec<&str> = table.lines().collect();
    for banner in [lines[0], lines[lines.len() - 1]] {
        assert!(
            banner.starts_with("INCOMPLETE REPORT: 2 rows written, then it failed: ")
                && banner.contains("HTTP 500"),
            "{table}"
        );
    }
    assert_eq!(lines.len(), 5, "banner, header, 2 rows, banner: {table}");

    let (page, err) = write_stream(Format::Html, records());
    interrupted(err);
    assert!(page.contains("<title>INCOMPLETE: title</title>"), "{page}");
    assert_eq!(
        page.matches("<p class=\"incomplete\" id=\"incomplete\">INCOMPLETE REPORT: 2 rows written")
            .count(),
        2
    );
    assert!(page.contains("data-count=\"accesses\">2<"));

    let (csv, err) = write_stream(Format::Csv, records());
    interrupted(err);
    assert_eq!(
        csv.lines().count(),
        3,
        "the header and the rows, as written: {csv}"
    );

    // Complete reports carry no banner.
    let (page, err) = write_stream(Format::Html, vec![Ok(row("u-1"))]);
    assert!(err.is_none());
    assert!(!page.contains("INCOMPLETE"));
}

#[test]
fn malformed_structure_is_an_error_naming_the_line() {
    let h = header(&[]).line();
    let r = serde_json::to_string(&row("u-1")).unwrap();
    let r2 = serde_json::to_string(&row("u-2")).unwrap();
    let newer = h.replace("\"format\":1", "\"format\":99");
    let assignments = h.replace("\"view\":\"access\"", "\"view\":\"assignments\"");
    let cases = [
        (format!("{r}\n{h}\n"), 2, "a header not on the first line"),
        (
            format!("{h}\n{r}\n{}\n{r2}\n", Trailer::line(1)),
            4,
            "a line after the trailer",
        ),
        (
            format!("{h}\n{r}\n{}\n", Trailer::line(2)),
            3,
            "the trailer counts 2 rows, the file has 1",
        ),
        (
            format!("{r}\n{}\n", Trailer::line(1)),
            2,
            "a trailer without a header",
        ),
        (format!("{newer}\n"), 1, "a report of format 99"),
        (format!("{assignments}\n"), 1, "an assignments report"),
        (
            "{\"idc_report\":\"footer\"}\n".to_owned(),
            1,
            "not a report header or trailer",
        ),
        (format!("{h}\n\u{0}\u{ff}\n"), 2, "not a report row"),
    ];
    for (text, line, message) in cases {
        match read_report(text.as_bytes(), "old.jsonl") {
            Err(Error::MalformedLine {
                path,
                line: l,
                message: m,
            }) => {
                assert_eq!((path.as_str(), l), ("old.jsonl", line), "{text}: {m}");
                assert!(m.contains(message), "{text}: {m}");
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    let bytes = [h.as_bytes(), b"\n\xff\xfe\n"].concat();
    match read_report(&bytes[..], "x") {
        Err(Error::MalformedLine {
            line: 2, message, ..
        }) => assert!(message.contains("not UTF-8")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_row_missing_a_field_is_malformed_not_null() {
    // A cut-down line read as null would be a revoked and a granted access in a diff.
    let full = serde_json::to_string(&row("u-1")).unwrap();
    for field in ["permission_set_id", "via_id", "user_name", "via_name"] {
        let mut value: serde_json::Value = serde_json::from_str(&full).unwrap();
        value.as_object_mut().unwrap().remove(field);
        let line = value.to_string();
        match read_rows(line.as_bytes(), "new.jsonl") {
            Err(Error::MalformedLine {
                line: 1, message, ..
            }) => {
                assert!(
                    message.contains(&format!("missing field `{field}`")),
                    "{message}"
                );
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    // Null is still a value.
    let mut direct = row("u-1");
    direct.via_type = ViaType::User;
    direct.via_id = None;
    direct.via_name = None;
    let line = serde_json::to_string(&direct).unwrap();
    assert!(line.contains("\"via_id\":null"));
    assert_eq!(read_rows(line.as_bytes(), "x").unwrap(), vec![direct]);
}

#[test]
fn a_line_longer_than_the_cap_is_refused_without_reading_it_whole() {
    // An endless line: refused once the cap is passed, not read to the end.
    let endless = std::io::BufReader::new(std::io::repeat(b' '));
    match read_report(endless, "zero") {
        Err(Error::MalformedLine {
            line: 1, message, ..
        }) => {
            assert!(message.contains("longer than 16 MiB"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    // A line of exactly the cap is read (here blank, so skipped).
    let exact = std::io::repeat(b' ')
        .take(MAX_LINE as u64)
        .chain(&b"\n"[..]);
    let file = read_report(std::io::BufReader::new(exact), "x").unwrap();
    assert!(file.rows.is_empty());
}

#[test]
fn completeness_of_files_old_and_new() {
    let r = serde_json::to_string(&row("u-1")).unwrap();
    // Written before headers: read, and said to be so.
    let legacy = read_report(format!("{r}\n").as_bytes(), "old.jsonl").unwrap();
    assert!(legacy.is_legacy());
    legacy.check_complete("old.jsonl").unwrap();
    // Empty: what a report failing before its first line leaves.
    let empty = read_report(&b""[..], "new.jsonl").unwrap();
    assert!(!empty.is_legacy());
    let err = empty.check_complete("new.jsonl").unwrap_err();
    assert_eq!(
        err.to_string(),
        "new.jsonl is not a complete report: it is empty: the run that wrote it failed before \
         its first line"
    );
    // A trailer saying it is not complete.
    let text = format!(
        "{}\n{r}\n{{\"idc_report\":\"trailer\",\"rows\":1,\"complete\":false}}\n",
        header(&[]).line()
    );
    let file = read_report(text.as_bytes(), "x").unwrap();
    assert!(
        file.check_complete("x")
            .unwrap_err()
            .to_string()
            .contains("not complete")
    );
}

#[test]
fn reports_with_different_filters_are_refused_naming_both() {
    let r = serde_json::to_string(&row("u-1")).unwrap();
    let file = |users: &[&str]| {
        let text = format!("{}\n{r}\n{}\n", header(users).line(), Trailer::line(1));
        read_report(text.as_bytes(), "x").unwrap()
    };
    let full = file(&[]);
    let alice = file(&["alice", "bob"]);
    let err = check_same_filters(&full, "old.jsonl", &alice, "new.jsonl").unwrap_err();
    assert!(matches!(err, Error::DifferentFilters { .. }));
    assert_eq!(
        err.to_string(),
        "old.jsonl was made with no filters, new.jsonl with --user \"alice\" --user \"bob\": a \
         diff would list what one of them leaves out as changed"
    );
    // The same values in another order, or repeated: the same filters.
    check_same_filters(&alice, "a", &file(&["bob", "alice", "bob"]), "b").unwrap();
    // A file without a header cannot say: not refused.
    let legacy = read_report(format!("{r}\n").as_bytes(), "x").unwrap();
    check_same_filters(&legacy, "a", &alice, "b").unwrap();
    assert!(diff(&alice.rows, &legacy.rows).is_empty());
}

#[cfg(unix)]
#[test]
fn only_regular_files_and_pipes_are_read() {
    for (path, what) in [("/dev/zero", "a character device"), ("/", "a directory")] {
        match jsonl::read_file(std::path::Path::new(path)) {
            Err(e @ Error::NotAReportFile { .. }) => {
                assert_eq!(
                    e.to_string(),
                    format!("cannot read {path}: {what}, not a report file")
                )
            }
            other => panic!("{path}: {other:?}"),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.jsonl");
    std::fs::write(
        &file,
        format!("{}\n{}\n", header(&[]).line(), Trailer::line(0)),
    )
    .unwrap();
    assert!(jsonl::read_file(&file).unwrap().trailer.is_some());
}
