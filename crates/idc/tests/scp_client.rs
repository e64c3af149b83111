//! The SCP client against a scripted local server: page/size stop rules, concurrent paging, API
//! versions and their date rules, signing headers and errors.

mod support;

use std::sync::Arc;
use std::time::SystemTime;

use futures::{StreamExt, TryStreamExt};
use idc::clock::ManualClock;
use idc::scp::{ApiVersion, Client, Credentials};
use idc::{Error, PrincipalType};
use serde_json::json;
use support::{Recorded, Reply, Server, quick_retries};

#[path = "scp_client/endpoints_and_credentials.rs"]
mod endpoints_and_credentials;
#[path = "scp_client/errors.rs"]
mod errors;
#[path = "scp_client/headers_and_versions.rs"]
mod headers_and_versions;

const SECRET: &str = "scp-secret-key-value";

fn at(date: &str) -> SystemTime {
    let date =
        time::Date::parse(date, &time::format_description::well_known::Iso8601::DATE).unwrap();
    SystemTime::from(date.midnight().assume_utc())
}

fn builder(server: &Server) -> idc::scp::ClientBuilder {
    Client::builder()
        .endpoint(&server.base_url)
        .credentials(Credentials::new("SCPAK", SECRET))
        .retry_policy(quick_retries(3))
        .clock(Arc::new(ManualClock::new(at("2026-01-10"))))
}

fn client(server: &Server) -> Client {
    builder(server).build().unwrap()
}

/// How the scripted server reports `count`.
#[derive(Clone, Copy)]
enum Count {
    Total,
    Absent,
}

/// A complete assignment of the principal named `name` (the spec requires every field).
fn assignment(name: &str) -> serde_json::Value {
    json!({"instance_id": "ssoins-1", "permission_sets": [], "principal_id": format!("id-{name}"),
           "principal_name": name, "principal_type": "USER", "role_srn": "srn:role",
           "target_account_id": "acct-1", "target_account_name": "Account 1",
           "target_account_email": "a1@example.com"})
}

/// A server holding `total` assignments, paging by page/size.
fn paged(total: usize, count: Count) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static {
    move |req: &Recorded, _| {
        let page: usize = req.param("page").unwrap_or("0").parse().unwrap();
        let size: usize = req.param("size").unwrap_or("20").parse().unwrap();
        let start = (page * size).min(total);
        let end = (start + size).min(total);
        let items: Vec<_> = (start..end)
            .map(|i| {
                json!({"instance_id": "ssoins-1", "permission_sets": [], "principal_id": format!("p{i}"),
                       "principal_name": format!("user{i}"), "principal_type": "USER",
                       "role_srn": "srn:role", "target_account_id": "acct-1",
                       "target_account_name": "Account 1", "target_account_email": "a1@example.com"})
            })
            .collect();
        let mut body = json!({"account_assignments": items, "page": page, "size": size,
                              "sort": ["created_at:asc"]});
        if let Count::Total = count {
            body["count"] = json!(total);
        }
        Reply::json(200, body)
    }
}

fn list(client: &Client) -> idc::scp::ListAccountAssignments {
    client
        .list_account_assignments()
        .instance_id("ssoins-1")
        .target_account_id("acct-1")
}

fn names(items: &[idc::scp::AccountAssignment]) -> Vec<String> {
    items.iter().map(|a| a.principal_name.clone()).collect()
}

fn pages_requested(server: &Server) -> Vec<usize> {
    let mut pages: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("page").unwrap().parse().unwrap())
        .collect();
    pages.sort_unstable();
    pages
}

#[tokio::test]
async fn every_item_once_and_a_short_page_ends_the_listing() {
    let server = Server::start(paged(95, Count::Absent)).await;
    let items = list(&client(&server)).collect().await.unwrap();
    let expected: Vec<_> = (0..95).map(|i| format!("user{i}")).collect();
    assert_eq!(names(&items), expected);
    assert_eq!(pages_requested(&server), [0, 1, 2, 3, 4]);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("size") == Some("20"))
    );
}

#[tokio::test]
async fn count_ends_the_listing_without_an_extra_empty_page() {
    let server = Server::start(paged(100, Count::Total)).await;
    let items = list(&client(&server)).collect().await.unwrap();
    assert_eq!(items.len(), 100);
    assert_eq!(
        pages_requested(&server),
        [0, 1, 2, 3, 4],
        "4*20+20 >= 100: no page 5"
    );
}

#[tokio::test]
async fn without_count_an_exact_multiple_ends_on_the_empty_page() {
    let server = Server::start(paged(40, Count::Absent)).await;
    assert_eq!(list(&client(&server)).collect().await.unwrap().len(), 40);
    assert_eq!(pages_requested(&server), [0, 1, 2]);
}

#[tokio::test]
async fn a_listing_that_never_ends_hits_the_page_cap() {
    let server = Server::start(|req: &Recorded, i| {
        let _ = req;
        let items: Vec<_> = (0..20).map(|j| assignment(&format!("u{i}-{j}"))).collect();
        Reply::json(200, json!({"account_assignments": items}))
    })
    .await;
    let err = list(&client(&server))
        .max_pages(7)
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
    assert!(err.to_string().contains("7 pages"), "{err}");
    assert_eq!(server.count(), 7);
}

