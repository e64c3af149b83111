//! The SCP access writes: permission sets and account assignments, with the same steps as the
//! identity store writes of `scp_writes.rs` (references and unique keys checked first, every index
//! kept, the cached listings forgotten).
//!
//! An assignment row holds one principal's permission sets on one account; the service answers
//! one assignment per principal, account and permission set, each with an id. The emulator
//! derives that id from those five values ([`scp_assignment_id`]), so it needs no table of its
//! own and names the same assignment after a restart.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::store::error::WriteError;
use crate::store::keys::{Key, at};
use crate::store::scp_dependents::{check_references, refuse_in_use};
use crate::store::scp_references::{
    ACCOUNT_ASSIGNMENT_REFERENCES, PERMISSION_SET_REFERENCES, PERMISSION_SETS,
};
use crate::store::scp_rows::{ScpAccountAssignment, ScpPermissionSet};
use crate::store::scp_writes::{
    add_position, missing, refuse_existing, refuse_taken, remove_position,
};
use crate::store::table::Seq;
use crate::store::tables::Store;

/// The id of the assignment of one permission set to one principal on one account: 32 hex
/// digits of a SHA-256 over the five values.
pub(crate) fn scp_assignment_id(
    instance: &str,
    account: &str,
    principal_type: &str,
    principal: &str,
    permission_set: &str,
) -> String {
    let mut hash = Sha256::new();
    for part in [instance, account, principal_type, principal, permission_set] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hex::encode(&hash.finalize()[..16])
}

impl Store {
    /// The sequence number of a permission set of an instance.
    pub(crate) fn scp_permission_set_seq(
        &self,
        instance: &str,
        id: &str,
    ) -> Result<Seq, WriteError> {
        let found = self.scp.permission_sets.get(at(&[instance, id])).copied();
        found.ok_or_else(|| missing("permission set", id))
    }

    /// Adds a permission set to its instance: the instance must exist, and the set's id and name
    /// must be new in it.
    pub(crate) fn create_scp_permission_set(
        &mut self,
        set: ScpPermissionSet,
    ) -> Result<Seq, WriteError> {
        check_references(self, &set, PERMISSION_SET_REFERENCES)?;
        let instance = set.instance_id.clone();
        let ids = &self.scp.permission_sets;
        refuse_existing(ids, [&instance, &set.id], "permission set")?;
        let names = &self.scp.permission_set_names;
        refuse_taken(names, [&instance, &set.name], None, "permission set name")?;
        let (id, name) = (set.id.clone(), set.name.clone());
        let seq = (self.data.scp.permission_sets.insert(set)).ok_or(WriteError::Full)?;
        (self.scp.permission_sets).insert(Key::new([&instance, &id]), seq);
        let names = self
            .scp
            .permission_set_names
            .entry(Key::new([&instance, &name]));
        add_position(names.or_default(), seq);
        self.forget_listings();
        Ok(seq)
    }

    /// Changes a permission set of an instance in place (its id, instance and name stay).
    pub(crate) fn update_scp_permission_set(
        &mut self,
        instance: &str,
        id: &str,
        change: impl FnOnce(&mut ScpPermissionSet),
    ) -> Result<(), WriteError> {
        let seq = self.scp_permission_set_seq(instance, id)?;
        let sets = &mut self.data.scp.permission_sets;
        let set = sets
            .get_mut(seq as usize)
            .ok_or_else(|| missing("permission set", id))?;
        change(set);
        self.forget_listings();
        Ok(())
    }

    /// Removes a permission set of an instance; refused while an account assignment gives it.
    pub(crate) fn delete_scp_permission_set(
        &mut self,
        instance: &str,
        id: &str,
    ) -> Result<ScpPermissionSet, WriteError> {
        let seq = self.scp_permission_set_seq(instance, id)?;
        let what = (PERMISSION_SETS, "permission set");
        refuse_in_use(self, what, (instance, id), &[])?;
        let set = (self.data.scp.permission_sets.remove(seq))
            .ok_or_else(|| missing("permission set", id))?;
        self.scp.permission_sets.remove(at(&[instance, id]));
        remove_position(
            &mut self.scp.permission_set_names,
            [instance, &set.name],
            seq,
        );
        self.forget_listings();
        Ok(set)
    }

    /// The assignment row of one principal on one account, if it has one.
    fn scp_assignment_row(&self, new: &ScpAccountAssignment) -> Option<Seq> {
        let positions = self.scp_accounts(&new.instance_id, &new.target_account_id);
        positions.iter().copied().find(|&seq| {
            (self.data.scp.account_assignments.get(seq as usize)).is_some_and(|a| {
                a.principal_type == new.principal_type && a.principal_id == new.principal_id
            })
        })
    }

    /// Gives a principal permission sets on an account: added to the principal's assignment
    /// there (a set it holds already is kept once), or a new assignment row. The instance,
    /// account, principal (of its type) and permission sets must exist.
    pub(crate) fn assign_scp(&mut self, new: ScpAccountAssignment) -> Result<(), WriteError> {
        if let idc_raw::PrincipalType::Unknown(other) = &new.principal_type {
            return Err(WriteError::Invalid(format!(
                "{other:?} is not USER or GROUP"
            )));
        }
        check_references(self, &new, ACCOUNT_ASSIGNMENT_REFERENCES)?;
        if let Some(seq) = self.scp_assignment_row(&new) {
            let rows = &mut self.data.scp.account_assignments;
            let row = rows.get_mut(seq as usize).ok_or(WriteError::Full)?;
            for set in new.permission_set_ids {
                if !row.permission_set_ids.contains(&set) {
                    row.permission_set_ids.push(set);
                }
            }
        } else {
            let key = Key::new([&*new.instance_id, &*new.target_account_id]);
            let seq = (self.data.scp.account_assignments.insert(new)).ok_or(WriteError::Full)?;
            let positions = self.scp_accounts.entry(key).or_default();
            Arc::make_mut(positions).push(seq);
        }
        self.forget_listings();
        Ok(())
    }

    /// The assignment row and permission set an assignment id names on one account.
    pub(crate) fn scp_assignment_by_id(
        &self,
        instance: &str,
        account: &str,
        id: &str,
    ) -> Option<(Seq, Arc<str>)> {
        let positions = self.scp_accounts(instance, account);
        positions.iter().find_map(|&seq| {
            let a = self.data.scp.account_assignments.get(seq as usize)?;
            let set = a.permission_set_ids.iter().find(|set| {
                let principal = (a.principal_type.as_str(), &*a.principal_id);
                scp_assignment_id(instance, account, principal.0, principal.1, set) == id
            })?;
            Some((seq, set.clone()))
        })
    }

    /// Deletes assignments by id on one account, all or none: every id must name one. A
    /// principal left without a permission set there loses its assignment row.
    pub(crate) fn unassign_scp(
        &mut self,
        instance: &str,
        account: &str,
        ids: &[String],
    ) -> Result<(), WriteError> {
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            let named = self.scp_assignment_by_id(instance, account, id);
            found.push(named.ok_or_else(|| missing("account assignment", id))?);
        }
        for (seq, set) in found {
            let rows = &mut self.data.scp.account_assignments;
            let Some(row) = rows.get_mut(seq as usize) else {
                continue;
            };
            row.permission_set_ids.retain(|s| *s != set);
            if row.permission_set_ids.is_empty() {
                rows.remove(seq);
                if let Some(positions) = self.scp_accounts.get_mut(at(&[instance, account])) {
                    Arc::make_mut(positions).retain(|&s| s != seq);
                }
            }
        }
        self.forget_listings();
        Ok(())
    }
}
