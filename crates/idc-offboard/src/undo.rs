//! Undo: the reverse of what a journal's actions did, in reverse order.

use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::journal::{Entry, State};
use crate::operation::Reverse;
use crate::plan::{Action, PLAN_FORMAT, Plan, Request};
use crate::target::Target;

/// An action of a journal that cannot be restored, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotRestorable {
    /// The action's key.
    pub action: String,
    /// What it did, in words.
    pub description: String,
    /// Why it cannot be restored.
    pub why: String,
}

/// What undoing a journal sends: a plan of restorations (applied like any plan, with its own
/// journal), and what cannot be restored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoPlan {
    /// The restorations, in reverse order of the journal's actions.
    pub plan: Plan,
    /// What cannot be restored.
    pub not_restorable: Vec<NotRestorable>,
}

/// What an undo run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UndoOutcome {
    /// The run, by action key.
    pub applied: crate::apply::ApplyOutcome,
    /// What cannot be restored.
    pub not_restorable: Vec<NotRestorable>,
}

/// The default journal of an undo: `<JOURNAL>.undo` beside the journal undone.
pub fn default_undo_journal(journal: &std::path::Path) -> std::path::PathBuf {
    let mut name = journal.as_os_str().to_owned();
    name.push(".undo");
    name.into()
}

/// The undo plan of a journal: see [`Offboarder::plan_undo`](crate::Offboarder::plan_undo).
pub(crate) fn plan(off: &Target, journal: &Path) -> Result<UndoPlan> {
    let record = off.read_journal(journal)?;
    if record.entries.is_empty() {
        return Err(Error::Journal {
            path: journal.to_owned(),
            line: 0,
            message: "the journal is empty or missing: nothing to undo".into(),
        });
    }
    let states = record.states();
    // The actions in the order they were first started; each with its last known operation.
    let mut order: Vec<String> = Vec::new();
    for entry in &record.entries {
        if let Entry::Started { action, .. } = entry
            && !order.contains(action)
        {
            order.push(action.clone());
        }
    }
    let mut actions = Vec::new();
    let mut not_restorable = Vec::new();
    for key in order.iter().rev() {
        let Some(state) = states.get(key) else {
            continue;
        };
        let operation = match state {
            State::Started(op) | State::Done(op) | State::Failed(op) => op,
        };
        match operation.reverse() {
            Reverse::Restore(op) => {
                let action = Action::new(op, Vec::new(), Vec::new());
                if !actions.iter().any(|a: &Action| a.id == action.id) {
                    actions.push(action);
                }
            }
            Reverse::CannotRestore(why) => not_restorable.push(NotRestorable {
                action: key.clone(),
                description: operation.to_string(),
                why,
            }),
        }
    }
    let notes = not_restorable.iter().map(|n| n.why.clone()).collect();
    Ok(UndoPlan {
        plan: Plan {
            format: PLAN_FORMAT,
            cloud: off.cloud(),
            instance_id: off.instance_id().to_owned(),
            request: Request::Undo {
                journal: journal.display().to_string(),
            },
            user: None,
            user_enabled: None,
            actions,
            remaining: Vec::new(),
            notes,
        },
        not_restorable,
    })
}
