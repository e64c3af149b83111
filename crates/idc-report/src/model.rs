//! The rows of a report and the data they are computed from.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A field that may be null but not missing: a line without one of a row's fields is not a row
/// (serde would otherwise read a missing `via_id` as null, and a diff would take a cut line for a
/// revoked and a granted access).
fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

/// The cloud a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// Huawei Cloud IAM Identity Center.
    Huawei,
    /// Samsung Cloud Platform IAM Identity Center.
    Scp,
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Huawei => "huawei",
            Self::Scp => "scp",
        })
    }
}

/// What a row gives access to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TargetType {
    /// An account, with a permission set.
    Account,
    /// An application (Huawei only).
    Application,
}

impl TargetType {
    /// `ACCOUNT` or `APPLICATION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "ACCOUNT",
            Self::Application => "APPLICATION",
        }
    }
}

/// How a user holds an access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ViaType {
    /// Assigned to the user directly.
    User,
    /// Assigned to a group the user belongs to.
    Group,
    /// An application that does not require assignment: open to every user of the instance.
    AllUsers,
}

impl ViaType {
    /// `USER`, `GROUP` or `ALL_USERS`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Group => "GROUP",
            Self::AllUsers => "ALL_USERS",
        }
    }
}

/// The principal of an assignment, in a report that does not expand groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PrincipalKind {
    /// A user.
    User,
    /// A group.
    Group,
    /// Every user of the instance (an application that does not require assignment).
    AllUsers,
}

impl PrincipalKind {
    /// `USER`, `GROUP` or `ALL_USERS`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Group => "GROUP",
            Self::AllUsers => "ALL_USERS",
        }
    }
}

/// One effective access: a user reaches a target (an account with a permission set, or an
/// application), directly, through a group, or because the application is open to all.
///
/// A name that could not be resolved is `None` while its id stays: nothing is dropped for a missing
/// name. [`Row::unresolved`] lists the ids whose names are missing.
///
/// ```
/// use idc_report::{Cloud, Row, TargetType, ViaType};
///
/// let row = Row {
///     cloud: Cloud::Huawei,
///     instance_id: "ins-1".into(),
///     user_id: "u-1".into(),
///     user_name: Some("alice".into()),
///     target_type: TargetType::Account,
///     target_id: "a-1".into(),
///     target_name: Some("prod".into()),
///     permission_set_id: Some("ps-1".into()),
///     permission_set_name: None,
///     via_type: ViaType::User,
///     via_id: None,
///     via_name: None,
/// };
/// assert_eq!(row.unresolved(), vec!["ps-1"]);
/// let json = serde_json::to_string(&row).unwrap();
/// assert!(json.starts_with(r#"{"cloud":"huawei","instance_id":"ins-1","user_id":"u-1""#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// `huawei` or `scp`.
    pub cloud: Cloud,
    /// The IAM Identity Center instance.
    pub instance_id: String,
    /// The user.
    pub user_id: String,
    /// The user's name (Huawei `user_name`, SCP login id).
    #[serde(deserialize_with = "nullable")]
    pub user_name: Option<String>,
    /// `ACCOUNT` or `APPLICATION`.
    pub target_type: TargetType,
    /// The account id, or the application's URN.
    pub target_id: String,
    /// The account's or application's name.
    #[serde(deserialize_with = "nullable")]
    pub target_name: Option<String>,
    /// The permission set (accounts only).
    #[serde(deserialize_with = "nullable")]
    pub permission_set_id: Option<String>,
    /// The permission set's name.
    #[serde(deserialize_with = "nullable")]
    pub permission_set_name: Option<String>,
    /// `USER`, `GROUP` or `ALL_USERS`.
    pub via_type: ViaType,
    /// The group, when `via_type` is `GROUP`.
    #[serde(deserialize_with = "nullable")]
    pub via_id: Option<String>,
    /// The group's name.
    #[serde(deserialize_with = "nullable")]
    pub via_name: Option<String>,
}

impl Row {
    /// The field names, in output order.
    pub const FIELDS: [&'static str; 12] = [
        "cloud",
        "instance_id",
        "user_id",
        "user_name",
        "target_type",
        "target_id",
        "target_name",
        "permission_set_id",
        "permission_set_name",
        "via_type",
        "via_id",
        "via_name",
    ];

