//! Filters and sort of the identity and account listings.

use super::*;

#[tokio::test]
async fn identity_filters_and_sort() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let data = DataSet::demo();
    let i = demo::SCP_INSTANCE_ID;
    let by_login = client
        .list_users()
        .instance_id(i)
        .user_id(demo::SCP_USER_LOGIN_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(by_login.len(), 1);
    assert_eq!(by_login[0].id, demo::SCP_USER_ID);
    assert!(
        client
            .list_users()
            .instance_id(i)
            .user_id(demo::SCP_USER_NAME)
            .collect()
            .await
            .unwrap()
            .is_empty(),
        "user_id matches the login ID, not the name"
    );

    let group = data
        .scp
        .groups
        .iter()
        .find(|g| &*g.id == demo::SCP_GROUP_ID)
        .unwrap();
    let outside = client
        .list_users()
        .instance_id(i)
        .excluded_group_id(demo::SCP_GROUP_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(outside.len(), demo::SCP_USERS - group.members.len());
    assert!(
        outside
            .iter()
            .all(|u| !group.members.iter().any(|m| **m == *u.id))
    );

    let assigned: BTreeSet<&str> = data
        .scp
        .account_assignments
        .iter()
        .filter(|a| &*a.target_account_id == demo::SCP_OTHER_ACCOUNT_ID)
        .map(|a| &*a.principal_id)
        .collect();
    let unassigned = client
        .list_users()
        .instance_id(i)
        .excluded_account_id(demo::SCP_OTHER_ACCOUNT_ID)
        .collect()
        .await
        .unwrap();
    assert!(!unassigned.is_empty() && unassigned.len() < demo::SCP_USERS);
    assert!(unassigned.iter().all(|u| !assigned.contains(u.id.as_str())));
    let groups_unassigned = client
        .list_groups()
        .instance_id(i)
        .excluded_account_id(demo::SCP_OTHER_ACCOUNT_ID)
        .collect()
        .await
        .unwrap();
    assert!(
        groups_unassigned
            .iter()
            .all(|g| !assigned.contains(g.id.as_str()))
    );
    assert!(groups_unassigned.len() < demo::SCP_GROUPS);

    let not_mine = client
        .list_groups()
        .instance_id(i)
        .excluded_user_uuid(demo::SCP_USER_ID)
        .collect()
        .await
        .unwrap();
    assert!(
        not_mine
            .iter()
            .all(|g| g.users.iter().all(|u| u.id != demo::SCP_USER_ID))
    );
    assert!(not_mine.len() < demo::SCP_GROUPS);

    let named = client
        .list_groups()
        .instance_id(i)
        .name(demo::SCP_PRINCIPAL_NAME)
        .collect()
        .await
        .unwrap();
    assert_eq!(named.len(), 1);
    let member = client
        .list_group_users()
        .instance_id(i)
        .group_id(demo::SCP_GROUP_ID)
        .user_id(demo::SCP_USER_LOGIN_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(member.len(), 1);

    // Sort: by a field of the items, descending and ascending, several keys.
    let desc = client
        .list_users()
        .instance_id(i)
        .sort("name:desc")
        .page_size(7)
        .collect()
        .await
        .unwrap();
    let mut names: Vec<String> = data.scp.users.iter().map(|u| u.name.to_string()).collect();
    names.sort();
    names.reverse();
    assert_eq!(
        desc.iter().map(|u| u.name.clone()).collect::<Vec<_>>(),
        names
    );
    let page = client
        .list_users()
        .instance_id(i)
        .sort("name:desc")
        .page_size(7)
        .page(1)
        .send()
        .await
        .unwrap();
    // (The facade's `Page::sort` is filled for ListAccountAssignments only: the generator maps the
    // echoed `sort` of that operation alone. The emulator's own tests check the echo.)
    assert_eq!(page.count, Some(demo::SCP_USERS as u64));
    assert_eq!(page.items[0].name, names[7]);
    let by_count = client
        .list_groups()
        .instance_id(i)
        .sort("user_count:desc,name:asc")
        .collect()
        .await
        .unwrap();
    let counts: Vec<i64> = by_count.iter().map(|g| g.user_count).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts.first() > counts.last());
    let err = client
        .list_users()
        .instance_id(i)
        .sort("shoe_size:asc")
        .collect()
        .await
        .unwrap_err();
    assert_eq!(status_of(&err), (400, Some("ValidationError".into())));
    assert!(err.to_string().contains("shoe_size"), "{err}");
}

#[tokio::test]
async fn account_filters_and_sort() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let org = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap();
    let names = |accounts: Vec<idc::idc_raw::scp_organization::types::Account>| -> Vec<String> {
        accounts.into_iter().map(|a| a.name.unwrap()).collect()
    };
    assert_eq!(
        names(org.list_accounts().type_("AUDIT").collect().await.unwrap()),
        ["Audit"]
    );
    assert_eq!(
        names(
            org.list_accounts()
                .parent_unit_name("Security")
                .collect()
                .await
                .unwrap()
        ),
        ["Log Archive", "Audit"]
    );
    assert_eq!(
        names(
            org.list_accounts()
                .joined_method("INVITED")
                .collect()
                .await
                .unwrap()
        ),
        [demo::SCP_TARGET_ACCOUNT_NAME]
    );
    assert_eq!(
        names(
            org.list_accounts()
                .email(demo::SCP_TARGET_ACCOUNT_EMAIL)
                .collect()
                .await
                .unwrap()
        ),
        [demo::SCP_TARGET_ACCOUNT_NAME]
    );
    assert_eq!(
        names(
            org.list_accounts()
                .id(demo::SCP_OTHER_ACCOUNT_ID)
                .collect()
                .await
                .unwrap()
        ),
        ["Dev Account"]
    );
    // Joined between 2025-02-01 and 2025-03-31 (inclusive bounds, any RFC 3339 offset).
    assert_eq!(
        names(
            org.list_accounts()
                .joined_start_date("2025-02-03T10:30:00.000Z")
                .joined_end_date("2025-03-31T09:00:00+09:00")
                .collect()
                .await
                .unwrap()
        ),
        [demo::SCP_TARGET_ACCOUNT_NAME, "Dev Account"]
    );
    let err = org
        .list_accounts()
        .joined_start_date("last tuesday")
        .collect()
        .await
        .unwrap_err();
    assert_eq!(status_of(&err).0, 400);
    // Accounts without the policy attached.
    assert_eq!(
        names(
            org.list_accounts()
                .exclude_policy_id(
                    org.show_account()
                        .account_id(demo::SCP_OTHER_ACCOUNT_ID)
                        .send()
                        .await
                        .unwrap()
                        .account
                        .control_policies
                        .unwrap()[1]
                        .policy_id
                        .clone()
                )
                .collect()
                .await
                .unwrap()
        ),
        [
            "Management Account",
            demo::SCP_TARGET_ACCOUNT_NAME,
            "Log Archive",
            "Audit"
        ]
    );
    assert_eq!(
        names(
            org.list_accounts()
                .sort("name:asc")
                .collect()
                .await
                .unwrap()
        ),
        [
            "Admin Account",
            "Audit",
            "Dev Account",
            "Log Archive",
            "Management Account"
        ]
    );
    assert_eq!(
        names(
            org.list_accounts()
                .organization_id(demo::SCP_ORGANIZATION_ID)
                .sort("joined_time:desc")
                .page_size(2)
                .collect()
                .await
                .unwrap()
        ),
        [
            "Audit",
            "Log Archive",
            "Dev Account",
            "Admin Account",
            "Management Account"
        ]
    );
    // lazy_policy=false leaves the control policies out.
    let lazy = org
        .show_account()
        .account_id(demo::SCP_OTHER_ACCOUNT_ID)
        .lazy_policy(false)
        .send()
        .await
        .unwrap()
        .account;
    assert_eq!(lazy.control_policies, None);
}
