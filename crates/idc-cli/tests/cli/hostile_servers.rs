//! Hostile servers: text that reaches the terminal or a spreadsheet escaped, malformed markers and
//! repeated pages as service faults.

use super::*;

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
