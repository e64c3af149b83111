//! `idc scp <service> <operation>` end to end against the emulator: every SCP operation of both
//! services at page sizes 1 and 2, every API version, the version lists, 404s, and the walk from
//! nothing to names, feeding the ids each step prints into the next.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use assert_cmd::Command;
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use predicates::prelude::*;
use serde_json::Value;

/// 2026-01-10: before every iam-identity-center Not Before date.
const DAY_BEFORE_EVERY_NOT_BEFORE_SECS: u64 = 1_768_003_200;

struct Setup {
    emulator: RunningEmulator,
    home: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

/// The demo data on the real clock, signatures checked.
fn setup() -> Setup {
    start(Emulator::builder().data(DataSet::demo()))
}

/// The demo data on 2026-01-10, so that every API version still works whatever the real date;
/// signatures are not checked (the CLI signs with the real time: the signature checks have their
/// own tests). The CLI sends older versions with `--allow-expired-api-version`.
fn setup_dated() -> Setup {
    let clock = idc::clock::ManualClock::new(
        UNIX_EPOCH + Duration::from_secs(DAY_BEFORE_EVERY_NOT_BEFORE_SECS),
    );
    start(
        Emulator::builder()
            .data(DataSet::demo())
            .clock(Arc::new(clock))
            .verify_signatures(false),
    )
}

fn start(builder: idc_emulator::EmulatorBuilder) -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime.block_on(builder.start()).unwrap();
    Setup {
        emulator,
        home: tempfile::tempdir().unwrap(),
        _runtime: runtime,
    }
}

impl Setup {
    /// `idc scp <service> <operation> --endpoint <emulator> --output json <args>` with the demo
    /// credentials and nothing else in the environment.
    fn scp(&self, service: &str, operation: &str, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("idc").unwrap();
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
            .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY)
            .args(["scp", service, operation, "--endpoint"])
            .arg(self.emulator.base_url())
            .args(["--output", "json"])
            .args(args);
        cmd
    }

    /// The JSON lines an operation prints.
    fn lines(&self, service: &str, operation: &str, args: &[&str]) -> Vec<Value> {
        let output = self.scp(service, operation, args).output().unwrap();
        assert!(
            output.status.success(),
            "{operation} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The lines at the default page size, checked to be the same at page sizes 1 and 2.
    fn at_sizes(&self, service: &str, operation: &str, args: &[&str]) -> Vec<Value> {
        let all = self.lines(service, operation, args);
        for size in ["1", "2"] {
            let mut sized = args.to_vec();
            sized.extend(["--page-size", size]);
            assert_eq!(
                self.lines(service, operation, &sized),
                all,
                "{operation} at page size {size}"
            );
        }
        all
    }
}

const IIC: &str = "iam-identity-center";
const ORG: &str = "organization";

fn field<'a>(items: &'a [Value], name: &str) -> Vec<&'a str> {
    items.iter().map(|i| i[name].as_str().unwrap()).collect()
}

