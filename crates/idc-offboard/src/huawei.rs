//! Huawei Cloud: the reads a plan needs, each operation sent, and each operation's state.

use std::collections::HashMap;

use idc::huawei::identitystore::types::MemberId;
use idc::wait::WaitOptions;
use idc_report::huawei::HuaweiSource;
use idc_report::source::Source;

use crate::error::{Error, Result};
use crate::lookups::{UserInfo, is_not_found};
use crate::operation::{
    AccountAssignment, ApplicationAssignment, Membership, Operation, Principal,
};
use crate::plan::Named;

/// The clients of one Huawei Cloud instance.
#[derive(Clone, Debug)]
pub(crate) struct HuaweiBackend {
    /// The report's lookups (and the instance and identity store found).
    pub(crate) source: HuaweiSource,
    /// IdentityCenter.
    pub(crate) center: idc::huawei::Client,
    /// IdentityStore.
    pub(crate) store: idc::huawei::identitystore::Client,
    /// How asynchronous assignment writes are waited for.
    pub(crate) wait: WaitOptions,
}

fn raw_principal(p: Principal) -> idc::PrincipalType {
    match p {
        Principal::User => idc::PrincipalType::User,
        Principal::Group => idc::PrincipalType::Group,
    }
}

impl HuaweiBackend {
    fn instance(&self) -> &str {
        self.source.instance_id()
    }

    fn store_id(&self) -> &str {
        self.source.identity_store_id()
    }

    /// The user with this id, or else with this exact name.
    pub(crate) async fn find_user(&self, user: &str) -> Result<UserInfo> {
        let by_id = self.source.user_by_id(user).await?;
        let by_name = self.source.users_named(user).await?;
        let mut ids: Vec<String> = by_id.iter().chain(&by_name).map(|e| e.id.clone()).collect();
        ids.sort();
        ids.dedup();
        let id = match ids.as_slice() {
            [] => {
                return Err(Error::UserNotFound {
                    user: user.to_owned(),
                });
            }
            [one] => one.clone(),
            _ => {
                return Err(Error::AmbiguousUser {
                    user: user.to_owned(),
                    candidates: ids,
                });
            }
        };
        let found = self
            .store
            .describe_user()
            .identity_store_id(self.store_id())
            .user_id(&id)
            .send()
            .await?;
        Ok(UserInfo {
            named: Named {
                id,
                name: found.user_name,
            },
            enabled: found.enabled,
        })
    }

    /// The user's memberships, with the groups' names.
    pub(crate) async fn memberships(&self, user: &Named) -> Result<Vec<Membership>> {
        let found = self
            .store
            .list_group_memberships_for_member()
            .identity_store_id(self.store_id())
            .user_id(&user.id)
            .collect()
            .await?;
        let ids: Vec<String> = found.iter().filter_map(|m| m.group_id.clone()).collect();
        let names: HashMap<String, Option<String>> = if ids.is_empty() {
            HashMap::new()
        } else {
            (self.source.describe_groups(&ids).await?)
                .into_iter()
                .map(|e| (e.id, e.name))
                .collect()
        };
        Ok(found
            .into_iter()
            .filter_map(|m| {
                let id = m.group_id?;
                Some(Membership {
                    group: Named {
                        name: names.get(&id).cloned().flatten(),
                        id,
                    },
                    user: user.clone(),
                    membership_id: m.membership_id,
                })
            })
            .collect())
    }

    /// The ids of the user's sessions.
    pub(crate) async fn sessions(&self, user_id: &str) -> Result<Vec<String>> {
        let found = self
            .store
            .list_sessions()
            .identity_store_id(self.store_id())
            .user_id(user_id)
            .send()
            .await?;
        Ok(found
            .session_list
            .into_iter()
            .filter_map(|s| s.session_id)
            .collect())
    }

    /// Whether the user is enabled.
    pub(crate) async fn user_enabled(&self, user_id: &str) -> Result<Option<bool>> {
        let found = self
            .store
            .describe_user()
            .identity_store_id(self.store_id())
            .user_id(user_id)
            .send()
            .await?;
        Ok(found.enabled)
    }

    /// Application URN -> application instance id.
    pub(crate) async fn application_instances(&self) -> Result<HashMap<String, String>> {
        let instances = self
            .center
            .list_application_instances()
            .instance_id(self.instance())
            .collect()
            .await?;
        let mut out = HashMap::new();
        for i in instances {
            let described = self
                .center
                .describe_application()
                .instance_id(self.instance())
                .application_instance_id(&i.application_instance_id)
                .send()
                .await?;
            if let Some(urn) = described.application_urn {
                out.insert(urn, i.application_instance_id);
            }
        }
        Ok(out)
    }

    async fn holds_account(&self, a: &AccountAssignment) -> Result<bool> {
        let found = self
            .center
            .list_account_assignments_for_principal()
            .instance_id(self.instance())
            .principal_id(&a.principal.id)
            .principal_type(raw_principal(a.principal_type))
            .account_id(&a.account.id)
            .collect()
            .await?;
        let ps = a.permission_set.as_ref().map(|p| p.id.as_str());
        Ok(found
            .iter()
            .any(|f| f.account_id == a.account.id && Some(f.permission_set_id.as_str()) == ps))
    }

    async fn holds_application(&self, a: &ApplicationAssignment) -> Result<bool> {
        let found = self
            .center
            .list_application_assignments_for_principal()
            .instance_id(self.instance())
            .principal_id(&a.principal.id)
            .principal_type(raw_principal(a.principal_type))
            .collect()
            .await?;
        Ok(found.iter().any(|f| f.application_urn == a.application.id))
    }

