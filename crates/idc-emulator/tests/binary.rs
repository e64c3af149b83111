//! The `idc-emulator` binary: URL on the first stdout line, serving, clean exit on SIGTERM/SIGINT.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use common::*;
use idc_emulator::demo;

const BIN: &str = env!("CARGO_BIN_EXE_idc-emulator");

struct Emulator {
    child: Child,
    url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary and reads its URL from the first stdout line.
fn spawn(args: &[&str]) -> Emulator {
    spawn_with_stderr(args, Stdio::null())
}

/// [`spawn`], its log (stderr) going to `stderr`.
fn spawn_with_stderr(args: &[&str], stderr: Stdio) -> Emulator {
    let mut child = Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        // Keep draining so the child never blocks on a full pipe.
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("no URL on stdout");
    let url = line.trim_end().to_owned();
    Emulator { child, url }
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the emulator did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn serves_signed_requests_and_exits_0_on_sigterm() {
    let mut emulator = spawn(&["--addr", "127.0.0.1:0"]);
    assert!(
        emulator.url.starts_with("http://127.0.0.1:"),
        "{}",
        emulator.url
    );
    assert!(!emulator.url.ends_with('/'));
    // The binary runs on the system clock: sign with the current time.
    let request = huawei_sign(
        &emulator.url,
        &accounts_path(&format!(
            "principal_id={}&principal_type=USER&limit=10",
            demo::HUAWEI_PRINCIPAL_ID
        )),
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        Some(demo::HUAWEI_DOMAIN_ID),
        SystemTime::now(),
        &[],
    );
    let response = request.send().await;
    assert_eq!(response.status(), 200);
    let body = json(response).await;
    assert_eq!(body["page_info"]["current_count"], 10);
    let scp = scp_sign(
        &format!("{}/v1/account-assignments?{}", emulator.url, scp_query("")),
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        SystemTime::now(),
        None,
    );
    assert_eq!(scp.send().await.status(), 200);
    // An unsigned one is refused.
    let unsigned = client().get(&request.url).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);

    signal(emulator.child.id(), "TERM");
    let status = wait_exit(&mut emulator.child);
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[tokio::test]
async fn exits_0_on_sigint_with_a_generated_data_set_and_no_verification() {
    let mut emulator = spawn(&[
        "--generate",
        "300",
        "--no-verify",
        "--fault",
        "1=status:503:2",
    ]);
    let url = format!(
        "{}{}",
        emulator.url,
        applications_path(&format!(
            "principal_id={}&principal_type=USER",
            demo::HUAWEI_PRINCIPAL_ID
        ))
    );
    let first = client().get(&url).send().await.unwrap();
    assert_eq!(first.status(), 503);
    assert_eq!(first.headers()["retry-after"], "2");
    let body = json(client().get(&url).send().await.unwrap()).await;
    assert_eq!(body["page_info"]["current_count"], 100);
    assert!(body["page_info"]["next_marker"].is_string());
    signal(emulator.child.id(), "INT");
    assert_eq!(wait_exit(&mut emulator.child).code(), Some(0));
}

fn run_to_end(args: &[&str]) -> (Option<i32>, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_exit(&mut child);
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), out, err)
}

#[test]
fn refuses_non_loopback_addresses() {
    let (code, out, err) = run_to_end(&["--addr", "0.0.0.0:0"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(
        err.contains("loopback") && err.contains("--allow-non-loopback"),
        "{err}"
    );
}

#[test]
fn reports_an_invalid_data_file() {
    let mut file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    file.write_all(br#"{"scp": {"credentials": [{"access_key": 1}]}}"#)
        .unwrap();
    let path = file.path().display().to_string();
    let (code, out, err) = run_to_end(&["--data", &path]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(
        err.contains(&path) && err.contains("scp.credentials[0].access_key"),
        "{err}"
    );
}

#[test]
fn a_data_file_s_control_characters_reach_stderr_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // A key, an enum value, and the file's own path, each carrying ESC and BEL.
    let cases = [
        ("key.json", r#"{"huawei": {"\u001b]0;owned\u0007": []}}"#),
        (
            "enum.json",
            r#"{"scp": {"permission_sets": [{"id": "p", "instance_id": "i", "name": "n",
                "created_at": "t", "policies": [{"id": "x", "name": "x",
                "category": "\u001b[2J\u0007"}]}]}}"#,
        ),
        ("path-\u{1b}[31m-\u{7}.json", r#"{"nope": 1}"#),
    ];
    for (name, text) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let (code, out, err) = run_to_end(&["--data", path.to_str().unwrap()]);
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(out.is_empty());
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "{name}: raw control characters on stderr: {err:?}"
        );
        assert!(err.contains("\\u{1b}"), "{name}: shown escaped: {err}");
    }
}

