//! The Samsung Cloud Platform part of the data set: one relational model that every SCP operation
//! serves a view of.
//!
//! Instances hold users, groups (with their member users) and permission sets (with their
//! policies); the organization's accounts stand apart; an account assignment links a principal (a
//! user or a group of an instance) to an account with one or more permission sets of that
//! instance. What ListAccountAssignments shows of an assignment besides its ids (the account's name
//! and email, the principal's name, the permission sets' names) is looked up in those rows, so a
//! name changed in one row changes in every view.
//!
//! Fields the SCP responses require are required here; fields they leave optional are optional.
//! Audit fields (`created_by`, `modified_at`, `modified_by`) are not stored: they are served as a
//! fixed administrator and the row's `created_at`.

use std::sync::Arc;

use idc_raw::PrincipalType;
use serde::{Deserialize, Serialize};

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

/// The Samsung Cloud Platform part of a [`DataSet`](crate::DataSet).
///
/// Every list is served in its order (the `created_at:asc` order when no `sort` is given).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpData {
    /// The access keys the emulator accepts.
    #[serde(default)]
    pub credentials: Vec<ScpCredential>,
    /// IAM Identity Center instances (ListInstances, ShowInstance).
    #[serde(default)]
    pub instances: Vec<ScpInstance>,
    /// The users of the instances (ListUsers, ShowUser, ListGroupUsers).
    #[serde(default)]
    pub users: Vec<ScpUser>,
    /// The groups of the instances, with their members (ListGroups, ShowGroup, ListGroupUsers).
    #[serde(default)]
    pub groups: Vec<ScpGroup>,
    /// The permission sets of the instances, with their policies (ListPermissionSets,
    /// ShowPermissionSet, ListPermissionSetPolicies).
    #[serde(default)]
    pub permission_sets: Vec<ScpPermissionSet>,
    /// The organization's accounts (organization ListAccounts, ShowAccount).
    #[serde(default)]
    pub accounts: Vec<ScpAccount>,
    /// Account assignments (ListAccountAssignments).
    #[serde(default)]
    pub account_assignments: Vec<ScpAccountAssignment>,
}

/// An IAM Identity Center instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpInstance {
    /// The instance id, e.g. `ssoins-12345`.
    pub id: Arc<str>,
    /// Its name.
    pub name: Arc<str>,
    /// Its state, e.g. `ACTIVE`.
    pub state: Arc<str>,
    /// When it was created (RFC 3339).
    pub created_at: Arc<str>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// The organization it serves (as the accounts' `organization_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Arc<str>>,
    /// The account that owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<Arc<str>>,
    /// The region, e.g. `kr-west1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Arc<str>>,
    /// The portal URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso_start_url: Option<Arc<str>>,
    /// The public IP address, served by API versions 1.3 and later only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Arc<str>>,
    /// The port that goes with `public_ip`, served by API versions 1.3 and later only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The kind of identity store, e.g. `ACTIVE_DIRECTORY` (none: served as the built-in
    /// `IDENTITY_CENTER_DIRECTORY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_store_type: Option<Arc<str>>,
    /// The LDAP settings of an external directory, as CreateInstance or SetInstance gave them
    /// (`bind_credential` is served masked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_store_config: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A user of an instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpUser {
    /// The user's UUID (`id`, an assignment's `principal_id`).
    pub id: Arc<str>,
    /// The instance it belongs to.
    pub instance_id: Arc<str>,
    /// The login ID (the `user_id` filter).
    pub user_id: Arc<str>,
    /// The display name (an assignment's `principal_name`).
    pub name: Arc<str>,
    /// When it was created (RFC 3339).
    pub created_at: Arc<str>,
    /// The email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Arc<str>>,
    /// The department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Arc<str>>,
    /// The phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<Arc<str>>,
    /// The country calling code of the phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nation_id: Option<Arc<str>>,
    /// The business unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_unit: Option<Arc<str>>,
    /// The manager, as free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<Arc<str>>,
    /// The employee number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_id: Option<Arc<str>>,
    /// A description of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// The time zone, e.g. `Asia/Seoul`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tz_id: Option<Arc<str>>,
    /// Whether the password must be changed at the next sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<bool>,
    /// When the user was last changed (RFC 3339); `created_at` when it never was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<Arc<str>>,
}

