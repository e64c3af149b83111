//! The demo data set ([`DataSet::demo`]) and the generated one ([`DataSet::generate`]): their
//! credentials and ids.
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
    DataSet, HuaweiAccountAssignment, HuaweiApplicationAssignment, HuaweiCredential, HuaweiData,
    ScpCredential,
};

/// The demo Huawei access key (AK).
pub const HUAWEI_ACCESS_KEY: &str = "EMULATORHUAWEIAK0001";
/// The demo Huawei secret key (SK).
pub const HUAWEI_SECRET_KEY: &str = "EmulatorHuaweiSecretKey0001DoNotUseInProd";
/// The demo Huawei account's domain id (`X-Domain-Id`), required with the demo access key.
pub const HUAWEI_DOMAIN_ID: &str = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
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
    }]
}

pub(crate) fn scp_credentials() -> Vec<ScpCredential> {
    vec![ScpCredential {
        access_key: SCP_ACCESS_KEY.to_owned(),
        secret_key: SCP_SECRET_KEY.to_owned(),
    }]
}

impl DataSet {
    /// The demo data set: the demo credentials of [`demo`](crate::demo), several Huawei users and
    /// groups with account and application assignments over five accounts and six permission
    /// sets, and SCP assignments (names, emails, role SRNs, a few `permission_sets` objects) on
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
    /// [`SCP_TARGET_ACCOUNT_ID`] of [`SCP_INSTANCE_ID`]. Repeated values (ids of the principal,
    /// instance, accounts, permission sets) are shared, so `n = 1_000_000` takes well under a
    /// second and a few hundred megabytes. Every assignment is distinct.
    pub fn generate(n: usize) -> Self {
        let instance: Arc<str> = HUAWEI_INSTANCE_ID.into();
        let principal: Arc<str> = HUAWEI_PRINCIPAL_ID.into();
        const SETS_PER_ACCOUNT: usize = 100;
        let permission_sets: Vec<Arc<str>> = (0..SETS_PER_ACCOUNT.min(n.max(1)))
            .map(|i| format!("ps-{:016x}", mix(i as u64 ^ 0x5053)).into())
            .collect();
        let mut account: Arc<str> = "".into();
        let account_assignments = (0..n)
            .map(|i| {
                let set = i % SETS_PER_ACCOUNT;
                if set == 0 {
                    account = format!("{:016x}{:016x}", mix(i as u64), mix(!(i as u64))).into();
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
        let application_assignments = (0..n)
            .map(|i| HuaweiApplicationAssignment {
                instance_id: instance.clone(),
                application_urn: format!(
                    "IdentityCenter::{HUAWEI_DOMAIN_ID}:application:{HUAWEI_INSTANCE_ID}/apl-{:016x}",
                    mix(i as u64 ^ 0x4150_5000_0000)
                )
                .into(),
                principal_id: principal.clone(),
                principal_type: PrincipalType::User,
            })
            .collect();

        Self {
            huawei: HuaweiData {
                credentials: huawei_credentials(),
                account_assignments,
                application_assignments,
            },
            scp: crate::scp_demo::generate(n),
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

fn demo_huawei() -> HuaweiData {
    let instance: Arc<str> = HUAWEI_INSTANCE_ID.into();
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
    let (bob, carol) = (user("bob"), user("carol"));
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

    let mut application_assignments = Vec::new();
    for (i, app) in apps.iter().enumerate() {
        let urn = huawei_application_urn(HUAWEI_INSTANCE_ID, app);
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

    HuaweiData {
        credentials: huawei_credentials(),
        account_assignments,
        application_assignments,
    }
}
