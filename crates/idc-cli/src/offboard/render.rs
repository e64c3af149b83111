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
    let mut out = counts(
        [
            "Applied",
            "found done already",
            "done by an earlier run",
            "journal",
        ],
        outcome,
        journal,
    );
    let clean = format!(
        "Verified: nothing remains but {} application access(es) open to all users.",
        verification.open_to_all.len()
    );
    verified(&mut out, verification, &clean);
    if !verification.open_to_all.is_empty() {
        let _ = writeln!(out, "Open to all users (cannot be revoked for one user):");
        out.push_str(&rows_table(&verification.open_to_all, "   "));
    }
    out
}

/// The first line of an outcome: how many actions were sent, found done, skipped; the journal.
fn counts(words: [&str; 4], outcome: &ApplyOutcome, journal: &Path) -> String {
    let [what, already, skipped, journal_name] = words;
    format!(
        "{what}: {} sent, {} {already}, {} skipped ({skipped}); {journal_name} {}\n",
        outcome.sent.len(),
        outcome.already.len(),
        outcome.skipped.len(),
        terminal(&journal.display().to_string())
    )
}

/// The verification's verdict: `clean`, or what is not done and why.
fn verified(out: &mut String, verification: &Verification, clean: &str) {
    if verification.is_clean() {
        let _ = writeln!(out, "{clean}");
        return;
    }
    let _ = writeln!(out, "NOT DONE: {}.", unverified(verification));
    if !verification.remaining.is_empty() {
        let _ = writeln!(out, "Still held:");
        out.push_str(&rows_table(&verification.remaining, "   "));
    }
    for key in &verification.pending {
        let _ = writeln!(out, "Not in effect: {}", terminal(key));
    }
}

