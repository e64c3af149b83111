//! A generated organisation and the effective access computed from it independently of the engine.
#![allow(dead_code)]

pub mod browser;
pub mod emulator_data;

use std::collections::BTreeSet;

use idc_report::source::{Application, Entity, MemorySource, PrincipalType, Unit};
use idc_report::{Cloud, Row, TargetType, ViaType};

/// A small deterministic generator (xorshift).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The sizes of a generated organisation.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub users: usize,
    pub groups: usize,
    pub accounts: usize,
    pub permission_sets: usize,
    pub applications: usize,
}

pub fn user_id(i: usize) -> String {
    format!("u-{i:05}")
}
pub fn group_id(i: usize) -> String {
    format!("g-{i:04}")
}
pub fn account_id(i: usize) -> String {
    format!("acct{i:04}")
}
pub fn set_id(i: usize) -> String {
    format!("ps-{i:03}")
}
pub fn app_urn(i: usize) -> String {
    format!("IdentityCenter::0001:application:ins-1/apl-{i:03}")
}

/// The units of a generated organisation: (id, name, parent).
pub const UNITS: [(&str, &str, Option<&str>); 4] = [
    ("r-0001", "root", None),
    ("ou-00000001", "unit-a", Some("r-0001")),
    ("ou-00000002", "unit-b", Some("r-0001")),
    ("ou-00000003", "unit-a1", Some("ou-00000001")),
];

/// A generated organisation: each user in 0 to 3 groups, each account with a few user and group
/// assignments, applications (every third open to all) assigned to a few users and groups.
pub fn generate(cloud: Cloud, shape: Shape, seed: u64) -> MemorySource {
    let mut rng = Rng::new(seed);
    let mut data = MemorySource::new(cloud, "ins-1");
    for i in 0..shape.users {
        data.users.push(Entity::new(user_id(i), format!("user{i}")));
    }
    let mut members: Vec<Vec<String>> = vec![Vec::new(); shape.groups];
    if shape.groups > 0 {
        for i in 0..shape.users {
            for _ in 0..rng.below(4) {
                let g = rng.below(shape.groups);
                if !members[g].contains(&user_id(i)) {
                    members[g].push(user_id(i));
                }
            }
        }
    }
    for (g, m) in members.iter().enumerate() {
        let refs: Vec<&str> = m.iter().map(String::as_str).collect();
        data.group(&group_id(g), &format!("group{g}"), &refs);
    }
    // The root, two units under it and one under the first: accounts spread over all four.
    for (id, name, parent) in UNITS {
        data.units.push(Unit {
            entity: Entity::new(id, name),
            parent: parent.map(str::to_owned),
        });
    }
    for a in 0..shape.accounts {
        data.accounts
            .push(Entity::new(account_id(a), format!("account{a}")));
        data.account_parents
            .insert(account_id(a), UNITS[a % UNITS.len()].0.to_owned());
    }
    for p in 0..shape.permission_sets {
        data.permission_sets
            .push(Entity::new(set_id(p), format!("Set{p}")));
    }
    for a in 0..shape.accounts {
        let mut seen = BTreeSet::new();
        for _ in 0..rng.below(6) {
            let set = set_id(rng.below(shape.permission_sets.max(1)));
            let (kind, principal) = if shape.groups > 0 && rng.below(2) == 0 {
                (PrincipalType::Group, group_id(rng.below(shape.groups)))
            } else {
                (PrincipalType::User, user_id(rng.below(shape.users.max(1))))
            };
            if seen.insert((kind, principal.clone(), set.clone())) {
                data.assign(&account_id(a), kind, &principal, &set);
            }
        }
    }
    for p in 0..shape.applications {
        data.applications.push(Application {
            entity: Entity::new(app_urn(p), format!("app{p}")),
            assignment_required: p % 3 != 0,
        });
        for _ in 0..rng.below(4) {
            if shape.groups > 0 && rng.below(2) == 0 {
                data.assign_application(
                    &app_urn(p),
                    PrincipalType::Group,
                    &group_id(rng.below(shape.groups)),
                );
            } else {
                data.assign_application(
                    &app_urn(p),
                    PrincipalType::User,
                    &user_id(rng.below(shape.users.max(1))),
                );
            }
        }
    }
    // assign_application may repeat a principal/app pair; keep each once, as a service would.
    for urns in data.application_assignments.values_mut() {
        let mut seen = BTreeSet::new();
        urns.retain(|u| seen.insert(u.clone()));
    }
    data
}

