//! Reading the model from a spec: `$ref`s followed, the `x-idc*` extensions checked.

use serde_json::Value;

use super::names::{pascal, snake};
use super::schema::{field, ref_name, resolve, response_schema};
use super::types::{
    Body, BodyField, BodyType, CliShortcut, Cloud, Field, Kind, Location, MarkerPagination,
    ModelError, Operation, PagePagination, Pagination, Param, Retry, STRING_ITEM, Service,
};
use super::writes;

/// Reads the model of one spec. `module` is the spec's Rust module name.
pub fn read(module: &str, spec: &Value) -> Result<Service, ModelError> {
    let info = &spec["info"];
    let x = &info["x-idc"];
    let cloud = match x["cloud"].as_str() {
        Some("huawei") => Cloud::Huawei,
        Some("scp") => Cloud::Scp,
        other => {
            return Err((
                "info.x-idc.cloud".into(),
                format!("must be huawei or scp, not {other:?}"),
            ));
        }
    };
    let service = x["service"]
        .as_str()
        .ok_or(("info.x-idc.service".into(), "is required".into()))?
        .to_owned();
    // Each service's client lives in its own module of the cloud's: `crate::huawei::identitystore`.
    let client = x["client"].as_str().map_or_else(
        || {
            format!(
                "crate::{}::{}::Client",
                cloud.name(),
                service.replace('-', "_")
            )
        },
        str::to_owned,
    );
    let mut operations = Vec::new();
    if let Some(paths) = spec["paths"].as_object() {
        for (path, item) in paths {
            let item = resolve(spec, item)?;
            let shared = item["parameters"].as_array().cloned().unwrap_or_default();
            for method in ["get", "put", "post", "delete", "patch"] {
                if let Some(op) = item.get(method) {
                    let at = format!("{} {path}", method.to_uppercase());
                    operations.push(operation(spec, path, method, op, &shared, &at)?);
                }
            }
        }
    }
    writes::link(spec, &mut operations)?;
    Ok(Service {
        module: module.to_owned(),
        cloud,
        service,
        title: info["title"].as_str().unwrap_or_default().to_owned(),
        client,
        scp_service: info["x-scp-service"].as_str().map(str::to_owned),
        project_scoped: x["credential-scope"] == "project",
        operations,
    })
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().trim().to_owned()
}

