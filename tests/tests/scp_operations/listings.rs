//! The version tables, every list at page sizes 1 and 2, and the names assignments show.

use super::*;

#[tokio::test]
async fn both_services_list_their_compiled_version_tables() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let check = |versions: Vec<(String, Option<String>, String)>,
                 table: &[idc::scp::versions::ApiVersionInfo]| {
        let expected: Vec<(String, Option<String>, String)> = table
            .iter()
            .map(|v| {
                (
                    format!("v{}.{}", v.major, v.minor),
                    v.not_before.map(|d| d.to_string()),
                    v.status.as_str().to_owned(),
                )
            })
            .collect();
        assert_eq!(versions, expected);
    };
    let iic = client.versions().await.unwrap();
    check(
        iic.versions
            .into_iter()
            .map(|v| (v.id, v.not_before, v.status))
            .collect(),
        idc_raw_table(true),
    );
    let org = client.organization().unwrap().versions().await.unwrap();
    check(
        org.versions
            .into_iter()
            .map(|v| (v.id, v.not_before, v.status))
            .collect(),
        idc_raw_table(false),
    );
    assert_ne!(idc_raw_table(true).len(), idc_raw_table(false).len());
}

/// The compiled version table of iam-identity-center (`true`) or organization.
fn idc_raw_table(iic: bool) -> &'static [idc::scp::versions::ApiVersionInfo] {
    if iic {
        IAM_IDENTITY_CENTER.table
    } else {
        ORGANIZATION.table
    }
}

#[tokio::test]
async fn every_list_gives_the_rows_at_page_sizes_1_and_2() {
    let (emu, client) = demo_on(IIC_DAY).await;
    let data = DataSet::demo();
    let instances = at_sizes!(client.list_instances());
    let ids: Vec<&str> = instances.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [demo::SCP_INSTANCE_ID, demo::SCP_OTHER_INSTANCE_ID]);

    let users = at_sizes!(client.list_users().instance_id(demo::SCP_INSTANCE_ID));
    assert_eq!(users.len(), demo::SCP_USERS);
    let expected: Vec<&str> = data.scp.users.iter().map(|u| &*u.id).collect();
    assert_eq!(
        users.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        expected
    );

    let groups = at_sizes!(client.list_groups().instance_id(demo::SCP_INSTANCE_ID));
    assert_eq!(groups.len(), demo::SCP_GROUPS);
    for (group, row) in groups.iter().zip(&data.scp.groups) {
        assert_eq!(group.id, &*row.id);
        assert_eq!(group.user_count, row.members.len() as i64);
        let members: Vec<&str> = group.users.iter().map(|u| u.id.as_str()).collect();
        let rows: Vec<&str> = row.members.iter().map(|m| &**m).collect();
        assert_eq!(members, rows);
    }

    let members = at_sizes!(
        client
            .list_group_users()
            .instance_id(demo::SCP_INSTANCE_ID)
            .group_id(demo::SCP_GROUP_ID)
    );
    let row = data
        .scp
        .groups
        .iter()
        .find(|g| &*g.id == demo::SCP_GROUP_ID)
        .unwrap();
    assert!(members.len() > 2);
    assert_eq!(
        members.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        row.members.iter().map(|m| &**m).collect::<Vec<_>>()
    );
    for member in &members {
        assert!(member.groups.iter().any(|g| g.id == demo::SCP_GROUP_ID));
        assert_eq!(member.group_count, member.groups.len() as i64);
    }

    let sets = at_sizes!(
        client
            .list_permission_sets()
            .instance_id(demo::SCP_INSTANCE_ID)
    );
    assert_eq!(sets.len(), demo::SCP_PERMISSION_SETS);
    let policies = at_sizes!(
        client
            .list_permission_set_policies()
            .instance_id(demo::SCP_INSTANCE_ID)
            .permission_set_id(demo::SCP_PERMISSION_SET_ID)
    );
    assert_eq!(policies.len(), demo::SCP_PERMISSION_SET_POLICIES);

    let org = client.organization().unwrap();
    let org = org.with_api_version(ApiVersion::new(1, 2)).unwrap();
    let accounts = at_sizes!(org.list_accounts());
    assert_eq!(accounts.len(), demo::SCP_ACCOUNTS);
    assert_eq!(
        accounts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        data.scp.accounts.iter().map(|a| &*a.id).collect::<Vec<_>>()
    );

    let assignments = at_sizes!(
        client
            .list_account_assignments()
            .instance_id(demo::SCP_INSTANCE_ID)
            .target_account_id(demo::SCP_OTHER_ACCOUNT_ID)
    );
    assert_eq!(assignments.len(), demo::SCP_OTHER_ACCOUNT_ASSIGNMENTS);
    // At page size 1, one request per item (and the paginator stops on `count`).
    emu.clear_requests();
    client
        .list_account_assignments()
        .instance_id(demo::SCP_INSTANCE_ID)
        .target_account_id(demo::SCP_OTHER_ACCOUNT_ID)
        .page_size(1)
        .collect()
        .await
        .unwrap();
    assert_eq!(emu.request_count(), demo::SCP_OTHER_ACCOUNT_ASSIGNMENTS);
}

