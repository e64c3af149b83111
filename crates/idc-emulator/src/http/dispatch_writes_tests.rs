//! The write path of dispatch: queued changes applied under the write lock before the answer, a
//! refused change answered in the cloud's shape with nothing changed, and the second halves of
//! asynchronous operations applied after the delay.

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::body::Body;
use http::StatusCode;

use super::*;
use crate::http::faults::FaultPlan;
use crate::http::recorder::{Recorder, RecorderLimits};
use crate::store::dataset::DataSet;
use crate::store::huawei_rows::HuaweiUser;

const STORE: &str = "d-0123456789";

static OP: OperationInfo = OperationInfo {
    name: "CreateSomething",
    cloud: Cloud::Huawei,
    scp: None,
    authenticated: true,
    project_scoped: true,
};

static SCP_OP: OperationInfo = OperationInfo {
    name: "CreateSomething",
    cloud: Cloud::Scp,
    scp: None,
    authenticated: true,
    project_scoped: false,
};

fn app(delay: Duration) -> Arc<App> {
    let mut data = DataSet::default();
    data.huawei.instances = vec![
        serde_json::from_value(serde_json::json!(
            {"instance_id": "ins-1", "identity_store_id": STORE}
        ))
        .unwrap(),
    ];
    data.validate().unwrap();
    Arc::new(App {
        store: RwLock::new(Store::new(data)),
        clock: Arc::new(idc::clock::SystemClock),
        verify_signatures: false,
        serve_past_versions: false,
        faults: RwLock::new(FaultPlan::default()),
        data_requests: AtomicUsize::new(0),
        data_writes: AtomicUsize::new(0),
        recorder: Recorder::new(RecorderLimits::default()),
        async_delay: delay,
    })
}

fn user(id: &str, name: &str) -> HuaweiUser {
    serde_json::from_value(serde_json::json!({
        "identity_store_id": STORE, "user_id": id, "user_name": name,
    }))
    .unwrap()
}

fn parts(method: http::Method) -> Parts {
    http::Request::builder()
        .method(method)
        .uri("/v1/things")
        .body(Body::empty())
        .unwrap()
        .into_parts()
        .0
}

fn users(app: &App) -> Vec<String> {
    let store = app.store.read().unwrap();
    store
        .data
        .huawei
        .users
        .iter()
        .map(|u| u.user_id.to_string())
        .collect()
}

async fn json(response: Response) -> serde_json::Value {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn create(ctx: &Context<'_>, id: &'static str, name: &'static str) -> Response {
    assert!(ctx.writable, "a POST holds the write lock");
    ctx.write(move |store| store.create_huawei_user(user(id, name)).map(drop));
    responses::json(StatusCode::OK, &serde_json::json!({"user_id": id}))
}

#[tokio::test]
async fn a_queued_change_is_applied_before_the_answer() {
    let app = app(Duration::ZERO);
    let (response, later) = respond(
        &app,
        &parts(http::Method::POST),
        b"",
        &OP,
        RequestId("r-1".into()),
        None,
        |ctx, _, _| create(ctx, "u-1", "alice"),
    );
    assert!(later.is_empty());
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(users(&app), ["u-1"]);
}

#[tokio::test]
async fn a_refused_change_is_the_answer_and_changes_nothing() {
    let app = app(Duration::ZERO);
    let post = parts(http::Method::POST);
    let first = respond(
        &app,
        &post,
        b"",
        &OP,
        RequestId("r-1".into()),
        None,
        |ctx, _, _| create(ctx, "u-1", "alice"),
    );
    assert_eq!(first.0.status(), StatusCode::OK);
    // The same user name again: the store refuses, the handler's 200 is not sent.
    let (response, later) = respond(
        &app,
        &post,
        b"",
        &OP,
        RequestId("r-2".into()),
        None,
        |ctx, _, _| create(ctx, "u-2", "alice"),
    );
    assert!(later.is_empty());
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body = json(response).await;
    assert_eq!(body["error_code"], "IIC.1409");
    assert_eq!(body["request_id"], "r-2");
    assert!(
        body["error_msg"].as_str().unwrap().contains("alice"),
        "{body}"
    );
    assert_eq!(users(&app), ["u-1"]);

    // SCP's shape for the same refusal.
    let (response, _) = respond(
        &app,
        &post,
        b"",
        &SCP_OP,
        RequestId("r-3".into()),
        None,
        |ctx, _, _| create(ctx, "u-3", "alice"),
    );
    assert_eq!(response.status(), StatusCode::CONFLICT);
    let body = json(response).await;
    assert_eq!(body["errors"][0]["code"], "Conflict");
    assert_eq!(body["errors"][0]["status"], 409);
    assert_eq!(users(&app), ["u-1"]);
}

#[tokio::test]
async fn a_handler_that_refuses_after_queueing_changes_nothing() {
    let app = app(Duration::ZERO);
    let (response, later) = respond(
        &app,
        &parts(http::Method::DELETE),
        b"",
        &OP,
        RequestId("r-1".into()),
        None,
        |ctx, _, _| {
            ctx.write(|store| store.create_huawei_user(user("u-1", "alice")).map(drop));
            ctx.later(|store| {
                store.create_huawei_user(user("u-2", "bob")).unwrap();
            });
            refused(ctx, vec!["bad".into()]).into_response()
        },
    );
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(later.is_empty());
    assert!(users(&app).is_empty());
}

#[tokio::test]
async fn the_second_half_of_an_asynchronous_operation_comes_after_the_delay() {
    let delay = Duration::from_millis(200);
    let app = app(delay);
    let (response, later) = respond(
        &app,
        &parts(http::Method::POST),
        b"",
        &OP,
        RequestId("r-1".into()),
        None,
        |ctx, _, _| {
            ctx.later(|store| {
                store.create_huawei_user(user("u-9", "later")).unwrap();
            });
            responses::json(
                StatusCode::OK,
                &serde_json::json!({"status": "IN_PROGRESS"}),
            )
        },
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(later.len(), 1);
    apply_later(app.clone(), later);
    // Not before the delay: the answer was IN_PROGRESS and the store still says so.
    assert!(users(&app).is_empty());
    let start = std::time::Instant::now();
    while users(&app).is_empty() {
        assert!(start.elapsed() < Duration::from_secs(30), "never applied");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(start.elapsed() >= delay / 2);
    assert_eq!(users(&app), ["u-9"]);
}

#[tokio::test]
async fn a_get_reads_under_the_read_lock_and_queues_nothing() {
    let app = app(Duration::ZERO);
    // Another reader holds the read lock: a GET is still answered (a write would wait).
    let held = app.store.read().unwrap();
    let (response, later) = respond(
        &app,
        &parts(http::Method::GET),
        b"",
        &OP,
        RequestId("r-1".into()),
        None,
        |ctx, _, _| {
            assert!(!ctx.writable);
            responses::json(StatusCode::OK, &serde_json::json!({}))
        },
    );
    drop(held);
    assert_eq!(response.status(), StatusCode::OK);
    assert!(later.is_empty());
}
