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

#[tokio::test]
async fn retryable_failures_are_retried_and_each_attempt_is_signed_anew() {
    let server = Server::start(|req: &Recorded, i| {
        if i < 2 {
            Reply::json(
                503,
                json!({"error_code": "APIGW.0502", "error_msg": "busy"}),
            )
        } else {
            paged_accounts(3)(req, i)
        }
    })
    .await;
    let clock = TickingClock::starting_at(UNIX_EPOCH + Duration::from_secs(1_790_000_000));
    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .retry_policy(quick_retries(3))
        .clock(clock)
        .build()
        .unwrap();
    let items = accounts(&client).collect().await.unwrap();
    assert_eq!(items.len(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let dates: Vec<_> = requests
        .iter()
        .map(|r| r.header("x-sdk-date").unwrap())
        .collect();
    let auths: Vec<_> = requests
        .iter()
        .map(|r| r.header("authorization").unwrap())
        .collect();
    assert!(dates[0] != dates[1] && dates[1] != dates[2], "{dates:?}");
    assert!(
        auths[0] != auths[1] && auths[1] != auths[2],
        "each attempt is re-signed"
    );
}

#[tokio::test]
async fn retries_give_up_after_the_limit() {
    let server = Server::start(|_, _| {
        Reply::json(
            500,
            json!({"error_code": "IIC.1500", "error_msg": "internal"}),
        )
    })
    .await;
    let err = accounts(&client(&server)).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status, 500);
    assert_eq!(server.count(), 3, "3 attempts by default");

    let once = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .build()
        .unwrap();
    accounts(&once).send().await.unwrap_err();
    assert_eq!(server.count(), 4, "one more attempt only");
}

#[tokio::test]
async fn concurrency_conflicts_are_retried_other_client_errors_are_not() {
    let server = Server::start(|req: &Recorded, i| match i {
        0 => Reply::json(
            409,
            json!({"error_code": "IIC.1006", "error_msg": "conflict"}),
        ),
        _ => paged_accounts(1)(req, i),
    })
    .await;
    assert_eq!(accounts(&client(&server)).collect().await.unwrap().len(), 1);
    assert_eq!(server.count(), 2);

    use idc::error::codes::huawei;
    for (status, code) in [
        (400, huawei::INVALID_PARAMETER),
        (403, huawei::FORBIDDEN),
        (404, "IIC.1404"),
    ] {
        let server = Server::start(move |_, _| {
            Reply::json(
                status,
                json!({"error_code": code, "error_msg": "no", "request_id": "rq"}),
            )
        })
        .await;
        let err = accounts(&client(&server)).send().await.unwrap_err();
        let Error::Service(e) = &err else {
            panic!("{err:?}")
        };
        assert_eq!((e.status, e.code.as_deref()), (status, Some(code)));
        assert_eq!(err.request_id(), Some("rq"));
        // The AWS SDK's error-metadata habit: the same facts without matching on the variant.
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), Some("no"));
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.count(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn is_not_found_tells_a_missing_resource_from_a_missing_api() {
    for (status, code, expected) in [
        (
            404,
            Some(idc::error::codes::huawei::INSTANCE_NOT_FOUND),
            true,
        ),
        (404, Some(idc::error::codes::huawei::USER_NOT_FOUND), true),
        (404, None, true),
        (404, Some(idc::error::codes::huawei::API_NOT_FOUND), false),
        (
            400,
            Some(idc::error::codes::huawei::INVALID_PARAMETER),
            false,
        ),
    ] {
        let body = match code {
            Some(code) => json!({"error_code": code, "error_msg": "no"}),
            None => json!({}),
        };
        let server = Server::start(move |_, _| Reply::json(status, body.clone())).await;
        let err = accounts(&client(&server)).send().await.unwrap_err();
        assert_eq!(err.is_not_found(), expected, "{status} {code:?}: {err}");
    }
    let timeout = Error::Timeout {
        kind: idc::error::TimeoutKind::Attempt,
        after: Duration::from_secs(1),
    };
    assert!(!timeout.is_not_found());
}

#[tokio::test]
async fn a_429_or_503_is_retried_after_its_retry_after_and_a_500_s_is_ignored() {
    // 429 and 503 (RFC 9110: Retry-After says how long the service expects to be unavailable)
    // honour it; the quick policy's jittered backoff is a few milliseconds, so a wait of a second
    // can only come from the header.
    for (status, code, honoured) in [
        (429, "APIG.0308", true),
        (503, "APIG.0202", true),
        (500, "APIG.0202", false),
    ] {
        let server = Server::start(move |req: &Recorded, i| match i {
            0 => Reply::json(status, json!({"error_code": code, "error_msg": "busy"}))
                .header("retry-after", "1"),
            _ => paged_accounts(1)(req, i),
        })
        .await;
        let client = Client::builder()
            .endpoint(&server.base_url)
            .credentials(credentials())
            .retry_policy(quick_retries(3).with_max_backoff(Duration::from_secs(5)))
            .build()
            .unwrap();
        accounts(&client).collect().await.unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), 2, "{status}");
        let waited = requests[1].at - requests[0].at;
        if honoured {
            assert!(
                waited >= Duration::from_millis(950),
                "{status}: waited {waited:?}, Retry-After said 1s"
            );
        } else {
            assert!(
                waited < Duration::from_millis(500),
                "{status}: waited {waited:?}; Retry-After is not read on a 500"
            );
        }
    }
}

