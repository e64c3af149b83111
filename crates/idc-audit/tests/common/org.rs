//! Generated organizations with seeded violations of every rule, and what each rule must find
//! there: exactly the seeded cases.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use idc_audit::{Fact, PermissionSetPolicies, PolicyDocument, Read, Reads};
use idc_report::Cloud;
use idc_report::source::{Application, Entity, MemorySource, PrincipalType};
use time::OffsetDateTime;
use time::macros::datetime;

/// The time the audits of these organizations judge at.
pub const NOW: OffsetDateTime = datetime!(2026-12-01 00:00 UTC);

/// A small deterministic generator (xorshift).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// What one rule must find: (subject id, sorted target ids).
pub type Expected = BTreeMap<&'static str, BTreeSet<(String, Vec<String>)>>;

/// The reads of a generated organization, each `None` when the cloud cannot tell; counts the
/// calls of each read.
#[derive(Default)]
pub struct MemoryReads {
    pub enabled: Option<BTreeMap<String, bool>>,
    pub last_logins: Option<BTreeMap<String, Option<OffsetDateTime>>>,
    pub mfa: Option<BTreeMap<String, usize>>,
    pub policies: BTreeMap<String, PermissionSetPolicies>,
    pub outdated: Option<BTreeSet<(String, String)>>,
    pub calls: BTreeMap<Read, AtomicUsize>,
}

