//! Writes to the identity store's tables besides a user's create and plain delete (`writes.rs`):
//! a user's attributes, groups, memberships, sign-in sessions and MFA devices. Each checks first
//! and changes after, so a refused write changes nothing; each keeps the indexes over the tables it
//! changes and forgets the cached listings.
//!
//! Deleting a user or a group cascades to its memberships (and a user's sessions and MFA devices),
//! which belong to the identity store; it is refused while account or application assignments,
//! which belong to IdentityCenter, still name it (the emulator's documented choice).

use crate::store::error::WriteError;
use crate::store::huawei_dependents::{dependents_besides, exists_in};
use crate::store::huawei_principals::Kind;
use crate::store::huawei_references::{GROUP_REFERENCES, GROUPS, MEMBERSHIP_REFERENCES, USERS};
use crate::store::huawei_rows::{
    HuaweiGroup, HuaweiGroupMembership, HuaweiMfaDevice, HuaweiSession, HuaweiUser, check_huawei_id,
};
use crate::store::keys::{Key, at};
use crate::store::references::{Dependents, Named, check_row};
use crate::store::table::{Seq, Table};
use crate::store::tables::Store;

/// The tables a user's delete removes the rows of, with the user.
const CASCADED_FROM_USERS: &[&str] = &[
    "huawei.group_memberships",
    "huawei.sessions",
    "huawei.mfa_devices",
];
/// The tables a group's delete removes the rows of, with the group.
const CASCADED_FROM_GROUPS: &[&str] = &["huawei.group_memberships"];

/// A row that belongs to one user (a sign-in session, an MFA device).
pub(crate) trait OfUser {
    /// The identity store and the user it belongs to.
    fn owner(&self) -> (&str, &str);
}

impl OfUser for HuaweiSession {
    fn owner(&self) -> (&str, &str) {
        (&self.identity_store_id, &self.user_id)
    }
}

impl OfUser for HuaweiMfaDevice {
    fn owner(&self) -> (&str, &str) {
        (&self.identity_store_id, &self.user_id)
    }
}

/// Removes the rows of `table` that belong to `owner` and that `pick` picks: how many.
fn remove_picked<R: OfUser>(
    table: &mut Table<R>,
    owner: (&str, &str),
    pick: impl Fn(&R) -> bool,
) -> usize {
    let doomed: Vec<Seq> = (table.numbered())
        .filter(|(_, row)| row.owner() == owner && pick(row))
        .map(|(seq, _)| seq)
        .collect();
    for &seq in &doomed {
        table.remove(seq);
    }
    doomed.len()
}

fn missing(what: &'static str, id: &str) -> WriteError {
    WriteError::Missing {
        what,
        id: id.to_owned(),
    }
}

fn conflict(what: &'static str, id: &str) -> WriteError {
    WriteError::Conflict {
        what,
        id: id.to_owned(),
    }
}

/// Removes `seq` from an ascending list of sequence numbers.
fn unlist(list: Option<&mut Vec<u32>>, seq: Seq) {
    if let Some(list) = list
        && let Ok(i) = list.binary_search(&seq)
    {
        list.remove(i);
    }
}

impl Store {
    /// The first table besides those a delete cascades to whose rows name the user (`group`
    /// false) or group `id` of identity store `store`: the assignments that refuse its delete.
    pub(crate) fn huawei_principal_dependents(
        &self,
        store: &str,
        id: &str,
        group: bool,
    ) -> Option<Dependents> {
        let (to, cascaded) = if group {
            (GROUPS, CASCADED_FROM_GROUPS)
        } else {
            (USERS, CASCADED_FROM_USERS)
        };
        let target = Named {
            scope: Some(store),
            value: id,
        };
        dependents_besides(&self.data.huawei, self, to, target, cascaded)
    }

    /// Replaces a user's row by `user` (the same identity store, id, user name and external id:
    /// what `UpdateUser`, `EnableUser` and `DisableUser` change).
    pub(crate) fn replace_huawei_user(&mut self, user: HuaweiUser) -> Result<(), WriteError> {
        let key = [&*user.identity_store_id, &*user.user_id];
        let position = *self
            .huawei
            .users
            .get(at(&key))
            .ok_or_else(|| missing("user", &user.user_id))?;
        let seq = Seq::try_from(position).map_err(|_| missing("user", &user.user_id))?;
        let row = (self.data.huawei.users.get_mut(seq as usize))
            .ok_or_else(|| missing("user", key[1]))?;
        if row.user_name != user.user_name || row.external_id != user.external_id {
            return Err(WriteError::Invalid(
                "the user name and the external id of a user cannot be changed".to_owned(),
            ));
        }
        *row = user;
        self.forget_listings();
        Ok(())
    }

