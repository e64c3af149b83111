//! Samsung Cloud Platform: the reads a plan needs, each operation sent, and each operation's
//! state.
//!
//! SCP has no operation to disable a user and no sessions to delete: a plan says so in its notes.
//! Its DeleteAccountAssignment takes the assignment's id, which ListAccountAssignments does not
//! give: the id is learned from CreateAccountAssignment, which for an assignment that exists
//! answers its record again without changing anything (its documented behaviour).

use idc::scp::iam_identity_center::types::{
    AssignmentAccount, AssignmentPermissionSet, AssignmentPrincipal,
};
use idc_report::scp::ScpSource;
use idc_report::source::Source;
use serde_json::json;

use crate::error::{Error, Result};
use crate::lookups::{UserInfo, is_not_found};
use crate::operation::{AccountAssignment, Membership, Operation};
use crate::plan::Named;

/// The clients of one SCP instance.
#[derive(Clone, Debug)]
pub(crate) struct ScpBackend {
    /// The report's lookups (and the instance found).
    pub(crate) source: ScpSource,
    /// iam-identity-center.
    pub(crate) client: idc::scp::Client,
}

/// What SCP cannot do, for a plan's notes.
pub(crate) const NO_DISABLE: &str = "SCP has no operation to disable a user: the user stays \
    enabled (delete the user, or remove their password, outside this plan)";
/// What SCP cannot do, for a plan's notes.
pub(crate) const NO_SESSIONS: &str =
    "SCP has no operation to list or delete a user's sessions: none are revoked";

impl ScpBackend {
    fn instance(&self) -> &str {
        self.source.instance_id()
    }

    /// The user with this UUID, or else with this login id.
    pub(crate) async fn find_user(&self, user: &str) -> Result<UserInfo> {
        let mut found: Vec<Named> = Vec::new();
        match self
            .client
            .show_user()
            .user_uuid(user)
            .instance_id(self.instance())
            .send()
            .await
        {
            Ok(u) => found.push(Named {
                id: u.user.id,
                name: Some(u.user.user_id),
            }),
            Err(e) if is_not_found(&e) || e.status() == Some(400) => {}
            Err(e) => return Err(e.into()),
        }
        let named = self
            .client
            .list_users()
            .instance_id(self.instance())
            .user_id(user)
            .collect()
            .await?;
        for u in named {
            if u.user_id == user && !found.iter().any(|f| f.id == u.id) {
                found.push(Named {
                    id: u.id,
                    name: Some(u.user_id),
                });
            }
        }
        match found.len() {
            0 => Err(Error::UserNotFound {
                user: user.to_owned(),
            }),
            1 => Ok(UserInfo {
                named: found.remove(0),
                enabled: None,
            }),
            _ => Err(Error::AmbiguousUser {
                user: user.to_owned(),
                candidates: found.into_iter().map(|f| f.id).collect(),
            }),
        }
    }

    /// The user's memberships (the groups listing, members embedded or listed).
    pub(crate) async fn memberships(&self, user: &Named) -> Result<Vec<Membership>> {
        let groups = self.source.groups(1).await?;
        let mut out = Vec::new();
        for g in groups {
            let members = match g.members {
                Some(m) => m,
                None => self.source.group_members(&g.entity.id).await?,
            };
            if members.iter().any(|m| m == &user.id) {
                out.push(Membership {
                    group: Named {
                        id: g.entity.id,
                        name: g.entity.name,
                    },
                    user: user.clone(),
                    membership_id: None,
                });
            }
        }
        Ok(out)
    }

    async fn holds_account(&self, a: &AccountAssignment) -> Result<bool> {
        let found = self
            .client
            .list_account_assignments()
            .instance_id(self.instance())
            .target_account_id(&a.account.id)
            .collect()
            .await?;
        let ps = a.permission_set.as_ref().map(|p| p.id.as_str());
        Ok(found.iter().any(|f| {
            f.principal_id == a.principal.id
                && f.principal_type.as_str() == a.principal_type.as_str()
                && match ps {
                    Some(ps) => f
                        .permission_sets
                        .iter()
                        .any(|s| s.permission_set_id.as_deref() == Some(ps)),
                    None => f.permission_sets.is_empty(),
                }
        }))
    }