#[tokio::test]
async fn pages_page_size_and_start_page() {
    let server = Server::start(paged(95, Count::Total)).await;
    let pages: Vec<_> = list(&client(&server))
        .page_size(30)
        .page(1)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<_> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [30, 30, 5]);
    assert_eq!(pages[0].page, 1);
    assert_eq!(pages[0].count, Some(95));
    assert_eq!(pages[0].sort, ["created_at:asc"]);
    assert_eq!(pages[0].items[0].principal_name, "user30");
}

#[tokio::test]
async fn max_items_stops_fetching() {
    let server = Server::start(paged(1000, Count::Total)).await;
    let items = list(&client(&server))
        .max_items(45)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 45);
    assert_eq!(pages_requested(&server), [0, 1, 2]);
}

#[tokio::test]
async fn concurrent_paging_returns_the_same_items_in_the_same_order() {
    let server = Server::start(paged(487, Count::Total)).await;
    let sequential = list(&client(&server)).collect().await.unwrap();
    let sequential_requests = server.count();
    let concurrent = list(&client(&server))
        .concurrency(8)
        .collect()
        .await
        .unwrap();
    assert_eq!(names(&concurrent), names(&sequential));
    assert_eq!(concurrent.len(), 487);
    assert_eq!(
        server.count() - sequential_requests,
        sequential_requests,
        "same pages"
    );

    // With max_items, only the pages needed are planned.
    let server = Server::start(paged(487, Count::Total)).await;
    let few = list(&client(&server))
        .concurrency(8)
        .max_items(50)
        .collect()
        .await
        .unwrap();
    assert_eq!(names(&few), names(&sequential[..50]));
    assert_eq!(pages_requested(&server), [0, 1, 2]);
}

#[tokio::test]
async fn concurrent_paging_without_count_falls_back_to_sequential() {
    let server = Server::start(paged(65, Count::Absent)).await;
    let items = list(&client(&server))
        .concurrency(4)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 65);
    assert_eq!(pages_requested(&server), [0, 1, 2, 3]);
}

#[tokio::test]
async fn concurrent_paging_trusts_count_like_sequential_paging() {
    // count says 40 while 60 items exist: like sequential paging, the count rule ends the listing.
    let server = Server::start(|req: &Recorded, i| {
        let mut reply = paged(60, Count::Total)(req, i);
        let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        body["count"] = json!(40);
        reply.body = body.to_string();
        reply
    })
    .await;
    let items = list(&client(&server))
        .concurrency(4)
        .collect()
        .await
        .unwrap();
    // Page 1 ends the listing by the count rule (1*20+20 >= 40): the count is trusted.
    assert_eq!(items.len(), 40);
    assert_eq!(pages_requested(&server), [0, 1]);
}

#[tokio::test]
async fn a_service_that_ignores_page_is_caught_instead_of_duplicating_items() {
    // Every request gets page 0's content, with a count that says there is more.
    let server = Server::start(|req: &Recorded, i| {
        let _ = req;
        let mut reply = paged(100, Count::Total)(req, i);
        let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        let first_page: Vec<_> = (0..20).map(|j| assignment(&format!("user{j}"))).collect();
        body["account_assignments"] = json!(first_page);
        reply.body = body.to_string();
        reply
    })
    .await;
    for concurrency in [1, 4] {
        let mut items = list(&client(&server)).concurrency(concurrency).items();
        let mut seen = Vec::new();
        let err = loop {
            match items.try_next().await {
                Ok(Some(item)) => seen.push(item.principal_name),
                Ok(None) => panic!("ended silently with duplicates: {seen:?}"),
                Err(e) => break e,
            }
        };
        assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
        let expected: Vec<_> = (0..20).map(|j| format!("user{j}")).collect();
        assert_eq!(seen, expected, "page 0 once, nothing repeated");
    }
}

#[tokio::test]
async fn a_retry_is_signed_with_a_fresh_timestamp() {
    let server = Server::start(|req: &Recorded, i| match i {
        0 => Reply::json(503, json!({"errors": [{"code": "ServiceUnavailable"}]})),
        _ => paged(3, Count::Total)(req, i),
    })
    .await;
    let clock = support::TickingClock::starting_at(at("2026-01-10"));
    let client = builder(&server).clock(clock).build().unwrap();
    assert_eq!(list(&client).collect().await.unwrap().len(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let stamps: Vec<_> = requests
        .iter()
        .map(|r| r.header("scp-timestamp").unwrap())
        .collect();
    let signatures: Vec<_> = requests
        .iter()
        .map(|r| r.header("scp-signature").unwrap())
        .collect();
    assert_ne!(stamps[0], stamps[1]);
    assert_ne!(signatures[0], signatures[1]);
}

#[tokio::test]
async fn the_page_cap_counts_every_page_in_concurrent_mode_too() {
    // count says 1,000 but the cap is 3 pages: the first page plus two planned ones, then the error.
    let server = Server::start(|req: &Recorded, i| {
        let mut reply = paged(1_000, Count::Total)(req, i);
        let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        body["count"] = json!(1_000);
        reply.body = body.to_string();
        reply
    })
    .await;
    let pages: Vec<_> = list(&client(&server))
        .concurrency(4)
        .max_pages(3)
        .pages()
        .collect::<Vec<_>>()
        .await;
    let ok = pages.iter().filter(|p| p.is_ok()).count();
    assert_eq!(ok, 3, "three pages, then stop");
    assert!(
        matches!(pages.last(), Some(Err(Error::Pagination { .. }))),
        "{pages:?}"
    );
    assert_eq!(server.count(), 3);
}
