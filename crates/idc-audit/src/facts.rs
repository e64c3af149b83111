//! What the rules judge: the report's rows and listings, and the reads each rule needs beyond
//! them ([`Read`]), each [`Fact`] read only when an enabled rule needs it.

use std::collections::{BTreeMap, BTreeSet};

use idc_report::source::{Application, Entity, PrincipalType};
use idc_report::{Cloud, Row, TargetType, ViaType};
use time::OffsetDateTime;

use crate::privileged::PermissionSetPolicies;
use crate::settings::Settings;

/// A read beyond the access report that a rule needs ([`Rule::needs`](crate::Rule::needs)).
/// The audit makes a read only when an enabled rule needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Read {
    /// Whether each user is enabled (Huawei `ListUsers`' `enabled`; SCP does not tell).
    UserStates,
    /// When each user holding access last signed in (SCP `ShowUser`'s `last_login_at`, one
    /// request per user; Huawei does not tell).
    LastLogins,
    /// How many MFA devices each user holding access has (Huawei
    /// `BatchListMfaDevicesForUser`; SCP does not tell).
    MfaDevices,
    /// What each assigned permission set grants (Huawei `ListManagedPoliciesInPermissionSet`,
    /// `ListManagedRolesInPermissionSet`, `GetCustomPolicyForPermissionSet`,
    /// `GetCustomRoleForPermissionSet`; SCP `ListPermissionSetPolicies`).
    PermissionSetPolicies,
    /// Every assignment read per account and per application, when the report read them per
    /// user and group (its cheaper route on some organizations never shows an assignment whose
    /// principal no longer exists): `ListAccountAssignments` per account, the application
    /// instances' assignments per application. Nothing more when the report read them so.
    AssignmentsByTarget,
    /// Where an assigned permission set is not provisioned in its latest version (Huawei
    /// `ListAccountsForProvisionedPermissionSet` with `LATEST_PERMISSION_SET_NOT_PROVISIONED`; SCP
    /// has no provisioning).
    Provisioning,
}

impl Read {
    /// Every read, in order.
    pub const ALL: [Read; 6] = [
        Read::UserStates,
        Read::LastLogins,
        Read::MfaDevices,
        Read::PermissionSetPolicies,
        Read::AssignmentsByTarget,
        Read::Provisioning,
    ];

    /// What the read is, for messages (`users' enabled state`).
    pub fn describe(self) -> &'static str {
        match self {
            Self::UserStates => "users' enabled states",
            Self::LastLogins => "users' last sign-ins",
            Self::MfaDevices => "users' MFA devices",
            Self::PermissionSetPolicies => "permission sets' policies",
            Self::AssignmentsByTarget => "assignments per account and application",
            Self::Provisioning => "permission sets' provisioning states",
        }
    }
}

/// A fact beyond the report: read, not read (no enabled rule needed it), or one the cloud cannot
/// tell (with why: a rule needing it reports that it could not be evaluated).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Fact<T> {
    /// No enabled rule needed it, so it was not read.
    #[default]
    NotRead,
    /// Read.
    Known(T),
    /// The cloud's API does not tell: why.
    Unknown(String),
}

impl<T> Fact<T> {
    /// The value, when read.
    pub fn known(&self) -> Option<&T> {
        match self {
            Self::Known(v) => Some(v),
            _ => None,
        }
    }

    /// The value of `read`, or why a rule needing it cannot be evaluated.
    pub fn require(&self, read: Read) -> Result<&T, String> {
        match self {
            Self::Known(v) => Ok(v),
            Self::Unknown(why) => Err(why.clone()),
            Self::NotRead => Err(format!("the {} were not read", read.describe())),
        }
    }
}

/// One assignment as the service lists it, groups not expanded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Assignment {
    /// USER or GROUP.
    pub principal_type: PrincipalType,
    /// The user or group id.
    pub principal_id: String,
    /// `ACCOUNT` or `APPLICATION`.
    pub target_type: TargetType,
    /// The account id, or the application's URN.
    pub target_id: String,
    /// The permission set (accounts only).
    pub permission_set_id: Option<String>,
}

