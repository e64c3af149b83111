//! Every SCP operation of both services (iam-identity-center and organization) end to end through
//! the facade against the emulator: page sizes 1 and 2, every API version, filters, sort, the
//! version lists, 404s, views derived from the same rows, and forward compatibility.

use std::collections::BTreeSet;

use idc::Error;
use idc::scp::ApiVersion;
use idc::scp::versions::{IAM_IDENTITY_CENTER, ORGANIZATION};
use idc_emulator::{DataSet, FaultPlan, RunningEmulator, demo};
use idc_tests::{clock, emulator, scp};

/// A date when every iam-identity-center version is before its Not Before date.
const IIC_DAY: &str = "2026-01-10";
/// A date when every organization version is before its Not Before date.
const ORG_DAY: &str = "2025-12-01";

async fn demo_on(day: &str) -> (RunningEmulator, idc::scp::Client) {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock(day)).await;
    let client = scp(&emu).clock(clock(day)).build().unwrap();
    (emu, client)
}

/// Collects a list operation whole, then at page sizes 1 and 2, and checks all three agree.
macro_rules! at_sizes {
    ($build:expr) => {{
        let all = $build.collect().await.unwrap();
        for size in [1, 2] {
            let paged = $build.page_size(size).collect().await.unwrap();
            assert_eq!(paged, all, "page size {size}");
        }
        all
    }};
}

fn status_of(err: &Error) -> (u16, Option<String>) {
    match err {
        Error::Service(e) => (e.status, e.code.clone()),
        other => panic!("not a service error: {other:?}"),
    }
}

#[path = "scp_operations/compatibility_and_paging.rs"]
mod compatibility_and_paging;
#[path = "scp_operations/filters_and_sort.rs"]
mod filters_and_sort;
#[path = "scp_operations/listings.rs"]
mod listings;
#[path = "scp_operations/show_operations.rs"]
mod show_operations;
#[path = "scp_operations/unknown_ids.rs"]
mod unknown_ids;
