//! Under every fault the emulator can inject, the client returns every item exactly once or a typed
//! error: never a panic, a hang, or a silently short or duplicated result.

use std::time::Duration;

use idc::config::Timeouts;
use idc::{Error, PrincipalType};
use idc_emulator::{DataSet, Fault, FaultPlan, RunningEmulator, demo};
use idc_tests::{clock, emulator, expected_huawei_accounts, expected_scp, huawei, scp};

const TODAY: &str = "2026-11-24";

fn timeouts() -> Timeouts {
    Timeouts::default()
        .with_attempt(Duration::from_secs(2))
        .with_operation(Duration::from_secs(20))
}

async fn huawei_items(emu: &RunningEmulator) -> idc::Result<Vec<(String, String)>> {
    let client = huawei(emu)
        .clock(clock(TODAY))
        .timeouts(timeouts())
        .build()
        .unwrap();
    let run = client
        .list_account_assignments_for_principal()
        .instance_id(demo::HUAWEI_INSTANCE_ID)
        .principal_id(demo::HUAWEI_PRINCIPAL_ID)
        .principal_type(PrincipalType::User)
        .page_size(4)
        .collect();
    let items = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("the client hung")?;
    Ok(items
        .into_iter()
        .map(|a| (a.account_id, a.permission_set_id))
        .collect())
}

async fn scp_items(
    emu: &RunningEmulator,
    concurrency: usize,
) -> idc::Result<Vec<(String, String)>> {
    let client = scp(emu)
        .clock(clock(TODAY))
        .timeouts(timeouts())
        .build()
        .unwrap();
    let run = client
        .list_account_assignments()
        .instance_id(demo::SCP_INSTANCE_ID)
        .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
        .page_size(7)
        .concurrency(concurrency)
        .collect();
    let items = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("the client hung")?;
    Ok(items
        .into_iter()
        .map(|a| (a.principal_id, a.role_srn))
        .collect())
}

/// What a fault must lead to.
#[derive(Debug)]
enum Outcome {
    /// Every item, exactly once (the fault was absorbed, e.g. by a retry).
    Complete,
    /// A typed error of this kind.
    Fails(fn(&Error) -> bool),
}

fn malformed(e: &Error) -> bool {
    matches!(e, Error::MalformedResponse { .. })
}

fn pagination(e: &Error) -> bool {
    matches!(e, Error::Pagination { .. })
}

fn server_error(e: &Error) -> bool {
    matches!(e, Error::Service(s) if s.status == 503)
}

async fn check(plan: FaultPlan, outcome: Outcome, label: &str) {
    let data = DataSet::demo();
    let emu = emulator(data.clone(), FaultPlan::default(), clock(TODAY)).await;
    let expected_huawei = expected_huawei_accounts(&data, demo::HUAWEI_PRINCIPAL_ID);
    let expected_scp = expected_scp(&data, demo::SCP_TARGET_ACCOUNT_ID);

    // Each run numbers the data requests from 1 again, so the plan hits the same place in each.
    emu.set_faults(plan.clone());
    let huawei = huawei_items(&emu).await;
    emu.set_faults(plan.clone());
    let sequential = scp_items(&emu, 1).await;
    emu.set_faults(plan);
    let concurrent = scp_items(&emu, 4).await;

    match outcome {
        Outcome::Complete => {
            assert_eq!(huawei.unwrap(), expected_huawei, "{label}: huawei");
            assert_eq!(sequential.unwrap(), expected_scp, "{label}: scp");
            assert_eq!(concurrent.unwrap(), expected_scp, "{label}: scp concurrent");
        }
        Outcome::Fails(kind) => {
            for (cloud, result) in [
                ("huawei", huawei.map(|v| v.len())),
                ("scp", sequential.map(|v| v.len())),
                ("scp concurrent", concurrent.map(|v| v.len())),
            ] {
                let err = result.expect_err(&format!("{label}: {cloud} must fail"));
                assert!(kind(&err), "{label}: {cloud}: unexpected {err:?}");
            }
        }
    }
}

#[tokio::test]
async fn latency_is_absorbed() {
    let plan = FaultPlan::new(1).on_requests(2..=3, Fault::Latency(Duration::from_millis(100)));
    check(plan, Outcome::Complete, "latency").await;
}

#[tokio::test]
async fn throttling_and_server_errors_are_retried() {
    for status in [429, 500, 502, 503, 504] {
        let plan = FaultPlan::new(1).on_request(
            2,
            Fault::Status {
                status,
                retry_after: Some(0),
            },
        );
        check(plan, Outcome::Complete, &format!("status {status}")).await;
    }
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let plan = FaultPlan::new(1).on_request(2, Fault::ConnectionReset);
    check(plan, Outcome::Complete, "connection reset").await;
}

#[tokio::test]
async fn a_truncated_body_is_retried() {
    let plan = FaultPlan::new(1).on_request(2, Fault::TruncatedBody);
    check(plan, Outcome::Complete, "truncated body").await;
}

#[tokio::test]
async fn malformed_json_is_a_typed_error() {
    let plan = FaultPlan::new(1).on_request(2, Fault::MalformedJson);
    check(plan, Outcome::Fails(malformed), "malformed json").await;
}

#[tokio::test]
async fn a_repeated_marker_or_page_is_a_pagination_error() {
    let plan = FaultPlan::new(1).on_requests(2.., Fault::RepeatedMarker);
    check(plan, Outcome::Fails(pagination), "repeated marker").await;
}

#[tokio::test]
async fn a_persistent_outage_ends_in_the_last_error() {
    let plan = FaultPlan::new(1).on_requests(
        2..,
        Fault::Status {
            status: 503,
            retry_after: None,
        },
    );
    check(plan, Outcome::Fails(server_error), "outage").await;
}

#[tokio::test]
async fn random_faults_never_lose_or_duplicate_items() {
    let data = DataSet::demo();
    let expected_huawei = expected_huawei_accounts(&data, demo::HUAWEI_PRINCIPAL_ID);
    let expected_scp = expected_scp(&data, demo::SCP_TARGET_ACCOUNT_ID);
    for seed in 0..8 {
        let plan = FaultPlan::new(seed)
            .with_probability(0.15, Fault::ConnectionReset)
            .with_probability(
                0.15,
                Fault::Status {
                    status: 503,
                    retry_after: None,
                },
            )
            .with_probability(0.1, Fault::TruncatedBody)
            .with_probability(0.1, Fault::Latency(Duration::from_millis(20)));
        let emu = emulator(data.clone(), plan, clock(TODAY)).await;
        match huawei_items(&emu).await {
            Ok(items) => assert_eq!(items, expected_huawei, "seed {seed}"),
            Err(e) => assert!(
                e.is_retryable(),
                "seed {seed}: only retryable faults: {e:?}"
            ),
        }
        for concurrency in [1, 3] {
            match scp_items(&emu, concurrency).await {
                Ok(items) => assert_eq!(items, expected_scp, "seed {seed}"),
                Err(e) => assert!(e.is_retryable(), "seed {seed}: {e:?}"),
            }
        }
    }
}
