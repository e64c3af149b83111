//! `idc report` end to end, against organisations generated into the emulator's relational data
//! (`idc diff`: `diff.rs`).

#[path = "../../idc-report/tests/common/mod.rs"]
#[allow(missing_docs)]
mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use common::emulator_data::{PROJECT_ID, SCP_INSTANCE, huawei_data_set, scp_data_set};
use common::{Shape, expected, generate};
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use idc_report::source::MemorySource;
use idc_report::{Cloud, Row};
use predicates::prelude::*;

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

fn bare(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear().env("HOME", home);
    cmd
}

impl Setup {
    fn report(&self, cloud: &str) -> Command {
        let mut cmd = bare(self.home.path());
        cmd.env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .env("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID)
            .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
            .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY)
            .args(["report", cloud, "--endpoint", self.emulator.base_url()]);
        cmd
    }
}

fn huawei_org() -> MemorySource {
    let shape = Shape {
        users: 20,
        groups: 4,
        accounts: 8,
        permission_sets: 3,
        applications: 4,
    };
    generate(Cloud::Huawei, shape, 21)
}

fn scp_org() -> MemorySource {
    let shape = Shape {
        users: 20,
        groups: 4,
        accounts: 8,
        permission_sets: 3,
        applications: 0,
    };
    let mut data = generate(Cloud::Scp, shape, 22);
    data.instance_id = SCP_INSTANCE.to_owned();
    data
}

/// The rows of a complete JSON-lines report (its header and trailer checked and left out).
fn rows_of(stdout: &[u8]) -> BTreeSet<Row> {
    let file = idc_report::jsonl::read_report(stdout, "stdout").unwrap();
    file.check_complete("stdout").unwrap();
    assert!(file.header.is_some() && file.trailer.is_some());
    let rows = file.rows;
    let n = rows.len();
    let set: BTreeSet<Row> = rows.into_iter().collect();
    assert_eq!(set.len(), n, "a row came twice");
    set
}

#[test]
fn report_huawei_json_is_the_effective_access_of_the_data() {
    let org = huawei_org();
    let s = setup(huawei_data_set(&org));
    // The instance is discovered: there is exactly one.
    let out = s
        .report("huawei")
        .args(["--output", "json", "--page-size", "3", "--concurrency", "4"])
        .assert()
        .success();
    assert_eq!(rows_of(&out.get_output().stdout), expected(&org));
}

#[test]
fn report_scp_json_csv_html_and_no_expand() {
    let org = scp_org();
    let want = expected(&org);
    let s = setup(scp_data_set(&org));
    let out = s
        .report("scp")
        .args(["--instance-id", SCP_INSTANCE, "--output", "json"])
        .assert()
        .success();
    assert_eq!(rows_of(&out.get_output().stdout), want);

    let csv = s
        .report("scp")
        .args(["--instance-id", SCP_INSTANCE, "--output", "csv"])
        .assert()
        .success();
    let text = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().next().unwrap(), Row::FIELDS.join(","));
    assert_eq!(text.lines().count(), want.len() + 1);

    let html = s
        .report("scp")
        .args(["--instance-id", SCP_INSTANCE, "--output", "html"])
        .assert()
        .success();
    let page = String::from_utf8(html.get_output().stdout.clone()).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<table id=\"matrix\">"));
    assert!(page.contains(&format!("data-count=\"accesses\">{}<", want.len())));

    let flat = s
        .report("scp")
        .args([
            "--instance-id",
            SCP_INSTANCE,
            "--output",
            "json",
            "--no-expand-groups",
        ])
        .assert()
        .success();
    let text = String::from_utf8(flat.get_output().stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["view"], "assignments");
    for field in idc_report::AssignmentRow::FIELDS {
        assert!(
            lines[1].get(field).is_some(),
            "{field} missing in {}",
            lines[1]
        );
    }
    let assignments: usize = org.account_assignments.values().map(Vec::len).sum();
    assert_eq!(
        lines.len(),
        assignments + 2,
        "the header, the rows, the trailer"
    );
    assert_eq!(lines[assignments + 1]["rows"], assignments);
}

#[test]
fn an_application_filter_on_scp_is_a_usage_error() {
    let s = setup(scp_data_set(&scp_org()));
    s.report("scp")
        .args(["--instance-id", SCP_INSTANCE, "--application", "wiki"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "Samsung Cloud Platform has no applications",
        ));
    assert_eq!(s.emulator.request_count(), 0, "refused before any request");
}

