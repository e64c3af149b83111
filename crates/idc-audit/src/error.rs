//! The audit's error type.

/// What can go wrong running an audit or reading a baseline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The access report under the audit failed (a request, a filter, the instance).
    #[error(transparent)]
    Report(#[from] idc_report::Error),
    /// A request of a rule's own reads failed (after the client's retries).
    #[error(transparent)]
    Idc(#[from] idc::Error),
    /// `--rules` or `--skip-rules` named a rule the audit does not have.
    #[error("unknown rule {}: the rules are {}", quoted(rule), known.join(", "))]
    UnknownRule {
        /// The id as given.
        rule: String,
        /// The rules the audit has.
        known: Vec<String>,
    },
    /// Two rules with the same id.
    #[error("two rules have the id {}", quoted(rule))]
    DuplicateRule {
        /// The id.
        rule: String,
    },
    /// A baseline file that is not a baseline.
    #[error("{}: not a baseline: {message}", idc::text::escape_control(origin))]
    Baseline {
        /// Where it was read from (a path).
        origin: String,
        /// What is wrong with it.
        message: String,
    },
    /// Reading or writing a file.
    #[error("{}: {source}", idc::text::escape_control(path))]
    Io {
        /// The file.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// Part of the audit that is not written yet.
    #[error("not yet implemented: {0}")]
    NotYet(&'static str),
}

/// The audit's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

fn quoted(s: &str) -> String {
    format!("\"{}\"", idc::text::escape_control(s))
}
