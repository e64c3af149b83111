//! YAML, `--query` and names that hide characters, end to end against the emulator's demo data:
//! a listing as one YAML sequence, a query over every page written in each format, a malformed
//! query refused before any request, and invisible or bidirectional characters shown in listings
//! and in the report's table, CSV and HTML.

use idc_emulator::{DataSet, demo};
use serde_json::Value;

mod common;

use common::{setup, setup_with};

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;
/// A permission set of the demo data without a custom policy, and one with.
const NO_POLICY: &str = "AdministratorAccess";
const WITH_POLICY: &str = "SecurityAudit";
/// The arguments of a Huawei listing of the demo data.
const LIST_SETS: [&str; 3] = ["huawei", "identitycenter", "list-permission-sets"];

#[test]
fn yaml_lists_every_page_as_one_sequence_and_one_object_as_a_document() {
    let s = setup();
    let sets = s.json(&LIST_SETS, &["--instance-id", INSTANCE]);
    assert!(sets.len() > 2, "several pages at --page-size 2");
    let yaml = s.ok(
        &LIST_SETS,
        &[
            "--instance-id",
            INSTANCE,
            "--output",
            "yaml",
            "--page-size",
            "2",
        ],
    );
    let back: Vec<Value> = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(back, sets, "{yaml}");

    let id = s.permission_set(NO_POLICY);
    let words = ["huawei", "identitycenter", "describe-permission-set"];
    let args = ["--instance-id", INSTANCE, "--permission-set-id", &id];
    let json: Value =
        serde_json::from_str(&s.ok(&words, &[&args[..], &["--output", "json"]].concat())).unwrap();
    let yaml = s.ok(&words, &[&args[..], &["--output", "yaml"]].concat());
    assert_eq!(
        serde_yaml_ng::from_str::<Value>(&yaml).unwrap(),
        json,
        "{yaml}"
    );
}

#[test]
fn a_query_applies_to_the_whole_listing_then_writes_in_the_output_format() {
    let s = setup();
    let sets = s.json(&LIST_SETS, &["--instance-id", INSTANCE]);
    let audit = sets.iter().find(|p| p["name"] == WITH_POLICY).unwrap();
    let paged = ["--instance-id", INSTANCE, "--page-size", "2"];
    // A filter over every page, as one list.
    let ids = s.ok(
        &LIST_SETS,
        &[
            &paged[..],
            &[
                "--output",
                "json",
                "--query",
                "[?name=='SecurityAudit'].permission_set_id",
            ],
        ]
        .concat(),
    );
    assert_eq!(ids, format!("{}\n", audit["permission_set_id"]));
    // An aggregate sees every item, not a page.
    let count = s.ok(
        &LIST_SETS,
        &[&paged[..], &["--output", "json", "--query", "length(@)"]].concat(),
    );
    assert_eq!(count.trim(), sets.len().to_string());
    // The result in a table and in YAML.
    let table = s.ok(
        &LIST_SETS,
        &[
            &paged[..],
            &["--output", "table", "--query", "[].{set: name}"],
        ]
        .concat(),
    );
    let mut names: Vec<&str> = sets.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(table.lines().next(), Some("SET"));
    let mut shown: Vec<&str> = table.lines().skip(1).map(str::trim_end).collect();
    names.sort_unstable();
    shown.sort_unstable();
    assert_eq!(shown, names, "{table}");
    let yaml = s.ok(
        &LIST_SETS,
        &[&paged[..], &["--output", "yaml", "--query", "[].name"]].concat(),
    );
    let listed: Vec<String> = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(listed.len(), sets.len(), "{yaml}");
    // One object: the query sees the answer as sent, wrapper included.
    let words = ["huawei", "identitycenter", "describe-permission-set"];
    let id = audit["permission_set_id"].as_str().unwrap();
    let name = s.ok(
        &words,
        &[
            "--instance-id",
            INSTANCE,
            "--permission-set-id",
            id,
            "--output",
            "json",
            "--query",
            "permission_set.name",
        ],
    );
    assert_eq!(name, format!("\"{WITH_POLICY}\"\n"));
}

#[test]
fn a_malformed_query_is_a_usage_error_before_any_request_and_a_failed_listing_writes_nothing() {
    let s = setup();
    let run = s.run(
        &LIST_SETS,
        &["--instance-id", INSTANCE, "--query", "[?name=="],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("--query"), "{}", run.stderr);
    assert_eq!(s.emulator.request_count(), 0, "nothing was sent");

    // The second page fails: a query needs the whole listing, so nothing is written.
    s.fail_from_the_second_request();
    let run = s.run(
        &LIST_SETS,
        &[
            "--instance-id",
            INSTANCE,
            "--page-size",
            "2",
            "--output",
            "json",
            "--query",
            "[].name",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stdout, "", "nothing written");
    assert!(
        run.stderr.contains("stopped after 2 items in 1 pages")
            && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("--starting-token"), "{}", run.stderr);
}

/// The demo data with alice's name hiding a zero-width space and a right-to-left override, and the
/// Administrators group's a byte order mark: names that read as others, or reorder what follows.
fn hostile_names() -> DataSet {
    let mut data = serde_json::to_value(DataSet::demo()).unwrap();
    for user in data["huawei"]["users"].as_array_mut().unwrap() {
        if user["user_name"] == demo::HUAWEI_USER_NAME {
            user["user_name"] = "al\u{200b}i\u{202e}ce".into();
        }
    }
    for group in data["huawei"]["groups"].as_array_mut().unwrap() {
        if group["display_name"] == demo::HUAWEI_GROUP_NAME {
            group["display_name"] = "Adm\u{feff}in\u{2028}".into();
        }
    }
    DataSet::from_json_str(&data.to_string()).unwrap()
}

#[test]
fn invisible_and_bidi_characters_show_in_listings_and_reports_of_every_format() {
    let s = setup_with(hostile_names());
    let invisible = ['\u{200b}', '\u{202e}', '\u{feff}', '\u{2028}'];
    let user = "al\\u{200b}i\\u{202e}ce";
    let group = "Adm\\u{feff}in\\u{2028}";
    let users = ["huawei", "identitystore", "list-users"];
    let groups = ["huawei", "identitystore", "list-groups"];
    let report = ["report", "huawei"];
    for format in ["table", "csv"] {
        let listed = s.ok(&users, &["--identity-store-id", STORE, "--output", format]);
        assert!(
            listed.contains(user) && !listed.contains(invisible),
            "{listed}"
        );
        let listed = s.ok(&groups, &["--identity-store-id", STORE, "--output", format]);
        assert!(
            listed.contains(group) && !listed.contains(invisible),
            "{listed}"
        );
        let rows = s.ok(&report, &["--instance-id", INSTANCE, "--output", format]);
        assert!(
            rows.contains(user) && rows.contains(group),
            "{format}: {rows}"
        );
        assert!(!rows.contains(invisible), "{rows}");
    }
    // The page: names visible in the data its script shows, and isolated where they are drawn.
    let page = s.ok(&report, &["--instance-id", INSTANCE, "--output", "html"]);
    assert!(!page.contains(invisible));
    assert!(
        page.contains(&user.replace('\\', "\\\\")),
        "JSON-escaped in the data"
    );
    assert!(page.contains("unicode-bidi:isolate"));
    // JSON keeps the exact value.
    let exact = s.json(&users, &["--identity-store-id", STORE]);
    assert!(
        exact
            .iter()
            .any(|u| u["user_name"] == "al\u{200b}i\u{202e}ce")
    );
}