#[test]
fn a_filter_matching_nothing_exits_2_naming_it() {
    let s = setup(huawei_data_set(&huawei_org()));
    s.report("huawei")
        .args(["--user", "user1", "--user", "nobody", "--output", "json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "the user filter \"nobody\" matches no user",
        ));
    // Whatever the format, nothing is written: no header, no empty page. Every value that
    // matches nothing is named, not only the first.
    for format in ["html", "csv", "table"] {
        s.report("huawei")
            .args(["--user", "nobody", "--user", "user1", "--user", "ghost"])
            .args(["--account", "no-account", "--output", format])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "the user filters \"nobody\", \"ghost\" and the account filter \"no-account\" \
                 match nothing",
            ));
    }
    let out = s
        .report("huawei")
        .args([
            "--user",
            "user1",
            "--account",
            "account2",
            "--output",
            "json",
        ])
        .assert()
        .success();
    let rows = rows_of(&out.get_output().stdout);
    assert!(
        rows.iter().all(|r| r.user_name.as_deref() == Some("user1")
            && r.target_name.as_deref() == Some("account2"))
    );
}

#[test]
fn demo_shows_the_report_and_a_diff() {
    let home = tempfile::tempdir().unwrap();
    bare(home.path())
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("1. Who can reach what"))
        .stdout(predicate::str::contains(
            "2. What is wrong: idc audit huawei",
        ))
        .stdout(predicate::str::contains("IDC002  high"))
        // Each cloud's demo holds one assignment of a user deleted outside the API.
        .stdout(predicate::str::contains("IDC006  high    1 finding").count(2))
        .stdout(predicate::str::contains("and on SCP: idc audit scp"))
        .stdout(predicate::str::contains("PERMISSION SET"))
        .stdout(predicate::str::contains("group "))
        .stdout(predicate::str::contains("revoked"))
        .stdout(predicate::str::contains("not available").not());
}

