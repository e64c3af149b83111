//! The facade layer: one fluent builder per operation on the service's `idc` client, with
//! validation from the spec and, for list operations, the generic paginators' traits.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::emit::{doc, lit, rules_name, rules_static, rules_text};
use crate::model::{
    BodyField, BodyType, Field, Kind, Location, Operation, Pagination, Param, Service,
};

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

fn raw(service: &Service) -> String {
    format!("idc_raw::{}", service.module)
}

fn public_client(service: &Service) -> String {
    service.client.replacen("crate::", "idc::", 1)
}

fn has_api_version(op: &Operation) -> bool {
    op.params
        .iter()
        .any(|p| p.runtime.as_deref() == Some("api-version"))
}

fn field_type(p: &Param) -> &'static str {
    match p.kind {
        Kind::String => "String",
        Kind::Integer => "i64",
        Kind::Boolean => "bool",
        Kind::PrincipalType => "crate::PrincipalType",
    }
}

/// The builder's name of a body property (prefixed when a parameter has the same name).
pub fn body_field_name(op: &Operation, f: &BodyField) -> String {
    if op.params.iter().any(|p| p.rust == f.rust) {
        format!("body_{}", f.rust)
    } else {
        f.rust.clone()
    }
}

/// The Rust type of a body property.
pub fn body_type(service: &Service, ty: &BodyType) -> String {
    let named = |n: &str| format!("{}::types::{n}", raw(service));
    match ty {
        BodyType::String => "String".to_owned(),
        BodyType::Integer => "i64".to_owned(),
        BodyType::Boolean => "bool".to_owned(),
        BodyType::Strings => "Vec<String>".to_owned(),
        BodyType::Named(n) => named(n),
        BodyType::NamedList(n) => format!("Vec<{}>", named(n)),
    }
}

fn body_item_type(service: &Service, ty: &BodyType) -> Option<String> {
    match ty {
        BodyType::Strings => Some("String".to_owned()),
        BodyType::NamedList(n) => Some(format!("{}::types::{n}", raw(service))),
        _ => None,
    }
}

fn item_type(service: &Service, p: &Pagination) -> String {
    if p.item_type() == crate::model::STRING_ITEM {
        "String".to_owned()
    } else {
        format!("{}::types::{}", raw(service), p.item_type())
    }
}

fn page_type(p: &Pagination) -> &'static str {
    match p {
        Pagination::Marker(_) => "crate::pagination::marker::Page",
        Pagination::Page(_) => "crate::pagination::page::Page",
    }
}

/// The example value of a required parameter, as a Rust expression.
fn example(p: &Param) -> String {
    match p.kind {
        Kind::PrincipalType => match p.example.as_deref() {
            Some("GROUP") => "idc::PrincipalType::Group".to_owned(),
            _ => "idc::PrincipalType::User".to_owned(),
        },
        Kind::Integer => p.example.clone().unwrap_or_else(|| "1".to_owned()),
        Kind::Boolean => p.example.clone().unwrap_or_else(|| "true".to_owned()),
        Kind::String => lit(p.example.as_deref().unwrap_or("...")),
    }
}

