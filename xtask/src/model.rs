//! The operation model: every per-operation fact of a spec, read once, for every emitter.
//!
//! The model is read from the spec as plain JSON (the YAML parsed into `serde_json::Value`), with
//! `$ref`s followed, so that each emitter is a small function of [`Service`] and never looks at
//! OpenAPI again. What OpenAPI has no field for comes from the `x-idc*` extensions documented in
//! `specs/README.md`.

use serde_json::Value;

/// What is wrong with a spec's extensions or shapes, as `(where, what)`.
pub type ModelError = (String, String);

/// The cloud a spec belongs to (`info.x-idc.cloud`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    /// Huawei Cloud.
    Huawei,
    /// Samsung Cloud Platform.
    Scp,
}

impl Cloud {
    /// The name used in module paths and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Huawei => "huawei",
            Self::Scp => "scp",
        }
    }
}

/// One spec: one service of one cloud.
#[derive(Clone, Debug)]
pub struct Service {
    /// The Rust module name of the spec (`huawei_identitycenter`).
    pub module: String,
    /// The cloud.
    pub cloud: Cloud,
    /// The service's command-line name (`identitycenter`, `iam-identity-center`).
    pub service: String,
    /// `info.title`.
    pub title: String,
    /// The facade client the operations hang off, as a path in the `idc` crate.
    pub client: String,
    /// The SCP service name sent in `Scp-Api-Version` (`info.x-scp-service`), if any.
    pub scp_service: Option<String>,
    /// `info.x-idc.credential-scope: project`: a regional service that takes a project's
    /// credentials (`X-Project-Id`) instead of the account's (`X-Domain-Id`).
    pub project_scoped: bool,
    /// The operations, in spec order.
    pub operations: Vec<Operation>,
}

