//! `cargo xtask cycles`: no import cycle between the files of a crate.
//!
//! For every crate target of the workspace (each library, binary, test, bench and example root),
//! the files of its module tree form a graph: an edge `a.rs -> b.rs` when `a.rs` refers to an item
//! that `b.rs` defines, through a `use` (a `pub use` re-export included) or a path in code starting
//! with `crate::`, `self::`, `super::` or a name the module has in scope. A path is followed through
//! re-exports and glob imports to the file that defines the item, so `crate::Error` re-exported by
//! `lib.rs` from `error.rs` is an edge to `error.rs`. Declaring a module (`mod b;`) is not an edge,
//! and neither is naming a module on the way to one of its items. Generated files
//! (`src/generated/`) are left out: they are one layer emitted from the specs, checked by
//! `cargo xtask codegen --check`.
//!
//! Every strongly connected set of files is reported with the references that tie it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

use crate::CodegenError;

/// A set of files of one crate that refer to each other in a cycle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// The crate root the files belong to, relative to the workspace root.
    pub root: PathBuf,
    /// The files, relative to the workspace root, sorted.
    pub files: Vec<PathBuf>,
    /// The edges between them: `(from, to, the path that makes it)`.
    pub edges: Vec<(PathBuf, PathBuf, String)>,
}

impl std::fmt::Display for Cycle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = self.files.iter().map(|p| p.display().to_string()).collect();
        writeln!(
            f,
            "import cycle in {}: {}",
            self.root.display(),
            names.join(" <-> ")
        )?;
        for (from, to, via) in &self.edges {
            writeln!(f, "    {} -> {} (`{via}`)", from.display(), to.display())?;
        }
        Ok(())
    }
}

/// The import cycles of every crate target of the workspace at `root`, each set of files once.
pub fn check(root: &Path) -> Result<Vec<Cycle>, CodegenError> {
    let mut cycles: Vec<Cycle> = Vec::new();
    for member in members(root)? {
        for target in targets(&member) {
            for cycle in crate_cycles(&target)? {
                if !cycles.iter().any(|c| c.files == cycle.files) {
                    cycles.push(cycle);
                }
            }
        }
    }
    for cycle in &mut cycles {
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        cycle.root = rel(&cycle.root);
        cycle.files = cycle.files.iter().map(|p| rel(p)).collect();
        cycle.edges = cycle
            .edges
            .iter()
            .map(|(a, b, via)| (rel(a), rel(b), via.clone()))
            .collect();
    }
    Ok(cycles)
}

/// The workspace members: `members` of the root `Cargo.toml`, a trailing `/*` expanded.
fn members(root: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|source| crate::io(&manifest, source))?;
    let parsed: toml::Table =
        text.parse()
            .map_err(|e: toml::de::Error| CodegenError::Manifest {
                manifest: "Cargo.toml".to_owned(),
                message: e.to_string(),
            })?;
    let patterns = parsed
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for pattern in patterns.iter().filter_map(toml::Value::as_str) {
        if let Some(dir) = pattern.strip_suffix("/*") {
            let mut dirs: Vec<PathBuf> = read_dir(&root.join(dir))
                .into_iter()
                .filter(|p| p.join("Cargo.toml").is_file())
                .collect();
            dirs.sort();
            out.extend(dirs);
        } else {
            out.push(root.join(pattern));
        }
    }
    Ok(out)
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    out
}

