//! [`MemorySource`]: an instance held in memory, for tests and offline data.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::model::Cloud;

use super::lookups::{Seen, Source, Views};
use super::types::{
    AccountAssignment, Application, ApplicationAssignment, Entity, Group, PrincipalType, Unit,
};

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
    /// The organizational units and the root (for `--ou`).
    pub units: Vec<Unit>,
    /// Account id to the unit it is directly under.
    pub account_parents: BTreeMap<String, String>,
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
            units: Vec::new(),
            account_parents: BTreeMap::new(),
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
    fn views(&self) -> Views {
        Views {
            per_principal: true,
            per_application: true,
            organizational_units: true,
        }
    }
    async fn users(&self, _in_flight: usize, seen: &Seen) -> Result<Vec<Entity>> {
        seen.add(self.users.len());
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
    async fn user_by_id(&self, id: &str) -> Result<Option<Entity>> {
        Ok(self.users.iter().find(|u| u.id == id).cloned())
    }
    async fn users_named(&self, name: &str) -> Result<Vec<Entity>> {
        Ok(named(&self.users, name))
    }
    async fn group_by_id(&self, id: &str) -> Result<Option<Entity>> {
        Ok(self
            .groups
            .iter()
            .find(|g| g.entity.id == id)
            .map(|g| g.entity.clone()))
    }
    async fn groups_named(&self, name: &str) -> Result<Vec<Entity>> {
        let groups: Vec<Entity> = self.groups.iter().map(|g| g.entity.clone()).collect();
        Ok(named(&groups, name))
    }
    async fn groups_of_user(&self, user_id: &str) -> Result<Vec<String>> {
        Ok(self
            .memberships
            .iter()
            .filter(|(_, members)| members.iter().any(|m| m == user_id))
            .map(|(group, _)| group.clone())
            .collect())
    }
    async fn principal_account_assignments(
        &self,
        principal_type: PrincipalType,
        principal_id: &str,
    ) -> Result<Vec<(String, AccountAssignment)>> {
        Ok(self
            .account_assignments
            .iter()
            .flat_map(|(account, list)| list.iter().map(move |a| (account, a)))
            .filter(|(_, a)| a.principal_type == principal_type && a.principal_id == principal_id)
            .map(|(account, a)| (account.clone(), a.clone()))
            .collect())
    }
    async fn describe_users(&self, ids: &[String]) -> Result<Vec<Entity>> {
        Ok(by_ids(&self.users, ids))
    }
    async fn describe_groups(&self, ids: &[String]) -> Result<Vec<Entity>> {
        let groups: Vec<Entity> = self.groups.iter().map(|g| g.entity.clone()).collect();
        Ok(by_ids(&groups, ids))
    }
    async fn describe_account(&self, id: &str) -> Result<Option<Entity>> {
        Ok(self.accounts.iter().find(|a| a.id == id).cloned())
    }
    async fn describe_permission_set(&self, id: &str) -> Result<Option<Entity>> {
        Ok(self.permission_sets.iter().find(|p| p.id == id).cloned())
    }
    /// The applications' URNs stand for their instance ids.
    async fn application_instances(&self) -> Result<Vec<String>> {
        Ok(self
            .applications
            .iter()
            .map(|a| a.entity.id.clone())
            .collect())
    }
    async fn application_instance_assignments(
        &self,
        instance_id: &str,
    ) -> Result<Vec<ApplicationAssignment>> {
        Ok(self
            .application_assignments
            .iter()
            .flat_map(|((kind, principal), urns)| {
                urns.iter()
                    .filter(|urn| *urn == instance_id)
                    .map(move |urn| ApplicationAssignment {
                        principal_type: *kind,
                        principal_id: principal.clone(),
                        application_urn: urn.clone(),
                    })
            })
            .collect())
    }
    async fn organizational_units(&self) -> Result<Vec<Unit>> {
        Ok(self.units.clone())
    }
    async fn accounts_in(&self, unit_id: &str) -> Result<Vec<Entity>> {
        Ok(self
            .accounts
            .iter()
            .filter(|a| {
                self.account_parents
                    .get(&a.id)
                    .is_some_and(|p| p == unit_id)
            })
            .cloned()
            .collect())
    }
}

fn named(entities: &[Entity], name: &str) -> Vec<Entity> {
    entities
        .iter()
        .filter(|e| e.name.as_deref() == Some(name))
        .cloned()
        .collect()
}

fn by_ids(entities: &[Entity], ids: &[String]) -> Vec<Entity> {
    entities
        .iter()
        .filter(|e| ids.contains(&e.id))
        .cloned()
        .collect()
}
