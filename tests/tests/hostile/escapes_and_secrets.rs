//! Escapes and secrets: neutralised and scrubbed in errors, exact in data.

use super::*;

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
