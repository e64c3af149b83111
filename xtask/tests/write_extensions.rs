//! The write extensions of a spec (`x-idc-retry`, `x-idc-outcome-read`, `x-idc-waiter`), read by
//! the model: what they say, and every name the model refuses (an operation, parameter or field
//! the spec does not have, a status operation whose parameters cannot be filled).

use serde_json::{Value, json};
use xtask::model::{Retry, Service, read};

/// A spec with a list (GET), a POST that reads, a create (POST) and its status operation,
/// with `edit` applied to the create's operation object.
fn spec(edit: impl FnOnce(&mut Value)) -> Value {
    let param = |name: &str, at: &str| json!({"name": name, "in": at, "required": true, "schema": {"type": "string"}});
    let answer = |schema: &str| {
        json!({"200": {"description": "ok", "content": {"application/json": {"schema":
            {"$ref": format!("#/components/schemas/{schema}")}}}}})
    };
    let mut create = json!({
        "operationId": "create_thing",
        "parameters": [param("instance_id", "path")],
        "responses": answer("StatusResponse"),
        "x-idc-outcome-read": "ListThings",
        "x-idc-waiter": {
            "status-operation": "DescribeThingStatus",
            "request-id": "status.request_id",
            "id-parameter": "request_id",
            "status": "status.status",
            "success": ["SUCCEEDED"],
            "failure": ["FAILED"],
            "in-progress": ["IN_PROGRESS"],
            "failure-reason": "status.failure_reason",
        },
    });
    edit(&mut create);
    json!({
        "info": {"title": "t", "x-idc": {"cloud": "huawei", "service": "things"}},
        "paths": {
            "/v1/{instance_id}/things": {
                "get": {"operationId": "list_things", "parameters": [param("instance_id", "path")],
                        "responses": answer("StatusResponse")},
                "post": create,
            },
            "/v1/{instance_id}/things/query": {
                "post": {"operationId": "query_things", "x-idc-retry": "safe",
                         "parameters": [param("instance_id", "path")],
                         "responses": answer("StatusResponse")},
            },
            "/v1/{instance_id}/status/{request_id}": {
                "get": {"operationId": "describe_thing_status",
                        "parameters": [param("instance_id", "path"), param("request_id", "path")],
                        "responses": answer("StatusResponse")},
            },
        },
        "components": {"schemas": {
            "StatusResponse": {"type": "object", "properties": {"status": {"$ref": "#/components/schemas/Status"}}},
            "Status": {"type": "object", "required": ["request_id"], "properties": {
                "request_id": {"type": "string"},
                "status": {"type": "string"},
                "failure_reason": {"type": "string", "nullable": true},
                "count": {"type": "integer"},
            }},
        }},
    })
}

fn model(edit: impl FnOnce(&mut Value)) -> Result<Service, String> {
    read("things", &spec(edit)).map_err(|(at, what)| format!("{at}: {what}"))
}

fn refused(edit: impl FnOnce(&mut Value)) -> String {
    model(edit).expect_err("refused")
}

#[test]
fn retry_safety_defaults_from_the_method_and_reads_the_extension() {
    let service = model(|_| {}).unwrap();
    let op = |id: &str| service.operation(id).unwrap();
    assert_eq!(op("list_things").retry, Retry::Safe);
    assert_eq!(op("query_things").retry, Retry::Safe, "marked safe");
    assert_eq!(
        op("create_thing").retry,
        Retry::Unsafe {
            outcome_read: "ListThings".into()
        }
    );
    let safe = model(|c| c["x-idc-retry"] = json!("safe")).unwrap();
    assert_eq!(safe.operation("create_thing").unwrap().retry, Retry::Safe);
}

