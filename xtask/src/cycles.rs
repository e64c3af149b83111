//! `cargo xtask cycles`: no import cycle between the files of a crate.
//!
//! For every crate target of the workspace (each library, binary, test, bench and example root),
//! the files of its module tree form a graph: an edge `a.rs -> b.rs` when `a.rs` refers to an item
//! that `b.rs` defines, through a `use` (a `pub use` re-export included) or a path in code starting
//! with `crate::`, `self::`, `super::` or a name the module has in scope (inside a macro's
//! arguments, the paths starting with `crate::`, `self::` or `super::`). A path is followed through
//! re-exports and glob imports to the file that defines the item, so `crate::Error` re-exported by
//! `lib.rs` from `error.rs` is an edge to `error.rs`. Declaring a module (`mod b;`) is not an edge,
//! and neither is naming a module on the way to one of its items. Generated files
//! (`src/generated/`) are left out: they are one layer emitted from the specs, checked by
//! `cargo xtask codegen --check`.
//!
//! Every strongly connected set of files is reported with the references that tie it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::CodegenError;

mod tree;

use tree::Tree;

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
    fn a_path_inside_a_macro_s_arguments_is_a_reference() {
        let found = cycles_of(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            (
                "src/a.rs",
                "pub enum E { X }\npub fn f() { crate::b::g(); }\n",
            ),
            (
                "src/b.rs",
                "pub fn g() {}\nfn h(e: u8) -> bool { matches!(e, _ if { let _ = [super::a::E::X]; true }) }\n",
            ),
        ]);
        assert_eq!(found, vec![vec!["src/a.rs", "src/b.rs"]]);
        // Code written for another crate refers to nothing here.
        let found = cycles_of(&[
            ("src/lib.rs", "mod a;\nmod b;\n"),
            ("src/a.rs", "pub fn f() { crate::b::g(); }\n"),
            (
                "src/b.rs",
                "pub fn g() { let _ = quote::quote!(crate::a::f()); }\n",
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
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
