//! The SCP parts of the demo and generated data sets: one organization, one instance with its
//! users, groups, permission sets and policies, and assignments between them.

use std::sync::Arc;

use idc_raw::PrincipalType;

use crate::demo::constants::{
    PERMISSION_SETS, SCP_DELETED_USER_ID, SCP_GROUP_ID, SCP_INSTANCE_ID, SCP_MANAGEMENT_ACCOUNT_ID,
    SCP_ORGANIZATION_ID, SCP_OTHER_ACCOUNT_ASSIGNMENTS, SCP_OTHER_ACCOUNT_ID,
    SCP_OTHER_INSTANCE_ID, SCP_PERMISSION_SET_ID, SCP_PRINCIPAL_NAME,
    SCP_TARGET_ACCOUNT_ASSIGNMENTS, SCP_TARGET_ACCOUNT_EMAIL, SCP_TARGET_ACCOUNT_ID,
    SCP_TARGET_ACCOUNT_NAME, SCP_USER_ID, SCP_USER_LOGIN_ID,
};
use crate::demo::ids::{hex_id, mix, scp_credentials, scp_permission_set_id, uuid_id};
use crate::store::dataset::DataSet;
use crate::store::scp_rows::{
    ScpAccount, ScpAccountAssignment, ScpControlPolicy, ScpData, ScpGroup, ScpInstance,
    ScpPermissionSet, ScpPolicy, ScpPolicyCategory, ScpUser,
};

/// When the demo rows were created.
const CREATED_AT: &str = "2025-06-02T09:00:00Z";
/// The organization's root unit.
const ROOT_UNIT: &str = "r-4f2a";

/// The id of a demo permission set ([`SCP_PERMISSION_SET_ID`] for `AdministratorAccess`, the seed).
fn set_id(name: &str) -> Arc<str> {
    if name == PERMISSION_SETS[0] {
        SCP_PERMISSION_SET_ID.into()
    } else {
        scp_permission_set_id(name).into()
    }
}

fn instance_of(id: &str, name: &str, public_ip: Option<&str>) -> ScpInstance {
    ScpInstance {
        id: id.into(),
        name: name.into(),
        state: "ACTIVE".into(),
        created_at: CREATED_AT.into(),
        description: Some(format!("{name} (emulator demo)").into()),
        organization_id: Some(SCP_ORGANIZATION_ID.into()),
        account_id: Some(SCP_MANAGEMENT_ACCOUNT_ID.into()),
        region: Some("kr-west1".into()),
        sso_start_url: Some(format!("https://{id}.sso.samsungsdscloud.com").into()),
        public_ip: public_ip.map(Arc::from),
        port: public_ip.map(|_| 443),
        identity_store_type: None,
        identity_store_config: None,
    }
}

/// The policies of a demo permission set: a managed policy each, a custom policy for every other
/// set, an inline policy for the first.
fn policies(index: usize, name: &str) -> Vec<ScpPolicy> {
    let mut policies = vec![ScpPolicy {
        id: hex_id(&format!("scp managed policy {name}"), 32).into(),
        name: name.into(),
        category: ScpPolicyCategory::Managed,
        description: Some(format!("Provides {name}").into()),
        document: None,
    }];
    if index.is_multiple_of(2) {
        policies.push(ScpPolicy {
            id: hex_id(&format!("scp custom policy {name}"), 32).into(),
            name: format!("{name}-Custom").into(),
            category: ScpPolicyCategory::Custom,
            description: None,
            document: None,
        });
    }
    if index == 0 {
        policies.push(ScpPolicy {
            id: hex_id("scp inline policy deny-delete", 32).into(),
            name: "DenyDelete".into(),
            category: ScpPolicyCategory::Inline,
            description: None,
            document: Some(serde_json::json!({
                "Version": "2024-07-01",
                "Statement": [{"Effect": "Deny", "Action": ["*:Delete*"], "Resource": "*"}],
            })),
        });
    }
    policies
}

fn permission_set(instance: &Arc<str>, index: usize, name: &str) -> ScpPermissionSet {
    ScpPermissionSet {
        id: set_id(name),
        instance_id: instance.clone(),
        name: name.into(),
        created_at: CREATED_AT.into(),
        description: Some(format!("{name} for the demo organization").into()),
        session_duration: Some(if index.is_multiple_of(2) {
            3600
        } else {
            28_800
        }),
        policies: policies(index, name),
    }
}

