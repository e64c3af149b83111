//! The SCP identity store writes: users, groups and group memberships. Each checks the references
//! of the row it adds or changes (as `scp_references.rs` declares them) and its unique keys,
//! refuses a delete while rows of another table name the row (`scp_dependents.rs`), changes the
//! table, keeps every index over it, and forgets the cached listings. Everything that can fail is
//! checked before anything changes, so a refused write changes nothing.
//!
//! A group's members are part of the group's row: deleting a user removes it from its groups
//! (membership is not a dependent that refuses), and deleting a group ends its memberships.

use std::collections::HashMap;
use std::sync::Arc;

use crate::store::error::WriteError;
use crate::store::keys::{Key, at};
use crate::store::scp_dependents::{check_references, refuse_in_use};
use crate::store::scp_references::{GROUP_REFERENCES, GROUPS, USER_REFERENCES, USERS};
use crate::store::scp_rows::{ScpGroup, ScpUser};
use crate::store::table::Seq;
use crate::store::tables::Store;

/// Adds `seq` to an ascending list of positions.
pub(crate) fn add_position(list: &mut Vec<u32>, seq: Seq) {
    if let Err(i) = list.binary_search(&seq) {
        list.insert(i, seq);
    }
}

/// Removes `seq` from the positions of `key`, dropping the key with its last position.
pub(crate) fn remove_position(index: &mut HashMap<Key<2>, Vec<u32>>, key: [&str; 2], seq: Seq) {
    if let Some(list) = index.get_mut(at(&key)) {
        list.retain(|&s| s != seq);
        if list.is_empty() {
            index.remove(at(&key));
        }
    }
}

/// A `Missing` error.
pub(crate) fn missing(what: &'static str, id: &str) -> WriteError {
    WriteError::Missing {
        what,
        id: id.to_owned(),
    }
}

/// Refuses a key another row of the instance already has (`except`: the row being changed).
pub(crate) fn refuse_taken(
    index: &HashMap<Key<2>, Vec<u32>>,
    key: [&str; 2],
    except: Option<Seq>,
    what: &'static str,
) -> Result<(), WriteError> {
    let taken = (index.get(at(&key)).into_iter().flatten()).any(|&s| Some(s) != except);
    match taken {
        true => Err(WriteError::Conflict {
            what,
            id: key[1].to_owned(),
        }),
        false => Ok(()),
    }
}

/// Refuses an id a row of the instance already has.
pub(crate) fn refuse_existing(
    index: &HashMap<Key<2>, u32>,
    key: [&str; 2],
    what: &'static str,
) -> Result<(), WriteError> {
    match index.contains_key(at(&key)) {
        true => Err(WriteError::Conflict {
            what,
            id: key[1].to_owned(),
        }),
        false => Ok(()),
    }
}

impl Store {
    /// The sequence number of a user of an instance.
    pub(crate) fn scp_user_seq(&self, instance: &str, id: &str) -> Result<Seq, WriteError> {
        let found = self.scp.users.get(at(&[instance, id])).copied();
        found.ok_or_else(|| missing("user", id))
    }

    /// The sequence number of a group of an instance.
    pub(crate) fn scp_group_seq(&self, instance: &str, id: &str) -> Result<Seq, WriteError> {
        let found = self.scp.groups.get(at(&[instance, id])).copied();
        found.ok_or_else(|| missing("group", id))
    }

    /// Adds a user to its instance, as a member of `groups` (which must exist): the instance must
    /// exist, and the user's id and login ID must be new in it.
    pub(crate) fn create_scp_user(
        &mut self,
        user: ScpUser,
        groups: &[Arc<str>],
    ) -> Result<Seq, WriteError> {
        check_references(self, &user, USER_REFERENCES)?;
        let instance = user.instance_id.clone();
        for group in groups {
            self.scp_group_seq(&instance, group)?;
        }
        refuse_existing(&self.scp.users, [&instance, &user.id], "user")?;
        refuse_taken(
            &self.scp.user_logins,
            [&instance, &user.user_id],
            None,
            "user ID",
        )?;
        let (id, login) = (user.id.clone(), user.user_id.clone());
        let seq = self.data.scp.users.insert(user).ok_or(WriteError::Full)?;
        self.scp.users.insert(Key::new([&instance, &id]), seq);
        (self.scp.user_logins.entry(Key::new([&instance, &login])))
            .or_default()
            .push(seq);
        self.add_scp_members_unchecked(&instance, groups, &[id])?;
        Ok(seq)
    }

    /// Changes a user of an instance in place (its id, instance and login ID stay).
    pub(crate) fn update_scp_user(
        &mut self,
        instance: &str,
        id: &str,
        change: impl FnOnce(&mut ScpUser),
    ) -> Result<(), WriteError> {
        let seq = self.scp_user_seq(instance, id)?;
        let user =
            (self.data.scp.users.get_mut(seq as usize)).ok_or_else(|| missing("user", id))?;
        change(user);
        self.forget_listings();
        Ok(())
    }

