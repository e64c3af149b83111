//! What codegen derives from all specs together: the files that declare every spec's modules, the
//! operation tables of the docs, and the checks across specs (features, command names).

use std::fmt::Write as _;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

use crate::layout::{CLI_DIR, EMULATOR_DIR, FACADE_DIR, GeneratedFile, Layout, RAW_DIR};
use crate::spec::{Generated, header};
use crate::{CodegenError, cli, doc_tables, emit, model};

/// The hand-written files whose operations section lists every operation of the specs (see
/// [`doc_tables`]): each with its section rewritten. A layout without the file (a test's copy of
/// the specs alone) has nothing to rewrite.
pub(crate) fn operation_tables(
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
pub(crate) fn check_command_names(specs: &[Generated]) -> Result<(), CodegenError> {
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
pub(crate) fn check_features(layout: &Layout, specs: &[Generated]) -> Result<(), CodegenError> {
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

/// The files that declare every spec's modules, and the CLI's per-cloud commands.
pub(crate) fn aggregates(specs: &[Generated]) -> Result<Vec<GeneratedFile>, CodegenError> {
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
