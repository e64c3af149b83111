//! Filter, sort and signature headers, and API versions with their date rules.

use super::*;

#[tokio::test]
async fn filters_sort_and_signature_headers_are_sent() {
    let server = Server::start(paged(1, Count::Total)).await;
    list(&client(&server))
        .target_account_name("Admin Account")
        .target_account_email("a@example.com")
        .permission_set_id("ps-1")
        .principal_name("GROUP0407")
        .role_srn("srn:role:kr-j:1234:role/admin@example.com")
        .sort("created_at:desc")
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.path, "/v1/account-assignments");
    for (k, v) in [
        ("instance_id", "ssoins-1"),
        ("target_account_id", "acct-1"),
        ("target_account_name", "Admin Account"),
        ("target_account_email", "a@example.com"),
        ("permission_set_id", "ps-1"),
        ("principal_name", "GROUP0407"),
        ("role_srn", "srn:role:kr-j:1234:role/admin@example.com"),
        ("sort", "created_at:desc"),
        ("page", "0"),
        ("size", "20"),
    ] {
        assert_eq!(r.param(k), Some(v), "{k}");
    }
    assert_eq!(r.header("scp-accesskey"), Some("SCPAK"));
    assert_eq!(r.header("scp-clienttype"), Some("Openapi"));
    assert_eq!(r.header("accept-language"), Some("en-US"));
    assert_eq!(r.header("scp-api-version"), Some("iam-identity-center 1.4"));
    assert!(r.header("scp-signature").is_some());
    let ts: u64 = r.header("scp-timestamp").unwrap().parse().unwrap();
    assert_eq!(
        ts,
        at("2026-01-10")
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
    );
    assert!(r.header("api-version").is_none());
}

#[tokio::test]
async fn each_version_sends_its_header_per_client_and_per_call() {
    let server = Server::start(paged(1, Count::Total)).await;
    for version in ["1.0", "1.1", "1.2", "1.3", "1.4"] {
        let v: ApiVersion = version.parse().unwrap();
        let pinned = builder(&server).api_version(v).build().unwrap();
        list(&pinned).send().await.unwrap();
        list(&client(&server)).api_version(v).send().await.unwrap();
    }
    let headers: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("scp-api-version").unwrap().to_owned())
        .collect();
    let expected: Vec<_> = ["1.0", "1.1", "1.2", "1.3", "1.4"]
        .iter()
        .flat_map(|v| {
            [
                format!("iam-identity-center {v}"),
                format!("iam-identity-center {v}"),
            ]
        })
        .collect();
    assert_eq!(headers, expected);
}

#[tokio::test]
async fn expired_versions_are_refused_unless_opted_in() {
    let server = Server::start(paged(1, Count::Total)).await;
    let today = Arc::new(ManualClock::new(at("2026-11-24")));

    let err = builder(&server)
        .clock(today.clone())
        .api_version(ApiVersion::new(1, 2))
        .build()
        .unwrap_err();
    let Error::UnsupportedApiVersion { version, reason } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(version, "1.2");
    assert!(reason.contains("2026-09-30"), "{reason}");

    let client = builder(&server).clock(today.clone()).build().unwrap();
    for old in [
        ApiVersion::new(1, 0),
        ApiVersion::new(1, 1),
        ApiVersion::new(1, 2),
    ] {
        let err = list(&client).api_version(old).send().await.unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedApiVersion { .. }),
            "{err:?}"
        );
    }
    let err = list(&client)
        .api_version(ApiVersion::new(2, 0))
        .collect()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a published version"), "{err}");
    assert_eq!(server.count(), 0, "nothing sent with a refused version");

    let opted_in = builder(&server)
        .clock(today)
        .api_version(ApiVersion::new(1, 0))
        .allow_expired_api_versions(true)
        .build()
        .unwrap();
    list(&opted_in).send().await.unwrap();
    assert_eq!(
        server.requests()[0].header("scp-api-version"),
        Some("iam-identity-center 1.0")
    );
}

// The warning about a version near its date is tested in `logs.rs`, a binary whose tests all
// run inside a scoped subscriber (see there why).
