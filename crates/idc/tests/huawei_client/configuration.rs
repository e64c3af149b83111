//! Credentials, secrets, endpoints, regions and the caller's own HTTP client.

use super::*;

#[tokio::test]
async fn missing_credentials_are_reported_before_anything_is_sent() {
    let server = Server::start(paged_accounts(1)).await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-credentials");
    let client = Client::builder()
        .endpoint(&server.base_url)
        .env(idc::credentials::MapEnv::new().with(
            "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
            missing.to_string_lossy(),
        ))
        .build()
        .unwrap();
    let err = accounts(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("HUAWEICLOUD_SDK_AK"), "{text}");
    assert!(text.contains("no-such-credentials"), "{text}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn credentials_from_the_environment_are_used() {
    let server = Server::start(paged_accounts(1)).await;
    let client = Client::builder()
        .endpoint(&server.base_url)
        .env(
            idc::credentials::MapEnv::new()
                .with("HUAWEICLOUD_SDK_AK", "ENVAK")
                .with("HUAWEICLOUD_SDK_SK", "env-secret")
                .with("HUAWEICLOUD_SDK_SECURITY_TOKEN", "session-token"),
        )
        .build()
        .unwrap();
    accounts(&client).send().await.unwrap();
    let r = &server.requests()[0];
    assert!(r.header("authorization").unwrap().contains("Access=ENVAK"));
    assert_eq!(r.header("x-security-token"), Some("session-token"));
}

#[tokio::test]
async fn no_secret_reaches_debug_output_or_errors() {
    let server = Server::start(|_, _| {
        Reply::json(
            403,
            json!({"error_code": "IIC.1100", "error_msg": "forbidden"}),
        )
    })
    .await;
    let builder = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials().with_security_token("very-secret-token"));
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let err = accounts(&client).send().await.unwrap_err();
    for text in [
        builder_debug,
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
    ] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("very-secret-token"), "{text}");
    }
}

#[test]
fn plain_http_is_refused_unless_loopback() {
    let err = Client::builder()
        .endpoint("http://identitycenter.example.com")
        .credentials(credentials())
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
    assert!(
        Client::builder()
            .endpoint("http://127.0.0.1:9")
            .credentials(credentials())
            .build()
            .is_ok()
    );
    let client = Client::builder()
        .region("cn-south-1")
        .credentials(credentials())
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint(),
        "https://identitycenter.myhuaweicloud.com"
    );
    let err = Client::builder()
        .region("xx-nowhere-1")
        .credentials(credentials())
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("xx-nowhere-1"));
}

#[test]
fn every_identitystore_region_builds_a_client_whose_services_find_their_hosts() {
    // IdentityCenter and Organizations are global, IdentityStore regional: a client for any of the
    // official SDK's 17 IdentityStore regions reaches all three.
    for region in idc::huawei::endpoint::IDENTITYSTORE_REGIONS {
        let client = Client::builder()
            .region(*region)
            .credentials(credentials())
            .build()
            .unwrap_or_else(|e| panic!("{region}: {e}"));
        assert_eq!(
            client.endpoint(),
            "https://identitycenter.myhuaweicloud.com"
        );
        assert_eq!(
            client.identity_store().unwrap().endpoint(),
            format!("https://identitystore.{region}.myhuaweicloud.com")
        );
        assert_eq!(
            client.organizations().unwrap().endpoint(),
            "https://organizations.myhuaweicloud.com"
        );
    }
}

#[tokio::test]
async fn a_custom_provider_is_asked_before_every_attempt() {
    use idc::credentials::{BoxFuture, CredentialsError, ProvideCredentials};
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Rotating(AtomicUsize);
    impl ProvideCredentials for Rotating {
        type Credentials = Credentials;
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move { Ok(Credentials::new(format!("AK{n}"), "sk")) })
        }
    }

    let server = Server::start(|req: &Recorded, i| match i {
        0 => Reply::json(503, json!({})),
        _ => paged_accounts(1)(req, i),
    })
    .await;
    let provider = Arc::new(Rotating::default());
    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials_provider(ArcProvider(provider.clone()))
        .retry_policy(quick_retries(2))
        .build()
        .unwrap();
    accounts(&client).send().await.unwrap();
    let keys: Vec<_> = server
        .requests()
        .iter()
        .map(|r| {
            r.header("authorization")
                .unwrap()
                .split(',')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        keys,
        ["SDK-HMAC-SHA256 Access=AK0", "SDK-HMAC-SHA256 Access=AK1"]
    );

    #[derive(Debug)]
    struct ArcProvider(Arc<Rotating>);
    impl ProvideCredentials for ArcProvider {
        type Credentials = Credentials;
        fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
            self.0.provide_credentials()
        }
    }
}

