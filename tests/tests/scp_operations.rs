//! Every SCP operation of both services (iam-identity-center and organization) end to end through
//! the facade against the emulator: page sizes 1 and 2, every API version, filters, sort, the
//! version lists, 404s, views derived from the same rows, and forward compatibility.

use std::collections::BTreeSet;

use idc::Error;
use idc::scp::ApiVersion;
use idc::scp::versions::{IAM_IDENTITY_CENTER, ORGANIZATION};
use idc_emulator::{DataSet, FaultPlan, RunningEmulator, demo};
use idc_tests::{clock, emulator, scp};

/// A date when every iam-identity-center version is before its Not Before date.
const IIC_DAY: &str = "2026-01-10";
/// A date when every organization version is before its Not Before date.
const ORG_DAY: &str = "2025-12-01";

async fn demo_on(day: &str) -> (RunningEmulator, idc::scp::Client) {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock(day)).await;
    let client = scp(&emu).clock(clock(day)).build().unwrap();
    (emu, client)
}

/// Collects a list operation whole, then at page sizes 1 and 2, and checks all three agree.
macro_rules! at_sizes {
    ($build:expr) => {{
        let all = $build.collect().await.unwrap();
        for size in [1, 2] {
            let paged = $build.page_size(size).collect().await.unwrap();
            assert_eq!(paged, all, "page size {size}");
        }
        all
    }};
}

fn status_of(err: &Error) -> (u16, Option<String>) {
    match err {
        Error::Service(e) => (e.status, e.code.clone()),
        other => panic!("not a service error: {other:?}"),
    }
}

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

#[tokio::test]
async fn unknown_ids_are_404_in_the_scp_error_shape() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let i = demo::SCP_INSTANCE_ID;
    let errors = vec![
        client
            .show_instance()
            .instance_id("ssoins-0")
            .send()
            .await
            .unwrap_err(),
        client
            .list_users()
            .instance_id("ssoins-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .show_user()
            .instance_id(i)
            .user_uuid("nobody")
            .send()
            .await
            .unwrap_err(),
        // A user of another instance is not a user of this one.
        client
            .show_user()
            .instance_id(demo::SCP_OTHER_INSTANCE_ID)
            .user_uuid(demo::SCP_USER_ID)
            .send()
            .await
            .unwrap_err(),
        client
            .list_groups()
            .instance_id("ssoins-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .show_group()
            .instance_id(i)
            .group_id("g-0")
            .send()
            .await
            .unwrap_err(),
        client
            .list_group_users()
            .instance_id(i)
            .group_id("g-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .list_permission_sets()
            .instance_id("ssoins-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .show_permission_set()
            .instance_id(i)
            .permission_set_id("ps-0")
            .send()
            .await
            .unwrap_err(),
        client
            .list_permission_set_policies()
            .instance_id(i)
            .permission_set_id("ps-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .list_account_assignments()
            .instance_id(i)
            .target_account_id("acct-0")
            .collect()
            .await
            .unwrap_err(),
        client
            .list_users()
            .instance_id(i)
            .excluded_group_id("g-0")
            .collect()
            .await
            .unwrap_err(),
    ];
    for err in &errors {
        assert_eq!(status_of(err), (404, Some("NotFound".into())), "{err}");
        assert!(
            err.to_string()
                .starts_with("SCP IAM Identity Center returned HTTP 404"),
            "{err}"
        );
    }
    let org = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap();
    for err in [
        org.show_account()
            .account_id("acct-0")
            .send()
            .await
            .unwrap_err(),
        org.list_accounts()
            .organization_id("org-0")
            .collect()
            .await
            .unwrap_err(),
        org.show_account()
            .account_id(demo::SCP_TARGET_ACCOUNT_ID)
            .organization_id("org-0")
            .send()
            .await
            .unwrap_err(),
    ] {
        assert_eq!(status_of(&err), (404, Some("NotFound".into())), "{err}");
        // The organization service names itself, not IAM Identity Center.
        assert!(
            err.to_string()
                .starts_with("SCP Organization returned HTTP 404"),
            "{err}"
        );
        assert_eq!(err.service_error().unwrap().service, "SCP Organization");
    }
    // An instance without users is an empty list, not a 404.
    let none = client
        .list_users()
        .instance_id(demo::SCP_OTHER_INSTANCE_ID)
        .collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

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

/// A one-shot HTTP server on loopback answering every request with `body` as JSON.
async fn canned(body: &'static str) -> String {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            // Answered even when the head is cut short, as before.
            let _ = idc_tests::read_head(&mut stream).await;
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    format!("http://{addr}")
}

/// A client of a one-shot server that answers every request with `body`.
async fn canned_client(body: &'static str) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(canned(body).await)
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .build()
        .unwrap()
}

#[tokio::test]
async fn unknown_fields_and_a_new_principal_type_parse() {
    let client = canned_client(
        r#"{"account_assignments": [{"instance_id": "ssoins-1", "permission_sets": [
              {"permission_set_id": "ps-1", "permission_set_name": "Admin", "tier": "gold"}],
            "principal_id": "p-1", "principal_name": "robots", "principal_type": "SERVICE_ACCOUNT",
            "role_srn": "srn:role", "target_account_email": "a@example.com",
            "target_account_id": "acct-1", "target_account_name": "A", "added_in_2027": {"x": 1}}],
          "count": 1, "page": 0, "size": 20, "sort": ["created_at:asc"], "next": "later"}"#,
    )
    .await;
    let items = client
        .list_account_assignments()
        .instance_id("ssoins-1")
        .target_account_id("acct-1")
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].principal_type,
        idc::PrincipalType::Unknown("SERVICE_ACCOUNT".into())
    );
    assert_eq!(items[0].permission_sets[0].extra["tier"], "gold");
    assert_eq!(items[0].extra["added_in_2027"]["x"], 1);

    let client = canned_client(
        r#"{"users": [{"id": "u-1", "name": "N", "user_id": "n", "badge": 7}],
            "count": 1, "page": 0, "size": 20, "sort": []}"#,
    )
    .await;
    let users = client
        .list_users()
        .instance_id("ssoins-1")
        .collect()
        .await
        .unwrap();
    assert_eq!(users[0].extra["badge"], 7);

    let client = canned_client(
        r#"{"accounts": [{"id": "a", "created_at": "t", "created_by": "b", "joined_method": "TELEPORTED",
             "joined_time": "t", "modified_at": "t", "modified_by": "b", "organization_id": "o",
             "parent_unit_id": "r", "state": "HIBERNATING", "type": "OBSERVER", "colour": "blue"}],
            "count": 1, "page": 0, "size": 20}"#,
    )
    .await;
    let accounts = client
        .organization()
        .unwrap()
        .list_accounts()
        .collect()
        .await
        .unwrap();
    assert_eq!(accounts[0].type_, "OBSERVER");
    assert_eq!(accounts[0].joined_method, "TELEPORTED");
    assert_eq!(accounts[0].extra["colour"], "blue");

    // A permission set's policies have no documented shape: any JSON value is kept, none fails.
    let client = canned_client(
        r#"{"policies": [{"name": "ReadOnly", "category": "MANAGED_POLICY", "id": "p-1"},
              "a bare string", 7, null, [1, 2]],
            "count": 5, "page": 0, "size": 20, "sort": []}"#,
    )
    .await;
    let policies = client
        .list_permission_set_policies()
        .instance_id("ssoins-1")
        .permission_set_id("ps-1")
        .collect()
        .await
        .unwrap();
    assert_eq!(policies.len(), 5);
    assert_eq!(policies[0]["name"], "ReadOnly");
    assert_eq!(*policies[1], "a bare string");
    assert_eq!(*policies[2], 7);
    assert!(policies[3].is_null());
}