#[test]
fn the_walk_from_nothing_to_names() {
    let s = setup();
    // 1. Instances.
    let instances = s.at_sizes(IIC, "list-instances", &[]);
    let instance = instances
        .iter()
        .find(|i| i["name"] == "Samsung SSO")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(instance, demo::SCP_INSTANCE_ID);
    let shown = s.lines(IIC, "show-instance", &["--instance-id", &instance]);
    assert_eq!(shown[0]["instance"]["id"], instance.as_str());

    // 2. A user, by login ID.
    let users = s.at_sizes(
        IIC,
        "list-users",
        &[
            "--instance-id",
            &instance,
            "--user-id",
            demo::SCP_USER_LOGIN_ID,
        ],
    );
    assert_eq!(users.len(), 1);
    let user = users[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(users[0]["name"], demo::SCP_USER_NAME);

    // 3. The user's groups, and each group's members.
    let shown = s.lines(
        IIC,
        "show-user",
        &["--instance-id", &instance, "--user-uuid", &user],
    );
    let groups: Vec<(String, String)> = shown[0]["user"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_owned(),
                g["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        groups
            .iter()
            .any(|(_, name)| name == demo::SCP_PRINCIPAL_NAME)
    );
    let listed = s.at_sizes(IIC, "list-groups", &["--instance-id", &instance]);
    assert_eq!(listed.len(), demo::SCP_GROUPS);
    let outside = s.lines(
        IIC,
        "list-groups",
        &["--instance-id", &instance, "--excluded-user-uuid", &user],
    );
    assert_eq!(outside.len(), demo::SCP_GROUPS - groups.len());
    for (group, name) in &groups {
        let by_name = s.lines(
            IIC,
            "list-groups",
            &["--instance-id", &instance, "--name", name],
        );
        assert_eq!(field(&by_name, "id"), [group.as_str()]);
    }
    for (group, name) in &groups {
        let members = s.at_sizes(
            IIC,
            "list-group-users",
            &["--instance-id", &instance, "--group-id", group],
        );
        assert!(field(&members, "id").contains(&user.as_str()), "{name}");
        let shown = s.lines(
            IIC,
            "show-group",
            &["--instance-id", &instance, "--group-id", group],
        );
        assert_eq!(shown[0]["group"]["name"], name.as_str());
        assert_eq!(shown[0]["group"]["user_count"], members.len());
    }

    // 4. Permission sets and their policies.
    let sets = s.at_sizes(IIC, "list-permission-sets", &["--instance-id", &instance]);
    assert_eq!(sets.len(), demo::SCP_PERMISSION_SETS);
    let mut set_names = std::collections::HashMap::new();
    for set in &sets {
        let id = set["id"].as_str().unwrap();
        set_names.insert(id.to_owned(), set["name"].as_str().unwrap().to_owned());
        let policies = s.at_sizes(
            IIC,
            "list-permission-set-policies",
            &["--instance-id", &instance, "--permission-set-id", id],
        );
        assert!(!policies.is_empty());
        assert!(policies.iter().any(|p| p["category"] == "MANAGED_POLICY"));
        let shown = s.lines(
            IIC,
            "show-permission-set",
            &["--instance-id", &instance, "--permission-set-id", id],
        );
        assert_eq!(shown[0]["name"], set["name"]);
    }

    // 5. The organization's accounts, and the assignments on each, by name.
    let accounts = s.at_sizes(ORG, "list-accounts", &[]);
    assert_eq!(accounts.len(), demo::SCP_ACCOUNTS);
    let mut seen = 0;
    for account in &accounts {
        let id = account["id"].as_str().unwrap();
        let shown = s.lines(ORG, "show-account", &["--account-id", id]);
        assert_eq!(shown[0]["account"]["name"], account["name"]);
        // `lazy_policy` defaults to true on the service: no flag, no parameter, and the control
        // policies come along; `--lazy-policy false` leaves them out.
        assert!(
            shown[0]["account"]["control_policies"].is_array(),
            "{}",
            shown[0]
        );
        let lazy = s.lines(
            ORG,
            "show-account",
            &["--account-id", id, "--lazy-policy", "false"],
        );
        assert!(
            lazy[0]["account"].get("control_policies").is_none()
                || lazy[0]["account"]["control_policies"].is_null(),
            "{}",
            lazy[0]
        );
        let args = [
            "--instance-id",
            instance.as_str(),
            "--target-account-id",
            id,
        ];
        let assignments = if id == demo::SCP_OTHER_ACCOUNT_ID {
            s.at_sizes(IIC, "list-account-assignments", &args)
        } else {
            s.lines(IIC, "list-account-assignments", &args)
        };
        for a in &assignments {
            assert_eq!(a["target_account_name"], account["name"]);
            assert_eq!(a["target_account_email"], account["email"]);
            // Every principal has a name but the user deleted outside the API.
            assert_eq!(
                a["principal_name"].as_str().unwrap().is_empty(),
                a["principal_id"] == demo::SCP_DELETED_USER_ID,
                "{a}"
            );
            for set in a["permission_sets"].as_array().unwrap() {
                let id = set["permission_set_id"].as_str().unwrap();
                assert_eq!(set["permission_set_name"], set_names[id].as_str());
            }
        }
        seen += assignments.len();
        if id == demo::SCP_TARGET_ACCOUNT_ID {
            assert_eq!(assignments.len(), demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS);
            // The user found in step 2 is among them, by name.
            assert!(
                assignments
                    .iter()
                    .any(|a| a["principal_id"] == user.as_str()
                        && a["principal_name"] == demo::SCP_USER_NAME)
            );
        }
    }
    assert_eq!(
        seen,
        demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS + demo::SCP_OTHER_ACCOUNT_ASSIGNMENTS
    );
}

#[test]
fn organization_list_accounts_pages_one_request_per_page() {
    let s = setup();
    let all = s.at_sizes(ORG, "list-accounts", &[]);
    assert_eq!(field(&all, "name")[1], demo::SCP_TARGET_ACCOUNT_NAME);
    s.emulator.clear_requests();
    s.lines(ORG, "list-accounts", &["--page-size", "2"]);
    let requests = s.emulator.requests();
    assert_eq!(requests.len(), demo::SCP_ACCOUNTS.div_ceil(2));
    assert!(
        requests
            .iter()
            .all(|r| r.header("scp-api-version") == Some("organization 1.2"))
    );
    // Filters and sort from the command line.
    let named = s.lines(ORG, "list-accounts", &["--type", "MEMBER"]);
    assert_eq!(field(&named, "name"), ["Dev Account"]);
    let sorted = s.lines(
        ORG,
        "list-accounts",
        &["--sort", "name:desc", "--page-size", "2"],
    );
    let mut names: Vec<&str> = field(&all, "name");
    names.sort_unstable();
    names.reverse();
    assert_eq!(field(&sorted, "name"), names);
}

#[test]
fn every_version_of_both_services_from_the_command_line() {
    let s = setup_dated();
    for version in ["1.0", "1.1", "1.2", "1.3", "1.4"] {
        s.emulator.clear_requests();
        let shown = s.lines(
            IIC,
            "show-instance",
            &[
                "--instance-id",
                demo::SCP_INSTANCE_ID,
                "--api-version",
                version,
                "--allow-expired-api-version",
            ],
        );
        let instance = shown[0]["instance"].as_object().unwrap();
        let newer = version >= "1.3";
        assert_eq!(instance.contains_key("public_ip"), newer, "{version}");
        let sets = s.lines(
            IIC,
            "list-permission-sets",
            &[
                "--instance-id",
                demo::SCP_INSTANCE_ID,
                "--api-version",
                version,
                "--allow-expired-api-version",
                "--page-size",
                "2",
            ],
        );
        let custom = if version >= "1.2" {
            "custom_policies"
        } else {
            "customer_policies"
        };
        assert!(sets.iter().all(|p| p.get(custom).is_some()), "{version}");
        for request in s.emulator.requests() {
            assert_eq!(
                request.header("scp-api-version"),
                Some(format!("iam-identity-center {version}").as_str())
            );
        }
    }
    // Organization documents one version.
    for version in ["1.2"] {
        s.emulator.clear_requests();
        let accounts = s.lines(
            ORG,
            "list-accounts",
            &[
                "--api-version",
                version,
                "--allow-expired-api-version",
                "--page-size",
                "1",
            ],
        );
        assert_eq!(accounts.len(), demo::SCP_ACCOUNTS, "{version}");
        for request in s.emulator.requests() {
            assert_eq!(
                request.header("scp-api-version"),
                Some(format!("organization {version}").as_str())
            );
        }
    }
}

#[test]
fn an_undocumented_organization_version_is_refused_before_anything_is_sent() {
    let s = setup_dated();
    // Organization documents 1.2 only: 1.0 is not in its table, opt-in or not.
    s.scp(
        ORG,
        "list-accounts",
        &["--api-version", "1.0", "--allow-expired-api-version"],
    )
    .assert()
    .code(2)
    .stderr(predicate::str::contains("1.0"));
    assert_eq!(s.emulator.request_count(), 0);
}

#[test]
fn versions_of_both_services_match_the_compiled_tables() {
    // On 2026-01-10 no version is past its date: the service announces its whole table.
    let s = setup_dated();
    for (service, table) in [
        (IIC, idc::scp::versions::IAM_IDENTITY_CENTER.table),
        (ORG, idc::scp::versions::ORGANIZATION.table),
    ] {
        for operation in ["versions", "list-versions"] {
            let lines = s.lines(service, operation, &[]);
            let versions = lines[0]["versions"].as_array().unwrap();
            let ids: Vec<String> = versions
                .iter()
                .map(|v| v["id"].as_str().unwrap().to_owned())
                .collect();
            let expected: Vec<String> = table
                .iter()
                .map(|v| format!("v{}.{}", v.major, v.minor))
                .collect();
            assert_eq!(ids, expected, "{service} {operation}");
            for (v, info) in versions.iter().zip(table) {
                assert_eq!(v["status"], info.status.as_str());
            }
        }
    }
}

#[test]
fn unknown_ids_are_errors_with_the_service_message() {
    let s = setup();
    for (service, operation, args) in [
        (IIC, "show-instance", vec!["--instance-id", "ssoins-0"]),
        (
            IIC,
            "show-user",
            vec![
                "--instance-id",
                demo::SCP_INSTANCE_ID,
                "--user-uuid",
                "nobody",
            ],
        ),
        (IIC, "list-groups", vec!["--instance-id", "ssoins-0"]),
        (ORG, "show-account", vec!["--account-id", "acct-0"]),
        (
            IIC,
            "list-account-assignments",
            vec![
                "--instance-id",
                demo::SCP_INSTANCE_ID,
                "--target-account-id",
                "acct-0",
            ],
        ),
    ] {
        s.scp(service, operation, &args)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(
                predicate::str::contains("404").and(predicate::str::contains("does not exist")),
            );
    }
}
