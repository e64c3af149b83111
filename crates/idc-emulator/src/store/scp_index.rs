//! The indexes of the SCP rows: what the operations look up by id, and group memberships.

use std::collections::HashMap;
use std::sync::Arc;

use crate::store::keys::Key;
use crate::store::scp_rows::ScpData;

/// Positions into the SCP lists, by what the operations look up.
#[derive(Debug, Default)]
pub(crate) struct ScpIndex {
    pub(crate) instances: HashMap<Arc<str>, u32>,
    /// (instance, id) → position in `users`.
    pub(crate) users: HashMap<Key<2>, u32>,
    /// (instance, id) → position in `groups`.
    pub(crate) groups: HashMap<Key<2>, u32>,
    /// (instance, id) → position in `permission_sets`.
    pub(crate) permission_sets: HashMap<Key<2>, u32>,
    pub(crate) accounts: HashMap<Arc<str>, u32>,
    /// (instance, user) → positions in `groups` of the groups the user is a member of, ascending.
    pub(crate) memberships: HashMap<Key<2>, Vec<u32>>,
    /// (instance, login ID) → positions in `users` (what a create must find free).
    pub(crate) user_logins: HashMap<Key<2>, Vec<u32>>,
    /// (instance, name) → positions in `groups`.
    pub(crate) group_names: HashMap<Key<2>, Vec<u32>>,
    /// (instance, name) → positions in `permission_sets`.
    pub(crate) permission_set_names: HashMap<Key<2>, Vec<u32>>,
}

/// Positions by a non-unique key (a data set may repeat a name; the writes keep it unique).
fn by<T>(rows: &[T], key: impl Fn(&T) -> Key<2>) -> HashMap<Key<2>, Vec<u32>> {
    let mut index: HashMap<Key<2>, Vec<u32>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        index.entry(key(row)).or_default().push(i as u32);
    }
    index
}

impl ScpIndex {
    pub(crate) fn new(data: &ScpData) -> Self {
        let key = |instance: &str, id: &str| Key::new([instance, id]);
        // The data set was validated to hold at most u32::MAX rows of each kind.
        let mut memberships: HashMap<Key<2>, Vec<u32>> = HashMap::new();
        for (i, g) in data.groups.iter().enumerate() {
            for m in &g.members {
                memberships
                    .entry(key(&g.instance_id, m))
                    .or_default()
                    .push(i as u32);
            }
        }
        Self {
            instances: (data.instances.iter().enumerate())
                .map(|(i, x)| (x.id.clone(), i as u32))
                .collect(),
            users: (data.users.iter().enumerate())
                .map(|(i, x)| (key(&x.instance_id, &x.id), i as u32))
                .collect(),
            groups: (data.groups.iter().enumerate())
                .map(|(i, x)| (key(&x.instance_id, &x.id), i as u32))
                .collect(),
            permission_sets: (data.permission_sets.iter().enumerate())
                .map(|(i, x)| (key(&x.instance_id, &x.id), i as u32))
                .collect(),
            accounts: (data.accounts.iter().enumerate())
                .map(|(i, x)| (x.id.clone(), i as u32))
                .collect(),
            memberships,
            user_logins: by(&data.users, |u| key(&u.instance_id, &u.user_id)),
            group_names: by(&data.groups, |g| key(&g.instance_id, &g.name)),
            permission_set_names: by(&data.permission_sets, |p| key(&p.instance_id, &p.name)),
        }
    }
}
