//! The Huawei quick start of the README and of the `idc` crate documentation, verbatim between the
//! markers. `tests/tests/readme.rs` checks that it is the same text and runs it against the
//! emulator (`IDC_HUAWEI_ENDPOINT` and the demo credentials in its environment).

#[rustfmt::skip] // the README's formatting, not rustfmt's
#[tokio::main]
async fn main() -> idc::Result<()> {
    // README begin
    use futures::TryStreamExt;
    use idc::huawei::Client;
    use idc::PrincipalType;

    let client = Client::builder().region("cn-north-4").build()?; // credentials from the default chain
    let mut items = client
        .list_account_assignments_for_principal()
        .instance_id("ins-36218e5b4c2c4c4d")
        .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
        .principal_type(PrincipalType::User)
        .items();
    while let Some(a) = items.try_next().await? {
        println!("account {} via {}", a.account_id, a.permission_set_id);
    }
    // README end
    Ok(())
}
