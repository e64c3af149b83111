//! Huawei: authentication, pagination, filters and validation, from the client side.

#[path = "huawei/authentication.rs"]
mod authentication;
mod common;

use std::collections::HashSet;

use common::*;
use idc_emulator::{DataSet, HuaweiAccountAssignment, demo};
use serde_json::Value;

fn principal_query(extra: &str) -> String {
    let q = format!(
        "principal_id={}&principal_type=USER",
        demo::HUAWEI_PRINCIPAL_ID
    );
    if extra.is_empty() {
        q
    } else {
        format!("{q}&{extra}")
    }
}

async fn assert_400(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 400);
    let body = json(response).await;
    assert_eq!(body["error_code"], "IIC.1000", "{body}");
    assert!(body["request_id"].is_string());
    body["error_msg"].as_str().unwrap().to_owned()
}

/// Pages through a listing, checking each page, and returns every item.
async fn collect(
    base: &str,
    path_of: impl Fn(&str) -> String,
    limit: usize,
    key: &str,
) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut marker: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut query = principal_query(&format!("limit={limit}"));
        if let Some(m) = &marker {
            query.push_str(&format!("&marker={m}"));
        }
        let response = huawei_demo(base, &path_of(&query)).send().await;
        assert_eq!(response.status(), 200);
        let body = json(response).await;
        let page = body[key].as_array().unwrap().clone();
        assert_eq!(body["page_info"]["current_count"], page.len());
        pages += 1;
        assert!(pages < 1000, "pagination does not end");
        items.extend(page.iter().cloned());
        match body["page_info"]["next_marker"].as_str() {
            Some(next) => {
                assert_eq!(next.len(), 24);
                assert!(next.bytes().all(|b| b.is_ascii_hexdigit()));
                assert_eq!(page.len(), limit, "only the last page may be short");
                marker = Some(next.to_owned());
            }
            None => {
                assert!(body["page_info"]["next_marker"].is_null());
                break;
            }
        }
    }
    (items, pages)
}

