//! Redirects: never followed, and their Location shown escaped.

use super::*;

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
