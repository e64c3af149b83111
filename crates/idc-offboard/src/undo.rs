//! Undo: the reverse of what a journal's actions did, in reverse order.

use serde::Serialize;

use crate::plan::Plan;

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
