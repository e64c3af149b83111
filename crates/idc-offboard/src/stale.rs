//! Checking a saved plan against the current state: the same request planned now must give the
//! same plan. Ids a service assigns anew (a membership's, an SCP assignment's) and the list of
//! sessions (new ones start all the time; the run deletes those open when it runs) are not
//! compared.

use std::collections::{BTreeMap, BTreeSet};

use idc_report::Row;

use crate::operation::Operation;
use crate::plan::{Action, Plan};

/// An operation without the details that change without changing what it does.
fn normalized(op: &Operation) -> Operation {
    let mut op = op.clone();
    match &mut op {
        Operation::DeleteAccountAssignment(a) | Operation::CreateAccountAssignment(a) => {
            a.assignment_id = None;
        }
        Operation::RemoveMembership(m) | Operation::AddMembership(m) => m.membership_id = None,
        Operation::RevokeSessions { sessions, .. } => sessions.clear(),
        _ => {}
    }
    op
}

/// A row in words, for a change.
fn row_words(row: &Row) -> String {
    let user =
        idc::text::escape_control(row.user_name.as_deref().unwrap_or(&row.user_id)).into_owned();
    let target = idc::text::escape_control(row.target_name.as_deref().unwrap_or(&row.target_id))
        .into_owned();
    let ps = row
        .permission_set_name
        .as_deref()
        .or(row.permission_set_id.as_deref())
        .map(|p| format!(" as {}", idc::text::escape_control(p)))
        .unwrap_or_default();
    let via = match (&row.via_name, &row.via_id) {
        (Some(n), _) => format!(" through group {}", idc::text::escape_control(n)),
        (None, Some(id)) => format!(" through group {}", idc::text::escape_control(id)),
        _ => format!(" ({})", row.via_type.as_str()),
    };
    format!("{user} reaches {target}{ps}{via}")
}

fn row_changes(what: &str, saved: &[Row], current: &[Row], out: &mut Vec<String>) {
    let saved: BTreeSet<&Row> = saved.iter().collect();
    let current: BTreeSet<&Row> = current.iter().collect();
    for r in current.difference(&saved) {
        out.push(format!("{what} now also: {}", row_words(r)));
    }
    for r in saved.difference(&current) {
        out.push(format!("{what} no longer: {}", row_words(r)));
    }
}

/// What differs between a saved plan and the same request planned now, one sentence each (empty
/// when they match).
pub fn plan_changes(saved: &Plan, current: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    if saved.cloud != current.cloud || saved.instance_id != current.instance_id {
        out.push(format!(
            "the plan is for {} instance {}, not {} instance {}",
            saved.cloud,
            crate::error::quoted(&saved.instance_id),
            current.cloud,
            crate::error::quoted(&current.instance_id)
        ));
        return out;
    }
    if saved.request != current.request {
        out.push("the plans were made for different requests".to_owned());
        return out;
    }
    if saved.user != current.user {
        out.push(format!(
            "the user is now {}",
            current
                .user
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), ToString::to_string)
        ));
    }
    if saved.user_enabled != current.user_enabled {
        out.push(format!(
            "the user's enabled state changed from {:?} to {:?}",
            saved.user_enabled, current.user_enabled
        ));
    }
    let by_id = |p: &Plan| -> BTreeMap<String, Action> {
        p.actions
            .iter()
            .map(|a| (a.id.clone(), a.clone()))
            .collect()
    };
    let (old, new) = (by_id(saved), by_id(current));
    for (id, a) in &new {
        match old.get(id) {
            None => out.push(format!("a new action is needed: {a}")),
            Some(o) => {
                if normalized(&o.operation) != normalized(&a.operation) {
                    out.push(format!("the action changed: {o} is now {a}"));
                }
                row_changes(&format!("\"{a}\" ends"), &o.ends, &a.ends, &mut out);
                row_changes(
                    &format!("\"{a}\" also ends"),
                    &o.also_ends,
                    &a.also_ends,
                    &mut out,
                );
            }
        }
    }
    for (id, a) in &old {
        if !new.contains_key(id) {
            out.push(format!("an action is no longer needed: {a}"));
        }
    }
    let remaining = |p: &Plan| {
        p.remaining
            .iter()
            .map(|r| r.row.clone())
            .collect::<Vec<_>>()
    };
    row_changes(
        "remaining",
        &remaining(saved),
        &remaining(current),
        &mut out,
    );
    if saved.notes != current.notes {
        out.push(format!("the notes are now: {}", current.notes.join("; ")));
    }
    let order = |p: &Plan| p.actions.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    if out.is_empty() && order(saved) != order(current) {
        out.push("the actions are in another order".to_owned());
    }
    out
}
