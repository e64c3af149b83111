//! The error type of off-boarding.

use std::path::PathBuf;

use idc_report::Row;

/// The result of this crate's operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a row given to [`plan_revoke`](crate::Offboarder::plan_revoke) cannot become an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A `GROUP` row given without a [`Via`](crate::Via): both ways of ending it, with what each also ends.
    GroupRowNeedsVia {
        /// The row.
        row: Row,
        /// What removing the user from the group also ends: the user's other accesses through it.
        membership_consequences: Vec<Row>,
        /// What deleting the group's assignment also ends: every other member's access through it.
        group_assignment_consequences: Vec<Row>,
    },
    /// An `ALL_USERS` row: an application open to every user of the instance; no assignment
    /// gives it, so none can be deleted (make the application require assignment instead).
    AllUsersRow {
        /// The row.
        row: Row,
    },
    /// A row of another cloud or instance than the one planned on.
    OtherInstance {
        /// The row.
        row: Row,
    },
}

impl Refusal {
    /// The row refused.
    pub fn row(&self) -> &Row {
        match self {
            Self::GroupRowNeedsVia { row, .. }
            | Self::AllUsersRow { row }
            | Self::OtherInstance { row } => row,
        }
    }

    /// Why, in a sentence (names escaped for a terminal).
    pub fn reason(&self) -> String {
        match self {
            Self::GroupRowNeedsVia {
                membership_consequences,
                group_assignment_consequences,
                ..
            } => format!(
                "a GROUP row needs --via: `membership` removes the user from the group and also \
                 ends {} other access(es) of theirs; `group-assignment` deletes the group's \
                 assignment and also ends it for {} other row(s) of other members",
                membership_consequences.len(),
                group_assignment_consequences.len()
            ),
            Self::AllUsersRow { .. } => "an ALL_USERS row is an application open to every user \
                of the instance: no assignment gives it, so none can be deleted; make the \
                application require assignment instead"
                .to_owned(),
            Self::OtherInstance { .. } => {
                "the row is of another cloud or instance than the one planned on".to_owned()
            }
        }
    }
}

/// What can go wrong planning, applying, undoing or verifying.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request failed (after the client's retries).
    #[error(transparent)]
    Idc(#[from] idc::Error),
    /// The report engine failed (including no instance given when there are several:
    /// [`idc_report::Error::InstanceDiscovery`]).
    #[error(transparent)]
    Report(#[from] idc_report::Error),
    /// No user has this id or exact name.
    #[error("no user has the id or name {}", quoted(user))]
    UserNotFound {
        /// The user as given.
        user: String,
    },
    /// The value is the id of one user and the name of another (or the name of several).
    #[error("the user {} is ambiguous: it names users {}", quoted(user), candidates.iter().map(|c| quoted(c)).collect::<Vec<_>>().join(", "))]
    AmbiguousUser {
        /// The user as given.
        user: String,
        /// The ids of the users it names.
        candidates: Vec<String>,
    },
    /// Rows of `revoke` that cannot become actions: every one of them, not only the first.
    #[error("{} row(s) refused: {}", refusals.len(), refusals.iter().map(Refusal::reason).collect::<Vec<_>>().join("; "))]
    Refused {
        /// Each refused row, with why.
        refusals: Vec<Refusal>,
    },
    /// A saved plan no longer matches the current state.
    #[error("the saved plan is stale: {}", changes.join("; "))]
    StalePlan {
        /// What changed, one sentence each.
        changes: Vec<String>,
    },
    /// A plan, journal or undo of another cloud or instance than the one connected to.
    #[error("{what} is for {planned}, not {connected}")]
    WrongTarget {
        /// What (e.g. `the plan`).
        what: String,
        /// What it is for (`huawei instance "ins-1"`).
        planned: String,
        /// What is connected.
        connected: String,
    },
    /// A plan file that cannot be read (malformed JSON, a newer format).
    #[error("plan file: {message}")]
    PlanFile {
        /// What is wrong.
        message: String,
    },
    /// A journal line that cannot be read.
    #[error("journal {}, line {line}: {}", idc::text::escape_control(&path.display().to_string()), idc::text::escape_control(message))]
    Journal {
        /// The journal.
        path: PathBuf,
        /// The line number (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A line of `revoke`'s rows that is not a report or diff row.
    #[error(
        "{}, line {line}: {}",
        idc::text::escape_control(name),
        idc::text::escape_control(message)
    )]
    Rows {
        /// The input's name (its path, or `-`).
        name: String,
        /// The line number (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", idc::text::escape_control(&path.display().to_string()))]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// An action failed: the run stopped there. Applying the same plan again with the same
    /// journal resumes (what is done is skipped).
    #[error(
        "stopped at action {} ({}): {} done, {} not done; run again with the same journal {} to resume",
        idc::text::escape_control(failed),
        idc::text::escape_control(error),
        done.len(),
        not_done.len(),
        idc::text::escape_control(&journal.display().to_string())
    )]
    Stopped {
        /// The key of the action that failed.
        failed: String,
        /// Its error, as text.
        error: String,
        /// The keys of the actions done (by this run or an earlier one).
        done: Vec<String>,
        /// The keys of the actions not done (the failed one first).
        not_done: Vec<String>,
        /// The journal.
        journal: PathBuf,
    },
    /// An operation the cloud does not offer (a plan of another cloud's operations).
    #[error("{cloud} has no operation to {operation}")]
    Unsupported {
        /// The operation's name.
        operation: &'static str,
        /// The cloud.
        cloud: idc_report::Cloud,
    },
    /// A service answered something the plan cannot use.
    #[error("unexpected answer: {message}")]
    UnexpectedAnswer {
        /// What was unexpected.
        message: String,
    },
}

impl Error {
    /// Whether the error is the caller's (a usage or input error: the CLI's exit 2) rather than
    /// the service's or the transport's (exit 1).
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Idc(_) | Self::Stopped { .. } | Self::UnexpectedAnswer { .. } => false,
            Self::Unsupported { .. } => true,
            Self::Report(e) => matches!(
                e,
                idc_report::Error::InstanceDiscovery { .. }
                    | idc_report::Error::InstanceNotFound { .. }
                    | idc_report::Error::FilterMatchesNothing { .. }
                    | idc_report::Error::AmbiguousFilter { .. }
            ),
            Self::Io { .. } => false,
            Self::UserNotFound { .. }
            | Self::AmbiguousUser { .. }
            | Self::Refused { .. }
            | Self::StalePlan { .. }
            | Self::WrongTarget { .. }
            | Self::PlanFile { .. }
            | Self::Journal { .. }
            | Self::Rows { .. } => true,
        }
    }
}

/// A value in double quotes, control characters escaped.
pub(crate) fn quoted(s: &str) -> String {
    format!("\"{}\"", idc::text::escape_control(s))
}
