//! The JSON-lines report file: a header line, one line per row, and a trailer line once the report
//! is complete, so that a failed or cut-short run can never be taken for a complete report.
//!
//! ```text
//! {"idc_report":"header","format":1,"cloud":"huawei","instance_id":"ins-1","view":"access","filters":{"users":["alice"],"groups":[],"accounts":[],"permission_sets":[],"applications":[]},"generated_at":"2026-12-07T01:00:00Z","idc_version":"0.1.0"}
//! {"cloud":"huawei","instance_id":"ins-1","user_id":"u-1",...}
//! {"idc_report":"trailer","rows":1,"complete":true}
//! ```
//!
//! A row never has an `idc_report` key: `jq 'select(.idc_report == null)'` keeps the rows.
//!
//! Files written before the header existed (rows only) are still read: [`ReportFile::is_legacy`]
//! says so, since nothing in them shows whether the run that wrote them finished or which filters
//! it had. An empty file is not a report of any version that can be told from a failed run: it
//! reads as a file without rows, header or trailer, which [`ReportFile::check_complete`] refuses.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::filters::Filters;
use crate::model::{Cloud, Row};
use crate::{Error, Result};

/// The version of the file format written in [`Header::format`]; a reader refuses a newer one.
pub const FORMAT_VERSION: u32 = 1;

/// The longest line read (16 MiB): a longer one is [`Error::MalformedLine`], never an unbounded
/// allocation.
pub const MAX_LINE: usize = 16 << 20;

/// Which rows a report holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum View {
    /// One row per user's effective access ([`Row`]), groups expanded.
    Access,
    /// One row per assignment ([`AssignmentRow`](crate::AssignmentRow)), groups not expanded.
    Assignments,
}

/// The first line of a report: what it covers and how it was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Header {
    /// The file format's version ([`FORMAT_VERSION`] when written).
    pub format: u32,
    /// The cloud.
    pub cloud: Cloud,
    /// The IAM Identity Center instance.
    pub instance_id: String,
    /// Expanded access rows or assignments.
    pub view: View,
    /// The filters as given (ids or names).
    pub filters: Filters,
    /// When the report started, RFC 3339 in UTC.
    pub generated_at: String,
    /// The version of idc that wrote it.
    pub idc_version: String,
}

impl Header {
    /// The header of a report starting now, by this version of idc.
    ///
    /// ```
    /// use idc_report::jsonl::{Header, View};
    /// let header = Header::new(idc_report::Cloud::Scp, "ssoins-1", View::Access, Default::default());
    /// assert!(header.line().starts_with(r#"{"idc_report":"header","format":1,"cloud":"scp""#));
    /// ```
    pub fn new(cloud: Cloud, instance_id: &str, view: View, filters: Filters) -> Self {
        Self {
            format: FORMAT_VERSION,
            cloud,
            instance_id: instance_id.to_owned(),
            view,
            filters,
            generated_at: time::OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default(),
            idc_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// The header as its line (without the newline).
    pub fn line(&self) -> String {
        marker_line(&Marker::Header(Box::new(self.clone())))
    }
}

/// The last line of a complete report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Trailer {
    /// The rows written between the header and the trailer.
    pub rows: u64,
    /// Always `true` when written: a report that fails has no trailer at all.
    pub complete: bool,
}

impl Trailer {
    /// The trailer of a complete report of `rows` rows, as its line (without the newline).
    pub fn line(rows: u64) -> String {
        marker_line(&Marker::Trailer(Self {
            rows,
            complete: true,
        }))
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "idc_report", rename_all = "lowercase")]
enum Marker {
    Header(Box<Header>),
    Trailer(Trailer),
}

fn marker_line(marker: &Marker) -> String {
    // Plain strings, numbers and booleans: serializing cannot fail.
    serde_json::to_string(marker).unwrap_or_default()
}

/// A report file as read: its header and trailer when it has them, and its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportFile {
    /// The header (`None` in a file written before headers, or an empty one).
    pub header: Option<Header>,
    /// The rows, in file order.
    pub rows: Vec<Row>,
    /// The trailer (`None` when the run that wrote it failed or was cut short).
    pub trailer: Option<Trailer>,
}

impl ReportFile {
    /// Rows without a header or trailer: written by idc before headers existed. Whether that run
    /// finished, and with which filters, cannot be known.
    pub fn is_legacy(&self) -> bool {
        self.header.is_none() && self.trailer.is_none() && !self.rows.is_empty()
    }

    /// Checks that the file is a complete report: it has a header and a trailer saying it is
    /// complete, or it is a non-empty file of an older idc (see [`is_legacy`](Self::is_legacy)).
    /// Otherwise [`Error::IncompleteReport`] naming `name` and why.
    pub fn check_complete(&self, name: &str) -> Result<()> {
        let why = match (&self.header, &self.trailer) {
            (_, Some(t)) if t.complete => return Ok(()),
            _ if self.is_legacy() => return Ok(()),
            (None, _) => {
                "it is empty: the run that wrote it failed before its first line".to_owned()
            }
            (Some(_), Some(_)) => "its trailer says it is not complete".to_owned(),
            (Some(_), None) => format!(
                "it ends after {} rows without its trailer: the run that wrote it failed or was \
                 cut short",
                self.rows.len()
            ),
        };
        Err(Error::IncompleteReport {
            path: name.to_owned(),
            rows: self.rows.len(),
            why,
        })
    }
}

/// Reads the next line into `buf` (without its newline), at most [`MAX_LINE`] bytes: `None` at the
/// end, `Some(false)` for a line longer than the cap (read only as far as the cap).
fn next_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Option<bool>> {
    buf.clear();
    let cap = MAX_LINE as u64 + 1;
    let n = input.by_ref().take(cap).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(true));
    }
    // No newline: the end of the input, or a line longer than the cap.
    Ok(Some(buf.len() <= MAX_LINE))
}

