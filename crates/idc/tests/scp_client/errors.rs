//! Service errors, odd values kept as they are, malformed responses and invalid parameters.

use super::*;

#[tokio::test]
async fn scp_errors_are_typed_and_keep_the_raw_body() {
    let body = r#"{"errors":[{"code":"ValidationError","detail":["Field required"],"global_request_id":"g","request_id":"req-9","status":400,"title":"ValidationError"}]}"#;
    let server = Server::start(move |_, _| Reply::raw(400, body)).await;
    let err = list(&client(&server)).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.code.as_deref(), Some("ValidationError"));
    assert_eq!(e.message.as_deref(), Some("Field required"));
    assert_eq!(e.request_id.as_deref(), Some("req-9"));
    assert_eq!(e.body_text(), body);
    assert_eq!(server.count(), 1);

    let server = Server::start(|_, _| {
        Reply::json(401, json!({"status": "UNAUTHORIZED", "name": "Request was rejected by gateway", "message": "signature mismatch"}))
    })
    .await;
    let err = list(&client(&server)).send().await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert!(err.to_string().contains("signature mismatch"), "{err}");
    assert!(!format!("{err:?}").contains(SECRET));

    let server = Server::start(|_, _| {
        let mut r = Reply::raw(502, "<html>bad gateway</html>");
        r.headers = vec![("content-type".into(), "text/html".into())];
        r
    })
    .await;
    let err = list(&client(&server)).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status, 502);
    assert_eq!(e.body_text(), "<html>bad gateway</html>");
    assert_eq!(server.count(), 3, "502 is retried");
}

#[tokio::test]
async fn unknown_principal_types_and_odd_permission_sets_are_kept() {
    let item = |kind: &str, sets: serde_json::Value| {
        json!({"instance_id": "ssoins-1", "principal_id": "p", "principal_name": "n",
               "principal_type": kind, "role_srn": "r", "target_account_id": "acct-1",
               "target_account_name": "t", "target_account_email": "e", "permission_sets": sets})
    };
    let (robot, group) = (
        item(
            "ROBOT",
            json!([{"permission_set_id": "ps-1", "extra": [1, 2]}]),
        ),
        item("GROUP", json!([])),
    );
    let server = Server::start(move |_, _| {
        Reply::json(
            200,
            json!({"account_assignments": [robot, group], "count": 2}),
        )
    })
    .await;
    let items = list(&client(&server)).collect().await.unwrap();
    assert_eq!(
        items[0].principal_type,
        PrincipalType::Unknown("ROBOT".into())
    );
    // A permission set's fields the client does not know are kept, not dropped.
    let set = &items[0].permission_sets[0];
    assert_eq!(set.permission_set_id.as_deref(), Some("ps-1"));
    assert_eq!(set.extra["extra"], json!([1, 2]));
    assert_eq!(items[1].principal_type, PrincipalType::Group);
    assert!(items[1].permission_sets.is_empty());
}

#[tokio::test]
async fn an_item_missing_a_required_field_is_a_malformed_response() {
    // The reference always shows every field of an assignment: their absence is the service's
    // fault, reported as such rather than read as empty values.
    let server = Server::start(|_, _| {
        Reply::json(
            200,
            json!({"account_assignments": [{"principal_type": "USER"}], "count": 1}),
        )
    })
    .await;
    let err = list(&client(&server)).send().await.unwrap_err();
    assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn invalid_parameters_fail_before_any_request() {
    let server = Server::start(paged(1, Count::Total)).await;
    let c = client(&server);
    let cases = [
        c.list_account_assignments().target_account_id("a"),
        c.list_account_assignments()
            .instance_id("i")
            .target_account_id(""),
        list(&c).sort("created_at"),
        list(&c).sort("created_at:sideways"),
        list(&c).page_size(0),
        list(&c).concurrency(0),
        list(&c).concurrency(1000),
        list(&c).max_items(0),
    ];
    for case in cases {
        let err = case.collect().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    }
    assert_eq!(server.count(), 0);
}
