//! Pagination: repeated markers and pages, and markers that are malformed, secret or absurd.

use super::*;

#[tokio::test]
async fn a_repeated_marker_stops_the_listing() {
    let server = Server::start(|_, _| {
        Reply::Json(200, huawei_page(&["a"], Some("0123456789abcdef01234567")))
    })
    .await;
    let error = accounts(&huawei(&server.base).build().unwrap())
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert!(server.hits() <= 3, "{} requests", server.hits());
}

#[tokio::test]
async fn a_repeated_page_under_new_markers_stops_the_listing() {
    // Every page has the same items under a fresh marker: an endless, duplicating listing.
    let server = Server::start(|n, _| {
        Reply::Json(200, huawei_page(&["a", "b"], Some(&format!("{n:024x}"))))
    })
    .await;
    let error = accounts(&huawei(&server.base).build().unwrap())
        .max_pages(50)
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert!(server.hits() <= 3, "{} requests", server.hits());
}

#[tokio::test]
async fn an_scp_page_repeated_whatever_the_page_number_stops_the_listing() {
    // The server ignores `page` and claims 1,000 items: the same page again and again.
    let body = serde_json::json!({
        "account_assignments": [{"instance_id": "i", "target_account_id": "a",
            "target_account_name": "A", "target_account_email": "a@example.com",
            "principal_id": "p", "principal_name": "n", "principal_type": "USER",
            "role_srn": "r", "permission_sets": []}],
        "count": 1000, "page": 0, "size": 1
    })
    .to_string();
    let server = Server::start(move |_, _| Reply::Json(200, body.clone())).await;
    let error = scp(&server.base)
        .build()
        .unwrap()
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .page_size(1)
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert!(server.hits() <= 3, "{} requests", server.hits());
}

/// Whether a page is sent as it was first sent or in reverse order.
#[derive(Clone, Copy, Debug)]
enum Order {
    Exact,
    Reversed,
}

/// The ids of page `n` of a listing whose page 2 is page 0 again (in `order`).
fn ids_with_page_2_as_page_0(n: usize, order: Order) -> Vec<String> {
    let page = if n == 2 { 0 } else { n };
    let mut ids: Vec<String> = (0..3).map(|i| format!("acct-{page}-{i}")).collect();
    if n == 2
        && let Order::Reversed = order
    {
        ids.reverse();
    }
    ids
}

/// The pages a stream yields before its first error, and that error.
async fn pages_until_error<P>(
    mut pages: impl futures::Stream<Item = Result<P, Error>> + Unpin,
) -> (usize, Error) {
    use futures::StreamExt;
    let mut ok = 0;
    while let Some(page) = pages.next().await {
        match page {
            Ok(_) => ok += 1,
            Err(error) => return (ok, error),
        }
    }
    panic!("the listing ended after {ok} pages without an error");
}

fn is_page_2_repeating_page_0(error: &Error) -> bool {
    matches!(error, Error::Pagination { message } if message.contains("page 2 repeats the items of page 0"))
}

#[tokio::test]
async fn a_huawei_page_repeating_page_0_two_pages_later_stops_the_listing_in_any_order() {
    for order in [Order::Exact, Order::Reversed] {
        // Fresh markers every time: only the items give the repeat away. Each listing below
        // makes three requests, so request n asks for page (n - 1) % 3.
        let server = Server::start(move |n, _| {
            let ids = ids_with_page_2_as_page_0((n - 1) % 3, order);
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            Reply::Json(200, huawei_page(&ids, Some(&format!("{n:024x}"))))
        })
        .await;
        let client = huawei(&server.base).build().unwrap();
        let (pages, error) = pages_until_error(accounts(&client).pages()).await;
        assert_eq!(pages, 2, "{order:?}");
        assert!(is_page_2_repeating_page_0(&error), "{order:?}: {error:?}");
        assert_eq!(
            server.hits(),
            3,
            "{order:?}: nothing fetched after the repeat"
        );

        let error = accounts(&client).collect().await.unwrap_err();
        assert!(is_page_2_repeating_page_0(&error), "{order:?}: {error:?}");
        assert_eq!(server.hits(), 6, "{order:?}");
    }
}

/// The `page` query parameter of a request head.
fn page_param(head: &str) -> usize {
    let target = head.split_whitespace().nth(1).unwrap();
    url::Url::parse(&format!("http://h{target}"))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "page")
        .map_or(0, |(_, v)| v.parse().unwrap())
}

