//! Each Huawei spec against the official Python SDK 3.1.219: every operation of the SDK
//! (IdentityCenter, IdentityStore, and the Organizations reads idc covers) is in the spec with the
//! same method and path, and the same parameters: name, location (path, query, header or JSON
//! body field) and required flag, in both directions.
//!
//! The SDK's side is `tests/sdk/huawei-sdk-3.1.219.json`, extracted from the SDK by
//! `tests/sdk/extract_huawei_sdk.py` (see `tests/sdk/README.md`). An operation may be missing from
//! a spec only while `tests/sdk/pending.txt` lists it; a listed operation that the spec has (or
//! that the SDK does not) fails the test too, so the list only shrinks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// One parameter: (location, wire name) -> required.
type Params = BTreeMap<(String, String), bool>;

/// One operation of either side.
#[derive(Debug)]
struct Operation {
    method: String,
    path: String,
    params: Params,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The SDK's operations, by spec file name and operation.
fn sdk() -> Sdk {
    let data: Value =
        serde_json::from_str(&read(&root().join("tests/sdk/huawei-sdk-3.1.219.json")))
            .expect("the SDK data file is JSON");
    let mut services = BTreeMap::new();
    for (spec, ops) in data["services"].as_object().expect("services") {
        let mut by_name = BTreeMap::new();
        for op in ops.as_array().expect("operations") {
            let params = (op["params"].as_array().expect("params").iter())
                .map(|p| {
                    let text = |k: &str| p[k].as_str().expect(k).to_owned();
                    (
                        (text("in"), text("name")),
                        p["required"].as_bool().expect("required"),
                    )
                })
                .collect();
            let text = |k: &str| op[k].as_str().expect(k).to_owned();
            let operation = Operation {
                method: text("method"),
                path: text("path"),
                params,
            };
            by_name.insert(text("operation"), operation);
        }
        services.insert(spec.clone(), by_name);
    }
    services
}

/// `value`, or what its `$ref` (`#/components/...`) points at.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value["$ref"].as_str() {
        Some(pointer) => match spec.pointer(pointer.trim_start_matches('#')) {
            Some(target) => resolve(spec, target),
            None => panic!("{pointer} does not resolve"),
        },
        None => value,
    }
}

/// A spec's operations, by `operationId`.
fn spec_operations(file: &str) -> BTreeMap<String, Operation> {
    let text = read(&root().join("specs").join(format!("{file}.yaml")));
    let spec: Value = serde_yaml_ng::from_str(&text).expect("the spec is YAML");
    let mut ops = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let mut params = Params::new();
            let listed = item["parameters"].as_array().into_iter().flatten();
            for p in listed.chain(op["parameters"].as_array().into_iter().flatten()) {
                let p = resolve(&spec, p);
                let text = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
                params.insert(
                    (text("in"), text("name")),
                    p["required"].as_bool().unwrap_or(false),
                );
            }
            let body = &resolve(&spec, &op["requestBody"])["content"]["application/json"]["schema"];
            if !body.is_null() {
                let schema = resolve(&spec, body);
                let required: BTreeSet<&str> = (schema["required"].as_array().into_iter())
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                for name in schema["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    params.insert(
                        ("body".into(), name.clone()),
                        required.contains(name.as_str()),
                    );
                }
            }
            let id = op["operationId"].as_str().expect("operationId").to_owned();
            let operation = Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                params,
            };
            ops.insert(id, operation);
        }
    }
    ops
}

/// The pending operations: `<spec> <operation>` per line, `#` comments.
fn pending() -> BTreeSet<(String, String)> {
    let text = read(&root().join("tests/sdk/pending.txt"));
    (text.lines())
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut words = l.split_whitespace();
            let spec = words.next().unwrap_or_default().to_owned();
            let op = words
                .next()
                .unwrap_or_else(|| panic!("pending.txt: {l:?} names no operation"));
            (spec, op.to_owned())
        })
        .collect()
}

