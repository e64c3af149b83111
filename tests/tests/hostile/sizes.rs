//! Sizes: declared, endless and huge error bodies stop at their caps.

use super::*;

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
