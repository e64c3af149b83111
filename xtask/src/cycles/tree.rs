//! The module tree of one crate target, read from its files, and the references between them:
//! each `use` and each path in code, followed to the file that defines what it names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use crate::CodegenError;

/// A module of the crate: the file it lives in and what it names.
#[derive(Default)]
struct Module {
    parent: Option<usize>,
    file: usize,
    children: BTreeMap<String, usize>,
    /// Items defined here, with the file defining them (a `#[macro_export]` macro lives at the
    /// root but is defined in its own file).
    items: BTreeMap<String, usize>,
    /// `use` imports: the name they bind and the path they name, relative to this module.
    imports: BTreeMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
}

/// The module tree of one crate target, built from its files.
pub(super) struct Tree {
    /// Every file of the crate target, read or not (an included generated file is not).
    pub(super) files: Vec<PathBuf>,
    asts: Vec<Option<syn::File>>,
    modules: Vec<Module>,
}

/// Where a path leads.
enum Resolved {
    /// An item of the crate, defined in this file.
    Item(usize),
    /// A module of the crate, or a name in one that could not be followed (a macro's output):
    /// its file.
    Module(usize),
    /// Outside the crate (another crate, the prelude, a local name).
    Outside,
}

impl Tree {
    /// The tree of the crate target whose root file is `root`.
    pub(super) fn build(root: &Path) -> Result<Self, CodegenError> {
        let mut tree = Tree {
            files: Vec::new(),
            asts: Vec::new(),
            modules: Vec::new(),
        };
        let dir = root.parent().unwrap_or(Path::new(".")).to_path_buf();
        tree.load_file(root, None, None, dir)?;
        Ok(tree)
    }