#[tokio::test]
async fn a_503_s_retry_after_is_capped_and_reported() {
    let server = Server::start(|_, _| {
        Reply::json(503, json!({"error_code": "APIG.0202", "error_msg": "busy"}))
            .header("retry-after", "86400")
    })
    .await;
    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .retry_policy(quick_retries(2).with_max_backoff(Duration::from_millis(200)))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = accounts(&client).send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the wait is capped by max_backoff"
    );
    assert_eq!(server.count(), 2);
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    assert_eq!(
        err.retry_after(),
        Some(Duration::from_secs(3600)),
        "at most an hour is kept"
    );
}

#[tokio::test]
async fn throttling_that_persists_is_reported_as_throttled() {
    let server = Server::start(|_, _| {
        Reply::json(
            429,
            json!({"error_code": "APIG.0308", "error_msg": "slow down"}),
        )
        .header("retry-after", "0")
    })
    .await;
    let err = accounts(&client(&server)).send().await.unwrap_err();
    let Error::Throttled { retry_after, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Some(Duration::ZERO));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_rejected_signature_is_an_authentication_error_and_not_retried() {
    let server = Server::start(|_, _| {
        Reply::json(401, json!({"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information", "request_id": "r-401"}))
    })
    .await;
    let err = accounts(&client(&server)).send().await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert!(err.to_string().contains("APIGW.0301"), "{err}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_malformed_success_body_is_a_typed_error_with_an_excerpt() {
    let server = Server::start(|_, _| Reply::raw(200, "{\"account_assignments\": [tru")).await;
    let err = accounts(&client(&server)).send().await.unwrap_err();
    let Error::MalformedResponse {
        status,
        body_excerpt,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 200);
    assert!(
        body_excerpt.starts_with("{\"account_assignments\""),
        "{body_excerpt}"
    );
    assert_eq!(server.count(), 1, "not retried");

    let server = Server::start(|_, _| {
        Reply::json(
            200,
            json!({"account_assignments": [{"account_id": 5}], "page_info": {}}),
        )
    })
    .await;
    let err = accounts(&client(&server)).send().await.unwrap_err();
    assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
}

#[tokio::test]
async fn attempt_and_operation_timeouts() {
    let server = Server::start(|req: &Recorded, i| {
        paged_accounts(1)(req, i).delayed(Duration::from_millis(500))
    })
    .await;
    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .retry_policy(quick_retries(2))
        .timeouts(Timeouts::default().with_attempt(Duration::from_millis(100)))
        .build()
        .unwrap();
    let err = accounts(&client).send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.count(), 2, "an attempt timeout is retried");

    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .timeouts(
            Timeouts::default()
                .with_attempt(Duration::from_secs(5))
                .with_operation(Duration::from_millis(100)),
        )
        .build()
        .unwrap();
    let err = accounts(&client).send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Operation,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_retryable());
}

/// A loopback address whose accept queue is full, so that a new connection hangs in the SYN
/// stage until the client gives up (Linux drops the SYN of a listener whose queue is full), and
/// the listener and connections that keep it so.
async fn unconnectable() -> (
    std::net::SocketAddr,
    tokio::net::TcpListener,
    Vec<tokio::net::TcpStream>,
) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    // Never accepted: fill the queue until a connection no longer completes.
    let mut held = Vec::new();
    while let Ok(Ok(stream)) = tokio::time::timeout(
        Duration::from_millis(200),
        tokio::net::TcpStream::connect(addr),
    )
    .await
    {
        held.push(stream);
        assert!(held.len() < 64, "the accept queue never filled up");
    }
    (addr, listener, held)
}

#[tokio::test]
async fn a_connect_timeout_is_reported_as_such_with_its_own_limit() {
    let (addr, _listener, _held) = unconnectable().await;
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(credentials())
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .timeouts(
            Timeouts::default()
                .with_connect(Duration::from_millis(300))
                .with_attempt(Duration::from_secs(20))
                .with_operation(Duration::from_secs(30)),
        )
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = accounts(&client).send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Connect,
                after,
            } if after == Duration::from_millis(300)
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "connecting timed out after 300ms");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_timeout_of_the_caller_s_http_client_reports_how_long_the_attempt_took() {
    let server = Server::start(|req: &Recorded, i| {
        paged_accounts(1)(req, i).delayed(Duration::from_secs(5))
    })
    .await;
    let client = Client::builder()
        .endpoint(&server.base_url)
        .credentials(credentials())
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .http_client(
            idc::tls::http_client_builder()
                .unwrap()
                .timeout(Duration::from_millis(300)),
        )
        .build()
        .unwrap();
    let err = accounts(&client).send().await.unwrap_err();
    let Error::Timeout {
        kind: TimeoutKind::Attempt,
        after,
    } = err
    else {
        panic!("{err:?}")
    };
    // Not the default attempt limit (30 s): the time the attempt took, to the millisecond.
    assert!(
        after >= Duration::from_millis(300) && after < Duration::from_secs(4),
        "{after:?}"
    );
    assert_eq!(after.subsec_nanos() % 1_000_000, 0, "{after:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .endpoint(url)
        .credentials(credentials())
        .retry_policy(quick_retries(2))
        .build()
        .unwrap();
    let err = accounts(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
}

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