#[allow(clippy::too_many_arguments)]
fn account(
    id: &str,
    name: &str,
    email: &str,
    type_: &str,
    joined_method: &str,
    joined_time: &str,
    unit: (&str, &str),
    control_policies: &[&str],
) -> ScpAccount {
    ScpAccount {
        id: id.into(),
        name: name.into(),
        email: email.into(),
        organization_id: SCP_ORGANIZATION_ID.into(),
        parent_unit_id: unit.0.into(),
        parent_unit_name: Some(unit.1.into()),
        type_: type_.into(),
        state: "ACTIVE".into(),
        joined_method: joined_method.into(),
        joined_time: joined_time.into(),
        created_at: joined_time.into(),
        login_id: Some(email.into()),
        control_policies: control_policies
            .iter()
            .map(|name| ScpControlPolicy {
                policy_id: format!("cp-{}", hex_id(&format!("scp control policy {name}"), 12))
                    .into(),
                policy_name: Some((*name).into()),
            })
            .collect(),
    }
}

/// The demo organization's accounts: the management account, the two assignment targets, a log
/// archive and an audit account.
fn accounts() -> Vec<ScpAccount> {
    let workloads = ("ou-3b7d", "Workloads");
    vec![
        account(
            SCP_MANAGEMENT_ACCOUNT_ID,
            "Management Account",
            "management@example.com",
            "MANAGEMENT",
            "CREATED",
            "2025-01-06T00:00:00Z",
            (ROOT_UNIT, "Root"),
            &[],
        ),
        account(
            SCP_TARGET_ACCOUNT_ID,
            SCP_TARGET_ACCOUNT_NAME,
            SCP_TARGET_ACCOUNT_EMAIL,
            "DELEGATION",
            "INVITED",
            "2025-02-03T10:30:00Z",
            (ROOT_UNIT, "Root"),
            &["DenyLeaveOrganization"],
        ),
        account(
            SCP_OTHER_ACCOUNT_ID,
            "Dev Account",
            "dev-account@example.com",
            "MEMBER",
            "CREATED",
            "2025-03-17T08:00:00Z",
            workloads,
            &["DenyLeaveOrganization", "RegionRestriction"],
        ),
        account(
            &hex_id("scp account log archive", 32),
            "Log Archive",
            "log-archive@example.com",
            "LOG_ARCHIVE",
            "CLOUD_CONTROL",
            "2025-04-01T00:00:00Z",
            ("ou-9c1e", "Security"),
            &["DenyLeaveOrganization"],
        ),
        account(
            &hex_id("scp account audit", 32),
            "Audit",
            "audit@example.com",
            "AUDIT",
            "CLOUD_CONTROL",
            "2025-04-01T00:05:00Z",
            ("ou-9c1e", "Security"),
            &[],
        ),
    ]
}

/// The given names of the demo users: user `i` is `GIVEN[i % 10]` with the number `i / 10`.
const GIVEN: [&str; 10] = [
    "jiwoo.kim",
    "minjun.lee",
    "seoyeon.park",
    "hyunwoo.choi",
    "yuna.jung",
    "dohyun.kang",
    "jiyoung.cho",
    "taeyang.yoon",
    "sora.jang",
    "junho.lim",
];

