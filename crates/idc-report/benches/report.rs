//! The access report against the emulator: time and requests against the plan's lower bound, and
//! peak memory at ten times the organisation.
//!
//! `cargo bench -p idc-report --bench report`
//!
//! 1. The benchmark organisation (500 users, 50 groups, 100 accounts, 20 permission sets; Huawei
//!    also 10 applications) with 20 ms of emulator latency per request, at concurrency 16: the
//!    requests made against the fewest any plan over the API needs (each part by its cheaper
//!    route, every listing at its largest page), and the time against
//!    `max(ceil(fewest / concurrency), longest chain) x latency`.
//! 2. Ten times that organisation without latency: the process's peak RSS while the report runs
//!    (emulator included), rows serialized to JSON into a sink; then one user's report of it
//!    (`--user user42`), its requests counted.
//!
//! The organisations are generated into the emulator's relational data set.

#[path = "../tests/common/mod.rs"]
#[allow(missing_docs)]
mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::emulator_data::{PROJECT_ID, SCP_INSTANCE, huawei_data_set, scp_data_set};
use common::{Shape, generate};
use futures::TryStreamExt;
use idc_emulator::{DataSet, Emulator, Fault, FaultPlan, RunningEmulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::{MemorySource, PrincipalType};
use idc_report::{Cloud, Filters, Report};

const LATENCY: Duration = Duration::from_millis(20);
const CONCURRENCY: usize = 16;
/// The largest page of every listing but Organizations `ListAccounts` (and of SCP's).
const PAGE: usize = 100;
/// The largest page of Organizations `ListAccounts`.
const ACCOUNTS_PAGE: usize = 2000;

fn pages(n: usize, page: usize) -> usize {
    n.div_ceil(page).max(1)
}

/// The fewest requests any plan over the API needs for the whole report of `data` (the instance
/// lookup excluded), and the longest chain of them that must follow one another. Each part of
/// the report takes the cheaper of the routes the API offers; see the README for the formula.
fn fewest_requests(data: &MemorySource) -> (usize, usize) {
    let p = |n: usize| pages(n, PAGE);
    let (users, groups) = (data.users.len(), data.groups.len());
    let members = |g: &str| data.memberships.get(g).map_or(0, Vec::len);
    if data.cloud == Cloud::Scp {
        // No per-principal view: every account's assignments, one record per principal; groups
        // embed their members. Pages after the first of a page/size listing go at once.
        let per_account: usize = data
            .accounts
            .iter()
            .map(|a| {
                let principals = data.account_assignments.get(&a.id).map_or(0, |list| {
                    list.iter()
                        .map(|x| (x.principal_type, &x.principal_id))
                        .collect::<std::collections::BTreeSet<_>>()
                        .len()
                });
                p(principals)
            })
            .sum();
        let n = p(users) + p(groups) + p(data.accounts.len()) + p(data.permission_sets.len());
        // The users' first page, then the rest at once; the accounts, then their assignments.
        let chain = 2;
        return (n + per_account, chain);
    }
    // Group members: per group, or per member (every user asks once at least).
    let per_group: usize = data.groups.iter().map(|g| p(members(&g.entity.id))).sum();
    let per_member: usize = data
        .users
        .iter()
        .map(|u| {
            p(data
                .memberships
                .values()
                .filter(|m| m.contains(&u.id))
                .count())
        })
        .sum();
    // Account assignments: per account, or per principal.
    let assigned = |kind: PrincipalType, id: &str| {
        data.account_assignments
            .values()
            .flatten()
            .filter(|a| a.principal_type == kind && a.principal_id == id)
            .count()
    };
    let per_account: usize = data
        .accounts
        .iter()
        .map(|a| p(data.account_assignments.get(&a.id).map_or(0, Vec::len)))
        .sum();
    let principals = || {
        data.users
            .iter()
            .map(|u| (PrincipalType::User, u.id.clone()))
            .chain(
                data.groups
                    .iter()
                    .map(|g| (PrincipalType::Group, g.entity.id.clone())),
            )
    };
    let per_principal: usize = principals().map(|(k, id)| p(assigned(k, &id))).sum();
    // Application assignments: per application (the instances listed first), or per principal.
    let applications = if data.applications.is_empty() {
        0
    } else {
        let per_application = p(data.applications.len())
            + data
                .applications
                .iter()
                .map(|a| {
                    p(data
                        .application_assignments
                        .values()
                        .flatten()
                        .filter(|u| **u == a.entity.id)
                        .count())
                })
                .sum::<usize>();
        let per_principal: usize = principals()
            .map(|key| p(data.application_assignments.get(&key).map_or(0, Vec::len)))
            .sum();
        per_application.min(per_principal)
    };
    let n = p(users)
        + p(groups)
        + pages(data.accounts.len(), ACCOUNTS_PAGE)
        + p(data.permission_sets.len())
        + p(data.applications.len())
        + per_group.min(per_member)
        + per_account.min(per_principal)
        + applications;
    // Marker pages follow one another: the users' pages are the longest chain here (the groups'
    // pages then a group's members, the accounts' then an account's assignments are shorter).
    let chain = p(users).max(p(groups) + 1).max(2);
    (n, chain)
}

async fn start(data: DataSet, latency: bool) -> RunningEmulator {
    let faults = if latency {
        FaultPlan::new(1).always(Fault::Latency(LATENCY))
    } else {
        FaultPlan::default()
    };
    Emulator::builder()
        .data(data)
        .faults(faults)
        .max_connections(256)
        .start()
        .await
        .expect("the emulator starts")
}

fn huawei_client(emulator: &RunningEmulator) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(PROJECT_ID),
        )
        .build()
        .expect("a client")
}

