//! Lists the applications a Huawei Cloud user or group is assigned.
//!
//! ```text
//! # Against the embedded emulator (no account, no network):
//! cargo run -p idc --example huawei_application_assignments
//! # Against the real service, credentials from HUAWEICLOUD_SDK_AK/SK/DOMAIN_ID or ~/.huaweicloud:
//! cargo run -p idc --example huawei_application_assignments -- <instance-id> <principal-id> <USER|GROUP>
//! ```

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

    let applications = client
        .list_application_assignments_for_principal()
        .instance_id(instance)
        .principal_id(&principal)
        .principal_type(kind.clone())
        .collect()
        .await?;
    for a in &applications {
        println!("{kind} {principal} -> {}", a.application_urn);
    }
    println!("{} application assignments", applications.len());
    Ok(())
}
