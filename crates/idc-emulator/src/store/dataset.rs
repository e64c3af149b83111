//! The data set and its file format: the rows of both clouds, read from JSON and checked.
//!
//! See the [crate documentation](crate#data-file-format) for the format. Strings are [`Arc<str>`](std::sync::Arc) so
//! that a large generated data set shares its repeated values (one principal, a few accounts) instead
//! of holding a million copies of them; `"text".into()` builds one.

use std::path::Path;

use idc_raw::PrincipalType;
use serde::{Deserialize, Serialize};

use crate::store::error::DataError;
use crate::store::huawei_rows::{HuaweiData, check_huawei_id};
use crate::store::scp_rows::ScpData;

/// Everything the emulator serves: the credentials it accepts and the assignments it lists.
///
/// This is also the data file format: `{"huawei": {...}, "scp": {...}}`, either part optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSet {
    /// Huawei Cloud IAM Identity Center.
    #[serde(default)]
    pub huawei: HuaweiData,
    /// Samsung Cloud Platform IAM Identity Center.
    #[serde(default)]
    pub scp: ScpData,
}

/// The largest data file [`DataSet::from_file`] reads: 1 GiB.
pub const MAX_DATA_FILE_BYTES: u64 = 1 << 30;

impl DataSet {
    /// Parses a data set from JSON (the data file format) and validates it. A leading byte order
    /// mark is ignored.
    pub fn from_json_str(json: &str) -> Result<Self, DataError> {
        Self::parse(json, "<string>")
    }

    /// Reads a data file and validates it. Errors name the file and the JSON path of the problem.
    ///
    /// The file must be a regular file (a FIFO or a device such as `/dev/zero` is refused without
    /// reading) of at most [`MAX_DATA_FILE_BYTES`]; a UTF-8 byte order mark at its start is
    /// accepted.
    pub fn from_file(path: &Path) -> Result<Self, DataError> {
        let text = idc::files::read_regular_file(path, MAX_DATA_FILE_BYTES).map_err(|source| {
            DataError::Read {
                path: path.to_owned(),
                source,
            }
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    fn parse(json: &str, source_name: &str) -> Result<Self, DataError> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let data: Self = serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
            let json_path = err.path().to_string();
            let message =
                crate::store::scp_rows::migration_hint(&json_path, err.inner().to_string());
            DataError::Invalid {
                source_name: source_name.to_owned(),
                json_path,
                message,
            }
        })?;
        deserializer.end().map_err(|err| DataError::Invalid {
            source_name: source_name.to_owned(),
            json_path: ".".to_owned(),
            message: err.to_string(),
        })?;
        data.check(source_name)?;
        Ok(data)
    }

    /// Checks what the types cannot: Huawei ids match the id pattern the API accepts (an
    /// assignment no request could reach is a mistake), Huawei principal types are `USER` or
    /// `GROUP`, access keys are non-empty and unique, and there are at most `u32::MAX` assignments
    /// of each kind.
    pub fn validate(&self) -> Result<(), DataError> {
        self.check("<data set>")
    }

    fn check(&self, source_name: &str) -> Result<(), DataError> {
        let invalid = |json_path: String, message: String| DataError::Invalid {
            source_name: source_name.to_owned(),
            json_path,
            message,
        };
        let id = |path: String, value: &str| {
            check_huawei_id(value).map_err(|problem| invalid(path, problem))
        };
        let principal_type = |path: String, value: &PrincipalType| match value {
            PrincipalType::User | PrincipalType::Group => Ok(()),
            PrincipalType::Unknown(other) => Err(invalid(
                path,
                format!("{other:?} is not USER or GROUP, so no request could list it"),
            )),
        };
        check_keys(
            self.huawei
                .credentials
                .iter()
                .map(|c| c.access_key.as_str()),
            "huawei.credentials",
            &invalid,
        )?;
        check_keys(
            self.scp.credentials.iter().map(|c| c.access_key.as_str()),
            "scp.credentials",
            &invalid,
        )?;
        for (i, a) in self.huawei.account_assignments.iter().enumerate() {
            let at = |field: &str| format!("huawei.account_assignments[{i}].{field}");
            id(at("instance_id"), &a.instance_id)?;
            id(at("principal_id"), &a.principal_id)?;
            id(at("account_id"), &a.account_id)?;
            principal_type(at("principal_type"), &a.principal_type)?;
        }
        for (i, a) in self.huawei.application_assignments.iter().enumerate() {
            let at = |field: &str| format!("huawei.application_assignments[{i}].{field}");
            id(at("instance_id"), &a.instance_id)?;
            id(at("principal_id"), &a.principal_id)?;
            principal_type(at("principal_type"), &a.principal_type)?;
        }
        crate::store::huawei_check::check(&self.huawei, &invalid)?;
        for (path, len) in [
            (
                "huawei.account_assignments",
                self.huawei.account_assignments.len(),
            ),
            (
                "huawei.application_assignments",
                self.huawei.application_assignments.len(),
            ),
        ] {
            if u32::try_from(len).is_err() {
                return Err(invalid(
                    path.to_owned(),
                    format!("{len} entries; at most {}", u32::MAX),
                ));
            }
        }
        crate::store::scp_check::check(&self.scp, &invalid)?;
        Ok(())
    }
}

fn check_keys<'a>(
    keys: impl Iterator<Item = &'a str>,
    path: &str,
    invalid: &dyn Fn(String, String) -> DataError,
) -> Result<(), DataError> {
    let mut seen = std::collections::HashSet::new();
    for (i, key) in keys.enumerate() {
        if key.is_empty() {
            return Err(invalid(
                format!("{path}[{i}].access_key"),
                "empty access key".to_owned(),
            ));
        }
        if !seen.insert(key) {
            return Err(invalid(
                format!("{path}[{i}].access_key"),
                format!("access key {key:?} is listed twice"),
            ));
        }
    }
    Ok(())
}
