//! `cargo xtask stats`: hand-written emulator lines per operation.
//!
//! An operation costs the lines of its `Handlers` method's body (the signature is the generated
//! trait's) plus those of every helper that only it reaches, directly or through other helpers; a
//! helper two operations share is the runtime's, not either operation's. Lines are the source's as
//! written (formatted by rustfmt), without blank lines, comments or docs. A helper is reached by a
//! call, a path, a method call or a type naming it, also inside a macro's arguments. Generated code
//! (`src/generated/`), demo and generated data (`src/demo/`), the binary (`src/main.rs`), the crate
//! root and test-only items are not counted. Helpers are told apart by name, so two helpers of
//! one name count as one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// What `cargo xtask stats` measured.
#[derive(Debug, PartialEq)]
pub struct Stats {
    /// Each operation (`<file>::<method>`, e.g. `scp/organization::list_accounts`) and its
    /// hand-written lines, by name.
    pub operations: BTreeMap<String, usize>,
}

impl Stats {
    /// The median lines per operation (0 without operations).
    pub fn median(&self) -> f64 {
        let mut lines: Vec<usize> = self.operations.values().copied().collect();
        lines.sort_unstable();
        match lines.len() {
            0 => 0.0,
            n if n % 2 == 1 => lines[n / 2] as f64,
            n => (lines[n / 2 - 1] + lines[n / 2]) as f64 / 2.0,
        }
    }

    /// The largest operation and its lines.
    pub fn max(&self) -> Option<(&str, usize)> {
        self.operations
            .iter()
            .max_by_key(|(name, lines)| (**lines, std::cmp::Reverse(*name)))
            .map(|(name, lines)| (name.as_str(), *lines))
    }

    /// The report: one line per operation, largest first, then the summary line.
    pub fn report(&self) -> String {
        let mut rows: Vec<(&String, &usize)> = self.operations.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (name, lines) in rows {
            out.push_str(&format!("{lines:>5}  {name}\n"));
        }
        let (largest, max) = self.max().unwrap_or(("-", 0));
        out.push_str(&format!(
            "{} operations: median {} lines, max {max} ({largest})\n",
            self.operations.len(),
            self.median()
        ));
        out
    }
}

/// An error reading or parsing the emulator's sources.
#[derive(Debug, thiserror::Error)]
pub enum StatsError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A file is not Rust that `syn` parses.
    #[error("cannot parse {path}: {source}")]
    Parse {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: syn::Error,
    },
}

/// Measures the emulator crate whose `src/` is `src`.
pub fn emulator(src: &Path) -> Result<Stats, StatsError> {
    let mut files = Vec::new();
    collect(src, src, &mut files)?;
    measure(&files)
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> Result<(), StatsError> {
    let read_err = |path: &Path, source| StatsError::Read {
        path: path.display().to_string(),
        source,
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| read_err(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| read_err(dir, e))?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let name = relative.to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            if name != "generated" && name != "demo" {
                collect(root, &path, files)?;
            }
        } else if name.ends_with(".rs") && name != "main.rs" && name != "lib.rs" {
            let text = std::fs::read_to_string(&path).map_err(|e| read_err(&path, e))?;
            files.push((name, text));
        }
    }
    Ok(())
}

/// One measured item: its lines and the names it mentions.
struct Unit {
    lines: usize,
    mentions: BTreeSet<String>,
}

/// Measures sources given as (path, text).
pub fn measure(files: &[(String, String)]) -> Result<Stats, StatsError> {
    let mut handlers: BTreeMap<String, Unit> = BTreeMap::new();
    let mut helpers: BTreeMap<String, Unit> = BTreeMap::new();
    for (path, text) in files {
        let file = syn::parse_file(text).map_err(|source| StatsError::Parse {
            path: path.clone(),
            source,
        })?;
        let source = Source {
            module: path.trim_end_matches(".rs").trim_end_matches("/mod"),
            lines: text.lines().collect(),
        };
        for item in &file.items {
            visit(&source, item, &mut handlers, &mut helpers);
        }
    }
    // Which operations reach each helper, through any chain of helpers.
    let mut reached_by: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (op, unit) in &handlers {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = unit.mentions.iter().map(String::as_str).collect();
        while let Some(name) = todo.pop() {
            let Some(helper) = helpers.get_key_value(name) else {
                continue;
            };
            if seen.insert(helper.0.as_str()) {
                todo.extend(helper.1.mentions.iter().map(String::as_str));
            }
        }
        for helper in seen {
            reached_by.entry(helper).or_default().insert(op.as_str());
        }
    }
    let mut operations: BTreeMap<String, usize> = handlers
        .iter()
        .map(|(op, unit)| (op.clone(), unit.lines))
        .collect();
    for (helper, ops) in reached_by {
        if let ([op], Some(unit)) = (
            ops.iter().copied().collect::<Vec<_>>().as_slice(),
            helpers.get(helper),
        ) && let Some(lines) = operations.get_mut(*op)
        {
            *lines += unit.lines;
        }
    }
    Ok(Stats { operations })
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.to_token_stream().to_string().contains("test"))
}

