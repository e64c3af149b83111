//! Code generation: `specs/*.yaml` in, every per-operation layer of the workspace out.
//!
//! Each spec is read twice: by progenitor, into the raw client of `idc-raw` (builder interface,
//! printed with prettyplease), and by [`model`], into one operation model from which the other
//! layers are emitted:
//!
//! | layer | file | emitter |
//! | --- | --- | --- |
//! | raw client | `crates/idc-raw/src/generated/<spec>.rs` | progenitor, then [`raw_docs`] documents what it left bare |
//! | SCP version table | `crates/idc-raw/src/generated/<spec>_versions.rs` | `versions_source` |
//! | facade builders | `crates/idc/src/generated/<spec>.rs` | [`facade`] |
//! | CLI subcommands | `crates/idc-cli/src/generated/<spec>.rs`, `<cloud>.rs` | [`cli`] |
//! | emulator routing | `crates/idc-emulator/src/generated/<spec>.rs` | [`emulator`] |
//!
//! plus a `modules.rs` per crate that declares the modules, so that a new spec needs no
//! hand-written declaration, and the operation tables of the READMEs and crate docs
//! ([`doc_tables`]). Every file starts with a header naming the spec and its sha256, so a
//! reader can tell what produced it and `--check` can tell when it is stale.
//!
//! The library half exists so that tests can run the same generation and check in memory.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub mod cli;
pub mod cycles;
pub mod doc_tables;
pub mod emit;
pub mod emulator;
mod error;
pub mod facade;
pub mod model;
mod raw;
pub mod raw_docs;
pub mod stats;
mod versions;

use sha2::{Digest, Sha256};

pub use error::CodegenError;
use error::io;
use raw::generate_client;
pub use versions::VERSIONS_EXTENSION;
use versions::versions_source;

/// The progenitor version the generated code comes from (pinned exactly in the workspace).
pub const PROGENITOR_VERSION: &str = "0.15.1";

/// One generated file: where it goes (relative to the workspace root) and what it contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// Full contents, header included.
    pub contents: String,
}

/// The layout of a workspace: where specs are read and generated files written.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The workspace root.
    pub root: PathBuf,
}

impl Layout {
    /// The workspace around the current directory (see [`Layout::around`]). Found at run time, so
    /// that a copied workspace sharing a target directory generates into itself.
    pub fn this_workspace() -> Result<Self, CodegenError> {
        let start = std::env::current_dir().map_err(|source| io(Path::new("."), source))?;
        Self::around(&start)
    }

    /// The nearest ancestor of `start` (itself included) with a `specs/` folder and a `Cargo.toml`
    /// declaring `[workspace]`; an error naming `start` when there is none, rather than generating
    /// into a directory that is not the workspace.
    pub fn around(start: &Path) -> Result<Self, CodegenError> {
        start
            .ancestors()
            .find(|dir| {
                dir.join("specs").is_dir()
                    && std::fs::read_to_string(dir.join("Cargo.toml"))
                        .is_ok_and(|toml| toml.contains("[workspace]"))
            })
            .map(|root| Self {
                root: root.to_path_buf(),
            })
            .ok_or_else(|| CodegenError::NoWorkspace {
                start: start.to_path_buf(),
            })
    }

    /// `specs/` below the root.
    pub fn specs_dir(&self) -> PathBuf {
        self.root.join("specs")
    }

    /// Where generated raw modules go, relative to the root.
    pub fn generated_dir() -> PathBuf {
        PathBuf::from(RAW_DIR)
    }

    /// Every folder that holds generated files, relative to the root.
    pub fn generated_dirs() -> [PathBuf; 4] {
        [RAW_DIR, FACADE_DIR, CLI_DIR, EMULATOR_DIR].map(PathBuf::from)
    }
}

const RAW_DIR: &str = "crates/idc-raw/src/generated";
const FACADE_DIR: &str = "crates/idc/src/generated";
const CLI_DIR: &str = "crates/idc-cli/src/generated";
const EMULATOR_DIR: &str = "crates/idc-emulator/src/generated";

