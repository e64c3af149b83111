//! The example of the emulator's own README (`crates/idc-emulator/README.md`), verbatim between
//! the markers: `tests/tests/readme.rs` checks that it is the same text and runs it.

#[rustfmt::skip] // the README's formatting, not rustfmt's
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // README begin
    use idc_emulator::{DataSet, Emulator, Fault, FaultPlan, demo};

    let emulator = Emulator::builder()
        .data(DataSet::demo())                     // the default
        .faults(FaultPlan::new(7).on_request(2, Fault::Status { status: 503, retry_after: Some(1) }))
        .start()
        .await?;
    // point a client at emulator.base_url() ("http://127.0.0.1:PORT") with the demo credentials:
    // demo::HUAWEI_ACCESS_KEY / HUAWEI_SECRET_KEY / HUAWEI_DOMAIN_ID (+ HUAWEI_PROJECT_ID for
    // IdentityStore), or demo::SCP_ACCESS_KEY / SCP_SECRET_KEY
    assert_eq!(emulator.request_count(), 0);       // emulator.requests(): method, path, query, headers
    emulator.shutdown().await;                     // dropping it stops it too
    // README end
    println!("stopped; demo user {}", demo::HUAWEI_USER_NAME);
    Ok(())
}
