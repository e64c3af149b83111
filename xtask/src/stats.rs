//! `cargo xtask stats`: hand-written emulator lines per operation.
//!
//! An operation costs the lines of its `Handlers` method's body (the signature is the generated
//! trait's) plus those of every helper that only it
//! reaches (directly or through other helpers); a helper two operations share is the framework's,
//! not either operation's. Lines are counted as `prettyplease` prints the item: no blank line, no
//! comment, no doc. Generated code (`src/generated/`), demo and generated data (`src/demo/`), the
//! binary (`src/main.rs`), the crate root and `#[cfg(test)]` items are not counted. Helpers are
//! told apart by name, so two helpers of one name count as one.

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
        for item in &file.items {
            let module = path.trim_end_matches(".rs").trim_end_matches("/mod");
            visit(module, item, &mut handlers, &mut helpers);
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

fn visit(
    module: &str,
    item: &syn::Item,
    handlers: &mut BTreeMap<String, Unit>,
    helpers: &mut BTreeMap<String, Unit>,
) {
    let add = |map: &mut BTreeMap<String, Unit>, name: String, item: syn::Item| {
        let unit = Unit {
            lines: lines(&item),
            mentions: mentions(item.to_token_stream()),
        };
        let entry = map.entry(name).or_insert(Unit {
            lines: 0,
            mentions: BTreeSet::new(),
        });
        entry.lines += unit.lines;
        entry.mentions.extend(unit.mentions);
    };
    match item {
        syn::Item::Fn(f) if !is_test(&f.attrs) => {
            add(helpers, f.sig.ident.to_string(), item.clone())
        }
        syn::Item::Static(s) if !is_test(&s.attrs) => {
            add(helpers, s.ident.to_string(), item.clone())
        }
        syn::Item::Const(c) if !is_test(&c.attrs) => {
            add(helpers, c.ident.to_string(), item.clone())
        }
        syn::Item::Struct(s) if !is_test(&s.attrs) => {
            add(helpers, s.ident.to_string(), item.clone())
        }
        syn::Item::Enum(e) if !is_test(&e.attrs) => add(helpers, e.ident.to_string(), item.clone()),
        syn::Item::Type(t) if !is_test(&t.attrs) => add(helpers, t.ident.to_string(), item.clone()),
        syn::Item::Impl(imp) if !is_test(&imp.attrs) => {
            let trait_path = imp.trait_.as_ref().map(|(_, path, _)| path);
            let handlers_of = trait_path
                .filter(|p| p.segments.last().is_some_and(|s| s.ident == "Handlers"))
                .map(|_| module);
            // A trait impl for a type (`impl From<..> for Item`) belongs to the type.
            let owner = match (&handlers_of, trait_path, &*imp.self_ty) {
                (None, Some(_), syn::Type::Path(p)) => {
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
                let as_fn = |sig: syn::Signature| {
                    syn::Item::Fn(syn::ItemFn {
                        attrs: Vec::new(),
                        vis: syn::Visibility::Inherited,
                        sig,
                        block: Box::new(f.block.clone()),
                    })
                };
                match (&handlers_of, &owner) {
                    // A handler's signature is the generated trait's: its body is what is written.
                    (Some(module), _) => {
                        let mut sig = f.sig.clone();
                        sig.inputs.clear();
                        sig.output = syn::ReturnType::Default;
                        let name = format!("{module}::{}", f.sig.ident);
                        add(handlers, name, as_fn(sig));
                        if let Some(unit) = handlers.get_mut(&format!("{module}::{}", f.sig.ident))
                        {
                            // `fn name() {` and `}` are not the body.
                            unit.lines = unit.lines.saturating_sub(2);
                        }
                    }
                    (None, Some(owner)) => add(helpers, owner.clone(), as_fn(f.sig.clone())),
                    (None, None) => add(helpers, f.sig.ident.to_string(), as_fn(f.sig.clone())),
                }
            }
        }
        syn::Item::Mod(m) if !is_test(&m.attrs) => {
            for item in m.content.iter().flat_map(|(_, items)| items) {
                visit(module, item, handlers, helpers);
            }
        }
        _ => {}
    }
}

/// The lines of `item` as `prettyplease` prints it, without docs, comments or blank lines.
fn lines(item: &syn::Item) -> usize {
    let mut item = item.clone();
    strip_docs(&mut item);
    let text = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item],
    });
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

fn strip_docs(item: &mut syn::Item) {
    let keep = |attrs: &mut Vec<syn::Attribute>| attrs.retain(|a| !a.path().is_ident("doc"));
    match item {
        syn::Item::Fn(f) => keep(&mut f.attrs),
        syn::Item::Static(s) => keep(&mut s.attrs),
        syn::Item::Const(c) => keep(&mut c.attrs),
        syn::Item::Struct(s) => {
            keep(&mut s.attrs);
            for field in s.fields.iter_mut() {
                keep(&mut field.attrs);
            }
        }
        syn::Item::Enum(e) => {
            keep(&mut e.attrs);
            for variant in &mut e.variants {
                keep(&mut variant.attrs);
            }
        }
        syn::Item::Type(t) => keep(&mut t.attrs),
        _ => {}
    }
}

/// Every identifier in `tokens`.
fn mentions(tokens: TokenStream) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut todo = vec![tokens];
    while let Some(stream) = todo.pop() {
        for tree in stream {
            match tree {
                TokenTree::Ident(ident) => {
                    found.insert(ident.to_string());
                }
                TokenTree::Group(group) => todo.push(group.stream()),
                _ => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const HANDLERS: &str = r#"
        impl generated::svc::Handlers for App {
            fn list_things(&self, ctx: &Context<'_>, request: R) -> Result<Response, Reject> {
                let rows = only_list(ctx)?;
                shared(rows)
            }

            /// A doc comment is not a line.
            fn show_thing(&self, ctx: &Context<'_>, request: R) -> Result<Response, Reject> {
                // Nor is a comment.

                shared(lookup(ctx)?)
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

        #[cfg(test)]
        mod tests {
            fn only_list_test() { only_list(); }
        }
    "#;

    #[test]
    fn an_operation_costs_its_method_and_the_helpers_only_it_reaches() {
        let stats = measure(&[("svc.rs".to_owned(), HANDLERS.to_owned())]).unwrap();
        // list_things: a 2-line body, only_list 3, deeper 3 (reached through only_list); shared
        // is both operations' and counts for neither.
        assert_eq!(stats.operations["svc::list_things"], 2 + 3 + 3);
        // show_thing: a 1-line body (no doc, comment or blank line), lookup 3.
        assert_eq!(stats.operations["svc::show_thing"], 1 + 3);
        assert_eq!(stats.median(), 6.0);
        assert_eq!(stats.max(), Some(("svc::list_things", 8)));
        let report = stats.report();
        assert!(
            report.ends_with("2 operations: median 6 lines, max 8 (svc::list_things)\n"),
            "{report}"
        );
        assert!(report.starts_with("    8  svc::list_things\n"), "{report}");
    }

    #[test]
    fn unparsable_sources_are_an_error_naming_the_file() {
        let err = measure(&[("bad.rs".to_owned(), "fn (".to_owned())]).unwrap_err();
        assert!(err.to_string().starts_with("cannot parse bad.rs"), "{err}");
    }
}
