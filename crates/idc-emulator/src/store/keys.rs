//! The keys of the indexes.

/// Joins key parts with NUL, which no id contains.
pub(crate) fn key(parts: &[&str]) -> String {
    parts.join("\0")
}
