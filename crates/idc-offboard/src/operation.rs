//! The operations a plan sends, each with everything needed to undo it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A user or group, by id and (when known) name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Named {
    /// The id.
    pub id: String,
    /// The name, when known.
    pub name: Option<String>,
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = idc::text::escape_control(&self.id);
        match &self.name {
            Some(name) => write!(f, "{} ({id})", idc::text::escape_control(name)),
            None => f.write_str(&id),
        }
    }
}

/// Whether an assignment's principal is a user or a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Principal {
    /// A user.
    User,
    /// A group.
    Group,
}

impl Principal {
    /// `USER` or `GROUP`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "USER",
            Self::Group => "GROUP",
        }
    }
}

/// One account assignment: a principal holds a permission set on an account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AccountAssignment {
    /// USER or GROUP.
    pub principal_type: Principal,
    /// The user or group.
    pub principal: Named,
    /// The account.
    pub account: Named,
    /// The permission set (`None`: an SCP assignment without one).
    pub permission_set: Option<Named>,
    /// SCP: the assignment's id (what its DeleteAccountAssignment takes), when known; a
    /// re-created assignment has a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment_id: Option<String>,
}

/// One application assignment (Huawei): a principal may use an application.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ApplicationAssignment {
    /// USER or GROUP.
    pub principal_type: Principal,
    /// The user or group.
    pub principal: Named,
    /// The application (its URN as the report gives it, and its name).
    pub application: Named,
    /// The application instance's id (what the assignment operations take in their path).
    pub application_instance_id: String,
}

/// A user's membership of a group.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Membership {
    /// The group.
    pub group: Named,
    /// The user.
    pub user: Named,
    /// Huawei: the membership's id (what DeleteGroupMembership takes), when known; a re-created
    /// membership has a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_id: Option<String>,
}

/// An operation of a plan. The removals end accesses; the restorations are what
/// [`undo`](crate::undo) sends to reverse them. Each carries what reversing it needs.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    /// Delete an account assignment (Huawei: asynchronous, waited for).
    DeleteAccountAssignment(AccountAssignment),
    /// Delete an application assignment (Huawei).
    DeleteApplicationAssignment(ApplicationAssignment),
    /// Remove a user from a group (Huawei DeleteGroupMembership, SCP DeleteBulkGroupUsers).
    RemoveMembership(Membership),
    /// Disable a user (Huawei DisableUser).
    DisableUser {
        /// The user.
        user: Named,
    },
    /// Delete a user's sessions (Huawei BatchDeleteSessions). Cannot be undone.
    RevokeSessions {
        /// The user.
        user: Named,
        /// The sessions deleted (their ids, as ListSessions gave them when planned; the run
        /// deletes the sessions listed when it is applied).
        sessions: Vec<String>,
    },
    /// Re-create an account assignment (undo of a deletion; Huawei: waited for).
    CreateAccountAssignment(AccountAssignment),
    /// Re-create an application assignment (undo).
    CreateApplicationAssignment(ApplicationAssignment),
    /// Add a user to a group (undo of a removal).
    AddMembership(Membership),
    /// Enable a user (undo of a disable).
    EnableUser {
        /// The user.
        user: Named,
    },
}

/// What undoing an operation sends, or why it cannot be undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reverse {
    /// The operation that restores what this one removed.
    Restore(Operation),
    /// It cannot be restored, and why.
    CannotRestore(String),
}

impl Operation {
    /// A stable key: the operation and the ids it acts on (never names, never ids a service
    /// assigns anew when something is re-created), e.g.
    /// `delete_account_assignment:USER:u-1:account-1:ps-1`.
    pub fn key(&self) -> String {
        let name = self.name();
        match self {
            Self::DeleteAccountAssignment(a) | Self::CreateAccountAssignment(a) => format!(
                "{name}:{}:{}:{}:{}",
                a.principal_type.as_str(),
                a.principal.id,
                a.account.id,
                a.permission_set.as_ref().map_or("-", |p| p.id.as_str())
            ),
            Self::DeleteApplicationAssignment(a) | Self::CreateApplicationAssignment(a) => format!(
                "{name}:{}:{}:{}",
                a.principal_type.as_str(),
                a.principal.id,
                a.application.id
            ),
            Self::RemoveMembership(m) | Self::AddMembership(m) => {
                format!("{name}:{}:{}", m.group.id, m.user.id)
            }
            Self::DisableUser { user }
            | Self::EnableUser { user }
            | Self::RevokeSessions { user, .. } => format!("{name}:{}", user.id),
        }
    }