#[tokio::test]
async fn the_access_report_organization_is_served_consistently() {
    let data =
        DataSet::generate_scp_organization(idc_emulator::ScpOrganizationShape::ACCESS_REPORT);
    let emu = emulator(data.clone(), FaultPlan::default(), clock(IIC_DAY)).await;
    let client = scp(&emu).clock(clock(IIC_DAY)).build().unwrap();
    let users = client
        .list_users()
        .instance_id(demo::SCP_INSTANCE_ID)
        .page_size(100)
        .collect()
        .await
        .unwrap();
    assert_eq!(users.len(), 500);
    let accounts = client
        .organization()
        .unwrap()
        .with_api_version(ApiVersion::new(1, 2))
        .unwrap()
        .list_accounts()
        .page_size(100)
        .collect()
        .await
        .unwrap();
    assert_eq!(accounts.len(), 100);
    let mut total = 0;
    for account in accounts.iter().take(10) {
        let items = client
            .list_account_assignments()
            .instance_id(demo::SCP_INSTANCE_ID)
            .target_account_id(&account.id)
            .collect()
            .await
            .unwrap();
        assert!(!items.is_empty(), "every account has assignments");
        for a in &items {
            assert_eq!(a.target_account_name, account.name.clone().unwrap());
            assert!(!a.principal_name.is_empty());
            assert!(!a.permission_sets.is_empty());
        }
        total += items.len();
    }
    assert!(total >= 10);
}

#[tokio::test]
async fn a_repeated_page_of_the_new_lists_is_a_pagination_error_and_transient_faults_lose_nothing()
{
    use idc_emulator::Fault;
    let (emu, client) = demo_on(IIC_DAY).await;
    let users = || {
        client
            .list_users()
            .instance_id(demo::SCP_INSTANCE_ID)
            .page_size(5)
    };
    let expected = users().collect().await.unwrap();
    assert_eq!(expected.len(), demo::SCP_USERS);
    emu.set_faults(FaultPlan::new(1).on_requests(2.., Fault::RepeatedMarker));
    let err = users().collect().await.unwrap_err();
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");

    // Resets and 503s are retried: the same users, each once.
    emu.set_faults(
        FaultPlan::new(7)
            .with_probability(0.15, Fault::ConnectionReset)
            .with_probability(
                0.15,
                Fault::Status {
                    status: 503,
                    retry_after: None,
                },
            ),
    );
    emu.clear_requests();
    assert_eq!(users().collect().await.unwrap(), expected);
    let org = client.organization().unwrap();
    let accounts = org.list_accounts().page_size(1).collect().await.unwrap();
    assert_eq!(accounts.len(), demo::SCP_ACCOUNTS);
    // 8 pages of users and 5 of accounts, and the retries of the faulted ones.
    let pages = demo::SCP_USERS.div_ceil(5) + demo::SCP_ACCOUNTS;
    assert!(
        emu.request_count() > pages,
        "{} requests",
        emu.request_count()
    );
}

#[tokio::test]
async fn every_page_says_the_sort_order_the_service_applied() {
    let (_emu, client) = demo_on(IIC_DAY).await;
    let page = client
        .list_users()
        .instance_id(demo::SCP_INSTANCE_ID)
        .sort("name:desc")
        .send()
        .await
        .unwrap();
    assert_eq!(page.sort, ["name:desc"]);
    let page = client
        .organization()
        .unwrap()
        .list_accounts()
        .send()
        .await
        .unwrap();
    assert!(!page.sort.is_empty(), "the default order is echoed too");
}
