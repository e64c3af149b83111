//! `idc audit` end to end against the embedded emulator's demo data (which holds findings of
//! every rule that applies to its cloud): the output formats, `--fail-on` exit codes, the
//! baseline (accepted, expired, unmatched), `--rules`/`--skip-rules` making only the reads they
//! need, usage errors before any request, and server text escaped.

use std::path::Path;

use assert_cmd::Command;
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use predicates::prelude::*;
use serde_json::Value;

struct Setup {
    emulator: RunningEmulator,
    home: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn setup(data: DataSet) -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime
        .block_on(Emulator::builder().data(data).start())
        .unwrap();
    Setup {
        emulator,
        home: tempfile::tempdir().unwrap(),
        _runtime: runtime,
    }
}

impl Setup {
    fn audit(&self, cloud: &str) -> Command {
        let mut cmd = Command::cargo_bin("idc").unwrap();
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID)
            .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
            .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY)
            .args(["audit", cloud, "--endpoint", self.emulator.base_url()]);
        let instance = match cloud {
            "huawei" => demo::HUAWEI_INSTANCE_ID,
            _ => demo::SCP_INSTANCE_ID,
        };
        cmd.args(["--instance-id", instance]);
        cmd
    }

    /// The paths of the requests the emulator received.
    fn paths(&self) -> Vec<String> {
        self.emulator
            .requests()
            .into_iter()
            .map(|r| r.path)
            .collect()
    }
}

/// A JSON-lines audit: (header, findings, trailer), the header and trailer checked.
fn parse(stdout: &[u8]) -> (Value, Vec<Value>, Value) {
    let text = std::str::from_utf8(stdout).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 2, "a header and a trailer: {text}");
    let trailer = lines.pop().unwrap();
    let header = lines.remove(0);
    assert_eq!(header["idc_audit"], "header");
    assert_eq!(trailer["idc_audit"], "trailer");
    assert_eq!(trailer["complete"], true);
    assert_eq!(trailer["findings"], lines.len());
    for finding in &lines {
        assert!(finding.get("idc_audit").is_none(), "{finding}");
    }
    (header, lines, trailer)
}

fn rule_status<'a>(trailer: &'a Value, rule: &str) -> &'a Value {
    trailer["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap_or_else(|| panic!("{rule} missing from {trailer}"))
}

fn rules_found(findings: &[Value]) -> std::collections::BTreeSet<String> {
    findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn huawei_jsonl_has_every_rule_and_says_what_could_not_be_evaluated() {
    let s = setup(DataSet::demo());
    let out = s
        .audit("huawei")
        .args(["--output", "jsonl"])
        .assert()
        .success();
    let (header, findings, trailer) = parse(&out.get_output().stdout);
    assert_eq!(header["cloud"], "huawei");
    assert_eq!(header["rules"].as_array().unwrap().len(), 9);
    assert!(!findings.is_empty());
    for f in &findings {
        let fingerprint = f["fingerprint"].as_str().unwrap();
        assert!(fingerprint.starts_with(f["rule"].as_str().unwrap()), "{f}");
        assert!(["low", "medium", "high"].contains(&f["severity"].as_str().unwrap()));
        assert!(f["expired_acceptance"].is_null());
    }
    // Highest severity first.
    let rank = |f: &Value| match f["severity"].as_str().unwrap() {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    assert!(findings.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])));
    // Huawei has no last sign-in: IDC005 is not evaluated, visibly, on stderr too.
    let idc005 = rule_status(&trailer, "IDC005");
    assert_eq!(idc005["status"], "not_evaluated");
    assert!(idc005["reason"].as_str().unwrap().contains("sign-in"));
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("warning: IDC005 could not be evaluated"),
        "{stderr}"
    );
    assert!(trailer["baseline"].is_null());
}

