//! The [`Reads`] trait: the reads beyond the access report, one method per [`Read`](crate::Read).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use time::OffsetDateTime;

use crate::error::Result;
use crate::facts::Fact;
use crate::privileged::PermissionSetPolicies;

/// The reads a cloud offers beyond the access report. Each answers [`Fact::Known`] with what it
/// read, or [`Fact::Unknown`] with why the cloud's API cannot tell (the rules needing it then
/// report that they could not be evaluated). The audit calls only the reads an enabled rule
/// needs, after the report, with the users and permission sets the report found.
///
/// Implementations: [`HuaweiReads`](crate::huawei::HuaweiReads),
/// [`ScpReads`](crate::scp::ScpReads), and [`NoReads`] (every read unknown).
pub trait Reads: Send + Sync {
    /// Whether each user of the instance is enabled, by user id.
    fn user_enabled(&self) -> impl Future<Output = Result<Fact<BTreeMap<String, bool>>>> + Send;
    /// When each of `users` last signed in (`None`: never), by user id.
    fn last_logins(
        &self,
        users: &[String],
    ) -> impl Future<Output = Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>>> + Send;
    /// How many MFA devices each of `users` has, by user id.
    fn mfa_devices(
        &self,
        users: &[String],
    ) -> impl Future<Output = Result<Fact<BTreeMap<String, usize>>>> + Send;
    /// What each of `permission_sets` grants, by permission set id.
    fn policies(
        &self,
        permission_sets: &[String],
    ) -> impl Future<Output = Result<Fact<BTreeMap<String, PermissionSetPolicies>>>> + Send;
    /// The (permission set, account) pairs among `permission_sets` where the latest version of
    /// the permission set is not provisioned on the account.
    fn outdated_provisioning(
        &self,
        permission_sets: &[String],
    ) -> impl Future<Output = Result<Fact<BTreeSet<(String, String)>>>> + Send;
}

/// Reads for a source whose cloud tells nothing beyond the report (tests, offline data): every
/// read is [`Fact::Unknown`].
#[derive(Clone, Copy, Debug, Default)]
pub struct NoReads;

const NOTHING: &str = "this source reads nothing beyond the access report";

impl Reads for NoReads {
    async fn user_enabled(&self) -> Result<Fact<BTreeMap<String, bool>>> {
        Ok(Fact::Unknown(NOTHING.into()))
    }
    async fn last_logins(
        &self,
        _users: &[String],
    ) -> Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>> {
        Ok(Fact::Unknown(NOTHING.into()))
    }
    async fn mfa_devices(&self, _users: &[String]) -> Result<Fact<BTreeMap<String, usize>>> {
        Ok(Fact::Unknown(NOTHING.into()))
    }
    async fn policies(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeMap<String, PermissionSetPolicies>>> {
        Ok(Fact::Unknown(NOTHING.into()))
    }
    async fn outdated_provisioning(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeSet<(String, String)>>> {
        Ok(Fact::Unknown(NOTHING.into()))
    }
}
