//! `--wait` on Huawei's asynchronous writes against the emulator: the final status printed once the
//! work is done, the failure's reason (exit 1), the overall limit (exit 1, with the last status
//! and how to wait again), waiting on a request id already held, and the flag's rules.

use std::time::Duration;

use idc_emulator::demo;
use serde_json::Value;

mod common;

use common::{Run, Setup, setup_delayed};

const CENTER: [&str; 2] = ["huawei", "identitycenter"];
const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;

impl Setup {
    /// `create-account-assignment` of the demo group on the demo account with `permission_set`.
    fn assign(&self, permission_set: &str, extra: &[&str]) -> Run {
        let mut args = vec![
            "--instance-id",
            INSTANCE,
            "--permission-set-id",
            permission_set,
            "--principal-id",
            demo::HUAWEI_GROUP_ID,
            "--principal-type",
            "group",
            "--target-id",
            demo::HUAWEI_ACCOUNT_ID,
            "--target-type",
            "ACCOUNT",
            "--output",
            "json",
        ];
        args.extend(extra);
        let words = [CENTER[0], CENTER[1], "create-account-assignment"];
        self.run(&words, &args)
    }

    /// The permission sets of the demo instance the demo group holds no assignment with on the
    /// demo account, by id.
    fn unassigned_permission_sets(&self) -> Vec<String> {
        let words = [CENTER[0], CENTER[1], "list-account-assignments"];
        let held: Vec<Value> = self.json(
            &words,
            &[
                "--instance-id",
                INSTANCE,
                "--account-id",
                demo::HUAWEI_ACCOUNT_ID,
            ],
        );
        let held: Vec<&Value> = held
            .iter()
            .filter(|a| a["principal_id"] == demo::HUAWEI_GROUP_ID)
            .collect();
        let words = [CENTER[0], CENTER[1], "list-permission-sets"];
        self.json(&words, &["--instance-id", INSTANCE])
            .iter()
            .map(|s| s["permission_set_id"].as_str().unwrap().to_owned())
            .filter(|id| !held.iter().any(|a| a["permission_set_id"] == id.as_str()))
            .collect()
    }
}

fn status(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    json["account_assignment_creation_status"].clone()
}

#[test]
fn wait_prints_the_final_status_or_the_failure_reason() {
    let s = setup_delayed(Duration::from_millis(300));
    let free = s.unassigned_permission_sets();
    assert!(free.len() >= 2, "{free:?}");

    // Without --wait: the first answer, still in progress.
    let first = status(&s.assign(&free[0], &[]));
    assert_eq!(first["status"], "IN_PROGRESS", "{first}");

    // With it: the final status, and the assignment is there.
    let done = status(&s.assign(&free[1], &["--wait"]));
    assert_eq!(done["status"], "SUCCEEDED", "{done}");
    assert!(!s.unassigned_permission_sets().contains(&free[1]));

    // Waiting on a request id already held: the first one's.
    let request_id = first["request_id"].as_str().unwrap();
    let words = [
        CENTER[0],
        CENTER[1],
        "describe-account-assignment-creation-status",
    ];
    let run = s.run(
        &words,
        &[
            "--instance-id",
            INSTANCE,
            "--request-id",
            request_id,
            "--wait",
            "--output",
            "json",
        ],
    );
    assert_eq!(status(&run)["status"], "SUCCEEDED", "{}", run.stdout);

    // A permission set that does not exist: the work fails, with the service's reason.
    let run = s.assign("ps-0000000000000000", &["--wait"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("failed with status FAILED"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ps-0000000000000000"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn a_wait_longer_than_its_limit_fails_with_the_last_status_and_how_to_wait_again() {
    let s = setup_delayed(Duration::from_secs(30));
    let free = s.unassigned_permission_sets();
    let run = s.assign(&free[0], &["--wait", "--wait-timeout", "1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("gave up waiting"), "{}", run.stderr);
    assert!(run.stderr.contains("IN_PROGRESS"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("describe-account-assignment-creation-status --request-id"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_wait_flags_are_checked_and_a_dry_run_does_not_wait() {
    let s = setup_delayed(Duration::from_millis(10));
    let before = s.emulator.request_count();
    let run = s.assign("ps-0000000000000000", &["--wait-timeout", "5"]);
    assert_eq!(run.code, 2, "--wait-timeout needs --wait: {}", run.stderr);
    let run = s.assign("ps-0000000000000000", &["--wait", "--wait-timeout", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = s.assign("ps-0000000000000000", &["--wait", "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let request: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(request["method"], "POST");
    assert_eq!(
        request["body"]["principal_type"], "GROUP",
        "the enumeration's spelling"
    );
    assert_eq!(s.emulator.request_count(), before, "nothing was sent");
}
