//! The references between the Huawei tables, declared once: what the load check
//! (`huawei_check.rs`) and the writes (`writes.rs`, through `huawei_dependents.rs`) both check.
//!
//! | table | field | names a row of | looked up in |
//! | --- | --- | --- | --- |
//! | users, groups, group_memberships | `identity_store_id` | the identity stores of `instances` | |
//! | group_memberships | `user_id` / `group_id` | users / groups | its identity store |
//! | permission_sets, applications | `instance_id` | instances | |
//! | permission_sets | `provisioned_accounts[]`, `outdated_accounts[]` | accounts | |
//! | account_assignments | `principal_id` | users or groups, by `principal_type` | the identity store of its instance |
//! | account_assignments | `account_id` / `permission_set_id` | accounts / permission sets | - / its instance |
//! | application_assignments | `principal_id` | users or groups, by `principal_type` | the identity store of its instance |
//! | application_assignments | `application_urn` | applications (by URN) | its instance |
//!
//! An assignment on an instance that `instances` does not list is the pre-entity format: its
//! references are not checked.

use idc_raw::PrincipalType;

use crate::store::huawei_rows::{
    HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment, HuaweiData,
    HuaweiGroup, HuaweiGroupMembership, HuaweiPermissionSet, HuaweiUser,
};
use crate::store::references::{Exists, Field, Named, Reference, Scopes, check_rows};

/// The identity stores, by the JSON path of the instances that hold them.
pub(crate) const STORES: &str = "huawei.instances(identity_store_id)";
/// The instances.
pub(crate) const INSTANCES: &str = "huawei.instances";
/// The users (scope: identity store).
pub(crate) const USERS: &str = "huawei.users";
/// The groups (scope: identity store).
pub(crate) const GROUPS: &str = "huawei.groups";
/// The accounts.
pub(crate) const ACCOUNTS: &str = "huawei.accounts";
/// The permission sets (scope: instance).
pub(crate) const PERMISSION_SETS: &str = "huawei.permission_sets";
/// The applications, by URN (scope: instance).
pub(crate) const APPLICATION_URNS: &str = "huawei.applications(application_urn)";

/// A reference between Huawei tables.
pub(crate) type HuaweiReference<R> = Reference<R>;

const fn unscoped(value: &str) -> Named<'_> {
    Named { scope: None, value }
}

const fn scoped<'a>(scope: &'a str, value: &'a str) -> Named<'a> {
    Named {
        scope: Some(scope),
        value,
    }
}

/// The reference of a row's `identity_store_id` to the identity stores of the instances.
macro_rules! identity_store {
    ($row:ty) => {
        Reference {
            field: "identity_store_id",
            to: STORES,
            what: "identity store",
            scope: "",
            names: Field::One(|row: &$row, _| Some(unscoped(&row.identity_store_id))),
        }
    };
}

/// The user's references.
pub(crate) const USER_REFERENCES: &[HuaweiReference<HuaweiUser>] = &[identity_store!(HuaweiUser)];

/// The group's references.
pub(crate) const GROUP_REFERENCES: &[HuaweiReference<HuaweiGroup>] =
    &[identity_store!(HuaweiGroup)];

/// A group membership's references.
pub(crate) const MEMBERSHIP_REFERENCES: &[HuaweiReference<HuaweiGroupMembership>] = &[
    identity_store!(HuaweiGroupMembership),
    Reference {
        field: "user_id",
        to: USERS,
        what: "user",
        scope: "identity store",
        names: Field::One(|m, _| Some(scoped(&m.identity_store_id, &m.user_id))),
    },
    Reference {
        field: "group_id",
        to: GROUPS,
        what: "group",
        scope: "identity store",
        names: Field::One(|m, _| Some(scoped(&m.identity_store_id, &m.group_id))),
    },
];

/// A permission set's references.
pub(crate) const PERMISSION_SET_REFERENCES: &[HuaweiReference<HuaweiPermissionSet>] = &[
    Reference {
        field: "instance_id",
        to: INSTANCES,
        what: "instance",
        scope: "",
        names: Field::One(|p, _| Some(unscoped(&p.instance_id))),
    },
    Reference {
        field: "provisioned_accounts",
        to: ACCOUNTS,
        what: "account",
        scope: "",
        names: Field::Each(|p| (None, &p.provisioned_accounts)),
    },
    Reference {
        field: "outdated_accounts",
        to: ACCOUNTS,
        what: "account",
        scope: "",
        names: Field::Each(|p| (None, &p.outdated_accounts)),
    },
];

