//! A group of 9,000 members with long names, whose ListGroups page alone is over the 16 MiB
//! response cap, does not make `idc report scp` impossible (the library's side, at a small cap, is
//! `crates/idc-report/tests/scp_large_group.rs`; this one is the command line at the real cap).

use assert_cmd::Command;
use idc_emulator::{DataSet, demo};
use predicates::prelude::*;
use serde_json::json;

mod common;

const INSTANCE: &str = "ssoins-large";
const MEMBERS: usize = 9_000;
/// Each member's name: long enough that the group's ListGroups page is over 16 MiB.
const NAME_LENGTH: usize = 2_000;
const CREATED: &str = "2026-01-01T00:00:00Z";

/// One group of [`MEMBERS`] users (about 2,050 bytes each in a page: over 16 MiB), assigned to the
/// only account.
fn data() -> DataSet {
    let users: Vec<serde_json::Value> = (0..MEMBERS)
        .map(|i| {
            json!({"id": format!("{i:032x}"), "instance_id": INSTANCE, "user_id": format!("login{i:06}"),
                   "name": format!("User Number {i:06} {}", "x".repeat(NAME_LENGTH)), "created_at": CREATED})
        })
        .collect();
    let members: Vec<String> = (0..MEMBERS).map(|i| format!("{i:032x}")).collect();
    let document = json!({"scp": {
        "credentials": [{"access_key": demo::SCP_ACCESS_KEY, "secret_key": demo::SCP_SECRET_KEY}],
        "instances": [{"id": INSTANCE, "name": "large", "state": "ACTIVE", "created_at": CREATED,
                       "organization_id": "org-0001"}],
        "users": users,
        "groups": [{"id": "group-everyone", "instance_id": INSTANCE, "name": "Everyone",
                    "created_at": CREATED, "members": members}],
        "permission_sets": [{"id": "ps-1", "instance_id": INSTANCE, "name": "ReadOnly", "created_at": CREATED}],
        "accounts": [{"id": "account-1", "name": "Production", "email": "p@example.com",
                      "organization_id": "org-0001", "parent_unit_id": "ou-0001", "type": "MEMBER",
                      "state": "ACTIVE", "joined_method": "CREATED", "joined_time": CREATED,
                      "created_at": CREATED}],
        "account_assignments": [
            {"instance_id": INSTANCE, "target_account_id": "account-1", "principal_id": "group-everyone",
             "principal_type": "GROUP", "permission_set_ids": ["ps-1"], "role_srn": "srn:role/everyone"},
        ],
    }});
    DataSet::from_json_str(&document.to_string()).unwrap()
}

#[test]
fn a_group_over_the_response_cap_does_not_stop_the_scp_report() {
    let s = common::setup_with(data());
    let mut cmd = Command::cargo_bin("idc").unwrap();
    let out = cmd
        .env_clear()
        .envs(common::demo_environment(&s))
        .args([
            "report",
            "scp",
            "--instance-id",
            INSTANCE,
            "--output",
            "json",
        ])
        .args(["--user", "login000042"])
        .assert()
        .success()
        // The fallback is said on stderr, naming the operation.
        .stderr(predicate::str::contains("ListGroups"))
        .stderr(predicate::str::contains("larger than the response cap"));
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|r: &serde_json::Value| r.get("user_id").is_some())
        .collect();
    assert_eq!(rows.len(), 1, "{stdout}");
    assert_eq!(rows[0]["user_name"], "login000042");
    assert_eq!(rows[0]["via_id"], "group-everyone");
    // No page of ListGroups could hold the group: its name is not known.
    assert_eq!(rows[0]["via_name"], serde_json::Value::Null);
    assert_eq!(rows[0]["target_name"], "Production");
}
