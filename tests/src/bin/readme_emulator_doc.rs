//! The example of the emulator's crate documentation (`crates/idc-emulator/src/lib.rs`), verbatim
//! between the markers: `tests/tests/readme.rs` checks that it is the same text and runs it.

#[rustfmt::skip] // the documentation's formatting, not rustfmt's
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // README begin
    use idc_emulator::{DataSet, Emulator, demo};

    let emulator = Emulator::builder().data(DataSet::demo()).start().await?;
    // Point a client at emulator.base_url() with demo::HUAWEI_ACCESS_KEY / demo::HUAWEI_SECRET_KEY
    // (and X-Domain-Id demo::HUAWEI_DOMAIN_ID), or demo::SCP_ACCESS_KEY / demo::SCP_SECRET_KEY.
    println!("serving on {}", emulator.base_url());
    assert_eq!(emulator.request_count(), 0);
    emulator.shutdown().await;
    // README end
    let _ = demo::SCP_ACCESS_KEY;
    Ok(())
}
