//! The reads beyond the report on SCP: last sign-in (`ShowUser`'s `last_login_at`, one request
//! per user holding access) and permission set policies (`ListPermissionSetPolicies`). SCP's API
//! tells neither whether a user is enabled nor their MFA devices, and has no provisioning: those
//! reads answer [`Fact::Unknown`].

use std::collections::{BTreeMap, BTreeSet};

use futures::stream::{self, StreamExt, TryStreamExt};
use idc_report::rate::{Pace, RateLimit};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::collect::Reads;
use crate::error::{Error, Result};
use crate::facts::Fact;
use crate::privileged::{PermissionSetPolicies, PolicyDocument};

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
    pace: Pace,
}

impl ScpReads {
    /// The reads of `instance_id`.
    pub fn new(client: idc::scp::Client, instance_id: impl Into<String>) -> Self {
        Self {
            client,
            instance_id: instance_id.into(),
            concurrency: idc_report::DEFAULT_CONCURRENCY,
            pace: Pace::default(),
        }
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

impl ScpReads {
    /// One user's last sign-in: `Some(None)` never, `None` when the date cannot be read.
    async fn last_login(&self, user: &str) -> Result<Option<Option<OffsetDateTime>>> {
        let request = self
            .client
            .show_user()
            .user_uuid(user)
            .instance_id(&self.instance_id)
            .send();
        let shown = self.pace.one(request).await?;
        Ok(match shown.user.last_login_at {
            None => Some(None),
            Some(text) => match OffsetDateTime::parse(&text, &Rfc3339) {
                Ok(at) => Some(Some(at)),
                Err(_) => {
                    tracing::warn!(
                        user,
                        last_login_at = %idc::text::escape_control(&text),
                        "a last sign-in that is not an RFC 3339 time: the user is left out of IDC005"
                    );
                    None
                }
            },
        })
    }

    /// What one permission set grants.
    async fn policies_of(&self, ps: &str) -> Result<PermissionSetPolicies> {
        let pages = self
            .client
            .list_permission_set_policies()
            .permission_set_id(ps)
            .instance_id(&self.instance_id)
            .pages();
        let policies = self.pace.collect(pages, |p| p.items, None).await?;
        let mut out = PermissionSetPolicies::default();
        for policy in policies {
            let field = |name: &str| policy.get(name).and_then(Value::as_str).map(str::to_owned);
            let name = field("name").unwrap_or_default();
            let category = field("category").unwrap_or_default();
            if category == "MANAGED_POLICY" {
                out.managed_policies.push(name.clone());
            }
            let document = match policy.get("document") {
                Some(Value::String(text)) => serde_json::from_str(text).ok(),
                Some(doc @ Value::Object(_)) => Some(doc.clone()),
                _ => None,
            };
            if let Some(document) = document {
                let kind = category.trim_end_matches("_POLICY").to_ascii_lowercase();
                out.documents.push(PolicyDocument {
                    label: format!("{kind} policy \"{name}\""),
                    document,
                });
            }
        }
        Ok(out)
    }
}

impl Reads for ScpReads {
    async fn user_enabled(&self) -> Result<Fact<BTreeMap<String, bool>>> {
        Ok(Fact::Unknown(NO_USER_STATE.into()))
    }
    async fn last_logins(
        &self,
        users: &[String],
    ) -> Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>> {
        let reads = users.iter().cloned().map(|user| async move {
            let last = self.last_login(&user).await?;
            Ok::<_, Error>(last.map(|at| (user, at)))
        });
        let found: Vec<_> = stream::iter(reads)
            .buffer_unordered(self.concurrency)
            .try_collect()
            .await?;
        Ok(Fact::Known(found.into_iter().flatten().collect()))
    }
    async fn mfa_devices(&self, _users: &[String]) -> Result<Fact<BTreeMap<String, usize>>> {
        Ok(Fact::Unknown(NO_MFA.into()))
    }
    async fn policies(
        &self,
        permission_sets: &[String],
    ) -> Result<Fact<BTreeMap<String, PermissionSetPolicies>>> {
        let reads = permission_sets.iter().cloned().map(|ps| async move {
            let policies = self.policies_of(&ps).await?;
            Ok::<_, Error>((ps, policies))
        });
        let found: BTreeMap<_, _> = stream::iter(reads)
            .buffer_unordered(self.concurrency)
            .try_collect()
            .await?;
        Ok(Fact::Known(found))
    }
    async fn outdated_provisioning(
        &self,
        _permission_sets: &[String],
    ) -> Result<Fact<BTreeSet<(String, String)>>> {
        Ok(Fact::Unknown(NO_PROVISIONING.into()))
    }
}
