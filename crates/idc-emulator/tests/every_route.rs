//! Every operation of every spec is served: a request built from the spec alone (path, required
//! parameters and body filled from the spec's examples, defaults and rules) reaches the
//! operation's handler, which answers something other than 501 (the generated default of an
//! operation whose data lookup is not written) and other than a 400 of the generated validation
//! (which would mean the probe never reached the handler: the spec's examples break its own
//! rules) or a 404 or 405 of the router (the path or method has no route). A handler's 404 for an
//! id of the examples that the demo data does not hold is an answer.
//!
//! The operations come from `specs/*.yaml` at test time, so an operation added to a spec is
//! probed without touching this test. An operation whose handler is still being written may
//! answer 501 only while `tests/every_route_pending.txt` lists it; a listed operation that answers,
//! or that no spec has, fails the test too, so the list only shrinks.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use idc_emulator::{Emulator, RunningEmulator};
use serde_json::{Map, Value, json};

/// One operation of a spec, as the probe sends it.
struct Probe {
    /// `<spec file stem> <operationId>`, as the pending list names it.
    id: String,
    name: String,
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs")
}

/// `value`, or what its `$ref` points at, through a described `allOf` of one.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    if let Some(pointer) = value["$ref"].as_str() {
        let target = spec.pointer(pointer.trim_start_matches('#'));
        return resolve(
            spec,
            target.unwrap_or_else(|| panic!("{pointer} does not resolve")),
        );
    }
    match value["allOf"].as_array().map(Vec::as_slice) {
        Some([only]) => resolve(spec, only),
        _ => value,
    }
}

/// A value of `schema` that keeps its rules: its example, first enum value or default, else the
/// smallest value of its type (an object with its required properties).
fn sample(spec: &Value, schema: &Value) -> Value {
    let outer = schema;
    let schema = resolve(spec, schema);
    for key in ["example", "default"] {
        for s in [outer, schema] {
            if let Some(v) = s.get(key).filter(|v| !v.is_null()) {
                return v.clone();
            }
        }
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.clone();
    }
    match schema["type"].as_str() {
        Some("string") => {
            let length = schema["minLength"].as_u64().unwrap_or(1).max(1) as usize;
            Value::from("x".repeat(length))
        }
        Some("integer") | Some("number") => schema["minimum"].as_i64().unwrap_or(1).into(),
        Some("boolean") => false.into(),
        Some("array") => {
            let items = schema["minItems"].as_u64().unwrap_or(0).max(1) as usize;
            Value::Array(vec![sample(spec, &schema["items"]); items])
        }
        _ => {
            let required: Vec<&str> = (schema["required"].as_array().into_iter().flatten())
                .filter_map(Value::as_str)
                .collect();
            let mut object = Map::new();
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                if required.contains(&name.as_str()) {
                    object.insert(name.clone(), sample(spec, property));
                }
            }
            Value::Object(object)
        }
    }
}

/// A parameter's value as it is sent.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The probes of one spec.
fn probes(file: &Path) -> Vec<Probe> {
    let spec: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let scp_version = (spec["info"]["x-scp-service"].as_str()).map(|service| {
        let latest = &spec["info"]["x-scp-api-versions"][0]["version"];
        format!("{service} {}", latest.as_str().unwrap())
    });
    let mut out = Vec::new();
    for (template, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch"] {
            let Some(op) = item.get(method) else { continue };
            let stem = file.file_stem().unwrap().to_string_lossy();
            let mut probe = Probe {
                id: format!("{stem} {}", op["operationId"].as_str().unwrap()),
                name: format!(
                    "{} {} ({} {template})",
                    file.file_name().unwrap().to_string_lossy(),
                    op["operationId"].as_str().unwrap(),
                    method.to_uppercase()
                ),
                method: method.to_uppercase().parse().unwrap(),
                path: template.clone(),
                query: Vec::new(),
                headers: Vec::new(),
                body: None,
            };
            let shared = item["parameters"].as_array().into_iter().flatten();
            for p in shared.chain(op["parameters"].as_array().into_iter().flatten()) {
                let p = resolve(&spec, p);
                let name = p["name"].as_str().unwrap().to_owned();
                let required = p["required"].as_bool().unwrap_or(false);
                let value = match p.get("example") {
                    Some(example) => example.clone(),
                    None => sample(&spec, &p["schema"]),
                };
                match p["in"].as_str().unwrap() {
                    "path" => {
                        probe.path = probe.path.replace(&format!("{{{name}}}"), &text(&value))
                    }
                    "query" if required => probe.query.push((name, text(&value))),
                    "header" if required && p.get("x-idc-runtime").is_none() => {
                        probe.headers.push((name, text(&value)))
                    }
                    _ => {}
                }
            }
            if let Some(version) = &scp_version {
                probe
                    .headers
                    .push(("Scp-Api-Version".into(), version.clone()));
            }
            let body = &resolve(&spec, &op["requestBody"])["content"]["application/json"];
            if !body.is_null() {
                let example = body.get("example").cloned();
                probe.body = Some(example.unwrap_or_else(|| sample(&spec, &body["schema"])));
            }
            out.push(probe);
        }
    }
    out
}

