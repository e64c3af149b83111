//! IdentityCenter operations against the demo organization.

use super::*;

#[tokio::test]
async fn identity_center_operations_serve_the_demo_organization() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();

    let instances = paged!(client.list_instances(), |i: &ic::Instance| i
        .instance_id
        .clone());
    assert_eq!(instances.len(), 2);
    assert_eq!(instances[0].instance_id, INSTANCE);
    assert_eq!(instances[0].identity_store_id, STORE);
    assert_eq!(
        instances[1].identity_store_id,
        demo::HUAWEI_OTHER_IDENTITY_STORE_ID
    );

    // Permission sets, with what they grant.
    let sets = paged!(
        client.list_permission_sets().instance_id(INSTANCE),
        |s: &ic::PermissionSet| s.permission_set_id.clone()
    );
    assert_eq!(sets.len(), demo::HUAWEI_PERMISSION_SETS);
    let admin = sets
        .iter()
        .find(|s| s.name.as_deref() == Some("AdministratorAccess"))
        .unwrap();
    let admin_id = admin.permission_set_id.clone().unwrap();
    let by_name = client
        .list_permission_sets()
        .instance_id(INSTANCE)
        .name("AdministratorAccess")
        .collect()
        .await
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].permission_set_id.as_deref(), Some(&*admin_id));
    let by_urn = client
        .list_permission_sets()
        .instance_id(INSTANCE)
        .permission_urn(admin.permission_urn.clone().unwrap())
        .collect()
        .await
        .unwrap();
    assert_eq!(by_urn.len(), 1);
    let by_id = client
        .list_permission_sets()
        .instance_id(INSTANCE)
        .permission_set_id(admin_id.clone())
        .collect()
        .await
        .unwrap();
    assert_eq!(by_id, by_name);
    let described = client
        .describe_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(admin_id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(described.permission_set.as_ref(), Some(admin));
    assert_eq!(admin.session_duration.as_deref(), Some("PT1H"));
    let policies = paged!(
        client
            .list_managed_policies_in_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(admin_id.clone()),
        |p: &ic::AttachedManagedPolicy| p.policy_name.clone()
    );
    assert_eq!(policies[0].policy_name.as_deref(), Some("FullAccess"));
    let roles = paged!(
        client
            .list_managed_roles_in_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(admin_id.clone()),
        |r: &ic::AttachedManagedRole| r.role_name.clone()
    );
    assert_eq!(roles[0].role_name.as_deref(), Some("Tenant Administrator"));
    // SecurityAudit has two policies: pages of 1 really are two pages.
    let audit = sets
        .iter()
        .find(|s| s.name.as_deref() == Some("SecurityAudit"))
        .unwrap();
    let audit_id = audit.permission_set_id.clone().unwrap();
    let two = paged!(
        client
            .list_managed_policies_in_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(audit_id.clone()),
        |p: &ic::AttachedManagedPolicy| p.policy_id.clone()
    );
    assert_eq!(two.len(), 2);
    let policy = client
        .get_custom_policy_for_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(audit_id.clone())
        .send()
        .await
        .unwrap();
    let document: serde_json::Value =
        serde_json::from_str(policy.custom_policy.as_deref().unwrap()).unwrap();
    assert_eq!(document["Statement"][0]["Effect"], "Allow");
    let role = client
        .get_custom_role_for_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(audit_id.clone())
        .send()
        .await
        .unwrap();
    assert!(role.custom_role.unwrap().contains("Statement"));
    let none = client
        .get_custom_policy_for_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(admin_id.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(none.custom_policy, None);

    // Provisioning, both ways, with the status filter.
    let provisioned = paged!(
        client
            .list_accounts_for_provisioned_permission_set()
            .instance_id(INSTANCE)
            .permission_set_id(audit_id.clone()),
        |a: &String| a.clone()
    );
    assert_eq!(provisioned.len(), 5);
    let outdated = client
        .list_accounts_for_provisioned_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(audit_id.clone())
        .provisioning_status("LATEST_PERMISSION_SET_NOT_PROVISIONED")
        .collect()
        .await
        .unwrap();
    assert_eq!(outdated.len(), 1);
    let current = client
        .list_accounts_for_provisioned_permission_set()
        .instance_id(INSTANCE)
        .permission_set_id(audit_id.clone())
        .provisioning_status("LATEST_PERMISSION_SET_PROVISIONED")
        .collect()
        .await
        .unwrap();
    assert_eq!(current.len(), 4);
    assert!(!current.contains(&outdated[0]));
    for account in &provisioned {
        let on_account = paged!(
            client
                .list_permission_sets_provisioned_to_account()
                .instance_id(INSTANCE)
                .account_id(account.clone()),
            |s: &String| s.clone()
        );
        assert!(on_account.contains(&audit_id), "{account}");
    }
    let outdated_here = client
        .list_permission_sets_provisioned_to_account()
        .instance_id(INSTANCE)
        .account_id(outdated[0].clone())
        .provisioning_status("LATEST_PERMISSION_SET_NOT_PROVISIONED")
        .collect()
        .await
        .unwrap();
    assert_eq!(outdated_here, std::slice::from_ref(&audit_id));

    // Account assignments of one account, by permission set, agree with the principals' views.
    let on_seed = paged!(
        client
            .list_account_assignments()
            .instance_id(INSTANCE)
            .account_id(demo::HUAWEI_ACCOUNT_ID),
        |a: &idc::huawei::AccountAssignment| (a.principal_id.clone(), a.permission_set_id.clone())
    );
    assert!(
        on_seed
            .iter()
            .all(|a| a.account_id == demo::HUAWEI_ACCOUNT_ID)
    );
    assert_eq!(
        on_seed
            .iter()
            .filter(|a| a.principal_id == demo::HUAWEI_PRINCIPAL_ID)
            .count(),
        5
    );
    let admins_here = client
        .list_account_assignments()
        .instance_id(INSTANCE)
        .account_id(demo::HUAWEI_ACCOUNT_ID)
        .permission_set_id(admin_id.clone())
        .collect()
        .await
        .unwrap();
    assert!(admins_here.iter().all(|a| a.permission_set_id == admin_id));
    assert!(admins_here.iter().any(
        |a| a.principal_id == demo::HUAWEI_GROUP_ID && a.principal_type == PrincipalType::Group
    ));

    // Applications.
    let apps = paged!(
        client.list_applications().instance_id(INSTANCE),
        |a: &ic::Application| a.application_urn.clone()
    );
    assert_eq!(apps.len(), demo::HUAWEI_APPLICATIONS);
    let wiki = apps
        .iter()
        .find(|a| a.name.as_deref() == Some("wiki"))
        .unwrap();
    let urn = wiki.application_urn.clone().unwrap();
    // The application instance id is not in the listing's shape: the application instances have it.
    let instances = paged!(
        client.list_application_instances().instance_id(INSTANCE),
        |a: &ic::ApplicationInstance| a.application_instance_id.clone()
    );
    assert_eq!(instances.len(), demo::HUAWEI_APPLICATIONS);
    let wiki_row = instances.iter().find(|a| a.name == "wiki").unwrap();
    assert!(wiki_row.visible.is_some());
    let described = client
        .describe_application()
        .instance_id(INSTANCE)
        .application_instance_id(&*wiki_row.application_instance_id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.application_urn.as_deref(), Some(&*urn));
    assert_eq!(
        described.assignment_config.map(|c| c.assignment_required),
        Some(true)
    );
    let config = client
        .get_application_assignment_configuration()
        .instance_id(INSTANCE)
        .application_instance_id(&*wiki_row.application_instance_id)
        .send()
        .await
        .unwrap();
    assert_eq!(config.assignment_required, Some(true));
    let console = instances.iter().find(|a| a.name == "console").unwrap();
    let config = client
        .get_application_assignment_configuration()
        .instance_id(INSTANCE)
        .application_instance_id(&*console.application_instance_id)
        .send()
        .await
        .unwrap();
    assert_eq!(config.assignment_required, Some(false));
    let wiki_assignments = paged!(
        client
            .list_application_assignments()
            .instance_id(INSTANCE)
            .application_instance_id(&*wiki_row.application_instance_id),
        |a: &idc::huawei::ApplicationAssignment| a.principal_id.clone()
    );
    assert!(wiki_assignments.iter().all(|a| a.application_urn == urn));
    // The reverse view: every principal of the wiki sees it in its own listing.
    for a in &wiki_assignments {
        let mine = client
            .list_application_assignments_for_principal()
            .instance_id(INSTANCE)
            .principal_id(a.principal_id.clone())
            .principal_type(a.principal_type.clone())
            .collect()
            .await
            .unwrap();
        assert!(mine.contains(a));
    }
}