/// Everything the rules judge, gathered once per audit.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The cloud.
    pub cloud: Cloud,
    /// The instance.
    pub instance_id: String,
    /// Whether the report was filtered (`--user`, `--account`, ...): rules that judge the whole
    /// instance (an assignment of a principal that no longer exists, a permission set assigned
    /// nowhere) then cannot be evaluated.
    pub filtered: bool,
    /// Whether some assignments were read only per principal (for each listed user and group,
    /// the report's cheaper route on some organizations), which never shows an assignment whose
    /// principal no longer exists: `IDC006` then cannot be evaluated. [`Read::AssignmentsByTarget`]
    /// reads them again per account and application.
    pub assignments_by_principal: bool,
    /// The report's rows (every effective access, groups expanded).
    pub rows: Vec<Row>,
    /// The assignments the report read, groups not expanded.
    pub assignments: Vec<Assignment>,
    /// Every user the report listed.
    pub users: Vec<Entity>,
    /// Every group the report listed.
    pub groups: Vec<Entity>,
    /// Every account the report listed.
    pub accounts: Vec<Entity>,
    /// Every permission set the report listed.
    pub permission_sets: Vec<Entity>,
    /// Every application the report listed (none on SCP).
    pub applications: Vec<Application>,
    /// Whether each user is enabled, by user id.
    pub user_enabled: Fact<BTreeMap<String, bool>>,
    /// When each user holding access last signed in (`None`: never), by user id.
    pub last_logins: Fact<BTreeMap<String, Option<OffsetDateTime>>>,
    /// How many MFA devices each user holding access has, by user id.
    pub mfa_devices: Fact<BTreeMap<String, usize>>,
    /// What each assigned permission set grants, by permission set id.
    pub policies: Fact<BTreeMap<String, PermissionSetPolicies>>,
    /// The (permission set, account) pairs where the permission set is assigned but its latest
    /// version is not provisioned.
    pub outdated: Fact<BTreeSet<(String, String)>>,
}

impl Facts {
    /// Facts with no rows, listings or reads, for building by hand (tests, offline data).
    pub fn new(cloud: Cloud, instance_id: impl Into<String>) -> Self {
        Self {
            cloud,
            instance_id: instance_id.into(),
            filtered: false,
            assignments_by_principal: false,
            rows: Vec::new(),
            assignments: Vec::new(),
            users: Vec::new(),
            groups: Vec::new(),
            accounts: Vec::new(),
            permission_sets: Vec::new(),
            applications: Vec::new(),
            user_enabled: Fact::NotRead,
            last_logins: Fact::NotRead,
            mfa_devices: Fact::NotRead,
            policies: Fact::NotRead,
            outdated: Fact::NotRead,
        }
    }

    /// The name of a listed user, group, account, permission set or application (by URN).
    pub fn name_of(&self, id: &str) -> Option<String> {
        let entities = self
            .users
            .iter()
            .chain(&self.groups)
            .chain(&self.accounts)
            .chain(&self.permission_sets)
            .chain(self.applications.iter().map(|a| &a.entity));
        entities.filter(|e| e.id == id).find_map(|e| e.name.clone())
    }

    /// The user ids that hold access given to them (directly or through a group; access every
    /// user has, an application open to all, does not count), each once, in order. Unless the
    /// audit was filtered, a user the listings do not hold is left out: an assignment of a user
    /// that no longer exists is `IDC006`'s, and such a user has no state, sign-ins or MFA devices
    /// to read.
    pub fn users_with_access(&self) -> Vec<String> {
        let listed: BTreeSet<&str> = self.users.iter().map(|u| u.id.as_str()).collect();
        let ids: BTreeSet<&str> = (self.rows.iter())
            .filter(|r| r.via_type != ViaType::AllUsers)
            .filter(|r| self.filtered || listed.contains(r.user_id.as_str()))
            .map(|r| r.user_id.as_str())
            .collect();
        ids.into_iter().map(str::to_owned).collect()
    }

    /// The rows of access given to `user` (directly or through a group), as
    /// [`users_with_access`](Self::users_with_access) counts them.
    pub fn rows_given_to(&self, user: &str) -> Vec<Row> {
        (self.rows.iter())
            .filter(|r| r.user_id == user && r.via_type != ViaType::AllUsers)
            .cloned()
            .collect()
    }

    /// The permission set ids assigned anywhere (in the assignments read), each once, in order.
    pub fn assigned_permission_sets(&self) -> Vec<String> {
        let ids: BTreeSet<&str> = self
            .assignments
            .iter()
            .filter_map(|a| a.permission_set_id.as_deref())
            .collect();
        ids.into_iter().map(str::to_owned).collect()
    }

    /// The privileged permission sets (as `IDC002` judges them), each with why; `Err` with why
    /// when their policies were not read or the cloud cannot tell.
    pub fn privileged(&self, settings: &Settings) -> Result<BTreeMap<String, Vec<String>>, String> {
        let list = settings.privileged(self.cloud);
        let policies = self.policies.require(Read::PermissionSetPolicies)?;
        Ok(policies
            .iter()
            .filter_map(|(id, p)| {
                let reasons = list.reasons(p);
                (!reasons.is_empty()).then(|| (id.clone(), reasons))
            })
            .collect())
    }
}
