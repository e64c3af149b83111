//! Tests of one-object output and query results.

use super::*;
use serde_json::json;

fn one(json: Value, shape: &Shape, format: Format, columns: &[&str]) -> (String, Vec<String>) {
    let columns: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
    let mut out = Vec::new();
    let requested = (!columns.is_empty()).then_some(columns.as_slice());
    let notes = write_object(json, shape, format, requested, None, &mut out)
        .unwrap_or_else(|_| panic!("failed"));
    (String::from_utf8(out).unwrap(), notes)
}

fn wrapper(inner: &[&'static str]) -> Shape {
    Shape {
        fields: Some(vec!["account"]),
        inner: Some(inner.to_vec()),
        open: false,
    }
}

#[test]
fn one_object_is_unwrapped_into_field_value_rows() {
    let shape = wrapper(&["name", "id", "parent_unit_name", "owner"]);
    let answer = json!({"account": {
        "id": "a-1", "name": "Admin Account", "parent_unit_name": "Root",
        "owner": {"name": "Kim", "email": "kim@example.com"}, "extra": [1, 2]
    }});
    let (table, notes) = one(answer.clone(), &shape, Format::Table, &[]);
    assert_eq!(
        table,
        "FIELD             VALUE\n\
         name              Admin Account\n\
         id                a-1\n\
         parent_unit_name  Root\n\
         owner.email       kim@example.com\n\
         owner.name        Kim\n\
         extra             1, 2\n"
    );
    assert!(notes.is_empty());
    let (csv, _) = one(answer.clone(), &shape, Format::Csv, &[]);
    assert_eq!(
        csv,
        "name,id,parent_unit_name,owner.email,owner.name,extra\n\
         Admin Account,a-1,Root,kim@example.com,Kim,\"[1,2]\"\n"
    );
    // JSON stays exactly the answer.
    let (json_line, _) = one(answer.clone(), &shape, Format::Json, &[]);
    assert_eq!(serde_json::from_str::<Value>(&json_line).unwrap(), answer);
}

#[test]
fn columns_pick_the_fields_of_one_object() {
    let shape = wrapper(&["name", "id", "owner", "description"]);
    let answer = json!({"account": {"id": "a-1", "name": "N", "owner": {"name": "Kim"}}});
    let (csv, notes) = one(
        answer.clone(),
        &shape,
        Format::Csv,
        &["id", "owner", "description"],
    );
    assert_eq!(csv, "id,owner.name,description\na-1,Kim,\n");
    assert!(notes.is_empty(), "description is a field, only absent");
    let (table, _) = one(answer.clone(), &shape, Format::Table, &["id"]);
    assert_eq!(table, "FIELD  VALUE\nid     a-1\n");
    let mut out = Vec::new();
    let bad = ["nope".to_owned()];
    let result = write_object(answer, &shape, Format::Table, Some(&bad), None, &mut out);
    assert!(matches!(result, Err(Failure::Usage(m)) if m.contains("\"nope\"")));
    assert!(out.is_empty());
}

#[test]
fn an_open_object_notes_a_column_it_lacks_instead_of_refusing_it() {
    // SCP objects keep the fields the service adds later: their type names no fields.
    let open = Shape {
        fields: Some(vec!["account"]),
        inner: None,
        open: false,
    };
    let answer = json!({"account": {"id": "a-1", "name": "N"}});
    let (csv, notes) = one(answer, &open, Format::Csv, &["name", "nmae"]);
    assert_eq!(csv, "name,nmae\nN,\n");
    assert_eq!(
        notes,
        ["the answer has no field \"nmae\" (its fields: id, name)"]
    );
}

#[test]
fn a_list_in_a_wrapper_is_a_table_with_a_column_per_field() {
    let shape = Shape {
        fields: Some(vec!["results"]),
        inner: Some(vec!["group_id", "member_id", "membership_exists"]),
        open: false,
    };
    let answer = json!({"results": [
        {"group_id": "g-1", "member_id": {"user_id": "u-1"}, "membership_exists": true},
        {"group_id": "g-2", "member_id": {"user_id": "u-1"}, "membership_exists": false},
    ]});
    let (table, _) = one(answer.clone(), &shape, Format::Table, &[]);
    assert_eq!(
        table,
        "GROUP_ID  MEMBER_ID.USER_ID  MEMBERSHIP_EXISTS\n\
         g-1       u-1                true\n\
         g-2       u-1                false\n"
    );
    let (csv, _) = one(
        answer.clone(),
        &shape,
        Format::Csv,
        &["membership_exists", "group_id"],
    );
    assert_eq!(csv, "membership_exists,group_id\ntrue,g-1\nfalse,g-2\n");
    // A list of plain values: one column named after the list.
    let (ids, _) = one(
        json!({"ids": ["a", "b"]}),
        &Shape::default(),
        Format::Table,
        &[],
    );
    assert_eq!(ids, "IDS\na\nb\n");
}

#[test]
fn an_empty_answer_prints_nothing_and_says_so() {
    let shape = Shape {
        fields: Some(vec!["custom_policy"]),
        ..Shape::default()
    };
    for format in [Format::Table, Format::Csv] {
        let (out, notes) = one(json!({}), &shape, format, &[]);
        assert_eq!(out, "", "{format:?}: no blank line, no empty cell");
        assert_eq!(notes, ["the answer has no custom_policy (nothing to show)"]);
    }
    let (out, notes) = one(
        json!({"results": []}),
        &Shape::default(),
        Format::Table,
        &[],
    );
    assert_eq!(out, "");
    assert_eq!(notes, ["the answer has no results (nothing to show)"]);
    // A present document is a field like any other.
    let (table, _) = one(
        json!({"custom_policy": "{\"V\":1}"}),
        &shape,
        Format::Table,
        &[],
    );
    assert_eq!(table, "FIELD          VALUE\ncustom_policy  {\"V\":1}\n");
    // JSON shows the answer as sent, empty or not.
    assert_eq!(one(json!({}), &shape, Format::Json, &[]).0, "{}\n");
}

#[test]
fn a_type_with_several_fields_is_not_unwrapped() {
    let shape = Shape {
        fields: Some(vec!["user_id", "identity_store_id"]),
        ..Shape::default()
    };
    let (table, _) = one(json!({"user_id": {"a": 1}}), &shape, Format::Table, &[]);
    assert_eq!(table, "FIELD      VALUE\nuser_id.a  1\n");
}

#[test]
fn hostile_field_names_and_values_are_escaped_in_the_table_and_neutralised_in_csv() {
    let hostile = json!({"account": {"\u{1b}[2Jname": "=1+1\nerror: fake"}});
    let (table, _) = one(hostile.clone(), &Shape::default(), Format::Table, &[]);
    assert!(
        !table.chars().any(|c| c.is_control() && c != '\n'),
        "{table:?}"
    );
    assert_eq!(table.lines().count(), 2, "{table:?}");
    let (csv, _) = one(hostile, &Shape::default(), Format::Csv, &[]);
    assert!(!csv.chars().any(|c| c.is_control() && c != '\n'), "{csv:?}");
    assert!(csv.contains("'=1+1"), "{csv:?}");
}

#[test]
fn yaml_shows_one_object_as_sent() {
    let answer = json!({"account": {"id": "a-1", "name": "N", "tags": []}});
    let (yaml, notes) = one(answer.clone(), &wrapper(&["id", "name"]), Format::Yaml, &[]);
    assert!(notes.is_empty());
    assert_eq!(
        serde_yaml_ng::from_str::<Value>(&yaml).unwrap(),
        answer,
        "{yaml}"
    );
}

fn result(value: Value, format: Format, columns: &[&str]) -> (String, Vec<String>) {
    let columns: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
    let requested = (!columns.is_empty()).then_some(columns.as_slice());
    let mut out = Vec::new();
    let notes =
        write_result(value, format, requested, None, &mut out).unwrap_or_else(|_| panic!("failed"));
    (String::from_utf8(out).unwrap(), notes)
}

#[test]
fn a_query_result_is_written_in_every_format() {
    let rows = json!([{"who": "alice", "n": 2}, {"who": "bob", "n": 1}]);
    // JSON: a list one entry a line, as a listing; anything else one line.
    assert_eq!(
        result(rows.clone(), Format::Json, &[]).0,
        "{\"n\":2,\"who\":\"alice\"}\n{\"n\":1,\"who\":\"bob\"}\n"
    );
    assert_eq!(
        result(json!(["u-1", "u-2"]), Format::Json, &[]).0,
        "\"u-1\"\n\"u-2\"\n"
    );
    assert_eq!(result(json!(2), Format::Json, &[]).0, "2\n");
    assert_eq!(result(Value::Null, Format::Json, &[]).0, "null\n");
    assert_eq!(result(json!([]), Format::Json, &[]).0, "");
    // YAML: one document.
    let (yaml, _) = result(rows.clone(), Format::Yaml, &[]);
    assert_eq!(serde_yaml_ng::from_str::<Value>(&yaml).unwrap(), rows);
    // Table and CSV: a row per object, columns read off them or named.
    assert_eq!(
        result(rows.clone(), Format::Table, &[]).0,
        "N  WHO\n2  alice\n1  bob\n"
    );
    assert_eq!(result(rows.clone(), Format::Csv, &["n"]).0, "n\n2\n1\n");
    assert_eq!(result(json!(["u-1"]), Format::Csv, &[]).0, "value\nu-1\n");
    assert_eq!(
        result(json!(3), Format::Table, &[]).0,
        "FIELD  VALUE\nvalue  3\n"
    );
    // A column the result lacks is noted, not refused: its fields are not known before.
    let (csv, notes) = result(json!({"a": 1, "b": 2}), Format::Csv, &["c"]);
    assert_eq!(csv, "c\n\"\"\n", "one empty cell, quoted by the CSV writer");
    assert_eq!(notes, ["the answer has no field \"c\" (its fields: a, b)"]);
}