/// The effective access of `data`, computed with plain loops over the data set.
pub fn expected(data: &MemorySource) -> BTreeSet<Row> {
    let name = |list: &[Entity], id: &str| {
        list.iter()
            .find(|e| e.id == id)
            .and_then(|e| e.name.clone())
    };
    let group_name = |id: &str| {
        data.groups
            .iter()
            .find(|g| g.entity.id == id)
            .and_then(|g| g.entity.name.clone())
    };
    let app_name = |urn: &str| {
        data.applications
            .iter()
            .find(|a| a.entity.id == urn)
            .and_then(|a| a.entity.name.clone())
    };
    let row = |user: &str,
               target_type: TargetType,
               target: &str,
               target_name: Option<String>,
               set: Option<&str>,
               via: ViaType,
               group: Option<&str>| Row {
        cloud: data.cloud,
        instance_id: data.instance_id.clone(),
        user_id: user.to_owned(),
        user_name: name(&data.users, user),
        target_type,
        target_id: target.to_owned(),
        target_name,
        permission_set_id: set.map(str::to_owned),
        permission_set_name: set.and_then(|s| name(&data.permission_sets, s)),
        via_type: via,
        via_id: group.map(str::to_owned),
        via_name: group.and_then(group_name),
    };
    let mut out = BTreeSet::new();
    for (account, assignments) in &data.account_assignments {
        for a in assignments {
            let set = a.permission_set_id.as_deref();
            let account_name = name(&data.accounts, account);
            match a.principal_type {
                PrincipalType::User => {
                    out.insert(row(
                        &a.principal_id,
                        TargetType::Account,
                        account,
                        account_name,
                        set,
                        ViaType::User,
                        None,
                    ));
                }
                PrincipalType::Group => {
                    for user in data.memberships.get(&a.principal_id).into_iter().flatten() {
                        out.insert(row(
                            user,
                            TargetType::Account,
                            account,
                            account_name.clone(),
                            set,
                            ViaType::Group,
                            Some(&a.principal_id),
                        ));
                    }
                }
            }
        }
    }
    for ((kind, principal), urns) in &data.application_assignments {
        for urn in urns {
            match kind {
                PrincipalType::User => {
                    out.insert(row(
                        principal,
                        TargetType::Application,
                        urn,
                        app_name(urn),
                        None,
                        ViaType::User,
                        None,
                    ));
                }
                PrincipalType::Group => {
                    for user in data.memberships.get(principal).into_iter().flatten() {
                        out.insert(row(
                            user,
                            TargetType::Application,
                            urn,
                            app_name(urn),
                            None,
                            ViaType::Group,
                            Some(principal),
                        ));
                    }
                }
            }
        }
    }
    for app in data.applications.iter().filter(|a| !a.assignment_required) {
        for user in &data.users {
            out.insert(row(
                &user.id,
                TargetType::Application,
                &app.entity.id,
                app.entity.name.clone(),
                None,
                ViaType::AllUsers,
                None,
            ));
        }
    }
    out
}

/// One access of user `user` (named `name`) to account `a-1` as `ps-1`, through group `g-1`.
pub fn sample_row(user: &str, name: Option<&str>) -> Row {
    Row {
        cloud: Cloud::Huawei,
        instance_id: "ins-1".into(),
        user_id: user.into(),
        user_name: name.map(str::to_owned),
        target_type: TargetType::Account,
        target_id: "a-1".into(),
        target_name: Some("prod".into()),
        permission_set_id: Some("ps-1".into()),
        permission_set_name: Some("Admin".into()),
        via_type: ViaType::Group,
        via_id: Some("g-1".into()),
        via_name: Some("admins".into()),
    }
}

/// The accounts under the units `values` name (id or name), at any depth.
pub fn accounts_under(data: &MemorySource, values: &[String]) -> BTreeSet<String> {
    let mut units: BTreeSet<String> = data
        .units
        .iter()
        .filter(|u| {
            values
                .iter()
                .any(|v| *v == u.entity.id || Some(v) == u.entity.name.as_ref())
        })
        .map(|u| u.entity.id.clone())
        .collect();
    loop {
        let more: Vec<String> = data
            .units
            .iter()
            .filter(|u| u.parent.as_ref().is_some_and(|p| units.contains(p)))
            .map(|u| u.entity.id.clone())
            .filter(|id| !units.contains(id))
            .collect();
        if more.is_empty() {
            break;
        }
        units.extend(more);
    }
    data.account_parents
        .iter()
        .filter(|(_, parent)| units.contains(*parent))
        .map(|(account, _)| account.clone())
        .collect()
}
