//! What a new user meets in their first hour: output that streams, an empty answer said out loud,
//! readable tables, the wire under `-v`, messages in the CLI's words, resuming a listing.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use idc_emulator::{Fault, FaultPlan, demo};
use predicates::prelude::*;

mod common;

use common::{Setup, setup};

/// The arguments of the Huawei seed listing against the emulator.
fn huawei_accounts(s: &Setup) -> Vec<String> {
    [
        "huawei",
        "account-assignments",
        "--endpoint",
        s.emulator.base_url(),
        "--instance-id",
        demo::HUAWEI_INSTANCE_ID,
        "--principal-id",
        demo::HUAWEI_PRINCIPAL_ID,
        "--principal-type",
        "USER",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn envs(s: &Setup) -> Vec<(&'static str, String)> {
    vec![
        ("HOME", s.home.path().to_string_lossy().into_owned()),
        ("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY.to_owned()),
        ("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY.to_owned()),
        (
            "HUAWEICLOUD_SDK_DOMAIN_ID",
            demo::HUAWEI_DOMAIN_ID.to_owned(),
        ),
        ("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY.to_owned()),
        ("SCP_SECRET_KEY", demo::SCP_SECRET_KEY.to_owned()),
    ]
}

fn idc(s: &Setup) -> Command {
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear().envs(envs(s));
    cmd
}

#[test]
fn json_lines_reach_a_pipe_page_by_page() {
    let s = setup();
    // Pages 2 and 3 each take 700 ms: the first page's lines must arrive before the last page is
    // even asked for.
    s.emulator
        .set_faults(FaultPlan::new(1).on_requests(2.., Fault::Latency(Duration::from_millis(700))));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("idc"))
        .env_clear()
        .envs(envs(&s))
        .args(huawei_accounts(&s))
        .args(["--output", "json", "--page-size", "10"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with('{'), "{first}");
    assert!(
        s.emulator.request_count() < 3,
        "the first line came only after {} requests",
        s.emulator.request_count()
    );
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert_eq!(rest.len() + 1, demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS);
    assert!(child.wait().unwrap().success());
    assert_eq!(s.emulator.request_count(), 3);
}

#[test]
fn a_listing_that_fails_part_way_says_so_and_how_to_resume() {
    let s = setup();
    // The second page fails for good (403 is not retried).
    s.emulator.set_faults(FaultPlan::new(1).on_request(
        2,
        Fault::Status {
            status: 403,
            retry_after: None,
        },
    ));
    let output = idc(&s)
        .args(huawei_accounts(&s))
        .args(["--output", "csv", "--page-size", "10"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        11,
        "the header and the first page: {stdout}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("stopped after 10 items in 1 pages"),
        "{stderr}"
    );
    assert!(stderr.contains("incomplete"), "{stderr}");
    assert!(
        stderr.contains("management account"),
        "the 403 is explained: {stderr}"
    );
    let token = stderr
        .lines()
        .find_map(|l| l.split("--starting-token ").nth(1))
        .unwrap_or_else(|| panic!("no resume token in {stderr}"))
        .trim()
        .to_owned();

    // Resuming from the token gives exactly the rest.
    s.emulator.set_faults(FaultPlan::default());
    let output = idc(&s)
        .args(huawei_accounts(&s))
        .args([
            "--output",
            "json",
            "--page-size",
            "10",
            "--starting-token",
            &token,
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rest = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        rest.lines().count(),
        demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS - 10
    );
}

#[test]
fn scp_listings_resume_from_a_page() {
    let s = setup();
    let output = idc(&s)
        .args([
            "scp",
            "account-assignments",
            "--endpoint",
            s.emulator.base_url(),
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--target-account-id",
            demo::SCP_TARGET_ACCOUNT_ID,
            "--page-size",
            "20",
            "--starting-token",
            "2",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let lines = String::from_utf8(output.stdout).unwrap().lines().count();
    assert_eq!(lines, demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS - 40);
    let pages: Vec<String> = s
        .emulator
        .requests()
        .iter()
        .filter_map(|r| {
            r.query_pairs()
                .into_iter()
                .find(|(k, _)| k == "page")
                .map(|(_, v)| v)
        })
        .collect();
    assert_eq!(pages, ["2"]);
}

#[test]
fn an_empty_answer_is_said_out_loud_and_stdout_stays_clean() {
    let s = setup();
    let output = idc(&s)
        .args([
            "scp",
            "account-assignments",
            "--endpoint",
            s.emulator.base_url(),
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--target-account-id",
            demo::SCP_TARGET_ACCOUNT_ID,
            "--principal-name",
            "nobody-by-this-name",
            "--output",
            "json",
            "-v",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "note: no account assignments for --instance-id {} --target-account-id {}",
            demo::SCP_INSTANCE_ID,
            demo::SCP_TARGET_ACCOUNT_ID
        )),
        "{stderr}"
    );
}

#[test]
fn verbose_shows_one_line_per_attempt_and_headers_without_secrets() {
    let s = setup();
    s.emulator.set_faults(FaultPlan::new(1).on_request(
        1,
        Fault::Status {
            status: 503,
            retry_after: Some(0),
        },
    ));
    let output = idc(&s)
        .args(huawei_accounts(&s))
        .args(["--max-items", "1", "-v"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let wire: Vec<&str> = stderr.lines().filter(|l| l.contains("idc::wire")).collect();
    assert_eq!(wire.len(), 2, "{stderr}");
    assert!(wire[0].contains("GET http://127.0.0.1"), "{stderr}");
    assert!(wire[0].contains("-> 503"), "{stderr}");
    assert!(wire[1].contains("-> 200"), "{stderr}");
    assert!(wire[1].contains("number=2"), "the attempt number: {stderr}");
    assert!(stderr.contains("retrying"), "why it retried: {stderr}");
    assert!(
        !stderr.contains("header"),
        "headers only with -vv: {stderr}"
    );

    let output = idc(&s)
        .args(huawei_accounts(&s))
        .args(["--max-items", "1", "-vv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("request header x-sdk-date"), "{stderr}");
    assert!(
        stderr.contains("request header authorization: <redacted>"),
        "{stderr}"
    );
    assert!(!stderr.contains(demo::HUAWEI_SECRET_KEY));
    assert!(!stderr.contains("Signature="), "{stderr}");
}

#[test]
fn columns_pick_what_the_table_and_csv_show() {
    let s = setup();
    idc(&s)
        .args(huawei_accounts(&s))
        .args([
            "--output",
            "csv",
            "--columns",
            "permission_set_id,account_id",
            "--max-items",
            "2",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "permission_set_id,account_id\n",
        ));
}

#[test]
fn messages_name_the_flags_and_bounds_fail_before_sending() {
    let s = setup();
    let scp = [
        "scp",
        "iam-identity-center",
        "list-account-assignments",
        "--endpoint",
        s.emulator.base_url(),
        "--instance-id",
        demo::SCP_INSTANCE_ID,
        "--target-account-id",
        demo::SCP_TARGET_ACCOUNT_ID,
    ];
    idc(&s)
        .args(scp)
        .args(["--api-version", "1.0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--allow-expired-api-version"))
        .stderr(predicate::str::contains("allow_expired_api_versions").not());
    idc(&s)
        .args(scp)
        .args(["--page-size", "500"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "page_size must be between 1 and 100",
        ));
    assert_eq!(s.emulator.request_count(), 0, "nothing was sent");
}
