//! The references between the Huawei tables, declared once: what the load check
//! (`huawei_check.rs`) and the writes (`writes.rs`, through `huawei_dependents.rs`) both check.
//!
//! | table | field | names a row of | looked up in |
//! | --- | --- | --- | --- |
//! | users, groups, group_memberships | `identity_store_id` | the identity stores of `instances` | |
//! | group_memberships | `user_id` / `group_id` | users / groups | its identity store |
//! | sessions, mfa_devices | `identity_store_id` / `user_id` | identity stores / users | - / its identity store |
//! | permission_sets, applications | `instance_id` | instances | |
//! | permission_sets | `provisioned_accounts[]`, `outdated_accounts[]` | accounts | |
//! | account_assignments | `principal_id` | users or groups, by `principal_type` | the identity store of its instance |
//! | account_assignments | `account_id` / `permission_set_id` | accounts / permission sets | - / its instance |
//! | application_assignments | `principal_id` | users or groups, by `principal_type` | the identity store of its instance |
//! | application_assignments | `application_urn` | applications (by URN) | its instance |
//!
//! An assignment on an instance that `instances` does not list is the pre-entity format: its
//! references are not checked. An assignment marked `principal_deleted` names a principal deleted
//! outside the API: its `principal_id` is not a reference (the load check refuses it if it names
//! a principal that exists); its other fields are.

use idc_raw::PrincipalType;

use crate::store::huawei_rows::{
    HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment, HuaweiData,
    HuaweiGroup, HuaweiGroupMembership, HuaweiMfaDevice, HuaweiPermissionSet, HuaweiSession,
    HuaweiUser,
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

/// The reference of a row's `user_id` to the users of its identity store.
macro_rules! user_of {
    ($row:ty) => {
        Reference {
            field: "user_id",
            to: USERS,
            what: "user",
            scope: "identity store",
            names: Field::One(|x: &$row, _| Some(scoped(&x.identity_store_id, &x.user_id))),
        }
    };
}

/// A sign-in session's references.
pub(crate) const SESSION_REFERENCES: &[HuaweiReference<HuaweiSession>] =
    &[identity_store!(HuaweiSession), user_of!(HuaweiSession)];

/// An MFA device's references.
pub(crate) const MFA_DEVICE_REFERENCES: &[HuaweiReference<HuaweiMfaDevice>] =
    &[identity_store!(HuaweiMfaDevice), user_of!(HuaweiMfaDevice)];

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

/// An assignment of a principal on an instance (account and application assignments).
pub(crate) trait Assignment {
    /// The instance.
    fn instance_id(&self) -> &str;
    /// The principal.
    fn principal_id(&self) -> &str;
    /// Its type.
    fn principal_type(&self) -> &PrincipalType;
    /// Whether the row says its principal was deleted outside the API (`principal_deleted`).
    fn principal_deleted(&self) -> bool;
}

/// Implements [`Assignment`] for rows with the three fields.
macro_rules! assignment {
    ($($row:ty),+) => {$(
        impl Assignment for $row {
            fn instance_id(&self) -> &str {
                &self.instance_id
            }
            fn principal_id(&self) -> &str {
                &self.principal_id
            }
            fn principal_type(&self) -> &PrincipalType {
                &self.principal_type
            }
            fn principal_deleted(&self) -> bool {
                self.principal_deleted
            }
        }
    )+};
}

assignment!(HuaweiAccountAssignment, HuaweiApplicationAssignment);

/// The principal an assignment names, in the identity store of its instance, if the instance is
/// modelled, the principal is a group (`GROUP`) or a user (not `GROUP`), and the row does not say
/// it was deleted (`principal_deleted`: `huawei_check.rs` checks instead that it is missing).
fn principal<'a, R: Assignment, const GROUP: bool>(
    a: &'a R,
    instances: &'a dyn Scopes,
) -> Option<Named<'a>> {
    let store = instances.scope_of(a.instance_id())?;
    let kind = if GROUP {
        PrincipalType::Group
    } else {
        PrincipalType::User
    };
    (*a.principal_type() == kind && !a.principal_deleted())
        .then_some(scoped(store, a.principal_id()))
}

/// The reference of an assignment's `principal_id` to the groups (`GROUP`) or the users.
const fn principal_of<R: Assignment, const GROUP: bool>() -> HuaweiReference<R> {
    let (to, what) = if GROUP {
        (GROUPS, "group")
    } else {
        (USERS, "user")
    };
    Reference {
        field: "principal_id",
        to,
        what,
        scope: "identity store",
        names: Field::One(principal::<R, GROUP>),
    }
}

/// An account assignment's references.
pub(crate) const ACCOUNT_ASSIGNMENT_REFERENCES: &[HuaweiReference<HuaweiAccountAssignment>] = &[
    principal_of::<_, false>(),
    principal_of::<_, true>(),
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
    principal_of::<_, false>(),
    principal_of::<_, true>(),
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

/// Every Huawei table whose rows make references, with its declaration: calls
/// `$then!(args; table_field: REFERENCES, ...)`, the one list the load check and the delete
/// check go through.
macro_rules! huawei_referring_tables {
    ($then:ident!($($args:tt)*)) => {
        $then!($($args)*;
            users: $crate::store::huawei_references::USER_REFERENCES,
            groups: $crate::store::huawei_references::GROUP_REFERENCES,
            group_memberships: $crate::store::huawei_references::MEMBERSHIP_REFERENCES,
            sessions: $crate::store::huawei_references::SESSION_REFERENCES,
            mfa_devices: $crate::store::huawei_references::MFA_DEVICE_REFERENCES,
            permission_sets: $crate::store::huawei_references::PERMISSION_SET_REFERENCES,
            applications: $crate::store::huawei_references::APPLICATION_REFERENCES,
            account_assignments: $crate::store::huawei_references::ACCOUNT_ASSIGNMENT_REFERENCES,
            application_assignments:
                $crate::store::huawei_references::APPLICATION_ASSIGNMENT_REFERENCES
        )
    };
}
pub(crate) use huawei_referring_tables;

/// Checks every table of `huawei_referring_tables!` in turn.
macro_rules! check_each {
    ($data:expr, $instances:expr, $exists:expr; $($table:ident: $references:path),+) => {{
        $(
            let table = concat!("huawei.", stringify!($table));
            check_rows(table, &$data.$table, $references, $instances, $exists)?;
        )+
        Ok(())
    }};
}

/// Checks the references of every row of a data set: the JSON path and message of the first
/// broken one.
pub(crate) fn check_data(
    data: &HuaweiData,
    instances: &dyn Scopes,
    exists: Exists<'_>,
) -> Result<(), (String, String)> {
    huawei_referring_tables!(check_each!(data, instances, exists))
}

impl Scopes for std::collections::HashMap<&str, &str> {
    fn scope_of(&self, instance: &str) -> Option<&str> {
        self.get(instance).copied()
    }
}
