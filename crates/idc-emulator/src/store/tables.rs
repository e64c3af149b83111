//! The store: the rows (one table per kind) and their indexes, what each list operation filters on
//! first, so that a page of a million-item listing costs the page, not the listing.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use crate::store::dataset::DataSet;
use crate::store::huawei_rows::HuaweiCredential;
use crate::store::keys::{Key, Parts, at};

/// How many filtered or sorted listings are kept, so that paging through one costs its pages only.
const CACHE_ENTRIES: usize = 32;

/// Sequence numbers of rows of one table, in data order.
pub(crate) type Positions = Arc<Vec<u32>>;

/// The rows and their indexes: what every request reads (under the one lock of the app state).
pub(crate) struct Store {
    /// The rows, one table per kind.
    pub(crate) data: crate::store::rows::Rows,
    /// (instance, principal, type) → positions in `huawei.account_assignments`.
    huawei_accounts: HashMap<Key<3>, Positions>,
    /// (instance, principal, type) → positions in `huawei.application_assignments`.
    huawei_applications: HashMap<Key<3>, Positions>,
    /// (instance, target account) → positions in `scp.account_assignments` (kept by the SCP writes).
    pub(crate) scp_accounts: HashMap<Key<2>, Positions>,
    /// The SCP rows by id, and group memberships.
    pub(crate) scp: crate::store::scp_index::ScpIndex,
    huawei_credentials: HashMap<String, usize>,
    scp_credentials: HashMap<String, usize>,
    /// The indexes of the Huawei entities.
    pub(crate) huawei: crate::store::huawei_index::HuaweiIndex,
    /// The last listings computed, by the parts of their query.
    cache: Mutex<VecDeque<(Vec<String>, Positions)>>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field(
                "huawei_account_assignments",
                &self.data.huawei.account_assignments.len(),
            )
            .field(
                "huawei_application_assignments",
                &self.data.huawei.application_assignments.len(),
            )
            .field(
                "scp_account_assignments",
                &self.data.scp.account_assignments.len(),
            )
            .finish_non_exhaustive()
    }
}

/// Groups the positions of `items` by their key parts, keeping the data order in each group.
/// Consecutive items usually share a key (one principal's assignments), so that case skips the hash.
fn index<T, const N: usize>(
    items: &[T],
    parts: impl Fn(&T) -> [&str; N],
) -> HashMap<Key<N>, Positions> {
    let mut slots: HashMap<Key<N>, usize> = HashMap::new();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    let mut last: Option<([&str; N], usize)> = None;
    for (position, item) in items.iter().enumerate() {
        let item_parts = parts(item);
        let slot = match last {
            Some((last_parts, slot)) if last_parts == item_parts => slot,
            _ => *slots.entry(Key::new(item_parts)).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            }),
        };
        last = Some((item_parts, slot));
        // The data set was validated to hold at most u32::MAX items of each kind.
        groups[slot].push(position as u32);
    }
    let mut groups: Vec<Option<Vec<u32>>> = groups.into_iter().map(Some).collect();
    slots
        .into_iter()
        .filter_map(|(key, slot)| groups[slot].take().map(|group| (key, Arc::new(group))))
        .collect()
}

impl Store {
    pub(crate) fn new(data: DataSet) -> Self {
        let huawei_accounts = index(&data.huawei.account_assignments, |a| {
            [&*a.instance_id, &*a.principal_id, a.principal_type.as_str()]
        });
        let huawei_applications = index(&data.huawei.application_assignments, |a| {
            [&*a.instance_id, &*a.principal_id, a.principal_type.as_str()]
        });
        let scp_accounts = index(&data.scp.account_assignments, |a| {
            [&*a.instance_id, &*a.target_account_id]
        });
        let scp = crate::store::scp_index::ScpIndex::new(&data.scp);
        let huawei_credentials = data
            .huawei
            .credentials
            .iter()
            .enumerate()
            .map(|(i, c)| (c.access_key.clone(), i))
            .collect();
        let scp_credentials = data
            .scp
            .credentials
            .iter()
            .enumerate()
            .map(|(i, c)| (c.access_key.clone(), i))
            .collect();
        let huawei = crate::store::huawei_index::HuaweiIndex::new(&data.huawei);
        Self {
            huawei,
            data: data.into(),
            huawei_accounts,
            huawei_applications,
            scp_accounts,
            scp,
            huawei_credentials,
            scp_credentials,
            cache: Mutex::new(VecDeque::new()),
        }
    }

    /// The positions of one Huawei principal's account assignments on an instance.
    pub(crate) fn huawei_accounts(
        &self,
        instance: &str,
        principal: &str,
        principal_type: &str,
    ) -> Positions {
        lookup(
            &self.huawei_accounts,
            at(&[instance, principal, principal_type]),
        )
    }

    /// Keeps the principal index of the Huawei account assignments (`applications`: of the
    /// application assignments) after a write added (`added`) or removed the row `seq` of the
    /// principal `key` (instance, principal, type).
    pub(crate) fn reindex_huawei_principal(
        &mut self,
        applications: bool,
        key: [&str; 3],
        seq: u32,
        added: bool,
    ) {
        let index = if applications {
            &mut self.huawei_applications
        } else {
            &mut self.huawei_accounts
        };
        let positions = Arc::make_mut(index.entry(Key::new(key)).or_default());
        match positions.binary_search(&seq) {
            Err(i) if added => positions.insert(i, seq),
            Ok(i) if !added => {
                positions.remove(i);
            }
            _ => {}
        }
    }

    /// The positions of one Huawei principal's application assignments on an instance.
    pub(crate) fn huawei_applications(
        &self,
        instance: &str,
        principal: &str,
        principal_type: &str,
    ) -> Positions {
        lookup(
            &self.huawei_applications,
            at(&[instance, principal, principal_type]),
        )
    }

    /// The positions of the SCP assignments of an instance on a target account.
    pub(crate) fn scp_accounts(&self, instance: &str, target_account: &str) -> Positions {
        lookup(&self.scp_accounts, at(&[instance, target_account]))
    }

    pub(crate) fn huawei_credential(&self, access_key: &str) -> Option<&HuaweiCredential> {
        self.huawei_credentials
            .get(access_key)
            .and_then(|&i| self.data.huawei.credentials.get(i))
    }

    pub(crate) fn scp_secret(&self, access_key: &str) -> Option<&str> {
        self.scp_credentials
            .get(access_key)
            .and_then(|&i| self.data.scp.credentials.get(i))
            .map(|c| c.secret_key.as_str())
    }

    /// Forgets the cached listings: a write changed what they list.
    pub(crate) fn forget_listings(&mut self) {
        self.cache
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The listing of the query whose parts are `key`, computed once and kept among the last few
    /// used.
    pub(crate) fn cached(&self, key: &[&str], compute: impl FnOnce() -> Vec<u32>) -> Positions {
        {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(i) = cache.iter().position(|(k, _)| k.iter().eq(key.iter())) {
                let entry = cache.remove(i);
                if let Some((k, positions)) = entry {
                    cache.push_front((k, positions.clone()));
                    return positions;
                }
            }
        }
        let positions = Arc::new(compute());
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache.push_front((
            key.iter().map(|p| (*p).to_owned()).collect(),
            positions.clone(),
        ));
        cache.truncate(CACHE_ENTRIES);
        positions
    }
}

fn lookup<const N: usize>(index: &HashMap<Key<N>, Positions>, key: &dyn Parts<N>) -> Positions {
    index.get(key).cloned().unwrap_or_default()
}
