//! Lists who holds which role on a Samsung Cloud Platform account, fetching pages concurrently.
//!
//! ```text
//! # Against the embedded emulator (no account, no network):
//! cargo run -p idc --example scp_account_assignments
//! # Against the real service, credentials from SCP_ACCESS_KEY/SCP_SECRET_KEY or ~/.scpconf:
//! cargo run -p idc --example scp_account_assignments -- <region> <environment> <instance-id> <target-account-id>
//! ```

use futures::TryStreamExt;
use idc::scp::{ApiVersion, Client, Credentials};
use idc_emulator::{DataSet, Emulator, demo};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let _emulator;
    let (client, instance, target) = match args.as_slice() {
        [region, environment, instance, target] => (
            Client::builder()
                .region(region)
                .environment(environment)
                .build()?,
            instance.clone(),
            target.clone(),
        ),
        _ => {
            let emulator = Emulator::builder().data(DataSet::demo()).start().await?;
            let client = Client::builder()
                .endpoint(emulator.base_url())
                .credentials(Credentials::new(demo::SCP_ACCESS_KEY, demo::SCP_SECRET_KEY))
                .api_version(ApiVersion::latest())
                .build()?;
            _emulator = emulator;
            (
                client,
                demo::SCP_INSTANCE_ID.to_owned(),
                demo::SCP_TARGET_ACCOUNT_ID.to_owned(),
            )
        }
    };

    println!("API version {}", client.api_version());
    let mut items = client
        .list_account_assignments()
        .instance_id(instance)
        .target_account_id(&target)
        .page_size(10)
        .concurrency(4)
        .items();
    let mut total = 0;
    while let Some(a) = items.try_next().await? {
        println!(
            "{} ({}) -> {} as {}",
            a.principal_name, a.principal_type, a.target_account_name, a.role_srn,
        );
        total += 1;
    }
    println!("{total} account assignments");
    Ok(())
}
