//! The SCP references checked against the store (what a write reads): whether a named row exists
//! (by the indexes), and which rows name a row a delete would remove. The references themselves
//! are declared in `scp_references.rs`.

use crate::store::error::WriteError;
use crate::store::keys::at;
use crate::store::references::{Dependents, Named, Reference, check_row, count_referring};
use crate::store::rows::ScpTables;
use crate::store::scp_references::{
    ACCOUNT_ASSIGNMENT_REFERENCES, ACCOUNTS, GROUP_REFERENCES, GROUPS, INSTANCES, PERMISSION_SETS,
    USERS,
};
use crate::store::tables::Store;

/// The account assignments.
pub(crate) const ASSIGNMENTS: &str = "scp.account_assignments";

/// The first table, other than those in `cascaded` (whose references the delete removes itself),
/// whose rows name `target` of table `to`: what a delete of that row must refuse.
pub(crate) fn dependents(
    tables: &ScpTables,
    to: &str,
    target: Named<'_>,
    cascaded: &[&str],
) -> Option<Dependents> {
    let assignments = || {
        let references = ACCOUNT_ASSIGNMENT_REFERENCES;
        count_referring(
            ASSIGNMENTS,
            &tables.account_assignments,
            references,
            &(),
            to,
            target,
        )
    };
    let groups = || count_referring(GROUPS, &tables.groups, GROUP_REFERENCES, &(), to, target);
    [
        (ASSIGNMENTS, &assignments as &dyn Fn() -> Option<Dependents>),
        (GROUPS, &groups),
    ]
    .into_iter()
    .filter(|(table, _)| !cascaded.contains(table))
    .find_map(|(_, count)| count())
}

/// Refuses a delete of `id` (a `what` of table `to`, in `instance`) while rows of a table not in
/// `cascaded` name it.
pub(crate) fn refuse_in_use(
    store: &Store,
    (to, what): (&str, &'static str),
    (instance, id): (&str, &str),
    cascaded: &[&str],
) -> Result<(), WriteError> {
    let target = Named {
        scope: Some(instance),
        value: id,
    };
    match dependents(&store.data.scp, to, target, cascaded) {
        Some(d) => Err(WriteError::InUse {
            what,
            id: id.to_owned(),
            by: d.table,
            field: d.field,
            count: d.count,
        }),
        None => Ok(()),
    }
}

/// Checks the references a new or changed row makes (`WriteError::Missing` for the first that
/// names no row).
pub(crate) fn check_references<R>(
    store: &Store,
    row: &R,
    references: &[Reference<R>],
) -> Result<(), WriteError> {
    let exists = |table: &str, named: Named<'_>| exists_in(store, table, named);
    check_row(row, references, &(), &exists).map_err(|broken| WriteError::Missing {
        what: broken.what,
        id: broken.value,
    })
}

/// Whether the store has the row of `table` that `named` names (by the indexes the writes keep).
pub(crate) fn exists_in(store: &Store, table: &str, named: Named<'_>) -> bool {
    let ix = &store.scp;
    let (scope, value) = (named.scope.unwrap_or_default(), named.value);
    match table {
        INSTANCES => ix.instances.contains_key(value),
        USERS => ix.users.contains_key(at(&[scope, value])),
        GROUPS => ix.groups.contains_key(at(&[scope, value])),
        PERMISSION_SETS => ix.permission_sets.contains_key(at(&[scope, value])),
        ACCOUNTS => ix.accounts.contains_key(value),
        _ => false,
    }
}
