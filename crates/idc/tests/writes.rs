//! Writes against local servers: an operation that may not be repeated (CreateAccountAssignment)
//! is sent exactly once whatever breaks after it may have reached the service, and fails with
//! `Error::OutcomeUnknown` naming the read that tells; it is retried when it provably was not
//! sent (a refused connection) or was throttled (429); an operation that may be repeated
//! (DeleteAccountAssignment, a POST marked safe) still retries on 503. And the waiters of the
//! asynchronous operations (`send_and_wait`, `wait`), against a scripted status.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use idc::Error;
use idc::config::Timeouts;
use idc::error::TimeoutKind;
use idc::huawei::{Client, Credentials};
use idc::wait::WaitOptions;
use serde_json::json;
use support::{Recorded, Reply, Server, quick_retries};
use tokio::io::AsyncReadExt;

#[path = "writes/waiters.rs"]
mod waiters;

const CREATE: &str = "/v1/instances/ins-1/account-assignments/create";

fn client_at(base_url: &str) -> Client {
    builder(base_url).build().unwrap()
}

fn builder(base_url: &str) -> idc::huawei::ClientBuilder {
    Client::builder()
        .endpoint(base_url)
        .credentials(Credentials::new("HUAWEIAK", "huawei-secret").with_domain_id("domain-1"))
        .retry_policy(quick_retries(4))
}

/// The builder of an assignment's creation or deletion, with the assignment of every test.
macro_rules! assignment {
    ($builder:expr) => {
        $builder
            .instance_id("ins-1")
            .permission_set_id("ps-389b8cf93d6aa3ad")
            .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
            .principal_type("USER")
            .target_id("8c1eef3a241945f69c3d3a6b0252e783")
            .target_type("ACCOUNT")
    };
}

fn create(client: &Client) -> idc::huawei::CreateAccountAssignment {
    assignment!(client.create_account_assignment())
}

/// The answer of a create: the request's status, `IN_PROGRESS`.
fn accepted(request_id: &str) -> Reply {
    Reply::json(
        200,
        json!({"account_assignment_creation_status": {"request_id": request_id, "status": "IN_PROGRESS"}}),
    )
}

/// A server on loopback that reads each request whole, counts those whose request line contains
/// `counted`, and closes the connection without answering: the service may have done the work,
/// the client cannot know.
async fn dropping_server(counted: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                // The head, then as much body as it declares.
                let head_end = loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    request.extend_from_slice(&chunk[..n]);
                    if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                        break at + 4;
                    }
                };
                let head = String::from_utf8_lossy(&request[..head_end]).to_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(0);
                while request.len() < head_end + length {
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                if head.lines().next().is_some_and(|l| l.contains(counted)) {
                    seen.fetch_add(1, Ordering::SeqCst);
                }
                // Dropping the socket closes the connection with no answer.
                drop(socket);
            });
        }
    });
    (base_url, count)
}

/// Checks that `result` is the create's `OutcomeUnknown` naming its read, and returns what failed.
fn assert_outcome_unknown(result: Result<impl std::fmt::Debug, Error>) -> Error {
    let error = result.expect_err("the create must fail");
    let message = error.to_string();
    assert!(!error.is_retryable());
    let Error::OutcomeUnknown {
        operation,
        read,
        source,
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        (operation, read),
        ("CreateAccountAssignment", "ListAccountAssignments")
    );
    assert!(
        message.contains("outcome of CreateAccountAssignment is unknown"),
        "{message}"
    );
    assert!(message.contains("call ListAccountAssignments"), "{message}");
    *source
}

/// A create the server answers only after 3 seconds, under `timeouts`: what failed, and how many
/// creates reached the server.
async fn slow_create(timeouts: Timeouts) -> (Error, usize) {
    let server =
        Server::start(|_: &Recorded, _| accepted("r-1").delayed(Duration::from_secs(3))).await;
    let client = builder(&server.base_url)
        .timeouts(timeouts)
        .build()
        .unwrap();
    let source = assert_outcome_unknown(create(&client).send().await);
    (source, server.count())
}

#[tokio::test]
async fn a_create_whose_connection_drops_after_sending_reaches_the_service_once() {
    let (base_url, creates) = dropping_server("/account-assignments/create").await;
    let source = assert_outcome_unknown(create(&client_at(&base_url)).send().await);
    assert!(matches!(source, Error::Transport { .. }), "{source:?}");
    assert_eq!(creates.load(Ordering::SeqCst), 1, "exactly one create");
}

#[tokio::test]
async fn a_create_that_times_out_reaches_the_service_once() {
    let limit = Timeouts::default().with_attempt(Duration::from_millis(300));
    let (source, creates) = slow_create(limit).await;
    let kind = matches!(source, Error::Timeout { kind, .. } if kind == TimeoutKind::Attempt);
    assert!(kind, "{source:?}");
    assert_eq!(creates, 1, "exactly one create");
}

