//! The `idc` binary end to end against the emulator: every subcommand, output formats, exit codes.

use assert_cmd::Command;
use idc_emulator::{DataSet, Fault, FaultPlan, demo};
use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{Setup, setup};

impl Setup {
    /// `idc` with no inherited environment: an empty HOME and only the variables a test sets.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("idc").unwrap();
        cmd.env_clear().env("HOME", self.home.path());
        cmd
    }

    /// `idc` with the demo credentials of both clouds in the environment.
    fn idc(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
            .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY);
        cmd
    }

    fn huawei_accounts(&self) -> Command {
        let mut cmd = self.idc();
        cmd.args([
            "huawei",
            "account-assignments",
            "--endpoint",
            self.emulator.base_url(),
            "--instance-id",
            demo::HUAWEI_INSTANCE_ID,
            "--principal-id",
            demo::HUAWEI_PRINCIPAL_ID,
            "--principal-type",
            "USER",
        ]);
        cmd
    }

    fn scp_accounts(&self) -> Command {
        let mut cmd = self.idc();
        cmd.args([
            "scp",
            "account-assignments",
            "--endpoint",
            self.emulator.base_url(),
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--target-account-id",
            demo::SCP_TARGET_ACCOUNT_ID,
        ]);
        cmd
    }
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn expected_huawei_accounts() -> Vec<(String, String)> {
    DataSet::demo()
        .huawei
        .account_assignments
        .iter()
        .filter(|a| {
            &*a.instance_id == demo::HUAWEI_INSTANCE_ID
                && &*a.principal_id == demo::HUAWEI_PRINCIPAL_ID
        })
        .map(|a| (a.account_id.to_string(), a.permission_set_id.to_string()))
        .collect()
}

