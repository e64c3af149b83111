//! The generated data sets: [`DataSet::generate`] for benchmarks and
//! [`DataSet::generate_organization`], a consistent Huawei organization of a given shape.

use std::sync::Arc;

use idc_raw::PrincipalType;

use crate::demo::constants::*;
use crate::demo::huawei::demo_user;
use crate::demo::ids::*;
use crate::store::dataset::DataSet;
use crate::store::huawei_rows::{
    HuaweiAccount, HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment,
    HuaweiData, HuaweiGroup, HuaweiGroupMembership, HuaweiInstance, HuaweiManagedPolicy,
    HuaweiOrganizationalUnit, HuaweiPermissionSet, HuaweiUser,
};

impl DataSet {
    /// A data set for benchmarks, with the demo credentials and `n` of each kind of assignment:
    /// `n` Huawei account assignments and `n` application assignments for
    /// [`HUAWEI_PRINCIPAL_ID`] (a `USER`) on [`HUAWEI_INSTANCE_ID`], and `n` SCP assignments on
    /// [`SCP_TARGET_ACCOUNT_ID`] of [`SCP_INSTANCE_ID`]. The Huawei entities the assignments name
    /// exist too (the instance with [`HUAWEI_IDENTITY_STORE_ID`], the user `alice`, an account per
    /// 100 account assignments, 100 permission sets, an application per application assignment),
    /// so the data set validates. Repeated values (ids of the principal, instance, accounts,
    /// permission sets) are shared, so `n = 1_000_000` takes well under a second and a few hundred
    /// megabytes. Every assignment is distinct.
    pub fn generate(n: usize) -> Self {
        let instance: Arc<str> = HUAWEI_INSTANCE_ID.into();
        let principal: Arc<str> = HUAWEI_PRINCIPAL_ID.into();
        const SETS_PER_ACCOUNT: usize = 100;
        let permission_sets: Vec<Arc<str>> = (0..SETS_PER_ACCOUNT.min(n.max(1)))
            .map(|i| format!("ps-{:016x}", mix(i as u64 ^ 0x5053)).into())
            .collect();
        let mut account: Arc<str> = "".into();
        let mut account_ids: Vec<Arc<str>> = Vec::with_capacity(n / SETS_PER_ACCOUNT + 1);
        let account_assignments = (0..n)
            .map(|i| {
                let set = i % SETS_PER_ACCOUNT;
                if set == 0 {
                    account = format!("{:016x}{:016x}", mix(i as u64), mix(!(i as u64))).into();
                    account_ids.push(account.clone());
                }
                HuaweiAccountAssignment {
                    instance_id: instance.clone(),
                    account_id: account.clone(),
                    permission_set_id: permission_sets[set].clone(),
                    principal_id: principal.clone(),
                    principal_type: PrincipalType::User,
                    principal_deleted: false,
                }
            })
            .collect();
        let mut applications = Vec::with_capacity(n);
        let application_assignments = (0..n)
            .map(|i| {
                let id: Arc<str> =
                    format!("app-ins-{:016x}", mix(i as u64 ^ 0x4150_5000_0000)).into();
                let urn: Arc<str> = format!(
                    "IdentityCenter::{HUAWEI_DOMAIN_ID}:application:{HUAWEI_INSTANCE_ID}/apl-{}",
                    &id[8..]
                )
                .into();
                applications.push(HuaweiApplication {
                    instance_id: instance.clone(),
                    application_instance_id: id.clone(),
                    application_urn: urn.clone(),
                    name: id,
                    description: None,
                    status: "ENABLED".into(),
                    assignment_required: true,
                    application_url: None,
                    created_date: None,
                });
                HuaweiApplicationAssignment {
                    instance_id: instance.clone(),
                    application_urn: urn,
                    principal_id: principal.clone(),
                    principal_type: PrincipalType::User,
                    principal_deleted: false,
                }
            })
            .collect();
        let huawei = HuaweiData {
            credentials: huawei_credentials(),
            account_assignments,
            application_assignments,
            instances: vec![generated_instance()],
            users: vec![demo_user(
                HUAWEI_IDENTITY_STORE_ID,
                &principal,
                HUAWEI_USER_NAME,
                "Alice",
                "Wang",
            )],
            groups: Vec::new(),
            group_memberships: Vec::new(),
            sessions: Vec::new(),
            mfa_devices: Vec::new(),
            permission_sets: permission_sets
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    generated_permission_set(&instance, id, &format!("PermissionSet{i:03}"))
                })
                .collect(),
            accounts: account_ids
                .into_iter()
                .enumerate()
                .map(|(i, id)| generated_account(id, &format!("account-{i:06}")))
                .collect(),
            applications,
            organization: None,
            organizational_units: vec![generated_root()],
        };

        Self {
            huawei,
            scp: crate::demo::scp::generate(n),
        }
    }
}

