//! What a builder does when sent: the checks from the spec, the raw call, and the paginator's request side.

use super::types::{body_field_name, has_api_version, raw};
use crate::emit::{lit, rules_name};
use crate::model::{BodyType, Kind, Location, Operation, Pagination, Param, Retry, Service};
use std::fmt::Write as _;

pub(crate) fn check(out: &mut String, op: &Operation, params: &[&Param]) {
    let _ = writeln!(out, "    fn check(&self) -> crate::Result<()> {{");
    for p in params {
        let rules = rules_name(&op.id, p);
        let value = if p.required {
            let _ = writeln!(
                out,
                "        let value = crate::validate::required({}, &self.{})?;",
                lit(&p.rust),
                p.rust
            );
            "value"
        } else {
            "value"
        };
        // A path parameter of `.` or `..` would be a dot segment: the URL would name another
        // operation's path. Refused for every path parameter, whatever its spec rules.
        let path_segment = if p.location == Location::Path {
            format!(
                " crate::validate::path_segment({}, {value})?;",
                lit(&p.rust)
            )
        } else {
            String::new()
        };
        let body = match p.kind {
            Kind::String if p.has_string_rules() => format!(
                "crate::validate::string(&{rules}, {}, {value})?;{path_segment}",
                lit(&p.rust)
            ),
            Kind::String if !path_segment.is_empty() => path_segment.trim_start().to_owned(),
            Kind::PrincipalType if p.has_string_rules() => format!(
                "crate::validate::string(&{rules}, {}, {value}.as_str())?;",
                lit(&p.rust)
            ),
            Kind::Integer => format!(
                "crate::validate::integer(&{rules}, {}, *{value})?;",
                lit(&p.rust)
            ),
            _ => {
                if p.required {
                    let _ = writeln!(out, "        let _ = value;");
                }
                continue;
            }
        };
        if p.required {
            let _ = writeln!(out, "        {body}");
        } else {
            let _ = writeln!(
                out,
                "        if let Some(value) = &self.{} {{ {body} }}",
                p.rust
            );
        }
    }
    for f in op
        .body
        .iter()
        .flat_map(|b| &b.fields)
        .filter(|f| f.required)
    {
        let name = body_field_name(op, f);
        let _ = writeln!(
            out,
            "        crate::validate::required({}, &self.{name})?;",
            lit(&name)
        );
    }
    for f in op
        .body
        .iter()
        .flat_map(|b| &b.fields)
        .filter(|f| !f.exactly_one_of.is_empty())
    {
        let name = body_field_name(op, f);
        let set: Vec<String> = f
            .exactly_one_of
            .iter()
            .map(|p| format!("({}, value.{}.is_some())", lit(p), crate::model::snake(p)))
            .collect();
        let _ = writeln!(
            out,
            "        if let Some(value) = &self.{name} {{ crate::validate::exactly_one({}, &[{}])?; }}",
            lit(&f.name),
            set.join(", ")
        );
    }
    if let Some(Pagination::Marker(m)) = &op.pagination
        && let Some(marker) = op.param(&m.marker)
        && marker.has_string_rules()
    {
        let _ = writeln!(
            out,
            "        if let Some(value) = &self.paging.marker {{ crate::validate::string(&{}, {}, value)?; }}",
            rules_name(&op.id, marker),
            lit(&marker.rust)
        );
    }
    if has_api_version(op) {
        let _ = writeln!(
            out,
            "        self.client.checked_version(self.api_version)?;"
        );
    }
    let _ = writeln!(out, "        Ok(())\n    }}\n");
}

