//! The facade layer: one fluent builder per operation on the service's `idc` client, with
//! validation from the spec and, for list operations, the generic paginators' traits.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::emit::{doc, rules_static};
use crate::model::{Kind, Operation, Param, Service};

mod request;
mod response;
mod setters;
mod types;
mod waiter;

use request::{check, request_impl, run_single};
use response::{response_impl, run_paged};
use setters::{body_setter, paging_setters, setter};
use types::{body_example, example, field_type, has_api_version, public_client, raw};
pub use types::{body_field_name, body_type};
use waiter::{send_and_wait, status_values, wait};

/// The facade source of one service (without the header).
pub fn source(service: &Service) -> String {
    let mut out = format!(
        "impl crate::transport::RawClient for {raw}::Client {{\n\
         fn with_hook(base_url: &str, http: reqwest::Client, hook: idc_raw::hooks::RequestHook) -> Self {{\n\
         Self::new_with_client(base_url, http, hook)\n}}\n}}\n",
        raw = raw(service)
    );
    let mut responses_done = BTreeSet::new();
    for op in &service.operations {
        operation(&mut out, service, op, &mut responses_done);
    }
    out
}

fn operation(out: &mut String, service: &Service, op: &Operation, done: &mut BTreeSet<String>) {
    let name = &op.type_name;
    let client = &service.client;
    let params: Vec<&Param> = op.caller_params().collect();
    let paged = op.pagination.as_ref();

    // Rules of every checked parameter, the paging marker included.
    for p in &op.params {
        if p.runtime.is_none() && (!op.is_paging_param(p) || p.kind == Kind::String) {
            out.push_str(&rules_static(&op.id, p));
        }
    }

    let polled_by = service.waiter_polled_by(op);
    if let Some(w) = polled_by {
        status_values(out, op, w);
    }

    // The builder.
    let _ = writeln!(out);
    out.push_str(&doc(&op.summary, ""));
    if !op.description.is_empty() {
        out.push_str("///\n");
        out.push_str(&doc(&op.description, ""));
    }
    if let Some(what) = &op.destroys {
        out.push_str("///\n");
        out.push_str(&doc(&format!("**Destroys:** {what}"), ""));
    }
    let _ = writeln!(out, "///\n/// `{} {}`.", op.method, op.path);
    if paged.is_some() {
        out.push_str(
            "/// Run it with [`send`](Self::send) (one page), [`pages`](Self::pages) and \
             [`items`](Self::items) (lazy streams), or [`collect`](Self::collect).\n",
        );
    } else if op.waiter.is_some() {
        out.push_str(
            "/// Run it with [`send`](Self::send) (the request's status as returned) or \
             [`send_and_wait`](Self::send_and_wait) (the final status).\n",
        );
    } else if polled_by.is_some() {
        out.push_str(
            "/// Run it with [`send`](Self::send) (the status now) or [`wait`](Self::wait) (until \
             the request is done).\n",
        );
    } else {
        out.push_str("/// Run it with [`send`](Self::send).\n");
    }
    out.push_str("///\n/// ```no_run\n");
    let _ = writeln!(
        out,
        "/// # async fn run(client: {}) -> idc::Result<()> {{",
        public_client(service)
    );
    let _ = writeln!(out, "/// let result = client\n///     .{}()", op.id);
    for p in params.iter().filter(|p| p.required) {
        let _ = writeln!(out, "///     .{}({})", p.rust, example(p));
    }
    for f in op
        .body
        .iter()
        .flat_map(|b| &b.fields)
        .filter(|f| f.required)
    {
        let _ = writeln!(
            out,
            "///     .{}({})",
            body_field_name(op, f),
            body_example(f)
        );
    }
    if paged.is_some() {
        out.push_str(
            "///     .collect()\n///     .await?;\n/// println!(\"{} items\", result.len());\n",
        );
    } else {
        out.push_str("///     .send()\n///     .await?;\n/// println!(\"{result:?}\");\n");
    }
    out.push_str("/// # Ok(())\n/// # }\n/// ```\n");
    let _ = writeln!(
        out,
        "#[derive(Clone, Debug)]\n#[must_use = \"a request does nothing until it is sent\"]\npub struct {name} {{"
    );
    let _ = writeln!(out, "    client: {client},");
    for p in &params {
        let _ = writeln!(out, "    {}: Option<{}>,", p.rust, field_type(p));
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        let _ = writeln!(
            out,
            "    {}: Option<{}>,",
            body_field_name(op, f),
            body_type(service, &f.ty)
        );
    }
    if has_api_version(op) {
        let _ = writeln!(out, "    api_version: Option<crate::scp::ApiVersion>,");
    }
    if paged.is_some() {
        let _ = writeln!(out, "    paging: crate::pagination::Paging,");
    }
    let _ = writeln!(out, "}}\n");

    // The client's method.
    let _ = writeln!(out, "impl {client} {{");
    out.push_str(&doc(&op.summary, "    "));
    if let Some(what) = &op.destroys {
        out.push_str("    ///\n");
        out.push_str(&doc(&format!("Destroys: {what}"), "    "));
    }
    let _ = writeln!(out, "    ///\n    /// See [`{name}`].");
    let _ = writeln!(out, "    pub fn {}(&self) -> {name} {{", op.id);
    let _ = writeln!(out, "        {name} {{\n            client: self.clone(),");
    for p in &params {
        let _ = writeln!(out, "            {}: None,", p.rust);
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        let _ = writeln!(out, "            {}: None,", body_field_name(op, f));
    }
    if has_api_version(op) {
        let _ = writeln!(out, "            api_version: None,");
    }
    if paged.is_some() {
        let _ = writeln!(
            out,
            "            paging: crate::pagination::Paging::default(),"
        );
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");

    // Setters, checks and the ways to run.
    let _ = writeln!(out, "impl {name} {{");
    for p in &params {
        setter(out, p);
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        body_setter(out, service, op, f);
    }
    if has_api_version(op) {
        out.push_str(
            "    /// Uses this API version of the service for this call instead of the client's.\n\
             pub fn api_version(mut self, version: crate::scp::ApiVersion) -> Self {\n\
             self.api_version = Some(version);\nself\n}\n\n\
             /// Sets or clears [`api_version`](Self::api_version).\n\
             pub fn set_api_version(mut self, version: Option<crate::scp::ApiVersion>) -> Self {\n\
             self.api_version = version;\nself\n}\n\n",
        );
    }
    if let Some(p) = paged {
        paging_setters(out, op, p);
    }
    check(out, op, &params);
    match paged {
        Some(p) => run_paged(out, service, p),
        None => run_single(out, service, op),
    }
    if let Some(w) = &op.waiter {
        send_and_wait(out, service, op, w);
    }
    if let Some(w) = polled_by {
        wait(out, service, op, w);
    }
    let _ = writeln!(out, "}}\n");

    if let Some(p) = paged {
        request_impl(out, service, op, p);
        if let Some(response) = &op.response
            && done.insert(response.clone())
        {
            response_impl(out, service, response, p);
        }
    }
}