    /// Reads `path` as the module named `name` under `parent`, and its submodules.
    fn load_file(
        &mut self,
        path: &Path,
        parent: Option<usize>,
        name: Option<&str>,
        child_dir: PathBuf,
    ) -> Result<(), CodegenError> {
        let text = std::fs::read_to_string(path).map_err(|source| crate::io(path, source))?;
        let ast = syn::parse_file(&text).map_err(|e| CodegenError::Rust {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let file = self.files.len();
        self.files.push(path.to_path_buf());
        self.asts.push(None);
        let module = self.new_module(parent, name, file);
        self.load_items(&ast.items, module, file, &child_dir)?;
        self.asts[file] = Some(ast);
        Ok(())
    }

    fn new_module(&mut self, parent: Option<usize>, name: Option<&str>, file: usize) -> usize {
        let index = self.modules.len();
        self.modules.push(Module {
            parent,
            file,
            ..Module::default()
        });
        if let (Some(parent), Some(name)) = (parent, name) {
            self.modules[parent].children.insert(name.to_owned(), index);
        }
        index
    }

    fn load_items(
        &mut self,
        items: &[syn::Item],
        module: usize,
        file: usize,
        dir: &Path,
    ) -> Result<(), CodegenError> {
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    let name = m.ident.to_string();
                    if let Some((_, inner)) = &m.content {
                        // `mod generated { include!("generated/modules.rs"); }`: the module's
                        // items are the included file's, which is not read.
                        let home = match included(inner) {
                            Some(path) => {
                                let base = self.files[file].parent().unwrap_or(Path::new("."));
                                self.files.push(base.join(path));
                                self.asts.push(None);
                                self.files.len() - 1
                            }
                            None => file,
                        };
                        let child = self.new_module(Some(module), Some(&name), home);
                        self.load_items(inner, child, file, &dir.join(&name))?;
                    } else if let Some(path) = self.module_file(m, &name, file, dir) {
                        let child_dir = if path.file_name().is_some_and(|n| n == "mod.rs") {
                            path.parent().unwrap_or(dir).to_path_buf()
                        } else {
                            path.with_extension("")
                        };
                        self.load_file(&path, Some(module), Some(&name), child_dir)?;
                    }
                }
                syn::Item::Use(u) => collect_use(&u.tree, Vec::new(), &mut self.modules[module]),
                syn::Item::Macro(m) => {
                    if let Some(ident) = &m.ident {
                        self.modules[module].items.insert(ident.to_string(), file);
                        let exported = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                        if exported {
                            self.modules[0].items.insert(ident.to_string(), file);
                        }
                    }
                }
                other => {
                    for name in item_names(other) {
                        self.modules[module].items.insert(name, file);
                    }
                }
            }
        }
        Ok(())
    }

    /// The file of `mod name;`: its `#[path]`, else `dir/name.rs` or `dir/name/mod.rs`.
    fn module_file(
        &self,
        m: &syn::ItemMod,
        name: &str,
        file: usize,
        dir: &Path,
    ) -> Option<PathBuf> {
        for attr in &m.attrs {
            if attr.path().is_ident("path")
                && let syn::Meta::NameValue(nv) = &attr.meta
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
            {
                let base = self.files[file].parent().unwrap_or(Path::new("."));
                return Some(base.join(s.value()));
            }
        }
        [
            dir.join(format!("{name}.rs")),
            dir.join(name).join("mod.rs"),
        ]
        .into_iter()
        .find(|p| p.is_file())
    }

    /// Every edge between two files, with the first path that makes it.
    pub(super) fn edges(&self) -> BTreeMap<(usize, usize), String> {
        let mut edges = BTreeMap::new();
        for (file, ast) in self.asts.iter().enumerate() {
            let Some(ast) = ast else { continue };
            let module = self
                .modules
                .iter()
                .position(|m| m.file == file)
                .unwrap_or(0);
            let mut refs = References {
                stack: vec![module],
                tree: self,
                found: Vec::new(),
            };
            refs.visit_file(ast);
            for (from_module, path) in refs.found {
                let target = match self.resolve(from_module, &path, 0) {
                    Resolved::Item(f) | Resolved::Module(f) => f,
                    Resolved::Outside => continue,
                };
                if target != file && !self.is_generated(target) && !self.is_generated(file) {
                    edges
                        .entry((file, target))
                        .or_insert_with(|| path.join("::"));
                }
            }
        }
        edges
    }

    fn is_generated(&self, file: usize) -> bool {
        self.files[file]
            .components()
            .any(|c| c.as_os_str() == "generated")
    }

    /// Follows `path`, as written in `module`, to the file that defines what it names.
    fn resolve(&self, module: usize, path: &[String], depth: usize) -> Resolved {
        if depth > 16 || path.is_empty() {
            return Resolved::Outside;
        }
        let mut current = module;
        let mut rest = path;
        match path[0].as_str() {
            "crate" => {
                current = 0;
                rest = &path[1..];
            }
            "self" | "super" => {
                while let Some(first) = rest.first() {
                    match first.as_str() {
                        "self" => {}
                        "super" => match self.modules[current].parent {
                            Some(parent) => current = parent,
                            None => return Resolved::Outside,
                        },
                        _ => break,
                    }
                    rest = &rest[1..];
                }
            }
            first => {
                let m = &self.modules[current];
                if !m.children.contains_key(first)
                    && !m.items.contains_key(first)
                    && !m.imports.contains_key(first)
                {
                    return Resolved::Outside;
                }
            }
        }
        for (i, segment) in rest.iter().enumerate() {
            let m = &self.modules[current];
            if let Some(&child) = m.children.get(segment) {
                current = child;
                continue;
            }
            if let Some(&file) = m.items.get(segment) {
                return Resolved::Item(file);
            }
            if let Some(target) = m.imports.get(segment) {
                if target.len() == 1 && target[0] == *segment && !m.children.contains_key(segment) {
                    // `use some_crate;`
                    return Resolved::Outside;
                }
                let mut full = target.clone();
                full.extend(rest[i + 1..].iter().cloned());
                return self.resolve(current, &full, depth + 1);
            }
            for glob in &m.globs {
                let mut full = glob.clone();
                full.extend(rest[i..].iter().cloned());
                if let Resolved::Item(file) = self.resolve(current, &full, depth + 1) {
                    return Resolved::Item(file);
                }
            }
            return Resolved::Module(m.file);
        }
        Resolved::Module(self.modules[current].file)
    }
}

/// The file an inline module's body includes (`include!("...")`), if it does.
fn included(items: &[syn::Item]) -> Option<String> {
    items.iter().find_map(|item| match item {
        syn::Item::Macro(m) if m.mac.path.is_ident("include") => m
            .mac
            .parse_body::<syn::LitStr>()
            .ok()
            .map(|lit| lit.value()),
        _ => None,
    })
}

/// The names an item defines in its module.
fn item_names(item: &syn::Item) -> Vec<String> {
    let ident = match item {
        syn::Item::Const(i) => &i.ident,
        syn::Item::Enum(i) => &i.ident,
        syn::Item::Fn(i) => &i.sig.ident,
        syn::Item::Static(i) => &i.ident,
        syn::Item::Struct(i) => &i.ident,
        syn::Item::Trait(i) => &i.ident,
        syn::Item::TraitAlias(i) => &i.ident,
        syn::Item::Type(i) => &i.ident,
        syn::Item::Union(i) => &i.ident,
        syn::Item::ExternCrate(i) => i.rename.as_ref().map_or(&i.ident, |(_, r)| r),
        _ => return Vec::new(),
    };
    vec![ident.to_string()]
}