/// A file being measured: its module path (`scp/wire`) and its lines.
struct Source<'a> {
    module: &'a str,
    lines: Vec<&'a str>,
}

impl Source<'_> {
    /// The lines from `first` to `last` (1-based, inclusive) that are code: not blank, not a
    /// comment or doc.
    fn code_lines(&self, first: usize, last: usize) -> usize {
        let range = self
            .lines
            .get(first.saturating_sub(1)..last.min(self.lines.len()));
        range
            .unwrap_or_default()
            .iter()
            .map(|line| line.trim())
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .count()
    }
}

fn visit(
    source: &Source<'_>,
    item: &syn::Item,
    handlers: &mut BTreeMap<String, Unit>,
    helpers: &mut BTreeMap<String, Unit>,
) {
    let add =
        |map: &mut BTreeMap<String, Unit>, name: String, tokens: TokenStream, lines: usize| {
            let entry = map.entry(name).or_insert(Unit {
                lines: 0,
                mentions: BTreeSet::new(),
            });
            entry.lines += lines;
            entry.mentions.extend(mentions(tokens));
        };
    let whole = |tokens: &dyn ToTokens| {
        let (mut first, mut last) = (usize::MAX, 0);
        for tree in tokens.to_token_stream() {
            first = first.min(tree.span().start().line);
            last = last.max(tree.span().end().line);
        }
        source.code_lines(first, last)
    };
    let named =
        |attrs: &[syn::Attribute], ident: &syn::Ident| (!is_test(attrs)).then(|| ident.to_string());
    let helper = match item {
        syn::Item::Fn(f) => named(&f.attrs, &f.sig.ident),
        syn::Item::Static(s) => named(&s.attrs, &s.ident),
        syn::Item::Const(c) => named(&c.attrs, &c.ident),
        syn::Item::Struct(s) => named(&s.attrs, &s.ident),
        syn::Item::Enum(e) => named(&e.attrs, &e.ident),
        syn::Item::Type(t) => named(&t.attrs, &t.ident),
        _ => None,
    };
    if let Some(name) = helper {
        add(helpers, name, item.to_token_stream(), whole(item));
        return;
    }
    match item {
        syn::Item::Impl(imp) if !is_test(&imp.attrs) => {
            let trait_path = imp.trait_.as_ref().map(|(_, path, _)| path);
            let is_handlers = trait_path
                .is_some_and(|p| p.segments.last().is_some_and(|s| s.ident == "Handlers"));
            // A trait impl for a type (`impl From<..> for Item`) belongs to the type.
            let owner = match (is_handlers, trait_path, &*imp.self_ty) {
                (false, Some(_), syn::Type::Path(p)) => {
                    p.path.segments.last().map(|s| s.ident.to_string())
                }
                _ => None,
            };
            for member in &imp.items {
                let syn::ImplItem::Fn(f) = member else {
                    continue;
                };
                if is_test(&f.attrs) {
                    continue;
                }
                if is_handlers {
                    // A handler's signature is the generated trait's: what is written is its
                    // body, between the lines of its braces.
                    let braces = &f.block.brace_token.span;
                    let (open, close) = (braces.open().start().line, braces.close().end().line);
                    let lines = source.code_lines(open + 1, close.saturating_sub(1));
                    let name = format!("{}::{}", source.module, f.sig.ident);
                    add(handlers, name, f.block.to_token_stream(), lines);
                } else {
                    let name = owner.clone().unwrap_or_else(|| f.sig.ident.to_string());
                    add(helpers, name, f.to_token_stream(), whole(f));
                }
            }
        }
        syn::Item::Mod(m) if !is_test(&m.attrs) => {
            for item in m.content.iter().flat_map(|(_, items)| items) {
                visit(source, item, handlers, helpers);
            }
        }
        _ => {}
    }
}

