//! The demo data set ([`DataSet::demo`]) and the generated ones ([`DataSet::generate`],
//! [`DataSet::generate_organization`]): their credentials and ids.
//!
//! The demo data is deterministic: the same ids every time, so tests and the `idc demo` command can
//! name them. Ids that are not constants here are derived from a hash of a label, so they look real
//! (hex, UUIDs) without being random.
//!
//! The ids marked "(seed)" are the ones of the API documents' examples, so those examples work
//! against the emulator as they are written.

use std::sync::Arc;

use idc_raw::PrincipalType;
use sha2::{Digest, Sha256};

use crate::data::{
    DataSet, HuaweiAccount, HuaweiAccountAssignment, HuaweiApplication,
    HuaweiApplicationAssignment, HuaweiCredential, HuaweiData, HuaweiGroup, HuaweiGroupMembership,
    HuaweiInstance, HuaweiManagedPolicy, HuaweiManagedRole, HuaweiPermissionSet, HuaweiUser,
    ScpCredential,
};

/// The demo Huawei access key (AK).
pub const HUAWEI_ACCESS_KEY: &str = "EMULATORHUAWEIAK0001";
/// The demo Huawei secret key (SK).
pub const HUAWEI_SECRET_KEY: &str = "EmulatorHuaweiSecretKey0001DoNotUseInProd";
/// The demo Huawei account's domain id (`X-Domain-Id`), required with the demo access key.
pub const HUAWEI_DOMAIN_ID: &str = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
/// The demo Huawei project id (`X-Project-Id`), required with the demo access key by the
/// project-scoped IdentityStore.
pub const HUAWEI_PROJECT_ID: &str = "05e1a7c9d2b84f3a9c6e8d7f1a2b3c4d";
/// The demo Huawei IAM Identity Center instance (seed).
pub const HUAWEI_INSTANCE_ID: &str = "ins-36218e5b4c2c4c4d";
/// A second Huawei instance, where [`HUAWEI_PRINCIPAL_ID`] has
/// [`HUAWEI_OTHER_INSTANCE_ACCOUNT_ASSIGNMENTS`] account assignments.
pub const HUAWEI_OTHER_INSTANCE_ID: &str = "ins-9a8b7c6d5e4f3a2b";
/// A Huawei user (seed) with [`HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS`] account assignments and
/// [`HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS`] application assignments on [`HUAWEI_INSTANCE_ID`]:
/// several pages at a small `limit`.
pub const HUAWEI_PRINCIPAL_ID: &str = "4b969bc6-e8ed-47ce-b62b-936319e2bcb1";
/// How many account assignments [`HUAWEI_PRINCIPAL_ID`] has on [`HUAWEI_INSTANCE_ID`] (5 accounts ×
/// 5 permission sets).
pub const HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS: usize = 25;
/// How many application assignments [`HUAWEI_PRINCIPAL_ID`] has on [`HUAWEI_INSTANCE_ID`].
pub const HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS: usize = 7;
/// How many account assignments [`HUAWEI_PRINCIPAL_ID`] has on [`HUAWEI_OTHER_INSTANCE_ID`].
pub const HUAWEI_OTHER_INSTANCE_ACCOUNT_ASSIGNMENTS: usize = 2;
/// An account (seed) where [`HUAWEI_PRINCIPAL_ID`] has 5 permission sets.
pub const HUAWEI_ACCOUNT_ID: &str = "8c1eef3a241945f69c3d3a6b0252e783";
/// A Huawei group (the administrators) with account and application assignments.
pub const HUAWEI_GROUP_ID: &str = "7d2f0c1e-5a4b-4c3d-9e8f-0a1b2c3d4e5f";
/// The identity store of [`HUAWEI_INSTANCE_ID`] (seed).
pub const HUAWEI_IDENTITY_STORE_ID: &str = "d-3c3f9d8a11";
/// The identity store of [`HUAWEI_OTHER_INSTANCE_ID`].
pub const HUAWEI_OTHER_IDENTITY_STORE_ID: &str = "d-9a8b7c6d5e";
/// The user name of [`HUAWEI_PRINCIPAL_ID`].
pub const HUAWEI_USER_NAME: &str = "alice";
/// The display name of [`HUAWEI_GROUP_ID`].
pub const HUAWEI_GROUP_NAME: &str = "Administrators";
/// The name of [`HUAWEI_ACCOUNT_ID`].
pub const HUAWEI_ACCOUNT_NAME: &str = "Production";
/// How many users the demo identity store [`HUAWEI_IDENTITY_STORE_ID`] holds.
pub const HUAWEI_USERS: usize = 4;
/// How many groups the demo identity store [`HUAWEI_IDENTITY_STORE_ID`] holds.
pub const HUAWEI_GROUPS: usize = 3;
/// How many accounts the demo organization has.
pub const HUAWEI_ACCOUNTS: usize = 6;
/// How many permission sets [`HUAWEI_INSTANCE_ID`] has.
pub const HUAWEI_PERMISSION_SETS: usize = 6;
/// How many applications [`HUAWEI_INSTANCE_ID`] has.
pub const HUAWEI_APPLICATIONS: usize = 8;
/// The root of the demo organization (`parent_id` of most accounts).
pub const HUAWEI_ROOT_ID: &str = "r-0a1b";
/// An organizational unit of the demo organization, parent of the non-production accounts.
pub const HUAWEI_OU_ID: &str = "ou-0a1b2c3d";

