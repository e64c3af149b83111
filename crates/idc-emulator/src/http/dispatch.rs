//! What every operation's request goes through, around its generated parser and its handler:
//! injected faults, the body, signature verification, SCP API version negotiation, and the
//! cloud's error shapes for invalid and unimplemented operations.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::PoisonError;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::{MethodFilter, MethodRouter};
use http::request::Parts;
use http::{HeaderValue, StatusCode};

use crate::http::faults::Fault;
use crate::http::responses::{self, Cloud, Reject, RequestId};
use crate::http::signatures;
use crate::http::state::{AbortConnection, App};
use crate::store::error::WriteError;
use crate::store::tables::Store;

/// The largest request body read.
const MAX_BODY: usize = 1 << 20;

/// What the runtime needs to know of an operation (generated per operation).
#[derive(Debug)]
pub(crate) struct OperationInfo {
    pub(crate) name: &'static str,
    pub(crate) cloud: Cloud,
    pub(crate) scp: Option<crate::http::versions::ScpService>,
    /// Whether the request must be signed (an SCP service root is not).
    pub(crate) authenticated: bool,
    /// Whether the service takes a project's credentials (`X-Project-Id`), not the account's.
    pub(crate) project_scoped: bool,
}

/// One operation's route: generated per operation, served by [`router`].
pub(crate) struct Route {
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) operation: &'static OperationInfo,
    pub(crate) handle: fn(&Context<'_>, &Parts, &[u8]) -> Response,
}

/// The router of every operation: one axum route per path template. Where operations share a
/// template and method (Huawei's and SCP's `GET /v1/instances`, both SCP services' `GET /`), the
/// request chooses: `Scp-*` headers mean SCP, and `Scp-Api-Version` names the SCP service.
pub(crate) fn router(tables: &'static [&'static [Route]]) -> Router<Arc<App>> {
    let mut by_path: BTreeMap<String, Vec<&'static Route>> = BTreeMap::new();
    for route in tables.iter().flat_map(|table| table.iter()) {
        by_path
            .entry(positional_template(route.path))
            .or_default()
            .push(route);
    }
    let mut router = Router::new();
    for (path, routes) in by_path {
        let mut methods = MethodRouter::new();
        let mut seen = Vec::new();
        for route in &routes {
            if seen.contains(&route.method) {
                continue;
            }
            seen.push(route.method);
            let Ok(filter) = http::Method::from_bytes(route.method.as_bytes())
                .map_err(|_| ())
                .and_then(|m| MethodFilter::try_from(m).map_err(|_| ()))
            else {
                tracing::error!(method = route.method, path = %path, "unroutable method");
                continue;
            };
            let candidates: Vec<&'static Route> = routes
                .iter()
                .copied()
                .filter(|r| r.method == route.method)
                .collect();
            methods = methods.on(
                filter,
                move |State(app): State<Arc<App>>, req: Request| async move {
                    let route = choose(&candidates, req.headers());
                    serve(app, req, route.operation, route.handle).await
                },
            );
        }
        router = router.route(&path, methods);
    }
    router
}

/// `path` with each parameter named after its segment's place (`/v1/instances/{p2}/tags`): the
/// router refuses two names for one place (Huawei's `{instance_id}` and `{resource_type}` after
/// `/v1/instances/`), and the generated parsers read path parameters by place anyway.
fn positional_template(path: &str) -> String {
    let segments = path.split('/').enumerate().map(|(i, segment)| {
        if segment.starts_with('{') && segment.ends_with('}') {
            format!("{{p{i}}}")
        } else {
            segment.to_owned()
        }
    });
    segments.collect::<Vec<_>>().join("/")
}

/// The candidate a request is for (see [`router`]); `candidates` is never empty.
fn choose(candidates: &[&'static Route], headers: &http::HeaderMap) -> &'static Route {
    let scp = headers.keys().any(|name| name.as_str().starts_with("scp-"));
    let service = headers
        .get("scp-api-version")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_whitespace().next());
    let cloud = if scp { Cloud::Scp } else { Cloud::Huawei };
    let score = |route: &&'static Route| {
        let op = route.operation;
        let same_cloud = op.cloud == cloud;
        let same_service = op.scp.as_ref().map(|s| s.name) == service && service.is_some();
        (same_service, same_cloud)
    };
    let mut best = candidates[0];
    for candidate in candidates {
        if score(candidate) > score(&best) {
            best = candidate;
        }
    }
    best
}