/// `jiwoo.kim` → `Jiwoo Kim`.
fn display_name(login: &str) -> String {
    login
        .split('.')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The demo SCP data: the organization's five accounts, [`SCP_INSTANCE_ID`] with its users, groups,
/// permission sets and policies, an empty [`SCP_OTHER_INSTANCE_ID`], and the assignments of the
/// seed's layout on the two target accounts (every fifth principal a group, `GROUP0407` among them).
pub(crate) fn demo() -> ScpData {
    let instance: Arc<str> = SCP_INSTANCE_ID.into();
    let permission_sets: Vec<ScpPermissionSet> = PERMISSION_SETS
        .iter()
        .enumerate()
        .map(|(i, name)| permission_set(&instance, i, name))
        .collect();

    // The principals of assignment `i` (the same on both accounts): a group when i % 5 == 2.
    let mut users: Vec<ScpUser> = Vec::new();
    let mut groups: Vec<ScpGroup> = Vec::new();
    let principal = |i: usize| -> (PrincipalType, Arc<str>) {
        if i % 5 == 2 {
            let name = format!("GROUP{:04}", 400 + i / 5);
            let id = if name == SCP_PRINCIPAL_NAME {
                SCP_GROUP_ID.to_owned()
            } else {
                hex_id(&format!("scp principal {name}"), 32)
            };
            (PrincipalType::Group, id.into())
        } else {
            let login = format!("{}{:02}", GIVEN[i % GIVEN.len()], i / GIVEN.len());
            let id = if login == SCP_USER_LOGIN_ID {
                SCP_USER_ID.to_owned()
            } else {
                uuid_id(&format!("scp user {login}"))
            };
            (PrincipalType::User, id.into())
        }
    };
    for i in 0..SCP_TARGET_ACCOUNT_ASSIGNMENTS {
        let (kind, id) = principal(i);
        match kind {
            PrincipalType::Group => groups.push(ScpGroup {
                id,
                instance_id: instance.clone(),
                name: format!("GROUP{:04}", 400 + i / 5).into(),
                created_at: CREATED_AT.into(),
                description: Some(format!("Demo group {}", groups.len() + 1).into()),
                members: Vec::new(),
            }),
            _ => {
                let login = format!("{}{:02}", GIVEN[i % GIVEN.len()], i / GIVEN.len());
                let name = format!(
                    "{} {:02}",
                    display_name(GIVEN[i % GIVEN.len()]),
                    i / GIVEN.len()
                );
                users.push(ScpUser {
                    id,
                    instance_id: instance.clone(),
                    user_id: login.clone().into(),
                    name: name.into(),
                    created_at: CREATED_AT.into(),
                    email: Some(format!("{login}@example.com").into()),
                    department: Some(["Platform", "Finance", "Security"][i % 3].into()),
                    ..Default::default()
                })
            }
        }
    }
    // Memberships: user `j` is in group `j % 9`, and every fourth user also in GROUP0407.
    let group_count = groups.len();
    let seed_group = groups
        .iter()
        .position(|g| &*g.name == SCP_PRINCIPAL_NAME)
        .unwrap_or(0);
    for (j, user) in users.iter().enumerate() {
        if let Some(group) = groups.get_mut(j % group_count.max(1)) {
            group.members.push(user.id.clone());
        }
        if j.is_multiple_of(4)
            && j % group_count.max(1) != seed_group
            && let Some(group) = groups.get_mut(seed_group)
        {
            group.members.push(user.id.clone());
        }
    }

    let mut account_assignments = Vec::new();
    let mut minute = 0u32;
    for (account_id, count) in [
        (SCP_TARGET_ACCOUNT_ID, SCP_TARGET_ACCOUNT_ASSIGNMENTS),
        // The last assignment of the other account is the orphaned one below.
        (SCP_OTHER_ACCOUNT_ID, SCP_OTHER_ACCOUNT_ASSIGNMENTS - 1),
    ] {
        for i in 0..count {
            let (principal_type, principal_id) = principal(i);
            let set_name = PERMISSION_SETS[i % 4];
            // Every sixth assignment also grants SecurityAudit.
            let mut permission_set_ids = vec![set_id(set_name)];
            if i.is_multiple_of(6) {
                permission_set_ids.push(set_id(PERMISSION_SETS[4]));
            }
            minute += 7;
            account_assignments.push(ScpAccountAssignment {
                instance_id: instance.clone(),
                target_account_id: account_id.into(),
                principal_id,
                principal_type,
                principal_deleted: false,
                permission_set_ids,
                role_srn: format!("srn:role:kr-west1:{account_id}:role/{set_name}").into(),
                created_at: Some(
                    format!(
                        "2026-03-{:02}T{:02}:{:02}:00Z",
                        1 + minute / 1440,
                        (minute / 60) % 24,
                        minute % 60
                    )
                    .into(),
                ),
            });
        }
    }

    // A contractor whose user the IdP's SCIM sync deleted, leaving the assignment behind (what
    // `idc audit` reports as IDC006).
    account_assignments.push(ScpAccountAssignment {
        instance_id: instance.clone(),
        target_account_id: SCP_OTHER_ACCOUNT_ID.into(),
        principal_id: SCP_DELETED_USER_ID.into(),
        principal_type: PrincipalType::User,
        principal_deleted: true,
        permission_set_ids: vec![set_id(PERMISSION_SETS[1])],
        role_srn: format!(
            "srn:role:kr-west1:{SCP_OTHER_ACCOUNT_ID}:role/{}",
            PERMISSION_SETS[1]
        )
        .into(),
        created_at: Some("2026-03-02T00:00:00Z".into()),
    });

    ScpData {
        credentials: scp_credentials(),
        instances: vec![
            instance_of(SCP_INSTANCE_ID, "Samsung SSO", Some("203.0.113.10")),
            instance_of(SCP_OTHER_INSTANCE_ID, "Sandbox SSO", None),
        ],
        users,
        groups,
        permission_sets,
        accounts: accounts(),
        account_assignments,
    }
}

/// `n` SCP assignments on [`SCP_TARGET_ACCOUNT_ID`] of [`SCP_INSTANCE_ID`], six per principal
/// (one per demo permission set), every tenth principal a group; with the rows they reference.
pub(crate) fn generate(n: usize) -> ScpData {
    let instance: Arc<str> = SCP_INSTANCE_ID.into();
    let target: Arc<str> = SCP_TARGET_ACCOUNT_ID.into();
    let created: Arc<str> = CREATED_AT.into();
    let permission_sets: Vec<ScpPermissionSet> = PERMISSION_SETS
        .iter()
        .enumerate()
        .map(|(i, name)| permission_set(&instance, i, name))
        .collect();
    let sets: Vec<(Arc<str>, Arc<str>)> = permission_sets
        .iter()
        .map(|set| {
            (
                set.id.clone(),
                format!(
                    "srn:role:kr-west1:{SCP_TARGET_ACCOUNT_ID}:role/{}",
                    set.name
                )
                .into(),
            )
        })
        .collect();
    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut principal_id: Arc<str> = "".into();
    let mut account_assignments = Vec::with_capacity(n);
    for i in 0..n {
        let set = i % sets.len();
        let p = i / sets.len();
        let group = p % 10 == 9;
        if set == 0 {
            principal_id = format!("{:016x}{:016x}", mix(p as u64 ^ 0x5343), mix(p as u64)).into();
            if group {
                groups.push(ScpGroup {
                    id: principal_id.clone(),
                    instance_id: instance.clone(),
                    name: format!("GROUP{p:07}").into(),
                    created_at: created.clone(),
                    description: None,
                    members: Vec::new(),
                });
            } else {
                let login: Arc<str> = format!("user{p:07}").into();
                users.push(ScpUser {
                    id: principal_id.clone(),
                    instance_id: instance.clone(),
                    user_id: login.clone(),
                    name: login,
                    created_at: created.clone(),
                    email: None,
                    department: None,
                    ..Default::default()
                });
            }
        }
        let (set_id, role_srn) = &sets[set];
        account_assignments.push(ScpAccountAssignment {
            instance_id: instance.clone(),
            target_account_id: target.clone(),
            principal_id: principal_id.clone(),
            principal_type: if group {
                PrincipalType::Group
            } else {
                PrincipalType::User
            },
            principal_deleted: false,
            permission_set_ids: vec![set_id.clone()],
            role_srn: role_srn.clone(),
            created_at: None,
        });
    }
    ScpData {
        credentials: scp_credentials(),
        instances: vec![instance_row()],
        users,
        groups,
        permission_sets,
        accounts: accounts()
            .into_iter()
            .filter(|a| &*a.id == SCP_TARGET_ACCOUNT_ID)
            .collect(),
        account_assignments,
    }
}

fn instance_row() -> ScpInstance {
    instance_of(SCP_INSTANCE_ID, "Samsung SSO", Some("203.0.113.10"))
}

/// The shape of an organization [`DataSet::generate_scp_organization`] builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScpOrganizationShape {
    /// How many users.
    pub users: usize,
    /// How many groups.
    pub groups: usize,
    /// How many accounts (the first is the management account).
    pub accounts: usize,
    /// How many permission sets.
    pub permission_sets: usize,
    /// The seed of the memberships and assignments: the same seed gives the same data set.
    pub seed: u64,
}

