//! Tests of the references between tables: declared once, checked on load, on a create and on a
//! delete.

use serde_json::json;

use crate::store::dataset::DataSet;
use crate::store::error::DataError;
use crate::store::error::WriteError;
use crate::store::huawei_dependents::exists_in;
use crate::store::huawei_references::MEMBERSHIP_REFERENCES;
use crate::store::huawei_rows::{HuaweiGroupMembership, HuaweiUser};
use crate::store::keys::at;
use crate::store::references::Named;
use crate::store::references::check_row;
use crate::store::tables::Store;

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

#[test]
fn an_scp_reference_broken_at_load_is_refused_naming_table_field_and_value() {
    let doc = json!({"scp": {
        "instances": [{"id": "i-1", "name": "I", "state": "ACTIVE", "created_at": "t"}],
        "users": [{"id": "u-1", "instance_id": "i-1", "user_id": "one", "name": "One", "created_at": "t"}],
        "groups": [{"id": "g-1", "instance_id": "i-1", "name": "G", "created_at": "t", "members": ["u-1", "u-9"]}]
    }});
    let Err(DataError::Invalid {
        json_path, message, ..
    }) = load(doc)
    else {
        panic!("loaded");
    };
    assert_eq!(json_path, "scp.groups[0].members[1]");
    assert_eq!(
        message,
        "user \"u-9\" of instance \"i-1\" is not in scp.users"
    );
}

/// The JSON path and message of the error loading `doc`.
fn refusal(doc: serde_json::Value) -> (String, String) {
    match load(doc) {
        Err(DataError::Invalid {
            json_path, message, ..
        }) => (json_path, message),
        other => panic!("expected an invalid data error, got {other:?}"),
    }
}

#[test]
fn an_assignment_marked_principal_deleted_loads_only_without_its_principal() {
    // [`data`] with its assignment naming `principal`, marked or not, on `account`.
    let with = |principal: &str, kind: &str, deleted: bool, account: &str| {
        let mut doc = data();
        let row = &mut doc["huawei"]["account_assignments"][0];
        row["principal_id"] = json!(principal);
        row["principal_type"] = json!(kind);
        row["account_id"] = json!(account);
        row["principal_deleted"] = json!(deleted);
        doc["huawei"]["application_assignments"] = json!([]);
        doc
    };
    // A user deleted outside the API: marked, the row loads and can be deleted.
    let data = load(with("u-gone", "USER", true, "acc-1")).unwrap();
    let row = data.huawei.account_assignments[0].clone();
    assert!(row.principal_deleted);
    let mut store = Store::new(data);
    assert_eq!(store.delete_huawei_account_assignment(&row).unwrap(), row);
    // Unmarked, the same row is refused.
    let (path, message) = refusal(with("u-gone", "USER", false, "acc-1"));
    assert_eq!(path, "huawei.account_assignments[0].principal_id");
    assert!(message.contains("\"u-gone\""), "{message}");
    // Marked, a principal that exists is refused (user and group).
    for (principal, kind) in [("u2", "USER"), ("g1", "GROUP")] {
        let (path, message) = refusal(with(principal, kind, true, "acc-1"));
        assert_eq!(path, "huawei.account_assignments[0].principal_deleted");
        assert!(message.contains(principal), "{message}");
    }
    // The marker excuses the principal alone: a missing account is still refused.
    let (path, _) = refusal(with("u-gone", "USER", true, "acc-9"));
    assert_eq!(path, "huawei.account_assignments[0].account_id");
}

#[test]
fn an_scp_assignment_marked_principal_deleted_loads_only_without_its_principal() {
    let with = |principal: &str, deleted: bool| {
        json!({"scp": {
            "instances": [{"id": "i-1", "name": "I", "state": "ACTIVE", "created_at": "t"}],
            "users": [{"id": "u-1", "instance_id": "i-1", "user_id": "one", "name": "One", "created_at": "t"}],
            "accounts": [{"id": "a-1", "name": "A", "email": "a@example.com", "organization_id": "o",
                          "parent_unit_id": "r", "type": "MEMBER", "state": "ACTIVE",
                          "joined_method": "CREATED", "joined_time": "t", "created_at": "t"}],
            "account_assignments": [{"instance_id": "i-1", "target_account_id": "a-1",
                "principal_id": principal, "principal_type": "USER", "principal_deleted": deleted,
                "permission_set_ids": [], "role_srn": "srn"}]
        }})
    };
    let data = load(with("u-gone", true)).unwrap();
    assert!(data.scp.account_assignments[0].principal_deleted);
    let (path, _) = refusal(with("u-gone", false));
    assert_eq!(path, "scp.account_assignments[0].principal_id");
    let (path, message) = refusal(with("u-1", true));
    assert_eq!(path, "scp.account_assignments[0].principal_deleted");
    assert!(message.contains("\"u-1\""), "{message}");
}
