//! The references between the SCP tables, declared once: what the load check
//! (`scp_check.rs`) checks, and what the SCP writes will check.
//!
//! | table | field | names a row of | looked up in |
//! | --- | --- | --- | --- |
//! | users, groups, permission_sets, account_assignments | `instance_id` | instances | |
//! | groups | `members[]` | users | the group's instance |
//! | account_assignments | `target_account_id` | accounts | |
//! | account_assignments | `principal_id` | users or groups, by `principal_type` | its instance |
//! | account_assignments | `permission_set_ids[]` | permission sets | its instance |

use idc_raw::PrincipalType;

use crate::store::references::{Exists, Field, Named, Reference, check_rows};
use crate::store::scp_rows::{ScpAccountAssignment, ScpData, ScpGroup, ScpPermissionSet, ScpUser};

/// The instances.
pub(crate) const INSTANCES: &str = "scp.instances";
/// The users (scope: instance).
pub(crate) const USERS: &str = "scp.users";
/// The groups (scope: instance).
pub(crate) const GROUPS: &str = "scp.groups";
/// The permission sets (scope: instance).
pub(crate) const PERMISSION_SETS: &str = "scp.permission_sets";
/// The accounts.
pub(crate) const ACCOUNTS: &str = "scp.accounts";

/// The reference of a row's `instance_id` to the instances.
macro_rules! instance {
    ($row:ty) => {
        Reference {
            field: "instance_id",
            to: INSTANCES,
            what: "instance",
            scope: "",
            names: Field::One(|row: &$row, _| {
                Some(Named {
                    scope: None,
                    value: &row.instance_id,
                })
            }),
        }
    };
}

/// The reference of an assignment's `principal_id` to the principals of one type (`USER`
/// names a user, `GROUP` a group; the type itself is checked as a value). A row marked
/// `principal_deleted` makes no such reference (`scp_check.rs` checks instead that its principal
/// is missing).
macro_rules! principal {
    ($kind:path, $to:expr, $what:literal) => {
        Reference {
            field: "principal_id",
            to: $to,
            what: $what,
            scope: "instance",
            names: Field::One(|a: &ScpAccountAssignment, _| {
                (matches!(a.principal_type, $kind) && !a.principal_deleted).then_some(Named {
                    scope: Some(&a.instance_id),
                    value: &a.principal_id,
                })
            }),
        }
    };
}

/// A user's references.
pub(crate) const USER_REFERENCES: &[Reference<ScpUser>] = &[instance!(ScpUser)];

/// A group's references.
pub(crate) const GROUP_REFERENCES: &[Reference<ScpGroup>] = &[
    instance!(ScpGroup),
    Reference {
        field: "members",
        to: USERS,
        what: "user",
        scope: "instance",
        names: Field::Each(|g| (Some(&g.instance_id), &g.members)),
    },
];

/// A permission set's references.
pub(crate) const PERMISSION_SET_REFERENCES: &[Reference<ScpPermissionSet>] =
    &[instance!(ScpPermissionSet)];

/// An account assignment's references.
pub(crate) const ACCOUNT_ASSIGNMENT_REFERENCES: &[Reference<ScpAccountAssignment>] = &[
    instance!(ScpAccountAssignment),
    Reference {
        field: "target_account_id",
        to: ACCOUNTS,
        what: "account",
        scope: "",
        names: Field::One(|a, _| {
            Some(Named {
                scope: None,
                value: &a.target_account_id,
            })
        }),
    },
    principal!(PrincipalType::User, USERS, "USER"),
    principal!(PrincipalType::Group, GROUPS, "GROUP"),
    Reference {
        field: "permission_set_ids",
        to: PERMISSION_SETS,
        what: "permission set",
        scope: "instance",
        names: Field::Each(|a| (Some(&a.instance_id), &a.permission_set_ids)),
    },
];

/// Checks the references of every row of a data set: the JSON path and message of the first
/// broken one.
pub(crate) fn check_data(data: &ScpData, exists: Exists<'_>) -> Result<(), (String, String)> {
    check_rows(USERS, &data.users, USER_REFERENCES, &(), exists)?;
    check_rows(GROUPS, &data.groups, GROUP_REFERENCES, &(), exists)?;
    let sets = PERMISSION_SET_REFERENCES;
    check_rows(PERMISSION_SETS, &data.permission_sets, sets, &(), exists)?;
    let table = "scp.account_assignments";
    let references = ACCOUNT_ASSIGNMENT_REFERENCES;
    check_rows(table, &data.account_assignments, references, &(), exists)
}
