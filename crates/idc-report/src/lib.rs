//! # idc-report: who can reach what, across both clouds
//!
//! The access report of IAM Identity Center on Huawei Cloud and Samsung Cloud Platform: every
//! user's effective access to accounts (with permission sets) and applications, directly, through
//! each group they belong to, or because an application is open to every user; with names for
//! every id, filters, several output formats, and diffs between two reports.
//!
//! This example runs as written against the emulator's demo data (the workspace's `tests/tests/readme.rs`
//! runs it with `IDC_HUAWEI_ENDPOINT` pointing at the emulator):
//!
//! ```no_run
//! # async fn run() -> idc_report::Result<()> {
//! use futures::TryStreamExt;
//! use idc_report::{huawei::HuaweiSource, Filters, Report};
//!
//! let client = idc::huawei::Client::builder().region("cn-north-4").build()?;
//! // The instance; `None` discovers it when there is exactly one.
//! let source = HuaweiSource::connect(client, Some("ins-36218e5b4c2c4c4d")).await?;
//! // Filters are exact: an id, or a whole name.
//! let filters = Filters { accounts: vec!["Production".into()], ..Filters::default() };
//! let mut rows = Report::new(source).filters(filters).concurrency(16).rows();
//! while let Some(row) = rows.try_next().await? {
//!     println!("{} reaches {} as {:?} via {:?}", row.user_id, row.target_id, row.permission_set_name, row.via_type);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## The plan
//!
//! A report first reads what names and expands the rows, all at once (bounded by
//! [`Report::concurrency`]): the users, the groups and each group's members, the accounts, the
//! permission sets and the applications; each account's assignments are fetched from the moment
//! the accounts are listed, and its rows stream out once the names are known. On Huawei, when the
//! instance has applications, each user's and each group's application assignments follow; then
//! the applications open to every user. Every request goes through one semaphore of
//! `concurrency` slots. See the README for the request counts.
//!
//! Sources: [`huawei::HuaweiSource`], [`scp::ScpSource`] over the `idc` clients (which retry,
//! honouring `Retry-After`), and [`source::MemorySource`] for tests. Output: [`format`](mod@format). Diffs:
//! [`diff`].

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod diff;
mod engine;
pub mod format;
pub mod huawei;
mod model;
pub mod scp;
pub mod source;

pub use engine::{DEFAULT_CONCURRENCY, FilterKind, Filters, MAX_CONCURRENCY, Progress, Report};
pub use model::{AssignmentRow, Cloud, PrincipalKind, Record, Row, TargetType, ViaType};

/// What can go wrong making, writing or comparing a report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request failed (after the client's retries).
    #[error(transparent)]
    Idc(#[from] idc::Error),
    /// Filter values that name nothing of their kind: every one of them, not only the first.
    #[error("{}", unmatched_message(unmatched, instance_id))]
    FilterMatchesNothing {
        /// Each value that matches nothing, with its filter, in the order of [`Filters`]'s fields
        /// and then as given.
        unmatched: Vec<(FilterKind, String)>,
        /// The instance searched.
        instance_id: String,
    },
    /// No instance was given, and there is not exactly one.
    #[error("{}", instance_message(found))]
    InstanceDiscovery {
        /// The instances found.
        found: Vec<String>,
    },
    /// The instance given does not exist.
    #[error("instance {} not found (instances: {})", quoted(instance_id), found.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", "))]
    InstanceNotFound {
        /// The instance given.
        instance_id: String,
        /// The instances found.
        found: Vec<String>,
    },
    /// Two reports of different clouds or instances: a diff of them would list every access as
    /// changed.
    #[error(
        "{old_path} is a report of {old}, {new_path} of {new}: a diff would list every access as \
         changed",
        old_path = idc::text::escape_control(old_path),
        new_path = idc::text::escape_control(new_path)
    )]
    DifferentInstances {
        /// The older report's name (its path).
        old_path: String,
        /// What it covers: `huawei instance "ins-1"`.
        old: String,
        /// The newer report's name.
        new_path: String,
        /// What it covers.
        new: String,
    },
    /// A line of a report file is not a row.
    #[error("{}:{line}: {message}", path)]
    MalformedLine {
        /// The file.
        path: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An input file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Reading or writing failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being read or written.
        context: String,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },
}

/// `Result<T, idc_report::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn quoted(s: &str) -> String {
    format!("\"{}\"", idc::text::escape_control(s))
}

/// `the user filter "bob" matches no user of instance "i"`; with several values, each filter's
/// values together (`the user filters "a", "b" and the account filter "x" match nothing in ...`).
fn unmatched_message(unmatched: &[(FilterKind, String)], instance_id: &str) -> String {
    let mut kinds: Vec<FilterKind> = Vec::new();
    for (kind, _) in unmatched {
        if !kinds.contains(kind) {
            kinds.push(*kind);
        }
    }
    let parts: Vec<String> = kinds
        .iter()
        .map(|kind| {
            let values: Vec<String> = unmatched
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, v)| quoted(v))
                .collect();
            let plural = if values.len() == 1 { "" } else { "s" };
            format!("the {kind} filter{plural} {}", values.join(", "))
        })
        .collect();
    let verb = if unmatched.len() == 1 {
        "matches"
    } else {
        "match"
    };
    match kinds.as_slice() {
        [kind] => format!(
            "{} {verb} no {kind} of instance {}",
            parts.join(" and "),
            quoted(instance_id)
        ),
        _ => format!(
            "{} match nothing in instance {}",
            parts.join(" and "),
            quoted(instance_id)
        ),
    }
}

fn instance_message(found: &[String]) -> String {
    if found.is_empty() {
        "no IAM Identity Center instance found: name one (the instance id given to `connect`)"
            .to_owned()
    } else {
        format!(
            "{} instances found ({}): choose one (the instance id given to `connect`)",
            found.len(),
            found
                .iter()
                .map(|s| quoted(s))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Picks the instance: the one asked for, or the only one.
pub(crate) fn pick_instance<'a>(wanted: Option<&str>, found: &'a [String]) -> Result<&'a str> {
    match wanted {
        Some(id) => found
            .iter()
            .find(|f| *f == id)
            .map(String::as_str)
            .ok_or_else(|| Error::InstanceNotFound {
                instance_id: id.to_owned(),
                found: found.to_vec(),
            }),
        None => match found {
            [only] => Ok(only),
            _ => Err(Error::InstanceDiscovery {
                found: found.to_vec(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(unmatched: &[(FilterKind, &str)]) -> String {
        Error::FilterMatchesNothing {
            unmatched: unmatched
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned()))
                .collect(),
            instance_id: "ins-1".to_owned(),
        }
        .to_string()
    }

    #[test]
    fn every_unmatched_filter_value_is_named() {
        assert_eq!(
            message(&[(FilterKind::User, "bob")]),
            "the user filter \"bob\" matches no user of instance \"ins-1\""
        );
        assert_eq!(
            message(&[(FilterKind::User, "bob"), (FilterKind::User, "eve")]),
            "the user filters \"bob\", \"eve\" match no user of instance \"ins-1\""
        );
        assert_eq!(
            message(&[
                (FilterKind::User, "bob"),
                (FilterKind::PermissionSet, "Root"),
                (FilterKind::User, "eve"),
            ]),
            "the user filters \"bob\", \"eve\" and the permission set filter \"Root\" match \
             nothing in instance \"ins-1\""
        );
        // A value is server-independent user text, but still never reaches a terminal raw.
        assert!(!message(&[(FilterKind::Group, "a\u{1b}[2J")]).contains('\u{1b}'));
    }
}
