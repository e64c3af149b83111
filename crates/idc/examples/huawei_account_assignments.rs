//! Lists the accounts a Huawei Cloud user or group can reach, page by page.
//!
//! ```text
//! # Against the embedded emulator (no account, no network):
//! cargo run -p idc --example huawei_account_assignments
//! # Against the real service, credentials from HUAWEICLOUD_SDK_AK/SK/DOMAIN_ID or ~/.huaweicloud:
//! cargo run -p idc --example huawei_account_assignments -- <instance-id> <principal-id> <USER|GROUP>
//! ```

use futures::TryStreamExt;

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::huawei_target().await?;
    let mut pages = target
        .client
        .list_account_assignments_for_principal()
        .instance_id(&target.instance_id)
        .principal_id(&target.principal_id)
        .principal_type(target.principal_type.clone())
        .page_size(10)
        .pages();
    let mut total = 0;
    while let Some(page) = pages.try_next().await? {
        for a in &page.items {
            println!(
                "{} {} -> account {} via {}",
                target.principal_type, target.principal_id, a.account_id, a.permission_set_id
            );
        }
        total += page.items.len();
    }
    println!("{total} account assignments");
    Ok(())
}
