//! SCP: API versions (dates, the service root's list, malformed versions), from the client side.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use idc_emulator::demo;

use super::assert_400;
use crate::common::*;

#[tokio::test]
async fn every_version_is_served_until_its_not_before_date() {
    let clock = clock();
    let emulator = builder(&clock).start().await.unwrap();
    let url = format!(
        "{}/v1/account-assignments?{}",
        emulator.base_url(),
        scp_query("size=1")
    );
    // (version, Not Before as Unix days; None for no date)
    let dates = [
        ("1.0", Some((2026, 2, 23))),
        ("1.1", Some((2026, 5, 31))),
        ("1.2", Some((2026, 9, 30))),
        ("1.3", Some((2026, 11, 30))),
        ("1.4", None),
    ];
    for (version, date) in dates {
        let (on, after) = match date {
            Some((y, m, d)) => {
                let day = time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d)
                    .unwrap();
                let on = day.with_hms(23, 59, 0).unwrap().assume_utc();
                (on, on + time::Duration::minutes(2))
            }
            None => {
                let far = time::macros::datetime!(2040-01-01 0:00 UTC);
                (far, far)
            }
        };
        let before = on - time::Duration::days(30);
        for (at, ok) in [(before, true), (on, true), (after, date.is_none())] {
            let at: std::time::SystemTime = at.into();
            clock.set(at);
            let request = scp_sign(
                &url,
                demo::SCP_ACCESS_KEY,
                demo::SCP_SECRET_KEY,
                at,
                Some(version),
            );
            let response = request.send().await;
            if ok {
                assert_eq!(response.status(), 200, "{version} at {at:?}");
                assert_eq!(
                    response.headers()["scp-api-version"],
                    format!("iam-identity-center {version}").as_str()
                );
            } else {
                let detail = assert_400(response, "UnsupportedApiVersion").await;
                assert!(detail.contains("no longer supported"), "{detail}");
                assert!(detail.contains(version), "{detail}");
            }
        }
    }
    // Without the header: the latest CURRENT, 1.4, at any date.
    clock.set(UNIX_EPOCH + Duration::from_secs(2_000_000_000));
    let at = UNIX_EPOCH + Duration::from_secs(2_000_000_000);
    let response = scp_sign(&url, demo::SCP_ACCESS_KEY, demo::SCP_SECRET_KEY, at, None)
        .send()
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["scp-api-version"],
        "iam-identity-center 1.4"
    );
}

/// The service root's list, as the emulator announces it at `at`.
async fn announced(emulator: &idc_emulator::RunningEmulator) -> Vec<String> {
    let body: serde_json::Value = reqwest::get(format!("{}/", emulator.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_retired_version_is_not_announced_and_serve_past_versions_keeps_it() {
    // 2026-10-15: 1.0, 1.1 and 1.2 are past their Not Before dates, 1.3 is not.
    let at: SystemTime = time::macros::datetime!(2026-10-15 12:00 UTC).into();
    let clock = clock();
    clock.set(at);
    let emulator = builder(&clock).start().await.unwrap();
    assert_eq!(announced(&emulator).await, ["v1.4", "v1.3"]);
    let url = format!(
        "{}/v1/account-assignments?{}",
        emulator.base_url(),
        scp_query("size=1")
    );
    let refused = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        at,
        Some("1.2"),
    );
    assert_400(refused.send().await, "UnsupportedApiVersion").await;

    // Kept: listed with its status and date, and served.
    let emulator = builder(&clock)
        .serve_past_versions(true)
        .start()
        .await
        .unwrap();
    assert_eq!(
        announced(&emulator).await,
        ["v1.4", "v1.3", "v1.2", "v1.1", "v1.0"]
    );
    let url = format!(
        "{}/v1/account-assignments?{}",
        emulator.base_url(),
        scp_query("size=1")
    );
    let served = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        at,
        Some("1.2"),
    )
    .send()
    .await;
    assert_eq!(served.status(), 200);
    assert_eq!(
        served.headers()["scp-api-version"],
        "iam-identity-center 1.2"
    );
}

#[tokio::test]
async fn unknown_and_malformed_versions_are_400() {
    let (emulator, _clock) = start().await;
    for header in [
        "iam-identity-center 1.5",
        "iam-identity-center 2.0",
        "iam-identity-center 0.9",
        "iam-identity-center",
        "iam-identity-center one.four",
        "iam-identity-center 1.4 extra",
        "other-service 1.4",
        "1.4",
        "",
    ] {
        let mut request = scp_demo(emulator.base_url(), &scp_query(""));
        request.set("Scp-Api-Version", header);
        assert_400(request.send().await, "UnsupportedApiVersion").await;
    }
}
