//! The flags of `idc offboard huawei|scp`, `idc undo` and `idc revoke`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use crate::args::{Common, ScpVersion};

/// `idc offboard <cloud>`.
#[derive(Subcommand, Debug)]
pub enum OffboardCommand {
    /// Huawei Cloud: account and application assignments, group memberships, the user's enabled
    /// state and sessions.
    Huawei {
        #[command(flatten)]
        offboard: Box<OffboardArgs>,
        /// Also delete the user's sessions (BatchDeleteSessions): they cannot be restored by
        /// `idc undo`.
        #[arg(long)]
        revoke_sessions: bool,
    },
    /// Samsung Cloud Platform: account assignments and group memberships.
    Scp {
        #[command(flatten)]
        offboard: Box<OffboardArgs>,
        #[command(flatten)]
        scp: ScpVersion,
    },
}

/// The flags of `idc offboard huawei|scp`.
#[derive(Args, Debug)]
pub struct OffboardArgs {
    /// The user to off-board: id or exact name (a value that is one user's id and another's name
    /// is refused as ambiguous).
    #[arg(long, value_name = "USER")]
    pub user: String,
    /// The IAM Identity Center instance (default: the only one).
    #[arg(long)]
    pub instance_id: Option<String>,
    /// Also disable the user (Huawei DisableUser; on SCP the plan says what its API offers).
    #[arg(long)]
    pub disable_user: bool,
    #[command(flatten)]
    pub apply: ApplyArgs,
    #[command(flatten)]
    pub connection: Connection,
}

/// `idc revoke`: the flags.
#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The rows whose accesses to end: a JSON-lines report or diff (`idc report --output json`,
    /// `idc diff --output json`, filtered with jq or not), from a file or `-` for stdin. A
    /// report's header and trailer are skipped, a diff's `change` dropped (a row no longer held is
    /// a note of the plan, not an action).
    #[arg(long, value_name = "FILE|-", required_unless_present_all = ["plan_file", "apply"])]
    pub rows: Option<PathBuf>,
    /// How a GROUP row is ended: `membership` removes the user from the group (ending every other
    /// access the group gives them), `group-assignment` deletes the group's assignment (ending it
    /// for every member). Without it a GROUP row is refused, naming both consequences.
    #[arg(long, value_enum)]
    pub via: Option<Via>,
    #[command(flatten)]
    pub apply: ApplyArgs,
    #[command(flatten)]
    pub connection: Connection,
    #[command(flatten)]
    pub scp: ScpVersion,
}

/// How `idc revoke` ends a GROUP row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Via {
    /// Remove the user from the group.
    Membership,
    /// Delete the group's assignment.
    GroupAssignment,
}

impl Via {
    /// The library's.
    pub fn library(self) -> idc_offboard::Via {
        match self {
            Self::Membership => idc_offboard::Via::Membership,
            Self::GroupAssignment => idc_offboard::Via::GroupAssignment,
        }
    }
}

/// `idc undo`: the flags.
#[derive(Args, Debug)]
pub struct UndoArgs {
    /// The journal of an `idc offboard --apply` or `idc revoke --apply` run.
    #[arg(value_name = "JOURNAL")]
    pub journal: PathBuf,
    /// The journal of the undo itself (default: JOURNAL with `.undo` added before the
    /// extension); run again with the same one to resume an interrupted undo.
    #[arg(long = "undo-journal", value_name = "FILE")]
    pub undo_journal: Option<PathBuf>,
    /// Show what would be restored (and what cannot be) without sending anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format of the summary (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub output: Option<PlanFormat>,
    #[command(flatten)]
    pub connection: Connection,
    #[command(flatten)]
    pub scp: ScpVersion,
}

/// Dry run, plan file, apply, confirmation and journal: shared by `offboard` and `revoke`.
#[derive(Args, Debug)]
pub struct ApplyArgs {
    /// Output format of the plan and the outcome (default: table on a terminal, json
    /// otherwise).
    #[arg(long, value_enum)]
    pub output: Option<PlanFormat>,
    /// Without --apply: write the plan (JSON) to this file. With --apply: execute the plan saved
    /// in this file, after checking that it still matches the current state (a stale plan is
    /// refused, naming what changed).
    #[arg(long, value_name = "FILE")]
    pub plan_file: Option<PathBuf>,
    /// Execute the plan (without it, a dry run: only reads are sent). On a terminal the plan is
    /// shown and confirmation asked for.
    #[arg(long)]
    pub apply: bool,
    /// Do not ask for confirmation (needed with --apply when stdin is not a terminal).
    #[arg(long, requires = "apply")]
    pub yes: bool,
    /// The journal of the run (JSON lines; default: a new file named after the cloud, the user
    /// and the time, in the current directory). Run again with the same journal to resume:
    /// actions it records as done are skipped.
    #[arg(long, value_name = "FILE", requires = "apply")]
    pub journal: Option<PathBuf>,
}

/// The output formats of a plan and an outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// A table of the actions, with the accesses each one ends.
    Table,
    /// One JSON document (the plan as `--plan-file` saves it, or the outcome).
    Json,
}

impl PlanFormat {
    /// The flag, or table on a terminal and JSON elsewhere.
    pub fn or_default(flag: Option<Self>) -> Self {
        use std::io::IsTerminal;
        flag.unwrap_or(if std::io::stdout().is_terminal() {
            Self::Table
        } else {
            Self::Json
        })
    }
}

/// Where to send, how long to wait, how often to try.
#[derive(Args, Debug)]
pub struct Connection {
    /// Send requests here instead of the region's endpoint (https://, or http:// to loopback).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// The region.
    #[arg(long)]
    pub region: Option<String>,
    /// Seconds one request may take; one operation, retries included, may take (max-attempts +
    /// 1) times as long, and at least 120 s.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Attempts per request, the first included (1: no retries), 1 to 10. Writes are retried
    /// only where that is safe.
    #[arg(long, default_value_t = crate::args::DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..=crate::args::MAX_ATTEMPTS))]
    pub max_attempts: u32,
    /// Show the wire on stderr: one line per attempt; -vv adds the headers, secrets redacted.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl Connection {
    /// The shared flags the client builders take.
    pub fn common(&self) -> Common {
        Common {
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            output: None,
            timeout: self.timeout,
            max_attempts: self.max_attempts,
            columns: None,
            query: None,
            verbose: self.verbose,
            dry_run: false,
        }
    }
}