/// A group of an instance and its members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpGroup {
    /// The group's id (an assignment's `principal_id`).
    pub id: Arc<str>,
    /// The instance it belongs to.
    pub instance_id: Arc<str>,
    /// Its name (an assignment's `principal_name`).
    pub name: Arc<str>,
    /// When it was created (RFC 3339).
    pub created_at: Arc<str>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// The UUIDs of its members: users of the same instance, each at most once.
    #[serde(default)]
    pub members: Vec<Arc<str>>,
}

/// A permission set of an instance and its policies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpPermissionSet {
    /// The permission set's id.
    pub id: Arc<str>,
    /// The instance it belongs to.
    pub instance_id: Arc<str>,
    /// Its name.
    pub name: Arc<str>,
    /// When it was created (RFC 3339).
    pub created_at: Arc<str>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// The session duration in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<i64>,
    /// Its policies, served by ListPermissionSetPolicies in this order.
    #[serde(default)]
    pub policies: Vec<ScpPolicy>,
}

/// A policy of a permission set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpPolicy {
    /// The policy's id.
    pub id: Arc<str>,
    /// Its name (the `name` filter).
    pub name: Arc<str>,
    /// Its category.
    pub category: ScpPolicyCategory,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// The policy document (inline policies), served as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<serde_json::Value>,
}

/// A policy's category. The data file spells the account's own policies `CUSTOM_POLICY` (or
/// `CUSTOMER_POLICY`); the emulator serves the spelling of the negotiated API version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScpPolicyCategory {
    /// `MANAGED_POLICY`: a policy the platform provides.
    #[serde(rename = "MANAGED_POLICY")]
    Managed,
    /// `CUSTOM_POLICY` (API versions 1.2 and later), `CUSTOMER_POLICY` (1.0 and 1.1): the
    /// account's own policy.
    #[serde(rename = "CUSTOM_POLICY", alias = "CUSTOMER_POLICY")]
    Custom,
    /// `INLINE_POLICY`: a document stored in the permission set.
    #[serde(rename = "INLINE_POLICY")]
    Inline,
}

impl ScpPolicyCategory {
    /// The category's spelling in an API version (`custom_renamed`: 1.2 or later).
    pub(crate) fn as_str(self, custom_renamed: bool) -> &'static str {
        match self {
            Self::Managed => "MANAGED_POLICY",
            Self::Custom if custom_renamed => "CUSTOM_POLICY",
            Self::Custom => "CUSTOMER_POLICY",
            Self::Inline => "INLINE_POLICY",
        }
    }
}

/// An account of the organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpAccount {
    /// The account id (an assignment's `target_account_id`).
    pub id: Arc<str>,
    /// Its name (an assignment's `target_account_name`).
    pub name: Arc<str>,
    /// Its email address (an assignment's `target_account_email`).
    pub email: Arc<str>,
    /// The organization it belongs to.
    pub organization_id: Arc<str>,
    /// The organization unit (or root) it sits directly under.
    pub parent_unit_id: Arc<str>,
    /// That unit's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_unit_name: Option<Arc<str>>,
    /// Its role: `MANAGEMENT`, `DELEGATION`, `MEMBER`, `NONE`, `LOG_ARCHIVE` or `AUDIT`.
    #[serde(rename = "type")]
    pub type_: Arc<str>,
    /// Its state: `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE`.
    pub state: Arc<str>,
    /// How it joined: `INVITED`, `CREATED` or `CLOUD_CONTROL`.
    pub joined_method: Arc<str>,
    /// When it joined (RFC 3339; the `joined_*_date` filters compare it).
    pub joined_time: Arc<str>,
    /// When it was created (RFC 3339).
    pub created_at: Arc<str>,
    /// Its login ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_id: Option<Arc<str>>,
    /// The control policies attached to it (ShowAccount; the `exclude_policy_id` filter).
    #[serde(default)]
    pub control_policies: Vec<ScpControlPolicy>,
}

