//! Peak memory while streaming 1,000,000 items (10,000 pages of 100) through `items()`.
//!
//! Prints the item count and the process's peak resident set (VmHWM) before and after. Memory must
//! not grow with the number of items: the target is a peak under 64 MiB. Linux only (reads
//! /proc/self/status). Run: `cargo bench -p idc --bench memory`.

mod common;

use std::time::{Duration, Instant};

use futures::TryStreamExt;
use idc::PrincipalType;

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing we need. Only run under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let items: usize = std::env::var("IDC_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let base = runtime.block_on(common::start(items, Duration::ZERO));
    let client = idc::huawei::Client::builder()
        .endpoint(&base)
        .credentials(idc::huawei::Credentials::new("BENCHAK", "bench-secret"))
        .build()
        .unwrap();
    let before = peak_rss_kib();
    let started = Instant::now();
    let count = runtime.block_on(async {
        client
            .list_account_assignments_for_principal()
            .instance_id("ins-1")
            .principal_id("user-1")
            .principal_type(PrincipalType::User)
            .items()
            .try_fold(0usize, |n, _| async move { Ok(n + 1) })
            .await
            .unwrap()
    });
    let after = peak_rss_kib();
    assert_eq!(count, items);
    println!(
        "streamed {count} items in {:.2?}; peak RSS before: {} KiB, after: {} KiB",
        started.elapsed(),
        before.map_or("?".into(), |v| v.to_string()),
        after.map_or("?".into(), |v| v.to_string()),
    );
    if let Some(after) = after {
        let limit = 64 * 1024;
        println!(
            "target: under {limit} KiB: {}",
            if after < limit { "met" } else { "NOT met" }
        );
    }
}
