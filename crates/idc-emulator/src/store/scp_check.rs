//! The checks of the SCP rows of a data set being loaded: ids, uniqueness, and the references
//! declared in `scp_references.rs`.

use std::collections::HashSet;

use idc_raw::PrincipalType;

use crate::store::error::{DataError, Invalid};
use crate::store::references::{LoadedKeys, Named};
use crate::store::scp_references as refs;
use crate::store::scp_rows::ScpData;

/// Records the ids of one list, refusing empty and repeated ones.
fn unique<'a>(
    ids: impl Iterator<Item = (String, &'a str)>,
    invalid: Invalid<'_>,
) -> Result<HashSet<&'a str>, DataError> {
    let mut seen = HashSet::new();
    for (key, id) in ids {
        if id.is_empty() {
            return Err(invalid(key, "empty id".to_owned()));
        }
        if !seen.insert(id) {
            return Err(invalid(key, format!("id {id:?} is listed twice")));
        }
    }
    Ok(seen)
}

/// Checks the rows: ids are unique in their list (users, groups and permission sets in their
/// instance), a group lists a member once, a principal type is `USER` or `GROUP`, there are at
/// most `u32::MAX` rows of each kind, and every reference declared in `scp_references.rs`
/// names a row (every user, group and permission set belongs to a listed instance, group
/// members are users of the group's instance, and every assignment names a listed instance
/// and account, a principal of its type in that instance, and permission sets of that
/// instance). An assignment marked `principal_deleted` must instead name a principal that is
/// missing.
pub(crate) fn check(scp: &ScpData, invalid: Invalid<'_>) -> Result<(), DataError> {
    for (path, len) in [
        ("scp.instances", scp.instances.len()),
        ("scp.users", scp.users.len()),
        ("scp.groups", scp.groups.len()),
        ("scp.permission_sets", scp.permission_sets.len()),
        ("scp.accounts", scp.accounts.len()),
        ("scp.account_assignments", scp.account_assignments.len()),
    ] {
        if u32::try_from(len).is_err() {
            return Err(invalid(
                path.to_owned(),
                format!("{len} entries; at most {}", u32::MAX),
            ));
        }
    }
    let mut keys = LoadedKeys::default();
    for (table, ids) in [
        (
            refs::INSTANCES,
            scp.instances.iter().map(|x| &*x.id).collect::<Vec<_>>(),
        ),
        (
            refs::ACCOUNTS,
            scp.accounts.iter().map(|x| &*x.id).collect(),
        ),
    ] {
        let paths = (ids.iter().enumerate()).map(|(i, id)| (format!("{table}[{i}].id"), *id));
        for id in unique(paths, invalid)? {
            keys.insert(
                table,
                Named {
                    scope: None,
                    value: id,
                },
            );
        }
    }
    // Users, groups and permission sets: ids unique in their instance.
    for (table, rows) in [
        (
            refs::USERS,
            scp.users
                .iter()
                .map(|u| (&*u.instance_id, &*u.id))
                .collect::<Vec<_>>(),
        ),
        (
            refs::GROUPS,
            scp.groups
                .iter()
                .map(|g| (&*g.instance_id, &*g.id))
                .collect(),
        ),
        (
            refs::PERMISSION_SETS,
            scp.permission_sets
                .iter()
                .map(|p| (&*p.instance_id, &*p.id))
                .collect(),
        ),
    ] {
        for (i, (instance, id)) in rows.into_iter().enumerate() {
            if id.is_empty()
                || !keys.insert(
                    table,
                    Named {
                        scope: Some(instance),
                        value: id,
                    },
                )
            {
                return Err(invalid(
                    format!("{table}[{i}].id"),
                    format!("id {id:?} is empty or listed twice"),
                ));
            }
        }
    }
    for (i, g) in scp.groups.iter().enumerate() {
        let mut members = HashSet::new();
        for (j, m) in g.members.iter().enumerate() {
            if !members.insert(&**m) {
                return Err(invalid(
                    format!("scp.groups[{i}].members[{j}]"),
                    format!("user {m:?} is listed twice"),
                ));
            }
        }
    }
    for (i, a) in scp.account_assignments.iter().enumerate() {
        if let PrincipalType::Unknown(other) = &a.principal_type {
            return Err(invalid(
                format!("scp.account_assignments[{i}].principal_type"),
                format!("{other:?} is not USER or GROUP"),
            ));
        }
    }
    let exists = |table: &str, named: Named<'_>| keys.contains(table, named);
    refs::check_data(scp, &exists).map_err(|(path, message)| invalid(path, message))?;
    // The marker stands for a principal deleted outside the API: only on a row whose principal
    // is missing.
    for (i, a) in scp.account_assignments.iter().enumerate() {
        let to = match a.principal_type {
            PrincipalType::Group => refs::GROUPS,
            _ => refs::USERS,
        };
        let principal = Named {
            scope: Some(&a.instance_id),
            value: &a.principal_id,
        };
        if a.principal_deleted && keys.contains(to, principal) {
            return Err(invalid(
                format!("scp.account_assignments[{i}].principal_deleted"),
                format!(
                    "{} {:?} exists: only an assignment whose principal is missing can say it \
                     was deleted",
                    a.principal_type.as_str(),
                    a.principal_id
                ),
            ));
        }
    }
    Ok(())
}
