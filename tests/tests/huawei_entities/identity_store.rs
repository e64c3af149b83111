//! IdentityStore operations against the demo directory.

use super::*;

#[tokio::test]
async fn identity_store_operations_serve_the_demo_directory() {
    let emu = demo_emulator().await;
    let store = store_client(&emu);

    let users = paged!(
        store.list_users().identity_store_id(STORE),
        |u: &ids::User| u.user_id.clone()
    );
    assert_eq!(users.len(), demo::HUAWEI_USERS);
    let alice = users
        .iter()
        .find(|u| u.user_name.as_deref() == Some(demo::HUAWEI_USER_NAME))
        .unwrap();
    assert_eq!(alice.user_id, demo::HUAWEI_PRINCIPAL_ID);
    assert_eq!(alice.identity_store_id, STORE);
    assert_eq!(
        alice.emails.as_ref().unwrap()[0].value.as_deref(),
        Some("alice@example.com")
    );
    let filtered = store
        .list_users()
        .identity_store_id(STORE)
        .user_name("bob")
        .collect()
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1);
    assert_eq!(filtered[0].user_name.as_deref(), Some("bob"));
    let nobody = store
        .list_users()
        .identity_store_id(STORE)
        .user_name("nobody")
        .collect()
        .await
        .unwrap();
    assert!(nobody.is_empty());

    let described = store
        .describe_user()
        .identity_store_id(STORE)
        .user_id(demo::HUAWEI_PRINCIPAL_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(&described, alice);
    // DescribeUsers returns the users asked for, in the order asked.
    let batch = store
        .describe_users()
        .identity_store_id(STORE)
        .user_ids(users[2].user_id.clone())
        .user_ids(users[0].user_id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(batch.users, [users[2].clone(), users[0].clone()]);

    let by_name = store
        .get_user_id()
        .identity_store_id(STORE)
        .alternate_identifier(AlternateIdentifier {
            unique_attribute: Some(UniqueAttribute {
                attribute_path: "user_name".into(),
                attribute_value: "carol".into(),
            }),
            external_id: None,
        })
        .send()
        .await
        .unwrap();
    let carol = users
        .iter()
        .find(|u| u.user_name.as_deref() == Some("carol"))
        .unwrap();
    assert_eq!(by_name.user_id.as_deref(), Some(&*carol.user_id));
    assert_eq!(by_name.identity_store_id.as_deref(), Some(STORE));

    let groups = paged!(
        store.list_groups().identity_store_id(STORE),
        |g: &ids::Group| g.group_id.clone()
    );
    assert_eq!(groups.len(), demo::HUAWEI_GROUPS);
    // The display name filter is a fuzzy (case-insensitive substring) match.
    let fuzzy = store
        .list_groups()
        .identity_store_id(STORE)
        .display_name("admin")
        .collect()
        .await
        .unwrap();
    assert_eq!(fuzzy.len(), 1);
    assert_eq!(fuzzy[0].group_id, demo::HUAWEI_GROUP_ID);
    let admins = store
        .describe_group()
        .identity_store_id(STORE)
        .group_id(demo::HUAWEI_GROUP_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(
        admins.display_name.as_deref(),
        Some(demo::HUAWEI_GROUP_NAME)
    );
    let batch = store
        .describe_groups()
        .identity_store_id(STORE)
        .group_ids(groups[1].group_id.clone())
        .group_ids(groups[0].group_id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(batch.groups, [groups[1].clone(), groups[0].clone()]);
    let id = store
        .get_group_id()
        .identity_store_id(STORE)
        .alternate_identifier(AlternateIdentifier {
            unique_attribute: Some(UniqueAttribute {
                attribute_path: "display_name".into(),
                attribute_value: demo::HUAWEI_GROUP_NAME.into(),
            }),
            external_id: None,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(id.group_id.as_deref(), Some(demo::HUAWEI_GROUP_ID));

    // Memberships: both directions and IsMemberInGroups agree, for every user and group.
    let mut members: BTreeSet<(String, String)> = BTreeSet::new();
    for g in &groups {
        let of_group = paged!(
            store
                .list_group_memberships()
                .identity_store_id(STORE)
                .group_id(g.group_id.clone()),
            |m: &ids::GroupMembership| m.membership_id.clone()
        );
        for m in of_group {
            assert_eq!(m.group_id.as_deref(), Some(&*g.group_id));
            members.insert((m.member_id.unwrap().user_id, g.group_id.clone()));
        }
    }
    assert_eq!(members.len(), 6);
    let mut of_users: BTreeSet<(String, String)> = BTreeSet::new();
    for u in &users {
        let mine = paged!(
            store
                .list_group_memberships_for_member()
                .identity_store_id(STORE)
                .user_id(u.user_id.clone()),
            |m: &ids::GroupMembership| m.membership_id.clone()
        );
        for m in &mine {
            of_users.insert((u.user_id.clone(), m.group_id.clone().unwrap()));
        }
        let mut check = store
            .is_member_in_groups()
            .identity_store_id(STORE)
            .member_id(MemberId {
                user_id: u.user_id.clone(),
            });
        for g in &groups {
            check = check.group_ids(g.group_id.clone());
        }
        let results = check.send().await.unwrap().results;
        assert_eq!(results.len(), groups.len());
        for (r, g) in results.iter().zip(&groups) {
            assert_eq!(r.group_id.as_deref(), Some(&*g.group_id));
            assert_eq!(
                r.membership_exists,
                Some(members.contains(&(u.user_id.clone(), g.group_id.clone()))),
                "{} in {}",
                u.user_id,
                g.group_id
            );
        }
    }
    assert_eq!(members, of_users);
}
