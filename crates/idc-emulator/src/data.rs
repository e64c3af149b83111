//! The emulator's data set and its file format.
//!
//! See the [crate documentation](crate#data-file-format) for the format. Strings are [`Arc<str>`] so
//! that a large generated data set shares its repeated values (one principal, a few accounts) instead
//! of holding a million copies of them; `"text".into()` builds one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use idc_raw::PrincipalType;
use serde::{Deserialize, Serialize};

pub use crate::huawei_data::{
    HuaweiAccount, HuaweiApplication, HuaweiGroup, HuaweiGroupMembership, HuaweiInstance,
    HuaweiManagedPolicy, HuaweiManagedRole, HuaweiPermissionSet, HuaweiUser,
};
pub use crate::scp_data::{
    ScpAccount, ScpAccountAssignment, ScpControlPolicy, ScpData, ScpGroup, ScpInstance,
    ScpPermissionSet, ScpPolicy, ScpPolicyCategory, ScpUser,
};

/// Whether a Huawei id (`instance_id`, `principal_id`, `account_id`) keeps the spec's rules.
pub(crate) fn check_huawei_id(value: &str) -> Result<(), String> {
    // The spec's rules for the ids a request names (they are the same for every Huawei id
    // parameter): an id of a data file that breaks them could never be asked for.
    crate::generated::huawei_identitycenter::RULES_LIST_ACCOUNT_ASSIGNMENTS_FOR_PRINCIPAL_PRINCIPAL_ID
        .check("the id", value)
        .map_err(|problem| format!("{problem}, so no request could list it"))
}

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

/// The Huawei Cloud part of a [`DataSet`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiData {
    /// The access keys the emulator accepts.
    #[serde(default)]
    pub credentials: Vec<HuaweiCredential>,
    /// Served by `GET /v1/instances/{instance_id}/account-assignments-for-principals`, in this order.
    #[serde(default)]
    pub account_assignments: Vec<HuaweiAccountAssignment>,
    /// Served by `GET /v1/instances/{instance_id}/application-assignments-for-principals`, in this order.
    #[serde(default)]
    pub application_assignments: Vec<HuaweiApplicationAssignment>,
    /// IAM Identity Center instances, each with its identity store (`ListInstances`).
    #[serde(default)]
    pub instances: Vec<HuaweiInstance>,
    /// Users of the identity stores.
    #[serde(default)]
    pub users: Vec<HuaweiUser>,
    /// Groups of the identity stores.
    #[serde(default)]
    pub groups: Vec<HuaweiGroup>,
    /// Which user is in which group.
    #[serde(default)]
    pub group_memberships: Vec<HuaweiGroupMembership>,
    /// Permission sets of the instances.
    #[serde(default)]
    pub permission_sets: Vec<HuaweiPermissionSet>,
    /// Accounts of the organization (Organizations `ListAccounts`).
    #[serde(default)]
    pub accounts: Vec<HuaweiAccount>,
    /// Applications of the instances.
    #[serde(default)]
    pub applications: Vec<HuaweiApplication>,
}

/// One Huawei access key. Its `Debug` shows the secret key as `***`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiCredential {
    /// The access key (AK).
    pub access_key: String,
    /// The secret key (SK).
    pub secret_key: String,
    /// The account's domain id. When set, requests to global services (IdentityCenter,
    /// Organizations) must send it as `X-Domain-Id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
    /// The project id. When set, requests to project-scoped services (IdentityStore) must send it
    /// as `X-Project-Id`; when absent, those requests are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

impl std::fmt::Debug for HuaweiCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HuaweiCredential")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("domain_id", &self.domain_id)
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// One Huawei account assignment: a permission set assigned to a principal on an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiAccountAssignment {
    /// The IAM Identity Center instance it belongs to.
    pub instance_id: Arc<str>,
    /// The account.
    pub account_id: Arc<str>,
    /// The permission set.
    pub permission_set_id: Arc<str>,
    /// The principal (user or group).
    pub principal_id: Arc<str>,
    /// `USER` or `GROUP`.
    pub principal_type: PrincipalType,
}

/// One Huawei application assignment: an application assigned to a principal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiApplicationAssignment {
    /// The IAM Identity Center instance it belongs to.
    pub instance_id: Arc<str>,
    /// The application's URN.
    pub application_urn: Arc<str>,
    /// The principal (user or group).
    pub principal_id: Arc<str>,
    /// `USER` or `GROUP`.
    pub principal_type: PrincipalType,
}

/// One SCP access key. Its `Debug` shows the secret key as `***`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpCredential {
    /// The access key.
    pub access_key: String,
    /// The secret key.
    pub secret_key: String,
}

impl std::fmt::Debug for ScpCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScpCredential")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .finish()
    }
}

/// The largest data file [`DataSet::from_file`] reads: 1 GiB.
pub const MAX_DATA_FILE_BYTES: u64 = 1 << 30;

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
            let message = crate::scp_data::migration_hint(&json_path, err.inner().to_string());
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
        crate::huawei_data::check(&self.huawei, &invalid)?;
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
        self.scp.check(&invalid)?;
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
