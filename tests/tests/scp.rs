//! SCP ListAccountAssignments end to end: every API version, the date rules on both sides, every
//! pagination mode and filter, signature rejection.

use futures::TryStreamExt;
use idc::Error;
use idc::scp::ApiVersion;
use idc_emulator::{DataSet, FaultPlan, demo};
use idc_tests::{clock, emulator, expected_scp, scp};

fn list(client: &idc::scp::Client) -> idc::scp::ListAccountAssignments {
    client
        .list_account_assignments()
        .instance_id(demo::SCP_INSTANCE_ID)
        .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
}

fn pairs(items: &[idc::scp::AccountAssignment]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|a| (a.principal_id.clone(), a.role_srn.clone()))
        .collect()
}

#[tokio::test]
async fn every_version_works_before_its_date_and_sends_its_header() {
    // On 2026-01-10 every version of the table is before its Not Before date.
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-01-10")).await;
    let expected = expected_scp(&DataSet::demo(), demo::SCP_TARGET_ACCOUNT_ID);
    assert_eq!(expected.len(), demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS);
    for version in ApiVersion::all() {
        let client = scp(&emu)
            .clock(clock("2026-01-10"))
            .api_version(version)
            .build()
            .unwrap();
        emu.clear_requests();
        let items = list(&client).collect().await.unwrap();
        assert_eq!(pairs(&items), expected, "version {version}");
        for request in emu.requests() {
            assert_eq!(
                request.header("scp-api-version"),
                Some(format!("iam-identity-center {version}").as_str())
            );
        }
    }
}

#[tokio::test]
async fn an_expired_version_is_refused_by_the_client_and_by_the_service() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-11-24")).await;
    let err = scp(&emu)
        .clock(clock("2026-11-24"))
        .api_version(ApiVersion::new(1, 1))
        .build()
        .unwrap_err();
    assert!(
        matches!(err, Error::UnsupportedApiVersion { .. }),
        "{err:?}"
    );

    // Opting in on the client sends it; the emulator (like the service may) refuses it.
    let client = scp(&emu)
        .clock(clock("2026-11-24"))
        .api_version(ApiVersion::new(1, 1))
        .allow_expired_api_versions(true)
        .build()
        .unwrap();
    let err = list(&client).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status, 400);
    assert_eq!(e.code.as_deref(), Some("UnsupportedApiVersion"));
    assert_eq!(emu.request_count(), 1, "a 400 is not retried");

    // 1.3 is within 90 days of its date: usable, with a warning.
    let client = scp(&emu)
        .clock(clock("2026-11-24"))
        .api_version(ApiVersion::new(1, 3))
        .build()
        .unwrap();
    assert_eq!(
        list(&client).collect().await.unwrap().len(),
        demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS
    );
}

#[tokio::test]
async fn sequential_concurrent_and_limited_paging_agree() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-11-24")).await;
    let client = scp(&emu).clock(clock("2026-11-24")).build().unwrap();
    let expected = expected_scp(&DataSet::demo(), demo::SCP_TARGET_ACCOUNT_ID);
    for size in [1, 7, 20, 45, 100] {
        let sequential = list(&client).page_size(size).collect().await.unwrap();
        assert_eq!(pairs(&sequential), expected, "size {size}");
        let concurrent = list(&client)
            .page_size(size)
            .concurrency(6)
            .collect()
            .await
            .unwrap();
        assert_eq!(pairs(&concurrent), expected, "concurrent, size {size}");
    }
    emu.clear_requests();
    let few = list(&client)
        .page_size(10)
        .max_items(15)
        .collect()
        .await
        .unwrap();
    assert_eq!(pairs(&few), expected[..15]);
    assert_eq!(emu.request_count(), 2);

    let pages: Vec<_> = list(&client)
        .page_size(20)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<_> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [20, 20, 5]);
    assert!(pages.iter().all(|p| p.count == Some(45)));
}

#[tokio::test]
async fn a_large_listing_concurrently() {
    let emu = emulator(
        DataSet::generate(3_001),
        FaultPlan::default(),
        clock("2026-11-24"),
    )
    .await;
    let client = scp(&emu).clock(clock("2026-11-24")).build().unwrap();
    let sequential = list(&client).page_size(100).collect().await.unwrap();
    let concurrent = list(&client)
        .page_size(100)
        .concurrency(8)
        .collect()
        .await
        .unwrap();
    assert_eq!(sequential.len(), 3_001);
    assert_eq!(pairs(&concurrent), pairs(&sequential));
}

