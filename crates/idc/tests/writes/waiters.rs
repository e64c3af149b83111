//! The waiters of Huawei's asynchronous operations against a scripted service: CreateAccountAssignment
//! answers `IN_PROGRESS` with a request id, DescribeAccountAssignmentCreationStatus answers what each
//! test scripts.

use super::*;

/// A service whose create answers `IN_PROGRESS` for request `r-1`, and whose status operation
/// answers `script(n)` to its `n`-th poll (0-based).
async fn scripted(script: impl Fn(usize) -> Reply + Send + Sync + 'static) -> Server {
    let polls = AtomicUsize::new(0);
    Server::start(move |r: &Recorded, _| {
        if r.path == CREATE {
            accepted("r-1")
        } else {
            script(polls.fetch_add(1, Ordering::SeqCst))
        }
    })
    .await
}

fn status(status: &str, reason: Option<&str>) -> Reply {
    Reply::json(
        200,
        json!({"account_assignment_creation_status": {
            "request_id": "r-1", "status": status, "failure_reason": reason}}),
    )
}

/// The status of a waiter's final answer.
fn final_status(
    answer: idc_raw::huawei_identitycenter::types::DescribeAccountAssignmentCreationStatusResponse,
) -> Option<String> {
    answer
        .account_assignment_creation_status
        .and_then(|s| s.status)
}

fn status_polls(server: &Server) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.path != CREATE)
        .map(|r| r.path)
        .collect()
}

#[tokio::test]
async fn send_and_wait_polls_the_status_until_it_succeeds() {
    let server = scripted(|n| {
        if n < 2 {
            status("IN_PROGRESS", None)
        } else {
            status("SUCCEEDED", None)
        }
    })
    .await;
    let done = create(&client_at(&server.base_url))
        .send_and_wait_with(quick_wait(10_000))
        .await
        .unwrap();
    assert_eq!(final_status(done).as_deref(), Some("SUCCEEDED"));
    let polls = status_polls(&server);
    assert_eq!(polls.len(), 3, "{polls:?}");
    assert!(
        polls
            .iter()
            .all(|p| p == "/v1/instances/ins-1/account-assignments/creation-status/r-1"),
        "the create's instance and request id: {polls:?}"
    );
}

#[tokio::test]
async fn a_failed_status_is_an_error_with_its_reason() {
    let server = scripted(|n| {
        if n == 0 {
            status("IN_PROGRESS", None)
        } else {
            status("FAILED", Some("the principal does not exist"))
        }
    })
    .await;
    let result = create(&client_at(&server.base_url))
        .send_and_wait_with(quick_wait(10_000))
        .await;
    let Err(Error::WaitFailed {
        operation,
        request_id,
        status,
        reason,
    }) = &result
    else {
        panic!("{result:?}")
    };
    assert_eq!(*operation, "DescribeAccountAssignmentCreationStatus");
    assert_eq!(
        (request_id.as_str(), status.as_str(), reason.as_deref()),
        ("r-1", "FAILED", Some("the principal does not exist"))
    );
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("the principal does not exist"),
        "{message}"
    );
    assert_eq!(status_polls(&server).len(), 2, "no poll after the failure");
}

#[tokio::test]
async fn the_overall_limit_ends_the_wait_with_the_last_status() {
    let server = scripted(|_| status("IN_PROGRESS", None)).await;
    let started = std::time::Instant::now();
    let result = create(&client_at(&server.base_url))
        .send_and_wait_with(quick_wait(200))
        .await;
    let Err(Error::WaitTimedOut {
        request_id,
        last_status,
        waited,
        ..
    }) = &result
    else {
        panic!("{result:?}")
    };
    assert_eq!(request_id, "r-1");
    assert_eq!(last_status.as_deref(), Some("IN_PROGRESS"));
    assert!(*waited >= Duration::from_millis(200), "{waited:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the limit was kept"
    );
    assert!(status_polls(&server).len() >= 2, "polled until the limit");
}

#[tokio::test]
async fn a_status_poll_that_fails_transiently_is_polled_again() {
    let server = scripted(|n| match n {
        0 => status("IN_PROGRESS", None),
        1 => Reply::json(503, json!({"error_code": "IIC.5000", "error_msg": "busy"})),
        _ => status("SUCCEEDED", None),
    })
    .await;
    // No retries in the client: the 503 reaches the waiter itself.
    let client = builder(&server.base_url)
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .build()
        .unwrap();
    let done = create(&client)
        .send_and_wait_with(quick_wait(10_000))
        .await
        .unwrap();
    assert_eq!(final_status(done).as_deref(), Some("SUCCEEDED"));
    assert_eq!(status_polls(&server).len(), 3, "the 503 was polled past");
}

#[tokio::test]
async fn a_status_poll_refused_for_good_ends_the_wait_with_that_error() {
    let server = scripted(|_| {
        Reply::json(
            404,
            json!({"error_code": "IIC.1007", "error_msg": "no such instance"}),
        )
    })
    .await;
    let result = create(&client_at(&server.base_url))
        .send_and_wait_with(quick_wait(10_000))
        .await;
    assert!(matches!(&result, Err(e) if e.is_not_found()), "{result:?}");
    assert_eq!(status_polls(&server).len(), 1);
}

#[tokio::test]
async fn wait_waits_on_a_request_id_already_held() {
    let polls = AtomicUsize::new(0);
    let server = Server::start(move |_: &Recorded, _| {
        let state = if polls.fetch_add(1, Ordering::SeqCst) == 0 {
            "IN_PROGRESS"
        } else {
            "SUCCEEDED"
        };
        Reply::json(
            200,
            json!({"account_assignment_creation_status": {"request_id": "r-7", "status": state}}),
        )
    })
    .await;
    let done = client_at(&server.base_url)
        .describe_account_assignment_creation_status()
        .instance_id("ins-2")
        .request_id("r-7")
        .wait_with(quick_wait(10_000))
        .await
        .unwrap();
    assert_eq!(final_status(done).as_deref(), Some("SUCCEEDED"));
    let paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        ["/v1/instances/ins-2/account-assignments/creation-status/r-7"; 2]
    );

    // Without the id, nothing is sent.
    let missing = client_at(&server.base_url)
        .describe_account_assignment_creation_status()
        .instance_id("ins-2")
        .wait()
        .await;
    assert!(
        matches!(missing, Err(Error::InvalidRequest { .. })),
        "{missing:?}"
    );
    assert_eq!(server.count(), 2);
}
