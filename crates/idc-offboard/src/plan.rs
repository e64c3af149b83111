//! The plan: what is asked, the actions that end it, and what remains.
//!
//! A [`Plan`] is plain data (serde): the `--plan-file` JSON is the plan serialized as is, and
//! applying a saved plan re-plans from its [`Request`] and compares (see [`crate::stale`]).

use std::fmt;

use idc_report::{Cloud, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
pub use crate::operation::Named;
use crate::operation::Operation;

/// The version of the plan's JSON written in [`Plan::format`]; a newer one is refused.
pub const PLAN_FORMAT: u32 = 1;

/// What a plan was made for: re-planning a saved plan repeats it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Off-board a user: end every access they hold.
    Offboard {
        /// The user as given (an id or an exact name).
        user: String,
        /// The optional actions.
        options: PlanOptions,
    },
    /// End exactly these accesses (rows of a report or a diff).
    Revoke {
        /// The rows asked.
        rows: Vec<Row>,
        /// How GROUP rows are ended.
        via: Option<Via>,
    },
    /// Re-create what a journal's actions removed (see [`crate::undo`]).
    Undo {
        /// The journal undone, as given.
        journal: String,
    },
}

/// The optional actions of an off-boarding plan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanOptions {
    /// Disable the user (Huawei `DisableUser`; SCP has no such operation: the plan says so in
    /// its notes).
    pub disable_user: bool,
    /// Delete the user's sessions (Huawei `BatchDeleteSessions`; SCP has none: noted).
    pub revoke_sessions: bool,
}

/// How a `GROUP` row of `revoke` is ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// Remove the user from the group: the user loses every other access the group gave them too.
    Membership,
    /// Delete the group's assignment: every other member of the group loses it too.
    GroupAssignment,
}

impl Via {
    /// `membership` or `group-assignment` (the CLI's `--via` values).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Membership => "membership",
            Self::GroupAssignment => "group-assignment",
        }
    }
}

impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One action of a plan: an operation, and the accesses it ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// A stable key naming the action (its operation and the ids it acts on, never names): the
    /// journal refers to actions by it, and a resumed run skips the keys journaled done.
    pub id: String,
    /// What is sent, with everything undoing it needs.
    pub operation: Operation,
    /// The accesses this action ends that the plan set out to end (off-boarding: the user's rows
    /// it ends, e.g. every access a group gave them; revoke: the rows asked that it ends).
    pub ends: Vec<Row>,
    /// Accesses it ends beyond those (revoke only): the user's other accesses through the group
    /// (`--via membership`), every other member's access (`--via group-assignment`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_ends: Vec<Row>,
}

impl Action {
    /// An action whose id is its operation's key.
    pub fn new(operation: Operation, ends: Vec<Row>, also_ends: Vec<Row>) -> Self {
        Self {
            id: operation.key(),
            operation,
            ends,
            also_ends,
        }
    }

    /// One line saying what the action does (names and ids escaped for a terminal).
    pub fn description(&self) -> String {
        self.operation.to_string()
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.operation.fmt(f)
    }
}

/// An access the plan does not end, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remaining {
    /// The access.
    pub row: Row,
    /// Why it remains (an application open to all users cannot be revoked for one user).
    pub why: String,
}

/// A plan: what was asked, the actions that end it in the order they are applied, and what
/// remains afterwards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// The JSON's version ([`PLAN_FORMAT`]).
    pub format: u32,
    /// The cloud.
    pub cloud: Cloud,
    /// The IAM Identity Center instance.
    pub instance_id: String,
    /// What the plan was made for.
    pub request: Request,
    /// The user off-boarded (off-boarding plans).
    pub user: Option<Named>,
    /// The user's enabled state when planned (off-boarding plans; `None` where unknown).
    #[serde(default)]
    pub user_enabled: Option<bool>,
    /// The actions, in the order they are applied.
    pub actions: Vec<Action>,
    /// The accesses that remain, with why.
    pub remaining: Vec<Remaining>,
    /// What the plan could not do, said plainly (e.g. SCP has no operation to disable a user).
    pub notes: Vec<String>,
}

impl Plan {
    /// The plan as JSON (what `--plan-file` holds).
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::PlanFile {
            message: e.to_string(),
        })
    }

    /// Reads a plan's JSON; a newer [`format`](Self::format) or a malformed file is
    /// [`Error::PlanFile`].
    pub fn from_json(text: &str) -> Result<Self> {
        let plan: Self = serde_json::from_str(text).map_err(|e| Error::PlanFile {
            message: e.to_string(),
        })?;
        if plan.format > PLAN_FORMAT {
            return Err(Error::PlanFile {
                message: format!(
                    "plan format {} is newer than this version reads ({PLAN_FORMAT})",
                    plan.format
                ),
            });
        }
        Ok(plan)
    }

    /// Whether the plan has nothing to do.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}
