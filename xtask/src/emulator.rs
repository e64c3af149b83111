//! The emulator layer: per operation, the route, the parsing and validation of its parameters (from
//! the spec, answered in the cloud's error shape by the emulator's runtime), a typed request, and a
//! method of the service's `Handlers` trait whose default answers 501.

use std::fmt::Write as _;

use crate::emit::{doc, lit, rules_name, rules_static};
use crate::model::{Cloud, Kind, Location, Operation, Param, Service};

/// The emulator source of one service (without the header).
pub fn source(service: &Service) -> String {
    let mut out = String::new();
    let cloud = match service.cloud {
        Cloud::Huawei => "crate::http::responses::Cloud::Huawei",
        Cloud::Scp => "crate::http::responses::Cloud::Scp",
    };
    let scp = match &service.scp_service {
        Some(name) if service.cloud == Cloud::Scp => format!(
            "Some(crate::http::versions::ScpService {{ name: {}, versions: idc_raw::{}::versions::API_VERSIONS }})",
            lit(name),
            service.module
        ),
        _ => "None".to_owned(),
    };

    // Requests.
    for op in &service.operations {
        for p in served(op) {
            out.push_str(&rules_static(&op.id, p));
        }
        let _ = writeln!(
            out,
            "/// The parameters of {} (`{} {}`), parsed and validated.\n#[derive(Clone, Debug, PartialEq)]\npub struct {}Request {{",
            op.type_name, op.method, op.path, op.type_name
        );
        for p in served(op) {
            out.push_str(&doc(&p.description, "    "));
            if let Some(default) = default_value(p) {
                let _ = writeln!(
                    out,
                    "    ///\n    /// `{default}` when the request leaves it out (the spec's default)."
                );
            }
            let _ = writeln!(out, "    pub {}: {},", p.rust, field_type(p));
        }
        if let Some(body) = &op.body {
            let ty = format!("idc_raw::{}::types::{}", service.module, body.type_name);
            let ty = if body.required {
                ty
            } else {
                format!("Option<{ty}>")
            };
            let _ = writeln!(out, "    /// The JSON request body.\n    pub body: {ty},");
        }
        let _ = writeln!(out, "}}\n");
    }

    // The handler trait.
    let _ = writeln!(
        out,
        "/// The data lookups of {}: one method per operation, each given an already validated \
         request, answering the response or a [`Reject`](crate::http::responses::Reject) (an error in the cloud's shape). An operation without its own method answers 501.\n\
         pub trait Handlers {{",
        service.title
    );
    for op in &service.operations {
        out.push_str(&doc(&op.summary, "    "));
        let _ = writeln!(
            out,
            "    fn {}(&self, ctx: &crate::http::dispatch::Context<'_>, request: {}Request) -> Result<axum::response::Response, crate::http::responses::Reject> {{\n        let _ = request;\n        Err(crate::http::dispatch::not_implemented(ctx))\n    }}",
            op.id, op.type_name
        );
    }
    let _ = writeln!(out, "}}\n");

    // Operation descriptions and parsers.
    for op in &service.operations {
        let upper = op.id.to_uppercase();
        let _ = writeln!(
            out,
            "static OP_{upper}: crate::http::dispatch::OperationInfo = crate::http::dispatch::OperationInfo {{ name: {}, cloud: {cloud}, scp: {scp}, authenticated: {}, project_scoped: {} }};\n",
            lit(&op.type_name),
            !op.unauthenticated,
            service.project_scoped
        );
        let has_path = op.params.iter().any(|p| p.location == Location::Path);
        let _ = writeln!(
            out,
            "#[allow(unused_variables, unused_mut)] // an operation may take no parameter\nfn parse_{}(parts: &http::request::Parts, {}: &[u8]) -> Result<{}Request, Vec<String>> {{\n\
             {}{}\
             let mut v = crate::http::params::Violations::default();",
            op.id,
            if op.body.is_some() { "body" } else { "_body" },
            op.type_name,
            if op.params.iter().any(|p| p.location == Location::Query) {
                "let query = crate::http::query::Params::parse(parts.uri.query());\n"
            } else {
                ""
            },
            if has_path {
                "let path = crate::http::params::path_values(parts.uri.path());\n".to_owned()
            } else {
                String::new()
            }
        );
        let mut path_index = 0;
        for p in served(op) {
            let rules = if p.kind == Kind::Integer || p.has_string_rules() {
                format!("Some(&{})", rules_name(&op.id, p))
            } else {
                "None".to_owned()
            };
            let source = match p.location {
                Location::Path => {
                    let index = op
                        .path
                        .split('/')
                        .position(|seg| seg == format!("{{{}}}", p.name))
                        .unwrap_or(path_index);
                    path_index += 1;
                    format!(
                        "crate::http::params::Source::Path(path.get({index}).map(String::as_str))"
                    )
                }
                Location::Query if p.repeatable => {
                    "crate::http::params::Source::QueryRepeatable(&query)".to_owned()
                }
                _ => "crate::http::params::Source::Query(&query)".to_owned(),
            };
            let call = match (&p.kind, p.required) {
                (Kind::Integer, true) => "required_integer",
                (Kind::Integer, false) => "integer",
                (Kind::Boolean, _) => "boolean",
                (_, true) => "required_string",
                (_, false) => "string",
            };
            let rules_arg = if p.kind == Kind::Boolean {
                String::new()
            } else {
                format!(", {rules}")
            };
            let default = default_value(p)
                .map(|d| format!(".unwrap_or({d})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "let {} = v.{call}({source}, {}{rules_arg}){default};",
                p.rust,
                lit(&p.name)
            );
        }
        let mut fields: Vec<String> = served(op).map(|p| p.rust.clone()).collect();
        if let Some(b) = &op.body {
            let _ = writeln!(
                out,
                "let body = v.json_body::<idc_raw::{}::types::{}>(body, {});",
                service.module, b.type_name, b.required
            );
            fields.push(if b.required {
                "body: body.ok_or_else(|| vec![\"the request body is required\".to_owned()])?"
                    .to_owned()
            } else {
                "body".to_owned()
            });
        }
        let _ = writeln!(
            out,
            "v.finish()?;\nOk({}Request {{ {} }})\n}}\n",
            op.type_name,
            fields.join(", ")
        );
        let _ = writeln!(
            out,
            "fn handle_{id}(ctx: &crate::http::dispatch::Context<'_>, parts: &http::request::Parts, body: &[u8]) -> axum::response::Response {{\n\
             match parse_{id}(parts, body) {{\n\
             Ok(request) => Handlers::{id}(ctx.app, ctx, request).unwrap_or_else(crate::http::responses::Reject::into_response),\n\
             Err(violations) => crate::http::dispatch::invalid(ctx, violations),\n\
             }}\n}}\n",
            id = op.id
        );
    }

    // The route table.
    let _ = writeln!(
        out,
        "/// The routes of {}.\npub(crate) static ROUTES: &[crate::http::dispatch::Route] = &[",
        service.title
    );
    for op in &service.operations {
        let _ = writeln!(
            out,
            "    crate::http::dispatch::Route {{ method: {}, path: {}, operation: &OP_{}, handle: handle_{} }},",
            lit(&op.method),
            lit(&op.path),
            op.id.to_uppercase(),
            op.id
        );
    }
    let _ = writeln!(out, "];");
    out
}
/// The parameters the emulator parses: every one but the headers the runtime handles.
fn served(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.location != Location::Header)
}

/// The spec's `default` of an optional integer or boolean parameter, as a Rust literal: the
/// emulator serves an absent parameter as its default, so handlers never restate it.
fn default_value(p: &Param) -> Option<String> {
    if p.required {
        return None;
    }
    match (&p.kind, p.default.as_ref()?) {
        (Kind::Integer, serde_json::Value::Number(n)) if n.is_i64() => Some(n.to_string()),
        (Kind::Boolean, serde_json::Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    }
}

fn field_type(p: &Param) -> &'static str {
    if default_value(p).is_some() {
        return match p.kind {
            Kind::Boolean => "bool",
            _ => "i64",
        };
    }
    match (&p.kind, p.required) {
        (Kind::Integer, true) => "i64",
        (Kind::Integer, false) => "Option<i64>",
        (Kind::Boolean, _) => "Option<bool>",
        (_, true) => "String",
        (_, false) => "Option<String>",
    }
}
