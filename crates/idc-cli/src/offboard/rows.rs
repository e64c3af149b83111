//! The rows `idc revoke --rows FILE|-` reads: JSON lines of a report or a diff, filtered or not.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use idc_report::Row;
use idc_report::escape;
use serde_json::Value;

/// The longest line read: a row is far smaller.
const MAX_LINE: u64 = 1 << 20;

/// The rows given, and how many lines were left out (a diff's `revoked` rows: gone already).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Given {
    /// The rows, in the order given.
    pub rows: Vec<Row>,
    /// The `revoked` rows of a diff, left out.
    pub revoked_left_out: usize,
}

/// Reads the rows of `path` (`-`: stdin). A report's header and trailer (the lines with an
/// `idc_report` key) are skipped; a diff row's `change` is taken off (its `revoked` rows are
/// left out: those accesses ended already). Anything else that is not a row of the access view
/// is an error naming its line.
pub fn read(path: &Path) -> Result<Given, String> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        return parse(BufReader::new(io::stdin().lock()), "stdin");
    }
    let file =
        std::fs::File::open(path).map_err(|e| format!("{}: {e}", escape::terminal(&name)))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!(
            "{}: a directory, not a file of rows",
            escape::terminal(&name)
        ));
    }
    parse(BufReader::new(file), &name)
}

/// Reads rows from `input`, named `name` in errors.
pub fn parse(mut input: impl BufRead, name: &str) -> Result<Given, String> {
    let name = escape::terminal(name);
    let mut given = Given::default();
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        let read = (&mut input)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("{name}: {e}"))?;
        if read == 0 {
            break;
        }
        if read as u64 > MAX_LINE {
            return Err(format!("{name}:{number}: a line over 1 MiB"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let bad = |why: &str| format!("{name}:{number}: {why}");
        let mut value: Value =
            serde_json::from_str(text).map_err(|e| bad(&format!("not JSON: {e}")))?;
        let Some(object) = value.as_object_mut() else {
            return Err(bad("not a report row (a JSON object)"));
        };
        if object.contains_key("idc_report") {
            continue;
        }
        match object.remove("change") {
            Some(Value::String(change)) if change == "revoked" => {
                given.revoked_left_out += 1;
                continue;
            }
            Some(Value::String(change)) if change == "granted" => {}
            Some(other) => {
                return Err(bad(&format!(
                    "a change of {}: a diff row is granted or revoked",
                    escape::terminal(&other.to_string())
                )));
            }
            None => {}
        }
        if object.contains_key("principal_type") {
            return Err(bad(
                "a row of --no-expand-groups: idc revoke takes the rows of the access view (one \
                 per user and access)",
            ));
        }
        let row: Row = serde_json::from_value(value).map_err(|e| {
            bad(&format!(
                "not a report row: {}",
                escape::terminal(&e.to_string())
            ))
        })?;
        given.rows.push(row);
    }
    Ok(given)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = r#"{"cloud":"huawei","instance_id":"ins-1","user_id":"u-1","user_name":"alice","target_type":"ACCOUNT","target_id":"a-1","target_name":"prod","permission_set_id":"ps-1","permission_set_name":"Admin","via_type":"USER","via_id":null,"via_name":null}"#;

    fn with(extra: &str) -> String {
        ROW.replacen('{', &format!("{{{extra},"), 1)
    }

    #[test]
    fn a_report_gives_its_rows_without_header_and_trailer() {
        let text = format!(
            "{{\"idc_report\":\"header\",\"format\":1}}\n{ROW}\n\n{}\n{{\"idc_report\":\"trailer\",\"rows\":2,\"complete\":true}}\n",
            ROW.replace("a-1", "a-2")
        );
        let given = parse(text.as_bytes(), "r.jsonl").unwrap();
        assert_eq!(given.rows.len(), 2);
        assert_eq!(given.rows[1].target_id, "a-2");
        assert_eq!(given.revoked_left_out, 0);
    }

    #[test]
    fn a_diff_keeps_its_granted_rows_and_leaves_the_revoked_out() {
        let text = format!(
            "{}\n{}\n",
            with(r#""change":"granted""#),
            with(r#""change":"revoked""#)
        );
        let given = parse(text.as_bytes(), "d.jsonl").unwrap();
        assert_eq!(given.rows.len(), 1);
        assert_eq!(given.revoked_left_out, 1);
        let bad = format!("{}\n", with(r#""change":"maybe""#));
        assert!(
            parse(bad.as_bytes(), "d")
                .unwrap_err()
                .starts_with("d:1: a change of")
        );
    }

    #[test]
    fn anything_else_is_refused_naming_its_line() {
        let cases = [
            ("not json\n", "x:2: not JSON"),
            ("[1]\n", "x:2: not a report row (a JSON object)"),
            (r#"{"cloud":"huawei"}"#, "x:2: not a report row"),
            (
                r#"{"principal_type":"GROUP"}"#,
                "x:2: a row of --no-expand-groups",
            ),
        ];
        for (line, expected) in cases {
            let text = format!("{ROW}\n{line}");
            let error = parse(text.as_bytes(), "x").unwrap_err();
            assert!(error.starts_with(expected), "{line}: {error}");
        }
        let unknown = with(r#""extra":1"#);
        assert!(
            parse(unknown.as_bytes(), "x").is_err(),
            "unknown fields are refused"
        );
    }

    #[test]
    fn server_text_in_an_error_is_escaped() {
        let error = parse(r#"{"change":"\u001b[2J"}"#.as_bytes(), "x\u{1b}").unwrap_err();
        assert!(!error.contains('\u{1b}'), "{error:?}");
    }
}
