//! The Huawei references checked against the store (what a write reads): the identity store of
//! an instance, whether a named row exists (by the indexes), and which rows name a row a delete
//! would remove. The references themselves are declared in `huawei_references.rs`.

use crate::store::huawei_references::{
    ACCOUNTS, APPLICATION_URNS, GROUPS, INSTANCES, PERMISSION_SETS, STORES, USERS,
    huawei_referring_tables,
};
use crate::store::keys::at;
use crate::store::references::{Dependents, Named, Scopes, count_referring};
use crate::store::rows::HuaweiTables;
use crate::store::tables::Store;

/// The first table of `huawei_referring_tables!` but those of `$besides` whose rows name the
/// target.
macro_rules! first_referring {
    ($tables:expr, $instances:expr, $to:expr, $target:expr, $besides:expr;
     $($table:ident: $references:path),+) => {
        None$(.or_else(|| {
            let table = concat!("huawei.", stringify!($table));
            if $besides.contains(&table) {
                return None;
            }
            count_referring(table, &$tables.$table, $references, $instances, $to, $target)
        }))+
    };
}

/// The first table whose rows name `target` of table `to` (what a delete of that row must
/// refuse, or cascade to).
pub(crate) fn dependents(
    tables: &HuaweiTables,
    instances: &dyn Scopes,
    to: &str,
    target: Named<'_>,
) -> Option<Dependents> {
    dependents_besides(tables, instances, to, target, &[])
}

/// [`dependents`] in every table but `besides` (the tables a delete cascades to).
pub(crate) fn dependents_besides(
    tables: &HuaweiTables,
    instances: &dyn Scopes,
    to: &str,
    target: Named<'_>,
    besides: &[&str],
) -> Option<Dependents> {
    huawei_referring_tables!(first_referring!(tables, instances, to, target, besides))
}

/// The store's instances: a reference reads the identity store of a modelled instance there.
impl Scopes for Store {
    fn scope_of(&self, instance: &str) -> Option<&str> {
        let position = *self.huawei.instances.get(instance)?;
        (self.data.huawei.instances.get(position)).map(|x| &*x.identity_store_id)
    }
}

/// Whether the store has the row of `table` that `named` names (by the indexes a write keeps).
pub(crate) fn exists_in(store: &Store, table: &str, named: Named<'_>) -> bool {
    let ix = &store.huawei;
    let (scope, value) = (named.scope.unwrap_or_default(), named.value);
    match table {
        STORES => ix.stores.contains_key(value),
        INSTANCES => ix.instances.contains_key(value),
        USERS => ix.users.contains_key(at(&[scope, value])),
        GROUPS => ix.groups.contains_key(at(&[scope, value])),
        ACCOUNTS => ix.accounts.contains_key(value),
        PERMISSION_SETS => ix.permission_sets.contains_key(at(&[scope, value])),
        APPLICATION_URNS => (store.data.huawei.applications.iter())
            .any(|a| &*a.instance_id == scope && &*a.application_urn == value),
        _ => false,
    }
}
