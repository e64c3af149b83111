//! Reading the rows `revoke` is given: the rows of a report or of a diff, as JSON lines (e.g.
//! filtered with `jq -c`).
//!
//! A report's header and trailer lines (with an `idc_report` key) are left out; a diff row's
//! `change` field is dropped (a `revoked` row is not held any more: planning says so in its
//! notes). Empty lines are skipped.
//!
//! ```
//! let text = r#"{"idc_report":"header","format":1}
//! {"cloud":"scp","instance_id":"i","user_id":"u1","user_name":"alice","target_type":"ACCOUNT","target_id":"a","target_name":"prod","permission_set_id":"ps","permission_set_name":"Admin","via_type":"USER","via_id":null,"via_name":null,"change":"granted"}
//! "#;
//! let rows = idc_offboard::rows::read_rows(text.as_bytes(), "-")?;
//! assert_eq!(rows.len(), 1);
//! assert_eq!(rows[0].user_id, "u1");
//! # Ok::<(), idc_offboard::Error>(())
//! ```

use std::io::{BufRead, Read};

use idc_report::Row;

use crate::error::{Error, Result};

/// The rows of a report or diff read from `input` (`name` names it in errors).
pub fn read_rows(mut input: impl BufRead, name: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut line = String::new();
    let mut number = 0;
    let limit = idc_report::jsonl::MAX_LINE;
    loop {
        line.clear();
        number += 1;
        let bad = |message: String| Error::Rows {
            name: name.to_owned(),
            line: number,
            message,
        };
        let n = (&mut input)
            .take(limit as u64 + 1)
            .read_line(&mut line)
            .map_err(|e| bad(e.to_string()))?;
        if n == 0 {
            return Ok(rows);
        }
        if n > limit {
            return Err(bad(format!("a line over {limit} bytes")));
        }
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let mut value: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(text).map_err(|e| bad(format!("not a JSON object: {e}")))?;
        if value.contains_key("idc_report") {
            continue;
        }
        value.remove("change");
        let row: Row = serde_json::from_value(serde_json::Value::Object(value))
            .map_err(|e| bad(format!("not a report row: {e}")))?;
        rows.push(row);
    }
}