impl Service {
    /// The Cargo feature of `idc-raw` and `idc` that compiles this spec's modules: the spec's file
    /// name (`huawei-identitycenter`).
    pub fn feature(&self) -> String {
        self.module.replace('_', "-")
    }
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`, snake case (`list_account_assignments`).
    pub id: String,
    /// The operation in Pascal case (`ListAccountAssignments`), the name of its builder.
    pub type_name: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// `summary`.
    pub summary: String,
    /// `description`.
    pub description: String,
    /// Every parameter, in spec order.
    pub params: Vec<Param>,
    /// The schema name of the success response, if it has a body.
    pub response: Option<String>,
    /// The JSON request body, if the operation takes one.
    pub body: Option<Body>,
    /// How the operation pages, if it does.
    pub pagination: Option<Pagination>,
    /// Names under which the command line also offers the operation, at the cloud level.
    pub cli_aliases: Vec<String>,
    /// Other names of the operation's subcommand, at the service level (`versions`).
    pub cli_names: Vec<String>,
    /// `x-idc-unauthenticated`: sent unsigned, answered without checking a signature.
    pub unauthenticated: bool,
    /// The default table columns.
    pub cli_columns: Vec<String>,
    /// `x-idc-cli.shortcuts`: flags that fill a body field from one value.
    pub cli_shortcuts: Vec<CliShortcut>,
    /// The properties the spec documents for a list's items (empty for a list of plain values or
    /// items of no documented shape): the columns `--columns` may name.
    pub item_fields: Vec<String>,
}

impl Operation {
    /// The operation on the command line (`list-account-assignments`).
    pub fn cli_name(&self) -> String {
        self.id.replace('_', "-")
    }

    /// The parameters a caller sets: not the ones the runtime sets, nor the paging ones.
    pub fn caller_params(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.runtime.is_none() && !self.is_paging_param(p))
    }

    /// Whether `p` is the token, limit, page or size parameter of the pagination.
    pub fn is_paging_param(&self, p: &Param) -> bool {
        match &self.pagination {
            Some(Pagination::Marker(m)) => p.name == m.marker || p.name == m.limit,
            Some(Pagination::Page(pg)) => p.name == pg.page || p.name == pg.size,
            None => false,
        }
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A JSON request body: a named object schema whose top-level properties become setters.
#[derive(Clone, Debug)]
pub struct Body {
    /// The schema name.
    pub type_name: String,
    /// Whether the body is required.
    pub required: bool,
    /// The top-level properties.
    pub fields: Vec<BodyField>,
}

/// A flag that fills a body field of a named schema from one value (`x-idc-cli.shortcuts`).
#[derive(Clone, Debug)]
pub struct CliShortcut {
    /// The flag, without `--` (`user-name`).
    pub flag: String,
    /// The body field it fills (`alternate_identifier`).
    pub field: String,
    /// The flag's help.
    pub help: String,
    /// The field's value as compact JSON, with the string `"{}"` where the flag's value goes.
    pub template: String,
}

/// One top-level property of a request body.
#[derive(Clone, Debug)]
pub struct BodyField {
    /// The JSON name.
    pub name: String,
    /// The Rust name.
    pub rust: String,
    /// Whether the schema requires it.
    pub required: bool,
    /// `description`.
    pub description: String,
    /// What it holds.
    pub ty: BodyType,
    /// `example` of the property, else of its schema (of the items' schema for a list): a string as
    /// is, anything else as compact JSON.
    pub example: Option<String>,
    /// `x-idc-exactly-one-of` of its (named object) schema: the properties of which exactly one
    /// must be set.
    pub exactly_one_of: Vec<String>,
}

/// What a body property holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyType {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A boolean.
    Boolean,
    /// A list of strings.
    Strings,
    /// A named schema.
    Named(String),
    /// A list of a named schema.
    NamedList(String),
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// What a parameter holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A boolean.
    Boolean,
    /// The forward-compatible principal type (`USER`, `GROUP`, ...).
    PrincipalType,
}

/// One parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// The Rust name (snake case of the wire name).
    pub rust: String,
    /// Where it goes.
    pub location: Location,
    /// Whether the spec requires it.
    pub required: bool,
    /// `description`.
    pub description: String,
    /// What it holds.
    pub kind: Kind,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<i64>,
    /// `maximum`.
    pub maximum: Option<i64>,
    /// `default`, as JSON.
    pub default: Option<Value>,
    /// `enum`.
    pub one_of: Vec<String>,
    /// `example`, as text.
    pub example: Option<String>,
    /// `x-idc-runtime`: set by the runtime (`api-version`, `security-token`), not by callers.
    pub runtime: Option<String>,
    /// `x-idc-repeatable`: the server also takes the parameter repeated, its values joined by commas.
    pub repeatable: bool,
}

impl Param {
    /// Whether any string rule applies.
    pub fn has_string_rules(&self) -> bool {
        self.pattern.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
            || !self.one_of.is_empty()
    }
}

/// The item type of a list of plain strings (instead of a schema name).
pub const STRING_ITEM: &str = "string";

/// How a list operation pages (`x-idc-pagination`).
#[derive(Clone, Debug)]
pub enum Pagination {
    /// An opaque marker (Huawei).
    Marker(MarkerPagination),
    /// A 0-based page number and a size (SCP).
    Page(PagePagination),
}

impl Pagination {
    /// The response field that holds the items.
    pub fn items(&self) -> &Field {
        match self {
            Self::Marker(m) => &m.items,
            Self::Page(p) => &p.items,
        }
    }

    /// The schema name of one item, or [`STRING_ITEM`].
    pub fn item_type(&self) -> &str {
        match self {
            Self::Marker(m) => &m.item_type,
            Self::Page(p) => &p.item_type,
        }
    }
}

/// A response field reached by a path of property names, with whether each step may be absent.
#[derive(Clone, Debug)]
pub struct Field {
    /// `(property, optional)` from the response's top level down.
    pub steps: Vec<(String, bool)>,
}

/// Marker pagination.
#[derive(Clone, Debug)]
pub struct MarkerPagination {
    /// The items array.
    pub items: Field,
    /// The schema name of an item.
    pub item_type: String,
    /// The query parameter carrying the marker.
    pub marker: String,
    /// The query parameter carrying the page size.
    pub limit: String,
    /// The next marker in the response.
    pub next_marker: Field,
    /// The page's item count in the response, if any.
    pub count: Option<Field>,
}

/// Page/size pagination.
#[derive(Clone, Debug)]
pub struct PagePagination {
    /// The items array.
    pub items: Field,
    /// The schema name of an item.
    pub item_type: String,
    /// The 0-based page parameter.
    pub page: String,
    /// The page size parameter.
    pub size: String,
    /// The count in the response, if any.
    pub count: Option<Field>,
    /// The applied sort order in the response, if any.
    pub sort: Option<Field>,
}

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

/// Follows `$ref`s within the document.
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> Result<&'a Value, ModelError> {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(value);
        };
        let pointer = reference.strip_prefix('#').ok_or_else(|| {
            (
                reference.to_owned(),
                "only local references are supported".to_owned(),
            )
        })?;
        value = spec
            .pointer(pointer)
            .ok_or_else(|| (reference.to_owned(), "does not resolve".to_owned()))?;
    }
    Err(("$ref".into(), "reference chain too long".into()))
}

/// The schema name a `$ref` points to (`#/components/schemas/X` -> `X`).
fn ref_name(value: &Value) -> Option<String> {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .map(str::to_owned)
}

/// `snake_case` -> `PascalCase`.
pub fn pascal(snake: &str) -> String {
    snake
        .split(['_', '-'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// Rust keywords, which take a trailing `_` as identifiers (as progenitor does: `type_`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "unsafe", "use", "where", "while", "yield",
];

/// A wire name as a Rust identifier (`X-Security-Token` -> `x_security_token`, `type` -> `type_`).
pub fn snake(name: &str) -> String {
    let ident = snake_words(name);
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

fn snake_words(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '-' || c == '_' || c == '.' || c == ' ' {
            out.push('_');
            previous_lower = false;
        } else if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
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
    let response_schema = ["200", "201"]
        .iter()
        .find_map(|status| op["responses"].get(*status))
        .map(|r| resolve(spec, r))
        .transpose()?
        .map(|r| &r["content"]["application/json"]["schema"])
        .filter(|s| !s.is_null());
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
        cli_columns,
        item_fields,
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

/// A dotted path of properties in `schema`, with whether each step may be absent.
fn field(spec: &Value, schema: &Value, dotted: &str, at: &str) -> Result<Field, ModelError> {
    let mut steps = Vec::new();
    let mut current = resolve(spec, schema)?;
    for part in dotted.split('.') {
        let Some(property) = current["properties"].get(part) else {
            return Err((
                at.to_owned(),
                format!("x-idc-pagination: the response has no field {dotted}"),
            ));
        };
        let required = current["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n == part));
        let property = resolve(spec, property)?;
        let nullable = property["nullable"].as_bool().unwrap_or(false);
        // typify gives a missing array its default (empty) rather than an `Option`.
        let array = property["type"] == "array";
        steps.push((part.to_owned(), nullable || (!required && !array)));
        current = property;
    }
    Ok(Field { steps })
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
    let items = field(spec, response, &items_path, at)?;
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
            .map(|dotted| field(spec, response, dotted, at))
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
                next_marker: field(spec, response, &get("next-marker")?, at)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert() {
        assert_eq!(pascal("list_account_assignments"), "ListAccountAssignments");
        assert_eq!(snake("X-Security-Token"), "x_security_token");
        assert_eq!(snake("Scp-Api-Version"), "scp_api_version");
        assert_eq!(snake("instance_id"), "instance_id");
        assert_eq!(snake("requestId"), "request_id");
        assert_eq!(snake("type"), "type_");
    }
}
