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
//! hand-written declaration. Every file starts with a header naming the spec and its sha256, so a
//! reader can tell what produced it and `--check` can tell when it is stale.
//!
//! The library half exists so that tests can run the same generation and check in memory.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

pub mod cli;
pub mod emit;
pub mod emulator;
pub mod facade;
pub mod model;
pub mod raw_docs;
pub mod stats;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use sha2::{Digest, Sha256};

/// The progenitor version the generated code comes from (pinned exactly in the workspace).
pub const PROGENITOR_VERSION: &str = "0.15.1";

/// The extension on `info` that holds an SCP API version table.
pub const VERSIONS_EXTENSION: &str = "x-scp-api-versions";

/// What can go wrong while generating or checking.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A spec is not valid OpenAPI 3.0 YAML.
    #[error("{spec}: not a valid OpenAPI 3.0 document: {message}")]
    Parse {
        /// The spec file.
        spec: String,
        /// What the parser said.
        message: String,
    },
    /// progenitor rejected (or panicked on) a spec.
    #[error("{spec}: progenitor cannot generate {operation}: {message}")]
    Generate {
        /// The spec file.
        spec: String,
        /// The operation at fault (`operationId` and path), or `the client` when no single one is.
        operation: String,
        /// What progenitor said.
        message: String,
    },
    /// A spec's extensions or shapes do not fit the operation model.
    #[error("{spec}: {at}: {message}")]
    Model {
        /// The spec file.
        spec: String,
        /// Where in the spec.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// An emitter produced code that does not parse (a generator bug).
    #[error("{0}")]
    Emit(String),
    /// A crate whose generated modules carry a spec's feature does not declare that feature.
    #[error(
        "{manifest}: no feature `{feature}` for specs/{feature}.yaml: declare it under [features] \
         (see specs/README.md, \"Adding a service\")"
    )]
    Feature {
        /// The crate's `Cargo.toml`, relative to the workspace root.
        manifest: String,
        /// The missing feature.
        feature: String,
    },
    /// No directory around the current one is the workspace.
    #[error(
        "{}: neither it nor a parent holds specs/ and a Cargo.toml with [workspace]; run cargo xtask inside the idc workspace",
        start.display()
    )]
    NoWorkspace {
        /// Where the search started.
        start: PathBuf,
    },
    /// A crate's `Cargo.toml` cannot be read as TOML.
    #[error("{manifest}: {message}")]
    Manifest {
        /// The crate's `Cargo.toml`, relative to the workspace root.
        manifest: String,
        /// What the parser said.
        message: String,
    },
    /// The version extension is malformed.
    #[error("{spec}: {VERSIONS_EXTENSION}: {message}")]
    Versions {
        /// The spec file.
        spec: String,
        /// What is wrong.
        message: String,
    },
}

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

fn io(path: &Path, source: std::io::Error) -> CodegenError {
    CodegenError::Io {
        path: path.to_path_buf(),
        source,
    }
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
    Ok((
        files,
        Generated {
            service,
            has_versions,
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

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote::quote!(crate::hooks::RequestHook))
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq")
        // Items can be compared in sets of snapshots.
        .with_derive("Eq")
        .with_derive("Hash")
        // Responses must survive principal types the service adds later.
        .with_replacement(
            "PrincipalType",
            "crate::PrincipalType",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    settings
}

/// Generates the client source of one spec; on failure finds the operation at fault.
fn generate_client(spec_name: &str, spec: &openapiv3::OpenAPI) -> Result<syn::File, CodegenError> {
    match try_generate(spec) {
        Ok(file) => Ok(file),
        Err(message) => Err(CodegenError::Generate {
            spec: spec_name.to_owned(),
            operation: culprit(spec).unwrap_or_else(|| "the client".to_owned()),
            message,
        }),
    }
}

fn try_generate(spec: &openapiv3::OpenAPI) -> Result<syn::File, String> {
    // progenitor reports many problems by panicking; keep the default hook from printing them.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(&settings()).generate_tokens(spec)
    }));
    std::panic::set_hook(previous);
    let tokens = match result {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(panic) => return Err(panic_message(panic.as_ref())),
    };
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| format!("unparsable output: {e}"))?;
    syn::visit_mut::VisitMut::visit_file_mut(&mut SharedRegex, &mut file);
    Ok(file)
}

/// Points the pattern checks of progenitor's types (`::regress::Regex`) at `idc_raw::rules`'
/// engine, `regex-lite`, which also checks the parameters: one engine, one compile, one dialect
/// (codegen refuses a pattern it cannot compile).
struct SharedRegex;

impl syn::visit_mut::VisitMut for SharedRegex {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_some() && names.first().is_some_and(|n| n == "regress") {
            let rest = names[1..].join("::");
            *path =
                syn::parse_str(&format!("crate::rules::{rest}")).unwrap_or_else(|_| path.clone());
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        format!("panicked: {s}")
    } else if let Some(s) = panic.downcast_ref::<String>() {
        format!("panicked: {s}")
    } else {
        "panicked".to_owned()
    }
}

