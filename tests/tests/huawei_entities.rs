//! Every Huawei operation (IdentityCenter, IdentityStore, Organizations) end to end through the
//! `idc` facade against the emulator's relational data set: pagination at page sizes 1 and 2,
//! forward and reverse views agreeing, the POST look-ups, a 404 for each kind of unknown id, and
//! the project-scoped (X-Project-Id) signing path.

use std::collections::{BTreeSet, HashMap};

use idc::huawei::identitystore::Client as StoreClient;
use idc::{Error, PrincipalType};
use idc_emulator::demo::{self, OrganizationShape};
use idc_emulator::{DataSet, Emulator, RunningEmulator};
use idc_raw::huawei_identitycenter::types as ic;
use idc_raw::huawei_identitystore::types::{
    self as ids, AlternateIdentifier, ExternalId, MemberId, UniqueAttribute,
};
use idc_raw::huawei_organizations::types as org;
use idc_tests::{demo_emulator, huawei};

fn store_client(emu: &RunningEmulator) -> StoreClient {
    huawei(emu).build().unwrap().identity_store().unwrap()
}

/// The status and error code of a service error.
/// The status and code of a service error, after checking that its message names the service
/// that answered: the one its code belongs to (`IDS.*`, `Organizations.*`, `IIC.*` but
/// `IIC.1000`, which every service uses for a bad parameter).
fn status_code(result: Result<impl std::fmt::Debug, Error>) -> (u16, String) {
    match result {
        Err(Error::Service(e)) => {
            let code = e.code.clone().unwrap_or_default();
            let expected = match code.split('.').next() {
                Some("IDS") => Some("Huawei Cloud IdentityStore"),
                Some("Organizations") => Some("Huawei Cloud Organizations"),
                Some("IIC") if code != "IIC.1000" => Some("Huawei Cloud IAM Identity Center"),
                _ => None,
            };
            if let Some(expected) = expected {
                assert_eq!(e.service, expected, "{e}");
            }
            assert!(
                e.to_string()
                    .starts_with(&format!("{} returned HTTP {}", e.service, e.status)),
                "{e}"
            );
            (e.status, code)
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// The service an error names, for a bad parameter (`IIC.1000`), which every service answers.
fn service_of(result: Result<impl std::fmt::Debug, Error>) -> &'static str {
    match result {
        Err(Error::Service(e)) => e.service,
        other => panic!("expected a service error, got {other:?}"),
    }
}

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;

/// Collects a listing at page sizes 1, 2 and the default, checks all three agree, and returns it.
macro_rules! paged {
    ($builder:expr, $key:expr) => {{
        let all = $builder.collect().await.unwrap();
        for size in [1u32, 2] {
            let pages: Vec<_> =
                futures::TryStreamExt::try_collect::<Vec<_>>($builder.page_size(size).pages())
                    .await
                    .unwrap();
            assert!(pages.iter().all(|p| p.items.len() <= size as usize));
            assert_eq!(pages.len(), all.len().div_ceil(size as usize).max(1));
            let flat: Vec<_> = pages.into_iter().flat_map(|p| p.items).collect();
            assert_eq!(
                flat.iter().map($key).collect::<Vec<_>>(),
                all.iter().map($key).collect::<Vec<_>>(),
                "page size {size}"
            );
        }
        all
    }};
}

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

#[tokio::test]
async fn organizations_operations_serve_the_demo_accounts() {
    let emu = demo_emulator().await;
    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let accounts = paged!(orgs.list_accounts(), |a: &org::Account| a.id.clone());
    assert_eq!(accounts.len(), demo::HUAWEI_ACCOUNTS);
    let seed = accounts
        .iter()
        .find(|a| a.id == demo::HUAWEI_ACCOUNT_ID)
        .unwrap();
    assert_eq!(seed.name.as_deref(), Some(demo::HUAWEI_ACCOUNT_NAME));
    assert_eq!(seed.email, None, "contact details only when asked for");
    let under_ou = orgs
        .list_accounts()
        .parent_id(demo::HUAWEI_OU_ID)
        .collect()
        .await
        .unwrap();
    let under_root = orgs
        .list_accounts()
        .parent_id(demo::HUAWEI_ROOT_ID)
        .collect()
        .await
        .unwrap();
    assert_eq!(under_ou.len() + under_root.len(), accounts.len());
    assert!(!under_ou.is_empty() && !under_root.is_empty());
    let shown = orgs
        .show_account()
        .account_id(demo::HUAWEI_ACCOUNT_ID)
        .with_register_contact_info(true)
        .send()
        .await
        .unwrap()
        .account
        .unwrap();
    assert_eq!(shown.id, demo::HUAWEI_ACCOUNT_ID);
    assert_eq!(shown.email.as_deref(), Some("production@example.com"));
}

#[tokio::test]
async fn every_kind_of_unknown_id_is_a_404_in_huaweis_shape() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    let store = store_client(&emu);
    let orgs = client.organizations().unwrap();
    use idc_emulator::huawei as codes;

    let unknown = "ins-000000000000";
    assert_eq!(
        status_code(
            client
                .list_permission_sets()
                .instance_id(unknown)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_INSTANCE.into())
    );
    assert_eq!(
        status_code(
            client
                .list_account_assignments_for_principal()
                .instance_id(unknown)
                .principal_id(demo::HUAWEI_PRINCIPAL_ID)
                .principal_type(PrincipalType::User)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_INSTANCE.into())
    );
    assert_eq!(
        status_code(
            client
                .describe_permission_set()
                .instance_id(INSTANCE)
                .permission_set_id("ps-0000000000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_PERMISSION_SET.into())
    );
    assert_eq!(
        status_code(
            client
                .get_application_assignment_configuration()
                .instance_id(INSTANCE)
                .application_instance_id("app-ins-0000000000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_APPLICATION.into())
    );
    assert_eq!(
        status_code(
            client
                .list_account_assignments()
                .instance_id(INSTANCE)
                .account_id("00000000000000000000000000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_ACCOUNT.into())
    );
    // A group id asked for as a USER, and a user that only exists in another identity store.
    for (principal, kind) in [
        (demo::HUAWEI_GROUP_ID, PrincipalType::User),
        ("00000000-0000-0000-0000-000000000000", PrincipalType::Group),
    ] {
        assert_eq!(
            status_code(
                client
                    .list_application_assignments_for_principal()
                    .instance_id(INSTANCE)
                    .principal_id(principal)
                    .principal_type(kind)
                    .send()
                    .await
            ),
            (404, codes::UNKNOWN_PRINCIPAL.into())
        );
    }
    assert_eq!(
        status_code(
            store
                .list_users()
                .identity_store_id("d-0000000000")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_IDENTITY_STORE.into())
    );
    assert_eq!(
        status_code(
            store
                .describe_user()
                .identity_store_id(STORE)
                .user_id(demo::HUAWEI_GROUP_ID)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .describe_users()
                .identity_store_id(STORE)
                .user_ids(demo::HUAWEI_PRINCIPAL_ID)
                .user_ids("nobody")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .list_group_memberships()
                .identity_store_id(STORE)
                .group_id(demo::HUAWEI_PRINCIPAL_ID)
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    assert_eq!(
        status_code(
            store
                .list_group_memberships_for_member()
                .identity_store_id(STORE)
                .user_id("nobody")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .is_member_in_groups()
                .identity_store_id(STORE)
                .member_id(MemberId {
                    user_id: demo::HUAWEI_PRINCIPAL_ID.into()
                })
                .group_ids("nope")
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    let lookup = |path: &str, value: &str| AlternateIdentifier {
        unique_attribute: Some(UniqueAttribute {
            attribute_path: path.into(),
            attribute_value: value.into(),
        }),
        external_id: None,
    };
    assert_eq!(
        status_code(
            store
                .get_user_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("user_name", "mallory"))
                .send()
                .await
        ),
        (404, codes::UNKNOWN_USER.into())
    );
    assert_eq!(
        status_code(
            store
                .get_group_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("display_name", "Nobody"))
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    // A bad parameter is IIC.1000 in every service; the message names the one that answered.
    assert_eq!(
        service_of(
            store
                .get_user_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("emails.value", "alice@example.com"))
                .send()
                .await
        ),
        "Huawei Cloud IdentityStore"
    );
    assert_eq!(
        service_of(
            orgs.list_accounts()
                .with_register_contact_info(true)
                .page_size(1000)
                .send()
                .await
        ),
        "Huawei Cloud Organizations"
    );
    // An attribute path the store does not index is a 400, not a 404.
    assert_eq!(
        status_code(
            store
                .get_user_id()
                .identity_store_id(STORE)
                .alternate_identifier(lookup("emails.value", "alice@example.com"))
                .send()
                .await
        )
        .0,
        400
    );
    assert_eq!(
        status_code(
            store
                .get_group_id()
                .identity_store_id(STORE)
                .alternate_identifier(AlternateIdentifier {
                    unique_attribute: None,
                    external_id: Some(ExternalId {
                        id: "nope".into(),
                        issuer: "idp".into()
                    }),
                })
                .send()
                .await
        ),
        (404, codes::UNKNOWN_GROUP.into())
    );
    assert_eq!(
        status_code(orgs.show_account().account_id("nope").send().await),
        (404, codes::UNKNOWN_ORGANIZATIONS_ACCOUNT.into())
    );
}

/// The forward view of every principal and the reverse view of every account agree, and so do
/// the membership views, over generated organizations of several shapes and seeds.
#[tokio::test]
async fn forward_and_reverse_views_agree_over_generated_organizations() {
    let shapes = [
        OrganizationShape {
            users: 12,
            groups: 4,
            accounts: 5,
            permission_sets: 3,
            applications: 3,
            memberships_per_user: 2,
            assignments_per_group: 3,
            assignments_per_user: 2,
            applications_per_group: 2,
        },
        OrganizationShape {
            users: 7,
            groups: 9,
            accounts: 2,
            permission_sets: 4,
            applications: 1,
            memberships_per_user: 5,
            assignments_per_group: 8,
            assignments_per_user: 0,
            applications_per_group: 1,
        },
    ];
    for shape in &shapes {
        for seed in 0..3u64 {
            views_agree(shape, seed, 1 + (seed as u32 % 3)).await;
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// The same agreement as a property: any small shape (empty kinds included), any seed, any
    /// page size.
    #[test]
    fn forward_and_reverse_views_agree_for_any_shape(
        users in 0usize..10,
        groups in 0usize..6,
        accounts in 1usize..5,
        permission_sets in 1usize..5,
        applications in 0usize..4,
        memberships_per_user in 0usize..4,
        assignments_per_group in 0usize..6,
        assignments_per_user in 0usize..3,
        applications_per_group in 0usize..3,
        seed in proptest::prelude::any::<u64>(),
        size in 1u32..4,
    ) {
        let shape = OrganizationShape {
            users,
            groups,
            accounts,
            permission_sets,
            applications,
            memberships_per_user,
            assignments_per_group,
            assignments_per_user,
            applications_per_group,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(views_agree(&shape, seed, size));
    }
}

/// Checks every view of a generated organization against the others, at page size `size`.
async fn views_agree(shape: &OrganizationShape, seed: u64, size: u32) {
    let data = DataSet::generate_organization(shape, seed);
    data.validate().unwrap();
    assert_eq!(data, DataSet::generate_organization(shape, seed));
    let emu = Emulator::builder()
        .data(data.clone())
        .start()
        .await
        .unwrap();
    let client = huawei(&emu).build().unwrap();
    let store = store_client(&emu);

    // Forward: every principal's assignments.
    let mut forward = BTreeSet::new();
    for (id, kind) in data
        .huawei
        .users
        .iter()
        .map(|u| (&u.user_id, PrincipalType::User))
        .chain(
            data.huawei
                .groups
                .iter()
                .map(|g| (&g.group_id, PrincipalType::Group)),
        )
    {
        for a in client
            .list_account_assignments_for_principal()
            .instance_id(INSTANCE)
            .principal_id(&**id)
            .principal_type(kind.clone())
            .page_size(size)
            .collect()
            .await
            .unwrap()
        {
            assert_eq!(a.principal_id, **id);
            forward.insert((a.account_id, a.permission_set_id, a.principal_id));
        }
    }
    // Reverse: every account's assignments, and per permission set.
    let mut reverse = BTreeSet::new();
    for account in client
        .organizations()
        .unwrap()
        .list_accounts()
        .page_size(size)
        .collect()
        .await
        .unwrap()
    {
        let all = client
            .list_account_assignments()
            .instance_id(INSTANCE)
            .account_id(account.id.clone())
            .page_size(size)
            .collect()
            .await
            .unwrap();
        let mut by_set = 0;
        for set in &data.huawei.permission_sets {
            by_set += client
                .list_account_assignments()
                .instance_id(INSTANCE)
                .account_id(account.id.clone())
                .permission_set_id(&*set.permission_set_id)
                .collect()
                .await
                .unwrap()
                .len();
        }
        assert_eq!(by_set, all.len());
        for a in all {
            reverse.insert((a.account_id, a.permission_set_id, a.principal_id));
        }
    }
    assert_eq!(forward, reverse, "{shape:?}, seed {seed}");
    assert_eq!(forward.len(), data.huawei.account_assignments.len());

    // Memberships: per group, per member, and IsMemberInGroups.
    let mut by_group = BTreeSet::new();
    for g in &data.huawei.groups {
        for m in store
            .list_group_memberships()
            .identity_store_id(STORE)
            .group_id(&*g.group_id)
            .page_size(size)
            .collect()
            .await
            .unwrap()
        {
            by_group.insert((m.member_id.unwrap().user_id, g.group_id.to_string()));
        }
    }
    let mut by_member = BTreeSet::new();
    let mut in_groups: HashMap<String, Vec<bool>> = HashMap::new();
    for u in &data.huawei.users {
        for m in store
            .list_group_memberships_for_member()
            .identity_store_id(STORE)
            .user_id(&*u.user_id)
            .page_size(size)
            .collect()
            .await
            .unwrap()
        {
            by_member.insert((u.user_id.to_string(), m.group_id.unwrap()));
        }
        // With no group there is nothing to ask (the request needs at least one group id).
        if data.huawei.groups.is_empty() {
            in_groups.insert(u.user_id.to_string(), Vec::new());
            continue;
        }
        let mut check = store
            .is_member_in_groups()
            .identity_store_id(STORE)
            .member_id(MemberId {
                user_id: u.user_id.to_string(),
            });
        for g in &data.huawei.groups {
            check = check.group_ids(&*g.group_id);
        }
        in_groups.insert(
            u.user_id.to_string(),
            check
                .send()
                .await
                .unwrap()
                .results
                .iter()
                .map(|r| r.membership_exists.unwrap())
                .collect(),
        );
    }
    assert_eq!(by_group, by_member);
    for u in &data.huawei.users {
        for (g, exists) in data.huawei.groups.iter().zip(&in_groups[&*u.user_id]) {
            assert_eq!(
                *exists,
                by_group.contains(&(u.user_id.to_string(), g.group_id.to_string()))
            );
        }
    }
    assert_eq!(
        by_group.len(),
        data.huawei.users.len() * shape.memberships_per_user.min(shape.groups)
    );
    emu.shutdown().await;
}

#[test]
fn the_benchmark_organization_has_its_shape() {
    let data = DataSet::generate_organization(&OrganizationShape::BENCHMARK, 12);
    data.validate().unwrap();
    let h = &data.huawei;
    assert_eq!(h.users.len(), 500);
    assert_eq!(h.groups.len(), 50);
    assert_eq!(h.accounts.len(), 100);
    assert_eq!(h.permission_sets.len(), 20);
    assert_eq!(h.group_memberships.len(), 1500);
    assert_eq!(h.account_assignments.len(), 50 * 10 + 500);
    assert_ne!(
        data,
        DataSet::generate_organization(&OrganizationShape::BENCHMARK, 13)
    );
}

// ----------------------------------------------------------------------------------------------
// Project scope: the client side (what it sends) and the emulator side (what it requires).
// ----------------------------------------------------------------------------------------------

fn header<'a>(r: &'a idc_emulator::RecordedRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn identity_store_clients_send_x_project_id_and_global_ones_do_not() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    client.list_instances().send().await.unwrap();
    client
        .organizations()
        .unwrap()
        .list_accounts()
        .send()
        .await
        .unwrap();
    client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap();
    let requests = emu.requests();
    assert_eq!(requests.len(), 3);
    for global in &requests[..2] {
        assert_eq!(header(global, "x-project-id"), None, "{}", global.path);
        assert_eq!(header(global, "x-domain-id"), Some(demo::HUAWEI_DOMAIN_ID));
    }
    assert_eq!(
        header(&requests[2], "x-project-id"),
        Some(demo::HUAWEI_PROJECT_ID)
    );
    assert_eq!(header(&requests[2], "x-domain-id"), None);
}

#[tokio::test]
async fn a_missing_project_id_is_a_configuration_error_and_sends_nothing() {
    let emu = demo_emulator().await;
    let client = idc::huawei::Client::builder()
        .endpoint(emu.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID),
        )
        .build()
        .unwrap();
    let err = client
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert!(
        err.to_string().contains("HUAWEICLOUD_SDK_PROJECT_ID"),
        "{err}"
    );
    assert_eq!(emu.request_count(), 0);
    // The global services still work with these credentials.
    client.list_instances().send().await.unwrap();
}

#[tokio::test]
async fn the_emulator_checks_the_project_of_project_scoped_operations() {
    let emu = demo_emulator().await;
    // Another project id: signed correctly, refused with a 401 naming X-Project-Id.
    let wrong = idc::huawei::Client::builder()
        .endpoint(emu.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id("0123456789abcdef0123456789abcdef"),
        )
        .retry_policy(idc_tests::quick_retries())
        .build()
        .unwrap();
    let err = wrong
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Authentication(e) => {
            assert_eq!(e.status, 401);
            assert!(
                e.message.as_deref().unwrap_or("").contains("X-Project-Id"),
                "{err}"
            );
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    // The global services ignore the project: the domain id is what they check.
    wrong.list_instances().send().await.unwrap();

    // A credential without a project cannot sign for IdentityStore, whatever it sends.
    let mut data = DataSet::demo();
    data.huawei.credentials[0].project_id = None;
    let emu = Emulator::builder().data(data).start().await.unwrap();
    let err = huawei(&emu)
        .build()
        .unwrap()
        .identity_store()
        .unwrap()
        .list_users()
        .identity_store_id(STORE)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Authentication(e) => {
            assert!(
                e.message.as_deref().unwrap_or("").contains("X-Project-Id"),
                "{err}"
            );
            assert!(
                e.message.as_deref().unwrap_or("").contains("no project"),
                "{err}"
            );
        }
        other => panic!("expected a 401, got {other:?}"),
    }
}

/// The project id the default chain finds, in the environment or the profile file's `[basic]`
/// section, is sent by IdentityStore clients (and accepted by the emulator), not by global ones.
#[tokio::test]
async fn the_default_chain_takes_the_project_id_from_the_environment_or_the_profile() {
    use idc::credentials::MapEnv;
    let emu = demo_emulator().await;
    let profile = std::env::temp_dir().join(format!(
        "idc-huawei-entities-profile-{}.ini",
        std::process::id()
    ));
    std::fs::write(
        &profile,
        format!(
            "[global]\nak = {}\nsk = {}\ndomain_id = {}\n\n[basic]\nproject_id = {}\n",
            demo::HUAWEI_ACCESS_KEY,
            demo::HUAWEI_SECRET_KEY,
            demo::HUAWEI_DOMAIN_ID,
            demo::HUAWEI_PROJECT_ID
        ),
    )
    .unwrap();
    let envs = [
        MapEnv::new()
            .with("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .with("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .with("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .with("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID),
        MapEnv::new().with(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            profile.to_str().unwrap(),
        ),
    ];
    for env in envs {
        let before = emu.request_count();
        let client = idc::huawei::Client::builder()
            .endpoint(emu.base_url())
            .env(env)
            .build()
            .unwrap();
        let users = client
            .identity_store()
            .unwrap()
            .list_users()
            .identity_store_id(STORE)
            .collect()
            .await
            .unwrap();
        assert_eq!(users.len(), demo::HUAWEI_USERS);
        client.list_instances().send().await.unwrap();
        let requests = emu.requests();
        let [store_request, global_request] = &requests[before..] else {
            panic!("expected two requests, got {}", requests.len() - before);
        };
        assert_eq!(
            header(store_request, "x-project-id"),
            Some(demo::HUAWEI_PROJECT_ID)
        );
        assert_eq!(header(global_request, "x-project-id"), None);
    }
    let _ = std::fs::remove_file(&profile);
}

/// `external_id` look-ups find users and groups by the id their identity provider issued; a
/// contact-details listing is capped at 200 a page.
#[tokio::test]
async fn external_ids_are_looked_up_and_contact_listings_are_capped() {
    let mut data = DataSet::demo();
    data.huawei.users[1].external_id = Some("idp-bob".into());
    data.huawei.groups[2].external_id = Some("idp-auditors".into());
    let (bob, auditors) = (
        data.huawei.users[1].user_id.to_string(),
        data.huawei.groups[2].group_id.to_string(),
    );
    let emu = Emulator::builder().data(data).start().await.unwrap();
    let store = store_client(&emu);
    let external = |id: &str| AlternateIdentifier {
        unique_attribute: None,
        external_id: Some(ExternalId {
            id: id.into(),
            issuer: "https://idp.example.com".into(),
        }),
    };
    let user = store
        .get_user_id()
        .identity_store_id(STORE)
        .alternate_identifier(external("idp-bob"))
        .send()
        .await
        .unwrap();
    assert_eq!(user.user_id.as_deref(), Some(&*bob));
    let group = store
        .get_group_id()
        .identity_store_id(STORE)
        .alternate_identifier(external("idp-auditors"))
        .send()
        .await
        .unwrap();
    assert_eq!(group.group_id.as_deref(), Some(&*auditors));
    // A user's external id is not a group's.
    assert_eq!(
        status_code(
            store
                .get_group_id()
                .identity_store_id(STORE)
                .alternate_identifier(external("idp-bob"))
                .send()
                .await
        ),
        (404, idc_emulator::huawei::UNKNOWN_GROUP.into())
    );

    let orgs = huawei(&emu).build().unwrap().organizations().unwrap();
    let (status, _) = status_code(
        orgs.list_accounts()
            .with_register_contact_info(true)
            .page_size(500)
            .send()
            .await,
    );
    assert_eq!(status, 400);
    let page = orgs
        .list_accounts()
        .with_register_contact_info(true)
        .page_size(200)
        .send()
        .await
        .unwrap();
    assert!(page.items.iter().all(|a| a.email.is_some()));
}