/// A row without its names: what identifies an access.
pub(crate) fn identity(row: &Row) -> Row {
    Row {
        user_name: None,
        target_name: None,
        permission_set_name: None,
        via_name: None,
        ..row.clone()
    }
}

/// Reads a JSON-lines report: its header, rows and trailer. Blank lines are skipped. Anything else
/// out of place is [`Error::MalformedLine`] naming `name` and the line: a line that is not a row,
/// a row missing a field, a line longer than [`MAX_LINE`], a row repeating the access of an
/// earlier one, a header not on the first line, anything after the trailer, a trailer whose
/// count is not the rows', a header of a newer format or of the assignments view.
///
/// Completeness is not checked here: see [`ReportFile::check_complete`].
///
/// ```
/// use idc_report::jsonl::{read_report, Header, Trailer, View};
///
/// let row = r#"{"cloud":"scp","instance_id":"i","user_id":"u1","user_name":null,"target_type":"ACCOUNT","target_id":"a","target_name":null,"permission_set_id":"ps","permission_set_name":null,"via_type":"USER","via_id":null,"via_name":null}"#;
/// let header = Header::new(idc_report::Cloud::Scp, "i", View::Access, Default::default());
/// let text = format!("{}\n{row}\n{}\n", header.line(), Trailer::line(1));
/// let file = read_report(text.as_bytes(), "r.jsonl")?;
/// assert_eq!((file.rows.len(), file.header.as_ref(), file.trailer.map(|t| t.rows)), (1, Some(&header), Some(1)));
/// file.check_complete("r.jsonl")?;
///
/// // The same run, cut short: refused.
/// let cut = read_report(format!("{}\n{row}\n", header.line()).as_bytes(), "r.jsonl")?;
/// assert!(cut.check_complete("r.jsonl").unwrap_err().to_string().contains("without its trailer"));
/// # Ok::<(), idc_report::Error>(())
/// ```
pub fn read_report(mut input: impl BufRead, name: &str) -> Result<ReportFile> {
    let mut file = ReportFile::default();
    let mut seen: HashMap<Row, usize> = HashMap::new();
    let mut buf = Vec::new();
    let mut number = 0;
    let mut first_line = true;
    loop {
        number += 1;
        let malformed = |message: String| Error::MalformedLine {
            path: name.to_owned(),
            line: number,
            message,
        };
        let whole = match next_line(&mut input, &mut buf) {
            Ok(None) => break,
            Ok(Some(whole)) => whole,
            Err(e) => return Err(malformed(format!("cannot read: {e}"))),
        };
        if !whole {
            return Err(malformed(format!(
                "longer than {} MiB: not a report line",
                MAX_LINE >> 20
            )));
        }
        let text = std::str::from_utf8(&buf)
            .map_err(|_| malformed("not UTF-8: not a report line".to_owned()))?
            .trim();
        if text.is_empty() {
            continue;
        }
        let starts = first_line;
        first_line = false;
        if file.trailer.is_some() {
            return Err(malformed("a line after the trailer".to_owned()));
        }
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            malformed(format!(
                "not a report row: {}",
                idc::text::escape_control(&e.to_string())
            ))
        })?;
        if value.get("idc_report").is_some() {
            let marker: Marker = serde_json::from_value(value).map_err(|e| {
                malformed(format!(
                    "not a report header or trailer: {}",
                    idc::text::escape_control(&e.to_string())
                ))
            })?;
            match marker {
                Marker::Header(_) if !starts => {
                    return Err(malformed("a header not on the first line".to_owned()));
                }
                Marker::Header(h) if h.format > FORMAT_VERSION => {
                    return Err(malformed(format!(
                        "a report of format {} (written by idc {}); this idc reads format {} and \
                         older",
                        h.format,
                        idc::text::escape_control(&h.idc_version),
                        FORMAT_VERSION
                    )));
                }
                Marker::Header(h) if h.view != View::Access => {
                    return Err(malformed(
                        "an assignments report (--no-expand-groups): only access reports are \
                         compared"
                            .to_owned(),
                    ));
                }
                Marker::Header(h) => file.header = Some(*h),
                Marker::Trailer(_) if file.header.is_none() => {
                    return Err(malformed("a trailer without a header".to_owned()));
                }
                Marker::Trailer(t) if t.rows != file.rows.len() as u64 => {
                    return Err(malformed(format!(
                        "the trailer counts {} rows, the file has {}",
                        t.rows,
                        file.rows.len()
                    )));
                }
                Marker::Trailer(t) => file.trailer = Some(t),
            }
            continue;
        }
        let row: Row = serde_json::from_value(value).map_err(|e| {
            malformed(format!(
                "not a report row: {}",
                idc::text::escape_control(&e.to_string())
            ))
        })?;
        if let Some(first) = seen.insert(identity(&row), number) {
            return Err(malformed(format!("the same access as line {first}")));
        }
        file.rows.push(row);
    }
    Ok(file)
}

/// Reads a JSON-lines report from a file: a regular file or a pipe, nothing else (a device such
/// as `/dev/zero` or a directory is [`Error::NotAReportFile`]).
pub fn read_file(path: &Path) -> Result<ReportFile> {
    let read_error = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let kind = file.metadata().map_err(read_error)?.file_type();
    if let Some(what) = not_a_report_file(&kind) {
        return Err(Error::NotAReportFile {
            path: path.to_owned(),
            what,
        });
    }
    read_report(std::io::BufReader::new(file), &path.display().to_string())
}

/// What a file of this type is, when it is neither a regular file nor a pipe.
fn not_a_report_file(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return None;
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file or a pipe")
}