/// What a verification found not done, in words (`2 access(es) remain, the user is still
/// enabled`).
pub fn unverified(verification: &Verification) -> String {
    let mut parts = Vec::new();
    if !verification.remaining.is_empty() {
        parts.push(format!(
            "{} access(es) remain",
            verification.remaining.len()
        ));
    }
    if !verification.pending.is_empty() {
        parts.push(format!(
            "{} action(s) not in effect",
            verification.pending.len()
        ));
    }
    if verification.user_still_enabled == Some(true) {
        parts.push("the user is still enabled".to_owned());
    }
    parts.join(", ")
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

/// The outcome of an undo and its verification, for people.
pub fn undone_table(outcome: &UndoOutcome, verification: &Verification, journal: &Path) -> String {
    let mut out = counts(
        [
            "Restored",
            "found restored already",
            "done by an earlier undo",
            "undo journal",
        ],
        &outcome.applied,
        journal,
    );
    verified(
        &mut out,
        verification,
        "Verified: every restoration is in effect.",
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

/// The outcome of an undo and its verification, for programs.
pub fn undone_json(
    plan: &Plan,
    outcome: &UndoOutcome,
    verification: &Verification,
    journal: &Path,
) -> Value {
    json!({
        "plan": plan,
        "journal": journal.display().to_string(),
        "applied": outcome.applied,
        "verification": verification,
        "clean": verification.is_clean(),
        "not_restorable": outcome.not_restorable,
    })
}

#[cfg(test)]
mod tests {
    use idc_offboard::operation::Membership;
    use idc_offboard::{Named, PLAN_FORMAT, PlanOptions, Remaining};
    use idc_report::{Cloud, TargetType, ViaType};

    use super::*;

    const HOSTILE: &str = "al\u{1b}]0;owned\u{7}ice\u{202e}\n";

    fn row(via_type: ViaType) -> Row {
        Row {
            cloud: Cloud::Huawei,
            instance_id: "ins-1".into(),
            user_id: "u-1".into(),
            user_name: Some(HOSTILE.into()),
            target_type: TargetType::Account,
            target_id: "a-1".into(),
            target_name: Some(format!("prod{HOSTILE}")),
            permission_set_id: Some("ps-1".into()),
            permission_set_name: Some("Admin".into()),
            via_type,
            via_id: Some("g-1".into()),
            via_name: Some(format!("group{HOSTILE}")),
        }
    }

    fn plan() -> Plan {
        let user = Named {
            id: "u-1".into(),
            name: Some(HOSTILE.into()),
        };
        let membership = Membership {
            group: Named {
                id: "g-1".into(),
                name: Some(format!("group{HOSTILE}")),
            },
            user: user.clone(),
            membership_id: None,
        };
        Plan {
            format: PLAN_FORMAT,
            cloud: Cloud::Huawei,
            instance_id: "ins-1".into(),
            request: Request::Offboard {
                user: HOSTILE.into(),
                options: PlanOptions::default(),
            },
            user: Some(user),
            user_enabled: Some(true),
            actions: vec![Action::new(
                Operation::RemoveMembership(membership),
                vec![row(ViaType::Group)],
                vec![],
            )],
            remaining: vec![Remaining {
                row: row(ViaType::AllUsers),
                why: format!("open to all{HOSTILE}"),
            }],
            notes: vec![format!("a note{HOSTILE}")],
        }
    }

    /// No control character but the line ends, and no reordering character, reaches the
    /// terminal.
    fn assert_safe(text: &str) {
        for c in text.chars() {
            assert!(
                c == '\n' || !idc::text::is_unsafe_char(c),
                "{c:?} reached the terminal in {text:?}"
            );
        }
    }

    #[test]
    fn the_plan_table_escapes_server_text_and_lists_what_each_action_ends() {
        let text = plan_table(&plan());
        assert_safe(&text);
        assert!(text.contains("al\\u{1b}]0;owned\\u{7}ice"), "{text}");
        assert!(text.contains("  1. remove user"), "{text}");
        assert!(text.contains("ends 1 access(es):"), "{text}");
        assert!(
            text.contains("Remains:") && text.contains("why: open to all"),
            "{text}"
        );
        assert!(text.contains("Notes:\n   - a note"), "{text}");
        assert!(title(&plan()).starts_with("Plan: off-board user"));
    }

    #[test]
    fn outcomes_escape_server_text_and_say_what_is_not_done() {
        let outcome = ApplyOutcome {
            sent: vec!["k".into()],
            ..ApplyOutcome::default()
        };
        let clean = Verification {
            open_to_all: vec![row(ViaType::AllUsers)],
            ..Verification::default()
        };
        let text = applied_table(&outcome, &clean, Path::new("j\u{1b}.jsonl"));
        assert_safe(&text);
        assert!(text.contains("Verified: nothing remains but 1"), "{text}");
        let dirty = Verification {
            remaining: vec![row(ViaType::User)],
            pending: vec![format!("key{HOSTILE}")],
            user_still_enabled: Some(true),
            ..Verification::default()
        };
        let text = applied_table(&outcome, &dirty, Path::new("j.jsonl"));
        assert_safe(&text);
        assert!(
            text.contains(
                "NOT DONE: 1 access(es) remain, 1 action(s) not in effect, the user is still enabled."
            ),
            "{text}"
        );
        let json = applied_json(&plan(), &outcome, &dirty, Path::new("j.jsonl"));
        assert_eq!(json["clean"], false);
        assert_eq!(
            json["plan"]["user"]["name"], HOSTILE,
            "JSON keeps the exact value"
        );
    }

    #[test]
    fn progress_lines_and_row_lines_are_escaped() {
        let line = event_line(
            &Event::Started {
                action: "k".into(),
                description: HOSTILE.into(),
            },
            2,
            5,
        );
        assert_safe(&line);
        assert!(line.starts_with("[2/5] al"), "{line}");
        let line = row_line(&row(ViaType::Group));
        assert_safe(&line);
        assert!(
            line.contains("ACCOUNT prod") && line.contains(", via group group"),
            "{line}"
        );
    }
}