/// How [`DataSet::generate_organization`] shapes a Huawei organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrganizationShape {
    /// Users of the identity store.
    pub users: usize,
    /// Groups of the identity store.
    pub groups: usize,
    /// Accounts of the organization.
    pub accounts: usize,
    /// Permission sets of the instance.
    pub permission_sets: usize,
    /// Applications of the instance.
    pub applications: usize,
    /// Groups each user is a member of (at most `groups`).
    pub memberships_per_user: usize,
    /// Distinct (account, permission set) assignments of each group.
    pub assignments_per_group: usize,
    /// Distinct (account, permission set) assignments of each user, besides their groups'.
    pub assignments_per_user: usize,
    /// Applications assigned to each group (at most `applications`).
    pub applications_per_group: usize,
}

impl OrganizationShape {
    /// The access-report benchmark's shape: 500 users, 50 groups, 100 accounts, 20 permission
    /// sets, 10 applications; 3 groups per user, 10 assignments per group, 1 per user, 2
    /// applications per group.
    pub const BENCHMARK: Self = Self {
        users: 500,
        groups: 50,
        accounts: 100,
        permission_sets: 20,
        applications: 10,
        memberships_per_user: 3,
        assignments_per_group: 10,
        assignments_per_user: 1,
        applications_per_group: 2,
    };
}

/// Given names of generated users.
const GIVEN_NAMES: [&str; 16] = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil",
];

fn generated_instance() -> HuaweiInstance {
    HuaweiInstance {
        instance_id: HUAWEI_INSTANCE_ID.into(),
        identity_store_id: HUAWEI_IDENTITY_STORE_ID.into(),
        instance_urn: Some(instance_urn(HUAWEI_INSTANCE_ID)),
        alias: Some("generated".into()),
    }
}

fn generated_permission_set(instance: &Arc<str>, id: &Arc<str>, name: &str) -> HuaweiPermissionSet {
    HuaweiPermissionSet {
        instance_id: instance.clone(),
        permission_set_id: id.clone(),
        name: name.into(),
        permission_urn: None,
        description: Some(format!("Generated permission set {name}.").into()),
        session_duration: Some("PT1H".into()),
        relay_state: None,
        created_date: None,
        managed_policies: vec![HuaweiManagedPolicy {
            policy_id: hex_id(&format!("policy {id}"), 32).into(),
            policy_name: format!("{name}Policy").into(),
        }],
        managed_roles: Vec::new(),
        custom_policy: None,
        custom_role: None,
        provisioned_accounts: Vec::new(),
        outdated_accounts: Vec::new(),
    }
}

/// The root every generated account is under.
fn generated_root() -> HuaweiOrganizationalUnit {
    HuaweiOrganizationalUnit {
        id: HUAWEI_ROOT_ID.into(),
        name: "root".into(),
        parent_id: None,
        urn: None,
    }
}

fn generated_account(id: Arc<str>, name: &str) -> HuaweiAccount {
    HuaweiAccount {
        account_id: id,
        name: name.into(),
        status: "active".into(),
        parent_id: Some(HUAWEI_ROOT_ID.into()),
        urn: None,
        join_method: Some("created".into()),
        joined_at: None,
        description: None,
        email: None,
        mobile_phone: None,
    }
}

/// `want` distinct numbers below `bound` (all of them if `want >= bound`), from `state`.
fn pick(state: &mut u64, bound: usize, want: usize) -> Vec<usize> {
    if want >= bound {
        return (0..bound).collect();
    }
    let mut chosen = Vec::with_capacity(want);
    while chosen.len() < want {
        *state = mix(*state);
        let x = (*state % bound as u64) as usize;
        if !chosen.contains(&x) {
            chosen.push(x);
        }
    }
    chosen
}