#[tokio::test]
async fn filters_and_sort_narrow_and_order_the_listing() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-11-24")).await;
    let client = scp(&emu).clock(clock("2026-11-24")).build().unwrap();
    let data = DataSet::demo();

    let by_name = list(&client)
        .principal_name(demo::SCP_PRINCIPAL_NAME)
        .collect()
        .await
        .unwrap();
    let expected = data
        .scp
        .account_assignments
        .iter()
        .filter(|a| {
            &*a.target_account_id == demo::SCP_TARGET_ACCOUNT_ID
                && data.scp.principal_name(a) == Some(demo::SCP_PRINCIPAL_NAME)
        })
        .count();
    assert!(expected > 0);
    assert_eq!(by_name.len(), expected);
    assert!(
        by_name
            .iter()
            .all(|a| a.principal_name == demo::SCP_PRINCIPAL_NAME)
    );

    let by_email = list(&client)
        .target_account_email(demo::SCP_TARGET_ACCOUNT_EMAIL)
        .target_account_name(demo::SCP_TARGET_ACCOUNT_NAME)
        .collect()
        .await
        .unwrap();
    assert_eq!(by_email.len(), demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS);
    let none = list(&client)
        .target_account_email("nobody@example.com")
        .collect()
        .await
        .unwrap();
    assert!(none.is_empty());

    let desc = list(&client)
        .sort("principal_name:desc")
        .collect()
        .await
        .unwrap();
    let names: Vec<_> = desc.iter().map(|a| a.principal_name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, sorted);

    // The spec's sort grammar names the fields: the client refuses an unknown one before sending
    // (the emulator, with the same rule, answers 400: see the emulator's tests).
    let before = emu.request_count();
    let err = list(&client)
        .sort("no_such_field:asc")
        .send()
        .await
        .unwrap_err();
    let Error::InvalidRequest { message } = &err else {
        panic!("{err:?}")
    };
    assert!(
        message.starts_with("sort \"no_such_field:asc\""),
        "{message}"
    );
    assert_eq!(emu.request_count(), before, "nothing was sent");
}

#[tokio::test]
async fn wrong_secret_and_skewed_clock_are_rejected_with_the_gateway_body() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-11-24")).await;
    let wrong = idc::scp::Client::builder()
        .endpoint(emu.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            "wrong-secret",
        ))
        .clock(clock("2026-11-24"))
        .build()
        .unwrap();
    let err = list(&wrong).send().await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert_eq!(
        err.service_error().unwrap().code.as_deref(),
        Some("Request was rejected by gateway")
    );

    let skewed = scp(&emu)
        .clock(std::sync::Arc::new(idc::clock::ManualClock::new(
            idc_tests::at("2026-11-24") - std::time::Duration::from_secs(16 * 60),
        )))
        .build()
        .unwrap();
    assert!(matches!(
        list(&skewed).send().await.unwrap_err(),
        Error::Authentication(_)
    ));
}

#[tokio::test]
async fn a_signed_url_changed_by_one_byte_is_rejected() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-11-24")).await;
    let credentials = idc::scp::Credentials::new(demo::SCP_ACCESS_KEY, demo::SCP_SECRET_KEY);
    let http = idc::tls::http_client_builder().unwrap().build().unwrap();
    let url = format!(
        "{}/v1/account-assignments?instance_id={}&target_account_id={}",
        emu.base_url(),
        demo::SCP_INSTANCE_ID,
        demo::SCP_TARGET_ACCOUNT_ID
    );
    let now = idc_tests::at("2026-11-24");
    let mut request = http.get(&url).build().unwrap();
    idc::scp::signing::sign_request(&mut request, &credentials, now, "en-US").unwrap();
    assert_eq!(http.execute(request).await.unwrap().status(), 200);

    let mut request = http.get(&url).build().unwrap();
    idc::scp::signing::sign_request(&mut request, &credentials, now, "en-US").unwrap();
    *request.url_mut() = url
        .replace("instance_id=ssoins-12345", "instance_id=ssoins-12346")
        .parse()
        .unwrap();
    let rejected = http.execute(request).await.unwrap();
    assert_eq!(rejected.status(), 401);
    let body: serde_json::Value = rejected.json().await.unwrap();
    assert_eq!(body["status"], "UNAUTHORIZED");
}
