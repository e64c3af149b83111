//! Attempt, operation and connect timeouts, and refused connections.

use super::*;

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
