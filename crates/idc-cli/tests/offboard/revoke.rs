//! `idc revoke --rows`: a USER row ends its assignment; a GROUP row ends as `--via` says, listing
//! what else it ends, or is refused without it; an ALL_USERS row is refused.

use std::collections::BTreeSet;

use crate::common::{Setup, setup};
use crate::support::{arg, canonical, document, field, plan_rows, report, writes};

/// The first row of `rows` that `pick` accepts.
fn row(rows: &BTreeSet<String>, pick: impl Fn(&str) -> bool) -> String {
    rows.iter().find(|r| pick(r)).cloned().expect("a demo row")
}

/// `idc revoke --rows <file holding rows> <args>`.
fn revoke(s: &Setup, dir: &std::path::Path, rows: &[&str], args: &[&str]) -> crate::common::Run {
    let file = dir.join("rows.jsonl");
    std::fs::write(&file, rows.join("\n") + "\n").unwrap();
    let mut all = vec!["--rows", arg(&file)];
    all.extend_from_slice(args);
    s.run(&["revoke"], &all)
}

fn without(rows: &BTreeSet<String>, gone: &BTreeSet<String>) -> BTreeSet<String> {
    rows.difference(gone).cloned().collect()
}

/// The flags that apply without asking, with this journal, printing JSON.
fn applied(journal: &str) -> Vec<&str> {
    vec!["--apply", "--yes", "--journal", journal, "--output", "json"]
}

fn user_row_ends_exactly_its_access(cloud: &str, user: &str) {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let before = report(&s, cloud);
    let asked = row(&before, |r| {
        field(r, "user_name") == user && field(r, "via_type") == "USER"
    });
    let run = revoke(&s, dir.path(), &[&asked], &applied(arg(&journal)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcome = document(&run);
    assert_eq!(outcome["clean"], true);
    let gone = BTreeSet::from([asked]);
    assert_eq!(
        report(&s, cloud),
        without(&before, &gone),
        "exactly the row asked"
    );
    let run = s.run(&["undo", arg(&journal)], &["--output", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report(&s, cloud), before);
}

#[test]
fn huawei_a_user_row_ends_exactly_its_access() {
    user_row_ends_exactly_its_access("huawei", "carol");
}

#[test]
fn scp_a_user_row_ends_exactly_its_access() {
    user_row_ends_exactly_its_access("scp", "jiwoo.kim01");
}

#[test]
fn via_membership_ends_the_users_other_accesses_through_the_group_and_says_so() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let before = report(&s, "huawei");
    let through = |r: &str| field(r, "user_name") == "dave" && field(r, "via_name") == "Auditors";
    let asked = row(&before, through);
    let lost: BTreeSet<String> = before.iter().filter(|r| through(r)).cloned().collect();
    assert!(
        lost.len() > 1,
        "the group gives dave more than the row asked"
    );
    // The rows from stdin, as `jq ... | idc revoke --rows -` gives them.
    let mut args = vec!["--rows", "-", "--via", "membership"];
    args.extend(applied(arg(&journal)));
    let output = s
        .cmd(&["revoke"], &args)
        .write_stdin(format!("{asked}\n"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let outcome: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (ends, also, _) = plan_rows(&outcome["plan"]);
    let canon =
        |set: BTreeSet<String>| -> BTreeSet<String> { set.iter().map(|r| canonical(r)).collect() };
    assert_eq!(canon(ends), BTreeSet::from([asked.clone()]));
    let mut others = lost.clone();
    others.remove(&asked);
    assert_eq!(
        canon(also),
        others,
        "the plan lists the other accesses lost with the group"
    );
    assert_eq!(report(&s, "huawei"), without(&before, &lost));
}

#[test]
fn via_group_assignment_ends_the_access_of_every_member_and_says_so() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let before = report(&s, "huawei");
    let asked = row(&before, |r| {
        field(r, "user_name") == "carol"
            && field(r, "via_name") == "Auditors"
            && field(r, "target_type") == "ACCOUNT"
    });
    let same_grant = |r: &str| {
        field(r, "via_name") == "Auditors"
            && field(r, "target_id") == field(&asked, "target_id")
            && field(r, "permission_set_id") == field(&asked, "permission_set_id")
    };
    let lost: BTreeSet<String> = before.iter().filter(|r| same_grant(r)).cloned().collect();
    assert!(lost.len() > 1, "another member holds it too");
    let mut args = vec!["--via", "group-assignment"];
    args.extend(applied(arg(&journal)));
    let run = revoke(&s, dir.path(), &[&asked], &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcome = document(&run);
    let (_, also, _) = plan_rows(&outcome["plan"]);
    let also: BTreeSet<String> = also.iter().map(|r| canonical(r)).collect();
    let mut others = lost.clone();
    others.remove(&asked);
    assert_eq!(
        also, others,
        "the plan lists every other member who loses it"
    );
    assert_eq!(report(&s, "huawei"), without(&before, &lost));
}

#[test]
fn a_group_row_without_via_is_refused_with_both_options_and_nothing_sent() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let before = report(&s, "huawei");
    let asked = row(&before, |r| field(r, "via_type") == "GROUP");
    s.emulator.clear_requests();
    let run = revoke(&s, dir.path(), &[&asked], &applied(arg(&journal)));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--via membership also ends"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--via group-assignment also ends"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&s), Vec::<String>::new());
    assert!(!journal.exists(), "no journal: nothing was applied");
}

#[test]
fn an_all_users_row_is_refused_with_why() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let before = report(&s, "huawei");
    let asked = row(&before, |r| field(r, "via_type") == "ALL_USERS");
    let run = revoke(&s, dir.path(), &[&asked], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ALL_USERS"), "{}", run.stderr);
    assert!(run.stderr.contains("require assignment"), "{}", run.stderr);
    assert_eq!(report(&s, "huawei"), before);
}
