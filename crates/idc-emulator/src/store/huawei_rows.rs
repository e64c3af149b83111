//! The Huawei Cloud entities of a [`DataSet`](crate::DataSet) (instances, identity store users,
//! groups and memberships, permission sets, Organizations accounts, applications); their checks
//! are in `huawei_check.rs` and `huawei_references.rs`.
//!
//! See the [crate documentation](crate#data-file-format) for the format.

use std::sync::Arc;

use idc_raw::PrincipalType;
use serde::{Deserialize, Serialize};

/// The spec's rules for the Huawei ids a request names (the same for every id parameter); the
/// handlers' tests hold them equal to the generated parser's.
pub(crate) static HUAWEI_ID_RULES: idc_raw::rules::StringRules = idc_raw::rules::StringRules {
    min_length: Some(1),
    max_length: Some(64),
    pattern: Some(idc_raw::rules::Pattern::new("^[a-zA-Z0-9-]{1,64}$")),
    one_of: &[],
};

/// Whether a Huawei id (`instance_id`, `principal_id`, `account_id`) keeps the spec's rules: an id
/// of a data file that breaks them could never be asked for.
pub(crate) fn check_huawei_id(value: &str) -> Result<(), String> {
    HUAWEI_ID_RULES
        .check("the id", value)
        .map_err(|problem| format!("{problem}, so no request could list it"))
}

/// The Huawei Cloud part of a [`DataSet`](crate::DataSet).
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
    /// The users' sign-in sessions (`ListSessions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<HuaweiSession>,
    /// The users' MFA devices (`BatchListMfaDevicesForUser`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mfa_devices: Vec<HuaweiMfaDevice>,
    /// Permission sets of the instances.
    #[serde(default)]
    pub permission_sets: Vec<HuaweiPermissionSet>,
    /// Accounts of the organization (Organizations `ListAccounts`).
    #[serde(default)]
    pub accounts: Vec<HuaweiAccount>,
    /// Applications of the instances.
    #[serde(default)]
    pub applications: Vec<HuaweiApplication>,
    /// The organization (Organizations `ShowOrganization`), when the data set names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<HuaweiOrganization>,
    /// The root (`r-...`, no parent) and the organizational units (`ou-...`) of the organization,
    /// each under its parent (`ListRoots`, `ListOrganizationalUnits`, `ShowOrganizationalUnit`).
    #[serde(default)]
    pub organizational_units: Vec<HuaweiOrganizationalUnit>,
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
    /// The principal was deleted outside the emulator's API (by an identity provider's SCIM
    /// sync, say) and left this assignment behind: `principal_id` names no user or group, and the
    /// data set's check accepts that for this row alone (it refuses the marker on a row whose
    /// principal exists). No API call makes such a row; `false` (left out of the file) otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub principal_deleted: bool,
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
    /// The principal was deleted outside the emulator's API (by an identity provider's SCIM
    /// sync, say) and left this assignment behind: `principal_id` names no user or group, and the
    /// data set's check accepts that for this row alone (it refuses the marker on a row whose
    /// principal exists). No API call makes such a row; `false` (left out of the file) otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub principal_deleted: bool,
}

/// An IAM Identity Center instance and the identity store that holds its users and groups.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiInstance {
    /// The instance id (`ins-...`).
    pub instance_id: Arc<str>,
    /// Its identity store (12 characters, e.g. `d-3c3f9d8a11`), as the IdentityStore API requires.
    pub identity_store_id: Arc<str>,
    /// Its URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_urn: Option<Arc<str>>,
    /// Its alias.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<Arc<str>>,
}

/// A user of an identity store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiUser {
    /// The identity store that holds the user.
    pub identity_store_id: Arc<str>,
    /// The user's id (unique in its identity store).
    pub user_id: Arc<str>,
    /// The user name (unique in its identity store; what `GetUserId` and `ListUsers` look up).
    pub user_name: Arc<str>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Arc<str>>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<Arc<str>>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<Arc<str>>,
    /// Email addresses, the first one primary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<Arc<str>>,
    /// Whether the user is enabled (default `true`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// An external id (what `GetUserId` with `external_id` looks up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Arc<str>>,
    /// The user's other attributes (what `CreateUser` and `UpdateUser` set besides the above).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Box<HuaweiUserAttributes>>,
}