/// The call of the raw client: `self.client.call(...)`, with the paging values in scope.
fn call(service: &Service, op: &Operation) -> String {
    let raw = raw(service);
    // `this` is a `&Self` in scope: the closure, called once per attempt, only borrows.
    let mut s = String::new();
    if has_api_version(op) {
        s.push_str(
            "let version = this.client.api_version_header(this.api_version)?;\n\
             let version = version.as_str();\n",
        );
    }
    // `mut` only when a setter below reassigns the request (an operation of runtime parameters
    // only, e.g. Organizations ShowOrganization, sends it as built).
    let reassigned = op.caller_params().next().is_some()
        || op.pagination.is_some()
        || op.body.is_some()
        || has_api_version(op);
    let operation = match &op.retry {
        Retry::Safe => format!("crate::transport::Operation::safe({})", lit(&op.type_name)),
        Retry::Unsafe { outcome_read } => format!(
            "crate::transport::Operation::unsafe_write({}, {})",
            lit(&op.type_name),
            lit(outcome_read)
        ),
    };
    let _ = writeln!(
        s,
        "this.client.{}({operation}, move |raw: {raw}::Client| async move {{\nlet {}request = raw.{}();",
        if op.unauthenticated {
            "call_unsigned"
        } else {
            "call"
        },
        if reassigned { "mut " } else { "" },
        op.id
    );
    for p in op.caller_params() {
        let value = match p.kind {
            Kind::String => "value.as_str()",
            Kind::PrincipalType => "value.clone()",
            _ => "*value",
        };
        let _ = writeln!(
            s,
            "if let Some(value) = &this.{r} {{ request = request.{r}({value}); }}",
            r = p.rust
        );
    }
    match &op.pagination {
        Some(Pagination::Marker(m)) => {
            let marker = op
                .param(&m.marker)
                .map(|p| p.rust.clone())
                .unwrap_or_default();
            let limit = op
                .param(&m.limit)
                .map(|p| p.rust.clone())
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "if let Some(marker) = marker {{ request = request.{marker}(marker); }}\nrequest = request.{limit}(limit);"
            );
        }
        Some(Pagination::Page(pg)) => {
            let page = op
                .param(&pg.page)
                .map(|p| p.rust.clone())
                .unwrap_or_default();
            let size = op
                .param(&pg.size)
                .map(|p| p.rust.clone())
                .unwrap_or_default();
            let _ = writeln!(s, "request = request.{page}(page).{size}(size);");
        }
        None => {}
    }
    if let Some(body) = &op.body {
        let _ = writeln!(
            s,
            "let mut body = {raw}::types::builder::{}::default();",
            body.type_name
        );
        for f in &body.fields {
            // An optional string goes through its raw type's own check (a newtype when the spec
            // constrains it): see `idc::validate::OptionalText`.
            let value = if !f.required && f.ty == BodyType::String {
                "crate::validate::OptionalText(value.clone())"
            } else {
                "value.clone()"
            };
            let _ = writeln!(
                s,
                "if let Some(value) = &this.{} {{ body = body.{}({value}); }}",
                body_field_name(op, f),
                f.rust
            );
        }
        let _ = writeln!(s, "request = request.body(body);");
    }
    for p in &op.params {
        if p.runtime.as_deref() == Some("api-version") {
            let _ = writeln!(s, "request = request.{}(version);", p.rust);
        }
    }
    s.push_str("request.send().await\n}).await");
    s
}

pub(crate) fn run_single(out: &mut String, service: &Service, op: &Operation) {
    let response = op.response.as_ref().map_or_else(
        || "()".to_owned(),
        |r| format!("{}::types::{r}", raw(service)),
    );
    let _ = writeln!(
        out,
        "    /// Sends the request.\n\
         pub async fn send(self) -> crate::Result<{response}> {{\nself.check()?;\nlet this = &self;\n{}\n}}",
        call(service, op)
    );
}

fn bounds(op: &Operation, name: &str) -> String {
    let param = op.param(name);
    let min = param.and_then(|p| p.minimum).unwrap_or(1);
    let max = param.and_then(|p| p.maximum).unwrap_or(i64::from(u32::MAX));
    let default = param
        .and_then(|p| p.default.as_ref())
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(max);
    format!("crate::pagination::PageSize {{ min: {min}, max: {max}, default: {default} }}")
}

pub(crate) fn request_impl(out: &mut String, service: &Service, op: &Operation, p: &Pagination) {
    let name = &op.type_name;
    let response = format!(
        "{}::types::{}",
        raw(service),
        op.response.as_deref().unwrap_or("()")
    );
    match p {
        Pagination::Marker(m) => {
            let marker_check = match op.param(&m.marker) {
                Some(marker) if marker.has_string_rules() => format!(
                    "{}.check({}, marker)",
                    rules_name(&op.id, marker),
                    lit(&marker.rust)
                ),
                _ => "{ let _ = marker; Ok(()) }".to_owned(),
            };
            let _ = writeln!(
                out,
                "impl crate::pagination::marker::MarkerRequest for {name} {{\n\
                 type Response = {response};\n\
                 const PAGE_SIZE: crate::pagination::PageSize = {};\n\
                 fn paging(&self) -> &crate::pagination::Paging {{ &self.paging }}\n\
                 fn validate(&self) -> crate::Result<()> {{ self.check() }}\n\
                 fn check_marker(marker: &str) -> Result<(), String> {{ {marker_check} }}\n\
                 async fn fetch(&self, marker: Option<&str>, limit: u32) -> crate::Result<Self::Response> {{\nlet this = self;\n{}\n}}\n}}\n",
                bounds(op, &m.limit),
                call(service, op)
            );
        }
        Pagination::Page(pg) => {
            let _ = writeln!(
                out,
                "impl crate::pagination::page::PageRequest for {name} {{\n\
                 type Response = {response};\n\
                 const PAGE_SIZE: crate::pagination::PageSize = {};\n\
                 fn paging(&self) -> &crate::pagination::Paging {{ &self.paging }}\n\
                 fn validate(&self) -> crate::Result<()> {{ self.check() }}\n\
                 async fn fetch(&self, page: u32, size: u32) -> crate::Result<Self::Response> {{\nlet this = self;\n{}\n}}\n}}\n",
                bounds(op, &pg.size),
                call(service, op)
            );
        }
    }
}
