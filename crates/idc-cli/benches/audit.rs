//! `idc audit` over `idc report`: the requests and the time of an audit with every rule (the
//! report, then the reads the rules need) against those of the report alone, on the report
//! benchmark's organisations (500 users, 50 groups, 100 accounts, 20 permission sets; Huawei also
//! 10 applications), 20 ms of emulator latency per request, concurrency 16; and an audit whose
//! rules need no reads (`--rules IDC001,IDC007,IDC009`), which should cost what the report does.
//!
//! `cargo bench -p idc-cli --bench audit` (`-- huawei` or `-- scp` for one cloud). The time is the
//! best of 3 runs; the requests are counted by the emulator (the instance lookup excluded).

#[path = "../../idc-report/tests/common/mod.rs"]
#[allow(missing_docs)]
mod common;

use std::time::{Duration, Instant};

use common::emulator_data::{PROJECT_ID, SCP_INSTANCE, huawei_data_set, scp_data_set};
use common::{Shape, generate};
use futures::TryStreamExt;
use idc_audit::Audit;
use idc_audit::huawei::HuaweiReads;
use idc_audit::scp::ScpReads;
use idc_emulator::{Emulator, Fault, FaultPlan, RunningEmulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::Source;
use idc_report::{Cloud, Report};

const LATENCY: Duration = Duration::from_millis(20);
const CONCURRENCY: usize = 16;
/// The rules that read nothing beyond the report.
const NO_READS: [&str; 3] = ["IDC001", "IDC007", "IDC009"];

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

/// What is measured: the report alone, or an audit with these rules (all when empty).
#[derive(Clone, Copy)]
enum Run<'a> {
    Report,
    Audit(&'a [&'a str]),
}

/// One run: (rows or findings, seconds, requests made after the instance lookup).
async fn once(cloud: Cloud, emulator: &RunningEmulator, run: Run<'_>) -> (usize, f64, usize) {
    match cloud {
        Cloud::Huawei => {
            let client = huawei_client(emulator);
            let source = HuaweiSource::connect(client.clone(), None)
                .await
                .expect("the instance");
            let reads = HuaweiReads::for_source(client, &source)
                .expect("the reads")
                .concurrency(CONCURRENCY);
            measure(emulator, source, &reads, run).await
        }
        Cloud::Scp => {
            let client = scp_client(emulator);
            let source = ScpSource::connect(client.clone(), Some(SCP_INSTANCE))
                .await
                .expect("the instance");
            let reads = ScpReads::new(client, SCP_INSTANCE).concurrency(CONCURRENCY);
            measure(emulator, source, &reads, run).await
        }
    }
}

async fn measure<S: Source + 'static, R: idc_audit::Reads>(
    emulator: &RunningEmulator,
    source: S,
    reads: &R,
    run: Run<'_>,
) -> (usize, f64, usize) {
    let before = emulator.request_count();
    let started = Instant::now();
    let n = match run {
        Run::Report => {
            let rows: Vec<_> = Report::new(source)
                .concurrency(CONCURRENCY)
                .rows()
                .try_collect()
                .await
                .expect("the report");
            rows.len()
        }
        Run::Audit(rules) => {
            let only: Vec<String> = rules.iter().map(|r| (*r).to_owned()).collect();
            let audit = Audit::new()
                .select(&only, &[])
                .expect("the rules")
                .concurrency(CONCURRENCY);
            let result = audit.run(source, reads).await.expect("the audit");
            result.findings().len()
        }
    };
    let secs = started.elapsed().as_secs_f64();
    (n, secs, emulator.request_count() - before)
}

/// The best time of 3 runs, with the count and requests of the last.
async fn best_of_3(cloud: Cloud, emulator: &RunningEmulator, run: Run<'_>) -> (usize, f64, usize) {
    let mut best = (0, f64::MAX, 0);
    for _ in 0..3 {
        let (n, secs, requests) = once(cloud, emulator, run).await;
        best = (n, best.1.min(secs), requests);
    }
    best
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing: run only for bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
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
        for cloud in clouds {
            let applications = if cloud == Cloud::Huawei { 10 } else { 0 };
            let shape = Shape {
                users: 500,
                groups: 50,
                accounts: 100,
                permission_sets: 20,
                applications,
            };
            let mut data = generate(cloud, shape, 2026);
            let set = match cloud {
                Cloud::Huawei => huawei_data_set(&data),
                Cloud::Scp => {
                    data.instance_id = SCP_INSTANCE.to_owned();
                    scp_data_set(&data)
                }
            };
            let emulator = Emulator::builder()
                .data(set)
                .faults(FaultPlan::new(1).always(Fault::Latency(LATENCY)))
                .max_connections(256)
                .start()
                .await
                .expect("the emulator starts");
            let (rows, report_secs, report_requests) =
                best_of_3(cloud, &emulator, Run::Report).await;
            let (findings, audit_secs, audit_requests) =
                best_of_3(cloud, &emulator, Run::Audit(&[])).await;
            let (_, bare_secs, bare_requests) =
                best_of_3(cloud, &emulator, Run::Audit(&NO_READS)).await;
            println!(
                "{cloud}: report {rows} rows, {report_requests} requests, {:.0} ms; audit (every \
                 rule) {findings} findings, {audit_requests} requests ({:.2}x), {:.0} ms ({:.2}x); \
                 audit without reads ({}) {bare_requests} requests ({:.2}x), {:.0} ms ({:.2}x)",
                report_secs * 1e3,
                audit_requests as f64 / report_requests as f64,
                audit_secs * 1e3,
                audit_secs / report_secs,
                NO_READS.join(","),
                bare_requests as f64 / report_requests as f64,
                bare_secs * 1e3,
                bare_secs / report_secs,
            );
            emulator.shutdown().await;
        }
    });
}