#[test]
fn faults_that_could_never_fire_or_are_not_errors_are_refused() {
    for fault in [
        "1=status:100",
        "1=status:199",
        "1=status:204",
        "5-3=reset",
        "0=reset",
    ] {
        let (code, out, err) = run_to_end(&["--fault", fault]);
        assert_eq!(code, Some(2), "{fault}");
        assert!(out.is_empty(), "{fault}: nothing served");
        assert!(err.contains(fault), "{fault}: {err}");
    }
}

#[test]
fn rejects_bad_arguments() {
    let (code, _, err) = run_to_end(&["--fault", "1=explode"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("explode"), "{err}");
    let (code, _, _) = run_to_end(&["--data", "x.json", "--generate", "5"]);
    assert_ne!(code, Some(0));
}

#[test]
fn a_huge_generate_is_refused_with_a_clear_error() {
    for n in ["18446744073709551615", "250001", "1000000"] {
        let (code, out, err) = run_to_end(&["--generate", n]);
        assert_eq!(code, Some(2), "{n}");
        assert!(out.is_empty(), "{n}: nothing served");
        assert!(
            err.contains("--generate") && err.contains("at most 250000 assignments"),
            "{err}"
        );
        assert!(
            err.contains("DataSet::generate"),
            "what to do instead: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_as_data_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("data.json");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for (path, what) in [
        (fifo.display().to_string(), "a FIFO"),
        ("/dev/zero".to_owned(), "a character device"),
    ] {
        let started = Instant::now();
        let (code, out, err) = run_to_end(&["--data", &path]);
        assert_eq!(code, Some(2), "{err}");
        assert!(out.is_empty());
        assert!(err.contains(what) && err.contains("regular file"), "{err}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn the_log_never_shows_a_security_token() {
    const TOKEN: &str = "TOKEN-MUST-NOT-BE-LOGGED";
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("stderr.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut emulator = spawn_with_stderr(&["--addr", "127.0.0.1:0"], Stdio::from(log));
    let request = huawei_sign(
        &emulator.url,
        &accounts_path(&format!(
            "principal_id={}&principal_type=USER",
            demo::HUAWEI_PRINCIPAL_ID
        )),
        demo::HUAWEI_ACCESS_KEY,
        "a-wrong-secret-key",
        Some(demo::HUAWEI_DOMAIN_ID),
        SystemTime::now(),
        &[("x-security-token", TOKEN)],
    );
    let response = request.send().await;
    assert_eq!(response.status(), 401);
    signal(emulator.child.id(), "TERM");
    wait_exit(&mut emulator.child);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("rejected: authentication"), "{log}");
    assert!(log.contains("x-security-token:***"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
}

#[test]
fn help_and_start_up_say_how_to_point_a_client_at_it() {
    let (code, stdout, _) = run_to_end(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains(&format!("HUAWEICLOUD_SDK_AK={}", demo::HUAWEI_ACCESS_KEY)),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("SCP_ACCESS_KEY={}", demo::SCP_ACCESS_KEY)));
    assert!(stdout.contains("idc huawei identitycenter list-instances --endpoint"));
}

#[tokio::test]
async fn start_up_lines_name_the_url_and_the_credentials_without_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("stderr.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut emulator = spawn_with_stderr(&["--addr", "127.0.0.1:0"], Stdio::from(log));
    let url = emulator.url.clone();
    signal(emulator.child.id(), "TERM");
    wait_exit(&mut emulator.child);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains(&format!("serving on {url}")), "{log}");
    assert!(
        log.contains(&format!("export SCP_ACCESS_KEY={}", demo::SCP_ACCESS_KEY)),
        "{log}"
    );
    // IdentityStore is project-scoped: without the project id the exports would not reach it.
    assert!(
        log.contains(&format!(
            "export HUAWEICLOUD_SDK_PROJECT_ID={}",
            demo::HUAWEI_PROJECT_ID
        )),
        "{log}"
    );
    assert!(log.contains(&format!("--endpoint {url}")), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no ANSI codes in a log file: {log:?}"
    );
}

/// The `count` of the SCP demo instance's users, as the emulator at `url` serves it (unsigned).
async fn scp_user_count(url: &str) -> u64 {
    let body = json(
        client()
            .get(format!(
                "{url}/v1/users?instance_id={}&size=1",
                demo::SCP_INSTANCE_ID
            ))
            .header("Scp-ClientType", "Openapi")
            .send()
            .await
            .unwrap(),
    )
    .await;
    body["count"].as_u64().unwrap_or_else(|| panic!("{body}"))
}

#[tokio::test]
async fn serves_a_generated_scp_organization() {
    let emulator = spawn(&["--scp-organization", "access-report", "--no-verify"]);
    assert_eq!(scp_user_count(&emulator.url).await, 500);
    let body = json(
        client()
            .get(format!("{}/v1/organization-accounts?size=1", emulator.url))
            .header("Scp-Api-Version", "organization 1.2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["count"], 100, "{body}");

    let small = spawn(&["--scp-organization", "3,2,4,5,9", "--no-verify"]);
    let body = json(
        client()
            .get(format!(
                "{}/v1/permission-sets?instance_id={}",
                small.url,
                demo::SCP_INSTANCE_ID
            ))
            .header("Scp-ClientType", "Openapi")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body["count"], 5, "{body}");
}

#[tokio::test]
async fn serves_a_generated_huawei_organization_beside_an_scp_one() {
    let emulator = spawn(&[
        "--huawei-organization",
        "7,3,4,5,2",
        "--scp-organization",
        "3,2,4,5,9",
        "--no-verify",
    ]);
    let store = demo::HUAWEI_IDENTITY_STORE_ID;
    let count = |body: &serde_json::Value, field: &str| body[field].as_array().unwrap().len();
    let get = |path: String| {
        let url = format!("{}{path}", emulator.url);
        async move { json(client().get(url).send().await.unwrap()).await }
    };
    let users = get(format!("/v1/identity-stores/{store}/users?limit=100")).await;
    assert_eq!(count(&users, "users"), 7, "{users}");
    let groups = get(format!("/v1/identity-stores/{store}/groups?limit=100")).await;
    assert_eq!(count(&groups, "groups"), 3, "{groups}");
    // Every user is in a group: the generated organization has memberships.
    let user = users["users"][0]["user_id"].as_str().unwrap();
    let memberships = get(format!(
        "/v1/identity-stores/{store}/group-memberships-for-member?user_id={user}&limit=100"
    ))
    .await;
    assert!(
        count(&memberships, "group_memberships") > 0,
        "{memberships}"
    );
    // And the SCP organization beside it.
    assert_eq!(scp_user_count(&emulator.url).await, 3);

    let (code, _, err) = run_to_end(&["--huawei-organization", "1,2"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("expected access-report"), "{err}");
}

#[test]
fn a_bad_scp_organization_shape_is_refused_with_a_clear_error() {
    for (shape, says) in [
        ("1,2,3", "expected access-report"),
        ("1,2,x,4", "accounts \"x\" is not a number"),
        ("2000000,1,1,1", "users 2000000 is more than 1000000"),
        ("250001,1,1,1", "users 250001 is more than 250000"),
        ("1000000,1,1,1", "generate_scp_organization"),
    ] {
        let (code, out, err) = run_to_end(&["--scp-organization", shape]);
        assert_eq!(code, Some(2), "{shape}");
        assert!(out.is_empty());
        assert!(err.contains(says), "{shape}: {err}");
    }
    let (code, _, err) = run_to_end(&["--scp-organization", "access-report", "--generate", "1"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot be used with"), "{err}");
}
