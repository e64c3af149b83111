//! The access report example of the README and of the `idc-report` crate documentation, verbatim
//! between the markers. `tests/tests/readme.rs` checks that it is the same text and runs it against
//! the emulator (`IDC_HUAWEI_ENDPOINT` and the demo credentials in its environment).

#[rustfmt::skip] // the README's formatting, not rustfmt's
#[tokio::main]
async fn main() -> idc_report::Result<()> {
    // README begin
    use futures::TryStreamExt;
    use idc_report::{huawei::HuaweiSource, Filters, Report};

    let client = idc::huawei::Client::builder().region("cn-north-4").build()?;
    // The instance; `None` discovers it when there is exactly one.
    let source = HuaweiSource::connect(client, Some("ins-36218e5b4c2c4c4d")).await?;
    // Filters are exact: an id, or a whole name.
    let filters = Filters { accounts: vec!["Production".into()], ..Filters::default() };
    let mut rows = Report::new(source).filters(filters).concurrency(16).rows();
    while let Some(row) = rows.try_next().await? {
        println!("{} reaches {} as {:?} via {:?}", row.user_id, row.target_id, row.permission_set_name, row.via_type);
    }
    // README end
    Ok(())
}
