//! The accounts one user can reach, through aws-sdk-ssoadmin (the same program as ../idc-app).
use aws_sdk_ssoadmin::types::PrincipalType;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_from_env().await;
    let client = aws_sdk_ssoadmin::Client::new(&config);
    let mut pages = client
        .list_account_assignments_for_principal()
        .instance_arn("arn:aws:sso:::instance/ssoins-36218e5b4c2c4c4d")
        .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
        .principal_type(PrincipalType::User)
        .into_paginator()
        .items()
        .send();
    while let Some(a) = pages.next().await {
        let a = a?;
        println!(
            "account {} via {}",
            a.account_id().unwrap_or_default(),
            a.permission_set_arn().unwrap_or_default()
        );
    }
    Ok(())
}
