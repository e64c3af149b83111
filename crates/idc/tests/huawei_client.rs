//! The Huawei client against a scripted local server: pagination, validation, signing headers,
//! retries, timeouts and every error kind.

mod support;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use futures::{StreamExt, TryStreamExt};
use idc::config::Timeouts;
use idc::error::TimeoutKind;
use idc::huawei::{Client, Credentials};
use idc::{Error, PrincipalType};
use serde_json::json;
use support::{Recorded, Reply, Server, TickingClock, marker, offset, quick_retries};

#[path = "huawei_client/configuration.rs"]
mod configuration;
#[path = "huawei_client/retries_and_errors.rs"]
mod retries_and_errors;
#[path = "huawei_client/timeouts.rs"]
mod timeouts;

const SECRET: &str = "huawei-secret-key-value";

fn credentials() -> Credentials {
    Credentials::new("HUAWEIAK", SECRET).with_domain_id("domain-1")
}

fn client(server: &Server) -> Client {
    Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .retry_policy(quick_retries(3))
        .build()
        .unwrap()
}

/// A server holding `total` account assignments, paging by marker.
fn paged_accounts(total: usize) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static {
    move |req: &Recorded, _| {
        let start = req.param("marker").map_or(0, offset);
        let limit: usize = req.param("limit").unwrap().parse().unwrap();
        let end = (start + limit).min(total);
        let items: Vec<_> = (start..end)
            .map(|i| {
                json!({"account_id": format!("acct-{i}"), "permission_set_id": "ps-1",
                       "principal_id": "user-1", "principal_type": "USER"})
            })
            .collect();
        let next = (end < total).then(|| marker(end));
        Reply::json(
            200,
            json!({"account_assignments": items,
                   "page_info": {"next_marker": next, "current_count": end - start}}),
        )
    }
}

fn accounts(client: &Client) -> idc::huawei::ListAccountAssignmentsForPrincipal {
    client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("user-1")
        .principal_type(PrincipalType::User)
}

#[tokio::test]
async fn items_returns_every_item_of_every_page_exactly_once_in_order() {
    let server = Server::start(paged_accounts(250)).await;
    let items = accounts(&client(&server)).collect().await.unwrap();
    let ids: Vec<_> = items.iter().map(|a| a.account_id.clone()).collect();
    let expected: Vec<_> = (0..250).map(|i| format!("acct-{i}")).collect();
    assert_eq!(ids, expected);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].param("marker"), None);
    assert_eq!(requests[1].param("marker"), Some(marker(100).as_str()));
    assert_eq!(requests[2].param("marker"), Some(marker(200).as_str()));
    for r in &requests {
        assert_eq!(
            r.path,
            "/v1/instances/ins-1/account-assignments-for-principals"
        );
        assert_eq!(r.param("limit"), Some("100"));
        assert_eq!(r.param("principal_type"), Some("USER"));
    }
}

#[tokio::test]
async fn pages_are_yielded_as_served() {
    let server = Server::start(paged_accounts(250)).await;
    let pages: Vec<_> = accounts(&client(&server))
        .page_size(100)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<_> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(pages[0].next_marker.as_deref(), Some(marker(100).as_str()));
    assert_eq!(pages[2].next_marker, None);
    assert_eq!(pages[2].current_count, Some(50));
}

#[tokio::test]
async fn every_request_is_signed_with_the_credentials() {
    let server = Server::start(paged_accounts(3)).await;
    accounts(&client(&server)).collect().await.unwrap();
    let r = &server.requests()[0];
    let auth = r.header("authorization").unwrap();
    assert!(
        auth.starts_with("SDK-HMAC-SHA256 Access=HUAWEIAK, SignedHeaders="),
        "{auth}"
    );
    assert!(auth.contains("x-domain-id"), "{auth}");
    assert_eq!(r.header("x-domain-id"), Some("domain-1"));
    assert!(r.header("x-sdk-date").is_some());
    assert!(r.header("api-version").is_none());
    assert!(r.header("user-agent").unwrap().starts_with("idc-rust/"));
}

