//! The paginator's response side: the items of a page, its count and where the next one starts.

use super::types::{item_type, page_type, raw};
use crate::model::{Field, Pagination, Service};
use std::fmt::Write as _;

pub(crate) fn run_paged(out: &mut String, service: &Service, p: &Pagination) {
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

/// An expression of type `Option<&T>` for a field of `self`.
fn reach(field: &Field) -> String {
    reach_from("self", field)
}

/// An expression of type `Option<&T>` for a field of `root` (an expression of the response type
/// or a reference to it).
pub(crate) fn reach_from(root: &str, field: &Field) -> String {
    let mut s = format!("Some({root})");
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

pub(crate) fn response_impl(out: &mut String, service: &Service, response: &str, p: &Pagination) {
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