/// A stale or missing file found by [`check`].
#[derive(Clone, Debug)]
pub struct Stale {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// A unified diff from what is on disk to what codegen writes.
    pub diff: String,
}

/// Generates every file from every spec under `layout.specs_dir()`, in memory.
pub fn generate(layout: &Layout) -> Result<Vec<GeneratedFile>, CodegenError> {
    let mut files = Vec::new();
    let mut services = Vec::new();
    for spec_path in spec_files(&layout.specs_dir())? {
        let (spec_files, service) = generate_spec(layout, &spec_path)?;
        files.extend(spec_files);
        services.push(service);
    }
    check_features(layout, &services)?;
    check_command_names(&services)?;
    files.extend(aggregates(&services)?);
    files.extend(operation_tables(layout, &services)?);
    Ok(files)
}

/// The hand-written files whose operations section lists every operation of the specs (see
/// [`doc_tables`]): each with its section rewritten. A layout without the file (a test's copy of
/// the specs alone) has nothing to rewrite.
fn operation_tables(
    layout: &Layout,
    specs: &[Generated],
) -> Result<Vec<GeneratedFile>, CodegenError> {
    let tables: Vec<doc_tables::Spec<'_>> = specs
        .iter()
        .map(|g| doc_tables::Spec {
            service: &g.service,
            regional: g
                .server
                .as_ref()
                .is_some_and(|(url, _)| url.contains("{region}")),
            versions: &g.versions,
        })
        .collect();
    let mut files = Vec::new();
    for (path, style, prefix) in doc_tables::FILES {
        let Ok(text) = std::fs::read_to_string(layout.root.join(path)) else {
            continue;
        };
        let table = doc_tables::table(style, &tables);
        let contents = doc_tables::replace_section(&text, prefix, &table).map_err(|message| {
            CodegenError::Section {
                path: path.to_owned(),
                message,
            }
        })?;
        files.push(GeneratedFile {
            path: PathBuf::from(path),
            contents,
        });
    }
    Ok(files)
}

/// Two operations offered under one command name would not compile (clap enums with two equal
/// variants) and would be ambiguous to a user: refuse them here, naming both.
fn check_command_names(specs: &[Generated]) -> Result<(), CodegenError> {
    use std::collections::BTreeMap;
    let spec_of = |s: &model::Service| format!("specs/{}.yaml", s.feature());
    // `idc <cloud> <name>`: the services and the operations' aliases; `idc <cloud> <service> <name>`:
    // each operation's name and other names.
    let mut cloud_level: BTreeMap<(&str, String), String> = BTreeMap::new();
    for g in specs {
        let s = &g.service;
        let claim = |level: &mut BTreeMap<(&str, String), String>,
                     name: &str,
                     owner: String|
         -> Result<(), CodegenError> {
            match level.insert((s.cloud.name(), name.to_owned()), owner.clone()) {
                Some(earlier) => Err(CodegenError::Model {
                    spec: spec_of(s),
                    at: format!("x-idc-cli `{name}`"),
                    message: format!(
                        "the command name `{name}` is claimed by both {earlier} and {owner}"
                    ),
                }),
                None => Ok(()),
            }
        };
        claim(
            &mut cloud_level,
            &s.service,
            format!("the service {}", s.service),
        )?;
        let mut service_level = BTreeMap::new();
        for op in &s.operations {
            let owner = format!("{} ({})", op.id, spec_of(s));
            for alias in &op.cli_aliases {
                claim(&mut cloud_level, alias, owner.clone())?;
            }
            for name in std::iter::once(op.cli_name()).chain(op.cli_names.iter().cloned()) {
                claim(&mut service_level, &name, owner.clone())?;
            }
        }
    }
    Ok(())
}

/// The crates whose generated `modules.rs` puts each spec's modules behind the spec's feature.
const FEATURE_MANIFESTS: [&str; 2] = ["crates/idc-raw/Cargo.toml", "crates/idc/Cargo.toml"];