impl ScpOrganizationShape {
    /// The organization of the access-report benchmark: 500 users, 50 groups, 100 accounts and 20
    /// permission sets (seed 1).
    pub const ACCESS_REPORT: Self = Self {
        users: 500,
        groups: 50,
        accounts: 100,
        permission_sets: 20,
        seed: 1,
    };
}

/// A seeded stream of numbers (splitmix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(1);
        if n == 0 {
            return 0;
        }
        (mix(self.0) % n as u64) as usize
    }
}

impl DataSet {
    /// An SCP organization of the given shape on [`SCP_INSTANCE_ID`], with the demo SCP
    /// credentials and no Huawei data: users (`user0000`, ...), groups of 1 to 3 memberships per
    /// user, accounts under a few organization units, permission sets of one to three policies,
    /// and assignments on every account (each group or user on an account holds one or two
    /// permission sets). Every reference is consistent; the same shape and seed give the same
    /// data set.
    pub fn generate_scp_organization(shape: ScpOrganizationShape) -> Self {
        let mut rng = Rng(shape.seed);
        let instance: Arc<str> = SCP_INSTANCE_ID.into();
        let created: Arc<str> = CREATED_AT.into();
        let label = |kind: &str, i: usize| format!("org {} {kind} {i}", shape.seed);
        let users: Vec<ScpUser> = (0..shape.users)
            .map(|i| {
                let login: Arc<str> = format!("user{i:04}").into();
                ScpUser {
                    id: uuid_id(&label("user", i)).into(),
                    instance_id: instance.clone(),
                    user_id: login.clone(),
                    name: format!("User {i:04}").into(),
                    created_at: created.clone(),
                    email: Some(format!("{login}@example.com").into()),
                    department: Some(format!("Department {}", i % 7).into()),
                    ..Default::default()
                }
            })
            .collect();
        let mut groups: Vec<ScpGroup> = (0..shape.groups)
            .map(|i| ScpGroup {
                id: hex_id(&label("group", i), 32).into(),
                instance_id: instance.clone(),
                name: format!("group-{i:03}").into(),
                created_at: created.clone(),
                description: None,
                members: Vec::new(),
            })
            .collect();
        for user in &users {
            // A user joins 1 to 3 groups; only its own earlier draws can repeat a group, so the
            // check looks at those, not at the group's members (that was quadratic in the users).
            let mut joined = [usize::MAX; 3];
            for draw in 0..1 + rng.below(3) {
                let g = rng.below(groups.len());
                if !joined.contains(&g)
                    && let Some(group) = groups.get_mut(g)
                {
                    group.members.push(user.id.clone());
                }
                joined[draw] = g;
            }
        }
        let permission_sets: Vec<ScpPermissionSet> = (0..shape.permission_sets)
            .map(|i| {
                let name = format!("PermissionSet{i:02}");
                let mut set = permission_set(&instance, i, &name);
                set.id = hex_id(&label("permission set", i), 32).into();
                set
            })
            .collect();
        let units = [
            ("ou-1a2b", "Production"),
            ("ou-3c4d", "Development"),
            ("ou-5e6f", "Sandbox"),
        ];
        let accounts: Vec<ScpAccount> = (0..shape.accounts)
            .map(|i| {
                let (type_, unit) = if i == 0 {
                    ("MANAGEMENT", (ROOT_UNIT, "Root"))
                } else {
                    ("MEMBER", units[i % units.len()])
                };
                account(
                    &hex_id(&label("account", i), 32),
                    &format!("account-{i:03}"),
                    &format!("account-{i:03}@example.com"),
                    type_,
                    if i.is_multiple_of(2) {
                        "CREATED"
                    } else {
                        "INVITED"
                    },
                    &format!("2025-{:02}-{:02}T00:00:00Z", 1 + i % 12, 1 + i % 28),
                    unit,
                    &[],
                )
            })
            .collect();
        let mut account_assignments = Vec::new();
        let mut minute = 0u64;
        for account in &accounts {
            let mut grant =
                |rng: &mut Rng, principal_type: PrincipalType, principal_id: &Arc<str>| {
                    if permission_sets.is_empty() {
                        return;
                    }
                    let first = rng.below(permission_sets.len());
                    let mut ids = vec![permission_sets[first].id.clone()];
                    if rng.below(3) == 0 {
                        let second = rng.below(permission_sets.len());
                        if second != first {
                            ids.push(permission_sets[second].id.clone());
                        }
                    }
                    minute += 1;
                    account_assignments.push(ScpAccountAssignment {
                        instance_id: instance.clone(),
                        target_account_id: account.id.clone(),
                        principal_id: principal_id.clone(),
                        principal_type,
                        principal_deleted: false,
                        role_srn: format!(
                            "srn:role:kr-west1:{}:role/{}",
                            account.id, permission_sets[first].name
                        )
                        .into(),
                        permission_set_ids: ids,
                        created_at: Some(
                            format!(
                                "2026-01-{:02}T{:02}:{:02}:00Z",
                                1 + (minute / 1440) % 28,
                                (minute / 60) % 24,
                                minute % 60
                            )
                            .into(),
                        ),
                    });
                };
            let mut chosen = Vec::new();
            for _ in 0..1 + rng.below(4) {
                let g = rng.below(groups.len());
                if !groups.is_empty() && !chosen.contains(&g) {
                    chosen.push(g);
                    grant(&mut rng, PrincipalType::Group, &groups[g].id);
                }
            }
            let mut chosen = Vec::new();
            for _ in 0..rng.below(4) {
                let u = rng.below(users.len());
                if !users.is_empty() && !chosen.contains(&u) {
                    chosen.push(u);
                    grant(&mut rng, PrincipalType::User, &users[u].id);
                }
            }
        }
        Self {
            huawei: Default::default(),
            scp: ScpData {
                credentials: scp_credentials(),
                instances: vec![instance_row()],
                users,
                groups,
                permission_sets,
                accounts,
                account_assignments,
            },
        }
    }
}
