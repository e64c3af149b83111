//! The rows the emulator serves and changes: one [`Table`] per kind of row, built from a
//! [`DataSet`] (whose lists keep their order: the data order).

use crate::store::dataset::DataSet;
use crate::store::huawei_rows::{
    HuaweiAccount, HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment,
    HuaweiCredential, HuaweiGroup, HuaweiGroupMembership, HuaweiInstance, HuaweiMfaDevice,
    HuaweiOrganization, HuaweiOrganizationalUnit, HuaweiPermissionSet, HuaweiSession, HuaweiUser,
};
use crate::store::scp_rows::{
    ScpAccount, ScpAccountAssignment, ScpCredential, ScpGroup, ScpInstance, ScpPermissionSet,
    ScpUser,
};
use crate::store::table::Table;

/// Every table, by cloud.
#[derive(Debug, Default)]
pub(crate) struct Rows {
    pub(crate) huawei: HuaweiTables,
    pub(crate) scp: ScpTables,
    /// The configuration documents of both clouds (state of the emulator, not of the data set).
    #[allow(dead_code)] // read by the handlers of the configuration operations (issue 20)
    pub(crate) documents: crate::store::documents::Documents,
}

/// The Huawei tables (the lists of [`HuaweiData`](crate::HuaweiData)).
#[derive(Debug, Default)]
pub(crate) struct HuaweiTables {
    pub(crate) credentials: Table<HuaweiCredential>,
    pub(crate) account_assignments: Table<HuaweiAccountAssignment>,
    pub(crate) application_assignments: Table<HuaweiApplicationAssignment>,
    pub(crate) instances: Table<HuaweiInstance>,
    pub(crate) users: Table<HuaweiUser>,
    pub(crate) groups: Table<HuaweiGroup>,
    pub(crate) group_memberships: Table<HuaweiGroupMembership>,
    pub(crate) sessions: Table<HuaweiSession>,
    pub(crate) mfa_devices: Table<HuaweiMfaDevice>,
    pub(crate) permission_sets: Table<HuaweiPermissionSet>,
    pub(crate) accounts: Table<HuaweiAccount>,
    pub(crate) applications: Table<HuaweiApplication>,
    pub(crate) organization: Option<HuaweiOrganization>,
    pub(crate) organizational_units: Table<HuaweiOrganizationalUnit>,
    /// The asynchronous IdentityCenter requests (state of the emulator, not of the data set).
    pub(crate) operations: crate::store::huawei_statuses::HuaweiOperations,
}

/// The SCP tables (the lists of [`ScpData`](crate::ScpData)).
#[derive(Debug, Default)]
pub(crate) struct ScpTables {
    pub(crate) credentials: Table<ScpCredential>,
    pub(crate) instances: Table<ScpInstance>,
    pub(crate) users: Table<ScpUser>,
    pub(crate) groups: Table<ScpGroup>,
    pub(crate) permission_sets: Table<ScpPermissionSet>,
    pub(crate) accounts: Table<ScpAccount>,
    pub(crate) account_assignments: Table<ScpAccountAssignment>,
}

impl From<DataSet> for Rows {
    fn from(data: DataSet) -> Self {
        let (h, s) = (data.huawei, data.scp);
        Self {
            huawei: HuaweiTables {
                credentials: h.credentials.into(),
                account_assignments: h.account_assignments.into(),
                application_assignments: h.application_assignments.into(),
                instances: h.instances.into(),
                users: h.users.into(),
                groups: h.groups.into(),
                group_memberships: h.group_memberships.into(),
                sessions: h.sessions.into(),
                mfa_devices: h.mfa_devices.into(),
                permission_sets: h.permission_sets.into(),
                accounts: h.accounts.into(),
                applications: h.applications.into(),
                organization: h.organization,
                organizational_units: h.organizational_units.into(),
                operations: Default::default(),
            },
            scp: ScpTables {
                credentials: s.credentials.into(),
                instances: s.instances.into(),
                users: s.users.into(),
                groups: s.groups.into(),
                permission_sets: s.permission_sets.into(),
                accounts: s.accounts.into(),
                account_assignments: s.account_assignments.into(),
            },
            documents: Default::default(),
        }
    }
}