/// An application's references.
pub(crate) const APPLICATION_REFERENCES: &[HuaweiReference<HuaweiApplication>] = &[Reference {
    field: "instance_id",
    to: INSTANCES,
    what: "instance",
    scope: "",
    names: Field::One(|a, _| Some(unscoped(&a.instance_id))),
}];

/// The principal an assignment names, in the identity store of its instance, if the instance is
/// modelled and the principal is of type `kind`.
fn principal<'a>(
    instances: &'a dyn Scopes,
    instance: &str,
    principal: &'a str,
    principal_type: &PrincipalType,
    kind: &PrincipalType,
) -> Option<Named<'a>> {
    let store = instances.scope_of(instance)?;
    (principal_type == kind).then_some(scoped(store, principal))
}

/// The reference of an assignment's `principal_id` to the groups (`group`) or the users.
const fn principal_of<R>(
    group: bool,
    read: for<'a> fn(&'a R, &'a dyn Scopes) -> Option<Named<'a>>,
) -> HuaweiReference<R> {
    let (to, what) = if group {
        (GROUPS, "group")
    } else {
        (USERS, "user")
    };
    Reference {
        field: "principal_id",
        to,
        what,
        scope: "identity store",
        names: Field::One(read),
    }
}

/// An account assignment's references.
pub(crate) const ACCOUNT_ASSIGNMENT_REFERENCES: &[HuaweiReference<HuaweiAccountAssignment>] = &[
    principal_of(false, |a, ix| {
        principal(
            ix,
            &a.instance_id,
            &a.principal_id,
            &a.principal_type,
            &PrincipalType::User,
        )
    }),
    principal_of(true, |a, ix| {
        principal(
            ix,
            &a.instance_id,
            &a.principal_id,
            &a.principal_type,
            &PrincipalType::Group,
        )
    }),
    Reference {
        field: "account_id",
        to: ACCOUNTS,
        what: "account",
        scope: "",
        names: Field::One(|a, ix| ix.scope_of(&a.instance_id).map(|_| unscoped(&a.account_id))),
    },
    Reference {
        field: "permission_set_id",
        to: PERMISSION_SETS,
        what: "permission set",
        scope: "instance",
        names: Field::One(|a, ix| {
            ix.scope_of(&a.instance_id)
                .map(|_| scoped(&a.instance_id, &a.permission_set_id))
        }),
    },
];

/// An application assignment's references.
pub(crate) const APPLICATION_ASSIGNMENT_REFERENCES: &[HuaweiReference<
    HuaweiApplicationAssignment,
>] = &[
    principal_of(false, |a, ix| {
        principal(
            ix,
            &a.instance_id,
            &a.principal_id,
            &a.principal_type,
            &PrincipalType::User,
        )
    }),
    principal_of(true, |a, ix| {
        principal(
            ix,
            &a.instance_id,
            &a.principal_id,
            &a.principal_type,
            &PrincipalType::Group,
        )
    }),
    Reference {
        field: "application_urn",
        to: APPLICATION_URNS,
        what: "application",
        scope: "instance",
        names: Field::One(|a, ix| {
            ix.scope_of(&a.instance_id)
                .map(|_| scoped(&a.instance_id, &a.application_urn))
        }),
    },
];

/// Checks the references of every row of a data set: the JSON path and message of the first
/// broken one.
pub(crate) fn check_data(
    data: &HuaweiData,
    instances: &dyn Scopes,
    exists: Exists<'_>,
) -> Result<(), (String, String)> {
    check_rows(
        "huawei.users",
        &data.users,
        USER_REFERENCES,
        instances,
        exists,
    )?;
    check_rows(
        "huawei.groups",
        &data.groups,
        GROUP_REFERENCES,
        instances,
        exists,
    )?;
    check_rows(
        "huawei.group_memberships",
        &data.group_memberships,
        MEMBERSHIP_REFERENCES,
        instances,
        exists,
    )?;
    check_rows(
        "huawei.permission_sets",
        &data.permission_sets,
        PERMISSION_SET_REFERENCES,
        instances,
        exists,
    )?;
    check_rows(
        "huawei.applications",
        &data.applications,
        APPLICATION_REFERENCES,
        instances,
        exists,
    )?;
    check_rows(
        "huawei.account_assignments",
        &data.account_assignments,
        ACCOUNT_ASSIGNMENT_REFERENCES,
        instances,
        exists,
    )?;
    check_rows(
        "huawei.application_assignments",
        &data.application_assignments,
        APPLICATION_ASSIGNMENT_REFERENCES,
        instances,
        exists,
    )
}

impl Scopes for std::collections::HashMap<&str, &str> {
    fn scope_of(&self, instance: &str) -> Option<&str> {
        self.get(instance).copied()
    }
}
