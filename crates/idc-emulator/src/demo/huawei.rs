//! The Huawei half of the demo data set ([`DataSet::demo`]).

use std::sync::Arc;

use idc_raw::PrincipalType;

use crate::demo::constants::*;
use crate::demo::ids::*;
use crate::store::dataset::DataSet;
use crate::store::huawei_rows::{
    HuaweiAccount, HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment,
    HuaweiData, HuaweiGroup, HuaweiGroupMembership, HuaweiInstance, HuaweiManagedPolicy,
    HuaweiManagedRole, HuaweiMfaDevice, HuaweiOrganization, HuaweiOrganizationalUnit,
    HuaweiPermissionSet, HuaweiSession, HuaweiUser,
};

impl DataSet {
    /// The demo data set: the demo credentials of [`demo`](crate::demo); a consistent Huawei
    /// organization (two instances with their identity stores, users `alice`, `bob`, `carol` and
    /// `dave`, groups `Administrators`, `Developers` and `Auditors` with memberships, sign-in sessions of
    /// `alice` and `bob` and MFA devices of `alice` and `carol`, six accounts
    /// from `Production` to `Billing`, six permission sets with managed policies and roles and a few
    /// custom documents, eight applications, and account and application assignments to users and
    /// groups); and SCP assignments (names, emails, role SRNs, a few `permission_sets` objects) on
    /// two target accounts. On each cloud one account assignment names a user deleted outside the
    /// API (`principal_deleted`: [`HUAWEI_DELETED_USER_ID`](crate::demo::HUAWEI_DELETED_USER_ID),
    /// [`SCP_DELETED_USER_ID`](crate::demo::SCP_DELETED_USER_ID)). The same every time.
    pub fn demo() -> Self {
        Self {
            huawei: demo_huawei(),
            scp: crate::demo::scp::demo(),
        }
    }
}

