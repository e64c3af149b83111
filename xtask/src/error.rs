//! What can go wrong while generating or checking.

use std::path::{Path, PathBuf};

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
    /// A file with a generated operations section lacks its markers.
    #[error("{path}: operations section: {message}")]
    Section {
        /// The file, relative to the workspace root.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A Rust source file of the workspace does not parse.
    #[error("{}: not valid Rust: {message}", path.display())]
    Rust {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        message: String,
    },
    /// The version extension is malformed.
    #[error("{spec}: x-scp-api-versions: {message}")]
    Versions {
        /// The spec file.
        spec: String,
        /// What is wrong.
        message: String,
    },
}

pub(crate) fn io(path: &Path, source: std::io::Error) -> CodegenError {
    CodegenError::Io {
        path: path.to_path_buf(),
        source,
    }
}
