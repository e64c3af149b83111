//! Values the client refuses before sending, through the command line: path parameters that would
//! change the operation, and look-ups that give two identifiers at once.

use assert_cmd::Command;
use idc_emulator::demo;
use predicates::prelude::*;

mod common;

use common::{Setup, setup};

fn idc(s: &Setup) -> Command {
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear().envs(common::demo_environment(s));
    cmd
}

#[test]
fn a_dot_segment_as_a_path_parameter_is_a_usage_error_and_nothing_is_sent() {
    let s = setup();
    for value in ["..", "."] {
        idc(&s)
            .args(["scp", "iam-identity-center", "list-group-users"])
            .args(["--instance-id", demo::SCP_INSTANCE_ID, "--group-id", value])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("group_id"));
        idc(&s)
            .args(["huawei", "identitystore", "describe-user"])
            .args([
                "--identity-store-id",
                demo::HUAWEI_IDENTITY_STORE_ID,
                "--user-id",
                value,
            ])
            .assert()
            .code(2);
    }
    assert_eq!(s.emulator.request_count(), 0);
}

#[test]
fn get_user_id_with_both_identifiers_is_a_usage_error() {
    let s = setup();
    idc(&s)
        .args(["huawei", "identitystore", "get-user-id"])
        .args(["--identity-store-id", demo::HUAWEI_IDENTITY_STORE_ID])
        .args([
            "--alternate-identifier",
            r#"{"unique_attribute":{"attribute_path":"user_name","attribute_value":"alice"},
                "external_id":{"issuer":"https://idp.example.com","id":"nobody"}}"#,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exactly one"));
    assert_eq!(s.emulator.request_count(), 0);
}

#[test]
fn get_user_id_and_get_group_id_take_a_name() {
    let s = setup();
    let out = idc(&s)
        .args(["huawei", "identitystore", "get-user-id", "--output", "json"])
        .args([
            "--identity-store-id",
            demo::HUAWEI_IDENTITY_STORE_ID,
            "--user-name",
            "alice",
        ])
        .assert()
        .success();
    let by_name: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let out = idc(&s)
        .args(["huawei", "identitystore", "get-user-id", "--output", "json"])
        .args(["--identity-store-id", demo::HUAWEI_IDENTITY_STORE_ID])
        .args([
            "--alternate-identifier",
            r#"{"unique_attribute":{"attribute_path":"user_name","attribute_value":"alice"}}"#,
        ])
        .assert()
        .success();
    let by_json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(by_name, by_json);
    assert!(by_name["user_id"].is_string(), "{by_name}");

    idc(&s)
        .args([
            "huawei",
            "identitystore",
            "get-group-id",
            "--output",
            "json",
        ])
        .args(["--identity-store-id", demo::HUAWEI_IDENTITY_STORE_ID])
        .args(["--display-name", demo::HUAWEI_GROUP_NAME])
        .assert()
        .success()
        .stdout(predicate::str::contains(demo::HUAWEI_GROUP_ID));
    let before = s.emulator.request_count();
    // Both, or neither: usage errors before anything is sent.
    idc(&s)
        .args(["huawei", "identitystore", "get-user-id"])
        .args([
            "--identity-store-id",
            demo::HUAWEI_IDENTITY_STORE_ID,
            "--user-name",
            "alice",
        ])
        .args([
            "--alternate-identifier",
            r#"{"external_id":{"issuer":"i","id":"x"}}"#,
        ])
        .assert()
        .code(2);
    idc(&s)
        .args(["huawei", "identitystore", "get-group-id"])
        .args(["--identity-store-id", demo::HUAWEI_IDENTITY_STORE_ID])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--alternate-identifier"));
    assert_eq!(s.emulator.request_count(), before);
}

#[test]
fn two_instances_are_a_usage_error_whose_hint_names_the_flag() {
    let s = setup();
    // The library's error says what to choose; only the CLI names its flag.
    idc(&s)
        .args(["report", "huawei"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 instances found"))
        .stderr(predicate::str::contains(
            "hint: choose the instance with --instance-id",
        ))
        .stderr(
            predicate::str::contains("error:").and(
                predicate::str::contains("error: 2 instances found").and(
                    predicate::str::is_match("error: [^\n]*--instance-id")
                        .unwrap()
                        .not(),
                ),
            ),
        );
}
