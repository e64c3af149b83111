//! Huawei operations end to end: the idc client against the emulator, signatures verified.

use futures::TryStreamExt;
use idc::huawei::signing;
use idc::{Error, PrincipalType};
use idc_emulator::{DataSet, FaultPlan, demo};
use idc_tests::{clock, demo_emulator, emulator, expected_huawei_accounts, huawei};

fn accounts(client: &idc::huawei::Client) -> idc::huawei::ListAccountAssignmentsForPrincipal {
    client
        .list_account_assignments_for_principal()
        .instance_id(demo::HUAWEI_INSTANCE_ID)
        .principal_id(demo::HUAWEI_PRINCIPAL_ID)
        .principal_type(PrincipalType::User)
}

fn pairs(items: &[idc::huawei::AccountAssignment]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|a| (a.account_id.clone(), a.permission_set_id.clone()))
        .collect()
}

#[tokio::test]
async fn every_pagination_mode_returns_every_assignment_once() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    let expected = expected_huawei_accounts(&DataSet::demo(), demo::HUAWEI_PRINCIPAL_ID);
    assert_eq!(expected.len(), demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS);

    for page_size in [1, 7, 25, 100] {
        let collected = accounts(&client)
            .page_size(page_size)
            .collect()
            .await
            .unwrap();
        assert_eq!(
            pairs(&collected),
            expected,
            "collect, page size {page_size}"
        );

        let items: Vec<_> = accounts(&client)
            .page_size(page_size)
            .items()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pairs(&items), expected, "items, page size {page_size}");

        let pages: Vec<_> = accounts(&client)
            .page_size(page_size)
            .pages()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), expected.len().div_ceil(page_size as usize));
        let flat: Vec<_> = pages.iter().flat_map(|p| p.items.clone()).collect();
        assert_eq!(pairs(&flat), expected, "pages, page size {page_size}");
        assert!(
            pages
                .iter()
                .all(|p| p.current_count == Some(p.items.len() as u64))
        );
    }

    // send() page by page, following next_marker by hand.
    let mut marker = None;
    let mut by_hand = Vec::new();
    loop {
        let mut request = accounts(&client).page_size(10);
        if let Some(m) = marker.take() {
            request = request.marker(m);
        }
        let page = request.send().await.unwrap();
        by_hand.extend(page.items);
        match page.next_marker {
            Some(next) => marker = Some(next),
            None => break,
        }
    }
    assert_eq!(pairs(&by_hand), expected);
}

#[tokio::test]
async fn max_items_stops_the_requests() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    let items = accounts(&client)
        .page_size(5)
        .max_items(12)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 12);
    assert_eq!(emu.request_count(), 3, "5 + 5 + 2");
    let limits: Vec<_> = emu
        .requests()
        .iter()
        .map(|r| {
            r.query_pairs()
                .into_iter()
                .find(|(k, _)| k == "limit")
                .unwrap()
                .1
        })
        .collect();
    assert_eq!(limits, ["5", "5", "2"]);
}

#[tokio::test]
async fn the_account_filter_and_application_assignments() {
    let emu = demo_emulator().await;
    let client = huawei(&emu).build().unwrap();
    let data = DataSet::demo();

    let on_one_account = accounts(&client)
        .account_id(demo::HUAWEI_ACCOUNT_ID)
        .collect()
        .await
        .unwrap();
    let expected: Vec<_> = expected_huawei_accounts(&data, demo::HUAWEI_PRINCIPAL_ID)
        .into_iter()
        .filter(|(account, _)| account == demo::HUAWEI_ACCOUNT_ID)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(pairs(&on_one_account), expected);

    let apps = client
        .list_application_assignments_for_principal()
        .instance_id(demo::HUAWEI_INSTANCE_ID)
        .principal_id(demo::HUAWEI_PRINCIPAL_ID)
        .principal_type(PrincipalType::User)
        .page_size(3)
        .collect()
        .await
        .unwrap();
    let expected: Vec<_> = data
        .huawei
        .application_assignments
        .iter()
        .filter(|a| {
            &*a.instance_id == demo::HUAWEI_INSTANCE_ID
                && &*a.principal_id == demo::HUAWEI_PRINCIPAL_ID
        })
        .map(|a| a.application_urn.to_string())
        .collect();
    assert_eq!(
        expected.len(),
        demo::HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS
    );
    let urns: Vec<_> = apps.iter().map(|a| a.application_urn.clone()).collect();
    assert_eq!(urns, expected);
}

