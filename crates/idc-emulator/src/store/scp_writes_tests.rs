//! The SCP store writes keep every index, and a refused write changes nothing.

use std::sync::Arc;

use idc_raw::PrincipalType;

use crate::demo;
use crate::store::dataset::DataSet;
use crate::store::error::WriteError;
use crate::store::keys::at;
use crate::store::scp_rows::{ScpAccountAssignment, ScpGroup, ScpUser};
use crate::store::scp_writes_access::scp_assignment_id;
use crate::store::tables::Store;

const INSTANCE: &str = demo::SCP_INSTANCE_ID;

fn store() -> Store {
    Store::new(DataSet::demo())
}

fn user(id: &str, login: &str) -> ScpUser {
    ScpUser {
        id: id.into(),
        instance_id: INSTANCE.into(),
        user_id: login.into(),
        name: login.into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        ..ScpUser::default()
    }
}

fn group(id: &str, name: &str, members: &[&str]) -> ScpGroup {
    ScpGroup {
        id: id.into(),
        instance_id: INSTANCE.into(),
        name: name.into(),
        created_at: "2026-01-01T00:00:00Z".into(),
        description: None,
        members: members.iter().map(|m| Arc::from(*m)).collect(),
    }
}

fn groups_of(store: &Store, user: &str) -> Vec<String> {
    let groups = store.scp_groups_of(INSTANCE, user);
    groups.map(|g| g.id.to_string()).collect()
}

#[test]
fn a_refused_create_changes_nothing() {
    let mut store = store();
    let members_before = store.scp_group(INSTANCE, demo::SCP_GROUP_ID).cloned();
    let groups = [Arc::from(demo::SCP_GROUP_ID), Arc::from("no-such-group")];
    let err = store.create_scp_user(user("u-new", "new"), &groups);
    assert_eq!(
        err,
        Err(WriteError::Missing {
            what: "group",
            id: "no-such-group".into()
        })
    );
    assert!(store.scp_user(INSTANCE, "u-new").is_none());
    assert!(!store.scp.user_logins.contains_key(at(&[INSTANCE, "new"])));
    assert_eq!(
        store.scp_group(INSTANCE, demo::SCP_GROUP_ID).cloned(),
        members_before
    );
    // A login ID already taken.
    let taken = user("u-other", demo::SCP_USER_LOGIN_ID);
    assert!(matches!(
        store.create_scp_user(taken, &[]),
        Err(WriteError::Conflict {
            what: "user ID",
            ..
        })
    ));
    assert!(store.scp_user(INSTANCE, "u-other").is_none());
}

#[test]
fn memberships_follow_creates_and_deletes_on_both_sides() {
    let mut store = store();
    store
        .create_scp_user(user("u-1", "one"), &[Arc::from(demo::SCP_GROUP_ID)])
        .unwrap();
    store.create_scp_user(user("u-2", "two"), &[]).unwrap();
    store
        .create_scp_group(group("g-1", "Fresh", &["u-1", "u-2"]))
        .unwrap();
    assert_eq!(groups_of(&store, "u-1"), [demo::SCP_GROUP_ID, "g-1"]);
    store
        .remove_scp_members(INSTANCE, "g-1", &[Arc::from("u-2")])
        .unwrap();
    assert!(groups_of(&store, "u-2").is_empty());
    let removed = store.delete_scp_user(INSTANCE, "u-1").unwrap();
    assert_eq!(&*removed.user_id, "one");
    assert!(!store.scp.memberships.contains_key(at(&[INSTANCE, "u-1"])));
    let members = |store: &Store, g: &str| store.scp_group(INSTANCE, g).map(|g| g.members.clone());
    assert_eq!(members(&store, "g-1"), Some(vec![]));
    assert!(!(members(&store, demo::SCP_GROUP_ID).unwrap()).contains(&Arc::from("u-1")));
    // The login ID is free again; a deleted group ends its memberships.
    store.create_scp_user(user("u-3", "one"), &[]).unwrap();
    store
        .add_scp_members(INSTANCE, &[Arc::from("g-1")], &[Arc::from("u-3")])
        .unwrap();
    store.delete_scp_group(INSTANCE, "g-1").unwrap();
    assert!(groups_of(&store, "u-3").is_empty());
    assert!(!store.scp.group_names.contains_key(at(&[INSTANCE, "Fresh"])));
}

#[test]
fn a_rename_moves_the_name_and_refuses_a_taken_one() {
    let mut store = store();
    store.create_scp_group(group("g-1", "First", &[])).unwrap();
    store.create_scp_group(group("g-2", "Second", &[])).unwrap();
    let taken = store.update_scp_group(INSTANCE, "g-2", Some("First".into()), None);
    assert!(matches!(taken, Err(WriteError::Conflict { .. })));
    assert_eq!(
        store.scp_group(INSTANCE, "g-2").map(|g| &*g.name),
        Some("Second")
    );
    store
        .update_scp_group(INSTANCE, "g-1", Some("Renamed".into()), None)
        .unwrap();
    // The old name is free, the new one taken.
    store.create_scp_group(group("g-3", "First", &[])).unwrap();
    let again = store.create_scp_group(group("g-4", "Renamed", &[]));
    assert!(matches!(again, Err(WriteError::Conflict { .. })));
}

#[test]
fn assignments_keep_the_account_index_and_refuse_deletes_of_what_they_name() {
    let mut store = store();
    let account = demo::SCP_TARGET_ACCOUNT_ID;
    store.create_scp_user(user("u-1", "one"), &[]).unwrap();
    let before = store.scp_accounts(INSTANCE, account).len();
    let row = ScpAccountAssignment {
        instance_id: INSTANCE.into(),
        target_account_id: account.into(),
        principal_id: "u-1".into(),
        principal_type: PrincipalType::User,
        principal_deleted: false,
        permission_set_ids: vec![demo::SCP_PERMISSION_SET_ID.into()],
        role_srn: "srn:role".into(),
        created_at: None,
    };
    store.assign_scp(row.clone()).unwrap();
    store.assign_scp(row).unwrap();
    assert_eq!(
        store.scp_accounts(INSTANCE, account).len(),
        before + 1,
        "one row"
    );
    assert!(matches!(
        store.delete_scp_user(INSTANCE, "u-1"),
        Err(WriteError::InUse {
            by: "scp.account_assignments",
            count: 1,
            ..
        })
    ));
    let set = demo::SCP_PERMISSION_SET_ID;
    let id = scp_assignment_id(INSTANCE, account, "USER", "u-1", set);
    let with_unknown = [id.clone(), "nope".to_owned()];
    let err = store.unassign_scp(INSTANCE, account, &with_unknown);
    assert!(matches!(err, Err(WriteError::Missing { .. })));
    assert_eq!(
        store.scp_accounts(INSTANCE, account).len(),
        before + 1,
        "nothing removed"
    );
    store.unassign_scp(INSTANCE, account, &[id]).unwrap();
    assert_eq!(store.scp_accounts(INSTANCE, account).len(), before);
    store.delete_scp_user(INSTANCE, "u-1").unwrap();
}
