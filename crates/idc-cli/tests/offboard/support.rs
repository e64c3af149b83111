//! What the off-boarding tests share: reports as sets, the writes the emulator received, journals.

use std::collections::BTreeSet;
use std::path::Path;

use idc_emulator::demo;
use serde_json::Value;

use crate::common::{Run, Setup};

/// The Huawei demo instance.
pub const HUAWEI: &str = demo::HUAWEI_INSTANCE_ID;
/// The SCP demo instance.
pub const SCP: &str = demo::SCP_INSTANCE_ID;

/// The instance of a cloud's demo data.
pub fn instance(cloud: &str) -> &'static str {
    if cloud == "huawei" { HUAWEI } else { SCP }
}

/// The rows of the instance's full access report, each as its JSON text (a set: compared
/// whatever the order).
pub fn report(s: &Setup, cloud: &str) -> BTreeSet<String> {
    s.ok(
        &["report", cloud],
        &["--instance-id", instance(cloud), "--output", "json"],
    )
    .lines()
    .filter(|l| !l.contains("\"idc_report\""))
    .map(canonical)
    .collect()
}

/// A row's JSON text, however it was laid out.
pub fn canonical(text: &str) -> String {
    serde_json::from_str::<Value>(text).unwrap().to_string()
}

/// The rows of `user_name` among `rows`.
pub fn of_user(rows: &BTreeSet<String>, user_name: &str) -> BTreeSet<String> {
    rows.iter()
        .filter(|r| field(r, "user_name") == user_name)
        .cloned()
        .collect()
}

/// A string field of a row's JSON text ("" when null).
pub fn field(row: &str, name: &str) -> String {
    let value: Value = serde_json::from_str(row).unwrap();
    value[name].as_str().unwrap_or_default().to_owned()
}

/// The Huawei operations sent with POST that only read.
const POST_READS: [&str; 6] = [
    "/batch-query",
    "/retrieve-user-id",
    "/retrieve-group-id",
    "/is-member-in-groups",
    "/retrieve-mfa-devices",
    "/retrieve-group-membership-id",
];

/// The writes the emulator received since its requests were last cleared (`METHOD path`).
pub fn writes(s: &Setup) -> Vec<String> {
    s.emulator
        .requests()
        .into_iter()
        .filter(|r| match r.method.as_str() {
            "GET" | "HEAD" => false,
            "POST" => !POST_READS.iter().any(|p| r.path.ends_with(p)),
            _ => true,
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

/// The lines of a journal.
pub fn journal(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The action keys of a journal's lines of `event` (`started`, `done`, `failed`).
pub fn actions(lines: &[Value], event: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l["event"] == event)
        .map(|l| l["action"].as_str().unwrap().to_owned())
        .collect()
}

/// `idc offboard <cloud> --instance-id <demo> <args>`.
pub fn offboard(s: &Setup, cloud: &str, args: &[&str]) -> Run {
    let mut all = vec!["--instance-id", instance(cloud)];
    all.extend_from_slice(args);
    s.run(&["offboard", cloud], &all)
}

/// The JSON document a command printed.
pub fn document(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\nstderr: {}", run.stdout, run.stderr))
}

/// Every row a plan's actions end (and `also_ends`), and what it says remains, as JSON texts.
pub fn plan_rows(plan: &Value) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let rows = |key: &str| -> BTreeSet<String> {
        plan["actions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a[key].as_array().cloned().unwrap_or_default())
            .map(|r| r.to_string())
            .collect()
    };
    let remaining = plan["remaining"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].to_string())
        .collect();
    (rows("ends"), rows("also_ends"), remaining)
}

/// A path in `dir` as a `&str` argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}