    /// The membership's id, when the user is a member of the group.
    async fn membership_id(&self, m: &Membership) -> Result<Option<String>> {
        let found = self
            .store
            .list_group_memberships_for_member()
            .identity_store_id(self.store_id())
            .user_id(&m.user.id)
            .collect()
            .await?;
        Ok(found
            .into_iter()
            .find(|f| f.group_id.as_deref() == Some(m.group.id.as_str()))
            .map(|f| f.membership_id.unwrap_or_default()))
    }

    /// Whether the operation's effect is in place now.
    pub(crate) async fn is_done(&self, op: &Operation) -> Result<bool> {
        Ok(match op {
            Operation::DeleteAccountAssignment(a) => !self.holds_account(a).await?,
            Operation::CreateAccountAssignment(a) => self.holds_account(a).await?,
            Operation::DeleteApplicationAssignment(a) => !self.holds_application(a).await?,
            Operation::CreateApplicationAssignment(a) => self.holds_application(a).await?,
            Operation::RemoveMembership(m) => self.membership_id(m).await?.is_none(),
            Operation::AddMembership(m) => self.membership_id(m).await?.is_some(),
            Operation::DisableUser { user } => self.user_enabled(&user.id).await? == Some(false),
            Operation::EnableUser { user } => self.user_enabled(&user.id).await? != Some(false),
            Operation::RevokeSessions { user, .. } => self.sessions(&user.id).await?.is_empty(),
        })
    }

    /// Sends the operation (an asynchronous one waited for) and returns it with what sending it
    /// learned (a membership's id, the sessions deleted).
    pub(crate) async fn send(&self, op: &Operation) -> Result<Operation> {
        match op {
            Operation::DeleteAccountAssignment(a) | Operation::CreateAccountAssignment(a) => {
                let ps = a
                    .permission_set
                    .as_ref()
                    .map(|p| p.id.clone())
                    .unwrap_or_default();
                if matches!(op, Operation::DeleteAccountAssignment(_)) {
                    self.center
                        .delete_account_assignment()
                        .instance_id(self.instance())
                        .permission_set_id(ps)
                        .principal_id(&a.principal.id)
                        .principal_type(a.principal_type.as_str())
                        .target_id(&a.account.id)
                        .target_type("ACCOUNT")
                        .send_and_wait_with(self.wait.clone())
                        .await?;
                } else {
                    self.center
                        .create_account_assignment()
                        .instance_id(self.instance())
                        .permission_set_id(ps)
                        .principal_id(&a.principal.id)
                        .principal_type(a.principal_type.as_str())
                        .target_id(&a.account.id)
                        .target_type("ACCOUNT")
                        .send_and_wait_with(self.wait.clone())
                        .await?;
                }
            }
            Operation::DeleteApplicationAssignment(a) => {
                self.center
                    .delete_application_assignment()
                    .instance_id(self.instance())
                    .application_instance_id(&a.application_instance_id)
                    .principal_id(&a.principal.id)
                    .principal_type(a.principal_type.as_str())
                    .send()
                    .await?;
            }
            Operation::CreateApplicationAssignment(a) => {
                self.center
                    .create_application_assignment()
                    .instance_id(self.instance())
                    .application_instance_id(&a.application_instance_id)
                    .principal_id(&a.principal.id)
                    .principal_type(a.principal_type.as_str())
                    .send()
                    .await?;
            }
            Operation::RemoveMembership(m) => {
                // The id planned, or the current one (a membership re-created has a new id).
                let id = match self.membership_id(m).await? {
                    Some(id) => id,
                    None => return Ok(op.clone()),
                };
                self.store
                    .delete_group_membership()
                    .identity_store_id(self.store_id())
                    .membership_id(&id)
                    .send()
                    .await?;
                let mut m = m.clone();
                m.membership_id = Some(id);
                return Ok(Operation::RemoveMembership(m));
            }
            Operation::AddMembership(m) => {
                let made = self
                    .store
                    .create_group_membership()
                    .identity_store_id(self.store_id())
                    .group_id(&m.group.id)
                    .member_id(MemberId {
                        user_id: m.user.id.clone(),
                    })
                    .send()
                    .await?;
                let mut m = m.clone();
                m.membership_id = made.membership_id;
                return Ok(Operation::AddMembership(m));
            }
            Operation::DisableUser { user } => {
                self.store
                    .disable_user()
                    .identity_store_id(self.store_id())
                    .user_id(&user.id)
                    .send()
                    .await?;
            }
            Operation::EnableUser { user } => {
                self.store
                    .enable_user()
                    .identity_store_id(self.store_id())
                    .user_id(&user.id)
                    .send()
                    .await?;
            }
            Operation::RevokeSessions { user, .. } => {
                // The sessions open now (new ones may have started since the plan).
                let sessions = self.sessions(&user.id).await?;
                if !sessions.is_empty() {
                    let mut request = self
                        .store
                        .batch_delete_sessions()
                        .identity_store_id(self.store_id())
                        .user_id(&user.id);
                    for s in &sessions {
                        request = request.session_ids(s);
                    }
                    match request.send().await {
                        Ok(_) => {}
                        // Ended meanwhile.
                        Err(e) if is_not_found(&e) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
                return Ok(Operation::RevokeSessions {
                    user: user.clone(),
                    sessions,
                });
            }
        }
        Ok(op.clone())
    }
}