#[tokio::test]
async fn both_listings_give_every_item_exactly_once_at_every_page_size() {
    let (emulator, _clock) = start().await;
    let data = DataSet::demo();
    let expected_accounts: Vec<(String, String)> = data
        .huawei
        .account_assignments
        .iter()
        .filter(|a| {
            &*a.instance_id == demo::HUAWEI_INSTANCE_ID
                && &*a.principal_id == demo::HUAWEI_PRINCIPAL_ID
        })
        .map(|a| (a.account_id.to_string(), a.permission_set_id.to_string()))
        .collect();
    assert_eq!(expected_accounts.len(), 25);
    for limit in [1, 2, 7, 24, 25, 26, 100] {
        let (items, pages) = collect(
            emulator.base_url(),
            accounts_path,
            limit,
            "account_assignments",
        )
        .await;
        let got: Vec<(String, String)> = items
            .iter()
            .map(|i| {
                (
                    i["account_id"].as_str().unwrap().to_owned(),
                    i["permission_set_id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(got, expected_accounts, "limit {limit}");
        assert_eq!(pages, 25usize.div_ceil(limit).max(1), "limit {limit}");
    }
    let expected_apps: Vec<String> = data
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
        expected_apps.len(),
        demo::HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS
    );
    for limit in [1, 3, 7, 100] {
        let (items, _) = collect(
            emulator.base_url(),
            applications_path,
            limit,
            "application_assignments",
        )
        .await;
        let got: Vec<String> = items
            .iter()
            .map(|i| i["application_urn"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(got, expected_apps, "limit {limit}");
        let unique: HashSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len());
        assert!(items.iter().all(|i| i.as_object().unwrap().len() == 3));
    }
}

#[tokio::test]
async fn large_listings_page_by_100_by_default() {
    let clock = clock();
    let emulator = builder(&clock)
        .data(DataSet::generate(250))
        .start()
        .await
        .unwrap();
    let (items, pages) = collect(
        emulator.base_url(),
        accounts_path,
        100,
        "account_assignments",
    )
    .await;
    assert_eq!((items.len(), pages), (250, 3));
    let unique: HashSet<String> = items.iter().map(|i| i.to_string()).collect();
    assert_eq!(unique.len(), 250);
    // Without limit: 100.
    let body = json(
        huawei_demo(
            emulator.base_url(),
            &applications_path(&principal_query("")),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(body["page_info"]["current_count"], 100);
    assert!(body["page_info"]["next_marker"].is_string());
}

#[tokio::test]
async fn markers_are_bound_to_their_query() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let body = json(
        huawei_demo(base, &accounts_path(&principal_query("limit=5")))
            .send()
            .await,
    )
    .await;
    let marker = body["page_info"]["next_marker"]
        .as_str()
        .unwrap()
        .to_owned();

    // Upper-case hex is the same marker.
    let ok = huawei_demo(
        base,
        &accounts_path(&principal_query(&format!(
            "limit=5&marker={}",
            marker.to_uppercase()
        ))),
    );
    assert_eq!(ok.send().await.status(), 200);
    // A different limit keeps the marker valid.
    let ok = huawei_demo(
        base,
        &accounts_path(&principal_query(&format!("limit=3&marker={marker}"))),
    );
    assert_eq!(ok.send().await.status(), 200);

    // Another operation, filter, principal type or instance: 400.
    let others = [
        applications_path(&principal_query(&format!("marker={marker}"))),
        accounts_path(&principal_query(&format!(
            "account_id={}&marker={marker}",
            demo::HUAWEI_ACCOUNT_ID
        ))),
        accounts_path(&format!(
            "principal_id={}&principal_type=GROUP&marker={marker}",
            demo::HUAWEI_GROUP_ID
        )),
        format!(
            "/v1/instances/{}/account-assignments-for-principals?{}",
            demo::HUAWEI_OTHER_INSTANCE_ID,
            principal_query(&format!("marker={marker}"))
        ),
    ];
    for path in others {
        let message = assert_400(huawei_demo(base, &path).send().await).await;
        assert!(message.contains("marker"), "{message}");
    }
    // Garbage of the right shape: 400.
    let garbage = huawei_demo(
        base,
        &accounts_path(&principal_query("marker=0123456789abcdef01234567")),
    );
    assert_400(garbage.send().await).await;
    // Wrong shapes: 400.
    for bad in [
        "abc",
        "0123456789abcdef0123456",
        "0123456789abcdef012345678",
        "g123456789abcdef01234567",
        "",
    ] {
        let request = huawei_demo(
            base,
            &accounts_path(&principal_query(&format!("marker={bad}"))),
        );
        assert_400(request.send().await).await;
    }
}

#[tokio::test]
async fn filters_select_by_instance_principal_type_and_account() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let count = |body: Value, key: &str| body[key].as_array().unwrap().len();

    let by_account = json(
        huawei_demo(
            base,
            &accounts_path(&principal_query(&format!(
                "account_id={}",
                demo::HUAWEI_ACCOUNT_ID
            ))),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(by_account["page_info"]["current_count"], 5);
    assert!(
        by_account["account_assignments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["account_id"] == demo::HUAWEI_ACCOUNT_ID)
    );

    // An account the organization does not have, and a user id asked for as a GROUP: 404s in
    // Huawei's shape, not empty lists.
    let unknown_account = huawei_demo(base, &accounts_path(&principal_query("account_id=000")))
        .send()
        .await;
    assert_eq!(unknown_account.status(), 404);
    let body: Value = unknown_account.json().await.unwrap();
    assert_eq!(body["error_code"], idc_emulator::huawei::UNKNOWN_ACCOUNT);
    let as_group = format!(
        "principal_id={}&principal_type=GROUP",
        demo::HUAWEI_PRINCIPAL_ID
    );
    let response = huawei_demo(base, &accounts_path(&as_group)).send().await;
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_code"], idc_emulator::huawei::UNKNOWN_PRINCIPAL);
    assert!(body["request_id"].as_str().is_some_and(|s| !s.is_empty()));

    // A group's own assignments.
    let group = format!(
        "principal_id={}&principal_type=GROUP",
        demo::HUAWEI_GROUP_ID
    );
    let body = json(huawei_demo(base, &accounts_path(&group)).send().await).await;
    assert!(count(body.clone(), "account_assignments") > 0);
    assert!(
        body["account_assignments"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["principal_type"] == "GROUP")
    );
    let body = json(huawei_demo(base, &applications_path(&group)).send().await).await;
    assert!(count(body, "application_assignments") > 0);

    // The other instance.
    let other = format!(
        "/v1/instances/{}/account-assignments-for-principals?{}",
        demo::HUAWEI_OTHER_INSTANCE_ID,
        principal_query("")
    );
    let body = json(huawei_demo(base, &other).send().await).await;
    assert_eq!(
        count(body, "account_assignments"),
        demo::HUAWEI_OTHER_INSTANCE_ACCOUNT_ASSIGNMENTS
    );

    // The application listing ignores account_id.
    let body = json(
        huawei_demo(
            base,
            &applications_path(&principal_query(&format!(
                "account_id={}",
                demo::HUAWEI_ACCOUNT_ID
            ))),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(count(body, "application_assignments"), 7);
}

#[tokio::test]
async fn invalid_parameters_are_400() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let id = demo::HUAWEI_PRINCIPAL_ID;
    let cases = [
        (accounts_path("principal_type=USER"), "principal_id"),
        (
            accounts_path(&format!("principal_id={id}")),
            "principal_type",
        ),
        (
            accounts_path(&format!("principal_id={id}&principal_type=user")),
            "principal_type",
        ),
        (
            accounts_path(&format!("principal_id={id}&principal_type=SERVICE")),
            "principal_type",
        ),
        (
            accounts_path("principal_id=a_b&principal_type=USER"),
            "principal_id",
        ),
        (
            accounts_path(&format!(
                "principal_id={}&principal_type=USER",
                "a".repeat(65)
            )),
            "principal_id",
        ),
        (accounts_path(&principal_query("limit=0")), "limit"),
        (accounts_path(&principal_query("limit=101")), "limit"),
        (accounts_path(&principal_query("limit=-1")), "limit"),
        (accounts_path(&principal_query("limit=ten")), "limit"),
        (
            accounts_path(&principal_query("account_id=a.b")),
            "account_id",
        ),
        (accounts_path(&principal_query("limit=5&limit=6")), "limit"),
        (applications_path("principal_type=GROUP"), "principal_id"),
        (applications_path(&principal_query("limit=101")), "limit"),
        (
            format!(
                "/v1/instances/ins_1/account-assignments-for-principals?{}",
                principal_query("")
            ),
            "instance_id",
        ),
    ];
    for (path, what) in cases {
        let message = assert_400(huawei_demo(base, &path).send().await).await;
        assert!(message.contains(what), "{path}: {message}");
    }
    // The limit edges are accepted; 64 characters are valid (a 404: no such user, not a 400).
    for ok in [
        accounts_path(&principal_query("limit=1")),
        accounts_path(&principal_query("limit=100")),
    ] {
        assert_eq!(huawei_demo(base, &ok).send().await.status(), 200, "{ok}");
    }
    let long = accounts_path(&format!(
        "principal_id={}&principal_type=USER",
        "a".repeat(64)
    ));
    assert_eq!(huawei_demo(base, &long).send().await.status(), 404);
}

#[tokio::test]
async fn programmatic_data_is_served_in_order() {
    let clock = clock();
    let mut data = DataSet::demo();
    data.huawei.account_assignments = (0..3)
        .map(|i| HuaweiAccountAssignment {
            instance_id: "ins-x".into(),
            account_id: format!("acc-{i}").into(),
            permission_set_id: "ps-1".into(),
            principal_id: "p-1".into(),
            principal_type: idc_raw::PrincipalType::Group,
            principal_deleted: false,
        })
        .collect();
    let emulator = builder(&clock).data(data).start().await.unwrap();
    let body = json(
        huawei_demo(
            emulator.base_url(),
            "/v1/instances/ins-x/account-assignments-for-principals?principal_id=p-1&principal_type=GROUP",
        )
        .send()
        .await,
    )
    .await;
    let accounts: Vec<&str> = body["account_assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["account_id"].as_str().unwrap())
        .collect();
    assert_eq!(accounts, ["acc-0", "acc-1", "acc-2"]);
}