#[tokio::test]
async fn max_items_stops_fetching_and_asks_only_for_what_is_left() {
    let server = Server::start(paged_accounts(1000)).await;
    let items = accounts(&client(&server))
        .max_items(150)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 150);
    assert_eq!(items[149].account_id, "acct-149");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "no request after max_items is reached");
    assert_eq!(requests[1].param("limit"), Some("50"));
}

#[tokio::test]
async fn no_request_is_made_after_the_consumer_stops() {
    let server = Server::start(paged_accounts(1000)).await;
    let mut items = accounts(&client(&server)).page_size(10).items();
    for _ in 0..15 {
        items.next().await.unwrap().unwrap();
    }
    drop(items);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.count(), 2, "only the pages that were consumed");
}

#[tokio::test]
async fn a_repeated_marker_is_an_error_not_a_loop() {
    // Page 1 says "next: m1"; page 2 says "next: m1" again.
    let server = Server::start(|req: &Recorded, _| {
        let items = json!([{"account_id": "a", "permission_set_id": "p", "principal_id": "u",
                            "principal_type": "USER"}]);
        let _ = req;
        Reply::json(
            200,
            json!({"account_assignments": items, "page_info": {"next_marker": marker(1)}}),
        )
    })
    .await;
    let mut items = accounts(&client(&server)).items();
    let mut got = 0;
    let error = loop {
        match items.next().await {
            Some(Ok(_)) => got += 1,
            Some(Err(e)) => break e,
            None => panic!("the stream ended without reporting the repeated marker"),
        }
    };
    assert_eq!(got, 1, "the first page's item, once");
    let Error::Pagination { message } = &error else {
        panic!("{error:?}")
    };
    assert!(message.contains("returned a marker again"), "{message}");
    // Not the marker itself: server text that nothing past the transport scrubs (a hostile
    // service could hand out a secret of the client's as a marker).
    assert!(!message.contains(&marker(1)), "{message}");
    assert!(items.next().await.is_none(), "nothing after the error");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_marker_the_caller_started_from_that_comes_back_is_also_caught() {
    let start = marker(7);
    let echo = start.clone();
    let server = Server::start(move |_, _| {
        Reply::json(
            200,
            json!({"account_assignments": [], "page_info": {"next_marker": echo}}),
        )
    })
    .await;
    let err = accounts(&client(&server))
        .marker(start)
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn empty_or_absent_next_marker_ends_the_listing() {
    for page_info in [
        json!({"next_marker": ""}),
        json!({}),
        json!({"next_marker": null}),
    ] {
        let server = Server::start(move |_, _| {
            Reply::json(
                200,
                json!({"application_assignments": [{"application_urn": "urn:1",
                       "principal_id": "g", "principal_type": "GROUP"}], "page_info": page_info}),
            )
        })
        .await;
        let items = client(&server)
            .list_application_assignments_for_principal()
            .instance_id("ins-1")
            .principal_id("g")
            .principal_type(PrincipalType::Group)
            .collect()
            .await
            .unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].principal_type, PrincipalType::Group);
        assert_eq!(server.count(), 1);
    }
}

#[tokio::test]
async fn max_pages_guards_against_endless_fresh_markers() {
    let server = Server::start(|_, i| {
        Reply::json(
            200,
            json!({"account_assignments": [], "page_info": {"next_marker": marker(i + 1)}}),
        )
    })
    .await;
    let err = accounts(&client(&server))
        .max_pages(5)
        .collect()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("5 pages"), "{err}");
    assert_eq!(server.count(), 5);
}

