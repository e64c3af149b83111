//! The report against the emulator, over generated organisations written in the emulator's data
//! file format: the same rows as the effective access computed independently from the data set,
//! each exactly once, at page sizes 1 and 100, with and without injected 429s and 503s.
//!
//! The organisations are generated into the emulator's relational data (users, groups,
//! memberships, permission sets, accounts, applications). Also: the report's requests in flight
//! checked against its concurrency, and filters against the emulator.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::emulator_data::{
    PROJECT_ID, SCP_INSTANCE, huawei_data_set, quick_retries, scp_data_set, throttling_faults,
};
use common::{Shape, expected, generate};
use futures::TryStreamExt;
use idc::retry::RetryPolicy;
use idc_emulator::{DataSet, Emulator, Fault, FaultPlan, RunningEmulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::MemorySource;
use idc_report::{Cloud, Error, FilterKind, Filters, Report, Row};

fn huawei_org(seed: u64) -> MemorySource {
    let shape = Shape {
        users: 30,
        groups: 5,
        accounts: 12,
        permission_sets: 4,
        applications: 6,
    };
    generate(Cloud::Huawei, shape, seed)
}

fn scp_org(seed: u64) -> MemorySource {
    let shape = Shape {
        users: 30,
        groups: 5,
        accounts: 12,
        permission_sets: 4,
        applications: 0,
    };
    let mut data = generate(Cloud::Scp, shape, seed);
    data.instance_id = SCP_INSTANCE.to_owned();
    data
}

fn faults(on: bool) -> FaultPlan {
    throttling_faults(on, 42)
}

fn retries() -> RetryPolicy {
    quick_retries()
}

async fn start(data: DataSet, faults: FaultPlan) -> RunningEmulator {
    Emulator::builder()
        .data(data)
        .faults(faults)
        .start()
        .await
        .unwrap()
}

fn huawei_client(emulator: &RunningEmulator) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(PROJECT_ID),
        )
        .retry_policy(retries())
        .build()
        .unwrap()
}

fn scp_client(emulator: &RunningEmulator) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .retry_policy(retries())
        .build()
        .unwrap()
}

fn exactly_once(rows: Vec<Row>) -> BTreeSet<Row> {
    let n = rows.len();
    let set: BTreeSet<Row> = rows.into_iter().collect();
    assert_eq!(set.len(), n, "a row came twice");
    set
}

#[tokio::test]
async fn huawei_report_is_the_effective_access_of_the_data_set() {
    let org = huawei_org(3);
    let want = expected(&org);
    assert!(want.len() > 50);
    for with_faults in [false, true] {
        let emulator = start(huawei_data_set(&org), faults(with_faults)).await;
        for page_size in [1, 100] {
            // The instance is discovered: there is exactly one.
            let source = HuaweiSource::connect(huawei_client(&emulator), None)
                .await
                .unwrap()
                .page_size(page_size);
            let rows: Vec<Row> = Report::new(source)
                .concurrency(8)
                .rows()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(
                exactly_once(rows),
                want,
                "page size {page_size}, faults {with_faults}"
            );
        }
        emulator.shutdown().await;
    }
}

#[tokio::test]
async fn scp_report_is_the_effective_access_of_the_data_set() {
    let org = scp_org(5);
    let want = expected(&org);
    assert!(want.len() > 50);
    for with_faults in [false, true] {
        let emulator = start(scp_data_set(&org), faults(with_faults)).await;
        for page_size in [1, 100] {
            let source = ScpSource::connect(scp_client(&emulator), Some(SCP_INSTANCE))
                .await
                .unwrap()
                .page_size(page_size);
            let rows: Vec<Row> = Report::new(source)
                .concurrency(8)
                .rows()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(
                exactly_once(rows),
                want,
                "page size {page_size}, faults {with_faults}"
            );
        }
        emulator.shutdown().await;
    }
}

#[tokio::test]
async fn scp_requests_in_flight_never_exceed_the_concurrency() {
    let org = scp_org(6);
    let want = expected(&org);
    // Every request takes 15 ms, so that the requests a client lets overlap do overlap.
    let slow = FaultPlan::new(1).always(Fault::Latency(Duration::from_millis(15)));
    let emulator = start(scp_data_set(&org), slow).await;
    for concurrency in [1, 2, 3] {
        // Page size 2: every listing has many pages, which the source fetches 4 at once unless
        // the report's concurrency allows fewer.
        let source = ScpSource::connect(scp_client(&emulator), Some(SCP_INSTANCE))
            .await
            .unwrap()
            .page_size(2);
        emulator.clear_requests();
        let rows: Vec<Row> = Report::new(source)
            .concurrency(concurrency)
            .rows()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(exactly_once(rows), want);
        let peak = emulator.peak_in_flight();
        assert!(
            peak <= concurrency,
            "{peak} requests in flight at --concurrency {concurrency}"
        );
        if concurrency > 1 {
            assert!(peak > 1, "requests never overlapped at {concurrency}");
        }
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn filters_against_the_emulator_and_a_value_matching_nothing() {
    let org = huawei_org(9);
    let want = expected(&org);
    let emulator = start(huawei_data_set(&org), FaultPlan::default()).await;
    let source = HuaweiSource::connect(huawei_client(&emulator), Some("ins-1"))
        .await
        .unwrap();
    let filters = Filters {
        users: vec!["user3".into(), common::user_id(4)],
        accounts: vec!["account2".into(), common::account_id(5)],
        ..Filters::default()
    };
    let rows: Vec<Row> = Report::new(source.clone())
        .filters(filters)
        .rows()
        .try_collect()
        .await
        .unwrap();
    let filtered: BTreeSet<Row> = want
        .iter()
        .filter(|r| {
            (r.user_id == common::user_id(3) || r.user_id == common::user_id(4))
                && (r.target_id == common::account_id(2) || r.target_id == common::account_id(5))
        })
        .cloned()
        .collect();
    assert_eq!(exactly_once(rows), filtered);

    let err = Report::new(source)
        .filters(Filters {
            groups: vec!["no-such-group".into()],
            ..Filters::default()
        })
        .rows()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::FilterMatchesNothing { unmatched, .. }
            if unmatched == &[(FilterKind::Group, "no-such-group".to_owned())]),
        "{err:?}"
    );
    let err = HuaweiSource::connect(huawei_client(&emulator), Some("ins-nope"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InstanceNotFound { .. }), "{err:?}");
    emulator.shutdown().await;
}