#[test]
fn scp_rules_that_do_not_apply_or_cannot_be_told_say_so() {
    let s = setup(DataSet::demo());
    let out = s
        .audit("scp")
        .args(["--output", "jsonl"])
        .assert()
        .success();
    let (header, _, trailer) = parse(&out.get_output().stdout);
    assert_eq!(header["cloud"], "scp");
    for rule in ["IDC007", "IDC008"] {
        assert_eq!(rule_status(&trailer, rule)["status"], "not_applicable");
    }
    for rule in ["IDC003", "IDC004"] {
        assert_eq!(rule_status(&trailer, rule)["status"], "not_evaluated");
    }
    let table = s
        .audit("scp")
        .args(["--output", "table"])
        .assert()
        .success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("idc audit: scp instance ssoins-12345: "),
        "{text}"
    );
    assert!(text.contains("\nRULES\n"));
    assert!(text.contains("IDC004  high    NOT EVALUATED"), "{text}");
}

#[test]
fn fail_on_exits_1_only_when_a_finding_at_or_above_it_remains() {
    let s = setup(DataSet::demo());
    // IDC009 finds only low findings; the demo holds at least one.
    let out = s
        .audit("scp")
        .args(["--rules", "IDC009", "--output", "jsonl"])
        .assert()
        .success();
    let (_, findings, _) = parse(&out.get_output().stdout);
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["severity"] == "low"));
    for (threshold, code) in [("low", 1), ("medium", 0), ("high", 0)] {
        let run = s
            .audit("scp")
            .args([
                "--rules",
                "IDC009",
                "--output",
                "csv",
                "--fail-on",
                threshold,
            ])
            .assert()
            .code(code);
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
        assert_eq!(
            stderr.contains(&format!("at or above {threshold} (--fail-on {threshold})")),
            code == 1,
            "{threshold}: {stderr}"
        );
    }
    // A high finding fails every threshold.
    s.audit("huawei")
        .args(["--rules", "IDC002", "--output", "csv", "--fail-on", "high"])
        .assert()
        .code(1);
}

fn write_yaml(path: &Path, value: &serde_yaml_ng::Value) {
    std::fs::write(path, serde_yaml_ng::to_string(value).unwrap()).unwrap();
}

#[test]
fn a_baseline_accepts_counts_expired_acceptances_again_and_lists_the_unmatched() {
    let s = setup(DataSet::demo());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("baseline.yaml");
    let first = s
        .audit("huawei")
        .args(["--output", "jsonl", "--write-baseline"])
        .arg(&file)
        .assert()
        .success();
    let (_, findings, _) = parse(&first.get_output().stdout);
    let written: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let accepted = written["accepted"].as_sequence().unwrap().clone();
    assert_eq!(accepted.len(), findings.len(), "one acceptance a finding");

    // Every finding accepted: nothing reported, nothing fails.
    let out = s
        .audit("huawei")
        .args(["--output", "jsonl", "--fail-on", "low", "--baseline"])
        .arg(&file)
        .assert()
        .success();
    let (_, reported, trailer) = parse(&out.get_output().stdout);
    assert!(reported.is_empty(), "{reported:?}");
    assert_eq!(
        trailer["baseline"]["accepted"].as_array().unwrap().len(),
        findings.len()
    );

    // One acceptance expired, one matching nothing.
    let expired_fp = accepted[0]["fingerprint"].as_str().unwrap().to_owned();
    let mut edited = accepted.clone();
    edited[0]["expires"] = "2020-01-31".into();
    edited[0]["reason"] = "temporary, until the migration".into();
    let mut unmatched = serde_yaml_ng::Mapping::new();
    unmatched.insert("fingerprint".into(), "IDC001-0000000000000000".into());
    unmatched.insert("reason".into(), "a user deleted long ago".into());
    unmatched.insert("expires".into(), "2099-12-31".into());
    edited.push(serde_yaml_ng::Value::Mapping(unmatched));
    let mut root = serde_yaml_ng::Mapping::new();
    root.insert("accepted".into(), serde_yaml_ng::Value::Sequence(edited));
    write_yaml(&file, &serde_yaml_ng::Value::Mapping(root));

    let out = s
        .audit("huawei")
        .args(["--output", "jsonl", "--fail-on", "low", "--baseline"])
        .arg(&file)
        .assert()
        .code(1);
    let (_, reported, trailer) = parse(&out.get_output().stdout);
    assert_eq!(
        reported.len(),
        1,
        "only the finding whose acceptance expired"
    );
    assert_eq!(reported[0]["fingerprint"], expired_fp.as_str());
    assert_eq!(reported[0]["expired_acceptance"]["expires"], "2020-01-31");
    let baseline = &trailer["baseline"];
    assert_eq!(
        baseline["accepted"].as_array().unwrap().len(),
        findings.len() - 1
    );
    assert_eq!(baseline["expired"][0]["fingerprint"], expired_fp.as_str());
    assert_eq!(baseline["unmatched"].as_array().unwrap().len(), 1);
    assert_eq!(
        baseline["unmatched"][0]["fingerprint"],
        "IDC001-0000000000000000"
    );
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("the baseline accepts IDC001-0000000000000000, which matches no finding"),
        "{stderr}"
    );

    // The table says the same.
    let table = s
        .audit("huawei")
        .args(["--output", "table", "--baseline"])
        .arg(&file)
        .assert()
        .success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(text.contains(&format!(
        "BASELINE: {} accepted, 1 expired (counted again), 1 matching nothing",
        findings.len() - 1
    )));
    assert!(text.contains("the acceptance expired, so it counts again"));
    assert!(text.contains("matches nothing (delete it from the file) IDC001-0000000000000000"));

    // Writing the baseline again keeps the acceptances it had (reason and date).
    s.audit("huawei")
        .args(["--output", "csv", "--baseline"])
        .arg(&file)
        .arg("--write-baseline")
        .arg(&file)
        .assert()
        .success();
    let rewritten = std::fs::read_to_string(&file).unwrap();
    assert!(rewritten.contains("temporary, until the migration"));
    assert!(
        !rewritten.contains("IDC001-0000000000000000"),
        "what matches nothing is dropped"
    );
}

