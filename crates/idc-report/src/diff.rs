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

use std::collections::{BTreeSet, HashSet};
use std::io::BufRead;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::filters::Filters;
use crate::format::page::simple_page;
use crate::format::{Cell, HtmlRecord, TableRecord};
use crate::jsonl::{self, ReportFile, identity};
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

impl HtmlRecord for DiffRow {
    fn page(title: &str, records: &[Self], incomplete: Option<&str>) -> String {
        simple_page(title, records, incomplete)
    }
}

/// Reads the rows of a JSON-lines report (see [`jsonl::read_report`] for what is malformed); a
/// header and trailer are checked and left out.
pub fn read_rows(input: impl BufRead, name: &str) -> Result<Vec<Row>> {
    Ok(jsonl::read_report(input, name)?.rows)
}

/// Reads a JSON-lines report from a file (see [`jsonl::read_file`]).
pub fn read_file(path: &std::path::Path) -> Result<ReportFile> {
    jsonl::read_file(path)
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
    same_coverage((&instances(old), old_path), (&instances(new), new_path))
}

/// The clouds and instances a file covers: its header's, or else its rows'.
fn covers(file: &ReportFile) -> BTreeSet<(Cloud, String)> {
    match &file.header {
        Some(h) => BTreeSet::from([(h.cloud, h.instance_id.clone())]),
        None => instances(&file.rows),
    }
}

/// Ok when either side covers nothing or both cover the same; else [`Error::DifferentInstances`].
fn same_coverage(
    (before, old_path): (&BTreeSet<(Cloud, String)>, &str),
    (after, new_path): (&BTreeSet<(Cloud, String)>, &str),
) -> Result<()> {
    if before.is_empty() || after.is_empty() || before == after {
        return Ok(());
    }
    Err(Error::DifferentInstances {
        old_path: old_path.to_owned(),
        old: covered(before),
        new_path: new_path.to_owned(),
        new: covered(after),
    })
}

/// Checks that two report files cover the same clouds and instances (their headers', or else their
/// rows', as [`check_same_instances`]).
pub fn check_same_coverage(
    old: &ReportFile,
    old_path: &str,
    new: &ReportFile,
    new_path: &str,
) -> Result<()> {
    same_coverage((&covers(old), old_path), (&covers(new), new_path))
}

/// Each filter's values sorted, once each: the order and repetition of flags do not matter.
fn normalized(filters: &Filters) -> Filters {
    let sorted = |values: &Vec<String>| {
        values
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    };
    Filters {
        users: sorted(&filters.users),
        groups: sorted(&filters.groups),
        accounts: sorted(&filters.accounts),
        permission_sets: sorted(&filters.permission_sets),
        applications: sorted(&filters.applications),
        organizational_units: sorted(&filters.organizational_units),
    }
}

/// `--user "alice" --account "prod"`, or `no filters`.
fn described(filters: &Filters) -> String {
    let f = normalized(filters);
    let parts: Vec<String> = [
        ("user", &f.users),
        ("group", &f.groups),
        ("account", &f.accounts),
        ("permission-set", &f.permission_sets),
        ("application", &f.applications),
        ("ou", &f.organizational_units),
    ]
    .into_iter()
    .flat_map(|(flag, values)| {
        values
            .iter()
            .map(move |v| format!("--{flag} \"{}\"", idc::text::escape_control(v)))
    })
    .collect();
    if parts.is_empty() {
        "no filters".to_owned()
    } else {
        parts.join(" ")
    }
}

/// Checks that two report files were made with the same filters (in any order), when both have a
/// header: a filtered report against a full one would list what the filter left out as revoked or
/// granted. [`Error::DifferentFilters`] names both.
pub fn check_same_filters(
    old: &ReportFile,
    old_path: &str,
    new: &ReportFile,
    new_path: &str,
) -> Result<()> {
    let (Some(before), Some(after)) = (&old.header, &new.header) else {
        return Ok(());
    };
    if normalized(&before.filters) == normalized(&after.filters) {
        return Ok(());
    }
    Err(Error::DifferentFilters {
        old_path: old_path.to_owned(),
        old: described(&before.filters),
        new_path: new_path.to_owned(),
        new: described(&after.filters),
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
