//! Table and CSV output end to end against the emulator's demo data: one-object answers shown as
//! their fields, lists inside an answer as tables, `--columns` on both, columns read off items
//! whose type names none, and failures before the first page that write nothing and claim no
//! incomplete output.

use idc_emulator::{Fault, FaultPlan, demo};
use serde_json::Value;

mod common;

use common::setup;

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;
/// A permission set of the demo data without a custom policy, and one with.
const NO_POLICY: &str = "AdministratorAccess";
const WITH_POLICY: &str = "SecurityAudit";

/// The value of `field` in a FIELD / VALUE table.
fn field<'a>(table: &'a str, field: &str) -> Option<&'a str> {
    table.lines().find_map(|l| {
        let (name, value) = l.split_once("  ")?;
        (name == field).then(|| value.trim())
    })
}

const SHOW_ACCOUNT: [&str; 3] = ["scp", "organization", "show-account"];

#[test]
fn a_shown_account_is_its_fields_not_its_parent_unit_s_name() {
    let s = setup();
    let account = ["--account-id", demo::SCP_TARGET_ACCOUNT_ID];
    let json = s.json(&SHOW_ACCOUNT, &account);
    assert_eq!(json.len(), 1);
    assert!(json[0]["account"].is_object(), "JSON keeps the wrapper");

    let table = s.ok(
        &SHOW_ACCOUNT,
        &[&account[..], &["--output", "table"]].concat(),
    );
    assert!(table.starts_with("FIELD "), "{table}");
    assert_eq!(field(&table, "name"), Some(demo::SCP_TARGET_ACCOUNT_NAME));
    assert_eq!(field(&table, "id"), Some(demo::SCP_TARGET_ACCOUNT_ID));
    assert_eq!(field(&table, "email"), Some(demo::SCP_TARGET_ACCOUNT_EMAIL));
    assert_eq!(field(&table, "parent_unit_name"), Some("Root"));
    assert!(!table.lines().any(|l| l.trim().is_empty()), "{table}");

    let csv = s.ok(
        &SHOW_ACCOUNT,
        &[&account[..], &["--output", "csv"]].concat(),
    );
    // Read as CSV: a cell holding a list (the account's control policies) is quoted.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "a header and one row: {csv}");
    let row = &rows[0];
    assert_eq!(header.len(), row.len());
    let at = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(at("id"), demo::SCP_TARGET_ACCOUNT_ID);
    assert_eq!(at("name"), demo::SCP_TARGET_ACCOUNT_NAME);

    // --columns applies to one object too, in the order given.
    let picked = s.ok(
        &SHOW_ACCOUNT,
        &[&account[..], &["--output", "csv", "--columns", "id,name"]].concat(),
    );
    assert_eq!(
        picked,
        format!(
            "id,name\n{},{}\n",
            demo::SCP_TARGET_ACCOUNT_ID,
            demo::SCP_TARGET_ACCOUNT_NAME
        )
    );
    let picked = s.ok(
        &SHOW_ACCOUNT,
        &[&account[..], &["--output", "table", "--columns", "name"]].concat(),
    );
    assert_eq!(
        picked,
        format!("FIELD  VALUE\nname   {}\n", demo::SCP_TARGET_ACCOUNT_NAME)
    );
}

#[test]
fn a_described_permission_set_is_a_field_value_table_and_columns_are_checked() {
    let s = setup();
    let id = s.permission_set(WITH_POLICY);
    let words = ["huawei", "identitycenter", "describe-permission-set"];
    let args = ["--instance-id", INSTANCE, "--permission-set-id", &id];
    let table = s.ok(&words, &[&args[..], &["--output", "table"]].concat());
    assert_eq!(field(&table, "name"), Some(WITH_POLICY));
    assert_eq!(field(&table, "permission_set_id"), Some(id.as_str()));
    assert!(field(&table, "session_duration").is_some(), "{table}");

    // The type names its fields: a name it lacks is a usage error, before anything is printed.
    let run = s.run(
        &words,
        &[&args[..], &["--output", "table", "--columns", "name,nmae"]].concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unknown column \"nmae\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("permission_set_id"),
        "the valid columns are listed: {}",
        run.stderr
    );
}

