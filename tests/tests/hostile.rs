//! The client against a hostile server: a raw HTTP server on 127.0.0.1 that redirects elsewhere,
//! sends huge or endless bodies, escape sequences, echoed secrets, repeated pages, malformed
//! markers, and headers a byte at a time. Nothing here touches the network beyond loopback.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use idc::config::Timeouts;
use idc::retry::RetryPolicy;
use idc::{Error, PrincipalType};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

const SECRET_KEY: &str = "SECRET-KEY-hostile-1";
const TOKEN: &str = "SECURITY-TOKEN-hostile-1";

/// What the server answers to a request.
#[derive(Clone, Debug)]
enum Reply {
    /// These bytes, then the connection is closed.
    Raw(Vec<u8>),
    /// A status and a JSON body.
    Json(u16, String),
    /// A status line and headers, then chunks of `x` forever (until the client leaves).
    Endless(u16),
    /// A status line, a `Content-Length` and bytes forever.
    Declared(u16, u64),
    /// The status line and headers, one byte every 100 ms.
    SlowHeaders,
}

/// A hostile server: answers request number `n` (from 1) with `reply(n, request head)`.
struct Server {
    base: String,
    hits: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    async fn start(reply: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let reply = Arc::new(reply);
        let (h, r) = (hits.clone(), heads.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (h, r, reply) = (h.clone(), r.clone(), reply.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, h, r, reply).await;
                });
            }
        });
        Self { base, hits, heads }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    hits: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
    reply: Arc<impl Fn(usize, &str) -> Reply>,
) -> std::io::Result<()> {
    let Some(head) = idc_tests::read_head(&mut stream).await? else {
        return Ok(());
    };
    let n = hits.fetch_add(1, Ordering::SeqCst) + 1;
    let head = String::from_utf8_lossy(&head).into_owned();
    heads.lock().unwrap().push(head.clone());
    match reply(n, &head) {
        Reply::Raw(bytes) => stream.write_all(&bytes).await?,
        Reply::Json(status, body) => {
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).await?;
        }
        Reply::Endless(status) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                 transfer-encoding: chunked\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
            loop {
                stream.write_all(chunk.as_bytes()).await?;
            }
        }
        Reply::Declared(status, length) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b'x'; 0x10000];
            loop {
                stream.write_all(&chunk).await?;
            }
        }
        Reply::SlowHeaders => {
            for byte in b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter() {
                stream.write_all(&[*byte]).await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    stream.shutdown().await
}

/// A listener that only counts connections: where a redirect points. Nothing may arrive.
async fn elsewhere() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                .await;
        }
    });
    (base, connections)
}

fn no_retries() -> RetryPolicy {
    RetryPolicy::disabled()
}

fn huawei(base: &str) -> idc::huawei::ClientBuilder {
    idc::huawei::Client::builder()
        .endpoint(base)
        .credentials(
            idc::huawei::Credentials::new("AK-hostile", SECRET_KEY).with_security_token(TOKEN),
        )
        .retry_policy(no_retries())
        .timeouts(
            Timeouts::default()
                .with_attempt(Duration::from_secs(20))
                .with_operation(Duration::from_secs(30)),
        )
}

fn scp(base: &str) -> idc::scp::ClientBuilder {
    idc::scp::Client::builder()
        .endpoint(base)
        .credentials(idc::scp::Credentials::new("ak-hostile", SECRET_KEY).with_auth_token(TOKEN))
        .retry_policy(no_retries())
}

fn accounts(client: &idc::huawei::Client) -> idc::huawei::ListAccountAssignmentsForPrincipal {
    client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::User)
}

async fn huawei_send(client: &idc::huawei::Client) -> Result<usize, Error> {
    accounts(client).send().await.map(|page| page.items.len())
}

/// A Huawei page of `items` account assignments (each with `id` in its account id).
fn huawei_page(ids: &[&str], next_marker: Option<&str>) -> String {
    let items: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({"account_id": id, "permission_set_id": "ps-1",
                "principal_id": "p-1", "principal_type": "USER"})
        })
        .collect();
    serde_json::json!({
        "account_assignments": items,
        "page_info": {"next_marker": next_marker, "current_count": ids.len()}
    })
    .to_string()
}

