//! Every plan gives the same rows as the full plan: the planner's routes (per application or per
//! principal, per group or per member, per account or per principal, the narrow `--user` and
//! `--group` reports with their names by id, `--ou`) against a source that offers only the
//! listings, on generated organisations, with each filter and their combinations; in memory,
//! and through the emulator at page sizes 1 and 100 with injected 429s and 503s.

mod common;

use std::collections::BTreeSet;

use common::emulator_data::{
    PROJECT_ID, SCP_INSTANCE, huawei_data_set, quick_retries, scp_data_set, throttling_faults,
};
use common::{Shape, generate};
use futures::TryStreamExt;
use idc::retry::RetryPolicy;
use idc_emulator::{Emulator, FaultPlan, RunningEmulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::{
    AccountAssignment, Application, Entity, Group, MemorySource, PrincipalType, Seen, Source,
};
use idc_report::{Cloud, Filters, Report, Row};

/// A source offering only the listings (no per-principal, per-application or unit views): the
/// full plan, whatever the counts.
struct ListingsOnly(MemorySource);

impl Source for ListingsOnly {
    fn cloud(&self) -> Cloud {
        self.0.cloud
    }
    fn instance_id(&self) -> &str {
        &self.0.instance_id
    }
    async fn users(&self, n: usize, seen: &Seen) -> idc_report::Result<Vec<Entity>> {
        self.0.users(n, seen).await
    }
    async fn groups(&self, n: usize) -> idc_report::Result<Vec<Group>> {
        self.0.groups(n).await
    }
    async fn group_members(&self, id: &str) -> idc_report::Result<Vec<String>> {
        self.0.group_members(id).await
    }
    async fn accounts(&self, n: usize) -> idc_report::Result<Vec<Entity>> {
        self.0.accounts(n).await
    }
    async fn permission_sets(&self, n: usize) -> idc_report::Result<Vec<Entity>> {
        self.0.permission_sets(n).await
    }
    async fn applications(&self, n: usize) -> idc_report::Result<Vec<Application>> {
        self.0.applications(n).await
    }
    async fn account_assignments(&self, id: &str) -> idc_report::Result<Vec<AccountAssignment>> {
        self.0.account_assignments(id).await
    }
    async fn application_assignments(
        &self,
        kind: PrincipalType,
        id: &str,
    ) -> idc_report::Result<Vec<String>> {
        self.0.application_assignments(kind, id).await
    }
}

fn filters(
    users: &[&str],
    groups: &[&str],
    accounts: &[&str],
    sets: &[&str],
    apps: &[&str],
) -> Filters {
    let v = |x: &[&str]| x.iter().map(|s| (*s).to_owned()).collect();
    Filters {
        users: v(users),
        groups: v(groups),
        accounts: v(accounts),
        permission_sets: v(sets),
        applications: v(apps),
        organizational_units: Vec::new(),
    }
}

/// Each filter, and combinations of them. Values exist in every generated organisation used.
fn cases(cloud: Cloud) -> Vec<Filters> {
    let mut all = vec![
        Filters::default(),
        filters(&["user3"], &[], &[], &[], &[]),
        filters(&["user3", "id:u-00007", "name:user11"], &[], &[], &[], &[]),
        filters(&[], &["group1"], &[], &[], &[]),
        filters(&[], &["group1", "id:g-0003"], &[], &[], &[]),
        filters(&[], &[], &["account2"], &[], &[]),
        filters(&[], &[], &[], &["Set1"], &[]),
        filters(&["user3"], &["group1"], &[], &[], &[]),
        filters(&["user3"], &[], &["account2", "account5"], &[], &[]),
        filters(&["user7"], &[], &[], &["Set0"], &[]),
        filters(&[], &["group2"], &["account4"], &[], &[]),
        filters(&[], &["group0"], &[], &["Set2"], &[]),
    ];
    if cloud == Cloud::Huawei {
        all.push(filters(&[], &[], &[], &[], &["app1"]));
        all.push(filters(&["user3"], &[], &[], &[], &["app0", "app2"]));
        all.push(filters(&[], &["group1"], &["account1"], &[], &["app1"]));
    }
    let mut ou = Filters {
        organizational_units: vec!["unit-a".to_owned()],
        ..Filters::default()
    };
    all.push(ou.clone());
    ou.users = vec!["user5".to_owned()];
    all.push(ou.clone());
    ou.users.clear();
    ou.organizational_units = vec!["ou-00000002".to_owned()];
    ou.accounts = vec!["account2".to_owned(), "account3".to_owned()];
    all.push(ou);
    all
}

async fn rows<S: Source + 'static>(source: S, filters: &Filters) -> BTreeSet<Row> {
    let rows: Vec<Row> = Report::new(source)
        .concurrency(6)
        .filters(filters.clone())
        .rows()
        .try_collect()
        .await
        .unwrap_or_else(|e| panic!("{filters:?}: {e}"));
    let n = rows.len();
    let set: BTreeSet<Row> = rows.into_iter().collect();
    assert_eq!(set.len(), n, "a row came twice with {filters:?}");
    set
}