#[tokio::test]
async fn assignments_show_the_names_of_the_rows_their_ids_name() {
    let mut data = DataSet::demo();
    // Rename the target account and the demo user: every view changes with the row.
    let account = data
        .scp
        .accounts
        .iter_mut()
        .find(|a| &*a.id == demo::SCP_TARGET_ACCOUNT_ID)
        .unwrap();
    account.name = "Renamed Account".into();
    let user = data
        .scp
        .users
        .iter_mut()
        .find(|u| &*u.id == demo::SCP_USER_ID)
        .unwrap();
    user.name = "Renamed User".into();
    let emu = emulator(data.clone(), FaultPlan::default(), clock(IIC_DAY)).await;
    let client = scp(&emu).clock(clock(IIC_DAY)).build().unwrap();

    let items = client
        .list_account_assignments()
        .instance_id(demo::SCP_INSTANCE_ID)
        .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS);
    assert!(
        items
            .iter()
            .all(|a| a.target_account_name == "Renamed Account")
    );
    assert!(
        items
            .iter()
            .all(|a| a.target_account_email == demo::SCP_TARGET_ACCOUNT_EMAIL)
    );
    let mine: Vec<_> = items
        .iter()
        .filter(|a| a.principal_id == demo::SCP_USER_ID)
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].principal_name, "Renamed User");
    assert_eq!(mine[0].principal_type, idc::PrincipalType::User);
    // Its permission sets are the permission set rows, by name.
    let row = data
        .scp
        .account_assignments
        .iter()
        .find(|a| {
            &*a.principal_id == demo::SCP_USER_ID
                && &*a.target_account_id == demo::SCP_TARGET_ACCOUNT_ID
        })
        .unwrap();
    let names: Vec<String> = row
        .permission_set_ids
        .iter()
        .map(|id| {
            data.scp
                .permission_sets
                .iter()
                .find(|p| p.id == *id)
                .unwrap()
                .name
                .to_string()
        })
        .collect();
    assert_eq!(
        mine[0]
            .permission_sets
            .iter()
            .map(|p| p.permission_set_name.clone().unwrap())
            .collect::<Vec<_>>(),
        names
    );
    // The old name filters nothing in; the new one everything.
    let by_old = client
        .list_account_assignments()
        .instance_id(demo::SCP_INSTANCE_ID)
        .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
        .target_account_name(demo::SCP_TARGET_ACCOUNT_NAME)
        .collect()
        .await
        .unwrap();
    assert!(by_old.is_empty());
    let by_user = client
        .list_account_assignments()
        .instance_id(demo::SCP_INSTANCE_ID)
        .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
        .principal_name("Renamed User")
        .collect()
        .await
        .unwrap();
    assert_eq!(by_user.len(), 1);
    // The organization service shows the same row.
    let account = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap()
        .show_account()
        .account_id(demo::SCP_TARGET_ACCOUNT_ID)
        .send()
        .await
        .unwrap()
        .account;
    assert_eq!(account.name.as_deref(), Some("Renamed Account"));
    // And ShowUser.
    let user = client
        .show_user()
        .instance_id(demo::SCP_INSTANCE_ID)
        .user_uuid(demo::SCP_USER_ID)
        .send()
        .await
        .unwrap()
        .user;
    assert_eq!(user.name, "Renamed User");
    assert_eq!(user.user_id, demo::SCP_USER_LOGIN_ID);
}