/// What differs between the SDK's operation and the spec's, one sentence each.
fn differences(at: &str, sdk: &Operation, spec: &Operation) -> Vec<String> {
    let mut out = Vec::new();
    if sdk.method != spec.method || sdk.path != spec.path {
        out.push(format!(
            "{at}: the SDK sends {} {}, the spec {} {}",
            sdk.method, sdk.path, spec.method, spec.path
        ));
    }
    let required = |r: bool| if r { "required" } else { "optional" };
    for ((location, name), &needed) in &sdk.params {
        let same_name = spec.params.iter().find(|((_, n), _)| n == name);
        match (spec.params.get(&(location.clone(), name.clone())), same_name) {
            (Some(&r), _) if r == needed => {}
            (Some(&r), _) => out.push(format!(
                "{at}: {location} parameter {name} is {} in the SDK, {} in the spec",
                required(needed),
                required(r)
            )),
            (None, Some(((other, _), _))) => out.push(format!(
                "{at}: parameter {name} is a {location} parameter in the SDK, a {other} parameter in the spec"
            )),
            (None, None) => out.push(format!(
                "{at}: {} {location} parameter {name} of the SDK is missing from the spec",
                required(needed)
            )),
        }
    }
    for (location, name) in spec.params.keys() {
        if !sdk.params.keys().any(|(_, n)| n == name) {
            out.push(format!(
                "{at}: {location} parameter {name} of the spec is not in the SDK"
            ));
        }
    }
    out
}

/// The SDK's operations by spec file and name.
type Sdk = BTreeMap<String, BTreeMap<String, Operation>>;

/// Every difference between the specs (`spec_ops` of a spec file) and the SDK that `pending`
/// does not excuse.
fn compare(
    sdk: &Sdk,
    pending: &BTreeSet<(String, String)>,
    spec_ops: impl Fn(&str) -> BTreeMap<String, Operation>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, sdk_ops) in sdk {
        let spec_ops = spec_ops(file);
        for (name, sdk_op) in sdk_ops {
            let at = format!(
                "specs/{file}.yaml {name} ({} {})",
                sdk_op.method, sdk_op.path
            );
            let listed = pending.contains(&(file.clone(), name.clone()));
            match (spec_ops.get(name), listed) {
                (Some(spec_op), false) => problems.extend(differences(&at, sdk_op, spec_op)),
                (Some(_), true) => problems.push(format!(
                    "{at} is in the spec now: remove `{file} {name}` from tests/sdk/pending.txt"
                )),
                (None, true) => {}
                (None, false) => problems.push(format!("{at}: operation missing from the spec")),
            }
        }
    }
    for (file, name) in pending {
        if !sdk.get(file).is_some_and(|ops| ops.contains_key(name)) {
            problems.push(format!(
                "tests/sdk/pending.txt lists `{file} {name}`, which is no operation of the SDK data"
            ));
        }
    }
    problems
}