/// The example value of a required body field, as a Rust expression for its (appending) setter.
fn body_example(f: &BodyField) -> String {
    let example = f.example.as_deref();
    match f.ty {
        BodyType::String | BodyType::Strings => lit(example.unwrap_or("...")),
        BodyType::Integer => example.unwrap_or("1").to_owned(),
        BodyType::Boolean => example.unwrap_or("true").to_owned(),
        // A schema type: built from its JSON, the shape the service documents.
        BodyType::Named(_) | BodyType::NamedList(_) => format!(
            "serde_json::from_str(r#\"{}\"#).expect(\"the example is valid\")",
            example.unwrap_or("{}")
        ),
    }
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

    // The builder.
    let _ = writeln!(out);
    out.push_str(&doc(&op.summary, ""));
    if !op.description.is_empty() {
        out.push_str("///\n");
        out.push_str(&doc(&op.description, ""));
    }
    let _ = writeln!(out, "///\n/// `{} {}`.", op.method, op.path);
    if paged.is_some() {
        out.push_str(
            "/// Run it with [`send`](Self::send) (one page), [`pages`](Self::pages) and \
             [`items`](Self::items) (lazy streams), or [`collect`](Self::collect).\n",
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

fn setter(out: &mut String, p: &Param) {
    out.push_str(&doc(&p.description, "    "));
    let rules = rules_text(p);
    let _ = writeln!(
        out,
        "    ///\n    /// {}{}",
        if p.required { "Required." } else { "Optional." },
        if rules.is_empty() {
            String::new()
        } else {
            format!(" {rules}.")
        }
    );
    let (arg, value) = match p.kind {
        Kind::String => ("impl Into<String>", "value.into()"),
        _ => (field_type(p), "value"),
    };
    let _ = writeln!(
        out,
        "    pub fn {r}(mut self, value: {arg}) -> Self {{\n        self.{r} = Some({value});\n        self\n    }}\n",
        r = p.rust
    );
    let _ = writeln!(
        out,
        "    /// Sets or clears [`{r}`](Self::{r}).\n    pub fn set_{r}(mut self, value: Option<{t}>) -> Self {{\n        self.{r} = value;\n        self\n    }}\n",
        r = p.rust,
        t = field_type(p)
    );
}

fn body_setter(out: &mut String, service: &Service, op: &Operation, f: &BodyField) {
    let name = body_field_name(op, f);
    let ty = body_type(service, &f.ty);
    out.push_str(&doc(&f.description, "    "));
    let _ = writeln!(
        out,
        "    ///\n    /// {} (in the request body).",
        if f.required { "Required" } else { "Optional" }
    );
    match body_item_type(service, &f.ty) {
        Some(item) => {
            let arg = if item == "String" {
                "impl Into<String>"
            } else {
                &item
            };
            let into = if item == "String" {
                "value.into()"
            } else {
                "value"
            };
            let _ = writeln!(
                out,
                "    /// Appends one value; call it again for more.\n\
                 pub fn {name}(mut self, value: {arg}) -> Self {{\n\
                 self.{name}.get_or_insert_with(Vec::new).push({into});\nself\n}}\n"
            );
        }
        None => {
            let (arg, into) = if f.ty == BodyType::String {
                ("impl Into<String>".to_owned(), "value.into()")
            } else {
                (ty.clone(), "value")
            };
            let _ = writeln!(
                out,
                "    pub fn {name}(mut self, value: {arg}) -> Self {{\n\
                 self.{name} = Some({into});\nself\n}}\n"
            );
        }
    }
    let _ = writeln!(
        out,
        "    /// Sets or clears [`{name}`](Self::{name}).\n\
         pub fn set_{name}(mut self, value: Option<{ty}>) -> Self {{\n\
         self.{name} = value;\nself\n}}\n"
    );
}

fn paging_setters(out: &mut String, op: &Operation, p: &Pagination) {
    match p {
        Pagination::Marker(m) => {
            let marker = op
                .param(&m.marker)
                .map(|p| p.rust.clone())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    /// Starts at this marker (a previous page's next marker) instead of the first page.\n\
                 pub fn {marker}(mut self, marker: impl Into<String>) -> Self {{\n\
                 self.paging.marker = Some(marker.into());\nself\n}}\n\n\
                 /// Sets or clears [`{marker}`](Self::{marker}).\n\
                 pub fn set_{marker}(mut self, marker: Option<String>) -> Self {{\n\
                 self.paging.marker = marker;\nself\n}}\n"
            );
        }
        Pagination::Page(pg) => {
            let page = op
                .param(&pg.page)
                .map(|p| p.rust.clone())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    /// Starts at this 0-based page instead of the first.\n\
                 pub fn {page}(mut self, page: u32) -> Self {{\n\
                 self.paging.page = Some(page);\nself\n}}\n\n\
                 /// Sets or clears [`{page}`](Self::{page}).\n\
                 pub fn set_{page}(mut self, page: Option<u32>) -> Self {{\n\
                 self.paging.page = page;\nself\n}}\n\n\
                 /// Fetches up to `n` pages at once (1 to \
                 [`MAX_CONCURRENCY`](crate::pagination::MAX_CONCURRENCY), default 1), once the first page \
                 has told how many there are. Pages are still yielded in order.\n\
                 pub fn concurrency(mut self, n: usize) -> Self {{\n\
                 self.paging.concurrency = Some(n);\nself\n}}\n\n\
                 /// Sets or clears [`concurrency`](Self::concurrency).\n\
                 pub fn set_concurrency(mut self, n: Option<usize>) -> Self {{\n\
                 self.paging.concurrency = n;\nself\n}}\n",
            );
        }
    }
    let limit = match p {
        Pagination::Marker(m) => op.param(&m.limit),
        Pagination::Page(pg) => op.param(&pg.size),
    };
    let bounds = limit.map(rules_text).unwrap_or_default();
    let _ = writeln!(
        out,
        "    /// Items per request ({bounds}).\n\
         pub fn page_size(mut self, n: u32) -> Self {{\n\
         self.paging.page_size = Some(n);\nself\n}}\n\n\
         /// Sets or clears [`page_size`](Self::page_size).\n\
         pub fn set_page_size(mut self, n: Option<u32>) -> Self {{\n\
         self.paging.page_size = n;\nself\n}}\n\n\
         /// Stops after this many items in [`pages`](Self::pages), [`items`](Self::items) and \
         [`collect`](Self::collect); the last request asks only for what is left.\n\
         pub fn max_items(mut self, n: usize) -> Self {{\n\
         self.paging.max_items = Some(n);\nself\n}}\n\n\
         /// Sets or clears [`max_items`](Self::max_items).\n\
         pub fn set_max_items(mut self, n: Option<usize>) -> Self {{\n\
         self.paging.max_items = n;\nself\n}}\n\n\
         /// Fails the listing with [`Error::Pagination`](crate::Error::Pagination) if it has not \
         ended after this many pages (default \
         [`DEFAULT_MAX_PAGES`](crate::pagination::DEFAULT_MAX_PAGES)).\n\
         pub fn max_pages(mut self, n: usize) -> Self {{\n\
         self.paging.max_pages = Some(n);\nself\n}}\n\n\
         /// Sets or clears [`max_pages`](Self::max_pages).\n\
         pub fn set_max_pages(mut self, n: Option<usize>) -> Self {{\n\
         self.paging.max_pages = n;\nself\n}}\n"
    );
}