    /// Deletes a user with its memberships, sessions and MFA devices; refused while assignments
    /// name it.
    pub(crate) fn delete_huawei_user_cascading(
        &mut self,
        store: &str,
        user_id: &str,
    ) -> Result<HuaweiUser, WriteError> {
        if !self.huawei.users.contains_key(at(&[store, user_id])) {
            return Err(missing("user", user_id));
        }
        if let Some(d) = self.huawei_principal_dependents(store, user_id, false) {
            return Err(in_use("user", user_id, d));
        }
        let memberships = self
            .huawei
            .memberships_of
            .get(at(&[store, user_id]))
            .cloned()
            .unwrap_or_default();
        for seq in memberships {
            self.remove_huawei_membership(seq);
        }
        let tables = &mut self.data.huawei;
        remove_picked(&mut tables.sessions, (store, user_id), |_| true);
        remove_picked(&mut tables.mfa_devices, (store, user_id), |_| true);
        self.delete_huawei_user(store, user_id)
    }

    /// Adds a group to its identity store: the store must exist, and the group's id, display name
    /// and external id must be new in it.
    pub(crate) fn create_huawei_group(&mut self, group: HuaweiGroup) -> Result<Seq, WriteError> {
        let exists = |table: &str, named: Named<'_>| exists_in(self, table, named);
        check_row(&group, GROUP_REFERENCES, self, &exists).map_err(|broken| {
            WriteError::Missing {
                what: broken.what,
                id: broken.value,
            }
        })?;
        check_huawei_id(&group.group_id).map_err(WriteError::Invalid)?;
        if let Some((what, value)) = self.huawei.taken(Kind::Groups, group.keys()) {
            return Err(conflict(what, value));
        }
        let seq = (self.data.huawei.groups.insert(group.clone())).ok_or(WriteError::Full)?;
        self.huawei.add_principal(Kind::Groups, group.keys(), seq);
        self.forget_listings();
        Ok(seq)
    }

    /// Replaces a group's row by `group` (the same identity store, id and external id); a new
    /// display name must be free in the identity store.
    pub(crate) fn replace_huawei_group(&mut self, group: HuaweiGroup) -> Result<(), WriteError> {
        let store = &*group.identity_store_id;
        let position = *(self.huawei.groups.get(at(&[store, &group.group_id])))
            .ok_or_else(|| missing("group", &group.group_id))?;
        let seq = Seq::try_from(position).map_err(|_| missing("group", &group.group_id))?;
        let old = (self.data.huawei.groups.get(position)).ok_or_else(|| missing("group", store))?;
        if old.external_id != group.external_id {
            return Err(WriteError::Invalid(
                "the external id of a group cannot be changed".to_owned(),
            ));
        }
        let renamed = old.display_name != group.display_name;
        let names = &mut self.huawei.group_names;
        if renamed {
            if names.contains_key(at(&[store, &group.display_name])) {
                return Err(conflict("group name", &group.display_name));
            }
            names.remove(at(&[store, &old.display_name]));
            names.insert(Key::new([store, &group.display_name]), position);
        }
        if let Some(row) = self.data.huawei.groups.get_mut(seq as usize) {
            *row = group;
        }
        self.forget_listings();
        Ok(())
    }

    /// Deletes a group with its memberships; refused while assignments name it.
    pub(crate) fn delete_huawei_group_cascading(
        &mut self,
        store: &str,
        group_id: &str,
    ) -> Result<HuaweiGroup, WriteError> {
        let position = *(self.huawei.groups.get(at(&[store, group_id])))
            .ok_or_else(|| missing("group", group_id))?;
        if let Some(d) = self.huawei_principal_dependents(store, group_id, true) {
            return Err(in_use("group", group_id, d));
        }
        let seq = Seq::try_from(position).map_err(|_| missing("group", group_id))?;
        let members =
            (self.huawei.members.get(at(&[store, group_id])).cloned()).unwrap_or_default();
        for member in members {
            self.remove_huawei_membership(member);
        }
        let group = (self.data.huawei.groups.remove(seq)).ok_or_else(|| missing("group", store))?;
        self.huawei
            .remove_principal(Kind::Groups, group.keys(), seq);
        self.forget_listings();
        Ok(group)
    }