/// The full plan's rows, for the organisation of `data`, with `filters`.
async fn full_plan(data: &MemorySource, filters: &Filters) -> BTreeSet<Row> {
    let mut plain = data.clone();
    if !filters.organizational_units.is_empty() {
        // The full plan knows no units: the accounts under them, given as an account filter
        // instead (by id, intersected with the account filter when there is one).
        let under = common::accounts_under(data, &filters.organizational_units);
        plain.accounts.retain(|a| {
            under.contains(&a.id)
                && (filters.accounts.is_empty()
                    || filters.accounts.contains(a.name.as_ref().unwrap_or(&a.id)))
        });
        plain.account_assignments.retain(|a, _| under.contains(a));
        let mut f = filters.clone();
        f.organizational_units.clear();
        f.accounts = plain
            .accounts
            .iter()
            .map(|a| format!("id:{}", a.id))
            .collect();
        if f.accounts.is_empty() {
            return BTreeSet::new();
        }
        return rows(ListingsOnly(plain), &f).await;
    }
    rows(ListingsOnly(plain), filters).await
}

/// Shapes that make each route the cheaper one: many users (per application, per group, per
/// account), and few users with many accounts, groups and applications (per principal, per
/// member).
fn shapes(cloud: Cloud) -> [Shape; 2] {
    let apps = |n| if cloud == Cloud::Huawei { n } else { 0 };
    [
        Shape {
            users: 60,
            groups: 8,
            accounts: 16,
            permission_sets: 4,
            applications: apps(6),
        },
        Shape {
            users: 12,
            groups: 14,
            accounts: 40,
            permission_sets: 4,
            applications: apps(30),
        },
    ]
}

#[tokio::test]
async fn every_plan_gives_the_rows_of_the_full_plan_in_memory() {
    for cloud in [Cloud::Huawei, Cloud::Scp] {
        for (i, shape) in shapes(cloud).into_iter().enumerate() {
            let data = generate(cloud, shape, 11 + i as u64);
            let mut nonempty = 0;
            for f in cases(cloud) {
                let want = full_plan(&data, &f).await;
                nonempty += usize::from(!want.is_empty());
                let got = rows(data.clone(), &f).await;
                assert_eq!(got, want, "{cloud} shape {i} {f:?}");
            }
            // The comparison is not of empty sets only.
            assert!(nonempty >= 10, "{cloud} shape {i}: {nonempty}");
        }
    }
}

