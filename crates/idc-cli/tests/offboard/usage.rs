//! Usage errors (exit 2, nothing sent), the confirmation that scripts must skip with `--yes`, and a
//! stale saved plan refused naming what changed.

use crate::common::setup;
use crate::support::{arg, field, offboard, report, writes};

#[test]
fn apply_without_yes_and_no_terminal_is_refused_before_any_request() {
    let s = setup();
    s.emulator.clear_requests();
    let run = offboard(&s, "huawei", &["--user", "carol", "--apply"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(
        s.emulator.request_count(),
        0,
        "nothing sent, not even a read"
    );
    // --yes and --journal only mean something with --apply.
    for flag in [["--yes", ""], ["--journal", "j.jsonl"]] {
        let args: Vec<&str> = ["--user", "carol"]
            .into_iter()
            .chain(flag.into_iter().filter(|f| !f.is_empty()))
            .collect();
        let run = offboard(&s, "huawei", &args);
        assert_eq!(run.code, 2, "{flag:?}: {}", run.stderr);
    }
}

#[test]
fn a_user_that_does_not_exist_is_a_usage_error() {
    let s = setup();
    let run = offboard(&s, "huawei", &["--user", "nobody-\u{1b}[2J"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("nobody-"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "escaped: {:?}", run.stderr);
}

#[test]
fn a_stale_saved_plan_is_refused_naming_what_changed() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let run = offboard(
        &s,
        "huawei",
        &["--user", "carol", "--plan-file", arg(&plan)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Someone ends one of carol's accesses in between.
    let before = report(&s, "huawei");
    let direct = before
        .iter()
        .find(|r| field(r, "user_name") == "carol" && field(r, "via_type") == "USER")
        .unwrap();
    let rows = dir.path().join("rows.jsonl");
    std::fs::write(&rows, format!("{direct}\n")).unwrap();
    let journal = dir.path().join("revoke.jsonl");
    let run = s.run(
        &["revoke"],
        &[
            "--rows",
            arg(&rows),
            "--apply",
            "--yes",
            "--journal",
            arg(&journal),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    s.emulator.clear_requests();
    let run = offboard(
        &s,
        "huawei",
        &[
            "--user",
            "carol",
            "--plan-file",
            arg(&plan),
            "--apply",
            "--yes",
            "--journal",
            arg(&dir.path().join("j.jsonl")),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("stale"), "{}", run.stderr);
    assert!(
        run.stderr.contains("  - "),
        "names what changed: {}",
        run.stderr
    );
    assert_eq!(
        writes(&s),
        Vec::<String>::new(),
        "a stale plan sends nothing"
    );

    // A plan of another user is not applied under this one's name.
    let run = offboard(
        &s,
        "huawei",
        &[
            "--user",
            "dave",
            "--plan-file",
            arg(&plan),
            "--apply",
            "--yes",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("another request"), "{}", run.stderr);
}

#[test]
fn undo_needs_a_journal() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.jsonl");
    let run = s.run(&["undo", arg(&missing)], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no such journal"), "{}", run.stderr);
    let not_a_journal = dir.path().join("rows.jsonl");
    std::fs::write(&not_a_journal, "{\"cloud\":\"huawei\"}\n").unwrap();
    let run = s.run(&["undo", arg(&not_a_journal)], &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn revoke_refuses_rows_it_cannot_read_naming_the_line() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let rows = dir.path().join("rows.jsonl");
    std::fs::write(&rows, "{\"idc_report\":\"header\"}\nnot json\n").unwrap();
    let run = s.run(&["revoke"], &["--rows", arg(&rows)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("rows.jsonl, line 2: not a JSON object"),
        "{}",
        run.stderr
    );
    std::fs::write(&rows, "").unwrap();
    let run = s.run(&["revoke"], &["--rows", arg(&rows)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no row"), "{}", run.stderr);
    let run = s.run(&["revoke"], &[]);
    assert_eq!(run.code, 2, "--rows is required: {}", run.stderr);
}