#[test]
fn huawei_account_assignments_as_json_lines_are_the_data_set_s_items() {
    let s = setup();
    let out = stdout_of(
        s.huawei_accounts()
            .args(["--output", "json", "--page-size", "10"]),
    );
    let items = json_lines(&out);
    let got: Vec<_> = items
        .iter()
        .map(|v| {
            (
                v["account_id"].as_str().unwrap().to_owned(),
                v["permission_set_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected_huawei_accounts());
    assert!(items.iter().all(|v| v["principal_type"] == "USER"));
    assert_eq!(s.emulator.request_count(), 3, "25 items in pages of 10");
}

#[test]
fn piped_output_defaults_to_json_with_a_quiet_stderr() {
    let s = setup();
    let output = s.huawei_accounts().output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        json_lines(&String::from_utf8(output.stdout).unwrap()).len(),
        25
    );
    assert!(
        output.stderr.is_empty(),
        "no progress or colour when not a terminal: {:?}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn csv_and_table_outputs() {
    let s = setup();
    let csv = stdout_of(s.huawei_accounts().args(["--output", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("account_id,permission_set_id,principal_id,principal_type")
    );
    let rows: Vec<_> = lines.collect();
    assert_eq!(rows.len(), 25);
    let (account, set) = &expected_huawei_accounts()[0];
    assert_eq!(
        rows[0],
        format!("{account},{set},{},USER", demo::HUAWEI_PRINCIPAL_ID)
    );

    let table = stdout_of(s.huawei_accounts().args(["--output", "table"]));
    let mut lines = table.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("ACCOUNT_ID"), "{header}");
    assert!(header.contains("PERMISSION_SET_ID"));
    assert_eq!(lines.count(), 25);
    assert!(table.contains(account.as_str()));
}

#[test]
fn max_items_and_the_account_filter() {
    let s = setup();
    let out = stdout_of(
        s.huawei_accounts()
            .args(["--max-items", "3", "--page-size", "2"]),
    );
    assert_eq!(json_lines(&out).len(), 3);
    assert_eq!(s.emulator.request_count(), 2, "2 + 1, then stop");

    let out = stdout_of(
        s.huawei_accounts()
            .args(["--account-id", demo::HUAWEI_ACCOUNT_ID]),
    );
    let items = json_lines(&out);
    let expected = expected_huawei_accounts()
        .into_iter()
        .filter(|(a, _)| a == demo::HUAWEI_ACCOUNT_ID)
        .count();
    assert_eq!(items.len(), expected);
    assert!(
        items
            .iter()
            .all(|v| v["account_id"] == demo::HUAWEI_ACCOUNT_ID)
    );
}

#[test]
fn huawei_application_assignments() {
    let s = setup();
    let out = stdout_of(s.idc().args([
        "huawei",
        "application-assignments",
        "--endpoint",
        s.emulator.base_url(),
        "--instance-id",
        demo::HUAWEI_INSTANCE_ID,
        "--principal-id",
        demo::HUAWEI_PRINCIPAL_ID,
        "--principal-type",
        "user",
        "--output",
        "csv",
    ]));
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("application_urn,principal_id,principal_type")
    );
    assert_eq!(
        lines.count(),
        demo::HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS
    );
}

#[test]
fn scp_account_assignments_with_filters_and_versions() {
    let s = setup();
    let out = stdout_of(
        s.scp_accounts()
            .args(["--api-version", "1.4", "--concurrency", "3"]),
    );
    let items = json_lines(&out);
    assert_eq!(items.len(), demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS);
    assert!(
        items
            .iter()
            .all(|v| v["target_account_id"] == demo::SCP_TARGET_ACCOUNT_ID)
    );
    assert!(
        s.emulator
            .requests()
            .iter()
            .all(|r| r.header("scp-api-version") == Some("iam-identity-center 1.4"))
    );

    let out = stdout_of(
        s.scp_accounts()
            .args(["--principal-name", demo::SCP_PRINCIPAL_NAME]),
    );
    let items = json_lines(&out);
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|v| v["principal_name"] == demo::SCP_PRINCIPAL_NAME)
    );

    let csv = stdout_of(
        s.scp_accounts()
            .args(["--output", "csv", "--max-items", "2"]),
    );
    assert!(csv.starts_with("principal_id,principal_name,principal_type,target_account_id"));
    assert_eq!(csv.lines().count(), 3);
}

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

/// An emulator serving one SCP assignment whose names hold terminal escapes, a forged line and a
/// spreadsheet formula.
fn hostile_setup() -> Setup {
    let mut data = DataSet::demo();
    data.scp.account_assignments.truncate(1);
    let a = data.scp.account_assignments[0].clone();
    let account = data
        .scp
        .accounts
        .iter_mut()
        .find(|x| x.id == a.target_account_id)
        .unwrap();
    account.name = "\u{1b}]0;pwned\u{7}\u{1b}[2Jname".into();
    // The first demo assignment's principal is a user.
    let user = data
        .scp
        .users
        .iter_mut()
        .find(|u| u.id == a.principal_id)
        .unwrap();
    user.name = "=HYPERLINK(\"http://evil.example\",\"x\")\nerror: fake line".into();
    common::setup_with(data)
}

#[test]
fn server_data_cannot_reach_the_terminal_or_a_spreadsheet_raw() {
    let s = hostile_setup();
    let table = stdout_of(s.scp_accounts().args(["--output", "table"]));
    assert!(
        !table.chars().any(|c| c.is_control() && c != '\n'),
        "{table:?}"
    );
    assert!(
        table.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2Jname"),
        "{table:?}"
    );
    assert!(
        !table.lines().any(|l| l.starts_with("error:")),
        "no forged line: {table:?}"
    );

    let csv = stdout_of(s.scp_accounts().args(["--output", "csv"]));
    assert!(!csv.chars().any(|c| c.is_control() && c != '\n'), "{csv:?}");
    assert!(
        csv.contains("\"'=HYPERLINK("),
        "formula neutralised: {csv:?}"
    );
    assert!(!csv.contains(",=HYPERLINK"), "{csv:?}");

    // JSON keeps the exact values (escaped as JSON).
    let json = stdout_of(s.scp_accounts().args(["--output", "json"]));
    let item = &json_lines(&json)[0];
    assert_eq!(
        item["target_account_name"],
        "\u{1b}]0;pwned\u{7}\u{1b}[2Jname"
    );
    assert!(!json.contains('\u{1b}'), "{json:?}");
}

/// An HTTP server on loopback answering each request with `reply(request head)`.
fn scripted_server(reply: impl Fn(&str) -> String + Send + Sync + 'static) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let reply = std::sync::Arc::new(reply);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let reply = reply.clone();
            // A thread per connection: `--concurrency` opens several at once.
            std::thread::spawn(move || {
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let response = reply(&String::from_utf8_lossy(&request));
                let _ = stream.write_all(response.as_bytes());
            });
        }
    });
    format!("http://{addr}")
}

/// A server on loopback answering every request with `response`.
fn canned_server(response: &'static str) -> String {
    scripted_server(move |_| response.to_owned())
}

/// A 200 response with a JSON body, closing the connection.
fn json_response(body: &str) -> String {
    http_json("200 OK", body)
}