/// Every spec's feature is declared by the crates whose generated modules are gated on it; a
/// missing one would silently compile the spec out.
fn check_features(layout: &Layout, specs: &[Generated]) -> Result<(), CodegenError> {
    for manifest in FEATURE_MANIFESTS {
        let path = layout.root.join(manifest);
        // A layout without the crate (a test's copy of the specs alone) has nothing to check.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let parsed: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| CodegenError::Manifest {
                    manifest: manifest.to_owned(),
                    message: e.to_string(),
                })?;
        let features = parsed.get("features").and_then(toml::Value::as_table);
        for g in specs {
            let feature = g.service.feature();
            if !features.is_some_and(|f| f.contains_key(&feature)) {
                return Err(CodegenError::Feature {
                    manifest: manifest.to_owned(),
                    feature,
                });
            }
        }
    }
    Ok(())
}

/// One spec's model, with what the aggregate files need to know of it.
struct Generated {
    service: model::Service,
    has_versions: bool,
    /// The SCP API versions of `x-scp-api-versions`, newest first.
    versions: Vec<String>,
    /// The spec's first server: its URL template and the `region` variable's enum, if any.
    server: Option<(String, Vec<String>)>,
}

/// The files that declare every spec's modules, and the CLI's per-cloud commands.
fn aggregates(specs: &[Generated]) -> Result<Vec<GeneratedFile>, CodegenError> {
    // An aggregate depends on the specs' names, not on their contents: its hash is its body's,
    // so that editing one spec leaves the aggregates alone.
    let with_header = |body: String| {
        let sha = hex::encode(Sha256::digest(body.as_bytes()));
        format!("{}\n{body}", header("specs/*.yaml", &sha))
    };
    let mut raw = String::new();
    let mut facade = String::new();
    let mut cli = String::new();
    let mut emulator = String::new();
    for g in specs {
        let s = &g.service;
        let m = &s.module;
        // `idc-raw` and `idc` have one feature per spec: a program compiles only what it uses.
        let cfg = format!("#[cfg(feature = \"{}\")]\n", s.feature());
        let _ = write!(
            raw,
            "/// {title}, generated from its spec by progenitor.\n{cfg}\
             #[allow(clippy::all, clippy::unwrap_used, clippy::expect_used)]\n\
             #[rustfmt::skip]\npub mod {m} {{\ninclude!(\"{m}.rs\");\n",
            title = s.title
        );
        if g.has_versions {
            let _ = write!(
                raw,
                "/// The API version table of the spec's `x-scp-api-versions` extension.\n\
                 pub mod versions {{\npub use crate::versions::{{ApiVersionInfo, ApiVersionStatus, VersionDate}};\n\
                 include!(\"{m}_versions.rs\");\n}}\n"
            );
        }
        if let Some((url, regions)) = &g.server {
            // The endpoint tables of the runtime are read from here, so the spec is their one source.
            let _ = write!(
                raw,
                "/// The spec's server URL template.\npub const SERVER_URL: &str = {url:?};\n\
                 /// The values the spec allows for the server URL's `{{region}}` (empty: no such variable).\n\
                 pub const SERVER_REGIONS: &[&str] = &{regions:?};\n"
            );
        }
        let _ = writeln!(
            raw,
            "}}\n{cfg}crate::hooks::impl_request_hook!({m}::Client);"
        );
        let _ = writeln!(
            facade,
            "/// The operations of {}.\n{cfg}#[rustfmt::skip]\npub(crate) mod {m} {{\ninclude!(\"{m}.rs\");\n}}",
            s.title
        );
        let _ = writeln!(
            cli,
            "/// The `idc {} {}` subcommands.\n#[rustfmt::skip]\npub(crate) mod {m} {{\ninclude!(\"{m}.rs\");\n}}",
            s.cloud.name(),
            s.service
        );
        let _ = writeln!(
            emulator,
            "/// The routes and handler trait of {}.\n#[rustfmt::skip]\npub mod {m} {{\ninclude!(\"{m}.rs\");\n}}",
            s.title
        );
    }
    let mut files = Vec::new();
    for cloud in [model::Cloud::Huawei, model::Cloud::Scp] {
        let services: Vec<&model::Service> = specs
            .iter()
            .map(|g| &g.service)
            .filter(|s| s.cloud == cloud)
            .collect();
        if services.is_empty() {
            continue;
        }
        let _ = writeln!(
            cli,
            "/// The `idc {c}` subcommands.\n#[rustfmt::skip]\npub(crate) mod {c} {{\ninclude!(\"{c}.rs\");\n}}",
            c = cloud.name()
        );
        files.push(GeneratedFile {
            path: PathBuf::from(CLI_DIR).join(format!("{}.rs", cloud.name())),
            contents: with_header(
                emit::pretty("specs/*.yaml", "CLI", &cli::cloud_source(cloud, &services))
                    .map_err(CodegenError::Emit)?,
            ),
        });
    }
    // Every operation's success type, for whatever must cover each one (the response fuzzing).
    let success: Vec<String> = specs
        .iter()
        .map(|g| {
            let mut types: Vec<&str> = Vec::new();
            for op in &g.service.operations {
                if let Some(t) = op.response.as_deref()
                    && !types.contains(&t)
                {
                    types.push(t);
                }
            }
            format!("{}: [{}]", g.service.module, types.join(", "))
        })
        .collect();
    let _ = writeln!(
        raw,
        "/// Calls `$callback! {{ module: [Type, ...], ... }}` with every spec's module and the success\n\
         /// response types of its operations, so that a test covering every operation stays complete\n\
         /// as operations are added. Every spec is listed, whatever the features.\n\
         #[doc(hidden)]\n#[macro_export]\nmacro_rules! for_each_success_type {{\n\
         ($callback:ident) => {{\n$callback! {{ {} }}\n}};\n}}",
        success.join(", ")
    );
    let routes: Vec<String> = specs
        .iter()
        .map(|g| format!("{}::ROUTES", g.service.module))
        .collect();
    let _ = writeln!(
        emulator,
        "/// The routes of every operation of every spec.\n\
         pub(crate) static ROUTES: &[&[crate::http::dispatch::Route]] = &[{}];",
        routes.join(", ")
    );
    for (dir, source) in [
        (RAW_DIR, raw),
        (FACADE_DIR, facade),
        (CLI_DIR, cli),
        (EMULATOR_DIR, emulator),
    ] {
        files.push(GeneratedFile {
            path: PathBuf::from(dir).join("modules.rs"),
            contents: with_header(source),
        });
    }
    Ok(files)
}