/// The operations that may still answer 501: `<spec file stem> <operationId>` per line, `#`
/// comments.
fn pending() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/every_route_pending.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    (text.lines())
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
        })
        .filter(|words| !words.is_empty())
        .map(|words| words.join(" "))
        .collect()
}

/// What is wrong with the answer of `probe`, if anything (a 501 of a `pending` operation is
/// tolerated, any other answer of one is a problem: it should leave the list).
async fn answer(
    emulator: &RunningEmulator,
    client: &reqwest::Client,
    probe: &Probe,
    pending: bool,
) -> Option<String> {
    let url = format!("{}{}", emulator.base_url(), probe.path);
    let mut request = client
        .request(probe.method.clone(), url)
        .query(&probe.query);
    for (name, value) in &probe.headers {
        request = request.header(name, value);
    }
    if let Some(body) = &probe.body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    match status {
        501 if pending => None,
        _ if pending => Some(format!(
            "{}: answers {status} now: remove `{}` from tests/every_route_pending.txt",
            probe.name, probe.id
        )),
        501 => Some(format!("{}: answers 501: {body}", probe.name)),
        400 => Some(format!(
            "{}: the probe built from the spec was refused (400), so it never reached the handler: {body}",
            probe.name
        )),
        // The router's own answers: Huawei's gateway code, SCP's `{path, error}` without errors.
        404 | 405
            if body.contains("APIGW.0101")
                || !body.contains("\"errors\"") && body.contains("\"path\"") =>
        {
            Some(format!(
                "{}: no route answered ({status}): {body}",
                probe.name
            ))
        }
        _ => None,
    }
}

#[tokio::test]
async fn every_operation_of_every_spec_is_answered_by_its_handler() {
    let emulator = Emulator::builder()
        .verify_signatures(false)
        .start()
        .await
        .unwrap();
    let client = idc::tls::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(specs_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut probed = 0;
    let mut problems = Vec::new();
    let mut pending = pending();
    for file in &files {
        for probe in probes(file) {
            probed += 1;
            let listed = pending.remove(&probe.id);
            problems.extend(answer(&emulator, &client, &probe, listed).await);
        }
    }
    for stale in pending {
        problems.push(format!(
            "tests/every_route_pending.txt lists `{stale}`, which no spec has"
        ));
    }
    assert!(
        probed > 100,
        "only {probed} operations found in {}",
        specs_dir().display()
    );
    assert!(
        problems.is_empty(),
        "{} of {probed} operations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_sample_keeps_the_schema_s_rules() {
    let spec = json!({"components": {"schemas": {
        "Kind": {"type": "string", "enum": ["A", "B"]},
        "Thing": {"type": "object", "required": ["name", "kind", "count", "tags"], "properties": {
            "name": {"type": "string", "minLength": 3},
            "kind": {"$ref": "#/components/schemas/Kind"},
            "count": {"type": "integer", "minimum": 5},
            "tags": {"type": "array", "items": {"type": "string", "example": "t"}},
            "optional": {"type": "string"},
        }},
    }}});
    let thing = sample(&spec, &json!({"$ref": "#/components/schemas/Thing"}));
    assert_eq!(
        thing,
        json!({"name": "xxx", "kind": "A", "count": 5, "tags": ["t"]})
    );
    assert_eq!(
        sample(&spec, &json!({"type": "string", "example": "e"})),
        json!("e")
    );
}
