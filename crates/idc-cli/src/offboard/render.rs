//! How plans, runs and outcomes are shown: a table for people (server text escaped), one JSON
//! document for programs (values exact).

use std::fmt::Write as _;
use std::path::Path;

use idc_offboard::{
    Action, ApplyOutcome, Event, Operation, Plan, Principal, Request, UndoOutcome, Verification,
};
use idc_report::Row;
use idc_report::escape::terminal;
use serde_json::{Value, json};

/// The rows as the report's table, each line indented.
fn rows_table(rows: &[Row], indent: &str) -> String {
    let mut out = String::new();
    for line in idc_report::format::table(rows).lines() {
        let _ = writeln!(out, "{indent}{}", line.trim_end());
    }
    out
}

/// One access in one line: `alice: ACCOUNT Production (a-1) as Admin, via group Developers`.
pub fn row_line(row: &Row) -> String {
    let name = |name: &Option<String>, id: &str| match name {
        Some(name) => format!("{} ({})", terminal(name), terminal(id)),
        None => terminal(id).into_owned(),
    };
    let mut line = format!(
        "{}: {} {}",
        name(&row.user_name, &row.user_id),
        match row.target_type {
            idc_report::TargetType::Account => "ACCOUNT",
            idc_report::TargetType::Application => "APPLICATION",
        },
        name(&row.target_name, &row.target_id)
    );
    if let Some(id) = &row.permission_set_id {
        let _ = write!(line, " as {}", name(&row.permission_set_name, id));
    }
    let _ = match row.via_type {
        idc_report::ViaType::User => write!(line, ", direct"),
        idc_report::ViaType::AllUsers => write!(line, ", open to all users"),
        idc_report::ViaType::Group => write!(
            line,
            ", via group {}",
            name(&row.via_name, row.via_id.as_deref().unwrap_or_default())
        ),
    };
    line
}

/// What the plan is for, in one line.
pub fn title(plan: &Plan) -> String {
    let what = match &plan.request {
        Request::Offboard { user, .. } => match &plan.user {
            Some(user) => format!("off-board user {user}"),
            None => format!("off-board user {}", terminal(user)),
        },
        Request::Revoke { rows, via } => match via {
            Some(via) => format!("revoke {} row(s), GROUP rows via {via}", rows.len()),
            None => format!("revoke {} row(s)", rows.len()),
        },
        Request::Undo { journal } => format!("undo the journal {}", terminal(journal)),
    };
    format!(
        "Plan: {what} on {} instance {}",
        plan.cloud,
        terminal(&plan.instance_id)
    )
}

/// Whether the action's one line says all it ends: the deletion of a user's own assignment
/// ending that one access, or an action on the user that ends no access (disable, sessions).
fn says_what_it_ends(action: &Action) -> bool {
    match &action.operation {
        Operation::DeleteAccountAssignment(a) | Operation::CreateAccountAssignment(a) => {
            a.principal_type == Principal::User && action.ends.len() == 1
        }
        Operation::DeleteApplicationAssignment(a) | Operation::CreateApplicationAssignment(a) => {
            a.principal_type == Principal::User && action.ends.len() == 1
        }
        _ => action.ends.is_empty(),
    }
}

/// The plan as a table: each action numbered, with the accesses it ends under it, then what
/// remains and the notes.
pub fn plan_table(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", title(plan));
    let ends: usize = plan.actions.iter().map(|a| a.ends.len()).sum();
    let _ = writeln!(
        out,
        "{} action(s), ending {ends} access(es); {} remain(s)",
        plan.actions.len(),
        plan.remaining.len()
    );
    if !plan.actions.is_empty() {
        out.push('\n');
    }
    for (n, action) in plan.actions.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", n + 1, terminal(&action.description()));
        // A direct assignment's deletion ends what it names; anything else lists what it ends.
        if !says_what_it_ends(action) {
            let _ = writeln!(out, "     ends {} access(es):", action.ends.len());
            out.push_str(&rows_table(&action.ends, "       "));
        }
        if !action.also_ends.is_empty() {
            let _ = writeln!(
                out,
                "     also ends {} access(es) not asked for:",
                action.also_ends.len()
            );
            out.push_str(&rows_table(&action.also_ends, "       "));
        }
    }
    if plan.actions.is_empty() {
        let _ = writeln!(out, "\nNothing to do.");
    }
    if !plan.remaining.is_empty() {
        let _ = writeln!(out, "\nRemains:");
        let rows: Vec<Row> = plan.remaining.iter().map(|r| r.row.clone()).collect();
        out.push_str(&rows_table(&rows, "   "));
        let mut whys: Vec<&str> = plan.remaining.iter().map(|r| r.why.as_str()).collect();
        whys.dedup();
        for why in whys {
            let _ = writeln!(out, "   why: {}", terminal(why));
        }
    }
    if !plan.notes.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for note in &plan.notes {
            let _ = writeln!(out, "   - {}", terminal(note));
        }
    }
    out
}