#[test]
fn membership_results_and_described_users_are_tables_with_a_column_per_field() {
    let s = setup();
    let groups = s.json(
        &["huawei", "identitystore", "list-groups"],
        &["--identity-store-id", STORE],
    );
    let member_of = s.json(
        &[
            "huawei",
            "identitystore",
            "list-group-memberships-for-member",
        ],
        &[
            "--identity-store-id",
            STORE,
            "--user-id",
            demo::HUAWEI_PRINCIPAL_ID,
        ],
    );
    let in_group = |g: &Value| member_of.iter().any(|m| m["group_id"] == g["group_id"]);
    let yes = groups.iter().find(|g| in_group(g)).unwrap();
    let no = groups.iter().find(|g| !in_group(g)).unwrap();
    let (yes, no) = (
        yes["group_id"].as_str().unwrap(),
        no["group_id"].as_str().unwrap(),
    );
    let words = ["huawei", "identitystore", "is-member-in-groups"];
    let member = format!("{{\"user_id\":\"{}\"}}", demo::HUAWEI_PRINCIPAL_ID);
    let args = [
        "--identity-store-id",
        STORE,
        "--group-ids",
        yes,
        "--group-ids",
        no,
        "--member-id",
        &member,
    ];
    let table = s.ok(&words, &[&args[..], &["--output", "table"]].concat());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["GROUP_ID", "MEMBER_ID.USER_ID", "MEMBERSHIP_EXISTS"]
    );
    let answer = |group: &str| {
        let line = lines.iter().find(|l| l.starts_with(group)).unwrap();
        line.split_whitespace().last().unwrap().to_owned()
    };
    assert_eq!(answer(yes), "true", "{table}");
    assert_eq!(answer(no), "false", "{table}");
    let csv = s.ok(
        &words,
        &[
            &args[..],
            &["--output", "csv", "--columns", "group_id,membership_exists"],
        ]
        .concat(),
    );
    assert_eq!(
        csv,
        format!("group_id,membership_exists\n{yes},true\n{no},false\n")
    );

    let users = s.ok(
        &["huawei", "identitystore", "describe-users"],
        &[
            "--identity-store-id",
            STORE,
            "--user-ids",
            demo::HUAWEI_PRINCIPAL_ID,
            "--output",
            "csv",
            "--columns",
            "user_id,user_name,name.formatted",
        ],
    );
    assert_eq!(
        users,
        format!(
            "user_id,user_name,name.formatted\n{},{},Alice Wang\n",
            demo::HUAWEI_PRINCIPAL_ID,
            demo::HUAWEI_USER_NAME
        )
    );
}