#[test]
fn only_the_reads_the_selected_rules_need_are_made() {
    let huawei_reads = [
        ("/users/retrieve-mfa-devices", "IDC004"),
        ("/managed-policies", "IDC002"),
        ("/custom-policy", "IDC002"),
    ];
    // IDC001 needs nothing beyond the report.
    let s = setup(DataSet::demo());
    s.audit("huawei")
        .args(["--rules", "IDC001", "--output", "jsonl"])
        .assert()
        .success();
    let paths = s.paths();
    assert!(!paths.is_empty());
    for (read, _) in huawei_reads {
        assert!(
            !paths.iter().any(|p| p.ends_with(read)),
            "{read} read for IDC001"
        );
    }
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("/permission-sets/") && p.ends_with("/accounts"))
    );

    // IDC004 needs the MFA devices and the policies.
    let s = setup(DataSet::demo());
    s.audit("huawei")
        .args(["--rules", "idc004", "--output", "jsonl"])
        .assert()
        .success();
    let paths = s.paths();
    for (read, _) in huawei_reads {
        assert!(
            paths.iter().any(|p| p.ends_with(read)),
            "{read} not read for IDC004"
        );
    }

    // Every rule but those two: neither read.
    let s = setup(DataSet::demo());
    s.audit("huawei")
        .args(["--skip-rules", "IDC002,IDC004", "--output", "jsonl"])
        .assert()
        .success();
    let paths = s.paths();
    for (read, _) in huawei_reads {
        assert!(
            !paths.iter().any(|p| p.ends_with(read)),
            "{read} read with both skipped"
        );
    }

    // SCP: last sign-in is one ShowUser a user; only IDC005 reads it.
    let show_user = |p: &String| p.starts_with("/v1/users/");
    let s = setup(DataSet::demo());
    s.audit("scp")
        .args(["--rules", "IDC001,IDC009", "--output", "jsonl"])
        .assert()
        .success();
    assert!(!s.paths().iter().any(show_user));
    assert!(!s.paths().iter().any(|p| p.ends_with("/policies")));
    let s = setup(DataSet::demo());
    s.audit("scp")
        .args(["--rules", "IDC005", "--output", "jsonl"])
        .assert()
        .success();
    assert!(s.paths().iter().any(show_user));
}

