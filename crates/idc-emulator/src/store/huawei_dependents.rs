//! The Huawei references checked against the store (what a write reads): the identity store of
//! an instance, whether a named row exists (by the indexes), and which rows name a row a delete
//! would remove. The references themselves are declared in `huawei_references.rs`.

use crate::store::huawei_references::{
    ACCOUNT_ASSIGNMENT_REFERENCES, ACCOUNTS, APPLICATION_ASSIGNMENT_REFERENCES,
    APPLICATION_REFERENCES, APPLICATION_URNS, GROUP_REFERENCES, GROUPS, INSTANCES,
    MEMBERSHIP_REFERENCES, PERMISSION_SET_REFERENCES, PERMISSION_SETS, STORES, USER_REFERENCES,
    USERS,
};
use crate::store::keys::at;
use crate::store::references::{Dependents, Named, Scopes, count_referring};
use crate::store::rows::HuaweiTables;
use crate::store::tables::Store;

/// The first table whose rows name `target` of table `to` (what a delete of that row must
/// refuse, or cascade to).
pub(crate) fn dependents(
    tables: &HuaweiTables,
    instances: &dyn Scopes,
    to: &str,
    target: Named<'_>,
) -> Option<Dependents> {
    let t = tables;
    None.or_else(|| {
        let rows = &t.users;
        count_referring("huawei.users", rows, USER_REFERENCES, instances, to, target)
    })
    .or_else(|| {
        let rows = &t.groups;
        count_referring(
            "huawei.groups",
            rows,
            GROUP_REFERENCES,
            instances,
            to,
            target,
        )
    })
    .or_else(|| {
        let rows = &t.group_memberships;
        let refs = MEMBERSHIP_REFERENCES;
        count_referring(
            "huawei.group_memberships",
            rows,
            refs,
            instances,
            to,
            target,
        )
    })
    .or_else(|| {
        let rows = &t.permission_sets;
        let refs = PERMISSION_SET_REFERENCES;
        count_referring("huawei.permission_sets", rows, refs, instances, to, target)
    })
    .or_else(|| {
        let rows = &t.applications;
        let refs = APPLICATION_REFERENCES;
        count_referring("huawei.applications", rows, refs, instances, to, target)
    })
    .or_else(|| {
        let rows = &t.account_assignments;
        let refs = ACCOUNT_ASSIGNMENT_REFERENCES;
        count_referring(
            "huawei.account_assignments",
            rows,
            refs,
            instances,
            to,
            target,
        )
    })
    .or_else(|| {
        let rows = &t.application_assignments;
        let refs = APPLICATION_ASSIGNMENT_REFERENCES;
        let table = "huawei.application_assignments";
        count_referring(table, rows, refs, instances, to, target)
    })
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