#[test]
fn every_huawei_spec_matches_the_official_sdk() {
    let problems = compare(&sdk(), &pending(), spec_operations);
    assert!(
        problems.is_empty(),
        "{} differences between the specs and the Huawei SDK 3.1.219:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_sdk_data_covers_both_services_and_the_organizations_reads() {
    let sdk = sdk();
    // The counts the SDK 3.1.219 has (no operation was added since 3.1.174).
    assert_eq!(sdk["huawei-identitycenter"].len(), 81);
    assert_eq!(sdk["huawei-identitystore"].len(), 54);
    assert!(sdk["huawei-organizations"].contains_key("list_entities"));
    assert!(sdk["huawei-organizations"].contains_key("list_delegated_services"));
}

#[test]
fn a_difference_is_named_with_the_operation_and_the_parameter() {
    let params = |entries: &[(&str, &str, bool)]| -> Params {
        entries
            .iter()
            .map(|&(at, name, r)| ((at.into(), name.into()), r))
            .collect()
    };
    let op = |method: &str, path: &str, p: Params| Operation {
        method: method.into(),
        path: path.into(),
        params: p,
    };
    let sdk = op(
        "GET",
        "/v1/things/{id}",
        params(&[
            ("path", "id", true),
            ("query", "limit", false),
            ("query", "marker", false),
        ]),
    );
    let spec = op(
        "POST",
        "/v1/things/{id}",
        params(&[
            ("path", "id", false),
            ("header", "limit", false),
            ("query", "extra", false),
        ]),
    );
    let found = differences("X", &sdk, &spec);
    let expected = [
        "X: the SDK sends GET /v1/things/{id}, the spec POST /v1/things/{id}",
        "X: path parameter id is required in the SDK, optional in the spec",
        "X: parameter limit is a query parameter in the SDK, a header parameter in the spec",
        "X: optional query parameter marker of the SDK is missing from the spec",
        "X: query parameter extra of the spec is not in the SDK",
    ];
    assert_eq!(found, expected);
    assert!(differences("X", &sdk, &op("GET", "/v1/things/{id}", sdk.params.clone())).is_empty());
}

#[test]
fn the_pending_list_excuses_only_missing_operations_and_only_shrinks() {
    let op = |path: &str| Operation {
        method: "GET".into(),
        path: path.into(),
        params: Params::new(),
    };
    let mut ops = BTreeMap::new();
    for name in ["here", "listed_and_here", "listed_missing", "missing"] {
        ops.insert(name.to_owned(), op(&format!("/v1/{name}")));
    }
    let sdk: Sdk = [("svc".to_owned(), ops)].into_iter().collect();
    let pending: BTreeSet<(String, String)> = ["listed_and_here", "listed_missing", "gone"]
        .iter()
        .map(|n| ("svc".to_owned(), (*n).to_owned()))
        .collect();
    let spec = |_: &str| -> BTreeMap<String, Operation> {
        ["here", "listed_and_here"]
            .iter()
            .map(|n| ((*n).to_owned(), op(&format!("/v1/{n}"))))
            .collect()
    };
    let found = compare(&sdk, &pending, spec);
    assert_eq!(
        found,
        [
            "specs/svc.yaml listed_and_here (GET /v1/listed_and_here) is in the spec now: remove `svc listed_and_here` from tests/sdk/pending.txt",
            "specs/svc.yaml missing (GET /v1/missing): operation missing from the spec",
            "tests/sdk/pending.txt lists `svc gone`, which is no operation of the SDK data",
        ]
    );
}

/// SCP iam-identity-center against its API reference (version 1.4, with scpv2-sdk's models):
/// every documented operation is in the spec with the same method and path, every documented path,
/// query or header parameter with the same location and required flag, and every documented
/// request body field a property of the spec's request body. One direction only: the reference
/// gives no required flags for body fields, and the spec adds what the versions need.
#[test]
fn every_scp_operation_of_the_api_reference_is_in_its_spec() {
    let path = root().join("tests/sdk/scp-iam-identity-center-1.4.json");
    let data: Value = serde_json::from_str(&read(&path)).expect("the SCP data file is JSON");
    let spec = spec_operations("scp-iam-identity-center");
    let documented = data["operations"].as_array().expect("operations");
    assert_eq!(documented.len(), 32, "the reference lists 32 operations");
    let mut problems = Vec::new();
    for op in documented {
        let text = |v: &Value, k: &str| v[k].as_str().expect(k).to_owned();
        let (name, id) = (text(op, "operation"), text(op, "operation_id"));
        let (method, route) = (text(op, "method"), text(op, "path"));
        let at = format!("specs/scp-iam-identity-center.yaml {id} ({name}: {method} {route})");
        let Some(ours) = spec.get(&id) else {
            problems.push(format!("{at}: operation missing from the spec"));
            continue;
        };
        if (ours.method.as_str(), ours.path.as_str()) != (method.as_str(), route.as_str()) {
            problems.push(format!("{at}: the spec has {} {}", ours.method, ours.path));
        }
        for p in op["params"].as_array().expect("params") {
            let key = (text(p, "in"), text(p, "name"));
            let required = p["required"].as_bool().expect("required");
            match ours.params.get(&key) {
                None => problems.push(format!("{at}: {} parameter {} missing", key.0, key.1)),
                Some(&r) if r != required => problems.push(format!(
                    "{at}: {} parameter {} is required={r} in the spec, required={required} in the reference",
                    key.0, key.1
                )),
                Some(_) => {}
            }
        }
        for field in op["body_fields"].as_array().expect("body_fields") {
            let field = field.as_str().expect("a field name").to_owned();
            if !ours
                .params
                .contains_key(&("body".to_owned(), field.clone()))
            {
                problems.push(format!("{at}: body field {field} missing"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} differences between the SCP spec and its API reference:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