    /// The operation's name as serialized (`delete_account_assignment`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Self::DeleteAccountAssignment(_) => "delete_account_assignment",
            Self::DeleteApplicationAssignment(_) => "delete_application_assignment",
            Self::RemoveMembership(_) => "remove_membership",
            Self::DisableUser { .. } => "disable_user",
            Self::RevokeSessions { .. } => "revoke_sessions",
            Self::CreateAccountAssignment(_) => "create_account_assignment",
            Self::CreateApplicationAssignment(_) => "create_application_assignment",
            Self::AddMembership(_) => "add_membership",
            Self::EnableUser { .. } => "enable_user",
        }
    }

    /// What undoing this operation sends, or why it cannot be undone (deleted sessions).
    pub fn reverse(&self) -> Reverse {
        match self {
            Self::DeleteAccountAssignment(a) => {
                let mut a = a.clone();
                a.assignment_id = None;
                Reverse::Restore(Self::CreateAccountAssignment(a))
            }
            Self::CreateAccountAssignment(a) => {
                Reverse::Restore(Self::DeleteAccountAssignment(a.clone()))
            }
            Self::DeleteApplicationAssignment(a) => {
                Reverse::Restore(Self::CreateApplicationAssignment(a.clone()))
            }
            Self::CreateApplicationAssignment(a) => {
                Reverse::Restore(Self::DeleteApplicationAssignment(a.clone()))
            }
            Self::RemoveMembership(m) => {
                let mut m = m.clone();
                m.membership_id = None;
                Reverse::Restore(Self::AddMembership(m))
            }
            Self::AddMembership(m) => Reverse::Restore(Self::RemoveMembership(m.clone())),
            Self::DisableUser { user } => Reverse::Restore(Self::EnableUser { user: user.clone() }),
            Self::EnableUser { user } => Reverse::Restore(Self::DisableUser { user: user.clone() }),
            Self::RevokeSessions { user, .. } => Reverse::CannotRestore(format!(
                "the sessions of {user} were deleted: a session cannot be re-created; the user \
                 signs in again"
            )),
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let assignment = |a: &AccountAssignment| {
            let ps = a.permission_set.as_ref().map_or_else(
                || "no permission set".to_owned(),
                |p| format!("permission set {p}"),
            );
            format!(
                "{} {} on account {}, {ps}",
                a.principal_type.as_str().to_lowercase(),
                a.principal,
                a.account
            )
        };
        let application = |a: &ApplicationAssignment| {
            format!(
                "{} {} on application {}",
                a.principal_type.as_str().to_lowercase(),
                a.principal,
                a.application
            )
        };
        match self {
            Self::DeleteAccountAssignment(a) => {
                write!(f, "delete the account assignment of {}", assignment(a))
            }
            Self::CreateAccountAssignment(a) => {
                write!(f, "re-create the account assignment of {}", assignment(a))
            }
            Self::DeleteApplicationAssignment(a) => {
                write!(f, "delete the application assignment of {}", application(a))
            }
            Self::CreateApplicationAssignment(a) => {
                write!(
                    f,
                    "re-create the application assignment of {}",
                    application(a)
                )
            }
            Self::RemoveMembership(m) => write!(f, "remove user {} from group {}", m.user, m.group),
            Self::AddMembership(m) => write!(f, "add user {} to group {}", m.user, m.group),
            Self::DisableUser { user } => write!(f, "disable user {user}"),
            Self::EnableUser { user } => write!(f, "enable user {user}"),
            Self::RevokeSessions { user, sessions } => {
                write!(
                    f,
                    "delete the sessions of user {user} ({} now)",
                    sessions.len()
                )
            }
        }
    }
}
