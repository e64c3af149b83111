//! What the rules are configured with: the privileged policies of each cloud, the days after
//! which a user is dormant, and the time the audit judges at.

use idc_report::Cloud;
use time::OffsetDateTime;

use crate::privileged::PrivilegedPolicies;

/// The days without a sign-in after which a user holding access is dormant (`IDC005`).
pub const DEFAULT_DORMANT_DAYS: u32 = 90;

/// The rules' configuration.
#[derive(Clone, Debug)]
pub struct Settings {
    /// What makes a permission set privileged on Huawei Cloud (`IDC002`, `IDC004`).
    pub huawei_privileged: PrivilegedPolicies,
    /// What makes a permission set privileged on SCP.
    pub scp_privileged: PrivilegedPolicies,
    /// Days without a sign-in after which a user holding access is dormant (`IDC005`).
    pub dormant_days: u32,
    /// The time the audit judges at (dormancy is counted to it).
    pub now: OffsetDateTime,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            huawei_privileged: PrivilegedPolicies::default_for(Cloud::Huawei),
            scp_privileged: PrivilegedPolicies::default_for(Cloud::Scp),
            dormant_days: DEFAULT_DORMANT_DAYS,
            now: OffsetDateTime::now_utc(),
        }
    }
}

impl Settings {
    /// The privileged policies of `cloud`.
    pub fn privileged(&self, cloud: Cloud) -> &PrivilegedPolicies {
        match cloud {
            Cloud::Huawei => &self.huawei_privileged,
            Cloud::Scp => &self.scp_privileged,
        }
    }
}
