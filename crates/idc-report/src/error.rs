//! The report's error type.

use crate::model::FilterKind;

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
        /// Each value that matches nothing, with its filter, in the order of [`Filters`](crate::Filters)'s fields
        /// and then as given.
        unmatched: Vec<(FilterKind, String)>,
        /// The instance searched.
        instance_id: String,
    },
    /// A filter value that is the id of one entity and the name of another: which one is meant
    /// cannot be known.
    #[error(
        "the {kind} filter {} is ambiguous: it is the id of {kind} {} and the name of {kind} {}; \
         write id:{value} or name:{value}",
        quoted(value),
        quoted(id_of),
        quoted(name_of),
        value = idc::text::escape_control(value)
    )]
    AmbiguousFilter {
        /// Which filter.
        kind: FilterKind,
        /// The value as given.
        value: String,
        /// The entity whose id it is.
        id_of: String,
        /// The id of the entity whose name it is.
        name_of: String,
    },
    /// A lookup the source does not offer (see [`Views`](crate::source::Views)): the planner
    /// asks only for what a source offers, so this is a bug of a [`Source`](crate::source::Source).
    #[error("the source does not offer the lookup \"{lookup}\"")]
    Unsupported {
        /// The lookup's name.
        lookup: &'static str,
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
    /// Two reports made with different filters: a diff would list what one filter left out as
    /// changed.
    #[error(
        "{old_path} was made with {old}, {new_path} with {new}: a diff would list what one of \
         them leaves out as changed",
        old_path = idc::text::escape_control(old_path),
        new_path = idc::text::escape_control(new_path)
    )]
    DifferentFilters {
        /// The older report's name (its path).
        old_path: String,
        /// Its filters: `--user "alice"`, or `no filters`.
        old: String,
        /// The newer report's name.
        new_path: String,
        /// Its filters.
        new: String,
    },
    /// A report file that is not a complete report: its run failed or was cut short.
    #[error("{} is not a complete report: {why}", idc::text::escape_control(path))]
    IncompleteReport {
        /// The file.
        path: String,
        /// The rows it holds.
        rows: usize,
        /// Why it is taken for incomplete.
        why: String,
    },
    /// A report stopped after some records were written: what was written is incomplete (JSON
    /// lines without their trailer, a table and a page under an "incomplete" banner).
    #[error("{source} (report incomplete: {rows} rows written)")]
    Interrupted {
        /// The records written before the failure.
        rows: usize,
        /// What stopped the report.
        source: Box<Error>,
    },
    /// A file to read as a report that is neither a regular file nor a pipe (`/dev/zero`).
    #[error("cannot read {}: {what}, not a report file", path.display())]
    NotAReportFile {
        /// The file.
        path: std::path::PathBuf,
        /// What it is: `a character device`, `a directory`.
        what: &'static str,
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
