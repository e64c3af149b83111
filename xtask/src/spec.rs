//! One spec's generation: its model read and checked, and every per-spec layer emitted, each file
//! under a header naming the spec and its sha256.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::io;
use crate::layout::{CLI_DIR, EMULATOR_DIR, FACADE_DIR, GeneratedFile, Layout};
use crate::raw::generate_client;
use crate::versions::{VERSIONS_EXTENSION, versions_source};
use crate::{CodegenError, cli, emit, emulator, facade, model, raw_docs};

/// The progenitor version the generated code comes from (pinned exactly in the workspace).
pub const PROGENITOR_VERSION: &str = "0.15.1";

/// One spec's model, with what the aggregate files need to know of it.
pub(crate) struct Generated {
    pub(crate) service: model::Service,
    pub(crate) has_versions: bool,
    /// The SCP API versions of `x-scp-api-versions`, newest first.
    pub(crate) versions: Vec<String>,
    /// The spec's first server: its URL template and the `region` variable's enum, if any.
    pub(crate) server: Option<(String, Vec<String>)>,
}

pub(crate) fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, CodegenError> {
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

pub(crate) fn generate_spec(
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

pub(crate) fn header(spec_name: &str, sha: &str) -> String {
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
    fn module_names_follow_spec_file_names() {
        assert_eq!(
            module_name(Path::new("specs/huawei-identitycenter.yaml")),
            "huawei_identitycenter"
        );
    }
}
