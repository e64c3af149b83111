//! Lists the accounts a Huawei Cloud user or group can reach, page by page.
//!
//! ```text
//! # Against the embedded emulator (no account, no network):
//! cargo run -p idc --example huawei_account_assignments
//! # Against the real service, credentials from HUAWEICLOUD_SDK_AK/SK/DOMAIN_ID or ~/.huaweicloud:
//! cargo run -p idc --example huawei_account_assignments -- <instance-id> <principal-id> <USER|GROUP>
//! ```

use futures::TryStreamExt;
use idc::PrincipalType;
use idc::huawei::{Client, Credentials};
use idc_emulator::{DataSet, Emulator, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let _emulator;
    let (client, instance, principal, kind) = match args.as_slice() {
        [instance, principal, kind] => (
            Client::builder().build()?,
            instance.clone(),
            principal.clone(),
            PrincipalType::from(kind.as_str()),
        ),
        _ => {
            let emulator = Emulator::builder().data(DataSet::demo()).start().await?;
            let client = Client::builder()
                .endpoint(emulator.base_url())
                .credentials(
                    Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                        .with_domain_id(demo::HUAWEI_DOMAIN_ID),
                )
                .build()?;
            _emulator = emulator;
            (
                client,
                demo::HUAWEI_INSTANCE_ID.to_owned(),
                demo::HUAWEI_PRINCIPAL_ID.to_owned(),
                PrincipalType::User,
            )
        }
    };

    let mut pages = client
        .list_account_assignments_for_principal()
        .instance_id(instance)
        .principal_id(&principal)
        .principal_type(kind.clone())
        .page_size(10)
        .pages();
    let mut total = 0;
    while let Some(page) = pages.try_next().await? {
        for a in &page.items {
            println!(
                "{kind} {principal} -> account {} via {}",
                a.account_id, a.permission_set_id
            );
        }
        total += page.items.len();
    }
    println!("{total} account assignments");
    Ok(())
}
