//! The command-line names of parameters and body fields.

use crate::model::Param;

/// The flag of a Rust name, without `--`: `instance_id` -> `instance-id` (a trailing `_`, added
/// to a keyword, dropped).
pub(super) fn flag_of(rust: &str) -> String {
    rust.trim_end_matches('_').replace('_', "-")
}

/// The flag of a parameter, without `--`.
pub(super) fn flag(p: &Param) -> String {
    flag_of(&p.rust)
}
