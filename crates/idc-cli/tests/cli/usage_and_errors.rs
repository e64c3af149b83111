//! Usage errors, credentials, retries, service and authentication errors, the demo and the help,
//! each with its exit code.

use super::*;

#[test]
fn an_expired_api_version_is_a_usage_error_unless_allowed() {
    // Today (the real date) 1.0 is past its Not Before date 2026-02-23.
    let s = setup();
    s.scp_accounts()
        .args(["--api-version", "1.0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used"));
    assert_eq!(s.emulator.request_count(), 0);

    // Allowed by the client, refused by the service (the emulator) with a 400: a service error.
    s.scp_accounts()
        .args(["--api-version", "1.0", "--allow-expired-api-version"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("UnsupportedApiVersion"));

    s.scp_accounts()
        .args(["--api-version", "one"])
        .assert()
        .code(2);
}

#[test]
fn missing_credentials_explain_what_to_set() {
    let s = setup();
    s.bare()
        .args([
            "huawei",
            "account-assignments",
            "--endpoint",
            s.emulator.base_url(),
            "--instance-id",
            "ins-1",
            "--principal-id",
            "p-1",
            "--principal-type",
            "USER",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HUAWEICLOUD_SDK_AK"))
        .stderr(predicate::str::contains("hint:"));
    s.bare()
        .args([
            "scp",
            "account-assignments",
            "--endpoint",
            s.emulator.base_url(),
            "--instance-id",
            "i",
            "--target-account-id",
            "a",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SCP_ACCESS_KEY"));
    assert_eq!(s.emulator.request_count(), 0);
}

#[test]
fn bad_flag_values_are_usage_errors() {
    let s = setup();
    s.huawei_accounts()
        .args(["--principal-type", "ROBOT"])
        .assert()
        .code(2);
    s.huawei_accounts()
        .args(["--output", "xml"])
        .assert()
        .code(2);
    s.huawei_accounts()
        .args(["--page-size", "500"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("page_size"));
    s.idc()
        .args([
            "huawei",
            "account-assignments",
            "--endpoint",
            "http://example.com",
        ])
        .assert()
        .code(2);
    s.idc()
        .args([
            "huawei",
            "account-assignments",
            "--endpoint",
            "http://identitycenter.example.com",
            "--instance-id",
            "ins-1",
            "--principal-id",
            "p-1",
            "--principal-type",
            "USER",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("https://"));
}

#[test]
fn max_attempts_sets_how_often_a_failing_request_is_tried() {
    let s = setup();
    // The first three requests answer 503.
    let three_503s = || {
        FaultPlan::new(1).on_requests(
            1..=3,
            Fault::Status {
                status: 503,
                retry_after: Some(0),
            },
        )
    };
    s.emulator.set_faults(three_503s());
    s.emulator.clear_requests();
    s.huawei_accounts()
        .args(["--max-items", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--max-attempts"));
    assert_eq!(s.emulator.request_count(), 3, "three attempts by default");

    s.emulator.set_faults(three_503s());
    s.emulator.clear_requests();
    s.huawei_accounts()
        .args(["--max-items", "1", "--max-attempts", "4"])
        .assert()
        .success();
    assert_eq!(s.emulator.request_count(), 4);

    s.emulator.set_faults(three_503s());
    s.emulator.clear_requests();
    s.huawei_accounts()
        .args(["--max-items", "1", "--max-attempts", "1"])
        .assert()
        .code(1);
    assert_eq!(s.emulator.request_count(), 1, "no retry");

    // The report takes it too.
    s.emulator.set_faults(three_503s());
    s.emulator.clear_requests();
    s.idc()
        .env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID)
        .args(["report", "huawei", "--endpoint", s.emulator.base_url()])
        .args([
            "--instance-id",
            demo::HUAWEI_INSTANCE_ID,
            "--output",
            "json",
        ])
        .args(["--concurrency", "1", "--max-attempts", "1"])
        .assert()
        .code(1);
    assert_eq!(
        s.emulator.request_count(),
        1,
        "the report's first request, once"
    );

    for bad in ["0", "11", "x"] {
        s.huawei_accounts()
            .args(["--max-attempts", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--max-attempts"));
    }
}

#[test]
fn a_forbidden_answer_is_a_service_error() {
    let s = setup();
    s.emulator
        .set_faults(FaultPlan::new(1).always(Fault::Status {
            status: 403,
            retry_after: None,
        }));
    s.huawei_accounts()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("HTTP 403"));
}

#[test]
fn a_wrong_secret_is_an_authentication_error() {
    let s = setup();
    s.huawei_accounts()
        .env("HUAWEICLOUD_SDK_SK", "not-the-secret")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("authentication failed"))
        .stderr(predicate::str::contains("not-the-secret").not());
}

#[test]
fn demo_runs_the_report_without_credentials() {
    let s = setup();
    s.bare()
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("Huawei Cloud: USER"))
        .stdout(predicate::str::contains("iam-identity-center 1.4"))
        .stdout(predicate::str::contains("Summary:"));
}

#[test]
fn help_names_every_subcommand_and_the_exit_codes() {
    let s = setup();
    s.bare()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("huawei"))
        .stdout(predicate::str::contains("scp"))
        .stdout(predicate::str::contains("demo"))
        .stdout(predicate::str::contains("Exit codes"));
    s.bare()
        .args(["scp", "account-assignments", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--api-version"))
        .stdout(predicate::str::contains("Example"));
}