#[test]
fn an_absent_custom_policy_prints_nothing_and_says_so() {
    let s = setup();
    let words = [
        "huawei",
        "identitycenter",
        "get-custom-policy-for-permission-set",
    ];
    let none = s.permission_set(NO_POLICY);
    for format in ["table", "csv"] {
        let run = s.run(
            &words,
            &[
                "--instance-id",
                INSTANCE,
                "--permission-set-id",
                &none,
                "--output",
                format,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, "", "{format}: no blank line, no empty cell");
        assert!(
            run.stderr.contains("note: the answer has no custom_policy"),
            "{}",
            run.stderr
        );
    }
    let some = s.permission_set(WITH_POLICY);
    let table = s.ok(
        &words,
        &[
            "--instance-id",
            INSTANCE,
            "--permission-set-id",
            &some,
            "--output",
            "table",
        ],
    );
    assert!(
        field(&table, "custom_policy").is_some_and(|p| p.contains("cts:*:get*")),
        "{table}"
    );
}

#[test]
fn permission_set_policies_get_columns_from_their_fields() {
    let s = setup();
    let words = ["scp", "iam-identity-center", "list-permission-set-policies"];
    let sets = s.json(
        &["scp", "iam-identity-center", "list-permission-sets"],
        &["--instance-id", demo::SCP_INSTANCE_ID],
    );
    let set = sets
        .iter()
        .find(|p| p["name"] == "AdministratorAccess")
        .unwrap();
    let args = [
        "--instance-id",
        demo::SCP_INSTANCE_ID,
        "--permission-set-id",
        set["id"].as_str().unwrap(),
    ];
    let policies = s.json(&words, &args);
    assert!(policies.len() >= 2, "the demo set has policies");

    let csv = s.ok(&words, &[&args[..], &["--output", "csv"]].concat());
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), policies.len() + 1, "{csv}");
    let header: Vec<&str> = lines[0].split(',').collect();
    assert!(header.contains(&"id") && header.contains(&"name"), "{csv}");
    for (line, policy) in lines[1..].iter().zip(&policies) {
        assert!(
            line.contains(policy["id"].as_str().unwrap()),
            "{line} is {policy}"
        );
    }

    let table = s.ok(&words, &[&args[..], &["--output", "table"]].concat());
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), policies.len() + 1, "{table}");
    assert!(
        lines[0].starts_with("CATEGORY") || lines[0].contains("ID"),
        "{table}"
    );
    assert!(
        lines.iter().all(|l| !l.trim().is_empty()),
        "no blank rows: {table}"
    );
    for policy in &policies {
        let name = policy["name"].as_str().unwrap();
        assert!(table.contains(name), "{name} in {table}");
    }

    // Items kept as sent name no fields to check a column against: it is noted, not refused.
    let run = s.run(
        &words,
        &[&args[..], &["--output", "csv", "--columns", "name,nmae"]].concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("name,nmae\n"), "{}", run.stdout);
    assert!(
        run.stderr.contains("no item has the column \"nmae\""),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_column_of_a_listing_is_a_usage_error_before_any_request() {
    let s = setup();
    let run = s.run(
        &["scp", "iam-identity-center", "list-account-assignments"],
        &[
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--target-account-id",
            demo::SCP_TARGET_ACCOUNT_ID,
            "--output",
            "csv",
            "--columns",
            "principal_nme",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("unknown column \"principal_nme\"")
            && run.stderr.contains("principal_name"),
        "{}",
        run.stderr
    );
    assert_eq!(s.emulator.request_count(), 0, "nothing was sent");
}

/// The arguments of a Huawei listing of the demo data.
const LIST_SETS: [&str; 3] = ["huawei", "identitycenter", "list-permission-sets"];

#[test]
fn a_listing_that_fails_at_once_writes_nothing_and_claims_no_incomplete_output() {
    let s = setup();
    // A 404: not transient, nothing written.
    for format in ["table", "csv", "json"] {
        let run = s.run(
            &LIST_SETS,
            &["--instance-id", "ins-0000000000000000", "--output", format],
        );
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.stdout, "", "{format}: no header before the first page");
        assert!(!run.stderr.contains("stopped after"), "{}", run.stderr);
        assert!(
            !run.stderr.contains("run the command again"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("error: "), "{}", run.stderr);
    }
    // Credentials missing: a configuration error (exit 2), equally quiet about output.
    let output = s
        .cmd(
            &LIST_SETS,
            &["--instance-id", INSTANCE, "--output", "table"],
        )
        .env_remove("HUAWEICLOUD_SDK_AK")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("stopped after"), "{stderr}");
    assert!(!stderr.contains("run the command again"), "{stderr}");

    // A failure that may pass (503 on every attempt): the hint to try again, after the error.
    s.emulator
        .set_faults(FaultPlan::new(1).always(Fault::Status {
            status: 503,
            retry_after: Some(0),
        }));
    let run = s.run(
        &LIST_SETS,
        &["--instance-id", INSTANCE, "--output", "table"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(!run.stderr.contains("stopped after"), "{}", run.stderr);
    let error = run.stderr.find("error: ").unwrap();
    let hint = run
        .stderr
        .find("hint: the failure may be temporary")
        .unwrap();
    assert!(error < hint, "the hint follows the error: {}", run.stderr);
}

#[test]
fn a_listing_that_fails_part_way_keeps_what_arrived_and_says_so() {
    let s = setup();
    // The second page fails for good: the first is written, with its table header.
    s.fail_from_the_second_request();
    let run = s.run(
        &LIST_SETS,
        &[
            "--instance-id",
            INSTANCE,
            "--output",
            "table",
            "--page-size",
            "2",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 3, "{}", run.stdout);
    assert!(
        run.stderr.contains("stopped after 2 items in 1 pages"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--starting-token"), "{}", run.stderr);
}