#[tokio::test]
async fn send_fetches_exactly_one_page_at_the_given_marker() {
    let server = Server::start(paged_accounts(250)).await;
    let page = accounts(&client(&server))
        .marker(marker(200))
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 50);
    assert_eq!(page.items[0].account_id, "acct-200");
    assert_eq!(page.next_marker, None);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn application_assignments_filter_and_page_the_same_way() {
    let server = Server::start(|req: &Recorded, _| {
        let start = req.param("marker").map_or(0, offset);
        let items: Vec<_> = (start..(start + 2).min(5))
            .map(|i| {
                json!({"application_urn": format!("urn:app:{i}"), "principal_id": "g-1",
                            "principal_type": "GROUP"})
            })
            .collect();
        let next = (start + 2 < 5).then(|| marker(start + 2));
        Reply::json(
            200,
            json!({"application_assignments": items, "page_info": {"next_marker": next}}),
        )
    })
    .await;
    let urns: Vec<_> = client(&server)
        .list_application_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("g-1")
        .principal_type(PrincipalType::Group)
        .page_size(2)
        .items()
        .map_ok(|a| a.application_urn)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        urns,
        [
            "urn:app:0",
            "urn:app:1",
            "urn:app:2",
            "urn:app:3",
            "urn:app:4"
        ]
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].path,
        "/v1/instances/ins-1/application-assignments-for-principals"
    );
    assert_eq!(requests[0].param("principal_type"), Some("GROUP"));
    assert_eq!(requests[0].param("limit"), Some("2"));
}

#[tokio::test]
async fn invalid_parameters_fail_before_any_request() {
    let server = Server::start(paged_accounts(1)).await;
    let c = client(&server);
    let cases = [
        accounts(&c).instance_id("bad id"),
        accounts(&c).page_size(101),
        accounts(&c).marker("xyz"),
        accounts(&c).account_id(""),
        c.list_account_assignments_for_principal()
            .instance_id("ins-1")
            .principal_type(PrincipalType::User),
    ];
    for case in cases {
        let err = case.collect().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert!(!err.is_retryable());
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn each_bad_parameter_is_named_in_its_error() {
    let server = Server::start(paged_accounts(1)).await;
    let c = client(&server);
    let message = |err: Error| match err {
        Error::InvalidRequest { message } => message,
        other => panic!("{other:?}"),
    };
    let bare = || c.list_account_assignments_for_principal();
    let cases: Vec<(idc::huawei::ListAccountAssignmentsForPrincipal, &str, bool)> = vec![
        // (request, the message or its start, whole message?)
        (
            bare()
                .principal_id("user-1")
                .principal_type(PrincipalType::User),
            "instance_id is required",
            true,
        ),
        (
            accounts(&c).principal_id("a b"),
            "principal_id \"a b\"",
            false,
        ),
        (
            bare().instance_id("ins-1").principal_id("user-1"),
            "principal_type is required",
            true,
        ),
        (
            accounts(&c).page_size(0),
            "page_size must be between 1 and 100, got 0",
            true,
        ),
    ];
    for (request, expected, whole) in cases {
        let got = message(request.collect().await.unwrap_err());
        if whole {
            assert_eq!(got, expected);
        } else {
            assert!(got.starts_with(expected), "{got}");
        }
    }
    for (request, needle) in [
        (
            accounts(&c).principal_id("x".repeat(65)),
            "principal_id is 65 characters long, more than the 64 allowed",
        ),
        (
            accounts(&c).principal_type(PrincipalType::Unknown("ROBOT".into())),
            "ROBOT",
        ),
        (
            accounts(&c).marker("abc"),
            "marker \"abc\" is shorter than 24 characters",
        ),
        (accounts(&c).marker("z".repeat(24)), "marker \"zzzzzzzz"),
        (accounts(&c).page_size(101), "got 101"),
        (accounts(&c).max_items(0), "max_items"),
    ] {
        let got = message(request.collect().await.unwrap_err());
        assert!(got.contains(needle), "{needle} in {got}");
    }
    assert_eq!(server.count(), 0, "nothing is sent");
}
