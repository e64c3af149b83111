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

use std::path::{Path, PathBuf};

mod aggregates;
pub mod cli;
pub mod cycles;
pub mod doc_tables;
pub mod emit;
pub mod emulator;
mod error;
pub mod facade;
mod layout;
pub mod model;
mod raw;
pub mod raw_docs;
mod spec;
pub mod stats;
mod versions;

use aggregates::{aggregates, check_command_names, check_features, operation_tables};
pub use error::CodegenError;
use error::io;
pub use layout::{GeneratedFile, Layout, Stale};
pub use spec::{PROGENITOR_VERSION, module_name};
use spec::{generate_spec, spec_files};
pub use versions::VERSIONS_EXTENSION;

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

#[cfg(test)]
mod tests {
    use super::*;

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
