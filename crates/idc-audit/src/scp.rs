//! The reads beyond the report on SCP: last sign-in (`ShowUser`'s `last_login_at`, one request
//! per user holding access) and permission set policies (`ListPermissionSetPolicies`). SCP's API
//! tells neither whether a user is enabled nor their MFA devices, and has no provisioning: those
//! reads answer [`Fact::Unknown`].

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

use crate::collect::Reads;
use crate::error::{Error, Result};
use crate::facts::{Fact, PermissionSetPolicies};

/// Why SCP cannot tell whether a user is enabled.
pub const NO_USER_STATE: &str =
    "SCP's IAM Identity Center API has no enabled or disabled state for a user";
/// Why SCP cannot tell a user's MFA devices.
pub const NO_MFA: &str = "SCP's IAM Identity Center API does not tell a user's MFA devices";
/// Why SCP has no provisioning state.
pub const NO_PROVISIONING: &str =
    "SCP permission sets are not provisioned to accounts: there is no provisioning state";

/// The SCP reads of one instance.
///
/// ```no_run
/// # async fn run() -> idc_audit::Result<()> {
/// use idc_audit::scp::ScpReads;
///
/// let client = idc::scp::Client::builder().region("kr-west1").build()?;
/// let reads = ScpReads::new(client, "ssoins-12345");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ScpReads {
    client: idc::scp::Client,
    instance_id: String,
    concurrency: usize,
}

impl ScpReads {
    /// The reads of `instance_id`.
    pub fn new(client: idc::scp::Client, instance_id: impl Into<String>) -> Self {
        Self {
            client,
            instance_id: instance_id.into(),
            concurrency: idc_report::DEFAULT_CONCURRENCY,
        }
    }

    /// At most `n` requests at once (default [`idc_report::DEFAULT_CONCURRENCY`]).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
}

impl Reads for ScpReads {
    async fn user_enabled(&self) -> Result<Fact<BTreeMap<String, bool>>> {
        Ok(Fact::Unknown(NO_USER_STATE.into()))
    }
    async fn last_logins(
        &self,
        _users: &[String],
    ) -> Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>> {
        let _ = (&self.client, &self.instance_id, self.concurrency);
        Err(Error::NotYet("SCP last sign-in"))
    }
    async fn mfa_devices(&self, _users: &[String]) -> Result<Fact<BTreeMap<String, usize>>> {
        Ok(Fact::Unknown(NO_MFA.into()))
    }
    async fn policies(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeMap<String, PermissionSetPolicies>>> {
        Err(Error::NotYet("SCP permission set policies"))
    }
    async fn outdated_provisioning(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeSet<(String, String)>>> {
        Ok(Fact::Unknown(NO_PROVISIONING.into()))
    }
}
