//! The references between the Huawei tables, declared once: what the load check
//! (`huawei_check.rs`) and the writes (`writes.rs`) both check.
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
use crate::store::keys::at;
use crate::store::references::{
    Dependents, Exists, Field, Named, Reference, Scopes, check_rows, count_referring,
};
use crate::store::rows::HuaweiTables;
use crate::store::tables::Store;

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

impl Scopes for std::collections::HashMap<&str, &str> {
    fn scope_of(&self, instance: &str) -> Option<&str> {
        self.get(instance).copied()
    }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::store::dataset::DataSet;
    use crate::store::error::DataError;
    use crate::store::references::check_row;
    use crate::store::writes::WriteError;

    const STORE: &str = "d-0123456789";
    const OTHER_STORE: &str = "d-9876543210";

    /// Two instances; u1 in group g1, u2 assigned on ins-1, u3 alone; a user u1 in the other
    /// store too.
    fn data() -> serde_json::Value {
        json!({"huawei": {
            "instances": [
                {"instance_id": "ins-1", "identity_store_id": STORE},
                {"instance_id": "ins-2", "identity_store_id": OTHER_STORE}
            ],
            "users": [
                {"identity_store_id": STORE, "user_id": "u1", "user_name": "one"},
                {"identity_store_id": STORE, "user_id": "u2", "user_name": "two"},
                {"identity_store_id": STORE, "user_id": "u3", "user_name": "three"},
                {"identity_store_id": OTHER_STORE, "user_id": "u1", "user_name": "one"}
            ],
            "groups": [{"identity_store_id": STORE, "group_id": "g1", "display_name": "G"}],
            "group_memberships": [{"identity_store_id": STORE, "group_id": "g1", "user_id": "u1"}],
            "accounts": [{"account_id": "acc-1", "name": "A"}],
            "permission_sets": [{"instance_id": "ins-1", "permission_set_id": "ps-1", "name": "P"}],
            "account_assignments": [{
                "instance_id": "ins-1", "account_id": "acc-1", "permission_set_id": "ps-1",
                "principal_id": "u2", "principal_type": "USER"
            }]
        }})
    }

    fn load(value: serde_json::Value) -> Result<DataSet, DataError> {
        DataSet::from_json_str(&value.to_string())
    }

    fn store() -> Store {
        Store::new(load(data()).unwrap())
    }

    #[test]
    fn a_reference_broken_at_load_is_refused_naming_table_field_and_value() {
        let cases = [
            (
                "/huawei/group_memberships/0/user_id",
                "u9",
                "huawei.group_memberships[0].user_id",
                "huawei.users",
            ),
            (
                "/huawei/account_assignments/0/principal_id",
                "u9",
                "huawei.account_assignments[0].principal_id",
                "huawei.users",
            ),
            (
                "/huawei/account_assignments/0/permission_set_id",
                "ps-9",
                "huawei.account_assignments[0].permission_set_id",
                "huawei.permission_sets",
            ),
            (
                "/huawei/users/0/identity_store_id",
                "d-000000000x",
                "huawei.users[0].identity_store_id",
                "huawei.instances",
            ),
        ];
        for (pointer, value, path, table) in cases {
            let mut doc = data();
            *doc.pointer_mut(pointer).unwrap() = json!(value);
            let Err(DataError::Invalid {
                json_path, message, ..
            }) = load(doc)
            else {
                panic!("{pointer} = {value} loaded");
            };
            assert_eq!(json_path, path);
            assert!(message.contains(&format!("{value:?}")), "{message}");
            assert!(message.contains(table), "{message}");
        }
    }

    #[test]
    fn a_principal_is_looked_up_in_the_identity_store_of_its_instance() {
        // u3 exists in STORE only: assigned on ins-2 (OTHER_STORE), it names nothing.
        let mut doc = data();
        doc["huawei"]["permission_sets"][0]["instance_id"] = json!("ins-2");
        doc["huawei"]["account_assignments"][0]["instance_id"] = json!("ins-2");
        doc["huawei"]["account_assignments"][0]["principal_id"] = json!("u3");
        let Err(DataError::Invalid { message, .. }) = load(doc) else {
            panic!("loaded");
        };
        assert!(
            message.contains(&format!("identity store {OTHER_STORE:?}")),
            "{message}"
        );
    }

    #[test]
    fn a_write_that_would_break_a_reference_is_refused() {
        let store = store();
        let exists = |table: &str, named: Named<'_>| exists_in(&store, table, named);
        let membership = |group: &str, user: &str| -> HuaweiGroupMembership {
            serde_json::from_value(json!(
                {"identity_store_id": STORE, "group_id": group, "user_id": user}
            ))
            .unwrap()
        };
        let check = |row| check_row(&row, MEMBERSHIP_REFERENCES, &store, &exists);
        assert_eq!(check(membership("g1", "u3")), Ok(()));
        let broken = check(membership("g1", "u9")).unwrap_err();
        assert_eq!((broken.field.as_str(), broken.what), ("user_id", "user"));
        assert_eq!(broken.value, "u9");
        let broken = check(membership("g9", "u3")).unwrap_err();
        assert_eq!(
            (broken.field.as_str(), broken.value.as_str()),
            ("group_id", "g9")
        );

        let mut store = store;
        let user: HuaweiUser = serde_json::from_value(json!(
            {"identity_store_id": "d-000000000x", "user_id": "u7", "user_name": "seven"}
        ))
        .unwrap();
        assert_eq!(
            store.create_huawei_user(user),
            Err(WriteError::Missing {
                what: "identity store",
                id: "d-000000000x".into()
            })
        );
    }

    #[test]
    fn a_delete_with_dependents_is_refused_naming_them() {
        let mut store = store();
        let in_use = |id: &str, by, field| WriteError::InUse {
            what: "user",
            id: id.into(),
            by,
            field,
            count: 1,
        };
        assert_eq!(
            store.delete_huawei_user(STORE, "u1"),
            Err(in_use("u1", "huawei.group_memberships", "user_id"))
        );
        assert_eq!(
            store.delete_huawei_user(STORE, "u2"),
            Err(in_use("u2", "huawei.account_assignments", "principal_id"))
        );
        // The u1 of the other store has no dependents: references are scoped.
        assert_eq!(
            &*store.delete_huawei_user(OTHER_STORE, "u1").unwrap().user_id,
            "u1"
        );
        assert_eq!(
            &*store.delete_huawei_user(STORE, "u3").unwrap().user_id,
            "u3"
        );
        assert!(store.huawei.users.contains_key(at(&[STORE, "u1"])));
    }
}
