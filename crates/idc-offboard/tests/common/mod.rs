//! What the off-boarding tests share: the emulator on the demo data, an offboarder of each cloud,
//! the whole report as a set, the writes the emulator received, the journal's lines.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use idc_emulator::{Emulator, RunningEmulator, demo};
use idc_offboard::Offboarder;
use idc_offboard::journal::{Entry, Record};
use idc_report::{Filters, Row};

/// The emulator on the demo data, recording requests, its asynchronous operations quick.
pub async fn start() -> RunningEmulator {
    Emulator::builder()
        .record_requests(true)
        .async_delay(Duration::from_millis(5))
        .start()
        .await
        .expect("the emulator starts")
}

/// Waits that poll the emulator quickly.
fn quick() -> idc::wait::WaitOptions {
    idc::wait::WaitOptions::default()
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
        .with_timeout(Duration::from_secs(20))
}

/// An offboarder of the demo Huawei instance.
pub async fn huawei(emulator: &RunningEmulator) -> Offboarder {
    let client = idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(demo::HUAWEI_PROJECT_ID),
        )
        .build()
        .expect("the client builds");
    Offboarder::huawei(client, Some(demo::HUAWEI_INSTANCE_ID))
        .await
        .expect("the instance is found")
        .wait_options(quick())
}

/// An offboarder of the demo SCP instance.
pub async fn scp(emulator: &RunningEmulator) -> Offboarder {
    let client = idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .build()
        .expect("the client builds");
    Offboarder::scp(client, Some(demo::SCP_INSTANCE_ID))
        .await
        .expect("the instance is found")
}

/// The whole report, as a set.
pub async fn report(off: &Offboarder) -> BTreeSet<Row> {
    off.report(Filters::default())
        .await
        .expect("the report is read")
        .into_iter()
        .collect()
}

/// The report rows of one user (by id), as a set.
pub async fn rows_of(off: &Offboarder, user_id: &str) -> BTreeSet<Row> {
    report(off)
        .await
        .into_iter()
        .filter(|r| r.user_id == user_id)
        .collect()
}

/// Whether a request (method, path) changes state: Huawei's batch lookups are POSTs that only
/// read.
pub fn is_write((method, path): &(String, String)) -> bool {
    method != "GET"
        && !["batch-query", "retrieve-", "is-member-in-groups"]
            .iter()
            .any(|p| path.contains(p))
}

/// The method and path of each request recorded since the last clear.
pub fn requests(emulator: &RunningEmulator) -> Vec<(String, String)> {
    emulator
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect()
}

/// The journal's entries.
pub fn entries(journal: &Path) -> Vec<Entry> {
    Record::read(journal).expect("the journal reads").entries
}

/// The journal's lines as (event, action key) pairs, `run` lines as ("run", "").
pub fn events(journal: &Path) -> Vec<(String, String)> {
    entries(journal)
        .into_iter()
        .map(|e| match e {
            Entry::Run { .. } => ("run".to_owned(), String::new()),
            Entry::Started { action, .. } => ("started".to_owned(), action),
            Entry::Done { action, .. } => ("done".to_owned(), action),
            Entry::Failed { action, .. } => ("failed".to_owned(), action),
        })
        .collect()
}