#[test]
fn a_caller_s_client_builder_that_cannot_build_is_a_configuration_error() {
    let result = Client::builder()
        .endpoint("http://127.0.0.1:1")
        .credentials(Credentials::new("AK", "SK"))
        .http_client(idc::reqwest::Client::builder().user_agent("bad\nagent"))
        .build();
    let Err(e) = result else {
        panic!("built with an invalid user agent")
    };
    assert!(matches!(e, Error::Configuration { .. }), "{e:?}");
    assert!(e.to_string().contains("http_client"), "{e}");
    assert!(
        Client::builder()
            .endpoint("http://127.0.0.1:1")
            .credentials(Credentials::new("AK", "SK"))
            .http_client(idc::reqwest::Client::builder())
            .build()
            .is_ok()
    );
}

#[test]
fn idc_huawei_endpoint_is_one_endpoint_for_every_service_unless_one_is_given() {
    let env = idc::credentials::MapEnv::new()
        .with("IDC_HUAWEI_ENDPOINT", "http://127.0.0.1:9")
        // A region override loses to the variable, as it would to an explicit endpoint.
        .with(
            "HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4",
            "https://org.example.com",
        );
    let client = Client::builder()
        .env(env.clone())
        .credentials(credentials())
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), "http://127.0.0.1:9");
    assert_eq!(
        client.identity_store().unwrap().endpoint(),
        "http://127.0.0.1:9"
    );
    assert_eq!(
        client.organizations().unwrap().endpoint(),
        "http://127.0.0.1:9"
    );
    let client = Client::builder()
        .env(env)
        .endpoint("http://127.0.0.1:10")
        .credentials(credentials())
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint(),
        "http://127.0.0.1:10",
        "the explicit endpoint wins"
    );
    let bad = Client::builder()
        .env(idc::credentials::MapEnv::new().with("IDC_HUAWEI_ENDPOINT", "http://10.0.0.1"))
        .credentials(credentials())
        .build()
        .unwrap_err();
    assert!(matches!(bad, Error::Configuration { .. }), "{bad:?}");
}

#[test]
fn every_service_the_report_uses_follows_its_region_override_variable() {
    // `idc report huawei` reaches IdentityCenter, IdentityStore and Organizations: each has its
    // official-SDK override variable, and none falls back to a public host when set.
    let env = idc::credentials::MapEnv::new()
        .with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_CN_NORTH_4",
            "https://ic.example.com",
        )
        .with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTERSTORE_CN_NORTH_4",
            "https://store.example.com",
        )
        .with(
            "HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4",
            "https://org.example.com",
        );
    let client = Client::builder()
        .env(env)
        .credentials(credentials())
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), "https://ic.example.com");
    assert_eq!(
        client.identity_store().unwrap().endpoint(),
        "https://store.example.com"
    );
    assert_eq!(
        client.organizations().unwrap().endpoint(),
        "https://org.example.com"
    );
}

#[tokio::test]
async fn a_dry_run_signs_the_request_shows_it_without_secrets_and_sends_nothing() {
    let server = Server::start(paged_accounts(1)).await;
    let token = "very-secret-session-token";
    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials(
            credentials()
                .with_project_id("project-1")
                .with_security_token(token),
        )
        .retry_policy(quick_retries(3))
        .dry_run(true)
        .build()
        .unwrap();
    let store = client.identity_store().unwrap();
    let err = store
        .get_user_id()
        .identity_store_id("d-1234567890")
        .alternate_identifier(
            serde_json::from_value(json!({"unique_attribute":
                {"attribute_path": "user_name", "attribute_value": "alice"}}))
            .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    let Error::DryRun(request) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        format!(
            "{}/v1/identity-stores/d-1234567890/users/retrieve-user-id",
            server.base_url
        )
    );
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("authorization").as_deref(), Some("***"));
    assert_eq!(header("x-security-token").as_deref(), Some("***"));
    assert_eq!(header("x-project-id").as_deref(), Some("project-1"));
    assert!(header("x-sdk-date").is_some(), "{:?}", request.headers);
    let body: serde_json::Value = serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["alternate_identifier"]["unique_attribute"]["attribute_value"],
        "alice"
    );
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(token) && !shown.contains(SECRET), "{shown}");
    assert!(!err.is_retryable());

    // A read is not sent either, and a listing stops at its first page.
    let err = accounts(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::DryRun(_)), "{err:?}");
    assert_eq!(server.count(), 0, "nothing reached the server");
}
