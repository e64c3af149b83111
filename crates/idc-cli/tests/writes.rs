//! The write subcommands end to end against the emulator: body fields as flags (nested objects,
//! lists of objects, enumerations, lists of strings and policy documents), `--cli-input-json` (a
//! file, stdin, flags winning over it, bad input refused with exit 2 before anything is sent) and
//! `--dry-run` (the signed request printed without its secrets, nothing sent).

use idc_emulator::demo;
use serde_json::Value;

mod common;

use common::{Run, Setup, setup};

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
const GET_USER_ID: [&str; 3] = ["huawei", "identitystore", "get-user-id"];

fn by_name(name: &str) -> String {
    format!(r#"{{"unique_attribute":{{"attribute_path":"user_name","attribute_value":"{name}"}}}}"#)
}

/// The `user_id` a successful run printed.
fn user_id(run: &Run) -> String {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    json["user_id"].as_str().unwrap().to_owned()
}

impl Setup {
    /// `get-user-id` of `name` through its flags.
    fn user_id_by_flags(&self, name: &str) -> String {
        user_id(&self.run(
            &GET_USER_ID,
            &[
                "--output",
                "json",
                "--identity-store-id",
                STORE,
                "--alternate-identifier",
                &by_name(name),
            ],
        ))
    }

    /// `get-user-id --cli-input-json -` with `input` on stdin.
    fn with_stdin(&self, input: &str, args: &[&str]) -> Run {
        let mut args = args.to_vec();
        args.extend(["--output", "json", "--cli-input-json", "-"]);
        let output = self
            .cmd(&GET_USER_ID, &args)
            .write_stdin(input)
            .output()
            .unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

#[test]
fn the_whole_request_comes_from_a_file_or_stdin_and_flags_win_over_it() {
    let s = setup();
    let alice = s.user_id_by_flags("alice");
    let bob = s.user_id_by_flags("bob");
    assert_ne!(alice, bob);
    let input = format!(
        r#"{{"identity_store_id": "{STORE}", "alternate_identifier": {}}}"#,
        by_name("alice")
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.json");
    std::fs::write(&file, &input).unwrap();
    let from_file = s.run(
        &GET_USER_ID,
        &[
            "--output",
            "json",
            "--cli-input-json",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        user_id(&from_file),
        alice,
        "the parameter and the body from a file"
    );

    assert_eq!(user_id(&s.with_stdin(&input, &[])), alice, "from stdin");

    // A flag given as well wins over the input's value of the same field.
    let overridden = s.with_stdin(&input, &["--user-name", "bob"]);
    assert_eq!(
        user_id(&overridden),
        bob,
        "--user-name over the input's identifier"
    );
    let overridden = s.with_stdin(&input, &["--alternate-identifier", &by_name("bob")]);
    assert_eq!(user_id(&overridden), bob);
    // A required flag left out may come from the input; the input may leave it to a flag.
    let partial = format!(r#"{{"alternate_identifier": {}}}"#, by_name("bob"));
    let run = s.with_stdin(&partial, &["--identity-store-id", STORE]);
    assert_eq!(user_id(&run), bob);
}

#[test]
fn bad_input_is_a_usage_error_and_nothing_is_sent() {
    let s = setup();
    let before = s.emulator.request_count();
    let cases: &[(&str, &str)] = &[
        ("{\"identity_store_id\": ", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        (
            &format!(r#"{{"identity_store_id": "{STORE}", "alternate_identifer": {{}}}}"#),
            "unknown field \"alternate_identifer\"",
        ),
        (
            &format!(
                r#"{{"identity_store_id": "{STORE}", "alternate_identifier": {{"unique_attribute": {{"attribute_path": "user_name", "attribute_value": "a", "attribute_vaule": "b"}}}}}}"#
            ),
            "unknown field \"unique_attribute.attribute_vaule\"",
        ),
        (
            &format!(
                r#"{{"identity_store_id": 12, "alternate_identifier": {}}}"#,
                by_name("a")
            ),
            "identity_store_id: invalid type",
        ),
        (
            &format!(r#"{{"alternate_identifier": {}}}"#, by_name("a")),
            "--identity-store-id (or \"identity_store_id\" in --cli-input-json)",
        ),
    ];
    for (input, expected) in cases {
        let run = s.with_stdin(input, &[]);
        assert_eq!(run.code, 2, "{input}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{input}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    // A file that is not there, and one over the cap.
    let run = s.run(&GET_USER_ID, &["--cli-input-json", "/no/such/input.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot read /no/such/input.json"),
        "{}",
        run.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.json");
    std::fs::write(&big, " ".repeat(2 << 20)).unwrap();
    let run = s.run(&GET_USER_ID, &["--cli-input-json", big.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = s.with_stdin(&" ".repeat(2 << 20), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("over 1048576 bytes"), "{}", run.stderr);
    // A flag's JSON is checked the same way.
    let run = s.run(
        &GET_USER_ID,
        &[
            "--identity-store-id",
            STORE,
            "--alternate-identifier",
            r#"{"unique_atribute":{}}"#,
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unique_atribute"), "{}", run.stderr);
    // Without the input, the required flags are required as before.
    let run = s.run(&GET_USER_ID, &["--user-name", "alice"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--identity-store-id"), "{}", run.stderr);
    assert_eq!(s.emulator.request_count(), before, "nothing was sent");
}

#[test]
fn a_dry_run_prints_the_signed_request_without_secrets_and_sends_nothing() {
    let s = setup();
    let before = s.emulator.request_count();
    let token = "session-token-that-must-not-show";
    let output = s
        .cmd(
            &GET_USER_ID,
            &[
                "--identity-store-id",
                STORE,
                "--user-name",
                "alice",
                "--dry-run",
            ],
        )
        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", token)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    let url = format!(
        "{}/v1/identity-stores/{STORE}/users/retrieve-user-id",
        s.emulator.base_url()
    );
    assert!(stdout.starts_with(&format!("POST {url}\n")), "{stdout}");
    assert!(stdout.contains("\nauthorization: ***\n"), "{stdout}");
    assert!(stdout.contains("\nx-security-token: ***\n"), "{stdout}");
    assert!(
        stdout.contains(&format!("\nx-project-id: {}\n", demo::HUAWEI_PROJECT_ID)),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"attribute_value\": \"alice\""),
        "{stdout}"
    );
    for secret in [token, demo::HUAWEI_SECRET_KEY] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{stdout}{stderr}"
        );
    }

    // As one JSON object with --output json; a listing is not sent either.
    let run = s.run(
        &GET_USER_ID,
        &[
            "--identity-store-id",
            STORE,
            "--user-name",
            "bob",
            "--dry-run",
            "--output",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["method"], "POST");
    assert_eq!(json["url"], url.as_str());
    assert_eq!(json["headers"]["authorization"], "***");
    assert_eq!(
        json["body"]["alternate_identifier"]["unique_attribute"]["attribute_value"],
        "bob"
    );
    let run = s.run(
        &["scp", "iam-identity-center", "list-users"],
        &["--instance-id", demo::SCP_INSTANCE_ID, "--dry-run"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("GET "), "{}", run.stdout);
    assert!(
        run.stdout.contains("\nscp-signature: ***\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nscp-accesskey: ***\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(demo::SCP_SECRET_KEY), "{}", run.stdout);

    assert_eq!(
        s.emulator.request_count(),
        before,
        "nothing reached the emulator"
    );
}

/// The request a command would send (`--dry-run --output json`), checking nothing was sent.
fn dry_run(s: &Setup, words: &[&str], args: &[&str]) -> Value {
    let before = s.emulator.request_count();
    let mut args = args.to_vec();
    args.extend(["--dry-run", "--output", "json"]);
    let run = s.run(words, &args);
    assert_eq!(run.code, 0, "{words:?}: {}", run.stderr);
    assert_eq!(s.emulator.request_count(), before, "{words:?} sent nothing");
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_write_is_the_same_request_from_its_flags_or_from_its_input() {
    let s = setup();
    let create_user = ["huawei", "identitystore", "create-user"];
    let name = r#"{"family_name":"Zhang","given_name":"San"}"#;
    let emails = r#"[{"primary":true,"type":"Work","value":"zhangsan@example.com"}]"#;
    let by_flags = dry_run(
        &s,
        &create_user,
        &[
            "--identity-store-id",
            STORE,
            "--user-name",
            "zhangsan",
            "--display-name",
            "Zhang San",
            "--name",
            name,
            "--emails",
            emails,
            "--password-mode",
            "OTP",
        ],
    );
    assert_eq!(by_flags["method"], "POST");
    let url = format!("{}/v1/identity-stores/{STORE}/users", s.emulator.base_url());
    assert_eq!(by_flags["url"], url.as_str());
    let body = &by_flags["body"];
    assert_eq!(body["name"]["given_name"], "San", "{body}");
    assert_eq!(body["emails"][0]["value"], "zhangsan@example.com", "{body}");
    assert_eq!(body["user_name"], "zhangsan");

    // The body as the API documents it, and the path parameter, in one input: the same request.
    let mut input = body.clone();
    input["identity_store_id"] = Value::from(STORE);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("user.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let by_input = dry_run(
        &s,
        &create_user,
        &["--cli-input-json", file.to_str().unwrap()],
    );
    assert_eq!(by_input["url"], by_flags["url"]);
    assert_eq!(by_input["body"], by_flags["body"]);

    // An enumeration by value, in any case, spelt as the API does.
    let assignment = dry_run(
        &s,
        &["huawei", "identitycenter", "create-account-assignment"],
        &[
            "--instance-id",
            demo::HUAWEI_INSTANCE_ID,
            "--permission-set-id",
            "ps-15a3140b1e762f64",
            "--principal-id",
            demo::HUAWEI_GROUP_ID,
            "--principal-type",
            "group",
            "--target-id",
            demo::HUAWEI_ACCOUNT_ID,
            "--target-type",
            "account",
        ],
    );
    assert_eq!(assignment["body"]["principal_type"], "GROUP");
    assert_eq!(assignment["body"]["target_type"], "ACCOUNT");
    assert!(
        assignment["url"]
            .as_str()
            .unwrap()
            .ends_with("/account-assignments/create"),
        "{assignment}"
    );
    let run = s.run(
        &["huawei", "identitycenter", "create-account-assignment"],
        &["--principal-type", "ROBOT"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("ROBOT"), "{}", run.stderr);
}

const SCP: [&str; 2] = ["scp", "iam-identity-center"];

/// The groups of the demo SCP instance named `name`.
fn scp_groups_named(s: &Setup, name: &str) -> Vec<Value> {
    s.json(
        &[SCP[0], SCP[1], "list-groups"],
        &["--instance-id", demo::SCP_INSTANCE_ID],
    )
    .into_iter()
    .filter(|g| g["name"] == name)
    .collect()
}

#[test]
fn an_scp_write_goes_through_its_flags_or_its_input_and_every_read_sees_it() {
    let s = setup();
    let users: Vec<String> = s
        .json(
            &[SCP[0], SCP[1], "list-users"],
            &["--instance-id", demo::SCP_INSTANCE_ID, "--max-items", "2"],
        )
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(users.len(), 2);
    let create = [SCP[0], SCP[1], "create-group"];

    // Flags: a list of ids comma-separated.
    let joined = users.join(",");
    let out = s.json(
        &create,
        &[
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--name",
            "cli-flags",
            "--user-uuids",
            &joined,
        ],
    );
    assert_eq!(out[0]["group"]["user_count"], 2, "{}", out[0]);
    let listed = scp_groups_named(&s, "cli-flags");
    assert_eq!(listed.len(), 1, "{listed:?}");

    // The same write from a file, a flag overriding its name.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("group.json");
    let input = serde_json::json!({
        "instance_id": demo::SCP_INSTANCE_ID,
        "name": "cli-file",
        "description": "from a file",
        "user_uuids": [users[0]],
    });
    std::fs::write(&file, input.to_string()).unwrap();
    let out = s.json(
        &create,
        &[
            "--cli-input-json",
            file.to_str().unwrap(),
            "--name",
            "cli-flag-wins",
        ],
    );
    assert_eq!(out[0]["group"]["description"], "from a file");
    assert_eq!(out[0]["group"]["user_count"], 1);
    assert!(scp_groups_named(&s, "cli-file").is_empty());
    assert_eq!(scp_groups_named(&s, "cli-flag-wins").len(), 1);

    // Creating it again is the service's conflict: exit 1, nothing new.
    let run = s.run(
        &create,
        &[
            "--cli-input-json",
            file.to_str().unwrap(),
            "--name",
            "cli-flags",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(scp_groups_named(&s, "cli-flags").len(), 1);
}

#[test]
fn a_policy_document_given_as_a_flag_is_one_value_commas_and_all() {
    let s = setup();
    let before = s.emulator.request_count();
    let policy = r#"{"Version":"1.0","Statement":[{"Effect":"Allow","Action":["a:b","c:d"]}]}"#;
    let run = s.run(
        &[SCP[0], SCP[1], "create-permission-set"],
        &[
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--name",
            "cli-inline",
            "--inline-policies",
            policy,
            "--managed-policies",
            "p-1,p-2",
            "--dry-run",
            "--output",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let request: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(request["method"], "POST");
    assert_eq!(
        request["body"]["inline_policies"],
        serde_json::json!([policy])
    );
    assert_eq!(
        request["body"]["managed_policies"],
        serde_json::json!(["p-1", "p-2"])
    );
    assert_eq!(request["headers"]["scp-signature"], "***");
    assert_eq!(s.emulator.request_count(), before);
}

#[test]
fn a_dry_run_of_a_create_with_a_password_does_not_print_the_password() {
    let s = setup();
    let before = s.emulator.request_count();
    let password = "initial-Passw0rd-that-must-not-show";
    let run = s.run(
        &[SCP[0], SCP[1], "create-user"],
        &[
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--user-id",
            "jdoe",
            "--name",
            "John Doe",
            "--email",
            "jdoe@example.com",
            "--password",
            password,
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains(password) && !run.stderr.contains(password),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains("\"password\": \"***\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\"user_id\": \"jdoe\""),
        "{}",
        run.stdout
    );
    assert_eq!(s.emulator.request_count(), before, "nothing is sent");
}

/// `idc <words> --help` (or `-h`), with an empty home: its standard output.
fn help(words: &[&str], flag: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = assert_cmd::Command::cargo_bin("idc").unwrap();
    let out = cmd
        .env_clear()
        .env("HOME", home.path())
        .args(words)
        .arg(flag);
    let out = out.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_destructive_operation_says_what_it_destroys_in_its_help() {
    // x-idc-destroys of SCP DeleteInstance: a DESTROYS line in --help, a marker in -h and in the
    // service's list of subcommands; an ordinary delete has neither.
    let long = help(&["scp", "iam-identity-center", "delete-instance"], "--help");
    let line = long
        .lines()
        .find(|l| l.starts_with("DESTROYS: "))
        .unwrap_or_else(|| panic!("{long}"));
    assert!(line.contains("the instance and everything in it"), "{line}");
    assert!(long.contains("account assignment"), "{long}");
    let short = help(&["scp", "iam-identity-center", "delete-instance"], "-h");
    assert!(
        short.contains("[destructive]") && !short.contains("DESTROYS"),
        "{short}"
    );
    let list = help(&["scp", "iam-identity-center"], "--help");
    let listed = list
        .lines()
        .find(|l| l.contains("delete-instance"))
        .unwrap();
    assert!(listed.contains("[destructive]"), "{listed}");
    assert_eq!(list.matches("[destructive]").count(), 1, "{list}");
    let ordinary = help(&["scp", "iam-identity-center", "delete-group"], "--help");
    assert!(!ordinary.contains("DESTROYS") && !ordinary.contains("[destructive]"));
}
