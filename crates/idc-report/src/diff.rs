//! Comparing two reports (JSON lines): the accesses granted and revoked since the older one.
//!
//! A row's identity is every field but the names, so a renamed user or account is not a change.
//!
//! ```
//! use idc_report::diff::{diff, read_rows, Change};
//!
//! let old = r#"{"cloud":"scp","instance_id":"i","user_id":"u1","user_name":"alice","target_type":"ACCOUNT","target_id":"a","target_name":"prod","permission_set_id":"ps","permission_set_name":"Admin","via_type":"USER","via_id":null,"via_name":null}"#;
//! let new = old.replace("u1", "u2");
//! let old = read_rows(old.as_bytes(), "old.jsonl")?;
//! let new = read_rows(new.as_bytes(), "new.jsonl")?;
//! let changes = diff(&old, &new);
//! assert_eq!(changes.len(), 2);
//! assert_eq!(changes[0].change, Change::Revoked);
//! assert_eq!(changes[1].change, Change::Granted);
//! # Ok::<(), idc_report::Error>(())
//! ```

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::BufRead;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::format::{Cell, HtmlRecord, TableRecord, simple_page};
use crate::model::{Cloud, Record, Row};

/// Whether an access appeared or went away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// In the new report only.
    Granted,
    /// In the old report only.
    Revoked,
}

impl Change {
    /// `granted` or `revoked`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Revoked => "revoked",
        }
    }
}

/// A row that changed: the row's fields, then `change`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    /// The row (from the new report when granted, the old one when revoked).
    #[serde(flatten)]
    pub row: Row,
    /// `granted` or `revoked`.
    pub change: Change,
}

const DIFF_FIELDS: [&str; 13] = [
    "cloud",
    "instance_id",
    "user_id",
    "user_name",
    "target_type",
    "target_id",
    "target_name",
    "permission_set_id",
    "permission_set_name",
    "via_type",
    "via_id",
    "via_name",
    "change",
];

impl Record for DiffRow {
    fn fields() -> &'static [&'static str] {
        &DIFF_FIELDS
    }
    fn values(&self) -> Vec<Option<&str>> {
        let mut v = self.row.values();
        v.push(Some(self.change.as_str()));
        v
    }
}

impl HtmlRecord for DiffRow {
    fn page(title: &str, records: &[Self]) -> String {
        simple_page(title, records)
    }
}

impl TableRecord for DiffRow {
    fn header() -> &'static [&'static str] {
        &["CHANGE", "USER", "TYPE", "TARGET", "PERMISSION SET", "VIA"]
    }
    fn cells(&self) -> Vec<Cell> {
        let mut cells = vec![Cell::name(self.change.as_str())];
        cells.extend(self.row.cells());
        cells
    }
    fn widths() -> &'static [usize] {
        &[7, 22, 4, 26, 22, 27]
    }
}

/// A row without its names: what identifies an access.
fn identity(row: &Row) -> Row {
    Row {
        user_name: None,
        target_name: None,
        permission_set_name: None,
        via_name: None,
        ..row.clone()
    }
}

/// Reads a JSON-lines report. Blank lines are skipped; a line that is not a row, or that repeats
/// the access of an earlier line, is [`Error::MalformedLine`] naming `name` and the line.
pub fn read_rows(input: impl BufRead, name: &str) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut seen: HashMap<Row, usize> = HashMap::new();
    for (i, line) in input.lines().enumerate() {
        let number = i + 1;
        let line = line.map_err(|e| Error::MalformedLine {
            path: name.to_owned(),
            line: number,
            message: format!("cannot read: {e}"),
        })?;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(text).map_err(|e| Error::MalformedLine {
            path: name.to_owned(),
            line: number,
            message: format!(
                "not a report row: {}",
                idc::text::escape_control(&e.to_string())
            ),
        })?;
        if let Some(first) = seen.insert(identity(&row), number) {
            return Err(Error::MalformedLine {
                path: name.to_owned(),
                line: number,
                message: format!("the same access as line {first}"),
            });
        }
        rows.push(row);
    }
    Ok(rows)
}

/// Reads a JSON-lines report from a file.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Row>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    read_rows(std::io::BufReader::new(file), &path.display().to_string())
}

/// The clouds and instances the rows of a report cover.
pub fn instances(rows: &[Row]) -> BTreeSet<(Cloud, String)> {
    rows.iter()
        .map(|r| (r.cloud, r.instance_id.clone()))
        .collect()
}

/// `huawei instance "ins-1"`, `scp instances "a", "b"`, or several clouds' joined by `and`.
fn covered(instances: &BTreeSet<(Cloud, String)>) -> String {
    let mut parts = Vec::new();
    for cloud in [Cloud::Huawei, Cloud::Scp] {
        let ids: Vec<String> = instances
            .iter()
            .filter(|(c, _)| *c == cloud)
            .map(|(_, id)| format!("\"{}\"", idc::text::escape_control(id)))
            .collect();
        match ids.len() {
            0 => {}
            1 => parts.push(format!("{cloud} instance {}", ids.join(""))),
            _ => parts.push(format!("{cloud} instances {}", ids.join(", "))),
        }
    }
    parts.join(" and ")
}

/// Checks that two reports cover the same clouds and instances: otherwise no access can match and
/// a diff would list every row as changed. A report without rows covers anything (everything may
/// have been revoked).
///
/// ```
/// use idc_report::diff::{check_same_instances, read_rows};
///
/// let row = r#"{"cloud":"scp","instance_id":"i","user_id":"u1","user_name":null,"target_type":"ACCOUNT","target_id":"a","target_name":null,"permission_set_id":"ps","permission_set_name":null,"via_type":"USER","via_id":null,"via_name":null}"#;
/// let old = read_rows(row.as_bytes(), "old.jsonl")?;
/// let new = read_rows(row.replace("\"scp\"", "\"huawei\"").as_bytes(), "new.jsonl")?;
/// let err = check_same_instances(&old, "old.jsonl", &new, "new.jsonl").unwrap_err();
/// assert!(err.to_string().starts_with(r#"old.jsonl is a report of scp instance "i", new.jsonl of huawei instance "i""#));
/// assert!(check_same_instances(&old, "old.jsonl", &[], "new.jsonl").is_ok());
/// # Ok::<(), idc_report::Error>(())
/// ```
pub fn check_same_instances(
    old: &[Row],
    old_path: &str,
    new: &[Row],
    new_path: &str,
) -> Result<()> {
    let (before, after) = (instances(old), instances(new));
    if before.is_empty() || after.is_empty() || before == after {
        return Ok(());
    }
    Err(Error::DifferentInstances {
        old_path: old_path.to_owned(),
        old: covered(&before),
        new_path: new_path.to_owned(),
        new: covered(&after),
    })
}

/// The accesses revoked (in `old` only, in its order), then those granted (in `new` only, in its
/// order).
pub fn diff(old: &[Row], new: &[Row]) -> Vec<DiffRow> {
    let old_ids: HashSet<Row> = old.iter().map(identity).collect();
    let new_ids: HashSet<Row> = new.iter().map(identity).collect();
    let revoked = old
        .iter()
        .filter(|r| !new_ids.contains(&identity(r)))
        .map(|r| DiffRow {
            row: r.clone(),
            change: Change::Revoked,
        });
    let granted = new
        .iter()
        .filter(|r| !old_ids.contains(&identity(r)))
        .map(|r| DiffRow {
            row: r.clone(),
            change: Change::Granted,
        });
    revoked.chain(granted).collect()
}