/// Records what a `use` tree binds in `module`.
fn collect_use(tree: &syn::UseTree, mut prefix: Vec<String>, module: &mut Module) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_use(&p.tree, prefix, module);
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last().cloned() {
                    module.imports.insert(last, prefix);
                }
            } else {
                prefix.push(name.clone());
                module.imports.insert(name, prefix);
            }
        }
        syn::UseTree::Rename(r) => {
            let name = r.ident.to_string();
            if name != "self" {
                prefix.push(name);
            }
            if r.rename != "_" {
                module.imports.insert(r.rename.to_string(), prefix);
            }
        }
        syn::UseTree::Glob(_) => module.globs.push(prefix),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                collect_use(tree, prefix.clone(), module);
            }
        }
    }
}

/// Every path a `use` tree names, in full.
fn use_paths(tree: &syn::UseTree, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
        }
        syn::UseTree::Name(syn::UseName { ident })
        | syn::UseTree::Rename(syn::UseRename { ident, .. }) => {
            if ident != "self" {
                prefix.push(ident.to_string());
            }
            out.push(prefix);
        }
        syn::UseTree::Glob(_) => out.push(prefix),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_paths(tree, prefix.clone(), out);
            }
        }
    }
}

/// Collects the paths of one file, each with the module it is written in.
struct References<'a> {
    stack: Vec<usize>,
    tree: &'a Tree,
    found: Vec<(usize, Vec<String>)>,
}

impl References<'_> {
    fn current(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }
}

impl<'ast> Visit<'ast> for References<'_> {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        // A declared file module is visited as its own file; an inline one here, as a module.
        if m.content.is_none() {
            return;
        }
        let name = m.ident.to_string();
        let child = self.tree.modules[self.current()]
            .children
            .get(&name)
            .copied();
        match child {
            Some(child) => {
                self.stack.push(child);
                syn::visit::visit_item_mod(self, m);
                self.stack.pop();
            }
            None => syn::visit::visit_item_mod(self, m),
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        let mut paths = Vec::new();
        use_paths(&u.tree, Vec::new(), &mut paths);
        let module = self.current();
        self.found.extend(paths.into_iter().map(|p| (module, p)));
    }

    // `pub(crate)`, `pub(in crate::a)`: where an item is visible, not something it uses.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let anchored = matches!(
            segments.first().map(String::as_str),
            Some("crate" | "self" | "super")
        );
        // A single name is a local, a prelude item, or an import its `use` already counts.
        if path.leading_colon.is_none() && (anchored || segments.len() > 1) {
            self.found.push((self.current(), segments));
        }
        syn::visit::visit_path(self, path);
    }

    // A macro's arguments are tokens, not syntax: the paths anchored at `crate`, `self` or `super`
    // among them (`matches!(e, crate::Error::X)`) are references too, except in the macros that
    // write code for another crate (`quote!`).
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if name.is_some_and(|n| QUOTING.contains(&n.as_str())) {
            return;
        }
        let module = self.current();
        anchored_paths(mac.tokens.clone(), &mut |path| {
            self.found.push((module, path))
        });
    }
}

/// The macros whose tokens are code being written, not code that runs here.
const QUOTING: &[&str] = &[
    "quote",
    "quote_spanned",
    "parse_quote",
    "parse_quote_spanned",
];

/// Calls `found` with every `crate::a::b`, `self::a` or `super::a` path in `tokens`, groups
/// included.
fn anchored_paths(tokens: proc_macro2::TokenStream, found: &mut dyn FnMut(Vec<String>)) {
    use proc_macro2::TokenTree;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Group(g) => anchored_paths(g.stream(), found),
            TokenTree::Ident(id)
                if ["crate", "self", "super"].contains(&id.to_string().as_str()) =>
            {
                let mut path = vec![id.to_string()];
                // `::` is two `:` puncts, then a name.
                while let (
                    Some(TokenTree::Punct(a)),
                    Some(TokenTree::Punct(b)),
                    Some(TokenTree::Ident(next)),
                ) = (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3))
                {
                    if a.as_char() != ':' || b.as_char() != ':' {
                        break;
                    }
                    path.push(next.to_string());
                    i += 3;
                }
                if path.len() > 1 {
                    found(path);
                }
            }
            _ => {}
        }
        i += 1;
    }
}
