//! What the report engine needs to know about an instance: the [`Source`] trait, and
//! [`MemorySource`], an in-memory implementation for tests and offline data.

use std::collections::BTreeMap;
use std::future::Future;

use crate::error::{Error, Result};
use crate::model::Cloud;

/// Something with an id and, when known, a name (a user, group, account, permission set).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entity {
    /// The id.
    pub id: String,
    /// The name, if the service gave one.
    pub name: Option<String>,
}

impl Entity {
    /// An entity with a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: Some(name.into()),
        }
    }
}

/// A group, with its members when the listing carried all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The group's id and name.
    pub entity: Entity,
    /// The user ids of its members, when the group listing gave all of them (SCP lists embed
    /// them); `None` to ask [`Source::group_members`].
    pub members: Option<Vec<String>>,
}

/// An application (Huawei).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    /// Its URN (the key application assignments refer to) and name.
    pub entity: Entity,
    /// `false` when every user of the instance can use it.
    pub assignment_required: bool,
}

/// A user or a group, as an assignment names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalType {
    /// A user.
    User,
    /// A group.
    Group,
}

/// One account assignment: a principal holds a permission set on an account.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountAssignment {
    /// USER or GROUP.
    pub principal_type: PrincipalType,
    /// The user or group id.
    pub principal_id: String,
    /// The permission set, `None` when the service named none (an SCP assignment without
    /// permission sets).
    pub permission_set_id: Option<String>,
    /// The permission set's name as the assignment carries it (SCP), used when the permission set
    /// listing does not name it.
    pub permission_set_name: Option<String>,
}

/// The lookups the report needs. Each call is one logical listing (it may page); the engine keeps
/// at most its configured number of requests in flight: a listing that fetches pages at once is
/// told how many it may, and the engine reserves that many of its slots for it.
///
/// Implementations: [`HuaweiSource`](crate::huawei::HuaweiSource) and
/// [`ScpSource`](crate::scp::ScpSource) over the `idc` clients, and [`MemorySource`].
pub trait Source: Send + Sync {
    /// The cloud.
    fn cloud(&self) -> Cloud;
    /// The instance the report covers.
    fn instance_id(&self) -> &str;
    /// How many requests one listing ([`users`](Self::users), [`groups`](Self::groups),
    /// [`accounts`](Self::accounts), [`permission_sets`](Self::permission_sets),
    /// [`applications`](Self::applications)) can use at once. The engine gives each listing
    /// `in_flight` = this, at most its own concurrency, and reserves that many of its slots for
    /// the call. The other lookups make one request at a time.
    fn listing_concurrency(&self) -> usize {
        1
    }
    /// Every user of the instance's identity store, with at most `in_flight` requests at once.
    fn users(&self, in_flight: usize) -> impl Future<Output = Result<Vec<Entity>>> + Send;
    /// Every group, with at most `in_flight` requests at once.
    fn groups(&self, in_flight: usize) -> impl Future<Output = Result<Vec<Group>>> + Send;
    /// The user ids of a group's members (one request at a time).
    fn group_members(&self, group_id: &str) -> impl Future<Output = Result<Vec<String>>> + Send;
    /// Every account of the organization, with at most `in_flight` requests at once.
    fn accounts(&self, in_flight: usize) -> impl Future<Output = Result<Vec<Entity>>> + Send;
    /// Every permission set of the instance, with at most `in_flight` requests at once.
    fn permission_sets(&self, in_flight: usize)
    -> impl Future<Output = Result<Vec<Entity>>> + Send;
    /// Every application of the instance (none on SCP), with at most `in_flight` requests at
    /// once.
    fn applications(
        &self,
        in_flight: usize,
    ) -> impl Future<Output = Result<Vec<Application>>> + Send;
    /// The assignments on one account.
    fn account_assignments(
        &self,
        account_id: &str,
    ) -> impl Future<Output = Result<Vec<AccountAssignment>>> + Send;
    /// The URNs of the applications a principal is assigned to.
    fn application_assignments(
        &self,
        principal_type: PrincipalType,
        principal_id: &str,
    ) -> impl Future<Output = Result<Vec<String>>> + Send;
}

