//! The SCP instance writes: create, change and delete an IAM Identity Center instance.
//!
//! An instance's name is unique among the instances. Deleting an instance cascades, as the
//! service documents nothing that would refuse it: every row of the instance (its account
//! assignments, groups, users and permission sets) is removed with it in the same write, and each
//! index keyed by the instance drops the instance's keys, so every operation that names the
//! instance, or anything that was in it, answers 404 afterwards. The organization's accounts stay.

use std::collections::HashMap;
use std::sync::Arc;

use crate::store::error::WriteError;
use crate::store::keys::{Key, Parts};
use crate::store::scp_rows::ScpInstance;
use crate::store::scp_writes::missing;
use crate::store::table::{Seq, Table};
use crate::store::tables::Store;

/// Removes every row of `table` whose instance is `instance`.
fn remove_rows_of<R>(table: &mut Table<R>, instance: &str, of: impl Fn(&R) -> &str) {
    let doomed: Vec<Seq> = (table.numbered())
        .filter(|(_, row)| of(row) == instance)
        .map(|(seq, _)| seq)
        .collect();
    for seq in doomed {
        table.remove(seq);
    }
}

/// Drops every key of an index whose first part is `instance`.
fn drop_keys_of<V>(index: &mut HashMap<Key<2>, V>, instance: &str) {
    index.retain(|key, _| key.part(0) != instance);
}

impl Store {
    /// The sequence number of an instance.
    fn scp_instance_seq(&self, id: &str) -> Result<Seq, WriteError> {
        (self.scp.instances.get(id).copied()).ok_or_else(|| missing("instance", id))
    }

    /// Refuses `name` when an instance other than `except` has it.
    fn refuse_instance_name(&self, name: &str, except: Option<&str>) -> Result<(), WriteError> {
        let taken =
            (self.data.scp.instances.iter()).any(|i| &*i.name == name && Some(&*i.id) != except);
        match taken {
            true => Err(WriteError::Conflict {
                what: "instance name",
                id: name.to_owned(),
            }),
            false => Ok(()),
        }
    }

    /// Adds an instance: its id and name must be new.
    pub(crate) fn create_scp_instance(&mut self, instance: ScpInstance) -> Result<Seq, WriteError> {
        if self.scp.instances.contains_key(&*instance.id) {
            return Err(WriteError::Conflict {
                what: "instance",
                id: instance.id.to_string(),
            });
        }
        self.refuse_instance_name(&instance.name, None)?;
        let id = instance.id.clone();
        let seq = (self.data.scp.instances.insert(instance)).ok_or(WriteError::Full)?;
        self.scp.instances.insert(id, seq);
        self.forget_listings();
        Ok(seq)
    }

    /// Changes an instance in place; a new name (`Some`) must not be another instance's.
    pub(crate) fn update_scp_instance(
        &mut self,
        id: &str,
        name: Option<Arc<str>>,
        change: impl FnOnce(&mut ScpInstance),
    ) -> Result<(), WriteError> {
        let seq = self.scp_instance_seq(id)?;
        if let Some(name) = &name {
            self.refuse_instance_name(name, Some(id))?;
        }
        let row = (self.data.scp.instances.get_mut(seq as usize))
            .ok_or_else(|| missing("instance", id))?;
        if let Some(name) = name {
            row.name = name;
        }
        change(row);
        self.forget_listings();
        Ok(())
    }

    /// Removes an instance and every row of it (account assignments, groups with their
    /// memberships, users, permission sets), with their index entries.
    pub(crate) fn delete_scp_instance(&mut self, id: &str) -> Result<ScpInstance, WriteError> {
        let seq = self.scp_instance_seq(id)?;
        let tables = &mut self.data.scp;
        remove_rows_of(&mut tables.account_assignments, id, |a| &a.instance_id);
        remove_rows_of(&mut tables.groups, id, |g| &g.instance_id);
        remove_rows_of(&mut tables.users, id, |u| &u.instance_id);
        remove_rows_of(&mut tables.permission_sets, id, |p| &p.instance_id);
        drop_keys_of(&mut self.scp_accounts, id);
        let index = &mut self.scp;
        drop_keys_of(&mut index.users, id);
        drop_keys_of(&mut index.groups, id);
        drop_keys_of(&mut index.permission_sets, id);
        drop_keys_of(&mut index.memberships, id);
        drop_keys_of(&mut index.user_logins, id);
        drop_keys_of(&mut index.group_names, id);
        drop_keys_of(&mut index.permission_set_names, id);
        let instance = (tables.instances.remove(seq)).ok_or_else(|| missing("instance", id))?;
        index.instances.remove(id);
        self.forget_listings();
        Ok(instance)
    }
}