#[tokio::test]
async fn the_planner_takes_each_route_where_it_is_cheaper() {
    let routes = |plan: &idc_report::Plan| {
        plan.steps
            .iter()
            .map(|s| format!("{}: {}", s.what, s.operation))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let [many_users, few_users] = shapes(Cloud::Huawei);
    let plan = Report::new(generate(Cloud::Huawei, many_users, 1))
        .explain()
        .await
        .unwrap();
    let text = routes(&plan);
    assert!(
        text.contains("account assignments: account assignments, one per account"),
        "{text}"
    );
    assert!(
        text.contains("group members: group members, one per group"),
        "{text}"
    );
    assert!(
        text.contains("application assignments: application assignments of an application"),
        "{text}"
    );
    let plan = Report::new(generate(Cloud::Huawei, few_users, 1))
        .explain()
        .await
        .unwrap();
    let text = routes(&plan);
    assert!(
        text.contains(
            "account assignments: account assignments of a principal, one per user and group"
        ),
        "{text}"
    );
    assert!(
        text.contains("group members: groups of a user, one per user"),
        "{text}"
    );
    assert!(
        text.contains("application assignments: application assignments of a principal"),
        "{text}"
    );
    // Every step says why.
    assert!(plan.steps.iter().all(|s| !s.why.is_empty()));
    // A narrow report names its principals instead of listing every user.
    let narrow = Report::new(generate(Cloud::Huawei, many_users, 1))
        .filters(filters(&["user3"], &[], &[], &[], &[]))
        .explain()
        .await
        .unwrap();
    let text = routes(&narrow);
    assert!(!text.contains("\nusers: users"), "{text}");
    assert!(text.contains("users named by --user"), "{text}");
    // A filter matching nothing is the same error when explaining.
    let err = Report::new(generate(Cloud::Huawei, many_users, 1))
        .filters(filters(&["nobody"], &[], &[], &[], &[]))
        .explain()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("nobody"), "{err}");
}

fn faults(on: bool) -> FaultPlan {
    throttling_faults(on, 7)
}

fn retries() -> RetryPolicy {
    quick_retries()
}

async fn emulator(set: idc_emulator::DataSet, with_faults: bool) -> RunningEmulator {
    Emulator::builder()
        .data(set)
        .faults(faults(with_faults))
        .start()
        .await
        .unwrap()
}

async fn huawei(emulator: &RunningEmulator, page_size: u32) -> HuaweiSource {
    let client = idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(PROJECT_ID),
        )
        .retry_policy(retries())
        .build()
        .unwrap();
    HuaweiSource::connect(client, None)
        .await
        .unwrap()
        .page_size(page_size)
}

async fn scp(emulator: &RunningEmulator, page_size: u32) -> ScpSource {
    let client = idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .retry_policy(retries())
        .build()
        .unwrap();
    ScpSource::connect(client, Some(SCP_INSTANCE))
        .await
        .unwrap()
        .page_size(page_size)
}

#[tokio::test]
async fn every_plan_over_the_huawei_api_gives_the_rows_of_the_full_plan() {
    for (i, shape) in shapes(Cloud::Huawei).into_iter().enumerate() {
        let data = generate(Cloud::Huawei, shape, 21 + i as u64);
        for with_faults in [false, true] {
            let emulator = emulator(huawei_data_set(&data), with_faults).await;
            for page_size in [1, 100] {
                for f in cases(Cloud::Huawei) {
                    let want = full_plan(&data, &f).await;
                    let got = rows(huawei(&emulator, page_size).await, &f).await;
                    assert_eq!(
                        got, want,
                        "shape {i}, faults {with_faults}, page size {page_size}, {f:?}"
                    );
                }
            }
            emulator.shutdown().await;
        }
    }
}

#[tokio::test]
async fn every_plan_over_the_scp_api_gives_the_rows_of_the_full_plan() {
    let mut data = generate(Cloud::Scp, shapes(Cloud::Scp)[0], 31);
    data.instance_id = SCP_INSTANCE.to_owned();
    for with_faults in [false, true] {
        let emulator = emulator(scp_data_set(&data), with_faults).await;
        for page_size in [1, 100] {
            for f in cases(Cloud::Scp) {
                // SCP's organization names no unit tree: a unit is the accounts directly under it.
                if f.organizational_units.iter().any(|u| u == "unit-a") {
                    continue;
                }
                let want = full_plan(&data, &f).await;
                let got = rows(scp(&emulator, page_size).await, &f).await;
                assert_eq!(
                    got, want,
                    "faults {with_faults}, page size {page_size}, {f:?}"
                );
            }
        }
        emulator.shutdown().await;
    }
}
