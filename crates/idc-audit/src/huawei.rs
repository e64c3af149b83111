//! The reads beyond the report on Huawei Cloud: users' enabled state (`ListUsers`), MFA devices
//! (`BatchListMfaDevicesForUser`), permission set policies and roles, provisioning state. Huawei
//! has no last sign-in field: [`Reads::last_logins`] answers [`Fact::Unknown`].

use std::collections::{BTreeMap, BTreeSet};

use futures::stream::{self, StreamExt, TryStreamExt};
use idc::huawei::identitystore::types::MfaDeviceUser;
use idc_report::rate::{Pace, RateLimit};
use time::OffsetDateTime;

use crate::collect::Reads;
use crate::error::{Error, Result};
use crate::facts::Fact;
use crate::privileged::{PermissionSetPolicies, PolicyDocument};

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
    pace: Pace,
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
            pace: Pace::default(),
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

    /// Every request waits its turn in `limit` (share it with the report's source by cloning).
    pub fn max_rps(mut self, limit: RateLimit) -> Self {
        self.pace = Pace(Some(limit));
        self
    }
}

/// Users per `BatchListMfaDevicesForUser` request.
const MFA_BATCH: usize = 100;

/// The `provisioning_status` filter of the accounts where a permission set is outdated.
const NOT_PROVISIONED: &str = "LATEST_PERMISSION_SET_NOT_PROVISIONED";

impl HuaweiReads {
    /// What one permission set grants: 4 reads (2 of them listings).
    async fn policies_of(&self, ps: &str) -> Result<PermissionSetPolicies> {
        let center = &self.center;
        let managed = center
            .list_managed_policies_in_permission_set()
            .instance_id(&self.instance_id)
            .permission_set_id(ps)
            .pages();
        let managed = self.pace.collect(managed, |p| p.items, None);
        let roles = center
            .list_managed_roles_in_permission_set()
            .instance_id(&self.instance_id)
            .permission_set_id(ps)
            .pages();
        let roles = self.pace.collect(roles, |p| p.items, None);
        let policy = center
            .get_custom_policy_for_permission_set()
            .instance_id(&self.instance_id)
            .permission_set_id(ps)
            .send();
        let role = center
            .get_custom_role_for_permission_set()
            .instance_id(&self.instance_id)
            .permission_set_id(ps)
            .send();
        let (managed, roles, policy, role) = futures::try_join!(
            async { Ok::<_, Error>(managed.await?) },
            async { Ok::<_, Error>(roles.await?) },
            async { absent_if_not_found(self.pace.one(policy).await) },
            async { absent_if_not_found(self.pace.one(role).await) },
        )?;
        let mut documents = Vec::new();
        if let Some(text) = policy.and_then(|p| p.custom_policy) {
            documents.push(document("custom policy", &text));
        }
        if let Some(text) = role.and_then(|r| r.custom_role) {
            documents.push(document("custom role", &text));
        }
        Ok(PermissionSetPolicies {
            managed_policies: managed.into_iter().filter_map(|p| p.policy_name).collect(),
            managed_roles: roles.into_iter().filter_map(|r| r.role_name).collect(),
            documents,
        })
    }
}

/// `None` for a 404 (no custom policy or role).
fn absent_if_not_found<T>(answer: idc::Result<T>) -> Result<Option<T>> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// A policy document sent as a string: its JSON, else the text itself (which allows nothing the
/// rules can see).
fn document(label: &str, text: &str) -> PolicyDocument {
    PolicyDocument {
        label: label.to_owned(),
        document: serde_json::from_str(text)
            .unwrap_or_else(|_| serde_json::Value::String(text.into())),
    }
}

impl Reads for HuaweiReads {
    async fn user_enabled(&self) -> Result<Fact<BTreeMap<String, bool>>> {
        let pages = self
            .store
            .list_users()
            .identity_store_id(&self.identity_store_id)
            .pages();
        let users = self.pace.collect(pages, |p| p.items, None).await?;
        // Only an explicit `enabled: false` is a disabled user.
        Ok(Fact::Known(
            users
                .into_iter()
                .map(|u| (u.user_id, u.enabled != Some(false)))
                .collect(),
        ))
    }
    async fn last_logins(
        &self,
        _users: &[String],
    ) -> Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>> {
        Ok(Fact::Unknown(NO_LAST_LOGIN.into()))
    }
    async fn mfa_devices(&self, users: &[String]) -> Result<Fact<BTreeMap<String, usize>>> {
        let batches = users.chunks(MFA_BATCH).map(<[String]>::to_vec);
        let batches = batches.map(|batch| async move {
            let list = batch
                .iter()
                .map(|id| MfaDeviceUser {
                    identity_store_id: self.identity_store_id.clone(),
                    user_id: id.clone(),
                })
                .collect();
            let request = self
                .store
                .batch_list_mfa_devices_for_user()
                .identity_store_id(&self.identity_store_id)
                .set_user_list(Some(list))
                .send();
            let answer = self.pace.one(request).await?;
            Ok::<_, Error>(answer.user_mfa_devices_entry_list)
        });
        let answers: Vec<_> = stream::iter(batches)
            .buffer_unordered(self.concurrency)
            .try_collect()
            .await?;
        // A user the answer leaves out has no device.
        let mut devices: BTreeMap<String, usize> = users.iter().map(|u| (u.clone(), 0)).collect();
        for entry in answers.into_iter().flatten() {
            if let Some(user) = entry.user {
                let n = entry.mfa_devices.map_or(0, |d| d.len());
                *devices.entry(user.user_id).or_default() += n;
            }
        }
        Ok(Fact::Known(devices))
    }
    async fn policies(
        &self,
        permission_sets: &[String],
    ) -> Result<Fact<BTreeMap<String, PermissionSetPolicies>>> {
        let reads = permission_sets.iter().cloned().map(|ps| async move {
            let policies = self.policies_of(&ps).await?;
            Ok::<_, Error>((ps, policies))
        });
        // Each permission set sends up to 4 requests at once.
        let at_once = (self.concurrency / 4).max(1);
        let found: BTreeMap<_, _> = stream::iter(reads)
            .buffer_unordered(at_once)
            .try_collect()
            .await?;
        Ok(Fact::Known(found))
    }
    async fn outdated_provisioning(
        &self,
        permission_sets: &[String],
    ) -> Result<Fact<BTreeSet<(String, String)>>> {
        let reads = permission_sets.iter().cloned().map(|ps| async move {
            let pages = self
                .center
                .list_accounts_for_provisioned_permission_set()
                .instance_id(&self.instance_id)
                .permission_set_id(&ps)
                .provisioning_status(NOT_PROVISIONED)
                .pages();
            let accounts = self.pace.collect(pages, |p| p.items, None).await?;
            Ok::<_, Error>(
                accounts
                    .into_iter()
                    .map(|a| (ps.clone(), a))
                    .collect::<Vec<_>>(),
            )
        });
        let found: Vec<Vec<_>> = stream::iter(reads)
            .buffer_unordered(self.concurrency)
            .try_collect()
            .await?;
        Ok(Fact::Known(found.into_iter().flatten().collect()))
    }
}
