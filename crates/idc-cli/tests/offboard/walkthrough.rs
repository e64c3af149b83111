//! The README's off-boarding walk-through runs as written, through bash, against the demo
//! data: the plan, apply, the report after, undo, and two revocations of piped report rows.

use std::path::Path;
use std::process::Command;

use crate::common::{commands_after, demo_environment, setup};
use crate::support::{field, of_user, report};

#[test]
fn the_readme_walk_through_runs_as_written() {
    let s = setup();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let commands = commands_after(&readme, "## Off-boarding and revocation");
    assert_eq!(commands.len(), 6, "{commands:?}");
    let idc = Path::new(env!("CARGO_BIN_EXE_idc"));
    let work = tempfile::tempdir().unwrap();
    let before = report(&s, "huawei");
    let mut outputs = Vec::new();
    for command in &commands {
        // bash for pipefail: a failing `idc report` before a pipe fails the line.
        let out = Command::new("bash")
            .args(["-o", "pipefail", "-c", command])
            .current_dir(work.path())
            .env_clear()
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", idc.parent().unwrap().display()),
            )
            .envs(demo_environment(&s))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{command}: {stderr}");
        assert!(!out.stdout.is_empty(), "{command} wrote nothing");
        outputs.push(String::from_utf8(out.stdout).unwrap());
    }
    assert!(work.path().join("bob.plan.json").exists());
    assert!(work.path().join("bob.journal.jsonl.undo").exists());
    // After apply: bob reaches only what is open to all users.
    let after_apply: Vec<&str> = outputs[2].lines().skip(1).collect();
    assert!(!after_apply.is_empty());
    assert!(
        after_apply.iter().all(|l| l.contains("ALL_USERS")),
        "{}",
        outputs[2]
    );
    // The membership revocation was a dry run; carol's direct accesses are gone, nothing else.
    let plan: serde_json::Value = serde_json::from_str(&outputs[4]).unwrap();
    assert_eq!(plan["actions"][0]["operation"]["op"], "remove_membership");
    assert_eq!(plan["actions"].as_array().unwrap().len(), 1, "{plan}");
    let after = report(&s, "huawei");
    let gone: Vec<&String> = before.difference(&after).collect();
    assert!(!gone.is_empty());
    assert!(
        gone.iter()
            .all(|r| field(r, "user_name") == "carol" && field(r, "via_type") == "USER"),
        "{gone:?}"
    );
    assert_eq!(
        of_user(&after, "bob"),
        of_user(&before, "bob"),
        "undo gave bob his access back"
    );
}