fn scp_client(emulator: &RunningEmulator) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .build()
        .expect("a client")
}

fn shape(scale: usize, applications: usize) -> Shape {
    Shape {
        users: 500 * scale,
        groups: 50 * scale,
        accounts: 100 * scale,
        permission_sets: 20 * scale,
        applications: applications * scale,
    }
}

fn org(cloud: Cloud, scale: usize) -> MemorySource {
    let applications = if cloud == Cloud::Huawei { 10 } else { 0 };
    let mut data = generate(cloud, shape(scale, applications), 2026);
    if cloud == Cloud::Scp {
        data.instance_id = SCP_INSTANCE.to_owned();
    }
    data
}

/// Runs the report once (with `filters`); returns (rows, seconds, requests made by the report).
async fn run(cloud: Cloud, emulator: &RunningEmulator, filters: Filters) -> (usize, f64, usize) {
    let mut out = std::io::sink();
    match cloud {
        Cloud::Huawei => {
            let source = HuaweiSource::connect(huawei_client(emulator), None)
                .await
                .expect("the instance");
            let before = emulator.request_count();
            let started = Instant::now();
            let mut rows = Report::new(source)
                .concurrency(CONCURRENCY)
                .filters(filters)
                .rows();
            let mut n = 0;
            while let Some(row) = rows.try_next().await.expect("the report") {
                serde_json::to_writer(&mut out, &row).expect("json");
                out.write_all(b"\n").expect("sink");
                n += 1;
            }
            let secs = started.elapsed().as_secs_f64();
            (n, secs, emulator.request_count() - before)
        }
        Cloud::Scp => {
            let source = ScpSource::connect(scp_client(emulator), Some(SCP_INSTANCE))
                .await
                .expect("the instance");
            let before = emulator.request_count();
            let started = Instant::now();
            let mut rows = Report::new(source)
                .concurrency(CONCURRENCY)
                .filters(filters)
                .rows();
            let mut n = 0;
            while let Some(row) = rows.try_next().await.expect("the report") {
                serde_json::to_writer(&mut out, &row).expect("json");
                out.write_all(b"\n").expect("sink");
                n += 1;
            }
            let secs = started.elapsed().as_secs_f64();
            (n, secs, emulator.request_count() - before)
        }
    }
}

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run only for bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    // `-- huawei` or `-- scp` runs one cloud only.
    let args: Vec<String> = std::env::args().collect();
    let only: Vec<Cloud> = [Cloud::Huawei, Cloud::Scp]
        .into_iter()
        .filter(|c| args.iter().any(|a| *a == c.to_string()))
        .collect();
    let clouds = if only.is_empty() {
        vec![Cloud::Huawei, Cloud::Scp]
    } else {
        only
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        for &cloud in &clouds {
            let data = org(cloud, 1);
            let (fewest, chain) = fewest_requests(&data);
            let set = match cloud {
                Cloud::Huawei => huawei_data_set(&data),
                Cloud::Scp => scp_data_set(&data),
            };
            let emulator = start(set, true).await;
            // The time bound: the fewest requests at the concurrency, or the longest chain that
            // must follow one another, whichever is longer, times the latency.
            let rounds = fewest.div_ceil(CONCURRENCY).max(chain);
            let bound = rounds as f64 * LATENCY.as_secs_f64();
            let mut best = f64::MAX;
            let mut requests = 0;
            let mut rows = 0;
            for _ in 0..3 {
                let (n, secs, made) = run(cloud, &emulator, Filters::default()).await;
                best = best.min(secs);
                requests = made;
                rows = n;
            }
            println!(
                "{cloud}: {rows} rows; best of 3: {:.0} ms vs the time bound {:.0} ms = max(ceil({fewest} \
                 / {CONCURRENCY}), chain {chain}) x {} ms ({:.2}x); {requests} requests vs the \
                 fewest over the API {fewest} ({:.2}x)",
                best * 1e3,
                bound * 1e3,
                LATENCY.as_millis(),
                best / bound,
                requests as f64 / fewest as f64,
            );
            emulator.shutdown().await;
        }

        for &cloud in &clouds {
            let data = org(cloud, 10);
            let set = match cloud {
                Cloud::Huawei => huawei_data_set(&data),
                Cloud::Scp => scp_data_set(&data),
            };
            drop(data);
            let emulator = start(set, false).await;
            // Peak RSS from here on: the report (and the emulator serving it), not the setup.
            let _ = std::fs::write("/proc/self/clear_refs", "5");
            let before = status_kib("VmRSS:").unwrap_or(0);
            let (rows, secs, requests) = run(cloud, &emulator, Filters::default()).await;
            let peak = status_kib("VmHWM:").unwrap_or(0);
            println!(
                "{cloud} x10: {rows} rows, {requests} requests in {secs:.2} s; peak RSS {:.1} MiB \
                 (RSS {:.1} MiB before the report, emulator and its data included)",
                peak as f64 / 1024.0,
                before as f64 / 1024.0
            );
            // One user of the large organisation, by name: the per-principal views.
            let user = Filters {
                users: vec!["user42".to_owned()],
                ..Filters::default()
            };
            let (rows, secs, requests) = run(cloud, &emulator, user).await;
            println!("{cloud} x10 --user user42: {rows} rows, {requests} requests in {secs:.2} s");
            emulator.shutdown().await;
        }
    });
}