/// The cloud a request without a route is addressed to, for the shape of its error: SCP for an SCP
/// path or a request with any `Scp-*` header, Huawei otherwise.
pub(crate) fn cloud_of(tables: &[&[Route]], path: &str, headers: &http::HeaderMap) -> Cloud {
    let scp_path = is_scp_path(tables, path);
    if scp_path || headers.keys().any(|name| name.as_str().starts_with("scp-")) {
        Cloud::Scp
    } else {
        Cloud::Huawei
    }
}

/// Whether an unknown path looks like SCP's: it starts with the fixed part of an SCP template
/// that no Huawei template starts with.
pub(crate) fn is_scp_path(tables: &[&[Route]], path: &str) -> bool {
    let prefix = |template: &'static str| template.split('{').next().unwrap_or(template);
    let routes = || tables.iter().flat_map(|table| table.iter());
    routes()
        .filter(|r| r.operation.cloud == Cloud::Scp)
        .map(|r| prefix(r.path))
        .filter(|p| p.len() > 1)
        .filter(|p| !routes().any(|h| h.operation.cloud == Cloud::Huawei && h.path.starts_with(p)))
        .any(|p| path.starts_with(p))
}

/// A change a write operation queues (`Context::write`): applied under the write lock after its
/// handler returns; an error becomes the answer instead, and must leave the store unchanged.
pub(crate) type Change = Box<dyn FnOnce(&mut Store) -> Result<(), WriteError> + Send>;

/// The second half of an asynchronous operation (`Context::later`): applied under the write lock
/// after the emulator's asynchronous delay.
pub(crate) type Later = Box<dyn FnOnce(&mut Store) + Send>;

/// What a handler queued: its changes and the second halves of its asynchronous operations.
#[derive(Default)]
pub(crate) struct Queued {
    changes: Vec<Change>,
    later: Vec<Later>,
}

impl std::fmt::Debug for Queued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queued")
            .field("changes", &self.changes.len())
            .field("later", &self.later.len())
            .finish()
    }
}

/// What a handler is given besides its request.
#[derive(Debug)]
pub struct Context<'a> {
    pub(crate) app: &'a App,
    /// The rows as the request sees them: read under the app's lock, held for the whole request.
    pub(crate) store: &'a crate::store::tables::Store,
    pub(crate) operation: &'static OperationInfo,
    pub(crate) request_id: RequestId,
    /// A [`Fault::RepeatedMarker`] asks the handler to hand out the same page again.
    pub(crate) repeat: bool,
    /// Whether the request holds the write lock (its method is not `GET`).
    pub(crate) writable: bool,
    /// The SCP API version negotiated for the request (`None` for Huawei).
    pub(crate) version: Option<&'static idc_raw::scp::versions::ApiVersionInfo>,
    /// What a write operation's handler queued (see [`Context::write`]).
    pub(crate) queued: RefCell<Queued>,
}

impl Context<'_> {
    /// Queues a change to the store. Dispatch holds the write lock for every request that is not
    /// a `GET`, and applies the queued changes in order under it once the handler returns, before
    /// answering: no other request sees the store between the handler's reads and its change. A
    /// change that returns an error must not have changed anything; its error is the answer, in
    /// the cloud's shape (`Missing` 404, `Conflict` and `InUse` 409, `Invalid` 400).
    pub(crate) fn write(
        &self,
        change: impl FnOnce(&mut Store) -> Result<(), WriteError> + Send + 'static,
    ) {
        debug_assert!(
            self.writable,
            "a write queued by a GET handler would be applied under a read lock"
        );
        self.queued.borrow_mut().changes.push(Box::new(change));
    }

    /// Queues the second half of an asynchronous operation: applied under the write lock after
    /// the emulator's asynchronous delay (`EmulatorBuilder::async_delay`), e.g. moving a status
    /// row from `IN_PROGRESS` to `SUCCEEDED`, or to `FAILED` with its reason, in one change.
    pub(crate) fn later(&self, change: impl FnOnce(&mut Store) + Send + 'static) {
        self.queued.borrow_mut().later.push(Box::new(change));
    }
}

