//! The accounts one user can reach, through idc (the same program as ../aws-app).
use futures::TryStreamExt;
use idc::PrincipalType;
use idc::huawei::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().region("cn-north-4").build()?;
    let mut items = client
        .list_account_assignments_for_principal()
        .instance_id("ins-36218e5b4c2c4c4d")
        .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
        .principal_type(PrincipalType::User)
        .items();
    while let Some(a) = items.try_next().await? {
        println!("account {} via {}", a.account_id, a.permission_set_id);
    }
    Ok(())
}
