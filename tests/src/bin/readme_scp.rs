//! The SCP quick start of the README and of the `idc` crate documentation, verbatim between the
//! markers. `tests/tests/readme.rs` checks that it is the same text and runs it against the
//! emulator (`IDC_SCP_ENDPOINT` and the demo credentials in its environment).

#[rustfmt::skip] // the README's formatting, not rustfmt's
#[tokio::main]
async fn main() -> idc::Result<()> {
    // README begin
    use idc::scp::{ApiVersion, Client};

    let client = Client::builder()
        .region("kr-west1")
        .environment("e")
        .api_version(ApiVersion::new(1, 4))
        .build()?;
    let assignments = client
        .list_account_assignments()
        .instance_id("ssoins-12345")
        .target_account_id("3265ab469f0d406d83073da3e11e7a6c")
        .concurrency(4)
        .collect()
        .await?;
    for a in &assignments {
        println!("{:?} holds {:?}", a.principal_name, a.role_srn);
    }
    // README end
    Ok(())
}