/// The attributes of a user the access views do not read, kept as `CreateUser` and `UpdateUser`
/// set them and served by `DescribeUser`, `DescribeUsers` and `ListUsers`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiUserAttributes {
    /// Nickname.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Type of user (free text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_type: Option<String>,
    /// Geographic region or location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Preferred language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    /// URL associated with the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// Time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Middle name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    /// Honorific prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_prefix: Option<String>,
    /// Honorific suffix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_suffix: Option<String>,
    /// Phone numbers, as the API spells them (`{"primary", "type", "value"}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phone_numbers: Vec<serde_json::Value>,
    /// Postal addresses, as the API spells them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<serde_json::Value>,
    /// Enterprise attributes, as the API spells them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<serde_json::Value>,
}

/// A sign-in session of a user.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiSession {
    /// The identity store of the user.
    pub identity_store_id: Arc<str>,
    /// The user.
    pub user_id: Arc<str>,
    /// The session's id (unique in its identity store).
    pub session_id: Arc<str>,
    /// When it began, milliseconds since the epoch.
    pub creation_time: i64,
    /// When it stops being valid, milliseconds since the epoch.
    pub session_not_valid_after: i64,
    /// The IP address it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<Arc<str>>,
    /// The client it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Arc<str>>,
}

/// An MFA device a user registered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiMfaDevice {
    /// The identity store of the user.
    pub identity_store_id: Arc<str>,
    /// The user.
    pub user_id: Arc<str>,
    /// The device's id (unique in its identity store).
    pub device_id: Arc<str>,
    /// Its name.
    pub device_name: Arc<str>,
    /// Its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<Arc<str>>,
    /// The kind of device (`TOTP`, `WEBAUTHN`).
    pub mfa_type: Arc<str>,
    /// When it was registered, milliseconds since the epoch.
    pub registered_date: i64,
}

fn yes() -> bool {
    true
}

/// A group of an identity store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiGroup {
    /// The identity store that holds the group.
    pub identity_store_id: Arc<str>,
    /// The group's id (unique in its identity store).
    pub group_id: Arc<str>,
    /// The display name (unique in its identity store; what `GetGroupId` looks up).
    pub display_name: Arc<str>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// An external id (what `GetGroupId` with `external_id` looks up).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Arc<str>>,
}

/// A user's membership of a group, in one identity store.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiGroupMembership {
    /// The identity store of both.
    pub identity_store_id: Arc<str>,
    /// The group.
    pub group_id: Arc<str>,
    /// The member (a user).
    pub user_id: Arc<str>,
    /// The membership id; derived from the three ids when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_id: Option<Arc<str>>,
}

impl HuaweiGroupMembership {
    /// The membership's id: as given, else derived from its three ids (the same every time).
    pub(crate) fn id(&self) -> std::borrow::Cow<'_, str> {
        use sha2::{Digest, Sha256};
        if let Some(id) = &self.membership_id {
            return std::borrow::Cow::Borrowed(id);
        }
        // Each id hashed with its length, so no two triples share a digest's input.
        let mut hasher = Sha256::new();
        for part in [&*self.identity_store_id, &self.group_id, &self.user_id] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part.as_bytes());
        }
        let digest = hasher.finalize();
        std::borrow::Cow::Owned(crate::store::keys::uuid_form(&hex::encode(&digest[..16])))
    }
}

/// A managed policy (system policy) attached to a permission set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiManagedPolicy {
    /// The policy id.
    pub policy_id: Arc<str>,
    /// The policy name.
    pub policy_name: Arc<str>,
}

/// A managed role (system role) attached to a permission set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiManagedRole {
    /// The role id.
    pub role_id: Arc<str>,
    /// The role name.
    pub role_name: Arc<str>,
}

