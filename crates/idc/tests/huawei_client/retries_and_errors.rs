//! Retries, throttling and the error kinds a failed call is reported as.

use super::*;

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