/// The demo SCP access key.
pub const SCP_ACCESS_KEY: &str = "EMULATORSCPACCESSKEY01";
/// The demo SCP secret key.
pub const SCP_SECRET_KEY: &str = "EmulatorScpSecretKey01DoNotUseInProduction";
/// The demo SCP IAM Identity Center instance (seed).
pub const SCP_INSTANCE_ID: &str = "ssoins-12345";
/// The demo SCP target account (seed), with [`SCP_TARGET_ACCOUNT_ASSIGNMENTS`] assignments: three
/// pages at the default size of 20.
pub const SCP_TARGET_ACCOUNT_ID: &str = "3265ab469f0d406d83073da3e11e7a6c";
/// The name of [`SCP_TARGET_ACCOUNT_ID`] (seed).
pub const SCP_TARGET_ACCOUNT_NAME: &str = "Admin Account";
/// The email of [`SCP_TARGET_ACCOUNT_ID`] (seed).
pub const SCP_TARGET_ACCOUNT_EMAIL: &str = "target_account@example.com";
/// How many assignments [`SCP_TARGET_ACCOUNT_ID`] has.
pub const SCP_TARGET_ACCOUNT_ASSIGNMENTS: usize = 45;
/// A group (seed) with one assignment on [`SCP_TARGET_ACCOUNT_ID`].
pub const SCP_PRINCIPAL_NAME: &str = "GROUP0407";
/// A second SCP target account, with [`SCP_OTHER_ACCOUNT_ASSIGNMENTS`] assignments.
pub const SCP_OTHER_ACCOUNT_ID: &str = "9f1d2c3b4a5e46f7a8b9c0d1e2f3a4b5";
/// How many assignments [`SCP_OTHER_ACCOUNT_ID`] has.
pub const SCP_OTHER_ACCOUNT_ASSIGNMENTS: usize = 8;
/// The id of the group [`SCP_PRINCIPAL_NAME`] (seed).
pub const SCP_GROUP_ID: &str = "138c2fc8c29a449dbfa8681f8f1d78e2";
/// A demo SCP user's UUID: [`SCP_USER_LOGIN_ID`], named [`SCP_USER_NAME`], assigned on both
/// [`SCP_TARGET_ACCOUNT_ID`] and [`SCP_OTHER_ACCOUNT_ID`] and a member of [`SCP_GROUP_ID`].
pub const SCP_USER_ID: &str = "5f0c8a2e-7b1d-4e3a-9c6f-2d8b4a1e7c30";
/// The login ID of [`SCP_USER_ID`].
pub const SCP_USER_LOGIN_ID: &str = "jiwoo.kim00";
/// The name of [`SCP_USER_ID`] (its `principal_name` in assignments).
pub const SCP_USER_NAME: &str = "Jiwoo Kim 00";
/// How many users [`SCP_INSTANCE_ID`] has.
pub const SCP_USERS: usize = 36;
/// How many groups [`SCP_INSTANCE_ID`] has (`GROUP0400` to `GROUP0408`).
pub const SCP_GROUPS: usize = 9;
/// How many permission sets [`SCP_INSTANCE_ID`] has.
pub const SCP_PERMISSION_SETS: usize = 6;
/// The id of the demo permission set `AdministratorAccess`, with [`SCP_PERMISSION_SET_POLICIES`]
/// policies (one of each category).
pub const SCP_PERMISSION_SET_ID: &str = "e8d4b9f2c1a7e5d3f0b6c9a2d8e4f7b1";
/// How many policies [`SCP_PERMISSION_SET_ID`] has.
pub const SCP_PERMISSION_SET_POLICIES: usize = 3;
/// A second SCP instance, with no users, groups, permission sets or assignments.
pub const SCP_OTHER_INSTANCE_ID: &str = "ssoins-67890";
/// The demo SCP organization, of every demo account.
pub const SCP_ORGANIZATION_ID: &str = "org-7c1e9d2a4b6f";
/// The demo organization's management account.
pub const SCP_MANAGEMENT_ACCOUNT_ID: &str = "0d4e6f8a1b3c45d7e9f0a2b4c6d8e0f1";
/// How many accounts the demo organization has.
pub const SCP_ACCOUNTS: usize = 5;

