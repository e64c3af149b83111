//! What is wrong with a data set that cannot be served, and why a write was refused.

use std::path::PathBuf;

/// A data set that could not be read or is invalid.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file could not be read.
    #[error("cannot read data file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The data does not have the expected shape, or a value is invalid.
    #[error("invalid data in {source_name} at `{json_path}`: {message}")]
    Invalid {
        /// Where the data came from: the file's path, or `<string>`.
        source_name: String,
        /// The JSON path of the offending value, e.g. `huawei.credentials[0].secret_key`
        /// (`.` for the whole document).
        json_path: String,
        /// What is wrong.
        message: String,
    },
}

/// Builds a [`DataError::Invalid`] from a JSON path and a message.
pub(crate) type Invalid<'a> = &'a dyn Fn(String, String) -> DataError;

/// Why a write was refused (answered as the cloud's 400, 404 or 409).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum WriteError {
    /// A value breaks the spec's rules.
    #[error("{0}")]
    Invalid(String),
    /// A row the write names does not exist.
    #[error("{what} {id:?} does not exist")]
    Missing {
        /// What kind of row.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// A row with the same unique key exists.
    #[error("{what} {id:?} already exists")]
    Conflict {
        /// What kind of row, and which key.
        what: &'static str,
        /// The key's value.
        id: String,
    },
    /// Rows still refer to the row a delete names (a delete with dependents).
    #[error("{what} {id:?} is still referred to by {count} rows of {by} (field {field})")]
    InUse {
        /// What kind of row.
        what: &'static str,
        /// Its id.
        id: String,
        /// The table whose rows refer to it.
        by: &'static str,
        /// Their field that names it.
        field: &'static str,
        /// How many.
        count: usize,
    },
    /// The row a delete names is the active one of its kind (an active certificate): another
    /// must be made active first.
    #[error("{what} {id:?} is the active one: make another active first")]
    Active {
        /// What kind of row.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The table handed out every sequence number.
    #[error("the table is full")]
    Full,
}
