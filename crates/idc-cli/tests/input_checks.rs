//! Values the client refuses before sending, through the command line: path parameters that would
//! change the operation, and look-ups that give two identifiers at once.

use assert_cmd::Command;
use idc_emulator::demo;
use predicates::prelude::*;

mod common;

use common::{Setup, setup};

fn idc(s: &Setup) -> Command {
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear()
        .env("HOME", s.home.path())
        .env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
        .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
        .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
        .env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID)
        .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
        .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY)
        .env("IDC_HUAWEI_ENDPOINT", s.emulator.base_url())
        .env("IDC_SCP_ENDPOINT", s.emulator.base_url());
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
            .args(["--identity-store-id", demo::HUAWEI_IDENTITY_STORE_ID, "--user-id", value])
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