    /// Removes a user of an instance, and its memberships; refused while an account assignment
    /// names it.
    pub(crate) fn delete_scp_user(
        &mut self,
        instance: &str,
        id: &str,
    ) -> Result<ScpUser, WriteError> {
        let seq = self.scp_user_seq(instance, id)?;
        refuse_in_use(self, (USERS, "user"), (instance, id), &[GROUPS])?;
        let groups = (self.scp.memberships.get(at(&[instance, id])).cloned()).unwrap_or_default();
        for group in groups {
            if let Some(g) = self.data.scp.groups.get_mut(group as usize) {
                g.members.retain(|m| &**m != id);
            }
        }
        self.scp.memberships.remove(at(&[instance, id]));
        let user = (self.data.scp.users.remove(seq)).ok_or_else(|| missing("user", id))?;
        self.scp.users.remove(at(&[instance, id]));
        remove_position(&mut self.scp.user_logins, [instance, &user.user_id], seq);
        self.forget_listings();
        Ok(user)
    }

    /// Adds a group to its instance: the instance and its members must exist, and the group's id
    /// and name must be new in the instance.
    pub(crate) fn create_scp_group(&mut self, group: ScpGroup) -> Result<Seq, WriteError> {
        check_references(self, &group, GROUP_REFERENCES)?;
        let instance = group.instance_id.clone();
        refuse_existing(&self.scp.groups, [&instance, &group.id], "group")?;
        refuse_taken(
            &self.scp.group_names,
            [&instance, &group.name],
            None,
            "group name",
        )?;
        let (id, name, members) = (group.id.clone(), group.name.clone(), group.members.clone());
        let seq = self.data.scp.groups.insert(group).ok_or(WriteError::Full)?;
        self.scp.groups.insert(Key::new([&instance, &id]), seq);
        (self.scp.group_names.entry(Key::new([&instance, &name])))
            .or_default()
            .push(seq);
        for member in &members {
            let list = self.scp.memberships.entry(Key::new([&instance, member]));
            add_position(list.or_default(), seq);
        }
        self.forget_listings();
        Ok(seq)
    }

    /// Renames a group or changes its description (`None`: left as it is); the new name must not
    /// be another group's in the instance.
    pub(crate) fn update_scp_group(
        &mut self,
        instance: &str,
        id: &str,
        name: Option<Arc<str>>,
        description: Option<Arc<str>>,
    ) -> Result<(), WriteError> {
        let seq = self.scp_group_seq(instance, id)?;
        if let Some(name) = &name {
            refuse_taken(
                &self.scp.group_names,
                [instance, name],
                Some(seq),
                "group name",
            )?;
        }
        let group =
            (self.data.scp.groups.get_mut(seq as usize)).ok_or_else(|| missing("group", id))?;
        let new = name.unwrap_or_else(|| group.name.clone());
        let old = std::mem::replace(&mut group.name, new.clone());
        if description.is_some() {
            group.description = description;
        }
        remove_position(&mut self.scp.group_names, [instance, &old], seq);
        let names = self.scp.group_names.entry(Key::new([instance, &new]));
        add_position(names.or_default(), seq);
        self.forget_listings();
        Ok(())
    }

    /// Removes a group of an instance (its memberships end with it); refused while an account
    /// assignment names it.
    pub(crate) fn delete_scp_group(
        &mut self,
        instance: &str,
        id: &str,
    ) -> Result<ScpGroup, WriteError> {
        let seq = self.scp_group_seq(instance, id)?;
        refuse_in_use(self, (GROUPS, "group"), (instance, id), &[])?;
        let group = (self.data.scp.groups.remove(seq)).ok_or_else(|| missing("group", id))?;
        self.scp.groups.remove(at(&[instance, id]));
        remove_position(&mut self.scp.group_names, [instance, &group.name], seq);
        for member in &group.members {
            remove_position(&mut self.scp.memberships, [instance, member], seq);
        }
        self.forget_listings();
        Ok(group)
    }

    /// Makes `users` (which must exist) members of `groups` (which must exist); a member stays
    /// one, once.
    pub(crate) fn add_scp_members(
        &mut self,
        instance: &str,
        groups: &[Arc<str>],
        users: &[Arc<str>],
    ) -> Result<(), WriteError> {
        for group in groups {
            self.scp_group_seq(instance, group)?;
        }
        for user in users {
            self.scp_user_seq(instance, user)?;
        }
        self.add_scp_members_unchecked(instance, groups, users)
    }

    /// [`add_scp_members`](Self::add_scp_members) once the groups and users were found.
    fn add_scp_members_unchecked(
        &mut self,
        instance: &str,
        groups: &[Arc<str>],
        users: &[Arc<str>],
    ) -> Result<(), WriteError> {
        for group in groups {
            let seq = self.scp_group_seq(instance, group)?;
            let row = (self.data.scp.groups.get_mut(seq as usize))
                .ok_or_else(|| missing("group", group))?;
            for user in users {
                if !row.members.contains(user) {
                    row.members.push(user.clone());
                }
                let list = self.scp.memberships.entry(Key::new([instance, user]));
                add_position(list.or_default(), seq);
            }
        }
        self.forget_listings();
        Ok(())
    }

    /// Ends the memberships of `users` (which must exist) in `group`; a user who is not a member
    /// is left as it is.
    pub(crate) fn remove_scp_members(
        &mut self,
        instance: &str,
        group: &str,
        users: &[Arc<str>],
    ) -> Result<(), WriteError> {
        let seq = self.scp_group_seq(instance, group)?;
        for user in users {
            self.scp_user_seq(instance, user)?;
        }
        let row =
            (self.data.scp.groups.get_mut(seq as usize)).ok_or_else(|| missing("group", group))?;
        row.members.retain(|m| !users.contains(m));
        for user in users {
            remove_position(&mut self.scp.memberships, [instance, user], seq);
        }
        self.forget_listings();
        Ok(())
    }
}