    /// Adds a user to a group of the same identity store: both must exist, the user must not be
    /// in the group yet, and the membership id must be new.
    pub(crate) fn create_huawei_membership(
        &mut self,
        membership: HuaweiGroupMembership,
    ) -> Result<Seq, WriteError> {
        let exists = |table: &str, named: Named<'_>| exists_in(self, table, named);
        check_row(&membership, MEMBERSHIP_REFERENCES, self, &exists).map_err(|broken| {
            WriteError::Missing {
                what: broken.what,
                id: broken.value,
            }
        })?;
        let store = &*membership.identity_store_id;
        if let Some(existing) =
            self.huawei_membership_of(store, &membership.group_id, &membership.user_id)
        {
            return Err(conflict("membership", &existing.id()));
        }
        let id = membership.id().into_owned();
        if self.huawei.membership_ids.contains_key(at(&[store, &id])) {
            return Err(conflict("membership", &id));
        }
        let seq = (self
            .data
            .huawei
            .group_memberships
            .insert(membership.clone()))
        .ok_or(WriteError::Full)?;
        let ix = &mut self.huawei;
        let group = Key::new([store, &membership.group_id]);
        ix.members.entry(group).or_default().push(seq);
        let user = Key::new([store, &membership.user_id]);
        ix.memberships_of.entry(user).or_default().push(seq);
        ix.membership_ids
            .insert(Key::new([store, &id]), seq as usize);
        self.forget_listings();
        Ok(seq)
    }

    /// The membership of `user` in `group` of identity store `store`, if there is one.
    pub(crate) fn huawei_membership_of(
        &self,
        store: &str,
        group: &str,
        user: &str,
    ) -> Option<&HuaweiGroupMembership> {
        let positions = self.huawei.memberships_of.get(at(&[store, user]))?;
        let rows = &self.data.huawei.group_memberships;
        positions
            .iter()
            .filter_map(|&seq| rows.get(seq as usize))
            .find(|m| &*m.group_id == group)
    }

    /// Removes the membership `membership_id` of identity store `store`.
    pub(crate) fn delete_huawei_membership(
        &mut self,
        store: &str,
        membership_id: &str,
    ) -> Result<HuaweiGroupMembership, WriteError> {
        let position = *(self.huawei.membership_ids.get(at(&[store, membership_id])))
            .ok_or_else(|| missing("membership", membership_id))?;
        let seq = Seq::try_from(position).map_err(|_| missing("membership", membership_id))?;
        let removed = self.remove_huawei_membership(seq);
        self.forget_listings();
        removed.ok_or_else(|| missing("membership", membership_id))
    }

    /// Removes the membership row `seq` and its place in every index.
    fn remove_huawei_membership(&mut self, seq: Seq) -> Option<HuaweiGroupMembership> {
        let m = self.data.huawei.group_memberships.remove(seq)?;
        let store = &*m.identity_store_id;
        let ix = &mut self.huawei;
        unlist(ix.members.get_mut(at(&[store, &m.group_id])), seq);
        unlist(ix.memberships_of.get_mut(at(&[store, &m.user_id])), seq);
        ix.membership_ids.remove(at(&[store, &m.id()]));
        Some(m)
    }

    /// Ends the sign-in sessions `ids` of a user: every one must be the user's, else nothing is
    /// ended.
    pub(crate) fn delete_huawei_sessions(
        &mut self,
        store: &str,
        user_id: &str,
        ids: &[String],
    ) -> Result<(), WriteError> {
        let sessions = &mut self.data.huawei.sessions;
        let mine = |id: &str| {
            (sessions.iter()).any(|x| x.owner() == (store, user_id) && &*x.session_id == id)
        };
        if let Some(id) = ids.iter().find(|id| !mine(id)) {
            return Err(missing("session", id));
        }
        remove_picked(sessions, (store, user_id), |x| {
            ids.iter().any(|id| **id == *x.session_id)
        });
        self.forget_listings();
        Ok(())
    }

