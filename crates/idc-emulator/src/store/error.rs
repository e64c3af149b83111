//! What is wrong with a data set that cannot be served.

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