/// No terminal control character, and no secret, anywhere in what an error shows.
fn assert_safe(error: &Error) {
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(
            !shown.chars().any(char::is_control),
            "control character in {shown:?}"
        );
        assert!(!shown.contains(SECRET_KEY), "secret key in {shown}");
        assert!(!shown.contains(TOKEN), "token in {shown}");
    }
    if let Some(service) = error.service_error() {
        let body = service.body_text();
        assert!(
            !body.contains(SECRET_KEY) && !body.contains(TOKEN),
            "{body}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_redirect_to_another_host_is_an_error_and_nothing_reaches_that_host() {
    let (target, arrived) = elsewhere().await;
    for status in [301u16, 302, 303, 307, 308] {
        let location = format!("{target}/steal?status={status}");
        let server = Server::start(move |_, _| {
            Reply::Raw(
                format!(
                    "HTTP/1.1 {status} Moved\r\nlocation: {location}\r\ncontent-length: 0\r\n\
                     connection: close\r\n\r\n"
                )
                .into_bytes(),
            )
        })
        .await;
        // Our own HTTP client, and a caller's builder left at reqwest's default (follow 10).
        let clients = [
            huawei(&server.base).build().unwrap(),
            huawei(&server.base)
                .http_client(reqwest::Client::builder())
                .build()
                .unwrap(),
        ];
        for client in &clients {
            let error = huawei_send(client).await.unwrap_err();
            let Error::Redirect {
                status: got,
                location: Some(got_location),
            } = &error
            else {
                panic!("{status}: {error:?}")
            };
            assert_eq!(*got, status);
            assert!(got_location.starts_with(&target), "{got_location}");
            assert!(!error.is_retryable());
            assert!(error.to_string().contains(&target), "{error}");
            assert_safe(&error);
        }
        assert_eq!(server.hits(), 2, "one request per client, not retried");
        // The signed headers went to the server we asked, and only there.
        assert!(server.heads.lock().unwrap()[0].contains(TOKEN));
    }
    // The SCP client too.
    let location = format!("{target}/steal");
    let server = Server::start(move |_, _| {
        Reply::Raw(
            format!("HTTP/1.1 307 X\r\nlocation: {location}\r\ncontent-length: 0\r\n\r\n")
                .into_bytes(),
        )
    })
    .await;
    let error = scp(&server.base)
        .build()
        .unwrap()
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Redirect { status: 307, .. }),
        "{error:?}"
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        arrived.load(Ordering::SeqCst),
        0,
        "the other host received a connection"
    );
}