/// The names `tokens` (an item or a block) uses: the last segment of every path (calls, types,
/// statics), every method called, and in a macro's arguments every name followed by `(` or `::`.
fn mentions(tokens: TokenStream) -> BTreeSet<String> {
    struct Names(BTreeSet<String>);
    impl<'ast> syn::visit::Visit<'ast> for Names {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            if let Some(last) = path.segments.last() {
                self.0.insert(last.ident.to_string());
            }
            syn::visit::visit_path(self, path);
        }
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            self.0.insert(call.method.to_string());
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            let trees = flatten(mac.tokens.clone());
            for pair in trees.windows(2) {
                let called = match &pair[1] {
                    TokenTree::Group(g) => g.delimiter() == proc_macro2::Delimiter::Parenthesis,
                    TokenTree::Punct(p) => p.as_char() == ':',
                    _ => false,
                };
                if let (TokenTree::Ident(ident), true) = (&pair[0], called) {
                    self.0.insert(ident.to_string());
                }
            }
            syn::visit::visit_macro(self, mac);
        }
    }
    let mut names = Names(BTreeSet::new());
    if let Ok(item) = syn::parse2::<syn::Item>(tokens.clone()) {
        syn::visit::Visit::visit_item(&mut names, &item);
    } else if let Ok(item) = syn::parse2::<syn::ImplItemFn>(tokens.clone()) {
        syn::visit::Visit::visit_impl_item_fn(&mut names, &item);
    } else if let Ok(block) = syn::parse2::<syn::Block>(tokens) {
        syn::visit::Visit::visit_block(&mut names, &block);
    }
    names.0
}

/// Every token of `tokens`, each group followed by its contents.
fn flatten(tokens: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for tree in tokens {
        let inner = match &tree {
            TokenTree::Group(group) => Some(group.stream()),
            _ => None,
        };
        out.push(tree);
        out.extend(inner.map(flatten).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HANDLERS: &str = r#"
        impl generated::svc::Handlers for App {
            fn list_things(&self, ctx: &Context<'_>, request: R) -> Result<Response, Reject> {
                let rows = only_list(ctx)?;
                let _ = Seen { lookup: 1 };
                shared(rows)
            }

            /// A doc comment is not a line.
            fn show_thing(&self, ctx: &Context<'_>, request: R) -> Result<Response, Reject> {
                // Nor is a comment.

                shared(lookup(ctx)?.max(format!("{}", in_macro()).len()))
            }
        }

        fn only_list(ctx: &Context<'_>) -> Result<Vec<u32>, Reject> {
            Ok(deeper())
        }

        fn deeper() -> Vec<u32> {
            vec![1, 2]
        }

        fn shared<T>(x: T) -> Result<Response, Reject> {
            ok(&x)
        }

        fn lookup(ctx: &Context<'_>) -> Result<u32, Reject> {
            Ok(1)
        }

        fn in_macro() -> u32 {
            2
        }

        #[cfg(test)]
        mod tests {
            fn only_list_test() { only_list(); }
        }
    "#;

    #[test]
    fn an_operation_costs_its_method_and_the_helpers_only_it_reaches() {
        let stats = measure(&[("svc.rs".to_owned(), HANDLERS.to_owned())]).unwrap();
        // list_things: a 3-line body, only_list 3, deeper 3 (reached through only_list); shared
        // is both operations' and counts for neither; `Seen { lookup: 1 }` names no helper.
        assert_eq!(stats.operations["svc::list_things"], 3 + 3 + 3);
        // show_thing: a 1-line body (no doc, comment or blank line), lookup 3, and in_macro 3
        // (called inside format!).
        assert_eq!(stats.operations["svc::show_thing"], 1 + 3 + 3);
        assert_eq!(stats.median(), 8.0);
        assert_eq!(stats.max(), Some(("svc::list_things", 9)));
        let report = stats.report();
        assert!(
            report.ends_with("2 operations: median 8 lines, max 9 (svc::list_things)\n"),
            "{report}"
        );
        assert!(report.starts_with("    9  svc::list_things\n"), "{report}");
    }

    #[test]
    fn unparsable_sources_are_an_error_naming_the_file() {
        let err = measure(&[("bad.rs".to_owned(), "fn (".to_owned())]).unwrap_err();
        assert!(err.to_string().starts_with("cannot parse bad.rs"), "{err}");
    }
}
