//! Applying a plan: each action journaled before and after, the first failure stops the run, and
//! a run with the same journal resumes.

use serde::Serialize;

/// What a run reports while it goes, for progress output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The action is about to be sent.
    Started {
        /// Its key.
        action: String,
        /// What it does, in words.
        description: String,
    },
    /// Sent and succeeded.
    Done {
        /// Its key.
        action: String,
    },
    /// The state showed it done already: nothing sent.
    AlreadyDone {
        /// Its key.
        action: String,
    },
    /// The journal says an earlier run did it: skipped.
    Skipped {
        /// Its key.
        action: String,
    },
    /// It failed: the run stops.
    Failed {
        /// Its key.
        action: String,
        /// Why.
        error: String,
    },
}

/// What a run did, by action key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ApplyOutcome {
    /// Sent by this run.
    pub sent: Vec<String>,
    /// Found done already by this run's state check.
    pub already: Vec<String>,
    /// Skipped: journaled done by an earlier run.
    pub skipped: Vec<String>,
}
