//! Off-board a demo user: the dry run sends no write, apply leaves only applications open to all
//! users, the journal records each action, and undo gives back the report taken before.

use std::collections::BTreeSet;

use idc_emulator::demo;
use serde_json::Value;

use crate::common::{Setup, setup};
use crate::support::{
    actions, arg, canonical, document, field, journal, of_user, offboard, plan_rows, report, writes,
};

/// Whether the Huawei demo user alice is enabled.
fn alice_enabled(s: &Setup) -> bool {
    let out = s.ok(
        &["huawei", "identitystore", "describe-user"],
        &[
            "--identity-store-id",
            demo::HUAWEI_IDENTITY_STORE_ID,
            "--user-id",
            demo::HUAWEI_PRINCIPAL_ID,
            "--output",
            "json",
        ],
    );
    let user: Value = serde_json::from_str(&out).unwrap();
    user["enabled"].as_bool().unwrap()
}

/// The whole cycle for `user` of `cloud`'s demo data, with every option the cloud has.
fn cycle(cloud: &str, user: &str, options: &[&str]) {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let plan_file = dir.path().join("plan.json");
    let journal_file = dir.path().join("journal.jsonl");
    let before = report(&s, cloud);
    let held = of_user(&before, user);
    assert!(held.len() > 1, "the demo user holds accesses");

    // The dry run: reads only; the plan names every access the user holds.
    s.emulator.clear_requests();
    let mut planning = vec![
        "--user",
        user,
        "--output",
        "json",
        "--plan-file",
        arg(&plan_file),
    ];
    planning.extend_from_slice(options);
    let run = offboard(&s, cloud, &planning);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(s.emulator.request_count() > 0, "the plan reads");
    assert_eq!(writes(&s), Vec::<String>::new(), "a dry run sends no write");
    assert!(run.stderr.contains("dry run"), "{}", run.stderr);
    let plan = document(&run);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&plan_file).unwrap()).unwrap();
    assert_eq!(plan, saved, "--plan-file holds the plan printed");
    let (ends, also, remaining) = plan_rows(&plan);
    assert!(
        also.is_empty(),
        "off-boarding ends only the user's accesses"
    );
    let planned: BTreeSet<String> = ends.union(&remaining).map(|r| canonical(r)).collect();
    assert_eq!(planned, held, "the plan covers every access the user holds");
    assert!(
        remaining
            .iter()
            .all(|r| field(r, "via_type") == "ALL_USERS"),
        "only applications open to all users remain: {remaining:?}"
    );
    assert_eq!(report(&s, cloud), before, "nothing changed");

    // Apply the saved plan.
    let mut applying = planning.clone();
    applying.extend(["--apply", "--yes", "--journal", arg(&journal_file)]);
    let run = offboard(&s, cloud, &applying);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcome = document(&run);
    assert_eq!(outcome["clean"], true, "{outcome}");
    let after = report(&s, cloud);
    let left = of_user(&after, user);
    assert!(
        left.iter().all(|r| field(r, "via_type") == "ALL_USERS"),
        "only open applications remain: {left:?}"
    );
    let others = |rows: &BTreeSet<String>| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| field(r, "user_name") != user)
            .cloned()
            .collect()
    };
    // Removing a membership or a direct assignment touches no one else.
    assert_eq!(others(&after), others(&before));

    // The journal: a run line, then each action started and done, in the plan's order.
    let lines = journal(&journal_file);
    assert_eq!(lines[0]["event"], "run");
    assert_eq!(lines[0]["cloud"], cloud);
    let keys: Vec<String> = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions(&lines, "started"), keys);
    assert_eq!(actions(&lines, "done"), keys);
    assert_eq!(lines.len(), 1 + 2 * keys.len());
    for line in lines.iter().skip(1) {
        assert!(
            line["operation"]["op"].is_string(),
            "{line}: what undoing needs"
        );
    }

    // Undo: the report is the one taken before.
    if cloud == "huawei" {
        assert!(!alice_enabled(&s), "--disable-user disabled her");
    }
    let run = s.run(&["undo", arg(&journal_file)], &["--output", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report(&s, cloud), before, "undo restores every access");
    let undone = document(&run);
    let not_restorable = undone["not_restorable"].as_array().unwrap();
    let sessions = options.contains(&"--revoke-sessions");
    assert_eq!(
        not_restorable
            .iter()
            .any(|n| n["action"].as_str().unwrap().starts_with("revoke_sessions")),
        sessions,
        "deleted sessions are said to be lost: {undone}"
    );
    assert!(dir.path().join("journal.jsonl.undo").exists());
    if cloud == "huawei" {
        assert!(alice_enabled(&s), "undo enabled her again");
    }
}

#[test]
fn huawei_off_boards_alice_and_undoes_it() {
    cycle(
        "huawei",
        demo::HUAWEI_USER_NAME,
        &["--disable-user", "--revoke-sessions"],
    );
}

#[test]
fn scp_off_boards_a_user_and_undoes_it() {
    cycle("scp", demo::SCP_USER_LOGIN_ID, &["--disable-user"]);
}

#[test]
fn scp_says_plainly_it_cannot_disable_a_user() {
    let s = setup();
    let run = offboard(
        &s,
        "scp",
        &[
            "--user",
            demo::SCP_USER_LOGIN_ID,
            "--disable-user",
            "--output",
            "table",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes = run.stdout.split("Notes:").nth(1).unwrap_or_default();
    assert!(notes.to_lowercase().contains("disable"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("disable user"),
        "no such action: {}",
        run.stdout
    );
}
