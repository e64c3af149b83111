//! Show operations, fields that depend on the API version, and every organization version.

use super::*;

#[tokio::test]
async fn show_operations_return_their_row() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let data = DataSet::demo();
    let user = client
        .show_user()
        .instance_id(demo::SCP_INSTANCE_ID)
        .user_uuid(demo::SCP_USER_ID)
        .send()
        .await
        .unwrap()
        .user;
    assert_eq!(user.name, demo::SCP_USER_NAME);
    let expected: BTreeSet<&str> = data
        .scp
        .groups
        .iter()
        .filter(|g| g.members.iter().any(|m| &**m == demo::SCP_USER_ID))
        .map(|g| &*g.name)
        .collect();
    let groups: BTreeSet<&str> = user.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, expected);
    assert!(groups.contains(demo::SCP_PRINCIPAL_NAME));

    let group = client
        .show_group()
        .instance_id(demo::SCP_INSTANCE_ID)
        .group_id(demo::SCP_GROUP_ID)
        .send()
        .await
        .unwrap()
        .group;
    assert_eq!(group.name, demo::SCP_PRINCIPAL_NAME);
    assert!(group.users.iter().any(|u| u.id == demo::SCP_USER_ID));

    let set = client
        .show_permission_set()
        .instance_id(demo::SCP_INSTANCE_ID)
        .permission_set_id(demo::SCP_PERMISSION_SET_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(set.name, "AdministratorAccess");
    assert_eq!(set.managed_policies.len(), 1);
    assert_eq!(set.inline_policies.len(), 1);
    assert_eq!(set.custom_policies.as_ref().map(Vec::len), Some(1));

    let account = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap()
        .show_account()
        .account_id(demo::SCP_OTHER_ACCOUNT_ID)
        .send()
        .await
        .unwrap()
        .account;
    assert_eq!(account.name.as_deref(), Some("Dev Account"));
    let policies: Vec<String> = account
        .control_policies
        .unwrap()
        .into_iter()
        .map(|p| p.policy_name.unwrap())
        .collect();
    assert_eq!(policies, ["DenyLeaveOrganization", "RegionRestriction"]);
}

#[tokio::test]
async fn show_instance_has_public_ip_and_port_from_1_3_on() {
    let (emu, client) = demo_on(IIC_DAY).await;
    for version in ApiVersion::all() {
        emu.clear_requests();
        let instance = client
            .show_instance()
            .instance_id(demo::SCP_INSTANCE_ID)
            .api_version(version)
            .send()
            .await
            .unwrap()
            .instance;
        assert_eq!(instance.id, demo::SCP_INSTANCE_ID);
        let listed = client
            .list_instances()
            .api_version(version)
            .collect()
            .await
            .unwrap();
        if version.minor() >= 3 {
            assert_eq!(
                instance.public_ip.as_deref(),
                Some("203.0.113.10"),
                "{version}"
            );
            assert_eq!(instance.port, Some(serde_json::json!(443)), "{version}");
            // An instance without a public address says so with nulls.
            assert_eq!(listed[1].public_ip, None);
        } else {
            assert_eq!(instance.public_ip, None, "{version}");
            assert_eq!(instance.port, None, "{version}");
            assert!(!instance.extra.contains_key("public_ip"));
        }
        assert_eq!(listed[0], instance, "{version}: list and show agree");
        for request in emu.requests() {
            assert_eq!(
                request.header("scp-api-version"),
                Some(format!("iam-identity-center {version}").as_str())
            );
        }
    }
}

#[tokio::test]
async fn the_custom_policies_rename_follows_the_version() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    for version in ApiVersion::all() {
        let renamed = version.minor() >= 2;
        let sets = client
            .list_permission_sets()
            .instance_id(demo::SCP_INSTANCE_ID)
            .name("AdministratorAccess")
            .api_version(version)
            .collect()
            .await
            .unwrap();
        assert_eq!(sets.len(), 1);
        let set = &sets[0];
        if renamed {
            assert_eq!(
                set.custom_policies.as_ref().map(Vec::len),
                Some(1),
                "{version}"
            );
            assert!(!set.extra.contains_key("customer_policies"));
        } else {
            assert_eq!(set.custom_policies, None, "{version}");
            assert_eq!(
                set.extra["customer_policies"].as_array().map(Vec::len),
                Some(1),
                "{version}: the pre-1.2 field is kept among the unknown fields"
            );
        }
        let (custom, wrong) = if renamed {
            ("CUSTOM_POLICY", "CUSTOMER_POLICY")
        } else {
            ("CUSTOMER_POLICY", "CUSTOM_POLICY")
        };
        let policies = client
            .list_permission_set_policies()
            .instance_id(demo::SCP_INSTANCE_ID)
            .permission_set_id(demo::SCP_PERMISSION_SET_ID)
            .api_version(version)
            .collect()
            .await
            .unwrap();
        let categories: BTreeSet<&str> = policies
            .iter()
            .map(|p| p["category"].as_str().unwrap())
            .collect();
        assert_eq!(
            categories,
            BTreeSet::from(["MANAGED_POLICY", custom, "INLINE_POLICY"]),
            "{version}"
        );
        let only = client
            .list_permission_set_policies()
            .instance_id(demo::SCP_INSTANCE_ID)
            .permission_set_id(demo::SCP_PERMISSION_SET_ID)
            .category(custom)
            .api_version(version)
            .collect()
            .await
            .unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(only[0]["name"], "AdministratorAccess-Custom");
        let err = client
            .list_permission_set_policies()
            .instance_id(demo::SCP_INSTANCE_ID)
            .permission_set_id(demo::SCP_PERMISSION_SET_ID)
            .category(wrong)
            .api_version(version)
            .collect()
            .await
            .unwrap_err();
        assert_eq!(
            status_of(&err),
            (400, Some("ValidationError".into())),
            "{version}"
        );
        // Assignments carry the permission sets with the version's field name too.
        let items = client
            .list_account_assignments()
            .instance_id(demo::SCP_INSTANCE_ID)
            .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
            .permission_set_id(demo::SCP_PERMISSION_SET_ID)
            .api_version(version)
            .collect()
            .await
            .unwrap();
        assert!(!items.is_empty());
        let summary = &items[0].permission_sets[0];
        assert_eq!(
            summary.permission_set_id.as_deref(),
            Some(demo::SCP_PERMISSION_SET_ID)
        );
        assert_eq!(summary.custom_policies.is_some(), renamed, "{version}");
        assert_eq!(summary.extra.contains_key("customer_policies"), !renamed);
    }
}

#[tokio::test]
async fn every_organization_version_lists_and_shows_accounts() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock(ORG_DAY)).await;
    let client = scp(&emu).clock(clock(ORG_DAY)).build().unwrap();
    let org = client.organization().unwrap();
    // The reference documents organization 1.2 only.
    let versions: Vec<ApiVersion> = ApiVersion::all_in(ORGANIZATION).collect();
    assert_eq!(versions, [ApiVersion::new(1, 2)]);
    for version in versions {
        let org = org.with_api_version(version).unwrap();
        emu.clear_requests();
        let accounts = org.list_accounts().collect().await.unwrap();
        assert_eq!(accounts.len(), demo::SCP_ACCOUNTS, "{version}");
        let shown = org
            .show_account()
            .account_id(&accounts[0].id)
            .send()
            .await
            .unwrap()
            .account;
        assert_eq!(shown.id, accounts[0].id);
        assert_eq!(shown.type_, "MANAGEMENT");
        for request in emu.requests() {
            assert_eq!(
                request.header("scp-api-version"),
                Some(format!("organization {version}").as_str())
            );
        }
    }
}