/// What each demo permission set grants: description, session duration, managed policies,
/// managed roles, custom policy.
fn permission_set_details(
    name: &str,
) -> (
    &'static str,
    &'static str,
    Vec<HuaweiManagedPolicy>,
    Vec<HuaweiManagedRole>,
    Option<String>,
) {
    let policy = |id: &str, name: &str| HuaweiManagedPolicy {
        policy_id: id.into(),
        policy_name: name.into(),
    };
    let role = |id: &str, name: &str| HuaweiManagedRole {
        role_id: id.into(),
        role_name: name.into(),
    };
    match name {
        "AdministratorAccess" => (
            "Full access to every service.",
            "PT1H",
            vec![policy("a1b2c3d4e5f60718293a4b5c6d7e8f90", "FullAccess")],
            vec![role("0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "Tenant Administrator")],
            None,
        ),
        "ReadOnlyAccess" => (
            "Read-only access to every service.",
            "PT8H",
            vec![policy("b2c3d4e5f60718293a4b5c6d7e8f90a1", "ReadOnlyAccess")],
            vec![role("1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f", "Tenant Guest")],
            None,
        ),
        "BillingAccess" => (
            "Billing center and cost management.",
            "PT4H",
            vec![policy("c3d4e5f60718293a4b5c6d7e8f90a1b2", "BSS FullAccess")],
            Vec::new(),
            Some(
                r#"{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["bss:*:*"]}]}"#
                    .to_owned(),
            ),
        ),
        "NetworkAdministrator" => (
            "Virtual private clouds, subnets, security groups.",
            "PT2H",
            vec![policy("d4e5f60718293a4b5c6d7e8f90a1b2c3", "VPC FullAccess")],
            vec![role("2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a", "VPC Administrator")],
            None,
        ),
        "SecurityAudit" => (
            "Read access to audit trails and security settings.",
            "PT8H",
            vec![
                policy("e5f60718293a4b5c6d7e8f90a1b2c3d4", "CTS ReadOnlyAccess"),
                policy("f60718293a4b5c6d7e8f90a1b2c3d4e5", "IAM ReadOnlyAccess"),
            ],
            Vec::new(),
            Some(
                r#"{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["cts:*:get*","cts:*:list*"]}]}"#
                    .to_owned(),
            ),
        ),
        // A custom policy allowing every action: what `idc audit` reports as privileged.
        "DeveloperAccess" => (
            "Build and deploy in development accounts.",
            "PT12H",
            vec![policy("0718293a4b5c6d7e8f90a1b2c3d4e5f6", "ECS FullAccess")],
            Vec::new(),
            Some(r#"{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["*:*:*"]}]}"#.to_owned()),
        ),
        // Assigned nowhere (`HUAWEI_UNASSIGNED_PERMISSION_SET`).
        _ => (
            "Break-glass administrator access, for emergencies only.",
            "PT1H",
            vec![policy("18293a4b5c6d7e8f90a1b2c3d4e5f607", "FullAccess")],
            Vec::new(),
            None,
        ),
    }
}

fn demo_permission_set(instance: &Arc<str>, name: &str) -> HuaweiPermissionSet {
    let (description, duration, managed_policies, managed_roles, custom_policy) =
        permission_set_details(name);
    let id = huawei_permission_set_id(name);
    HuaweiPermissionSet {
        instance_id: instance.clone(),
        permission_urn: Some(
            format!("IdentityCenter::{HUAWEI_DOMAIN_ID}:permissionSet:{instance}/{id}").into(),
        ),
        permission_set_id: id,
        name: name.into(),
        description: Some(description.into()),
        session_duration: Some(duration.into()),
        relay_state: None,
        created_date: Some(1_700_000_000_000),
        managed_policies,
        managed_roles,
        custom_role: custom_policy.as_ref().map(|_| {
            r#"{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["iam:agencies:assume"]}]}"#
                .to_owned()
        }),
        custom_policy,
        provisioned_accounts: Vec::new(),
        outdated_accounts: Vec::new(),
    }
}

pub(crate) fn demo_user(
    store: &str,
    id: &Arc<str>,
    name: &str,
    given: &str,
    family: &str,
) -> HuaweiUser {
    HuaweiUser {
        identity_store_id: store.into(),
        user_id: id.clone(),
        user_name: name.into(),
        display_name: Some(format!("{given} {family}").into()),
        given_name: Some(given.into()),
        family_name: Some(family.into()),
        emails: vec![format!("{name}@example.com").into()],
        enabled: true,
        external_id: None,
        attributes: None,
    }
}

fn demo_huawei() -> HuaweiData {
    let instance: Arc<str> = HUAWEI_INSTANCE_ID.into();
    let store: Arc<str> = HUAWEI_IDENTITY_STORE_ID.into();
    let account_names = [
        HUAWEI_ACCOUNT_NAME,
        "Shared Services",
        "Staging",
        "Development",
        "Security",
        "Billing",
    ];
    let accounts: Vec<Arc<str>> = std::iter::once(HUAWEI_ACCOUNT_ID.to_owned())
        .chain(
            [
                "production",
                "staging",
                "development",
                "security",
                "billing",
            ]
            .map(|name| hex_id(&format!("huawei account {name}"), 32)),
        )
        .map(Arc::from)
        .collect();
    let sets: Vec<Arc<str>> = PERMISSION_SETS
        .iter()
        .map(|n| huawei_permission_set_id(n))
        .collect();
    let apps = [
        "console", "wiki", "jira", "gitlab", "grafana", "jenkins", "payroll", "crm",
    ];

    let user = |name: &str| -> Arc<str> { uuid_id(&format!("huawei user {name}")).into() };
    let group = |name: &str| -> Arc<str> { uuid_id(&format!("huawei group {name}")).into() };
    let alice: Arc<str> = HUAWEI_PRINCIPAL_ID.into();
    let admins: Arc<str> = HUAWEI_GROUP_ID.into();
    let (bob, carol, dave) = (user("bob"), user("carol"), user("dave"));
    let (developers, auditors) = (group("developers"), group("auditors"));

    let mut account_assignments = Vec::new();
    let mut assign = |instance: &Arc<str>,
                      account: &Arc<str>,
                      set: &Arc<str>,
                      principal: &Arc<str>,
                      kind: PrincipalType| {
        account_assignments.push(HuaweiAccountAssignment {
            instance_id: instance.clone(),
            account_id: account.clone(),
            permission_set_id: set.clone(),
            principal_id: principal.clone(),
            principal_type: kind,
            principal_deleted: false,
        });
    };
    // Interleave principals, as a real listing of the instance would: alice's 25 assignments (the
    // first five accounts × the first five permission sets) are spread among the others'.
    for (a, account) in accounts.iter().take(5).enumerate() {
        for set in sets.iter().take(5) {
            assign(&instance, account, set, &alice, PrincipalType::User);
        }
        assign(&instance, account, &sets[0], &admins, PrincipalType::Group);
        if a < 3 {
            assign(&instance, account, &sets[1], &bob, PrincipalType::User);
        }
        if a < 4 {
            assign(
                &instance,
                account,
                &sets[5],
                &developers,
                PrincipalType::Group,
            );
        }
        assign(
            &instance,
            account,
            &sets[4],
            &auditors,
            PrincipalType::Group,
        );
    }
    assign(
        &instance,
        &accounts[5],
        &sets[2],
        &carol,
        PrincipalType::User,
    );
    assign(
        &instance,
        &accounts[5],
        &sets[0],
        &admins,
        PrincipalType::Group,
    );
    let other: Arc<str> = HUAWEI_OTHER_INSTANCE_ID.into();
    assign(&other, &accounts[0], &sets[0], &alice, PrincipalType::User);
    assign(&other, &accounts[1], &sets[1], &alice, PrincipalType::User);
    // erin left: her IdP's SCIM sync deleted her user and left her assignment behind (what
    // `idc audit` reports as IDC006).
    account_assignments.push(HuaweiAccountAssignment {
        instance_id: instance.clone(),
        account_id: accounts[5].clone(),
        permission_set_id: sets[2].clone(),
        principal_id: HUAWEI_DELETED_USER_ID.into(),
        principal_type: PrincipalType::User,
        principal_deleted: true,
    });

    let mut applications = Vec::new();
    let mut application_assignments = Vec::new();
    for (i, app) in apps.iter().enumerate() {
        let urn = huawei_application_urn(HUAWEI_INSTANCE_ID, app);
        applications.push(HuaweiApplication {
            instance_id: instance.clone(),
            application_instance_id: application_instance_id(app),
            application_urn: urn.clone(),
            name: (*app).into(),
            description: Some(format!("The {app} of example.com.").into()),
            status: "ENABLED".into(),
            // Every application but the console needs an assignment.
            assignment_required: i != 0,
            application_url: Some(format!("https://{app}.example.com/sso").into()),
            created_date: Some(1_700_000_000_000 + i as i64 * 86_400_000),
        });
        let mut add = |principal: &Arc<str>, kind: PrincipalType| {
            application_assignments.push(HuaweiApplicationAssignment {
                instance_id: instance.clone(),
                application_urn: urn.clone(),
                principal_id: principal.clone(),
                principal_type: kind,
                principal_deleted: false,
            });
        };
        if i < 7 {
            add(&alice, PrincipalType::User);
        }
        if i % 2 == 0 {
            add(&bob, PrincipalType::User);
        }
        if i < 4 {
            add(&developers, PrincipalType::Group);
        }
        add(&admins, PrincipalType::Group);
    }

    let mut permission_sets: Vec<HuaweiPermissionSet> = PERMISSION_SETS
        .iter()
        .map(|name| demo_permission_set(&instance, name))
        .collect();
    // SecurityAudit changed since it was provisioned on Security; DeveloperAccess is provisioned
    // on Security without an assignment there.
    permission_sets[4].outdated_accounts = vec![accounts[4].clone()];
    permission_sets[5].provisioned_accounts = vec![accounts[4].clone()];
    permission_sets.push(demo_permission_set(
        &instance,
        HUAWEI_UNASSIGNED_PERMISSION_SET,
    ));
    permission_sets.extend(
        PERMISSION_SETS
            .iter()
            .take(2)
            .map(|name| demo_permission_set(&other, name)),
    );

    let s = HUAWEI_IDENTITY_STORE_ID;
    let users = vec![
        demo_user(s, &alice, HUAWEI_USER_NAME, "Alice", "Wang"),
        demo_user(s, &bob, "bob", "Bob", "Li"),
        demo_user(s, &carol, "carol", "Carol", "Chen"),
        // dave is disabled but still holds access through his groups.
        HuaweiUser {
            enabled: false,
            ..demo_user(s, &dave, "dave", "Dave", "Liu")
        },
        demo_user(
            HUAWEI_OTHER_IDENTITY_STORE_ID,
            &alice,
            HUAWEI_USER_NAME,
            "Alice",
            "Wang",
        ),
    ];
    let groups = [
        (&admins, HUAWEI_GROUP_NAME, "Administer every account."),
        (&developers, "Developers", "Build and ship the products."),
        (&auditors, "Auditors", "Review security and spending."),
    ]
    .into_iter()
    .map(|(id, name, description)| HuaweiGroup {
        identity_store_id: store.clone(),
        group_id: id.clone(),
        display_name: name.into(),
        description: Some(description.into()),
        external_id: None,
    })
    .collect();
    let group_memberships = [
        (&admins, &alice),
        (&developers, &alice),
        (&developers, &bob),
        (&auditors, &carol),
        (&auditors, &dave),
        (&developers, &dave),
    ]
    .into_iter()
    .map(|(group, user)| HuaweiGroupMembership {
        identity_store_id: store.clone(),
        group_id: group.clone(),
        user_id: user.clone(),
        membership_id: None,
    })
    .collect();
    let accounts = accounts
        .iter()
        .zip(account_names)
        .enumerate()
        .map(|(i, (id, name))| HuaweiAccount {
            account_id: id.clone(),
            name: name.into(),
            status: "active".into(),
            parent_id: Some(if i < 2 { HUAWEI_ROOT_ID } else { HUAWEI_OU_ID }.into()),
            urn: Some(
                format!("organizations::{HUAWEI_DOMAIN_ID}:account:{HUAWEI_ROOT_ID}/{id}").into(),
            ),
            join_method: Some(if i == 0 { "invited" } else { "created" }.into()),
            joined_at: Some(format!("2024-0{}-01T00:00:00Z", 1 + i).into()),
            description: None,
            email: Some(format!("{}@example.com", name.to_lowercase().replace(' ', "-")).into()),
            mobile_phone: None,
        })
        .collect();

    HuaweiData {
        credentials: huawei_credentials(),
        account_assignments,
        application_assignments,
        instances: vec![
            HuaweiInstance {
                instance_id: instance.clone(),
                identity_store_id: store.clone(),
                instance_urn: Some(instance_urn(HUAWEI_INSTANCE_ID)),
                alias: Some("example-org".into()),
            },
            HuaweiInstance {
                instance_id: other,
                identity_store_id: HUAWEI_OTHER_IDENTITY_STORE_ID.into(),
                instance_urn: Some(instance_urn(HUAWEI_OTHER_INSTANCE_ID)),
                alias: Some("example-lab".into()),
            },
        ],
        sessions: demo_sessions(&store, &[&alice, &bob]),
        mfa_devices: demo_mfa_devices(&store, &[&alice, &carol]),
        users,
        groups,
        group_memberships,
        permission_sets,
        accounts,
        applications,
        organization: Some(HuaweiOrganization {
            id: HUAWEI_ORGANIZATION_ID.into(),
            urn: Some(
                format!("organizations::{HUAWEI_DOMAIN_ID}:organization:{HUAWEI_ORGANIZATION_ID}")
                    .into(),
            ),
            management_account_id: Some(HUAWEI_DOMAIN_ID.into()),
            management_account_name: Some("example-org".into()),
            delegated_administrators: Vec::new(),
        }),
        organizational_units: vec![
            HuaweiOrganizationalUnit {
                id: HUAWEI_ROOT_ID.into(),
                name: "root".into(),
                parent_id: None,
                urn: None,
            },
            HuaweiOrganizationalUnit {
                id: HUAWEI_OU_ID.into(),
                name: "Non-production".into(),
                parent_id: Some(HUAWEI_ROOT_ID.into()),
                urn: None,
            },
        ],
    }
}

/// Two sign-in sessions of each of `users` (one from a browser, one from the CLI).
fn demo_sessions(store: &Arc<str>, users: &[&Arc<str>]) -> Vec<HuaweiSession> {
    let mut sessions = Vec::new();
    for (u, user) in users.iter().enumerate() {
        for (s, agent) in ["Mozilla/5.0 (X11; Linux x86_64)", "idc-cli"]
            .iter()
            .enumerate()
        {
            let began = 1_764_547_200_000 + (u as i64) * 3_600_000 + (s as i64) * 60_000;
            sessions.push(HuaweiSession {
                identity_store_id: store.clone(),
                user_id: (*user).clone(),
                session_id: uuid_id(&format!("huawei session {user} {s}")).into(),
                creation_time: began,
                session_not_valid_after: began + 8 * 3_600_000,
                ip_address: Some(format!("192.0.2.{}", 10 + u * 2 + s).into()),
                user_agent: Some((*agent).into()),
            });
        }
    }
    sessions
}

/// One MFA device (an authenticator app) of each of `users`.
fn demo_mfa_devices(store: &Arc<str>, users: &[&Arc<str>]) -> Vec<HuaweiMfaDevice> {
    users
        .iter()
        .enumerate()
        .map(|(u, user)| HuaweiMfaDevice {
            identity_store_id: store.clone(),
            user_id: (*user).clone(),
            device_id: uuid_id(&format!("huawei mfa device {user}")).into(),
            device_name: format!("authenticator-{u}").into(),
            display_name: Some("Authenticator app".into()),
            mfa_type: "TOTP".into(),
            registered_date: 1_764_460_800_000 + (u as i64) * 86_400_000,
        })
        .collect()
}