/// A control policy attached to an account.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpControlPolicy {
    /// The policy's id.
    pub policy_id: Arc<str>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<Arc<str>>,
}

/// One SCP account assignment: a principal of an instance given permission sets of that instance
/// on an account. Names and emails are not stored: they are the rows' the ids name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpAccountAssignment {
    /// The instance (an [`ScpInstance`]).
    pub instance_id: Arc<str>,
    /// The account (an [`ScpAccount`]).
    pub target_account_id: Arc<str>,
    /// The principal: an [`ScpUser`] or [`ScpGroup`] of the instance, as `principal_type` says.
    pub principal_id: Arc<str>,
    /// `USER` or `GROUP`.
    pub principal_type: PrincipalType,
    /// The principal was deleted outside the emulator's API (by an identity provider's SCIM
    /// sync, say) and left this assignment behind: `principal_id` names no user or group, and the
    /// data set's check accepts that for this row alone (it refuses the marker on a row whose
    /// principal exists). No API call makes such a row; `false` (left out of the file) otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub principal_deleted: bool,
    /// The permission sets ([`ScpPermissionSet`]s of the instance).
    pub permission_set_ids: Vec<Arc<str>>,
    /// The SRN of the role the assignment created in the account.
    pub role_srn: Arc<str>,
    /// When the assignment was made (any string that sorts chronologically, e.g. RFC 3339), for
    /// `sort=created_at:...`; not a response field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Arc<str>>,
}

/// The fields of the SCP assignment records before the relational model, and where their values
/// live now.
const MIGRATED_FIELDS: [(&str, &str); 5] = [
    (
        "target_account_name",
        "`name` of the account in scp.accounts",
    ),
    (
        "target_account_email",
        "`email` of the account in scp.accounts",
    ),
    (
        "principal_name",
        "`name` of the user in scp.users or the group in scp.groups",
    ),
    (
        "permission_set_id",
        "`permission_set_ids`, ids of scp.permission_sets",
    ),
    (
        "permission_sets",
        "`permission_set_ids`, ids of scp.permission_sets",
    ),
];

/// A parse error's message, with how to migrate when it is a field of the old SCP assignment
/// records.
pub(crate) fn migration_hint(json_path: &str, message: String) -> String {
    if !json_path.starts_with("scp.account_assignments[") {
        return message;
    }
    match MIGRATED_FIELDS
        .iter()
        .find(|(field, _)| json_path.ends_with(&format!("].{field}")))
    {
        Some((field, now)) => format!(
            "{message}; SCP assignments are relational since the emulator serves every SCP \
             operation: `{field}` is now the {now} (see the data file format)"
        ),
        None => message,
    }
}

impl ScpData {
    /// The name of an assignment's principal: its user's or group's `name` (a linear search, for
    /// tests and tools; the server uses its indexes).
    pub fn principal_name(&self, a: &ScpAccountAssignment) -> Option<&str> {
        let same = |instance: &str, id: &str| instance == &*a.instance_id && id == &*a.principal_id;
        match a.principal_type {
            PrincipalType::User => self
                .users
                .iter()
                .find(|u| same(&u.instance_id, &u.id))
                .map(|u| &*u.name),
            PrincipalType::Group => self
                .groups
                .iter()
                .find(|g| same(&g.instance_id, &g.id))
                .map(|g| &*g.name),
            PrincipalType::Unknown(_) => None,
        }
    }

    /// The account with this id.
    pub fn account(&self, id: &str) -> Option<&ScpAccount> {
        self.accounts.iter().find(|a| &*a.id == id)
    }
}