impl MemoryReads {
    fn count(&self, read: Read) {
        if let Some(c) = self.calls.get(&read) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }
    /// The reads called, each with how many times.
    pub fn called(&self) -> BTreeMap<Read, usize> {
        self.calls
            .iter()
            .map(|(r, c)| (*r, c.load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

fn known<T: Clone>(value: &Option<T>) -> Fact<T> {
    match value {
        Some(v) => Fact::Known(v.clone()),
        None => Fact::Unknown("this cloud cannot tell".into()),
    }
}

impl Reads for MemoryReads {
    async fn user_enabled(&self) -> idc_audit::Result<Fact<BTreeMap<String, bool>>> {
        self.count(Read::UserStates);
        Ok(known(&self.enabled))
    }
    async fn last_logins(
        &self,
        users: &[String],
    ) -> idc_audit::Result<Fact<BTreeMap<String, Option<OffsetDateTime>>>> {
        self.count(Read::LastLogins);
        Ok(known(&self.last_logins)
            .map_known(|all| all.into_iter().filter(|(u, _)| users.contains(u)).collect()))
    }
    async fn mfa_devices(
        &self,
        users: &[String],
    ) -> idc_audit::Result<Fact<BTreeMap<String, usize>>> {
        self.count(Read::MfaDevices);
        Ok(known(&self.mfa).map_known(|all| {
            users
                .iter()
                .map(|u| (u.clone(), all.get(u).copied().unwrap_or(0)))
                .collect()
        }))
    }
    async fn policies(
        &self,
        sets: &[String],
    ) -> idc_audit::Result<Fact<BTreeMap<String, PermissionSetPolicies>>> {
        self.count(Read::PermissionSetPolicies);
        Ok(Fact::Known(
            sets.iter()
                .map(|s| (s.clone(), self.policies.get(s).cloned().unwrap_or_default()))
                .collect(),
        ))
    }
    async fn outdated_provisioning(
        &self,
        _sets: &[String],
    ) -> idc_audit::Result<Fact<BTreeSet<(String, String)>>> {
        self.count(Read::Provisioning);
        Ok(known(&self.outdated))
    }
}

trait MapKnown<T> {
    fn map_known<U>(self, f: impl FnOnce(T) -> U) -> Fact<U>;
}

impl<T> MapKnown<T> for Fact<T> {
    fn map_known<U>(self, f: impl FnOnce(T) -> U) -> Fact<U> {
        match self {
            Fact::Known(v) => Fact::Known(f(v)),
            Fact::Unknown(why) => Fact::Unknown(why),
            Fact::NotRead => Fact::NotRead,
        }
    }
}

/// A generated organization with seeded violations, its reads, and what each rule must find.
pub struct Org {
    pub source: MemorySource,
    pub reads: MemoryReads,
    pub expected: Expected,
}

fn user(i: usize) -> String {
    format!("u-{i:04}")
}
fn group(i: usize) -> String {
    format!("g-{i:03}")
}
fn account(i: usize) -> String {
    format!("acct{i:04}")
}
fn set(i: usize) -> String {
    format!("ps-{i:03}")
}
fn app(i: usize) -> String {
    format!("IdentityCenter::0001:application:ins-1/apl-{i:03}")
}

/// A clean organization of `users` users (every access through a group, every user enabled, with
/// an MFA device and a recent sign-in, every permission set assigned and plain, every
/// application requiring assignment, everything provisioned), then the seeded violations.
pub fn generate(cloud: Cloud, users: usize, seed: u64) -> Org {
    let mut rng = Rng::new(seed);
    let groups = 6;
    let accounts = 5;
    let sets = 4;
    let apps = if cloud == Cloud::Huawei { 4 } else { 0 };
    let mut data = MemorySource::new(cloud, "ins-1");
    let mut reads = MemoryReads {
        calls: Read::ALL
            .iter()
            .map(|r| (*r, AtomicUsize::new(0)))
            .collect(),
        ..MemoryReads::default()
    };
    let mut expected: Expected = BTreeMap::new();
    for rule in [
        "IDC001", "IDC002", "IDC003", "IDC004", "IDC005", "IDC006", "IDC007", "IDC008", "IDC009",
    ] {
        expected.insert(rule, BTreeSet::new());
    }
    let mut expect = |rule: &'static str, subject: &str, targets: &[&str]| {
        let mut t: Vec<String> = targets.iter().map(|s| (*s).to_owned()).collect();
        t.sort();
        expected
            .get_mut(rule)
            .unwrap()
            .insert((subject.to_owned(), t));
    };

    // Users: every one enabled, with a device and a sign-in yesterday.
    for i in 0..users {
        data.users.push(Entity::new(user(i), format!("user{i}")));
    }
    let mut enabled: BTreeMap<String, bool> = (0..users).map(|i| (user(i), true)).collect();
    let mut mfa: BTreeMap<String, usize> =
        (0..users).map(|i| (user(i), 1 + rng.below(2))).collect();
    let mut logins: BTreeMap<String, Option<OffsetDateTime>> = (0..users)
        .map(|i| {
            (
                user(i),
                Some(NOW - time::Duration::days(1 + rng.below(30) as i64)),
            )
        })
        .collect();

    // Groups 0..groups-1 each with members (every user in one or two groups).
    let mut members: Vec<Vec<String>> = vec![Vec::new(); groups];
    for i in 0..users {
        members[i % groups].push(user(i));
        let other = rng.below(groups);
        if !members[other].contains(&user(i)) {
            members[other].push(user(i));
        }
    }
    for (g, m) in members.iter().enumerate() {
        let refs: Vec<&str> = m.iter().map(String::as_str).collect();
        data.group(&group(g), &format!("group{g}"), &refs);
    }
    for a in 0..accounts {
        data.accounts
            .push(Entity::new(account(a), format!("account{a}")));
    }
    // Plain permission sets, each assigned to a group somewhere.
    for s in 0..sets {
        data.permission_sets
            .push(Entity::new(set(s), format!("Plain{s}")));
        reads.policies.insert(
            set(s),
            PermissionSetPolicies {
                managed_policies: vec![format!("Service{s} ReadOnlyAccess")],
                managed_roles: Vec::new(),
                documents: vec![PolicyDocument {
                    label: "custom policy".into(),
                    document: serde_json::json!({"Statement": [{"Effect": "Allow", "Action": ["ecs:*:get*"], "Resource": ["*"]}]}),
                }],
            },
        );
    }
    for g in 0..groups {
        for _ in 0..2 {
            let (a, s) = (rng.below(accounts), rng.below(sets));
            data.assign(&account(a), PrincipalType::Group, &group(g), &set(s));
        }
    }
    for s in 0..sets {
        data.assign(
            &account(s % accounts),
            PrincipalType::Group,
            &group(s % groups),
            &set(s),
        );
    }
    for p in 0..apps {
        data.applications.push(Application {
            entity: Entity::new(app(p), format!("app{p}")),
            assignment_required: true,
        });
        data.assign_application(&app(p), PrincipalType::Group, &group(p % groups));
    }

    // --- The seeded violations. ---
    let pick_user = |rng: &mut Rng| user(rng.below(users));

    // IDC001: two users holding a plain set directly.
    for _ in 0..2 {
        let (u, a, s) = (
            pick_user(&mut rng),
            account(rng.below(accounts)),
            set(rng.below(sets)),
        );
        data.assign(&a, PrincipalType::User, &u, &s);
        expect("IDC001", &u, &[&a, &s]);
    }

    // IDC002: a set with the cloud's administrator policy held by a group, and a set whose custom
    // document allows everything held directly by one user (also IDC001).
    let (admin, star) = (set(sets), set(sets + 1));
    data.permission_sets.push(Entity::new(&admin, "Admin"));
    data.permission_sets.push(Entity::new(&star, "Star"));
    let admin_policy = match cloud {
        Cloud::Huawei => "FullAccess",
        Cloud::Scp => "AdministratorAccess",
    };
    reads.policies.insert(
        admin.clone(),
        PermissionSetPolicies {
            managed_policies: vec![admin_policy.into()],
            ..PermissionSetPolicies::default()
        },
    );
    reads.policies.insert(
        star.clone(),
        PermissionSetPolicies {
            documents: vec![PolicyDocument {
                label: "inline policy".into(),
                document: serde_json::json!({"Statement": {"Effect": "Allow", "Action": "*:*:*", "Resource": "*"}}),
            }],
            ..PermissionSetPolicies::default()
        },
    );
    let admins = rng.below(groups);
    data.assign(&account(0), PrincipalType::Group, &group(admins), &admin);
    let star_user = pick_user(&mut rng);
    data.assign(&account(1), PrincipalType::User, &star_user, &star);
    expect("IDC001", &star_user, &[&account(1), &star]);
    let mut privileged: BTreeSet<String> = members[admins].iter().cloned().collect();
    privileged.insert(star_user.clone());
    for u in &members[admins] {
        expect("IDC002", u, &[&admin]);
    }
    expect("IDC002", &star_user, &[&star]);

    // IDC003: a disabled user holding access, and one holding nothing (not a finding).
    let holder = members[(admins + 1) % groups][0].clone();
    enabled.insert(holder.clone(), false);
    expect("IDC003", &holder, &[]);
    data.users.push(Entity::new("u-idle", "idle"));
    enabled.insert("u-idle".into(), false);
    logins.insert("u-idle".into(), None);

    // IDC004: privileged holders without a device; a plain holder without one is no finding.
    let bare: Vec<String> = privileged.iter().take(2).cloned().collect();
    for u in &bare {
        mfa.insert(u.clone(), 0);
        expect("IDC004", u, &[]);
    }
    let plain_bare = (0..users)
        .map(user)
        .find(|u| !privileged.contains(u))
        .unwrap();
    mfa.insert(plain_bare, 0);

    // IDC005: a holder who signed in 91 days ago and one who never did; one at 89 days is fine.
    let stale: Vec<String> = (0..users)
        .map(user)
        .filter(|u| !privileged.contains(u))
        .take(3)
        .collect();
    logins.insert(stale[0].clone(), Some(NOW - time::Duration::days(91)));
    logins.insert(stale[1].clone(), None);
    logins.insert(stale[2].clone(), Some(NOW - time::Duration::days(89)));
    expect("IDC005", &stale[0], &[]);
    expect("IDC005", &stale[1], &[]);

    // IDC006: assignments of a deleted user and a deleted group (and, on Huawei, an application
    // assignment of a deleted group).
    data.assign(&account(2), PrincipalType::User, "u-deleted", &set(0));
    expect("IDC006", "u-deleted", &[&account(2), &set(0)]);
    data.assign(&account(3), PrincipalType::Group, "g-deleted", &set(1));
    expect("IDC006", "g-deleted", &[&account(3), &set(1)]);
    if cloud == Cloud::Huawei {
        data.assign_application(&app(0), PrincipalType::Group, "g-gone");
        expect("IDC006", "g-gone", &[&app(0)]);
    }

    // IDC007: an application open to all users.
    if cloud == Cloud::Huawei {
        data.applications[1].assignment_required = false;
        expect("IDC007", &app(1), &[]);
    }

    // IDC008: an outdated set where it is assigned, and one where it is not (no finding).
    if cloud == Cloud::Huawei {
        let assigned = data.account_assignments[&account(0)][0].clone();
        let ps = assigned.permission_set_id.unwrap();
        let unassigned = (0..accounts).map(account).find(|a| {
            !data.account_assignments.get(a).is_some_and(|l| {
                l.iter()
                    .any(|x| x.permission_set_id.as_deref() == Some(&ps))
            })
        });
        let mut outdated = BTreeSet::from([(ps.clone(), account(0))]);
        if let Some(a) = unassigned {
            outdated.insert((ps.clone(), a));
        }
        expect("IDC008", &ps, &[&account(0)]);
        reads.outdated = Some(outdated);
    }

    // IDC009: a group with an assignment but no members; a set assigned nowhere.
    data.group("g-empty", "empty", &[]);
    data.assign(&account(4), PrincipalType::Group, "g-empty", &set(2));
    expect("IDC009", "g-empty", &[]);
    data.permission_sets
        .push(Entity::new("ps-unused", "Unused"));
    expect("IDC009", "ps-unused", &[]);

    // What each cloud can tell: the rules it cannot evaluate expect nothing.
    match cloud {
        Cloud::Huawei => {
            reads.enabled = Some(enabled);
            reads.mfa = Some(mfa);
            expected.insert("IDC005", BTreeSet::new());
        }
        Cloud::Scp => {
            reads.last_logins = Some(logins);
            expected.insert("IDC003", BTreeSet::new());
            expected.insert("IDC004", BTreeSet::new());
        }
    }
    Org {
        source: data,
        reads,
        expected,
    }
}
