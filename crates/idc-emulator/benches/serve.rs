//! How fast the emulator serves Huawei pages, against how fast a client can merely parse them.
//!
//! The emulator serves a generated data set (100,000 account assignments of one principal); each
//! iteration fetches its 1,000 pages of 100 items with a bare reqwest loop (the marker URLs are
//! collected beforehand, so the client does no JSON work), unsigned and signed. The third
//! benchmark only deserializes those 1,000 bodies with serde_json. Throughput is in pages/s.
//!
//! `cargo bench -p idc-emulator --bench serve`; results in `benches/RESULTS.md`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use idc::huawei::{Credentials, signing};
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use idc_raw::huawei::types::ListAccountAssignmentsForPrincipalResponse;

const PAGES: usize = 1_000;
const LIMIT: usize = 100;

fn first_url(base: &str) -> String {
    format!(
        "{base}/v1/instances/{}/account-assignments-for-principals?principal_id={}&principal_type=USER&limit={LIMIT}",
        demo::HUAWEI_INSTANCE_ID,
        demo::HUAWEI_PRINCIPAL_ID
    )
}

fn credentials() -> Credentials {
    Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
        .with_domain_id(demo::HUAWEI_DOMAIN_ID)
}

async fn get(client: &reqwest::Client, url: &str, sign: bool) -> bytes::Bytes {
    let mut request = client.get(url).build().unwrap();
    if sign {
        signing::sign_request(&mut request, &credentials(), SystemTime::now()).unwrap();
    }
    let response = client.execute(request).await.unwrap();
    assert_eq!(response.status(), 200);
    response.bytes().await.unwrap()
}

/// Walks the listing once: every page's URL and body.
async fn walk(
    client: &reqwest::Client,
    emulator: &RunningEmulator,
    sign: bool,
) -> (Vec<String>, Vec<bytes::Bytes>) {
    let mut urls = vec![first_url(emulator.base_url())];
    let mut bodies = Vec::new();
    loop {
        let body = get(client, urls.last().unwrap(), sign).await;
        let page: ListAccountAssignmentsForPrincipalResponse =
            serde_json::from_slice(&body).unwrap();
        bodies.push(body);
        match page.page_info.next_marker {
            Some(marker) => urls.push(format!(
                "{}&marker={marker}",
                first_url(emulator.base_url())
            )),
            None => break,
        }
    }
    assert_eq!(urls.len(), PAGES);
    (urls, bodies)
}

/// Serves `bodies[i]` for the path and query of `urls[i]`, doing nothing else; returns its base URL
/// and the URLs to fetch from it.
async fn static_server(urls: &[String], bodies: &[bytes::Bytes]) -> (String, Vec<String>) {
    let table: Arc<HashMap<String, bytes::Bytes>> = Arc::new(
        urls.iter()
            .zip(bodies)
            .map(|(url, body)| {
                let url = url::Url::parse(url).unwrap();
                (
                    format!("{}?{}", url.path(), url.query().unwrap()),
                    body.clone(),
                )
            })
            .collect(),
    );
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let table = table.clone();
        async move {
            let key = uri
                .path_and_query()
                .map(|pq| pq.as_str())
                .unwrap_or_default();
            let body = table.get(key).cloned().unwrap_or_default();
            (
                [(axum::http::header::CONTENT_TYPE, "application/json")],
                body,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}");
    let urls = urls
        .iter()
        .map(|u| {
            let url = url::Url::parse(u).unwrap();
            format!("{base}{}?{}", url.path(), url.query().unwrap())
        })
        .collect();
    (base, urls)
}

fn serve(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let data = DataSet::generate(PAGES * LIMIT);
    let (unsigned, signed) = runtime.block_on(async {
        let unsigned = Emulator::builder()
            .data(data.clone())
            .verify_signatures(false)
            .start()
            .await
            .unwrap();
        let signed = Emulator::builder().data(data).start().await.unwrap();
        (unsigned, signed)
    });
    let client = idc::tls::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap();
    let (unsigned_urls, bodies) = runtime.block_on(walk(&client, &unsigned, false));
    let (signed_urls, _) = runtime.block_on(walk(&client, &signed, true));

    // The floor: a bare axum server answering each of the same URLs with its pre-recorded body.
    let (_static_base, static_urls) = runtime.block_on(static_server(&unsigned_urls, &bodies));

    let mut group = c.benchmark_group("huawei_1000_pages_of_100");
    group.throughput(Throughput::Elements(PAGES as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("serve_unsigned", |b| {
        b.to_async(&runtime).iter(|| async {
            for url in &unsigned_urls {
                black_box(get(&client, url, false).await);
            }
        })
    });
    group.bench_function("static_server_floor", |b| {
        b.to_async(&runtime).iter(|| async {
            for url in &static_urls {
                black_box(get(&client, url, false).await);
            }
        })
    });
    group.bench_function("serve_signed", |b| {
        b.to_async(&runtime).iter(|| async {
            for url in &signed_urls {
                black_box(get(&client, url, true).await);
            }
        })
    });
    // Four clients at once, 250 pages each: what the server sustains when no single client's
    // round trips bound it (client and server share the machine's cores).
    group.bench_function("serve_unsigned_4_concurrent", |b| {
        b.to_async(&runtime).iter(|| async {
            let tasks: Vec<_> = unsigned_urls
                .chunks(PAGES / 4)
                .map(|urls| {
                    let (client, urls) = (client.clone(), urls.to_vec());
                    tokio::spawn(async move {
                        for url in &urls {
                            black_box(get(&client, url, false).await);
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        })
    });
    group.bench_function("deserialize_only", |b| {
        b.iter(|| {
            for body in &bodies {
                let page: ListAccountAssignmentsForPrincipalResponse =
                    serde_json::from_slice(body).unwrap();
                black_box(page);
            }
        })
    });
    group.finish();
    runtime.block_on(async {
        unsigned.shutdown().await;
        signed.shutdown().await;
    });
}

criterion_group!(benches, serve);
criterion_main!(benches);