    async fn is_member(&self, m: &Membership) -> Result<bool> {
        let members = self.source.group_members(&m.group.id).await?;
        Ok(members.iter().any(|u| u == &m.user.id))
    }

    /// Whether the operation's effect is in place now.
    pub(crate) async fn is_done(&self, op: &Operation) -> Result<bool> {
        Ok(match op {
            Operation::DeleteAccountAssignment(a) => !self.holds_account(a).await?,
            Operation::CreateAccountAssignment(a) => self.holds_account(a).await?,
            Operation::RemoveMembership(m) => !self.is_member(m).await?,
            Operation::AddMembership(m) => self.is_member(m).await?,
            other => return Err(unsupported(other)),
        })
    }

    /// CreateAccountAssignment for one principal, account and permission set: the assignment's
    /// id (an assignment that exists is answered again, unchanged).
    async fn assign(&self, a: &AccountAssignment) -> Result<String> {
        let account: AssignmentAccount = parse(json!({"target_account_id": a.account.id}))?;
        let principal: AssignmentPrincipal = parse(json!({
            "principal_id": a.principal.id,
            "principal_type": a.principal_type.as_str(),
        }))?;
        let ps = a
            .permission_set
            .as_ref()
            .map(|p| p.id.clone())
            .unwrap_or_default();
        let set: AssignmentPermissionSet = parse(json!({"permission_set_id": ps}))?;
        let made = self
            .client
            .create_account_assignment()
            .instance_id(self.instance())
            .accounts(account)
            .permission_sets(set)
            .principals(principal)
            .send()
            .await?;
        made.account_assignments
            .into_iter()
            .find(|r| r.principal_id == a.principal.id && r.target_account_id == a.account.id)
            .map(|r| r.id)
            .ok_or_else(|| Error::UnexpectedAnswer {
                message: "CreateAccountAssignment answered no record of the assignment".into(),
            })
    }

    /// Sends the operation and returns it with what sending it learned (an assignment's id).
    pub(crate) async fn send(&self, op: &Operation) -> Result<Operation> {
        match op {
            Operation::DeleteAccountAssignment(a) => {
                let id = self.assign(a).await?;
                self.client
                    .delete_account_assignment()
                    .account_assignment_id(&id)
                    .instance_id(self.instance())
                    .target_account_id(&a.account.id)
                    .send()
                    .await?;
                let mut a = a.clone();
                a.assignment_id = Some(id);
                Ok(Operation::DeleteAccountAssignment(a))
            }
            Operation::CreateAccountAssignment(a) => {
                let id = self.assign(a).await?;
                let mut a = a.clone();
                a.assignment_id = Some(id);
                Ok(Operation::CreateAccountAssignment(a))
            }
            Operation::RemoveMembership(m) => {
                self.client
                    .delete_bulk_group_users()
                    .group_id(&m.group.id)
                    .instance_id(self.instance())
                    .user_uuids(&m.user.id)
                    .send()
                    .await?;
                Ok(op.clone())
            }
            Operation::AddMembership(m) => {
                self.client
                    .create_bulk_group_users()
                    .group_id(&m.group.id)
                    .instance_id(self.instance())
                    .user_uuids(&m.user.id)
                    .send()
                    .await?;
                Ok(op.clone())
            }
            other => Err(unsupported(other)),
        }
    }
}

/// A request type built from JSON (the generated types carry fields the service adds).
fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T> {
    serde_json::from_value(v).map_err(|e| Error::UnexpectedAnswer {
        message: format!("an SCP assignment could not be built: {e}"),
    })
}

fn unsupported(op: &Operation) -> Error {
    Error::Unsupported {
        operation: op.name(),
        cloud: idc_report::Cloud::Scp,
    }
}
