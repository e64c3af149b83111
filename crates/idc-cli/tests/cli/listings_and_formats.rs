//! Listings of both clouds in every output format, with filters, limits and API versions.

use super::*;

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
