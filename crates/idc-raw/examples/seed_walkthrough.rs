//! Calls each of the three seed operations with the raw generated clients against a tiny local server
//! that answers with the services' documented example responses. No account, no network beyond loopback.
//!
//! ```text
//! cargo run -p idc-raw --example seed_walkthrough
//! ```

use axum::Router;
use axum::routing::get;
use idc_raw::PrincipalType;
use idc_raw::hooks::RequestHook;

const HUAWEI_ACCOUNTS: &str = r#"{"account_assignments":[
  {"account_id":"8c1eef3a241945f69c3d3a6b0252e783","permission_set_id":"ps-389b8cf93d6aa3ad","principal_id":"4b969bc6-e8ed-47ce-b62b-936319e2bcb1","principal_type":"USER"},
  {"account_id":"8c1eef3a241945f69c3d3a6b0252e783","permission_set_id":"ps-e0edd386c8e95a4c","principal_id":"4b969bc6-e8ed-47ce-b62b-936319e2bcb1","principal_type":"USER"}],
  "page_info":{"next_marker":null,"current_count":2}}"#;
const HUAWEI_APPS: &str = r#"{"application_assignments":[
  {"application_urn":"IdentityCenter::8c1eef3a241945f69c3d3a6b0xxxxx:application:ins-36218e5b4cxxxx/apl-83142f08178ce359","principal_id":"4b969bc6-e8ed-47ce-b62b-936319e2bcb1","principal_type":"USER"}],
  "page_info":{"next_marker":null,"current_count":1}}"#;
const SCP_ACCOUNTS: &str = r#"{"account_assignments":[{"instance_id":"ssoins-12345","permission_sets":[],
  "principal_id":"138c2fc8c29a449dbfa8681f8f1d78e2","principal_name":"GROUP0407","principal_type":"USER",
  "role_srn":"Permissions for administrators","target_account_email":"target_account@example.com",
  "target_account_id":"3265ab469f0d406d83073da3e11e7a6c","target_account_name":"Admin Account"}],
  "count":1,"page":0,"size":20,"sort":["created_at:asc"]}"#;

fn json(body: &'static str) -> ([(&'static str, &'static str); 1], &'static str) {
    ([("content-type", "application/json")], body)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Router::new()
        .route(
            "/v1/instances/{id}/account-assignments-for-principals",
            get(|| async { json(HUAWEI_ACCOUNTS) }),
        )
        .route(
            "/v1/instances/{id}/application-assignments-for-principals",
            get(|| async { json(HUAWEI_APPS) }),
        )
        .route(
            "/v1/account-assignments",
            get(|| async { json(SCP_ACCOUNTS) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    // `Client::new` builds a reqwest client: rustls needs a crypto provider first.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let huawei = idc_raw::huawei::Client::new(&base, RequestHook::unsigned());
    let accounts = huawei
        .list_account_assignments_for_principal()
        .instance_id("ins-36218e5b4c2c4c4d")
        .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
        .principal_type(PrincipalType::User)
        .send()
        .await?
        .into_inner();
    println!("Huawei account assignments:");
    for a in &accounts.account_assignments {
        println!(
            "  {} {} -> account {} via {}",
            a.principal_type, a.principal_id, a.account_id, a.permission_set_id
        );
    }

    let apps = huawei
        .list_application_assignments_for_principal()
        .instance_id("ins-36218e5b4c2c4c4d")
        .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
        .principal_type(PrincipalType::User)
        .send()
        .await?
        .into_inner();
    println!("Huawei application assignments:");
    for a in &apps.application_assignments {
        println!(
            "  {} {} -> {}",
            a.principal_type, a.principal_id, a.application_urn
        );
    }

    let scp = idc_raw::scp::Client::new(&base, RequestHook::unsigned());
    let page = scp
        .list_account_assignments()
        .instance_id("ssoins-12345")
        .target_account_id("3265ab469f0d406d83073da3e11e7a6c")
        .scp_api_version("iam-identity-center 1.4")
        .send()
        .await?
        .into_inner();
    println!("SCP account assignments (count {:?}):", page.count);
    for a in &page.account_assignments {
        println!(
            "  {} -> {} ({})",
            a.principal_name, a.target_account_name, a.role_srn
        );
    }
    Ok(())
}