#[test]
fn help_names_report_and_diff() {
    let home = tempfile::tempdir().unwrap();
    bare(home.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("report"))
        .stdout(predicate::str::contains("diff"));
    for cloud in ["huawei", "scp"] {
        bare(home.path())
            .args(["report", cloud, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("--no-expand-groups"))
            .stdout(predicate::str::contains("--permission-set"))
            .stdout(predicate::str::contains("html"));
    }
}

/// The `N` of `report incomplete: N rows written` on stderr.
fn rows_said(stderr: &[u8]) -> usize {
    let text = String::from_utf8_lossy(stderr);
    let at = text
        .find("report incomplete: ")
        .unwrap_or_else(|| panic!("no row count: {text}"));
    text[at + "report incomplete: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn a_report_failing_midway_is_never_mistaken_for_a_complete_one() {
    let org = huawei_org();
    let all = expected(&org).len();
    let s = setup(huawei_data_set(&org));
    let slow = [
        "--page-size",
        "1",
        "--concurrency",
        "1",
        "--max-attempts",
        "1",
    ];
    s.emulator.clear_requests();
    s.report("huawei")
        .args(slow)
        .args(["--output", "json"])
        .assert()
        .success();
    let total = s.emulator.request_count();
    for format in ["json", "table", "html", "csv"] {
        // The last three requests fail: rows were written before them.
        s.emulator
            .set_faults(idc_emulator::FaultPlan::new(1).on_requests(
                total - 3..,
                idc_emulator::Fault::Status {
                    status: 500,
                    retry_after: None,
                },
            ));
        let out = s
            .report("huawei")
            .args(slow)
            .args(["--output", format])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("error: "));
        let output = out.get_output();
        let written = rows_said(&output.stderr);
        assert!(written > 0 && written < all, "{format}: {written} of {all}");
        let text = String::from_utf8(output.stdout.clone()).unwrap();
        let banner = format!("INCOMPLETE REPORT: {written} rows written, then it failed: ");
        match format {
            "json" => {
                let file = idc_report::jsonl::read_report(text.as_bytes(), "r.jsonl").unwrap();
                assert_eq!(file.rows.len(), written);
                assert!(file.header.is_some() && file.trailer.is_none(), "{text}");
                assert!(file.check_complete("r.jsonl").is_err());
            }
            "table" => {
                let lines: Vec<&str> = text.lines().collect();
                assert!(lines[0].starts_with(&banner), "{text}");
                assert!(lines[lines.len() - 1].starts_with(&banner), "{text}");
                assert!(lines[0].contains("500"), "the error is named: {}", lines[0]);
            }
            "html" => {
                assert!(text.contains("<title>INCOMPLETE: "), "{text}");
                assert!(text.contains(&banner));
                assert!(text.contains(&format!("data-count=\"accesses\">{written}<")));
            }
            _ => assert_eq!(text.lines().count(), written + 1, "the CSV as written"),
        }
    }
}

#[test]
fn columns_sort_and_show_ids_shape_the_table_and_csv() {
    let org = huawei_org();
    let want = expected(&org);
    let s = setup(huawei_data_set(&org));
    let out = s
        .report("huawei")
        .args(["--output", "csv", "--columns", "user_id,target_name"])
        .args(["--sort", "-user_id,target_name"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "user_id,target_name");
    let mut pairs: Vec<(String, String)> = want
        .iter()
        .map(|r| (r.user_id.clone(), r.target_name.clone().unwrap_or_default()))
        .collect();
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let got: Vec<(String, String)> = lines[1..]
        .iter()
        .map(|l| {
            let (u, t) = l.split_once(',').unwrap();
            (u.to_owned(), t.to_owned())
        })
        .collect();
    assert_eq!(got, pairs);
    // The table with ids: every id beside its name, never cut.
    let out = s
        .report("huawei")
        .args(["--output", "table", "--show-ids", "--sort", "user_id"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header[..4],
        ["USER_ID", "USER_NAME", "TARGET_TYPE", "TARGET_ID"]
    );
    let first = want
        .iter()
        .min_by(|a, b| a.user_id.cmp(&b.user_id))
        .unwrap();
    assert!(
        text.lines().nth(1).unwrap().starts_with(&first.user_id),
        "{text}"
    );
    assert_eq!(text.lines().count(), want.len() + 1);
    // Refused before any request: an unknown field, columns of JSON lines, ids off the table.
    s.emulator.clear_requests();
    for (args, message) in [
        (
            &["--output", "table", "--columns", "user"][..],
            "user: not a field",
        ),
        (&["--sort", "nope"], "nope: not a field"),
        (
            &["--output", "json", "--columns", "user_id"],
            "--columns applies to --output table and csv",
        ),
        (
            &["--output", "csv", "--show-ids"],
            "--show-ids applies to --output table",
        ),
    ] {
        s.report("huawei")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
    assert_eq!(s.emulator.request_count(), 0);
}

#[test]
fn a_filter_value_that_is_one_users_id_and_anothers_name_exits_2_naming_both() {
    let mut org = huawei_org();
    // user1's name is user0's id.
    org.users[1].name = Some(org.users[0].id.clone());
    let (zero, one) = (org.users[0].id.clone(), org.users[1].id.clone());
    let s = setup(huawei_data_set(&org));
    s.report("huawei")
        .args(["--user", &zero, "--output", "json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "the user filter \"{zero}\" is ambiguous: it is the id of user \"{zero}\" and the \
             name of user \"{one}\"; write id:{zero} or name:{zero}"
        )));
    for (value, user) in [
        (format!("id:{zero}"), &zero),
        (format!("name:{zero}"), &one),
    ] {
        let out = s
            .report("huawei")
            .args(["--user", &value, "--output", "json"])
            .assert()
            .success();
        let rows = rows_of(&out.get_output().stdout);
        assert!(
            !rows.is_empty() && rows.iter().all(|r| &r.user_id == user),
            "{value}"
        );
    }
}

/// A large organization's page through the command line opens: its data grows with the rows (not
/// with users x accounts), and the browser draws one window of the matrix and one page of the
/// table, saying so (a 5,000-user page used to be 80 MB that a browser never finished drawing).
#[test]
fn a_large_organization_s_html_page_draws_a_bounded_window_and_says_so() {
    let org = generate(
        Cloud::Huawei,
        Shape {
            users: 600,
            groups: 20,
            accounts: 60,
            permission_sets: 5,
            applications: 0,
        },
        7,
    );
    let rows = expected(&org);
    let users: BTreeSet<&str> = rows.iter().map(|r| r.user_id.as_str()).collect();
    let accounts: BTreeSet<&str> = rows.iter().map(|r| r.target_id.as_str()).collect();
    assert!(rows.len() > 1000 && users.len() > 50 && accounts.len() > 25);
    let s = setup(huawei_data_set(&org));
    let out = s
        .report("huawei")
        .args(["--output", "html", "--concurrency", "8"])
        .assert()
        .success();
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        page.len() < 20_000 + rows.len() * 100,
        "{} bytes for {} rows",
        page.len(),
        rows.len()
    );
    let dom = common::browser::render(&page);
    assert!(
        dom.contains(&format!(
            "users 1\u{2013}50 of {}, accounts 1\u{2013}25 of {}: at most 50 users by 25 accounts \
             are drawn at once",
            users.len(),
            accounts.len()
        )),
        "the matrix's note"
    );
    assert!(dom.contains(&format!(
        "rows 1\u{2013}500 of {}: at most 500 are drawn at once",
        rows.len()
    )));
    assert!(dom.contains(&format!("<td data-count=\"accesses\">{}</td>", rows.len())));
}

/// The paths the emulator was asked for since `from`.
fn paths_since(s: &Setup, from: usize) -> Vec<String> {
    s.emulator
        .requests()
        .into_iter()
        .skip(from)
        .map(|r| r.path)
        .collect()
}

#[test]
fn explain_prints_the_plan_and_sends_only_what_it_depends_on() {
    let org = huawei_org();
    let s = setup(huawei_data_set(&org));
    let before = s.emulator.request_count();
    let out = s.report("huawei").args(["--explain"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.starts_with("plan of the huawei report of instance"),
        "{text}"
    );
    assert!(text.contains("ListAccountAssignments"), "{text}");
    assert!(
        text.contains("ListApplicationAssignments, one per application"),
        "{text}"
    );
    // The listings whose counts choose the routes; no assignment, no membership is read.
    let paths = paths_since(&s, before);
    assert!(paths.iter().any(|p| p.ends_with("/users")), "{paths:?}");
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("assignments") || p.contains("memberships")),
        "{paths:?}"
    );
    // A narrow report: the user by id and by name, the user's groups; no listing of every user.
    let before = s.emulator.request_count();
    let out = s
        .report("huawei")
        .args(["--explain", "--user", "user3"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("users named by --user"), "{text}");
    assert!(
        text.contains("ListAccountAssignmentsForPrincipal"),
        "{text}"
    );
    let requests = s
        .emulator
        .requests()
        .into_iter()
        .skip(before)
        .collect::<Vec<_>>();
    assert!(
        requests
            .iter()
            .filter(|r| r.path.ends_with("/users"))
            .all(|r| r.query.as_deref().is_some_and(|q| q.contains("user_name="))),
        "{requests:?}"
    );
    // An unknown user is the usual usage-level failure, explained or not.
    s.report("huawei")
        .args(["--explain", "--user", "nobody"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nobody"));
}

#[test]
fn ou_keeps_the_accounts_under_the_unit_at_any_depth() {
    let org = huawei_org();
    let s = setup(huawei_data_set(&org));
    let under = common::accounts_under(&org, &["unit-a".to_owned()]);
    // unit-a holds accounts directly and through unit-a1.
    assert!(under.len() >= 2);
    let want: BTreeSet<Row> = expected(&org)
        .into_iter()
        .filter(|r| {
            r.target_type == idc_report::TargetType::Account && under.contains(&r.target_id)
        })
        .collect();
    assert!(!want.is_empty());
    for value in ["unit-a", "id:ou-00000001", "name:unit-a"] {
        let out = s
            .report("huawei")
            .args(["--output", "json", "--ou", value])
            .assert()
            .success();
        assert_eq!(rows_of(&out.get_output().stdout), want, "--ou {value}");
    }
    s.report("huawei")
        .args(["--output", "json", "--ou", "no-such-unit"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("organizational unit filter"));
}

#[test]
fn max_rps_spaces_every_request_of_the_run() {
    let org = huawei_org();
    let s = setup(huawei_data_set(&org));
    let before = s.emulator.request_count();
    let started = std::time::Instant::now();
    let out = s
        .report("huawei")
        .args(["--output", "json", "--max-rps", "40", "--concurrency", "8"])
        .assert()
        .success();
    let elapsed = started.elapsed();
    assert_eq!(rows_of(&out.get_output().stdout), expected(&org));
    // Every request but the instance lookup waits its turn: n requests take (n - 1) / 40 s.
    let paced = s.emulator.request_count() - before - 1;
    assert!(paced > 10);
    let least = std::time::Duration::from_secs_f64((paced - 1) as f64 / 40.0);
    assert!(elapsed >= least, "{paced} requests in {elapsed:?}");
    s.report("huawei").args(["--max-rps", "0"]).assert().code(2);
}