/// Serves one request of `operation`: faults, body, authentication, API version, then `handle`.
pub(crate) async fn serve(
    app: Arc<App>,
    req: Request,
    operation: &'static OperationInfo,
    handle: impl FnOnce(&Context<'_>, &Parts, &[u8]) -> Response,
) -> Response {
    let cloud = operation.cloud;
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .cloned()
        .unwrap_or_else(|| RequestId::new(cloud));
    let n = app.data_requests.fetch_add(1, Ordering::SeqCst) + 1;
    let fault = app
        .faults
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .fault_for(n)
        .cloned();
    if let Some(fault) = &fault {
        tracing::info!(request = n, ?fault, "injecting a fault");
    }
    match fault {
        Some(Fault::Latency(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            return responses::injected_status(cloud, status, retry_after, &request_id);
        }
        Some(Fault::ConnectionReset) => {
            let mut response = Response::new(Body::empty());
            response.extensions_mut().insert(AbortConnection);
            return response;
        }
        _ => {}
    }
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return responses::payload_too_large(cloud, &request_id);
    };
    let (response, later) = respond(
        &app,
        &parts,
        &body,
        operation,
        request_id,
        fault.as_ref(),
        handle,
    );
    apply_later(app.clone(), later);
    match fault {
        Some(Fault::TruncatedBody) => responses::truncated(response).await,
        Some(Fault::MalformedJson) => responses::malformed(response).await,
        _ => response,
    }
}

/// Answers a request whose body was read, under one lock of the store: the read lock for a `GET`,
/// the write lock otherwise (then the handler's queued changes are applied under it before the
/// answer). The second halves of asynchronous operations are returned, to be applied later.
fn respond(
    app: &App,
    parts: &Parts,
    body: &[u8],
    operation: &'static OperationInfo,
    request_id: RequestId,
    fault: Option<&Fault>,
    handle: impl FnOnce(&Context<'_>, &Parts, &[u8]) -> Response,
) -> (Response, Vec<Later>) {
    if parts.method == http::Method::GET {
        let store = app.store.read().unwrap_or_else(PoisonError::into_inner);
        let (response, queued) = answer(
            app, &store, parts, body, operation, request_id, fault, handle, false,
        );
        return (response, queued.later);
    }
    let mut store = app.store.write().unwrap_or_else(PoisonError::into_inner);
    let (response, queued) = answer(
        app,
        &store,
        parts,
        body,
        operation,
        request_id.clone(),
        fault,
        handle,
        true,
    );
    if queued.changes.is_empty() {
        return (response, queued.later);
    }
    for change in queued.changes {
        if let Err(error) = change(&mut store) {
            tracing::info!(%error, "rejected: write refused by the store");
            store.forget_listings();
            return (
                responses::write_refused(operation.cloud, &error, &request_id),
                Vec::new(),
            );
        }
    }
    store.forget_listings();
    (response, queued.later)
}

/// Applies the second halves of asynchronous operations after the emulator's delay, in order,
/// each under the write lock.
pub(crate) fn apply_later(app: Arc<App>, later: Vec<Later>) {
    if later.is_empty() {
        return;
    }
    tokio::spawn(async move {
        tokio::time::sleep(app.async_delay).await;
        let mut store = app.store.write().unwrap_or_else(PoisonError::into_inner);
        for change in later {
            change(&mut store);
        }
        store.forget_listings();
    });
}

/// Signature, API version, then `handle`, all on one view of the store (so the signature's
/// credentials and the handler see the same rows).
#[expect(
    clippy::too_many_arguments,
    reason = "the parts of one request, passed on once"
)]
fn answer(
    app: &App,
    store: &Store,
    parts: &Parts,
    body: &[u8],
    operation: &'static OperationInfo,
    request_id: RequestId,
    fault: Option<&Fault>,
    handle: impl FnOnce(&Context<'_>, &Parts, &[u8]) -> Response,
    writable: bool,
) -> (Response, Queued) {
    let cloud = operation.cloud;
    if app.verify_signatures && operation.authenticated {
        let verified = match cloud {
            Cloud::Huawei => signatures::verify_huawei(
                store,
                app.clock.now(),
                parts,
                body,
                operation.project_scoped,
            ),
            Cloud::Scp => signatures::verify_scp(store, app.clock.now(), parts),
        };
        if let Err(reason) = verified {
            tracing::info!(reason = %idc::text::escape_control(&reason), "rejected: authentication");
            let response = match cloud {
                Cloud::Huawei => responses::huawei_error(
                    StatusCode::UNAUTHORIZED,
                    "APIGW.0301",
                    format!("Incorrect IAM authentication information: {reason}"),
                    &request_id,
                ),
                Cloud::Scp => responses::scp_unauthorized(reason),
            };
            return (response, Queued::default());
        }
    }
    let version = match &operation.scp {
        None => None,
        // A service root lists the versions: the header only names the service (routing chose
        // it), so an expired or unknown version there is no reason to refuse the list.
        Some(_) if !operation.authenticated => None,
        Some(service) => match crate::http::versions::negotiate(app, parts, service) {
            Ok(version) => Some((service.name, version)),
            Err(detail) => {
                tracing::info!(detail = %idc::text::escape_control(&detail), "rejected: API version");
                let response = responses::scp_error(
                    StatusCode::BAD_REQUEST,
                    "UnsupportedApiVersion",
                    vec![detail],
                    &request_id,
                );
                return (response, Queued::default());
            }
        },
    };
    let ctx = Context {
        app,
        store,
        operation,
        request_id,
        repeat: fault == Some(&Fault::RepeatedMarker),
        writable,
        version: version.map(|(_, v)| v),
        queued: RefCell::default(),
    };
    let mut response = handle(&ctx, parts, body);
    let mut queued = ctx.queued.into_inner();
    if !response.status().is_success() {
        // A refused request changes nothing, whatever its handler queued before refusing.
        queued = Queued::default();
    }
    if let Some((service, version)) = version
        && response.status().is_success()
        && let Ok(value) =
            HeaderValue::from_str(&format!("{service} {}.{}", version.major, version.minor))
    {
        response.headers_mut().insert("scp-api-version", value);
    }
    (response, queued)
}

/// A 400 in the cloud's shape, listing what is wrong with the request.
pub(crate) fn invalid(ctx: &Context<'_>, violations: Vec<String>) -> Response {
    tracing::info!(?violations, "rejected: invalid request");
    match ctx.operation.cloud {
        Cloud::Huawei => responses::huawei_error(
            StatusCode::BAD_REQUEST,
            "IIC.1000",
            format!("Invalid request: {}.", violations.join("; ")),
            &ctx.request_id,
        ),
        Cloud::Scp => responses::scp_error(
            StatusCode::BAD_REQUEST,
            "ValidationError",
            violations,
            &ctx.request_id,
        ),
    }
}

/// A handler's refusal of an invalid request: a 400 in the cloud's shape.
pub(crate) fn refused(ctx: &Context<'_>, violations: Vec<String>) -> Reject {
    Reject::new(invalid(ctx, violations))
}

/// The answer of an operation whose data lookup is not written yet: 501 in the cloud's shape.
pub(crate) fn not_implemented(ctx: &Context<'_>) -> Reject {
    let message = format!(
        "The emulator does not implement {} yet: its route and validation are generated from the \
         spec, its data lookup is not written.",
        ctx.operation.name
    );
    Reject::new(match ctx.operation.cloud {
        Cloud::Huawei => responses::huawei_error(
            StatusCode::NOT_IMPLEMENTED,
            "IIC.1501",
            message,
            &ctx.request_id,
        ),
        Cloud::Scp => responses::scp_error(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            vec![message],
            &ctx.request_id,
        ),
    })
}

#[cfg(test)]
#[path = "dispatch_writes_tests.rs"]
mod writes_tests;

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::sync::{Arc, RwLock};

    use super::*;
    use crate::http::faults::FaultPlan;
    use crate::http::params::{Source, Violations};
    use crate::http::query::Params;
    use crate::http::recorder::{Recorder, RecorderLimits};
    use crate::store::dataset::DataSet;
    use crate::store::tables::Store;
    use idc_raw::rules::IntegerRules;

    #[test]
    fn every_route_of_every_spec_is_accepted_by_the_router() {
        // The router panics on two parameter names at one place, or on a repeated template.
        let _ = router(crate::generated::ROUTES);
        assert_eq!(
            positional_template("/v1/instances/{resource_type}/{resource_id}/tags"),
            "/v1/instances/{p3}/{p4}/tags"
        );
        assert_eq!(
            positional_template("/v1/instances/{instance_id}/sso-configuration"),
            "/v1/instances/{p3}/sso-configuration"
        );
    }

    fn app() -> App {
        App {
            store: RwLock::new(Store::new(DataSet::default())),
            clock: Arc::new(idc::clock::SystemClock),
            verify_signatures: true,
            serve_past_versions: false,
            faults: RwLock::new(FaultPlan::default()),
            data_requests: AtomicUsize::new(0),
            recorder: Recorder::new(RecorderLimits::default()),
            async_delay: std::time::Duration::ZERO,
        }
    }

    static HUAWEI_OP: OperationInfo = OperationInfo {
        name: "DescribeSomething",
        cloud: Cloud::Huawei,
        scp: None,
        authenticated: true,
        project_scoped: false,
    };
    static SCP_OP: OperationInfo = OperationInfo {
        name: "ShowSomething",
        cloud: Cloud::Scp,
        scp: None,
        authenticated: true,
        project_scoped: false,
    };

    async fn body(response: Response) -> serde_json::Value {
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[tokio::test]
    async fn an_operation_without_its_lookup_answers_501_in_the_cloud_s_shape() {
        let app = app();
        let store = Store::new(DataSet::default());
        let ctx = |operation| Context {
            app: &app,
            store: &store,
            operation,
            request_id: RequestId("r-1".into()),
            repeat: false,
            writable: false,
            version: None,
            queued: RefCell::default(),
        };
        let response = not_implemented(&ctx(&HUAWEI_OP)).into_response();
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
        let json = body(response).await;
        assert_eq!(json["error_code"], "IIC.1501");
        assert!(
            json["error_msg"]
                .as_str()
                .unwrap()
                .contains("DescribeSomething")
        );
        assert_eq!(json["request_id"], "r-1");

        let response = not_implemented(&ctx(&SCP_OP)).into_response();
        assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
        let json = body(response).await;
        assert_eq!(json["errors"][0]["code"], "NotImplemented");
        assert_eq!(json["errors"][0]["status"], 501);
        assert!(
            json["errors"][0]["detail"][0]
                .as_str()
                .unwrap()
                .contains("ShowSomething")
        );
    }

    #[tokio::test]
    async fn violations_are_listed_in_the_cloud_s_shape() {
        let app = app();
        let params = Params::parse(Some("limit=0&limit=2&name=x"));
        let mut v = Violations::default();
        let limit = IntegerRules {
            minimum: Some(1),
            maximum: Some(100),
        };
        assert_eq!(
            v.integer(Source::Query(&params), "limit", Some(&limit)),
            None
        );
        assert_eq!(v.required_string(Source::Query(&params), "id", None), "");
        assert_eq!(
            v.string(Source::QueryRepeatable(&params), "name", None),
            Some("x".to_owned())
        );
        let violations = v.finish().unwrap_err();
        assert_eq!(
            violations,
            ["limit is given more than once", "id is required"]
        );
        let store = Store::new(DataSet::default());
        let ctx = Context {
            app: &app,
            store: &store,
            operation: &SCP_OP,
            request_id: RequestId("r-2".into()),
            repeat: false,
            writable: false,
            version: None,
            queued: RefCell::default(),
        };
        let json = body(invalid(&ctx, violations)).await;
        assert_eq!(json["errors"][0]["code"], "ValidationError");
        assert_eq!(json["errors"][0]["detail"][1], "id is required");
    }
}
