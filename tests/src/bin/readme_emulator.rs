//! The emulator example of the README, verbatim between the markers: a program that starts the
//! emulator itself. `tests/tests/readme.rs` checks that it is the same text and runs it.

#[rustfmt::skip] // the README's formatting, not rustfmt's
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // README begin
    use idc_emulator::{demo, DataSet, Emulator};

    let emulator = Emulator::builder().data(DataSet::demo()).start().await?;
    let client = idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
            .with_domain_id(demo::HUAWEI_DOMAIN_ID)
            .with_project_id(demo::HUAWEI_PROJECT_ID))
        .build()?;
    let users = client.identity_store()?.list_users()
        .identity_store_id(demo::HUAWEI_IDENTITY_STORE_ID).collect().await?;
    // README end
    for user in &users {
        println!("{}", user.user_name.as_deref().unwrap_or("?"));
    }
    Ok(())
}
