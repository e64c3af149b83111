//! Lists the applications a Huawei Cloud user or group is assigned.
//!
//! ```text
//! # Against the embedded emulator (no account, no network):
//! cargo run -p idc --example huawei_application_assignments
//! # Against the real service, credentials from HUAWEICLOUD_SDK_AK/SK/DOMAIN_ID or ~/.huaweicloud:
//! cargo run -p idc --example huawei_application_assignments -- <instance-id> <principal-id> <USER|GROUP>
//! ```

mod common;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::huawei_target().await?;
    let applications = target
        .client
        .list_application_assignments_for_principal()
        .instance_id(&target.instance_id)
        .principal_id(&target.principal_id)
        .principal_type(target.principal_type.clone())
        .collect()
        .await?;
    for a in &applications {
        println!(
            "{} {} -> {}",
            target.principal_type, target.principal_id, a.application_urn
        );
    }
    println!("{} application assignments", applications.len());
    Ok(())
}