    /// Removes the MFA device `device_id` of a user.
    pub(crate) fn delete_huawei_mfa_device(
        &mut self,
        store: &str,
        user_id: &str,
        device_id: &str,
    ) -> Result<(), WriteError> {
        let devices = &mut self.data.huawei.mfa_devices;
        if remove_picked(devices, (store, user_id), |x| &*x.device_id == device_id) == 0 {
            return Err(missing("MFA device", device_id));
        }
        self.forget_listings();
        Ok(())
    }
}

fn in_use(what: &'static str, id: &str, dependents: Dependents) -> WriteError {
    WriteError::InUse {
        what,
        id: id.to_owned(),
        by: dependents.table,
        field: dependents.field,
        count: dependents.count,
    }
}

#[cfg(test)]
mod tests {
    use crate::demo::{HUAWEI_GROUP_ID, HUAWEI_IDENTITY_STORE_ID as STORE, HUAWEI_PRINCIPAL_ID};
    use crate::store::dataset::DataSet;
    use crate::store::error::WriteError;
    use crate::store::keys::at;
    use crate::store::tables::Store;

    /// A user of the demo store without assignments, in a group (made so here).
    fn unassigned_member(store: &mut Store) -> (String, String) {
        let user: crate::HuaweiUser = serde_json::from_value(serde_json::json!({
            "identity_store_id": STORE, "user_id": "u-new", "user_name": "new",
        }))
        .unwrap();
        store.create_huawei_user(user).unwrap();
        let membership = serde_json::from_value(serde_json::json!({
            "identity_store_id": STORE, "group_id": HUAWEI_GROUP_ID, "user_id": "u-new",
            "membership_id": "m-new",
        }))
        .unwrap();
        store.create_huawei_membership(membership).unwrap();
        ("u-new".into(), "m-new".into())
    }

    #[test]
    fn a_refused_delete_changes_nothing_and_an_allowed_one_cascades() {
        let mut store = Store::new(DataSet::demo());
        let of_alice = store.huawei.memberships_of[at(&[STORE, HUAWEI_PRINCIPAL_ID])].clone();
        let refused = store.delete_huawei_user_cascading(STORE, HUAWEI_PRINCIPAL_ID);
        assert!(
            matches!(refused, Err(WriteError::InUse { .. })),
            "{refused:?}"
        );
        assert_eq!(
            store.huawei.memberships_of[at(&[STORE, HUAWEI_PRINCIPAL_ID])],
            of_alice
        );
        let sessions = store.data.huawei.sessions.len();

        let (user, membership) = unassigned_member(&mut store);
        let members = store.huawei.members[at(&[STORE, HUAWEI_GROUP_ID])].len();
        store.delete_huawei_user_cascading(STORE, &user).unwrap();
        assert!(!store.huawei.users.contains_key(at(&[STORE, &user])));
        assert!(
            !store
                .huawei
                .membership_ids
                .contains_key(at(&[STORE, &membership]))
        );
        assert_eq!(
            store.huawei.members[at(&[STORE, HUAWEI_GROUP_ID])].len(),
            members - 1
        );
        assert_eq!(
            store.data.huawei.sessions.len(),
            sessions,
            "others' sessions stay"
        );
    }

    #[test]
    fn a_membership_is_unique_and_a_rename_keeps_the_name_index() {
        let mut store = Store::new(DataSet::demo());
        let (user, _) = unassigned_member(&mut store);
        let again = serde_json::from_value(serde_json::json!({
            "identity_store_id": STORE, "group_id": HUAWEI_GROUP_ID, "user_id": user,
        }))
        .unwrap();
        let twice = store.create_huawei_membership(again);
        assert!(matches!(
            twice,
            Err(WriteError::Conflict {
                what: "membership",
                ..
            })
        ));

        let position = store.huawei.groups[at(&[STORE, HUAWEI_GROUP_ID])];
        let mut group = store.data.huawei.groups.get(position).unwrap().clone();
        let old = group.display_name.clone();
        group.display_name = "Renamed".into();
        store.replace_huawei_group(group).unwrap();
        assert_eq!(
            store.huawei.group_names.get(at(&[STORE, "Renamed"])),
            Some(&position)
        );
        assert!(!store.huawei.group_names.contains_key(at(&[STORE, &old])));
    }
}
