//! Pagination throughput and concurrency.
//!
//! - `huawei_items_100k`: 100,000 items (1,000 pages of 100) through `items()` of the Huawei client
//!   (the generated builder, signing, hook, retry loop, the generic marker paginator, typed pages),
//!   against a hand-written reqwest + serde_json loop over the same local server that signs each
//!   request the same way (`idc::huawei::signing::sign_request`). Target: at most 1.05x the signed
//!   loop's time. The unsigned loop is measured too, for reference.
//! - `scp_50_pages_20ms`: 50 SCP pages from a server that takes 20 ms per request, sequential against
//!   `concurrency(16)`. Target: concurrent at least 5x faster.
//!
//! Run: `cargo bench -p idc --bench pagination`.

#![allow(missing_docs)] // criterion_group! generates undocumented functions

mod common;

use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use futures::TryStreamExt;
use idc::PrincipalType;
use serde::Deserialize;

const TOTAL: usize = 100_000;

#[derive(Deserialize)]
struct RawPage {
    account_assignments: Vec<RawItem>,
    page_info: RawPageInfo,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawItem {
    account_id: String,
    permission_set_id: String,
    principal_id: String,
    principal_type: String,
}

#[derive(Deserialize)]
struct RawPageInfo {
    next_marker: Option<String>,
}

/// The reference: what a user would write by hand with reqwest and serde_json, signing each
/// request with `credentials` when given.
async fn raw_loop(
    http: &reqwest::Client,
    base: &str,
    credentials: Option<&idc::huawei::Credentials>,
) -> usize {
    let url = format!("{base}/v1/instances/ins-1/account-assignments-for-principals");
    let mut marker: Option<String> = None;
    let mut count = 0;
    loop {
        let mut request = http.get(&url).query(&[
            ("principal_id", "user-1"),
            ("principal_type", "USER"),
            ("limit", "100"),
        ]);
        if let Some(m) = &marker {
            request = request.query(&[("marker", m)]);
        }
        let mut request = request.build().unwrap();
        if let Some(credentials) = credentials {
            idc::huawei::signing::sign_request(&mut request, credentials, SystemTime::now())
                .unwrap();
        }
        let bytes = http.execute(request).await.unwrap().bytes().await.unwrap();
        let page: RawPage = serde_json::from_slice(&bytes).unwrap();
        count += page.account_assignments.len();
        match page.page_info.next_marker {
            Some(m) => marker = Some(m),
            None => return count,
        }
    }
}

fn huawei_items(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base = runtime.block_on(common::start(TOTAL, Duration::ZERO));
    let credentials = idc::huawei::Credentials::new("BENCHAK", "bench-secret").with_domain_id("d");
    let client = idc::huawei::Client::builder()
        .endpoint(&base)
        .credentials(credentials.clone())
        .build()
        .unwrap();
    let http = idc::tls::http_client_builder().unwrap().build().unwrap();

    let mut group = c.benchmark_group("huawei_items_100k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("idc_items", |b| {
        b.to_async(&runtime).iter(|| async {
            let n = client
                .list_account_assignments_for_principal()
                .instance_id("ins-1")
                .principal_id("user-1")
                .principal_type(PrincipalType::User)
                .items()
                .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                .await
                .unwrap();
            assert_eq!(n, TOTAL);
        })
    });
    group.bench_function("reqwest_serde_loop_signed", |b| {
        b.to_async(&runtime).iter(|| async {
            assert_eq!(raw_loop(&http, &base, Some(&credentials)).await, TOTAL);
        })
    });
    group.bench_function("reqwest_serde_loop_unsigned", |b| {
        b.to_async(&runtime).iter(|| async {
            assert_eq!(raw_loop(&http, &base, None).await, TOTAL);
        })
    });
    group.finish();
}

fn scp_concurrency(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // 1,000 items in pages of 20: 50 pages, each taking 20 ms on the server.
    let base = runtime.block_on(common::start(1_000, Duration::from_millis(20)));
    let client = idc::scp::Client::builder()
        .endpoint(&base)
        .credentials(idc::scp::Credentials::new("BENCHAK", "bench-secret"))
        .build()
        .unwrap();
    let run = |concurrency: usize| {
        let client = client.clone();
        async move {
            let items = client
                .list_account_assignments()
                .instance_id("ssoins-1")
                .target_account_id("acct-1")
                .page_size(20)
                .concurrency(concurrency)
                .collect()
                .await
                .unwrap();
            assert_eq!(items.len(), 1_000);
        }
    };

    let mut group = c.benchmark_group("scp_50_pages_20ms");
    group.sample_size(10);
    group.bench_function("sequential", |b| b.to_async(&runtime).iter(|| run(1)));
    group.bench_function("concurrency_16", |b| b.to_async(&runtime).iter(|| run(16)));
    group.finish();
}

criterion_group!(benches, huawei_items, scp_concurrency);
criterion_main!(benches);