/// The names of the demo permission sets.
pub(crate) const PERMISSION_SETS: [&str; 6] = [
    "AdministratorAccess",
    "ReadOnlyAccess",
    "BillingAccess",
    "NetworkAdministrator",
    "SecurityAudit",
    "DeveloperAccess",
];

/// Hex digits of a hash of `label`: a stable, real-looking id.
pub(crate) fn hex_id(label: &str, len: usize) -> String {
    let digest = hex::encode(Sha256::digest(label.as_bytes()));
    digest[..len.min(digest.len())].to_owned()
}

/// A UUID-shaped stable id.
pub(crate) fn uuid_id(label: &str) -> String {
    let h = hex_id(label, 32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn huawei_permission_set_id(name: &str) -> Arc<str> {
    format!(
        "ps-{}",
        hex_id(&format!("huawei permission set {name}"), 16)
    )
    .into()
}

fn huawei_application_urn(instance_id: &str, app: &str) -> Arc<str> {
    format!(
        "IdentityCenter::{HUAWEI_DOMAIN_ID}:application:{instance_id}/apl-{}",
        hex_id(&format!("huawei application {app}"), 16)
    )
    .into()
}

pub(crate) fn scp_permission_set_id(name: &str) -> String {
    hex_id(&format!("scp permission set {name}"), 32)
}

fn huawei_credentials() -> Vec<HuaweiCredential> {
    vec![HuaweiCredential {
        access_key: HUAWEI_ACCESS_KEY.to_owned(),
        secret_key: HUAWEI_SECRET_KEY.to_owned(),
        domain_id: Some(HUAWEI_DOMAIN_ID.to_owned()),
        project_id: Some(HUAWEI_PROJECT_ID.to_owned()),
    }]
}

pub(crate) fn scp_credentials() -> Vec<ScpCredential> {
    vec![ScpCredential {
        access_key: SCP_ACCESS_KEY.to_owned(),
        secret_key: SCP_SECRET_KEY.to_owned(),
    }]
}

impl DataSet {
    /// The demo data set: the demo credentials of [`demo`](crate::demo); a consistent Huawei
    /// organization (two instances with their identity stores, users `alice`, `bob`, `carol` and
    /// `dave`, groups `Administrators`, `Developers` and `Auditors` with memberships, six accounts
    /// from `Production` to `Billing`, six permission sets with managed policies and roles and a few
    /// custom documents, eight applications, and account and application assignments to users and
    /// groups); and SCP assignments (names, emails, role SRNs, a few `permission_sets` objects) on
    /// two target accounts. The same every time.
    pub fn demo() -> Self {
        Self {
            huawei: demo_huawei(),
            scp: crate::scp_demo::demo(),
        }
    }

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
        };

        Self {
            huawei,
            scp: crate::scp_demo::generate(n),
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
                permission_sets,
                accounts,
                applications,
            },
            scp: crate::data::ScpData {
                credentials: scp_credentials(),
                ..Default::default()
            },
        }
    }
}

/// splitmix64: a fast, well-mixed bijection, for generated ids.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn instance_urn(instance_id: &str) -> Arc<str> {
    format!("IdentityCenter::{HUAWEI_DOMAIN_ID}:instance:{instance_id}").into()
}

fn application_instance_id(label: &str) -> Arc<str> {
    format!(
        "app-ins-{}",
        hex_id(&format!("huawei application instance {label}"), 16)
    )
    .into()
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
        _ => (
            "Build and deploy in development accounts.",
            "PT12H",
            vec![policy("0718293a4b5c6d7e8f90a1b2c3d4e5f6", "ECS FullAccess")],
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

fn demo_user(store: &str, id: &Arc<str>, name: &str, given: &str, family: &str) -> HuaweiUser {
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
        demo_user(s, &dave, "dave", "Dave", "Liu"),
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
        users,
        groups,
        group_memberships,
        permission_sets,
        accounts,
        applications,
    }
}