/// Retries generation with one operation at a time to name the first one that fails alone.
fn culprit(spec: &openapiv3::OpenAPI) -> Option<String> {
    for (path, item) in &spec.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let mut single = spec.clone();
            let mut only = openapiv3::PathItem {
                parameters: item.parameters.clone(),
                ..Default::default()
            };
            match method {
                "get" => only.get = Some(op.clone()),
                "put" => only.put = Some(op.clone()),
                "post" => only.post = Some(op.clone()),
                "delete" => only.delete = Some(op.clone()),
                "patch" => only.patch = Some(op.clone()),
                "head" => only.head = Some(op.clone()),
                "options" => only.options = Some(op.clone()),
                "trace" => only.trace = Some(op.clone()),
                _ => continue,
            }
            single.paths.paths = [(path.clone(), openapiv3::ReferenceOr::Item(only))]
                .into_iter()
                .collect();
            if try_generate(&single).is_err() {
                let id = op.operation_id.as_deref().unwrap_or("(no operationId)");
                return Some(format!("operation {id} ({} {path})", method.to_uppercase()));
            }
        }
    }
    None
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionEntry {
    version: String,
    status: String,
    not_before: Option<String>,
}

/// Renders the version table as Rust data for `idc_raw::scp::versions`.
fn versions_source(spec_name: &str, table: &serde_json::Value) -> Result<String, CodegenError> {
    let err = |message: String| CodegenError::Versions {
        spec: spec_name.to_owned(),
        message,
    };
    let entries: Vec<VersionEntry> =
        serde_json::from_value(table.clone()).map_err(|e| err(e.to_string()))?;
    if entries.is_empty() {
        return Err(err("the table is empty".to_owned()));
    }
    let mut seen = BTreeMap::new();
    let mut rows = String::new();
    for entry in &entries {
        let (major, minor) = entry
            .version
            .split_once('.')
            .and_then(|(a, b)| Some((a.parse::<u16>().ok()?, b.parse::<u16>().ok()?)))
            .ok_or_else(|| {
                err(format!(
                    "version {:?} is not <major>.<minor>",
                    entry.version
                ))
            })?;
        if seen.insert((major, minor), ()).is_some() {
            return Err(err(format!("version {} is listed twice", entry.version)));
        }
        let status = match entry.status.as_str() {
            "CURRENT" => "Current",
            "SUPPORTED" => "Supported",
            "DEPRECATED" => "Deprecated",
            "PLANNED" => "Planned",
            other => {
                return Err(err(format!(
                    "version {}: unknown status {other:?}",
                    entry.version
                )));
            }
        };
        let not_before = match &entry.not_before {
            None => "None".to_owned(),
            Some(date) => {
                let (y, m, d) = parse_date(date).ok_or_else(|| {
                    err(format!(
                        "version {}: not_before {date:?} is not YYYY-MM-DD",
                        entry.version
                    ))
                })?;
                format!("Some(VersionDate {{ year: {y}, month: {m}, day: {d} }})")
            }
        };
        let _ = writeln!(
            rows,
            "    ApiVersionInfo {{ major: {major}, minor: {minor}, status: ApiVersionStatus::{status}, not_before: {not_before} }},"
        );
    }
    Ok(format!(
        "/// The API versions of the service as recorded in the spec's `{VERSIONS_EXTENSION}`, newest first.\n\
         pub const API_VERSIONS: &[ApiVersionInfo] = &[\n{rows}];\n"
    ))
}

fn parse_date(date: &str) -> Option<(u16, u8, u8)> {
    let mut parts = date.split('-');
    let y = parts.next()?.parse::<u16>().ok()?;
    let m = parts.next()?.parse::<u8>().ok()?;
    let d = parts.next()?.parse::<u8>().ok()?;
    let valid = parts.next().is_none() && (1..=12).contains(&m) && (1..=31).contains(&d);
    valid.then_some((y, m, d))
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
    fn dates_are_validated() {
        assert_eq!(parse_date("2026-11-30"), Some((2026, 11, 30)));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("20261130"), None);
        assert_eq!(parse_date("2026-11-30-1"), None);
    }

    #[test]
    fn version_table_rejects_bad_entries() {
        let bad_status =
            serde_json::json!([{"version": "1.0", "status": "GONE", "not_before": null}]);
        let e = versions_source("s.yaml", &bad_status)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown status \"GONE\""), "{e}");
        let twice = serde_json::json!([
            {"version": "1.0", "status": "CURRENT", "not_before": null},
            {"version": "1.0", "status": "SUPPORTED", "not_before": "2026-01-01"}
        ]);
        let e = versions_source("s.yaml", &twice).unwrap_err().to_string();
        assert!(e.contains("listed twice"), "{e}");
        let bad_version =
            serde_json::json!([{"version": "v1", "status": "CURRENT", "not_before": null}]);
        assert!(versions_source("s.yaml", &bad_version).is_err());
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
    fn the_types_pattern_checks_use_the_rules_engine() {
        let mut file: syn::File = syn::parse_quote! {
            static PATTERN: ::std::sync::LazyLock<::regress::Regex> =
                ::std::sync::LazyLock::new(|| ::regress::Regex::new("^a$").unwrap());
        };
        syn::visit_mut::VisitMut::visit_file_mut(&mut SharedRegex, &mut file);
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("regress"), "{text}");
        assert_eq!(text.matches("crate::rules::Regex").count(), 2, "{text}");
        // Other paths are left alone.
        assert!(text.contains("::std::sync::LazyLock"), "{text}");
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
