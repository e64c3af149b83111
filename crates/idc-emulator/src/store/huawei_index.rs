//! The indexes of the Huawei entities: every view the operations serve (forward and reverse,
//! members of a group and groups of a member, ...) is a list of positions into the same rows of
//! the [`HuaweiData`], built once when the emulator starts.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use crate::store::huawei_rows::HuaweiData;
use crate::store::keys::Key;
use crate::store::rows::HuaweiTables;

/// Whether a permission set's latest version is provisioned on an account.
pub(crate) type Provisioned = (Arc<str>, bool);

#[derive(Debug, Default)]
pub(crate) struct HuaweiIndex {
    /// instance id → position in `instances`.
    pub(crate) instances: HashMap<String, usize>,
    /// Instances that only assignments name (the pre-entity data format).
    pub(crate) legacy_instances: HashSet<String>,
    /// identity store id → position of its instance.
    pub(crate) stores: HashMap<String, usize>,
    /// (store, user) → position in `users`.
    pub(crate) users: HashMap<Key<2>, usize>,
    /// (store, user name) → position in `users`.
    pub(crate) user_names: HashMap<Key<2>, usize>,
    /// (store, external id) → position in `users`.
    pub(crate) user_external_ids: HashMap<Key<2>, usize>,
    /// store → positions in `users`.
    pub(crate) store_users: HashMap<String, Vec<u32>>,
    /// (store, group) → position in `groups`.
    pub(crate) groups: HashMap<Key<2>, usize>,
    /// (store, display name) → position in `groups`.
    pub(crate) group_names: HashMap<Key<2>, usize>,
    /// (store, external id) → position in `groups`.
    pub(crate) group_external_ids: HashMap<Key<2>, usize>,
    /// store → positions in `groups`.
    pub(crate) store_groups: HashMap<String, Vec<u32>>,
    /// (store, group) → positions in `group_memberships`.
    pub(crate) members: HashMap<Key<2>, Vec<u32>>,
    /// (store, user) → positions in `group_memberships`.
    pub(crate) memberships_of: HashMap<Key<2>, Vec<u32>>,
    /// (instance, permission set) → position in `permission_sets`.
    pub(crate) permission_sets: HashMap<Key<2>, usize>,
    /// instance → positions in `permission_sets`.
    pub(crate) instance_permission_sets: HashMap<String, Vec<u32>>,
    /// account id → position in `accounts`.
    pub(crate) accounts: HashMap<String, usize>,
    /// The views whose size grows with the assignments, built on first use: a benchmark of the
    /// `...ForPrincipal` operations over a million generated assignments does not pay for them.
    views: OnceLock<Views>,
}

/// The indexes built on first use (see [`HuaweiIndex::views`]).
#[derive(Debug, Default)]
pub(crate) struct Views {
    /// (instance, account) → positions in `account_assignments`.
    pub(crate) account_assignments_on: HashMap<Key<2>, Vec<u32>>,
    /// (instance, permission set) → the accounts it is provisioned on.
    pub(crate) provisioned_on: HashMap<Key<2>, Vec<Provisioned>>,
    /// (instance, account) → the permission sets provisioned on it.
    pub(crate) provisioned_to: HashMap<Key<2>, Vec<Provisioned>>,
    /// instance → positions in `applications`.
    pub(crate) instance_applications: HashMap<String, Vec<u32>>,
    /// (instance, application instance id) → position in `applications`.
    pub(crate) applications: HashMap<Key<2>, usize>,
    /// (instance, application URN) → positions in `application_assignments`.
    pub(crate) application_assignments_of: HashMap<Key<2>, Vec<u32>>,
}

fn push<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<u32>>, k: K, position: usize) {
    // The data set was validated to hold at most u32::MAX items of each kind.
    map.entry(k)
        .or_default()
        .push(u32::try_from(position).unwrap_or(u32::MAX));
}