/// An instance held in memory: for tests, and for data read from elsewhere.
///
/// ```
/// use idc_report::source::{AccountAssignment, Entity, MemorySource, PrincipalType};
/// use idc_report::Cloud;
///
/// let mut data = MemorySource::new(Cloud::Huawei, "ins-1");
/// data.users.push(Entity::new("u-1", "alice"));
/// data.accounts.push(Entity::new("a-1", "prod"));
/// data.permission_sets.push(Entity::new("ps-1", "Admin"));
/// data.assign("a-1", PrincipalType::User, "u-1", "ps-1");
/// ```
#[derive(Clone, Debug)]
pub struct MemorySource {
    /// The cloud.
    pub cloud: Cloud,
    /// The instance.
    pub instance_id: String,
    /// The users.
    pub users: Vec<Entity>,
    /// The groups (with `members: None`, looked up in [`memberships`](Self::memberships)).
    pub groups: Vec<Group>,
    /// Group id to member user ids.
    pub memberships: BTreeMap<String, Vec<String>>,
    /// The accounts.
    pub accounts: Vec<Entity>,
    /// The permission sets.
    pub permission_sets: Vec<Entity>,
    /// The applications.
    pub applications: Vec<Application>,
    /// Account id to its assignments.
    pub account_assignments: BTreeMap<String, Vec<AccountAssignment>>,
    /// (principal type, principal id) to application URNs.
    pub application_assignments: BTreeMap<(PrincipalType, String), Vec<String>>,
}

impl MemorySource {
    /// An empty instance.
    pub fn new(cloud: Cloud, instance_id: impl Into<String>) -> Self {
        Self {
            cloud,
            instance_id: instance_id.into(),
            users: Vec::new(),
            groups: Vec::new(),
            memberships: BTreeMap::new(),
            accounts: Vec::new(),
            permission_sets: Vec::new(),
            applications: Vec::new(),
            account_assignments: BTreeMap::new(),
            application_assignments: BTreeMap::new(),
        }
    }

    /// Adds a group with these members.
    pub fn group(&mut self, id: &str, name: &str, members: &[&str]) {
        self.groups.push(Group {
            entity: Entity::new(id, name),
            members: None,
        });
        self.memberships.insert(
            id.to_owned(),
            members.iter().map(|m| (*m).to_owned()).collect(),
        );
    }

    /// Assigns a permission set to a principal on an account.
    pub fn assign(&mut self, account: &str, kind: PrincipalType, principal: &str, set: &str) {
        self.account_assignments
            .entry(account.to_owned())
            .or_default()
            .push(AccountAssignment {
                principal_type: kind,
                principal_id: principal.to_owned(),
                permission_set_id: Some(set.to_owned()),
                permission_set_name: None,
            });
    }

    /// Assigns an application to a principal.
    pub fn assign_application(&mut self, urn: &str, kind: PrincipalType, principal: &str) {
        self.application_assignments
            .entry((kind, principal.to_owned()))
            .or_default()
            .push(urn.to_owned());
    }
}

impl Source for MemorySource {
    fn cloud(&self) -> Cloud {
        self.cloud
    }
    fn instance_id(&self) -> &str {
        &self.instance_id
    }
    async fn users(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        Ok(self.users.clone())
    }
    async fn groups(&self, _in_flight: usize) -> Result<Vec<Group>> {
        Ok(self.groups.clone())
    }
    async fn group_members(&self, group_id: &str) -> Result<Vec<String>> {
        Ok(self.memberships.get(group_id).cloned().unwrap_or_default())
    }
    async fn accounts(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        Ok(self.accounts.clone())
    }
    async fn permission_sets(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        Ok(self.permission_sets.clone())
    }
    async fn applications(&self, _in_flight: usize) -> Result<Vec<Application>> {
        Ok(self.applications.clone())
    }
    async fn account_assignments(&self, account_id: &str) -> Result<Vec<AccountAssignment>> {
        Ok(self
            .account_assignments
            .get(account_id)
            .cloned()
            .unwrap_or_default())
    }
    async fn application_assignments(
        &self,
        principal_type: PrincipalType,
        principal_id: &str,
    ) -> Result<Vec<String>> {
        Ok(self
            .application_assignments
            .get(&(principal_type, principal_id.to_owned()))
            .cloned()
            .unwrap_or_default())
    }
}

/// Picks the instance: the one asked for, or the only one.
pub(crate) fn pick_instance<'a>(wanted: Option<&str>, found: &'a [String]) -> Result<&'a str> {
    match wanted {
        Some(id) => found
            .iter()
            .find(|f| *f == id)
            .map(String::as_str)
            .ok_or_else(|| Error::InstanceNotFound {
                instance_id: id.to_owned(),
                found: found.to_vec(),
            }),
        None => match found {
            [only] => Ok(only),
            _ => Err(Error::InstanceDiscovery {
                found: found.to_vec(),
            }),
        },
    }
}