#[tokio::test]
async fn a_large_generated_listing_streams_completely() {
    let emu = emulator(
        DataSet::generate(2_345),
        FaultPlan::default(),
        clock("2026-11-24"),
    )
    .await;
    let client = huawei(&emu).clock(clock("2026-11-24")).build().unwrap();
    let items = accounts(&client).collect().await.unwrap();
    assert_eq!(items.len(), 2_345);
    let mut unique: Vec<_> = pairs(&items);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 2_345, "no duplicates");
    assert_eq!(emu.request_count(), 24);
}

#[tokio::test]
async fn wrong_secret_unknown_key_and_skewed_clock_are_rejected() {
    let emu = emulator(DataSet::demo(), FaultPlan::default(), clock("2026-11-24")).await;

    let wrong_secret = idc::huawei::Client::builder()
        .endpoint(emu.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, "not-the-secret")
                .with_domain_id(demo::HUAWEI_DOMAIN_ID),
        )
        .clock(clock("2026-11-24"))
        .build()
        .unwrap();
    let err = accounts(&wrong_secret).send().await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert_eq!(
        err.service_error().unwrap().code.as_deref(),
        Some("APIGW.0301")
    );
    assert!(!err.to_string().contains("not-the-secret"));

    let unknown_key = idc::huawei::Client::builder()
        .endpoint(emu.base_url())
        .credentials(idc::huawei::Credentials::new(
            "UNKNOWNAK",
            demo::HUAWEI_SECRET_KEY,
        ))
        .clock(clock("2026-11-24"))
        .build()
        .unwrap();
    assert!(matches!(
        accounts(&unknown_key).send().await.unwrap_err(),
        Error::Authentication(_)
    ));

    // 16 minutes away from the emulator's clock.
    let skewed = huawei(&emu)
        .clock(std::sync::Arc::new(idc::clock::ManualClock::new(
            idc_tests::at("2026-11-24") + std::time::Duration::from_secs(16 * 60),
        )))
        .build()
        .unwrap();
    assert!(matches!(
        accounts(&skewed).send().await.unwrap_err(),
        Error::Authentication(_)
    ));
    // 14 minutes is within the gateway's tolerance.
    let close = huawei(&emu)
        .clock(std::sync::Arc::new(idc::clock::ManualClock::new(
            idc_tests::at("2026-11-24") + std::time::Duration::from_secs(14 * 60),
        )))
        .build()
        .unwrap();
    accounts(&close).send().await.unwrap();
    assert_eq!(
        emu.request_count(),
        4,
        "authentication failures are not retried"
    );
}

#[tokio::test]
async fn a_signed_request_tampered_with_after_signing_is_rejected() {
    let emu = demo_emulator().await;
    let credentials =
        idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
            .with_domain_id(demo::HUAWEI_DOMAIN_ID);
    let http = idc::tls::http_client_builder().unwrap().build().unwrap();
    let url = format!(
        "{}/v1/instances/{}/account-assignments-for-principals?principal_id={}&principal_type=USER&limit=5",
        emu.base_url(),
        demo::HUAWEI_INSTANCE_ID,
        demo::HUAWEI_PRINCIPAL_ID
    );
    let signed = |url: &str| {
        let mut request = http.get(url).build().unwrap();
        signing::sign_request(&mut request, &credentials, std::time::SystemTime::now()).unwrap();
        request
    };

    let ok = http.execute(signed(&url)).await.unwrap();
    assert_eq!(ok.status(), 200);

    let mut tampered = signed(&url);
    *tampered.url_mut() = url.replace("limit=5", "limit=6").parse().unwrap();
    let rejected = http.execute(tampered).await.unwrap();
    assert_eq!(rejected.status(), 401);
    let body: serde_json::Value = rejected.json().await.unwrap();
    assert_eq!(body["error_code"], "APIGW.0301");
}