#[tokio::test]
async fn a_create_cut_by_the_operation_limit_is_an_unknown_outcome() {
    let limit = Timeouts::default()
        .with_attempt(Duration::from_secs(10))
        .with_operation(Duration::from_millis(300));
    let (source, creates) = slow_create(limit).await;
    let kind = matches!(source, Error::Timeout { kind, .. } if kind == TimeoutKind::Operation);
    assert!(kind, "{source:?}");
    assert_eq!(creates, 1);
}

#[tokio::test]
async fn a_create_answered_503_is_not_sent_again() {
    let server = Server::start(|_: &Recorded, _| {
        Reply::json(
            503,
            json!({"error_code": "IIC.5000", "error_msg": "busy", "request_id": "rq-9"}),
        )
    })
    .await;
    let source = assert_outcome_unknown(create(&client_at(&server.base_url)).send().await);
    assert_eq!(source.status(), Some(503), "{source:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_create_refused_by_the_service_is_its_answer_and_not_sent_again() {
    let server = Server::start(|_: &Recorded, _| {
        Reply::json(
            409,
            json!({"error_code": "IIC.1006", "error_msg": "conflict"}),
        )
    })
    .await;
    let error = create(&client_at(&server.base_url))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("IIC.1006"), "{error:?}");
    assert_eq!(
        server.count(),
        1,
        "a write is not repeated even on a retryable conflict"
    );
}

#[tokio::test]
async fn a_throttled_create_is_retried() {
    let server = Server::start(|_: &Recorded, index| {
        if index == 0 {
            Reply::json(
                429,
                json!({"error_code": "APIG.0308", "error_msg": "slow down"}),
            )
        } else {
            accepted("r-2")
        }
    })
    .await;
    let status = create(&client_at(&server.base_url)).send().await.unwrap();
    let request_id = status
        .account_assignment_creation_status
        .and_then(|s| s.request_id);
    assert_eq!(request_id.as_deref(), Some("r-2"));
    assert_eq!(server.count(), 2, "the 429 and the retry");
}

/// A resolver for `localhost` that answers 127.0.0.2 (where nothing listens: the connection is
/// refused) the first time and 127.0.0.1 afterwards, counting the lookups: one per attempt.
#[derive(Clone, Default)]
struct RefuseFirst(Arc<AtomicUsize>);

impl reqwest::dns::Resolve for RefuseFirst {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let first = self.0.fetch_add(1, Ordering::SeqCst) == 0;
        let ip = if first {
            [127, 0, 0, 2]
        } else {
            [127, 0, 0, 1]
        };
        let addrs: reqwest::dns::Addrs = Box::new(std::iter::once(SocketAddr::from((ip, 0))));
        Box::pin(async move { Ok(addrs) })
    }
}

#[tokio::test]
async fn a_create_whose_connection_is_refused_is_retried() {
    let server = Server::start(|_: &Recorded, _| accepted("r-3")).await;
    let port = server.base_url.rsplit(':').next().unwrap().to_owned();
    let lookups = RefuseFirst::default();
    let client = builder(&format!("http://localhost:{port}"))
        .http_client(reqwest::Client::builder().dns_resolver(Arc::new(lookups.clone())))
        .build()
        .unwrap();
    let status = create(&client).send().await.unwrap();
    assert!(status.account_assignment_creation_status.is_some());
    assert_eq!(lookups.0.load(Ordering::SeqCst), 2, "refused, then retried");
    assert_eq!(server.count(), 1, "the one attempt that connected");
}

#[tokio::test]
async fn a_write_that_may_be_repeated_still_retries_on_503() {
    let server = Server::start(|_: &Recorded, index| {
        if index == 0 {
            Reply::json(503, json!({"error_code": "IIC.5000", "error_msg": "busy"}))
        } else {
            Reply::json(
                200,
                json!({"account_assignment_deletion_status": {"request_id": "d-1", "status": "IN_PROGRESS"}}),
            )
        }
    })
    .await;
    let client = client_at(&server.base_url);
    let status = assignment!(client.delete_account_assignment())
        .send()
        .await
        .unwrap();
    assert!(status.account_assignment_deletion_status.is_some());
    assert_eq!(
        server.count(),
        2,
        "DeleteAccountAssignment (x-idc-retry: safe) retried"
    );
    let posts: Vec<_> = server.requests().into_iter().map(|r| r.method).collect();
    assert!(posts.iter().all(|m| m == "POST"), "{posts:?}");
}

/// A waiter's options for tests: quick polls, a limit of `timeout_ms`.
fn quick_wait(timeout_ms: u64) -> WaitOptions {
    WaitOptions::default()
        .with_timeout(Duration::from_millis(timeout_ms))
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}