    /// The ids of this row whose names are missing.
    pub fn unresolved(&self) -> Vec<&str> {
        let mut out = Vec::new();
        if self.user_name.is_none() {
            out.push(self.user_id.as_str());
        }
        if self.target_name.is_none() {
            out.push(self.target_id.as_str());
        }
        if let (Some(id), None) = (&self.permission_set_id, &self.permission_set_name) {
            out.push(id);
        }
        if let (Some(id), None) = (&self.via_id, &self.via_name) {
            out.push(id);
        }
        out
    }
}

/// One assignment, groups not expanded (the `--no-expand-groups` view): who is assigned, by
/// principal, to which target.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRow {
    /// `huawei` or `scp`.
    pub cloud: Cloud,
    /// The IAM Identity Center instance.
    pub instance_id: String,
    /// `USER`, `GROUP` or `ALL_USERS`.
    pub principal_type: PrincipalKind,
    /// The user or group (`None` for `ALL_USERS`).
    #[serde(deserialize_with = "nullable")]
    pub principal_id: Option<String>,
    /// Its name.
    #[serde(deserialize_with = "nullable")]
    pub principal_name: Option<String>,
    /// `ACCOUNT` or `APPLICATION`.
    pub target_type: TargetType,
    /// The account id, or the application's URN.
    pub target_id: String,
    /// The account's or application's name.
    #[serde(deserialize_with = "nullable")]
    pub target_name: Option<String>,
    /// The permission set (accounts only).
    #[serde(deserialize_with = "nullable")]
    pub permission_set_id: Option<String>,
    /// The permission set's name.
    #[serde(deserialize_with = "nullable")]
    pub permission_set_name: Option<String>,
}

impl AssignmentRow {
    /// The field names, in output order.
    pub const FIELDS: [&'static str; 10] = [
        "cloud",
        "instance_id",
        "principal_type",
        "principal_id",
        "principal_name",
        "target_type",
        "target_id",
        "target_name",
        "permission_set_id",
        "permission_set_name",
    ];
}

/// A record that can be written as a line of a table or CSV: its values in the order of its
/// field names.
pub trait Record: Serialize {
    /// The field names.
    fn fields() -> &'static [&'static str];
    /// The values, one per field (`None` for null).
    fn values(&self) -> Vec<Option<&str>>;
}

impl Record for Row {
    fn fields() -> &'static [&'static str] {
        &Self::FIELDS
    }
    fn values(&self) -> Vec<Option<&str>> {
        let cloud = match self.cloud {
            Cloud::Huawei => "huawei",
            Cloud::Scp => "scp",
        };
        vec![
            Some(cloud),
            Some(&self.instance_id),
            Some(&self.user_id),
            self.user_name.as_deref(),
            Some(self.target_type.as_str()),
            Some(&self.target_id),
            self.target_name.as_deref(),
            self.permission_set_id.as_deref(),
            self.permission_set_name.as_deref(),
            Some(self.via_type.as_str()),
            self.via_id.as_deref(),
            self.via_name.as_deref(),
        ]
    }
}

impl Record for AssignmentRow {
    fn fields() -> &'static [&'static str] {
        &Self::FIELDS
    }
    fn values(&self) -> Vec<Option<&str>> {
        let cloud = match self.cloud {
            Cloud::Huawei => "huawei",
            Cloud::Scp => "scp",
        };
        vec![
            Some(cloud),
            Some(&self.instance_id),
            Some(self.principal_type.as_str()),
            self.principal_id.as_deref(),
            self.principal_name.as_deref(),
            Some(self.target_type.as_str()),
            Some(&self.target_id),
            self.target_name.as_deref(),
            self.permission_set_id.as_deref(),
            self.permission_set_name.as_deref(),
        ]
    }
}

/// Which filter a value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// `--user`.
    User,
    /// `--group`.
    Group,
    /// `--account`.
    Account,
    /// `--permission-set`.
    PermissionSet,
    /// `--application`.
    Application,
    /// `--ou`.
    OrganizationalUnit,
}

impl fmt::Display for FilterKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::User => "user",
            Self::Group => "group",
            Self::Account => "account",
            Self::PermissionSet => "permission set",
            Self::Application => "application",
            Self::OrganizationalUnit => "organizational unit",
        })
    }
}
