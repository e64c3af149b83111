//! Where codegen reads and writes: the workspace layout, and the generated files and stale ones it
//! deals in.

use std::path::{Path, PathBuf};

use crate::CodegenError;
use crate::error::io;

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

pub(crate) const RAW_DIR: &str = "crates/idc-raw/src/generated";

pub(crate) const FACADE_DIR: &str = "crates/idc/src/generated";

pub(crate) const CLI_DIR: &str = "crates/idc-cli/src/generated";

pub(crate) const EMULATOR_DIR: &str = "crates/idc-emulator/src/generated";

/// A stale or missing file found by [`check`](crate::check).
#[derive(Clone, Debug)]
pub struct Stale {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// A unified diff from what is on disk to what codegen writes.
    pub diff: String,
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
}