/// One line on stderr for a step of a run (`[2/5] remove user ...`, then `[2/5] done`).
pub fn event_line(event: &Event, number: usize, total: usize) -> String {
    match event {
        Event::Started { description, .. } => {
            format!("[{number}/{total}] {} ...", terminal(description))
        }
        Event::Done { .. } => format!("[{number}/{total}] done"),
        Event::AlreadyDone { .. } => {
            format!("[{number}/{total}] done already (nothing sent)")
        }
        Event::Skipped { action } => format!(
            "[{number}/{total}] skipped: the journal records {} done",
            terminal(action)
        ),
        Event::Failed { error, .. } => format!("[{number}/{total}] FAILED: {}", terminal(error)),
    }
}

/// The outcome of an apply and its verification, for people.
pub fn applied_table(
    outcome: &ApplyOutcome,
    verification: &Verification,
    journal: &Path,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Applied: {} sent, {} found done already, {} skipped (done by an earlier run); journal {}",
        outcome.sent.len(),
        outcome.already.len(),
        outcome.skipped.len(),
        terminal(&journal.display().to_string())
    );
    if verification.is_clean() {
        let _ = writeln!(
            out,
            "Verified: nothing remains but {} application access(es) open to all users.",
            verification.open_to_all.len()
        );
    } else {
        let _ = writeln!(
            out,
            "NOT DONE: {} access(es) remain:",
            verification.remaining.len()
        );
        out.push_str(&rows_table(&verification.remaining, "   "));
        if verification.user_still_enabled == Some(true) {
            let _ = writeln!(out, "The user is still enabled.");
        }
    }
    if !verification.open_to_all.is_empty() {
        let _ = writeln!(out, "Open to all users (cannot be revoked for one user):");
        out.push_str(&rows_table(&verification.open_to_all, "   "));
    }
    out
}

/// The outcome of an apply and its verification, for programs.
pub fn applied_json(
    plan: &Plan,
    outcome: &ApplyOutcome,
    verification: &Verification,
    journal: &Path,
) -> Value {
    json!({
        "plan": plan,
        "journal": journal.display().to_string(),
        "applied": outcome,
        "verification": verification,
        "clean": verification.is_clean(),
    })
}

/// The outcome of an undo, for people.
pub fn undone_table(outcome: &UndoOutcome, journal: &Path) -> String {
    let applied = &outcome.applied;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Restored: {} sent, {} found restored already, {} skipped (done by an earlier undo); undo journal {}",
        applied.sent.len(),
        applied.already.len(),
        applied.skipped.len(),
        terminal(&journal.display().to_string())
    );
    if !outcome.not_restorable.is_empty() {
        let _ = writeln!(out, "Cannot be restored:");
        for n in &outcome.not_restorable {
            let _ = writeln!(
                out,
                "   - {}: {}",
                terminal(&n.description),
                terminal(&n.why)
            );
        }
    }
    out
}

/// The outcome of an undo, for programs.
pub fn undone_json(plan: &Plan, outcome: &UndoOutcome, journal: &Path) -> Value {
    json!({
        "plan": plan,
        "journal": journal.display().to_string(),
        "applied": outcome.applied,
        "not_restorable": outcome.not_restorable,
    })
}