/// A permission set of an instance: what an account assignment grants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiPermissionSet {
    /// The instance it belongs to.
    pub instance_id: Arc<str>,
    /// Its id (unique in the instance).
    pub permission_set_id: Arc<str>,
    /// Its name.
    pub name: Arc<str>,
    /// Its URN; derived (`IdentityCenter::{domain}:permissionSet:{instance}/{id}`) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_urn: Option<Arc<str>>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// The session duration, ISO 8601 (`PT1H`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_duration: Option<Arc<str>>,
    /// The relay state URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_state: Option<Arc<str>>,
    /// Creation time, milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<i64>,
    /// Attached managed policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<HuaweiManagedPolicy>,
    /// Attached managed roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_roles: Vec<HuaweiManagedRole>,
    /// The custom policy document: a JSON document as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_policy: Option<String>,
    /// The custom role document: a JSON document as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_role: Option<String>,
    /// Accounts where its latest version is provisioned (besides the accounts where it is
    /// assigned, which count as provisioned unless listed in `outdated_accounts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisioned_accounts: Vec<Arc<str>>,
    /// Accounts where it is provisioned but changed since (`LATEST_PERMISSION_SET_NOT_PROVISIONED`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outdated_accounts: Vec<Arc<str>>,
}

/// The organization (Huawei Cloud Organizations).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiOrganization {
    /// Its id (`o-...`).
    pub id: Arc<str>,
    /// Its URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<Arc<str>>,
    /// The management account's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_account_id: Option<Arc<str>>,
    /// The management account's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_account_name: Option<Arc<str>>,
    /// The delegations: which member account is a delegated administrator of which service
    /// (`ListDelegatedAdministrators`, `ListDelegatedServices`). None by default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegated_administrators: Vec<HuaweiDelegatedAdministrator>,
}

/// One delegation: a member account made delegated administrator of one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiDelegatedAdministrator {
    /// The account (one of `accounts`).
    pub account_id: Arc<str>,
    /// The service it administers, e.g. `service.IdentityCenter` (once per account).
    pub service_principal: Arc<str>,
    /// When the delegation was enabled (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_enabled_at: Option<Arc<str>>,
}

/// The root or an organizational unit of the organization (Huawei Cloud Organizations).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiOrganizationalUnit {
    /// Its id: `r-...` for the root, `ou-...` for a unit (unique).
    pub id: Arc<str>,
    /// Its name.
    pub name: Arc<str>,
    /// The root or unit it is directly under; none for the root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Arc<str>>,
    /// Its URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<Arc<str>>,
}

/// An account of the organization (Huawei Cloud Organizations).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiAccount {
    /// The account id (unique).
    pub account_id: Arc<str>,
    /// Its name.
    pub name: Arc<str>,
    /// Its status (default `active`).
    #[serde(default = "active")]
    pub status: Arc<str>,
    /// Its parent: the root (`r-...`) or an organizational unit (`ou-...`), for `parent_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Arc<str>>,
    /// Its URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<Arc<str>>,
    /// `invited` or `created`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_method: Option<Arc<str>>,
    /// When it joined (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<Arc<str>>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// Registered email (served only with `with_register_contact_info=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Arc<str>>,
    /// Registered mobile number (served only with `with_register_contact_info=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<Arc<str>>,
}

fn active() -> Arc<str> {
    "active".into()
}

/// An application of an instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiApplication {
    /// The instance it belongs to.
    pub instance_id: Arc<str>,
    /// Its id in the instance (the path's `application_instance_id`).
    pub application_instance_id: Arc<str>,
    /// Its URN (what application assignments name).
    pub application_urn: Arc<str>,
    /// Its name.
    pub name: Arc<str>,
    /// A description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Arc<str>>,
    /// `ENABLED` (default) or `DISABLED`.
    #[serde(default = "enabled")]
    pub status: Arc<str>,
    /// Whether users need an assignment to use it (its assignment configuration).
    #[serde(default)]
    pub assignment_required: bool,
    /// The sign-in URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_url: Option<Arc<str>>,
    /// Creation time, milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<i64>,
}

fn enabled() -> Arc<str> {
    "ENABLED".into()
}
