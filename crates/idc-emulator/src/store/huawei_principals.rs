//! The indexes a user or a group is found by in its identity store (its id, its name, its
//! external id, and the store's list of them), kept the same way for both kinds by the writes.

use std::collections::HashMap;

use crate::store::huawei_index::HuaweiIndex;
use crate::store::keys::{Key, at};
use crate::store::table::Seq;

/// Users or groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Users,
    Groups,
}

/// The unique keys of one user or group.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keys<'a> {
    /// Its identity store.
    pub(crate) store: &'a str,
    /// Its id.
    pub(crate) id: &'a str,
    /// Its user name or display name.
    pub(crate) name: &'a str,
    /// Its external id, if it has one.
    pub(crate) external: Option<&'a str>,
}

type ByKey = HashMap<Key<2>, usize>;

impl Kind {
    /// What its keys are called, for messages: the id, the name, the external id.
    fn names(self) -> [&'static str; 3] {
        match self {
            Kind::Users => ["user", "user name", "external id"],
            Kind::Groups => ["group", "group name", "external id"],
        }
    }
}

impl HuaweiIndex {
    fn maps(&self, kind: Kind) -> [&ByKey; 3] {
        match kind {
            Kind::Users => [&self.users, &self.user_names, &self.user_external_ids],
            Kind::Groups => [&self.groups, &self.group_names, &self.group_external_ids],
        }
    }

    fn maps_mut(&mut self, kind: Kind) -> ([&mut ByKey; 3], &mut HashMap<String, Vec<u32>>) {
        match kind {
            Kind::Users => (
                [
                    &mut self.users,
                    &mut self.user_names,
                    &mut self.user_external_ids,
                ],
                &mut self.store_users,
            ),
            Kind::Groups => (
                [
                    &mut self.groups,
                    &mut self.group_names,
                    &mut self.group_external_ids,
                ],
                &mut self.store_groups,
            ),
        }
    }

    /// The first of `keys` another row of `kind` has in its identity store: what it is called
    /// and its value.
    pub(crate) fn taken<'a>(&self, kind: Kind, keys: Keys<'a>) -> Option<(&'static str, &'a str)> {
        let values = [Some(keys.id), Some(keys.name), keys.external];
        (self.maps(kind).into_iter().zip(kind.names()).zip(values)).find_map(|((map, what), v)| {
            v.filter(|v| map.contains_key(at(&[keys.store, v])))
                .map(|v| (what, v))
        })
    }

    /// Indexes the row `seq` of `kind` under `keys` (the newest row: last in its store's list).
    pub(crate) fn add_principal(&mut self, kind: Kind, keys: Keys<'_>, seq: Seq) {
        let (maps, lists) = self.maps_mut(kind);
        for (map, value) in maps
            .into_iter()
            .zip([Some(keys.id), Some(keys.name), keys.external])
        {
            if let Some(value) = value {
                map.insert(Key::new([keys.store, value]), seq as usize);
            }
        }
        lists.entry(keys.store.to_owned()).or_default().push(seq);
    }

    /// Forgets the row `seq` of `kind` indexed under `keys`.
    pub(crate) fn remove_principal(&mut self, kind: Kind, keys: Keys<'_>, seq: Seq) {
        let (maps, lists) = self.maps_mut(kind);
        for (map, value) in maps
            .into_iter()
            .zip([Some(keys.id), Some(keys.name), keys.external])
        {
            if let Some(value) = value {
                map.remove(at(&[keys.store, value]));
            }
        }
        if let Some(list) = lists.get_mut(keys.store)
            && let Ok(i) = list.binary_search(&seq)
        {
            list.remove(i);
        }
    }
}

impl crate::store::huawei_rows::HuaweiUser {
    /// The user's unique keys.
    pub(crate) fn keys(&self) -> Keys<'_> {
        Keys {
            store: &self.identity_store_id,
            id: &self.user_id,
            name: &self.user_name,
            external: self.external_id.as_deref(),
        }
    }
}

impl crate::store::huawei_rows::HuaweiGroup {
    /// The group's unique keys.
    pub(crate) fn keys(&self) -> Keys<'_> {
        Keys {
            store: &self.identity_store_id,
            id: &self.group_id,
            name: &self.display_name,
            external: self.external_id.as_deref(),
        }
    }
}