#[tokio::test]
async fn a_redirect_location_with_escapes_is_shown_escaped() {
    let server = Server::start(|_, _| {
        Reply::Raw(
            b"HTTP/1.1 302 X\r\nlocation: http://x.example/\xc2\x9b2J\xc2\x9d0;title\r\ncontent-length: 0\r\n\r\n"
                .to_vec(),
        )
    })
    .await;
    let error = huawei_send(&huawei(&server.base).build().unwrap())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Redirect { status: 302, .. }),
        "{error:?}"
    );
    assert_safe(&error);
    assert!(error.to_string().contains("\\u{9b}2J"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_declared_2_gb_body_is_refused_before_reading() {
    let server = Server::start(|_, _| Reply::Declared(200, 2_000_000_000)).await;
    let started = Instant::now();
    let error = huawei_send(&huawei(&server.base).build().unwrap())
        .await
        .unwrap_err();
    let Error::ResponseTooLarge {
        status,
        limit,
        declared_length,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (*status, *limit, *declared_length),
        (
            200,
            idc::config::DEFAULT_MAX_RESPONSE_BYTES,
            Some(2_000_000_000)
        )
    );
    assert!(!error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(10));
    // The message names the operation whose answer was too large.
    assert!(
        error
            .to_string()
            .contains("the response of ListAccountAssignmentsForPrincipal (HTTP 200)"),
        "{error}"
    );
}

#[tokio::test]
async fn an_endless_body_stops_at_the_cap() {
    let server = Server::start(|_, _| Reply::Endless(200)).await;
    for (limit, client) in [
        (
            1 << 20,
            huawei(&server.base)
                .max_response_bytes(1 << 20)
                .build()
                .unwrap(),
        ),
        (
            idc::config::DEFAULT_MAX_RESPONSE_BYTES,
            huawei(&server.base).build().unwrap(),
        ),
    ] {
        let error = huawei_send(&client).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::ResponseTooLarge { status: 200, limit: l, declared_length: None, .. } if l == limit
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains(&limit.to_string()), "{error}");
    }
    // A page under the cap is still read whole.
    let page = huawei_page(&["a1", "a2"], None);
    let server = Server::start(move |_, _| Reply::Json(200, page.clone())).await;
    let client = huawei(&server.base)
        .max_response_bytes(1 << 10)
        .build()
        .unwrap();
    assert_eq!(huawei_send(&client).await.unwrap(), 2);
    let client = huawei(&server.base)
        .max_response_bytes(100)
        .build()
        .unwrap();
    assert!(matches!(
        huawei_send(&client).await,
        Err(Error::ResponseTooLarge { .. })
    ));
}

#[tokio::test]
async fn a_huge_error_body_keeps_only_an_excerpt() {
    for reply in [Reply::Endless(500), Reply::Declared(503, 1_500_000_000)] {
        let server = Server::start(move |_, _| reply.clone()).await;
        let error = huawei_send(&huawei(&server.base).build().unwrap())
            .await
            .unwrap_err();
        let service = error.service_error().unwrap_or_else(|| panic!("{error:?}"));
        assert!(service.body_truncated, "{error:?}");
        assert_eq!(service.raw_body.len(), idc::config::MAX_ERROR_BODY_BYTES);
        assert!(
            error.to_string().len() < 1_000,
            "{} bytes shown",
            error.to_string().len()
        );
        assert!(format!("{error:?}").len() < 2_000);
        assert_eq!(server.hits(), 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Escapes and secrets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn escapes_in_errors_are_neutralised_and_echoed_secrets_scrubbed() {
    // What a careless gateway does: echo the canonical request, token included, with escapes.
    let message = format!(
        "bad signature \u{1b}]0;pwned\u{7}\u{1b}[2J canonical: x-security-token:{TOKEN}\n\
         sk={SECRET_KEY}\r\nerror: fake line\u{9b}31m"
    );
    let body = serde_json::json!({
        "error_code": "APIGW.0301\u{1b}[5m",
        "error_msg": message,
        "request_id": "r\u{7}1",
    })
    .to_string();
    let server = Server::start(move |_, _| Reply::Json(401, body.clone())).await;
    let error = huawei_send(&huawei(&server.base).build().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Authentication(_)), "{error:?}");
    assert_safe(&error);
    let shown = error.to_string();
    assert!(shown.contains("x-security-token:***"), "{shown}");
    assert!(shown.contains("\\nsk=***"), "{shown}");

    // SCP: details, and a body that is not JSON.
    let body = format!(
        "{{\"errors\":[{{\"code\":\"E\",\"title\":\"t\u{1b}[2J\",\"detail\":[\"auth {TOKEN}\",\"\\u001b]0;x\"]}}]}}"
    );
    let server = Server::start(move |n, _| {
        if n == 1 {
            Reply::Json(400, body.clone())
        } else {
            Reply::Json(400, format!("<html>\u{1b}[2J {SECRET_KEY}</html>"))
        }
    })
    .await;
    let client = scp(&server.base).build().unwrap();
    for _ in 0..2 {
        let error = client
            .list_account_assignments()
            .instance_id("i")
            .target_account_id("a")
            .send()
            .await
            .unwrap_err();
        assert!(error.service_error().is_some(), "{error:?}");
        assert_safe(&error);
    }
}

#[tokio::test]
async fn escapes_in_data_reach_the_caller_exactly() {
    let hostile = "acct\u{1b}]0;pwned\u{7}\n=HYPERLINK(\"x\")";
    let page = huawei_page(&[hostile], None);
    let server = Server::start(move |_, _| Reply::Json(200, page.clone())).await;
    let items = accounts(&huawei(&server.base).build().unwrap())
        .collect()
        .await
        .unwrap();
    // The library does not alter data: escaping is the job of whatever displays it.
    assert_eq!(items[0].account_id, hostile);
}

// ---------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Slow headers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn headers_sent_a_byte_at_a_time_hit_the_attempt_timeout() {
    let server = Server::start(|_, _| Reply::SlowHeaders).await;
    let client = huawei(&server.base)
        .timeouts(
            Timeouts::default()
                .with_attempt(Duration::from_millis(500))
                .with_operation(Duration::from_secs(5)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = huawei_send(&client).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
