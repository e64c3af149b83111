//! A smoke test of the Huawei IdentityCenter writes through the command line against the
//! emulator: a permission set created and listed, an account assignment answered `IN_PROGRESS`,
//! its status read until `SUCCEEDED`, and the assignment then listed.

use std::time::Duration;

use idc_emulator::demo;

mod common;

use common::setup;

const CENTER: [&str; 2] = ["huawei", "identitycenter"];

fn words(operation: &str) -> Vec<&str> {
    let mut w = CENTER.to_vec();
    w.push(operation);
    w
}

#[test]
fn a_permission_set_and_an_assignment_are_created_from_the_command_line() {
    let s = setup();
    let instance = demo::HUAWEI_INSTANCE_ID;
    let created = s.json(
        &words("create-permission-set"),
        &["--instance-id", instance, "--name", "CliWriters"],
    );
    let set = created[0]["permission_set"]["permission_set_id"]
        .as_str()
        .expect("the created permission set")
        .to_owned();
    let listed = s.json(
        &words("list-permission-sets"),
        &["--instance-id", instance, "--name", "CliWriters"],
    );
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["permission_set_id"], set.as_str());

    let account = demo::HUAWEI_ACCOUNT_ID;
    let accepted = s.json(
        &words("create-account-assignment"),
        &[
            "--instance-id",
            instance,
            "--permission-set-id",
            &set,
            "--principal-id",
            demo::HUAWEI_PRINCIPAL_ID,
            "--principal-type",
            "USER",
            "--target-id",
            account,
            "--target-type",
            "ACCOUNT",
        ],
    );
    let status = &accepted[0]["account_assignment_creation_status"];
    assert_eq!(status["status"], "IN_PROGRESS");
    let request_id = status["request_id"].as_str().unwrap().to_owned();
    let mut last = String::new();
    for _ in 0..50 {
        let read = s.json(
            &words("describe-account-assignment-creation-status"),
            &["--instance-id", instance, "--request-id", &request_id],
        );
        last = read[0]["account_assignment_creation_status"]["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if last != "IN_PROGRESS" {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(last, "SUCCEEDED");
    let on_account = s.json(
        &words("list-account-assignments"),
        &[
            "--instance-id",
            instance,
            "--account-id",
            account,
            "--permission-set-id",
            &set,
        ],
    );
    assert_eq!(on_account.len(), 1);
    assert_eq!(on_account[0]["principal_id"], demo::HUAWEI_PRINCIPAL_ID);

    // A second permission set of that name: a service error, exit code 1.
    let twin = s.run(
        &words("create-permission-set"),
        &["--instance-id", instance, "--name", "CliWriters"],
    );
    assert_eq!(twin.code, 1, "{}", twin.stderr);
    assert!(twin.stderr.contains("IIC.1206"), "{}", twin.stderr);
}