fn operation(
    spec: &Value,
    path: &str,
    method: &str,
    op: &Value,
    shared: &[Value],
    at: &str,
) -> Result<Operation, ModelError> {
    let err = |what: String| (at.to_owned(), what);
    let id = op["operationId"]
        .as_str()
        .ok_or_else(|| err("has no operationId".into()))?
        .to_owned();
    let mut params = Vec::new();
    for raw in shared
        .iter()
        .chain(op["parameters"].as_array().into_iter().flatten())
    {
        params.push(param(spec, resolve(spec, raw)?, at)?);
    }
    let response_schema = response_schema(spec, op)?;
    let response = response_schema.and_then(ref_name);
    let body = match op.get("requestBody") {
        None => None,
        Some(raw) => Some(body(spec, resolve(spec, raw)?, at)?),
    };
    let pagination = match op.get("x-idc-pagination") {
        None => None,
        Some(x) => {
            let schema = response_schema
                .ok_or_else(|| err("x-idc-pagination on an operation without a body".into()))?;
            Some(pagination(spec, x, schema, &params, at)?)
        }
    };
    let cli = &op["x-idc-cli"];
    let item_fields: Vec<String> = match &pagination {
        Some(p) if p.item_type() != STRING_ITEM => {
            let item = spec
                .pointer(&format!("/components/schemas/{}", p.item_type()))
                .unwrap_or(&Value::Null);
            resolve(spec, item)?["properties"]
                .as_object()
                .map(|props| props.keys().cloned().collect())
                .unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let mut cli_columns = strings(&cli["columns"]);
    if cli_columns.is_empty()
        && let Some(p) = &pagination
        && p.item_type() == STRING_ITEM
    {
        // A list of ids: one column, named after the list.
        cli_columns = vec![
            p.items()
                .steps
                .last()
                .map(|s| s.0.clone())
                .unwrap_or_default(),
        ];
    } else if cli_columns.is_empty() {
        cli_columns = item_fields.clone();
    }
    let mut cli_shortcuts = Vec::new();
    for shortcut in cli["shortcuts"].as_array().into_iter().flatten() {
        let at = format!("{method} {path} x-idc-cli.shortcuts");
        let field = text(&shortcut["field"]);
        let flag = text(&shortcut["flag"]);
        let is_named = body
            .iter()
            .flat_map(|b| &b.fields)
            .any(|f| f.name == field && matches!(f.ty, BodyType::Named(_)));
        if !is_named {
            return Err((
                at,
                format!("{field:?} is not a body field of a named schema"),
            ));
        }
        let template = shortcut["value"].to_string();
        if flag.is_empty() || !template.contains("\"{}\"") {
            return Err((
                at,
                format!("{flag:?} needs a flag and a value with \"{{}}\""),
            ));
        }
        cli_shortcuts.push(CliShortcut {
            flag,
            field,
            help: text(&shortcut["help"]),
            template,
        });
    }
    Ok(Operation {
        cli_shortcuts,
        type_name: pascal(&id),
        id,
        method: method.to_uppercase(),
        path: path.to_owned(),
        summary: text(&op["summary"]),
        description: text(&op["description"]),
        params,
        response,
        body,
        pagination,
        cli_aliases: strings(&cli["aliases"]),
        cli_names: strings(&cli["names"]),
        unauthenticated: op["x-idc-unauthenticated"].as_bool().unwrap_or(false),
        destroys: writes::destroys(op, method, at)?,
        cli_columns,
        item_fields,
        // The extensions that name other operations are read once every operation is.
        retry: Retry::Safe,
        waiter: None,
    })
}

/// The strings of a JSON array (nothing for anything else).
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn body(spec: &Value, raw: &Value, at: &str) -> Result<Body, ModelError> {
    let err = |what: String| (format!("{at} requestBody"), what);
    let schema_ref = &raw["content"]["application/json"]["schema"];
    let type_name =
        ref_name(schema_ref).ok_or_else(|| err("the JSON body must be a named schema".into()))?;
    let schema = resolve(spec, schema_ref)?;
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut fields = Vec::new();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        // A described reference is an `allOf` of one.
        let target = match property["allOf"].as_array().map(Vec::as_slice) {
            Some([only]) => only,
            _ => property,
        };
        let resolved = resolve(spec, target)?;
        let ty = match (ref_name(target), resolved["type"].as_str()) {
            (Some(name), _) => BodyType::Named(name),
            (None, Some("string")) if resolved["format"] == "password" => BodyType::Secret,
            (None, Some("string")) => BodyType::String,
            (None, Some("integer")) => BodyType::Integer,
            (None, Some("boolean")) => BodyType::Boolean,
            (None, Some("array")) => match (
                ref_name(&resolved["items"]),
                resolve(spec, &resolved["items"])?["type"].as_str(),
            ) {
                (Some(item), _) => BodyType::NamedList(item),
                (None, Some("string")) => BodyType::Strings,
                _ => return Err(err(format!("property {name}: unsupported array items"))),
            },
            _ => return Err(err(format!("property {name}: unsupported type"))),
        };
        let description = match text(&property["description"]) {
            d if d.is_empty() => text(&resolved["description"]),
            d => d,
        };
        static NO_ITEMS: Value = Value::Null;
        let items = match &ty {
            BodyType::NamedList(_) | BodyType::Strings => resolve(spec, &resolved["items"])?,
            _ => &NO_ITEMS,
        };
        let example = [
            &property["example"],
            &resolved["example"],
            &items["example"],
        ]
        .into_iter()
        .find(|e| !e.is_null())
        .map(|e| match e {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let exactly_one_of = strings(&resolved["x-idc-exactly-one-of"]);
        if let Some(missing) = exactly_one_of
            .iter()
            .find(|p| resolved["properties"].get(p.as_str()).is_none())
        {
            return Err(err(format!(
                "property {name}: x-idc-exactly-one-of names {missing}, which its schema does not have"
            )));
        }
        fields.push(BodyField {
            exactly_one_of,
            one_of: strings(&resolved["enum"]),
            rust: snake(name),
            required: required.contains(&name.as_str()),
            description,
            ty,
            name: name.clone(),
            example,
        });
    }
    Ok(Body {
        type_name,
        required: raw["required"].as_bool().unwrap_or(false),
        fields,
    })
}

fn param(spec: &Value, p: &Value, at: &str) -> Result<Param, ModelError> {
    let name = p["name"]
        .as_str()
        .ok_or((at.to_owned(), "a parameter has no name".to_owned()))?
        .to_owned();
    let err = |what: &str| (format!("{at} parameter {name}"), what.to_owned());
    let location = match p["in"].as_str() {
        Some("path") => Location::Path,
        Some("query") => Location::Query,
        Some("header") => Location::Header,
        _ => return Err(err("must be in path, query or header")),
    };
    let raw_schema = &p["schema"];
    let schema = resolve(spec, raw_schema)?;
    // `allOf: [$ref]` wraps a referenced type with its own description.
    let schema = match schema["allOf"].as_array().map(Vec::as_slice) {
        Some([only]) => resolve(spec, only)?,
        _ => schema,
    };
    let is_principal = ref_name(raw_schema).as_deref() == Some("PrincipalType");
    let kind = match schema["type"].as_str() {
        _ if is_principal => Kind::PrincipalType,
        Some("string") => Kind::String,
        Some("integer") => Kind::Integer,
        Some("boolean") => Kind::Boolean,
        other => return Err(err(&format!("type {other:?} is not supported"))),
    };
    let one_of = schema["enum"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let description = match text(&p["description"]) {
        d if d.is_empty() => text(&schema["description"]),
        d => d,
    };
    let example = match &p["example"] {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    };
    Ok(Param {
        rust: snake(&name),
        location,
        required: p["required"].as_bool().unwrap_or(false) || location == Location::Path,
        description,
        kind,
        pattern: schema["pattern"].as_str().map(str::to_owned),
        min_length: schema["minLength"].as_u64(),
        max_length: schema["maxLength"].as_u64(),
        minimum: schema["minimum"].as_i64(),
        maximum: schema["maximum"].as_i64(),
        default: schema.get("default").cloned(),
        one_of,
        example,
        runtime: p["x-idc-runtime"].as_str().map(str::to_owned),
        repeatable: p["x-idc-repeatable"].as_bool().unwrap_or(false),
        name,
    })
}

fn pagination(
    spec: &Value,
    x: &Value,
    response: &Value,
    params: &[Param],
    at: &str,
) -> Result<Pagination, ModelError> {
    let get = |key: &str| -> Result<String, ModelError> {
        x[key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| (at.to_owned(), format!("x-idc-pagination.{key} is required")))
    };
    let need_param = |name: &str| -> Result<(), ModelError> {
        if params.iter().any(|p| p.name == name) {
            Ok(())
        } else {
            Err((
                at.to_owned(),
                format!(
                    "x-idc-pagination names parameter {name}, which the operation does not have"
                ),
            ))
        }
    };
    let items_path = get("items")?;
    let items = field(spec, response, &items_path, at, "x-idc-pagination")?;
    // The item type: the `$ref` of the items array.
    let mut schema = resolve(spec, response)?;
    for part in items_path.split('.') {
        schema = resolve(spec, &schema["properties"][part])?;
    }
    let item_type = match ref_name(&schema["items"]) {
        Some(name) => name,
        None if resolve(spec, &schema["items"])?["type"] == "string" => STRING_ITEM.to_owned(),
        None => {
            return Err((
                at.to_owned(),
                format!(
                    "x-idc-pagination.items: {items_path} must be an array of strings or of a named schema"
                ),
            ));
        }
    };
    let optional = |key: &str| -> Result<Option<Field>, ModelError> {
        x[key]
            .as_str()
            .map(|dotted| field(spec, response, dotted, at, "x-idc-pagination"))
            .transpose()
    };
    match x["style"].as_str() {
        Some("marker") => {
            let marker = get("marker")?;
            let limit = get("limit")?;
            need_param(&marker)?;
            need_param(&limit)?;
            Ok(Pagination::Marker(MarkerPagination {
                items,
                item_type,
                marker,
                limit,
                next_marker: field(spec, response, &get("next-marker")?, at, "x-idc-pagination")?,
                count: optional("count")?,
            }))
        }
        Some("page") => {
            let page = get("page")?;
            let size = get("size")?;
            need_param(&page)?;
            need_param(&size)?;
            Ok(Pagination::Page(PagePagination {
                items,
                item_type,
                page,
                size,
                count: optional("count")?,
                sort: optional("sort")?,
            }))
        }
        other => Err((
            at.to_owned(),
            format!("x-idc-pagination.style must be marker or page, not {other:?}"),
        )),
    }
}
