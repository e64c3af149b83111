//! Checking a saved plan against the current state: re-planned, the two must match.

use crate::plan::Plan;

/// What differs between a saved plan and the same request planned now, one sentence each (empty
/// when they match).
pub fn plan_changes(saved: &Plan, current: &Plan) -> Vec<String> {
    let mut changes = Vec::new();
    if saved != current {
        changes.push("the plan differs".to_owned());
    }
    changes
}