fn check(out: &mut String, op: &Operation, params: &[&Param]) {
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
    let _ = writeln!(
        s,
        "this.client.{}({}, move |raw: {raw}::Client| async move {{\nlet mut request = raw.{}();",
        if op.unauthenticated {
            "call_unsigned"
        } else {
            "call"
        },
        lit(&op.type_name),
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
            let _ = writeln!(
                s,
                "if let Some(value) = &this.{} {{ body = body.{}(value.clone()); }}",
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

fn run_paged(out: &mut String, service: &Service, p: &Pagination) {
    let item = item_type(service, p);
    let page = page_type(p);
    let module = match p {
        Pagination::Marker(_) => "crate::pagination::marker",
        Pagination::Page(_) => "crate::pagination::page",
    };
    let _ = writeln!(
        out,
        "    /// Fetches one page: the first, or the one the request starts at.\n\
         pub async fn send(self) -> crate::Result<{page}<{item}>> {{\n{module}::send(self).await\n}}\n\n\
         /// Every page, fetched lazily: the next request is made only when the stream is polled \
         past the previous page.\n\
         pub fn pages(self) -> crate::pagination::ResultStream<{page}<{item}>> {{\n{module}::pages(self)\n}}\n\n\
         /// Every item of every page, in order.\n\
         pub fn items(self) -> crate::pagination::ResultStream<{item}> {{\n\
         crate::pagination::flatten(self.pages(), |page| page.items)\n}}\n\n\
         /// Every item of every page, in a `Vec`.\n\
         pub async fn collect(self) -> crate::Result<Vec<{item}>> {{\n\
         futures::TryStreamExt::try_collect(self.items()).await\n}}"
    );
}

fn run_single(out: &mut String, service: &Service, op: &Operation) {
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

fn request_impl(out: &mut String, service: &Service, op: &Operation, p: &Pagination) {
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

/// An expression of type `Option<&T>` for a field of `self`.
fn reach(field: &Field) -> String {
    let mut s = "Some(self)".to_owned();
    for (name, optional) in &field.steps {
        if *optional {
            let _ = write!(s, ".and_then(|v| v.{name}.as_ref())");
        } else {
            let _ = write!(s, ".map(|v| &v.{name})");
        }
    }
    s
}

fn count(field: Option<&Field>) -> String {
    field.map_or_else(
        || "None".to_owned(),
        |f| format!("{}.and_then(|c| u64::try_from(*c).ok())", reach(f)),
    )
}

fn items(field: &Field) -> String {
    // Items are a top-level field in every spec today; deeper paths go through `reach`.
    match field.steps.as_slice() {
        [(name, false)] => format!("self.{name}"),
        [(name, true)] => format!("self.{name}.unwrap_or_default()"),
        _ => format!("{}.cloned().unwrap_or_default()", reach(field)),
    }
}

fn response_impl(out: &mut String, service: &Service, response: &str, p: &Pagination) {
    let ty = format!("{}::types::{response}", raw(service));
    let item = item_type(service, p);
    match p {
        Pagination::Marker(m) => {
            let _ = writeln!(
                out,
                "impl crate::pagination::marker::MarkerResponse for {ty} {{\n\
                 type Item = {item};\n\
                 fn next_marker(&self) -> Option<&str> {{ {}.map(|v| v.as_str()) }}\n\
                 fn current_count(&self) -> Option<u64> {{ {} }}\n\
                 fn into_items(self) -> Vec<Self::Item> {{ {} }}\n}}\n",
                reach(&m.next_marker),
                count(m.count.as_ref()),
                items(&m.items)
            );
        }
        Pagination::Page(pg) => {
            let sort = pg.sort.as_ref().map_or_else(
                || "Vec::new()".to_owned(),
                |f| format!("{}.cloned().unwrap_or_default()", reach(f)),
            );
            let _ = writeln!(
                out,
                "impl crate::pagination::page::PageResponse for {ty} {{\n\
                 type Item = {item};\n\
                 fn count(&self) -> Option<u64> {{ {} }}\n\
                 fn sort(&self) -> Vec<String> {{ {sort} }}\n\
                 fn into_items(self) -> Vec<Self::Item> {{ {} }}\n}}\n",
                count(pg.count.as_ref()),
                items(&pg.items)
            );
        }
    }
}