impl HuaweiIndex {
    pub(crate) fn new(data: &HuaweiData) -> Self {
        let mut ix = Self::default();
        for (i, x) in data.instances.iter().enumerate() {
            ix.instances.insert(x.instance_id.to_string(), i);
            ix.stores.insert(x.identity_store_id.to_string(), i);
        }
        for a in &data.account_assignments {
            if !ix.instances.contains_key(&*a.instance_id) {
                ix.legacy_instances.insert(a.instance_id.to_string());
            }
        }
        for a in &data.application_assignments {
            if !ix.instances.contains_key(&*a.instance_id) {
                ix.legacy_instances.insert(a.instance_id.to_string());
            }
        }
        for (i, u) in data.users.iter().enumerate() {
            let store = &*u.identity_store_id;
            ix.users.insert(Key::new([store, &u.user_id]), i);
            ix.user_names.insert(Key::new([store, &u.user_name]), i);
            if let Some(external) = &u.external_id {
                ix.user_external_ids.insert(Key::new([store, external]), i);
            }
            push(&mut ix.store_users, store.to_owned(), i);
        }
        for (i, g) in data.groups.iter().enumerate() {
            let store = &*g.identity_store_id;
            ix.groups.insert(Key::new([store, &g.group_id]), i);
            ix.group_names.insert(Key::new([store, &g.display_name]), i);
            if let Some(external) = &g.external_id {
                ix.group_external_ids.insert(Key::new([store, external]), i);
            }
            push(&mut ix.store_groups, store.to_owned(), i);
        }
        for (i, m) in data.group_memberships.iter().enumerate() {
            let store = &*m.identity_store_id;
            push(&mut ix.members, Key::new([store, &m.group_id]), i);
            push(&mut ix.memberships_of, Key::new([store, &m.user_id]), i);
        }
        for (i, p) in data.permission_sets.iter().enumerate() {
            ix.permission_sets
                .insert(Key::new([&p.instance_id, &p.permission_set_id]), i);
            push(
                &mut ix.instance_permission_sets,
                p.instance_id.to_string(),
                i,
            );
        }
        for (i, a) in data.accounts.iter().enumerate() {
            ix.accounts.insert(a.account_id.to_string(), i);
        }

        ix
    }

    /// Forgets the views of the assignments (a write changed the assignments, the applications or
    /// where a permission set is provisioned): they are built again when next asked for.
    pub(crate) fn forget_views(&mut self) {
        self.views = OnceLock::new();
    }

    /// The views of the assignments, built the first time they are asked for.
    pub(crate) fn views(&self, data: &HuaweiTables) -> &Views {
        self.views.get_or_init(|| Views::new(self, data))
    }
}

impl Views {
    fn new(ix: &HuaweiIndex, data: &HuaweiTables) -> Self {
        let mut views = Self::default();
        // Provisioning: the explicit lists first, then every account a permission set is assigned
        // on (provisioned unless listed as outdated), each pair once.
        let mut seen: HashSet<(&str, &str, &str)> = HashSet::new();
        fn provision<'a>(
            seen: &mut HashSet<(&'a str, &'a str, &'a str)>,
            ix: &mut Views,
            instance: &'a str,
            set: &'a Arc<str>,
            account: &'a Arc<str>,
            ok: bool,
        ) {
            if seen.insert((instance, set, account)) {
                ix.provisioned_on
                    .entry(Key::new([instance, set]))
                    .or_default()
                    .push((account.clone(), ok));
                ix.provisioned_to
                    .entry(Key::new([instance, account]))
                    .or_default()
                    .push((set.clone(), ok));
            }
        }
        for p in data.permission_sets.iter() {
            for account in &p.outdated_accounts {
                provision(
                    &mut seen,
                    &mut views,
                    &p.instance_id,
                    &p.permission_set_id,
                    account,
                    false,
                );
            }
            for account in &p.provisioned_accounts {
                provision(
                    &mut seen,
                    &mut views,
                    &p.instance_id,
                    &p.permission_set_id,
                    account,
                    true,
                );
            }
        }
        // Consecutive assignments usually share an account: the key is built once per run.
        let mut last: Option<(&str, &str, Key<2>)> = None;
        for (i, a) in data.account_assignments.numbered() {
            let i = i as usize;
            if !ix.instances.contains_key(&*a.instance_id) {
                continue;
            }
            provision(
                &mut seen,
                &mut views,
                &a.instance_id,
                &a.permission_set_id,
                &a.account_id,
                true,
            );
            let same = matches!(&last, Some((inst, acc, _))
                if *inst == &*a.instance_id && *acc == &*a.account_id);
            if !same {
                last = Some((
                    &a.instance_id,
                    &a.account_id,
                    Key::new([&a.instance_id, &a.account_id]),
                ));
            }
            if let Some((_, _, k)) = &last {
                let position = u32::try_from(i).unwrap_or(u32::MAX);
                match views.account_assignments_on.get_mut(k) {
                    Some(positions) => positions.push(position),
                    None => {
                        views
                            .account_assignments_on
                            .insert(k.clone(), vec![position]);
                    }
                }
            }
        }
        for (i, a) in data.applications.numbered() {
            let i = i as usize;
            views
                .applications
                .insert(Key::new([&a.instance_id, &a.application_instance_id]), i);
            push(
                &mut views.instance_applications,
                a.instance_id.to_string(),
                i,
            );
        }
        for (i, a) in data.application_assignments.numbered() {
            let i = i as usize;
            if ix.instances.contains_key(&*a.instance_id) {
                push(
                    &mut views.application_assignments_of,
                    Key::new([&a.instance_id, &a.application_urn]),
                    i,
                );
            }
        }
        views
    }
}
