//! Every fault kind, observed from the client side.

mod common;

use std::time::{Duration, Instant};

use common::*;
use idc_emulator::{Fault, FaultPlan, demo};

fn huawei_query(limit: usize) -> String {
    accounts_path(&format!(
        "principal_id={}&principal_type=USER&limit={limit}",
        demo::HUAWEI_PRINCIPAL_ID
    ))
}

async fn started(plan: FaultPlan) -> (idc_emulator::RunningEmulator, idc::clock::ManualClock) {
    let clock = clock();
    let emulator = builder(&clock).faults(plan).start().await.unwrap();
    (emulator, clock)
}

#[tokio::test]
async fn faults_hit_the_numbered_data_requests_only() {
    let plan = FaultPlan::new(1)
        .on_request(
            2,
            Fault::Status {
                status: 503,
                retry_after: None,
            },
        )
        .on_requests(
            4..6,
            Fault::Status {
                status: 500,
                retry_after: None,
            },
        );
    let (emulator, _clock) = started(plan).await;
    let base = emulator.base_url();
    // Other paths are not data requests: not counted, not faulted.
    assert_eq!(
        client()
            .get(format!("{base}/nowhere"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            huawei_demo(base, &huawei_query(5))
                .send()
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [200, 503, 200, 500, 500, 200, 200]);

    // set_faults replaces the plan and numbers from 1 again.
    emulator.set_faults(FaultPlan::new(1).on_request(
        1,
        Fault::Status {
            status: 502,
            retry_after: None,
        },
    ));
    assert_eq!(
        huawei_demo(base, &huawei_query(5)).send().await.status(),
        502
    );
    assert_eq!(
        huawei_demo(base, &huawei_query(5)).send().await.status(),
        200
    );
}

#[tokio::test]
async fn status_faults_use_each_cloud_shape_and_retry_after() {
    let plan = FaultPlan::new(1).always(Fault::Status {
        status: 429,
        retry_after: Some(3),
    });
    let (emulator, _clock) = started(plan).await;
    let response = huawei_demo(emulator.base_url(), &huawei_query(5))
        .send()
        .await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "3");
    assert!(response.headers().contains_key("x-request-id"));
    let body = json(response).await;
    assert_eq!(body["error_code"], "APIG.0308");

    emulator.set_faults(FaultPlan::new(1).always(Fault::Status {
        status: 503,
        retry_after: None,
    }));
    let response = scp_demo(emulator.base_url(), &scp_query("")).send().await;
    assert_eq!(response.status(), 503);
    assert!(!response.headers().contains_key("retry-after"));
    let body = json(response).await;
    assert_eq!(body["errors"][0]["status"], 503);
    assert_eq!(body["errors"][0]["code"], "ServiceUnavailable");
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let plan = FaultPlan::new(1).on_request(1, Fault::Latency(Duration::from_millis(400)));
    let (emulator, _clock) = started(plan).await;
    let started = Instant::now();
    let response = huawei_demo(emulator.base_url(), &huawei_query(5))
        .send()
        .await;
    assert_eq!(response.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(400));
    // A client timeout shorter than the latency sees a timeout.
    emulator.set_faults(FaultPlan::new(1).always(Fault::Latency(Duration::from_secs(5))));
    let request = huawei_demo(emulator.base_url(), &huawei_query(5));
    let mut builder = client()
        .get(&request.url)
        .timeout(Duration::from_millis(200));
    for (k, v) in &request.headers {
        builder = builder.header(k, v);
    }
    let err = builder.send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn connection_reset_is_a_transport_error() {
    let plan = FaultPlan::new(1).on_request(1, Fault::ConnectionReset);
    let (emulator, _clock) = started(plan).await;
    let request = huawei_demo(emulator.base_url(), &huawei_query(5));
    let mut builder = client().get(&request.url);
    for (k, v) in &request.headers {
        builder = builder.header(k, v);
    }
    let err = builder.send().await.unwrap_err();
    assert!(err.status().is_none(), "{err:?}");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    // The next request is answered.
    assert_eq!(request.send().await.status(), 200);
    // SCP too.
    emulator.set_faults(FaultPlan::new(1).always(Fault::ConnectionReset));
    let request = scp_demo(emulator.base_url(), &scp_query(""));
    let mut builder = client().get(&request.url);
    for (k, v) in &request.headers {
        builder = builder.header(k, v);
    }
    assert!(builder.send().await.is_err());
}

#[tokio::test]
async fn truncated_bodies_fail_to_read() {
    let plan = FaultPlan::new(1).on_request(1, Fault::TruncatedBody);
    let (emulator, _clock) = started(plan).await;
    let request = huawei_demo(emulator.base_url(), &huawei_query(20));
    let full = {
        // The same answer untruncated, for its length.
        let response = request.send().await; // request 1: truncated
        assert_eq!(response.status(), 200);
        let announced: usize = response.headers()["content-length"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let err = response.bytes().await.unwrap_err();
        assert!(
            err.is_body() || err.is_decode() || err.is_request(),
            "{err:?}"
        );
        announced
    };
    let response = request.send().await;
    let body = response.bytes().await.unwrap();
    assert_eq!(body.len(), full, "Content-Length announced the whole body");
}

#[tokio::test]
async fn malformed_json_is_a_200_that_does_not_parse() {
    let plan = FaultPlan::new(1).always(Fault::MalformedJson);
    let (emulator, _clock) = started(plan).await;
    let response = huawei_demo(emulator.base_url(), &huawei_query(5))
        .send()
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let text = response.text().await.unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
    assert!(
        serde_json::from_str::<idc_raw::huawei::types::ListAccountAssignmentsForPrincipalResponse>(
            &text
        )
        .is_err()
    );
    let response = scp_demo(emulator.base_url(), &scp_query("")).send().await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
}

#[tokio::test]
async fn repeated_marker_never_ends_a_huawei_listing() {
    let (emulator, _clock) = started(FaultPlan::new(1).on_request(2, Fault::RepeatedMarker)).await;
    let base = emulator.base_url();
    let first = json(huawei_demo(base, &huawei_query(10)).send().await).await;
    let marker = first["page_info"]["next_marker"]
        .as_str()
        .unwrap()
        .to_owned();
    let second_query = accounts_path(&format!(
        "principal_id={}&principal_type=USER&limit=10&marker={marker}",
        demo::HUAWEI_PRINCIPAL_ID
    ));
    // Request 2: the same marker back.
    let second = json(huawei_demo(base, &second_query).send().await).await;
    assert_eq!(second["page_info"]["next_marker"], marker.as_str());
    assert_eq!(second["page_info"]["current_count"], 10);
    // Request 3: normal again, a different marker.
    let third = json(huawei_demo(base, &second_query).send().await).await;
    assert_ne!(third["page_info"]["next_marker"], marker.as_str());

    // On a first page, and even a last page, the marker leads back to the first page.
    emulator.set_faults(FaultPlan::new(1).always(Fault::RepeatedMarker));
    let page = json(huawei_demo(base, &huawei_query(100)).send().await).await;
    assert_eq!(page["page_info"]["current_count"], 25);
    let back = page["page_info"]["next_marker"]
        .as_str()
        .unwrap()
        .to_owned();
    let again = json(
        huawei_demo(
            base,
            &accounts_path(&format!(
                "principal_id={}&principal_type=USER&limit=100&marker={back}",
                demo::HUAWEI_PRINCIPAL_ID
            )),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(again["account_assignments"], page["account_assignments"]);
    assert_eq!(again["page_info"]["next_marker"], back.as_str());
}

#[tokio::test]
async fn repeated_marker_serves_the_first_scp_page_again() {
    let (emulator, _clock) = started(FaultPlan::new(1).on_request(2, Fault::RepeatedMarker)).await;
    let base = emulator.base_url();
    let page0 = json(scp_demo(base, &scp_query("page=0&size=10")).send().await).await;
    let page1 = json(scp_demo(base, &scp_query("page=1&size=10")).send().await).await;
    assert_eq!(page1["page"], 1);
    assert_eq!(page1["account_assignments"], page0["account_assignments"]);
    let page1_again = json(scp_demo(base, &scp_query("page=1&size=10")).send().await).await;
    assert_ne!(
        page1_again["account_assignments"],
        page0["account_assignments"]
    );
}

#[tokio::test]
async fn probabilistic_faults_are_deterministic_per_seed() {
    let outcomes = |seed| {
        let plan = FaultPlan::new(seed).with_probability(0.3, Fault::ConnectionReset);
        (1..=200)
            .map(|n| plan.fault_for(n).is_some())
            .collect::<Vec<_>>()
    };
    let a = outcomes(42);
    assert_eq!(a, outcomes(42));
    assert_ne!(a, outcomes(43));
    let hits = a.iter().filter(|x| **x).count();
    assert!((30..=90).contains(&hits), "{hits} of 200 at p = 0.3");
    assert!(
        FaultPlan::new(1)
            .with_probability(0.0, Fault::MalformedJson)
            .fault_for(1)
            .is_none()
    );
    assert!(
        FaultPlan::new(1)
            .with_probability(1.0, Fault::MalformedJson)
            .fault_for(1)
            .is_some()
    );
    assert!(FaultPlan::default().is_empty());

    // Over the wire: the faulted request numbers are the plan's.
    let plan = FaultPlan::new(7).with_probability(
        0.5,
        Fault::Status {
            status: 503,
            retry_after: None,
        },
    );
    let expected: Vec<u16> = (1..=12)
        .map(|n| {
            if plan.fault_for(n).is_some() {
                503
            } else {
                200
            }
        })
        .collect();
    let (emulator, _clock) = started(plan).await;
    let mut got = Vec::new();
    for _ in 0..12 {
        got.push(
            huawei_demo(emulator.base_url(), &huawei_query(5))
                .send()
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(got, expected);
}
