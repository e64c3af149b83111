//! The builder setters the facade emits: one per parameter, body field and paging control.

use super::types::{body_field_name, body_item_type, body_type, field_type};
use crate::emit::{doc, rules_text};
use crate::model::{BodyField, BodyType, Kind, Operation, Pagination, Param, Service};
use std::fmt::Write as _;

pub(crate) fn setter(out: &mut String, p: &Param) {
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

pub(crate) fn body_setter(out: &mut String, service: &Service, op: &Operation, f: &BodyField) {
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
            } else if f.ty == BodyType::Secret {
                ("impl Into<crate::Secret>".to_owned(), "value.into()")
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

pub(crate) fn paging_setters(out: &mut String, op: &Operation, p: &Pagination) {
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