#[test]
fn the_waiter_is_read_with_the_parameters_it_shares() {
    let service = model(|_| {}).unwrap();
    let w = service
        .operation("create_thing")
        .unwrap()
        .waiter
        .clone()
        .unwrap();
    assert_eq!(w.status_type, "DescribeThingStatus");
    assert_eq!(w.request_id.dotted(), "status.request_id");
    assert_eq!(w.id_parameter, "request_id");
    assert_eq!(w.shared_params, ["instance_id"]);
    assert_eq!(
        w.status.steps,
        [("status".into(), true), ("status".into(), true)]
    );
    assert_eq!(w.failure, ["FAILED"]);
    let status = service.operation("describe_thing_status").unwrap();
    assert_eq!(service.waiter_polled_by(status), Some(&w));
}

#[test]
fn a_write_without_an_outcome_read_is_refused() {
    let e = refused(|c| {
        c.as_object_mut().unwrap().remove("x-idc-outcome-read");
    });
    assert!(e.contains("needs x-idc-outcome-read"), "{e}");
    let e = refused(|c| c["x-idc-outcome-read"] = json!("ListNothing"));
    assert!(e.contains("ListNothing, which is no operation"), "{e}");
    let e = refused(|c| c["x-idc-outcome-read"] = json!("create_thing"));
    assert!(e.contains("is not a read"), "{e}");
    let e = refused(|c| c["x-idc-retry"] = json!("maybe"));
    assert!(e.contains("safe or unsafe"), "{e}");
}

#[test]
fn a_waiter_naming_what_does_not_exist_is_refused() {
    let cases: [(&str, Value, &str); 7] = [
        ("status-operation", json!("DescribeNothing"), "no operation"),
        (
            "request-id",
            json!("status.nothing"),
            "no field status.nothing",
        ),
        ("request-id", json!("status.count"), "is not a string"),
        ("status", json!("state"), "no field state"),
        ("failure-reason", json!("status.why"), "no field status.why"),
        (
            "id-parameter",
            json!("job_id"),
            "no string parameter job_id",
        ),
        ("success", json!([]), "at least one"),
    ];
    for (key, value, expected) in cases {
        let e = refused(|c| c["x-idc-waiter"][key] = value.clone());
        assert!(e.contains(expected), "{key}: {e}");
    }
    let e = refused(|c| c["x-idc-waiter"]["failure"] = json!(["SUCCEEDED"]));
    assert!(e.contains("listed twice"), "{e}");
}

#[test]
fn a_status_operation_whose_parameters_cannot_be_filled_is_refused() {
    // The create no longer has the instance the status operation requires.
    let e = refused(|c| {
        c["parameters"] = json!([]);
    });
    assert!(
        e.contains("DescribeThingStatus requires parameter instance_id"),
        "{e}"
    );
}

#[test]
fn what_a_destructive_operation_destroys_is_read_and_a_read_cannot_destroy() {
    assert_eq!(
        model(|_| {})
            .unwrap()
            .operation("create_thing")
            .unwrap()
            .destroys,
        None
    );
    let service = model(|create| create["x-idc-destroys"] = json!("  the thing and its parts "));
    let op = service.unwrap();
    assert_eq!(
        op.operation("create_thing").unwrap().destroys.as_deref(),
        Some("the thing and its parts")
    );
    for bad in [json!(""), json!("   "), json!(true), json!(["a"])] {
        let message = refused(|create| create["x-idc-destroys"] = bad.clone());
        assert!(
            message.contains("POST /v1/{instance_id}/things") && message.contains("x-idc-destroys"),
            "{message}"
        );
    }
}

#[test]
fn x_idc_destroys_on_a_get_is_refused() {
    let mut spec = spec(|_| {});
    spec["paths"]["/v1/{instance_id}/things"]["get"]["x-idc-destroys"] = json!("everything");
    let message = read("things", &spec)
        .map(|_| ())
        .map_err(|(at, what)| format!("{at}: {what}"))
        .expect_err("refused");
    assert!(
        message.starts_with("GET /v1/{instance_id}/things")
            && message.contains("a read destroys nothing"),
        "{message}"
    );
}