#[test]
fn usage_errors_exit_2_before_any_request() {
    let s = setup(DataSet::demo());
    s.audit("huawei")
        .args(["--rules", "IDC001,IDC999"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown rule \"IDC999\""));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "accepted:\n  - fingerprint: IDC001-1\n    expires: tomorrow\n",
    )
    .unwrap();
    s.audit("huawei")
        .arg("--baseline")
        .arg(&bad)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("not a baseline"));
    s.audit("huawei")
        .arg("--baseline")
        .arg(dir.path().join("missing.yaml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--baseline"));
    s.audit("huawei")
        .args(["--fail-on", "critical"])
        .assert()
        .code(2);
    assert_eq!(s.emulator.request_count(), 0, "refused before any request");
}

/// The demo data with alice renamed to something hostile.
fn hostile_demo(name: &str) -> DataSet {
    let mut json = serde_json::to_value(DataSet::demo()).unwrap();
    let users = json
        .pointer_mut("/huawei/users")
        .unwrap()
        .as_array_mut()
        .unwrap();
    let alice = users
        .iter_mut()
        .find(|u| u["user_name"] == "alice")
        .expect("the demo has alice");
    alice["user_name"] = name.into();
    serde_json::from_value(json).unwrap()
}

#[test]
fn server_text_is_escaped_for_terminals_and_spreadsheets() {
    let name = "=cmd|' /C calc'!A0\u{1b}]0;pwned\u{7}\u{202e}";
    let s = setup(hostile_demo(name));
    let table = s
        .audit("huawei")
        .args(["--output", "table"])
        .assert()
        .success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{7}'));
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}\\u{202e}"), "{text}");

    let csv = s
        .audit("huawei")
        .args(["--output", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        idc_audit::format::csv::COLUMNS.join(",")
    );
    assert!(!text.contains('\u{1b}'));
    let mut reader = ::csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let names: Vec<&String> = cells.iter().filter(|c| c.contains("calc")).collect();
    assert!(!names.is_empty());
    for cell in names {
        assert!(
            !cell.starts_with('=') && !cell.contains(";=") && !cell.contains(",="),
            "a formula left in {cell:?}"
        );
    }

    // JSON keeps the exact value.
    let json = s
        .audit("huawei")
        .args(["--output", "jsonl"])
        .assert()
        .success();
    let (_, findings, _) = parse(&json.get_output().stdout);
    assert!(findings.iter().any(|f| f["subject"]["name"] == name));
}

#[test]
fn the_html_page_holds_the_findings_and_marks_privileged_grants() {
    let s = setup(DataSet::demo());
    let json = s
        .audit("huawei")
        .args(["--output", "jsonl"])
        .assert()
        .success();
    let (_, findings, _) = parse(&json.get_output().stdout);
    let privileged: std::collections::BTreeSet<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "IDC002")
        .flat_map(|f| f["targets"].as_array().unwrap())
        .filter(|t| t["kind"] == "permission_set")
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert!(!privileged.is_empty(), "the demo holds an IDC002 finding");

    let html = s
        .audit("huawei")
        .args(["--output", "html"])
        .assert()
        .success();
    let page = String::from_utf8(html.get_output().stdout.clone()).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<table id=\"findings\" class=\"section\">"));
    assert!(page.contains("<table id=\"rules\" class=\"section\">"));
    assert!(page.contains("<table id=\"matrix\">"));
    for rule in rules_found(&findings) {
        assert!(
            page.contains(&format!("<td><bdi>{rule}</bdi></td>")),
            "{rule}"
        );
    }
    assert_eq!(
        page.matches("<tr class=\"tone-high\"").count(),
        findings.iter().filter(|f| f["severity"] == "high").count()
    );
    assert!(page.contains("matrix-legend"));
    // The permission sets the matrix marks are those the IDC002 findings name.
    let data = page
        .split("<script type=\"application/json\" id=\"report-data\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let data: Value = serde_json::from_str(data).unwrap();
    let marked: std::collections::BTreeSet<&str> = data["marked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            data["sets"][i.as_u64().unwrap() as usize][0]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(marked, privileged);
}