#[tokio::test]
async fn an_scp_page_repeating_page_0_two_pages_later_stops_the_listing_in_any_order() {
    for order in [Order::Exact, Order::Reversed] {
        for concurrency in [1, 4] {
            let server = Server::start(move |_, head| {
                let page = page_param(head);
                let items: Vec<serde_json::Value> = ids_with_page_2_as_page_0(page, order)
                    .iter()
                    .map(|id| {
                        serde_json::json!({"instance_id": "i", "target_account_id": "a",
                            "target_account_name": "A", "target_account_email": "a@example.com",
                            "principal_id": id, "principal_name": id, "principal_type": "USER",
                            "role_srn": "r", "permission_sets": []})
                    })
                    .collect();
                let body = serde_json::json!({"account_assignments": items, "count": 12,
                    "page": page, "size": 3});
                Reply::Json(200, body.to_string())
            })
            .await;
            let client = scp(&server.base).build().unwrap();
            let request = || {
                client
                    .list_account_assignments()
                    .instance_id("i")
                    .target_account_id("a")
                    .page_size(3)
                    .concurrency(concurrency)
            };
            let context = format!("{order:?}, concurrency {concurrency}");
            let (pages, error) = pages_until_error(request().pages()).await;
            assert_eq!(pages, 2, "{context}");
            assert!(is_page_2_repeating_page_0(&error), "{context}: {error:?}");

            let error = request().collect().await.unwrap_err();
            assert!(is_page_2_repeating_page_0(&error), "{context}: {error:?}");
        }
    }
}

#[tokio::test]
async fn an_item_of_the_page_before_stops_the_listing() {
    // Pages that overlap by one item: the last item of each page is the first of the next.
    let server = Server::start(|n, _| {
        let ids = [
            format!("acct-{}", 2 * n),
            format!("acct-{}", 2 * n + 1),
            format!("acct-{}", 2 * n + 2),
        ];
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        Reply::Json(200, huawei_page(&ids, Some(&format!("{n:024x}"))))
    })
    .await;
    let client = huawei(&server.base).build().unwrap();
    let (pages, error) = pages_until_error(accounts(&client).pages()).await;
    assert_eq!(pages, 1);
    assert!(
        matches!(&error, Error::Pagination { message } if message.contains("page 1 repeats an item of page 0")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_marker_of_the_wrong_type_is_a_malformed_response() {
    let server = Server::start(|_, _| {
        Reply::Json(
            200,
            r#"{"account_assignments":[],"page_info":{"next_marker":42}}"#.to_owned(),
        )
    })
    .await;
    let error = accounts(&huawei(&server.base).build().unwrap())
        .collect()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::MalformedResponse { .. }),
        "{error:?}"
    );
    assert_safe(&error);
}

#[tokio::test]
async fn a_malformed_marker_is_the_server_s_fault_not_an_invalid_request() {
    // A marker that is not the documented 24 hex digits, full of escapes. Today the client
    // fails with `InvalidRequest` ("conversion to `Marker` failed"), blaming the caller.
    let server = Server::start(|_, _| {
        Reply::Json(
            200,
            huawei_page(&["a"], Some("\u{1b}]0;pwned\u{7}\nerror: fake")),
        )
    })
    .await;
    let error = accounts(&huawei(&server.base).build().unwrap())
        .collect()
        .await
        .unwrap_err();
    // The service broke the spec's marker rule: a malformed response, not a paging fault.
    assert!(
        matches!(error, Error::MalformedResponse { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("invalid next marker"), "{error}");
    assert_safe(&error);
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_secret_handed_out_as_a_marker_is_not_repeated_in_the_error() {
    // Not a valid IdentityCenter marker (24 hex digits): a malformed response, which names the
    // broken rule but not the marker.
    let server = Server::start(|_, _| Reply::Json(200, huawei_page(&["a"], Some(TOKEN)))).await;
    let error = accounts(&huawei(&server.base).build().unwrap())
        .collect()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::MalformedResponse { .. }),
        "{error:?}"
    );
    // 24 characters, as the rule wants, but not hex: the rule whose sentence quotes the value.
    assert_eq!(TOKEN.len(), 24);
    assert!(
        error.to_string().contains("marker does not match"),
        "{error}"
    );
    assert_safe(&error);
    assert!(!error.to_string().contains("hostile-1"), "{error}");

    // Organizations takes any marker of 4 to 400 characters: handed out twice, it is a
    // pagination error, which does not repeat it either.
    let server = Server::start(|n, _| {
        let body = serde_json::json!({
            "accounts": [{"id": format!("acct-{n}"), "name": "A", "urn": "u", "join_method": "invited",
                          "joined_at": "2026-01-10T00:00:00Z"}],
            "page_info": {"next_marker": TOKEN, "current_count": 1}
        });
        Reply::Json(200, body.to_string())
    })
    .await;
    let error = huawei(&server.base)
        .build()
        .unwrap()
        .organizations()
        .unwrap()
        .list_accounts()
        .collect()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Pagination { message } if message.contains("returned a marker again")),
        "{error:?}"
    );
    assert_safe(&error);
}

#[tokio::test]
async fn an_absurd_marker_is_refused_before_it_is_sent_back() {
    // A 1 MiB marker would be sent back in the next request's URL.
    let server = Server::start(|n, _| {
        let marker = if n == 1 {
            "a".repeat(1 << 20)
        } else {
            format!("{n:024x}")
        };
        Reply::Json(200, huawei_page(&["a"], Some(&marker)))
    })
    .await;
    let error = accounts(&huawei(&server.base).build().unwrap())
        .collect()
        .await
        .unwrap_err();
    // The service broke the spec's marker rule: its fault, and nothing is sent back.
    assert!(
        matches!(error, Error::MalformedResponse { .. }),
        "{error:?}"
    );
    assert_eq!(server.hits(), 1);
}