/// The root files of a package's targets: library, binaries, tests, benches, examples.
fn targets(package: &Path) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for file in ["src/lib.rs", "src/main.rs"] {
        let path = package.join(file);
        if path.is_file() {
            roots.push(path);
        }
    }
    for dir in ["src/bin", "tests", "benches", "examples"] {
        for path in read_dir(&package.join(dir)) {
            if path.extension().is_some_and(|e| e == "rs") {
                roots.push(path);
            } else if path.join("main.rs").is_file() {
                roots.push(path.join("main.rs"));
            }
        }
    }
    roots
}

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
struct Tree {
    files: Vec<PathBuf>,
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

/// The cycles between the files of the crate whose root file is `root`.
pub fn crate_cycles(root: &Path) -> Result<Vec<Cycle>, CodegenError> {
    let tree = Tree::build(root)?;
    let edges = tree.edges();
    Ok(components(&tree.files, &edges)
        .into_iter()
        .map(|files| {
            let set: BTreeSet<usize> = files.iter().copied().collect();
            let within = edges
                .iter()
                .filter(|((a, b), _)| set.contains(a) && set.contains(b))
                .map(|((a, b), via)| (tree.files[*a].clone(), tree.files[*b].clone(), via.clone()))
                .collect();
            let mut names: Vec<PathBuf> = files.iter().map(|&f| tree.files[f].clone()).collect();
            names.sort();
            Cycle {
                root: root.to_path_buf(),
                files: names,
                edges: within,
            }
        })
        .collect())
}

impl Tree {
    fn build(root: &Path) -> Result<Self, CodegenError> {
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
    fn edges(&self) -> BTreeMap<(usize, usize), String> {
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
}

/// The strongly connected sets of more than one file (Tarjan's algorithm), each sorted.
fn components(files: &[PathBuf], edges: &BTreeMap<(usize, usize), String>) -> Vec<Vec<usize>> {
    let n = files.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in edges.keys() {
        next[a].push(b);
    }
    struct State {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        counter: usize,
        out: Vec<Vec<usize>>,
    }
    fn connect(v: usize, next: &[Vec<usize>], s: &mut State) {
        s.index[v] = Some(s.counter);
        s.low[v] = s.counter;
        s.counter += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &next[v] {
            match s.index[w] {
                None => {
                    connect(w, next, s);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut state = State {
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        counter: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if state.index[v].is_none() {
            connect(v, &next, &mut state);
        }
    }
    state.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate of the given files (`src/...` paths) in a scratch directory.
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn cycles_of(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let dir = tree(files);
        crate_cycles(&dir.path().join("src/lib.rs"))
            .unwrap()
            .into_iter()
            .map(|c| {
                c.files
                    .iter()
                    .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn two_files_using_each_other_are_a_cycle() {
        let found = cycles_of(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            ("src/a.rs", "use crate::b::B;\npub struct A;\n"),
            (
                "src/b.rs",
                "pub struct B;\npub fn f() -> crate::a::A { crate::a::A }\n",
            ),
        ]);
        assert_eq!(found, vec![vec!["src/a.rs", "src/b.rs"]]);
    }

    #[test]
    fn a_longer_cycle_through_a_glob_and_a_rename_is_found_and_named() {
        let dir = tree(&[
            ("src/lib.rs", "mod a;\nmod b;\nmod c;\n"),
            (
                "src/a.rs",
                "use crate::b::*;\npub struct A;\nfn f(_: B) {}\n",
            ),
            (
                "src/b.rs",
                "use crate::c::C as Renamed;\npub struct B(Renamed);\n",
            ),
            ("src/c.rs", "pub struct C(super::a::A);\n"),
        ]);
        let found = crate_cycles(&dir.path().join("src/lib.rs")).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].files.len(), 3);
        let shown = found[0].to_string();
        assert!(
            shown.contains("`crate::c::C`") && shown.contains("`super::a::A`"),
            "{shown}"
        );
    }

    #[test]
    fn a_parent_and_child_using_each_other_through_super_are_a_cycle() {
        let found = cycles_of(&[
            ("src/lib.rs", "mod store;\n"),
            (
                "src/store.rs",
                "mod index;\npub struct Row;\npub fn build() { index::Index::new(); }\n",
            ),
            (
                "src/store/index.rs",
                "use super::Row;\npub struct Index;\nimpl Index { pub fn new() -> Self { Index } }\nfn f(_: Row) {}\n",
            ),
        ]);
        assert_eq!(found, vec![vec!["src/store/index.rs", "src/store.rs"]]);
    }

    #[test]
    fn module_declarations_and_one_way_uses_are_no_cycle() {
        let found = cycles_of(&[
            // The root declares and re-exports the modules; they use each other one way and
            // name the root's re-export, which leads to the defining file, not to the root.
            (
                "src/lib.rs",
                "mod a;\nmod b;\nmod error;\npub use error::Error;\npub use a::A;\n\
                 pub type Result<T> = std::result::Result<T, Error>;\n",
            ),
            ("src/error.rs", "pub struct Error;\n"),
            (
                "src/a.rs",
                "use crate::Error;\npub struct A;\npub fn f() -> crate::b::B { todo!() }\n",
            ),
            (
                "src/b.rs",
                "pub struct B;\nfn g(_: crate::Error) {}\n\
                 #[cfg(test)]\nmod tests {\n    use super::*;\n    fn t(_: B) {}\n}\n",
            ),
            ("src/c/mod.rs", "pub struct Unreached;\n"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_crate_root_is_in_a_cycle_when_it_uses_a_module_that_uses_its_own_items() {
        let found = cycles_of(&[
            (
                "src/lib.rs",
                "mod a;\npub struct Config;\npub fn run() { a::go() }\n",
            ),
            ("src/a.rs", "pub fn go() { let _ = crate::Config; }\n"),
        ]);
        assert_eq!(found, vec![vec!["src/a.rs", "src/lib.rs"]]);
    }

    #[test]
    fn generated_files_are_left_out() {
        let found = cycles_of(&[
            (
                "src/lib.rs",
                "mod a;\nmod generated {\n    include!(\"generated/modules.rs\");\n}\n\
                 pub fn run() { a::go() }\n",
            ),
            (
                "src/generated/modules.rs",
                "pub static ROUTES: &[u8] = &[];\n",
            ),
            (
                "src/a.rs",
                "pub fn go() { let _ = crate::generated::ROUTES; }\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn the_workspace_roots_cover_every_target() {
        let dir = tree(&[
            ("Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n"),
            ("crates/x/Cargo.toml", "[package]\nname = \"x\"\n"),
            ("crates/x/src/lib.rs", "mod a;\nmod b;\n"),
            ("crates/x/src/a.rs", "use crate::b::B;\npub struct A;\n"),
            ("crates/x/src/b.rs", "use crate::a::A;\npub struct B;\n"),
            ("crates/x/tests/t.rs", "mod common;\n"),
            ("crates/x/tests/common/mod.rs", "pub fn f() {}\n"),
        ]);
        let found = check(dir.path()).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].root, Path::new("crates/x/src/lib.rs"));
        assert_eq!(
            found[0].files,
            vec![
                PathBuf::from("crates/x/src/a.rs"),
                PathBuf::from("crates/x/src/b.rs")
            ]
        );
    }
}