/// Writes what [`generate`] produces to disk and removes generated files no spec produces any more.
pub fn write(layout: &Layout) -> Result<Vec<GeneratedFile>, CodegenError> {
    let files = generate(layout)?;
    for dir in Layout::generated_dirs() {
        let dir = layout.root.join(dir);
        std::fs::create_dir_all(&dir).map_err(|source| io(&dir, source))?;
    }
    for file in &files {
        let path = layout.root.join(&file.path);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            std::fs::write(&path, &file.contents).map_err(|source| io(&path, source))?;
        }
    }
    for orphan in orphans(layout, &files)? {
        let path = layout.root.join(&orphan);
        std::fs::remove_file(&path).map_err(|source| io(&path, source))?;
    }
    Ok(files)
}

/// Regenerates in memory and lists every file on disk that differs, is missing, or is left over.
pub fn check(layout: &Layout) -> Result<Vec<Stale>, CodegenError> {
    let files = generate(layout)?;
    let mut stale = Vec::new();
    for file in &files {
        let on_disk = std::fs::read_to_string(layout.root.join(&file.path)).unwrap_or_default();
        if on_disk != file.contents {
            stale.push(Stale {
                path: file.path.clone(),
                diff: unified_diff(&file.path, &on_disk, &file.contents),
            });
        }
    }
    for orphan in orphans(layout, &files)? {
        stale.push(Stale {
            diff: format!(
                "{}: generated file that no spec produces\n",
                orphan.display()
            ),
            path: orphan,
        });
    }
    Ok(stale)
}