/// A response with `status` (code and reason) and a JSON body, closing the connection.
fn http_json(status: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// `idc huawei account-assignments` of principal `p-1` on instance `ins-1`, sent to `base`.
fn accounts_from(s: &Setup, base: &str) -> Command {
    let mut cmd = s.idc();
    cmd.args([
        "huawei",
        "account-assignments",
        "--endpoint",
        base,
        "--instance-id",
        "ins-1",
        "--principal-id",
        "p-1",
        "--principal-type",
        "USER",
    ]);
    cmd
}

#[test]
fn a_malformed_next_marker_is_a_service_fault_exit_1() {
    // Not the documented marker, and full of escapes: the service's fault, not a usage error (2).
    let base = canned_server(Box::leak(
        json_response(
            r#"{"account_assignments":[{"account_id":"a","permission_set_id":"ps-1","principal_id":"p-1","principal_type":"USER"}],"page_info":{"next_marker":"\u001b]0;pwned\u0007\nerror: fake","current_count":1}}"#,
        )
        .into_boxed_str(),
    ));
    let s = setup();
    let output = accounts_from(&s, &base).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("malformed response"), "{stderr}");
    assert!(stderr.contains("invalid next marker"), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
}

#[test]
fn an_scp_page_repeated_in_reverse_order_is_a_pagination_error_exit_1() {
    // Page 1 is page 0 reversed: 20 duplicates if let through.
    let base = scripted_server(|head| {
        let page = head
            .split_whitespace()
            .nth(1)
            .and_then(|target| {
                target
                    .split(['?', '&'])
                    .find_map(|p| p.strip_prefix("page="))
            })
            .map_or(0, |p| p.parse::<usize>().unwrap());
        let mut ids: Vec<usize> = (0..20)
            .map(|i| if page == 1 { i } else { page * 20 + i })
            .collect();
        if page == 1 {
            ids.reverse();
        }
        let items: Vec<Value> = ids
            .iter()
            .map(|i| {
                serde_json::json!({"instance_id": "i", "target_account_id": "a",
                    "target_account_name": "A", "target_account_email": "a@example.com",
                    "principal_id": format!("p-{i}"), "principal_name": format!("user{i}"),
                    "principal_type": "USER", "role_srn": "r", "permission_sets": []})
            })
            .collect();
        json_response(
            &serde_json::json!({"account_assignments": items, "count": 100, "page": page, "size": 20})
                .to_string(),
        )
    });
    let s = setup();
    for concurrency in ["1", "4"] {
        let output = s
            .idc()
            .args([
                "scp",
                "account-assignments",
                "--endpoint",
                &base,
                "--instance-id",
                "i",
                "--target-account-id",
                "a",
                "--page-size",
                "20",
                "--concurrency",
                concurrency,
                "--output",
                "json",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "concurrency {concurrency}: {stderr}"
        );
        assert!(
            stderr.contains("page 1 repeats the items of page 0"),
            "concurrency {concurrency}: {stderr}"
        );
        // Only page 0's items were written: no duplicate reached the output.
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(json_lines(&stdout).len(), 20, "concurrency {concurrency}");
    }
}

#[test]
fn a_hostile_error_message_is_escaped_and_scrubbed_on_stderr() {
    const BODY: &str = "{\"error_code\":\"IIC.1000\",\"error_msg\":\"bad \\u001b]0;pwned\\u0007 token TOKEN-SECRET-1 sk wrong-secret-1\\nerror: fake line\"}";
    let base = canned_server(Box::leak(
        http_json("400 Bad Request", BODY).into_boxed_str(),
    ));
    let s = setup();
    let output = s
        .idc()
        .env("HUAWEICLOUD_SDK_SK", "wrong-secret-1")
        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", "TOKEN-SECRET-1")
        .args([
            "huawei",
            "account-assignments",
            "--endpoint",
            &base,
            "--instance-id",
            "ins-1",
            "--principal-id",
            "p-1",
            "--principal-type",
            "USER",
            "--verbose",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("HTTP 400 IIC.1000"), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert!(
        !stderr.lines().any(|l| l.starts_with("error: fake line")),
        "{stderr}"
    );
    assert!(!stderr.contains("TOKEN-SECRET-1"), "{stderr}");
    assert!(!stderr.contains("wrong-secret-1"), "{stderr}");
}

#[test]
fn retry_warnings_show_hostile_server_text_escaped() {
    const BODY: &str = "{\"error_code\":\"IIC.5000\",\"error_msg\":\"busy \\u001b[2J\\u001b]0;pwned\\u0007\\nerror: fake line\"}";
    let base = canned_server(Box::leak(
        http_json("503 Service Unavailable", BODY).into_boxed_str(),
    ));
    let s = setup();
    let output = accounts_from(&s, &base).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("retrying"),
        "the warnings are shown: {stderr}"
    );
    assert!(stderr.contains("HTTP 503"), "{stderr}");
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{stderr:?}"
    );
    assert!(
        !stderr.lines().any(|l| l.starts_with("error: fake line")),
        "{stderr}"
    );
}
