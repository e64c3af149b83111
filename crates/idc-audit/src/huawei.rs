//! The reads beyond the report on Huawei Cloud: users' enabled state (`ListUsers`), MFA devices
//! (`BatchListMfaDevicesForUser`), permission set policies and roles, provisioning state. Huawei
//! has no last sign-in field: [`Reads::last_logins`] answers [`Fact::Unknown`].

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

use crate::collect::Reads;
use crate::error::{Error, Result};
use crate::facts::{Fact, PermissionSetPolicies};

/// Why Huawei cannot tell a user's last sign-in.
pub const NO_LAST_LOGIN: &str =
    "Huawei IdentityStore has no last sign-in field for a user: dormant users cannot be found";

/// The Huawei reads of one instance and its identity store.
///
/// ```no_run
/// # async fn run() -> idc_audit::Result<()> {
/// use idc_audit::huawei::HuaweiReads;
/// use idc_report::huawei::HuaweiSource;
///
/// let client = idc::huawei::Client::builder().build()?;
/// let source = HuaweiSource::connect(client.clone(), None).await?;
/// let reads = HuaweiReads::for_source(client, &source)?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct HuaweiReads {
    center: idc::huawei::Client,
    store: idc::huawei::identitystore::Client,
    instance_id: String,
    identity_store_id: String,
    concurrency: usize,
}

impl HuaweiReads {
    /// The reads of `instance_id` and its identity store.
    pub fn new(
        client: idc::huawei::Client,
        instance_id: impl Into<String>,
        identity_store_id: impl Into<String>,
    ) -> Result<Self> {
        Ok(Self {
            store: client.identity_store()?,
            center: client,
            instance_id: instance_id.into(),
            identity_store_id: identity_store_id.into(),
            concurrency: idc_report::DEFAULT_CONCURRENCY,
        })
    }

    /// The reads of the instance a report source covers.
    pub fn for_source(
        client: idc::huawei::Client,
        source: &idc_report::huawei::HuaweiSource,
    ) -> Result<Self> {
        use idc_report::source::Source;
        Self::new(client, source.instance_id(), source.identity_store_id())
    }

    /// At most `n` requests at once (default [`idc_report::DEFAULT_CONCURRENCY`]).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }
}

impl Reads for HuaweiReads {
    async fn user_enabled(&self) -> Result<Fact<BTreeMap<String, bool>>> {
        let _ = (
            &self.center,
            &self.store,
            &self.instance_id,
            &self.identity_store_id,
        );
        Err(Error::NotYet("Huawei user states"))
    }
    async fn last_logins(
        &self,
        _users: &[String],
    ) -> Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>> {
        Ok(Fact::Unknown(NO_LAST_LOGIN.into()))
    }
    async fn mfa_devices(&self, _users: &[String]) -> Result<Fact<BTreeMap<String, usize>>> {
        Err(Error::NotYet("Huawei MFA devices"))
    }
    async fn policies(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeMap<String, PermissionSetPolicies>>> {
        Err(Error::NotYet("Huawei permission set policies"))
    }
    async fn outdated_provisioning(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeSet<(String, String)>>> {
        Err(Error::NotYet("Huawei provisioning"))
    }
}