fn orphans(layout: &Layout, files: &[GeneratedFile]) -> Result<Vec<PathBuf>, CodegenError> {
    let mut out = Vec::new();
    for generated in Layout::generated_dirs() {
        let dir = layout.root.join(&generated);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(|source| io(&dir, source))?;
            let rel = generated.join(entry.file_name());
            let is_rs = rel.extension().is_some_and(|e| e == "rs");
            if is_rs && !files.iter().any(|f| f.path == rel) {
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{name} (on disk)"),
            &format!("{name} (from specs)"),
        )
        .to_string()
}

fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|source| io(dir, source))? {
        let path = entry.map_err(|source| io(dir, source))?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            specs.push(path);
        }
    }
    specs.sort();
    Ok(specs)
}

/// The Rust module name of a spec: `specs/huawei-identitycenter.yaml` -> `huawei_identitycenter`.
pub fn module_name(spec_path: &Path) -> String {
    spec_path
        .file_stem()
        .map(|s| s.to_string_lossy().replace(['-', '.'], "_"))
        .unwrap_or_default()
}

fn generate_spec(
    layout: &Layout,
    spec_path: &Path,
) -> Result<(Vec<GeneratedFile>, Generated), CodegenError> {
    let spec_name = spec_path
        .strip_prefix(&layout.root)
        .unwrap_or(spec_path)
        .display()
        .to_string();
    let text = std::fs::read_to_string(spec_path).map_err(|source| io(spec_path, source))?;
    let sha = hex::encode(Sha256::digest(text.as_bytes()));
    let spec: openapiv3::OpenAPI =
        serde_yaml_ng::from_str(&text).map_err(|e| CodegenError::Parse {
            spec: spec_name.clone(),
            message: e.to_string(),
        })?;
    if !spec.openapi.starts_with("3.0.") {
        return Err(CodegenError::Parse {
            spec: spec_name,
            message: format!(
                "openapi {} is not 3.0.x (progenitor takes 3.0 only)",
                spec.openapi
            ),
        });
    }

    // progenitor first: a spec it cannot take is reported as such, naming the operation.
    let mut client = generate_client(&spec_name, &spec)?;
    // The operation model: what every layer is emitted from; it also documents
    // what progenitor left bare.
    let module = module_name(spec_path);
    let json: serde_json::Value =
        serde_yaml_ng::from_str(&text).map_err(|e| CodegenError::Parse {
            spec: spec_name.clone(),
            message: e.to_string(),
        })?;
    let service = model::read(&module, &json).map_err(|(at, message)| CodegenError::Model {
        spec: spec_name.clone(),
        at,
        message,
    })?;
    raw_docs::document(&mut client, &service);
    let source = prettyplease::unparse(&client);
    let header = header(&spec_name, &sha);
    let mut files = vec![GeneratedFile {
        path: Layout::generated_dir().join(format!("{module}.rs")),
        contents: format!("{header}\n{source}"),
    }];
    let has_versions = spec.info.extensions.contains_key(VERSIONS_EXTENSION);
    if let Some(table) = spec.info.extensions.get(VERSIONS_EXTENSION) {
        files.push(GeneratedFile {
            path: Layout::generated_dir().join(format!("{module}_versions.rs")),
            contents: format!("{header}\n{}", versions_source(&spec_name, table)?),
        });
    }

    // The layers emitted from the model.
    check_patterns(&spec_name, &service)?;
    for (dir, layer, source) in [
        (FACADE_DIR, "facade", facade::source(&service)),
        (CLI_DIR, "CLI", cli::source(&service)),
        (EMULATOR_DIR, "emulator routing", emulator::source(&service)),
    ] {
        let pretty = emit::pretty(&spec_name, layer, &source).map_err(CodegenError::Emit)?;
        files.push(GeneratedFile {
            path: PathBuf::from(dir).join(format!("{module}.rs")),
            contents: format!("{header}\n{pretty}"),
        });
    }
    let server = spec.servers.first().map(|server| {
        let regions = server
            .variables
            .as_ref()
            .and_then(|variables| variables.get("region"))
            .map(|region| region.enumeration.clone())
            .unwrap_or_default();
        (server.url.clone(), regions)
    });
    let versions = spec
        .info
        .extensions
        .get(VERSIONS_EXTENSION)
        .and_then(serde_json::Value::as_array)
        .map(|table| {
            table
                .iter()
                .filter_map(|e| e.get("version")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok((
        files,
        Generated {
            service,
            has_versions,
            versions,
            server,
        },
    ))
}

/// Every `pattern` must compile with the engine that checks it at run time.
fn check_patterns(spec_name: &str, service: &model::Service) -> Result<(), CodegenError> {
    for op in &service.operations {
        for p in &op.params {
            if let Some(pattern) = &p.pattern
                && let Err(e) = regex_lite::Regex::new(pattern)
            {
                return Err(CodegenError::Model {
                    spec: spec_name.to_owned(),
                    at: format!("{} parameter {}", op.id, p.name),
                    message: format!("pattern {pattern:?} does not compile: {e}"),
                });
            }
        }
    }
    Ok(())
}

fn header(spec_name: &str, sha: &str) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from {spec_name}. Do not edit by hand:\n\
         // change the spec and run `cargo xtask codegen` again.\n\
         // spec sha256: {sha}\n\
         // generator: progenitor {PROGENITOR_VERSION}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_found_from_inside_it_and_only_there() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("copy");
        let inner = root.join("crates").join("idc-raw");
        std::fs::create_dir_all(root.join("specs")).unwrap();
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        assert_eq!(Layout::around(&inner).unwrap().root, root);
        assert_eq!(Layout::around(&root).unwrap().root, root);
        // A directory outside any workspace is an error naming it, not a place to write into.
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir_all(&outside).unwrap();
        let err = Layout::around(&outside).unwrap_err().to_string();
        assert!(
            err.contains("elsewhere") && err.contains("[workspace]"),
            "{err}"
        );
    }

    #[test]
    fn module_names_follow_spec_file_names() {
        assert_eq!(
            module_name(Path::new("specs/huawei-identitycenter.yaml")),
            "huawei_identitycenter"
        );
    }

    #[test]
    fn a_spec_without_its_feature_in_a_manifest_is_an_error_naming_both() {
        let root = Layout::this_workspace().unwrap().root;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("specs")).unwrap();
        for spec in ["huawei-identitycenter.yaml", "scp-organization.yaml"] {
            std::fs::copy(
                root.join("specs").join(spec),
                dir.path().join("specs").join(spec),
            )
            .unwrap();
        }
        let layout = Layout {
            root: dir.path().to_path_buf(),
        };
        // No manifests: nothing to check.
        assert!(generate(&layout).is_ok());
        std::fs::create_dir_all(dir.path().join("crates/idc-raw")).unwrap();
        std::fs::write(
            dir.path().join("crates/idc-raw/Cargo.toml"),
            "[package]\nname = \"idc-raw\"\n[features]\nhuawei-identitycenter = []\n",
        )
        .unwrap();
        let e = generate(&layout).unwrap_err().to_string();
        assert!(
            e.starts_with("crates/idc-raw/Cargo.toml: no feature `scp-organization`"),
            "{e}"
        );
        std::fs::write(dir.path().join("crates/idc-raw/Cargo.toml"), "[features\n").unwrap();
        let e = generate(&layout).unwrap_err().to_string();
        assert!(e.starts_with("crates/idc-raw/Cargo.toml: "), "{e}");
        // The workspace's own manifests declare every spec's feature.
        assert!(generate(&Layout::this_workspace().unwrap()).is_ok());
    }

    #[test]
    fn a_spec_progenitor_cannot_take_names_the_operation() {
        // `type: null` inside anyOf is what the seed's "any of [integer, null]" would become; progenitor
        // cannot take it.
        let yaml = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /ok:
    get:
      operationId: fine
      responses: { "200": { description: ok } }
  /bad:
    get:
      operationId: broken
      parameters:
        - name: size
          in: query
          schema:
            anyOf: [{ type: integer }, { type: "null" }]
      responses: { "200": { description: ok } }
"#;
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("specs")).unwrap();
        std::fs::write(dir.path().join("specs/broken.yaml"), yaml).unwrap();
        let layout = Layout {
            root: dir.path().to_path_buf(),
        };
        let e = generate(&layout).unwrap_err().to_string();
        assert!(e.starts_with("specs/broken.yaml:"), "{e}");
        assert!(e.contains("broken") && e.contains("GET /bad"), "{e}");
    }
}