impl DataSet {
    /// A consistent Huawei organization of the given shape, the same for the same `seed`: the
    /// demo credentials, instance [`HUAWEI_INSTANCE_ID`] with identity store
    /// [`HUAWEI_IDENTITY_STORE_ID`], users (`alice000`, `bob000`, ...), groups (`Group000`, ...),
    /// memberships, accounts, permission sets, applications, and account and application
    /// assignments to users and groups, every reference resolving. No SCP assignments (the demo
    /// SCP credentials only).
    pub fn generate_organization(shape: &OrganizationShape, seed: u64) -> Self {
        let instance: Arc<str> = HUAWEI_INSTANCE_ID.into();
        let store: Arc<str> = HUAWEI_IDENTITY_STORE_ID.into();
        let mut state = mix(seed ^ 0x6f72_6761_6e69_7a65);
        let id = |kind: u64, i: usize| mix(seed ^ kind.rotate_left(40) ^ i as u64);
        let users: Vec<HuaweiUser> = (0..shape.users)
            .map(|i| {
                let h = format!("{:016x}{:016x}", id(1, i), id(2, i));
                let user_id: Arc<str> = format!(
                    "{}-{}-{}-{}-{}",
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..32]
                )
                .into();
                let given = GIVEN_NAMES[i % GIVEN_NAMES.len()];
                let name = format!("{given}{:03}", i / GIVEN_NAMES.len());
                let mut user = demo_user(&store, &user_id, &name, given, "Generated");
                user.display_name = Some(format!("{given} {:03}", i / GIVEN_NAMES.len()).into());
                user
            })
            .collect();
        let groups: Vec<HuaweiGroup> = (0..shape.groups)
            .map(|i| HuaweiGroup {
                identity_store_id: store.clone(),
                group_id: format!("{:016x}{:016x}", id(3, i), id(4, i)).into(),
                display_name: format!("Group{i:03}").into(),
                description: Some(format!("Generated group {i}.").into()),
                external_id: None,
            })
            .collect();
        let accounts: Vec<HuaweiAccount> = (0..shape.accounts)
            .map(|i| {
                generated_account(
                    format!("{:016x}{:016x}", id(5, i), id(6, i)).into(),
                    &format!("account-{i:03}"),
                )
            })
            .collect();
        let permission_sets: Vec<HuaweiPermissionSet> = (0..shape.permission_sets)
            .map(|i| {
                let ps: Arc<str> = format!("ps-{:016x}", id(7, i)).into();
                generated_permission_set(&instance, &ps, &format!("PermissionSet{i:03}"))
            })
            .collect();
        let applications: Vec<HuaweiApplication> = (0..shape.applications)
            .map(|i| {
                let app: Arc<str> = format!("app-ins-{:016x}", id(8, i)).into();
                HuaweiApplication {
                    instance_id: instance.clone(),
                    application_urn: format!(
                        "IdentityCenter::{HUAWEI_DOMAIN_ID}:application:{HUAWEI_INSTANCE_ID}/apl-{}",
                        &app[8..]
                    )
                    .into(),
                    application_instance_id: app,
                    name: format!("app{i:03}").into(),
                    description: None,
                    status: "ENABLED".into(),
                    assignment_required: i % 4 != 0,
                    application_url: None,
                    created_date: None,
                }
            })
            .collect();
        let mut group_memberships = Vec::new();
        for user in &users {
            for g in pick(&mut state, groups.len(), shape.memberships_per_user) {
                group_memberships.push(HuaweiGroupMembership {
                    identity_store_id: store.clone(),
                    group_id: groups[g].group_id.clone(),
                    user_id: user.user_id.clone(),
                    membership_id: None,
                });
            }
        }
        let pairs = accounts.len() * permission_sets.len();
        let mut account_assignments = Vec::new();
        let mut assign = |state: &mut u64, principal: &Arc<str>, kind: PrincipalType, want| {
            for pair in pick(state, pairs, want) {
                account_assignments.push(HuaweiAccountAssignment {
                    instance_id: instance.clone(),
                    account_id: accounts[pair / permission_sets.len()].account_id.clone(),
                    permission_set_id: permission_sets[pair % permission_sets.len()]
                        .permission_set_id
                        .clone(),
                    principal_id: principal.clone(),
                    principal_type: kind.clone(),
                    principal_deleted: false,
                });
            }
        };
        for g in &groups {
            assign(
                &mut state,
                &g.group_id,
                PrincipalType::Group,
                shape.assignments_per_group,
            );
        }
        for u in &users {
            assign(
                &mut state,
                &u.user_id,
                PrincipalType::User,
                shape.assignments_per_user,
            );
        }
        let mut application_assignments = Vec::new();
        for g in &groups {
            for a in pick(&mut state, applications.len(), shape.applications_per_group) {
                application_assignments.push(HuaweiApplicationAssignment {
                    instance_id: instance.clone(),
                    application_urn: applications[a].application_urn.clone(),
                    principal_id: g.group_id.clone(),
                    principal_type: PrincipalType::Group,
                    principal_deleted: false,
                });
            }
        }
        Self {
            huawei: HuaweiData {
                credentials: huawei_credentials(),
                account_assignments,
                application_assignments,
                instances: vec![generated_instance()],
                users,
                groups,
                group_memberships,
                sessions: Vec::new(),
                mfa_devices: Vec::new(),
                permission_sets,
                accounts,
                applications,
                organization: None,
                organizational_units: vec![generated_root()],
            },
            scp: crate::store::scp_rows::ScpData {
                credentials: scp_credentials(),
                ..Default::default()
            },
        }
    }
}
