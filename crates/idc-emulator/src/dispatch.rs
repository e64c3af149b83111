//! What every operation's request goes through, around its generated parser and its handler:
//! injected faults, the body, signature verification, SCP API version negotiation, and the
//! cloud's error shapes for invalid and unimplemented operations.

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
use idc_raw::rules::{IntegerRules, StringRules};

use crate::app::{AbortConnection, App};
use crate::auth;
use crate::faults::Fault;
use crate::query::Params;
use crate::respond::{self, Cloud, RequestId};

/// The largest request body read.
const MAX_BODY: usize = 1 << 20;

pub(crate) use crate::scp_versions::ScpService;

/// What the runtime needs to know of an operation (generated per operation).
#[derive(Debug)]
pub(crate) struct OperationInfo {
    pub(crate) name: &'static str,
    pub(crate) cloud: Cloud,
    pub(crate) scp: Option<ScpService>,
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
    let mut by_path: BTreeMap<&'static str, Vec<&'static Route>> = BTreeMap::new();
    for route in tables.iter().flat_map(|table| table.iter()) {
        by_path.entry(route.path).or_default().push(route);
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
                tracing::error!(method = route.method, path, "unroutable method");
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
        router = router.route(path, methods);
    }
    router
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
pub(crate) fn cloud_of(path: &str, headers: &http::HeaderMap) -> Cloud {
    let scp_path = is_scp_path(crate::generated::ROUTES, path);
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

/// What a handler is given besides its request.
#[derive(Debug)]
pub struct Context<'a> {
    pub(crate) app: &'a App,
    pub(crate) operation: &'static OperationInfo,
    pub(crate) request_id: RequestId,
    /// A [`Fault::RepeatedMarker`] asks the handler to hand out the same page again.
    pub(crate) repeat: bool,
    /// The SCP API version negotiated for the request (`None` for Huawei).
    pub(crate) version: Option<&'static idc_raw::scp::versions::ApiVersionInfo>,
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
            return respond::injected_status(cloud, status, retry_after, &request_id);
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
        return respond::payload_too_large(cloud, &request_id);
    };
    if app.verify_signatures && operation.authenticated {
        let verified = match cloud {
            Cloud::Huawei => auth::verify_huawei(&app, &parts, &body, operation.project_scoped),
            Cloud::Scp => auth::verify_scp(&app, &parts),
        };
        if let Err(reason) = verified {
            tracing::info!(%reason, "rejected: authentication");
            return match cloud {
                Cloud::Huawei => respond::huawei_error(
                    StatusCode::UNAUTHORIZED,
                    "APIGW.0301",
                    format!("Incorrect IAM authentication information: {reason}"),
                    &request_id,
                ),
                Cloud::Scp => respond::scp_unauthorized(reason),
            };
        }
    }
    let version = match &operation.scp {
        None => None,
        // A service root lists the versions: the header only names the service (routing chose
        // it), so an expired or unknown version there is no reason to refuse the list.
        Some(_) if !operation.authenticated => None,
        Some(service) => match crate::scp_versions::negotiate(&app, &parts, service) {
            Ok(version) => Some((service.name, version)),
            Err(detail) => {
                tracing::info!(%detail, "rejected: API version");
                return respond::scp_error(
                    StatusCode::BAD_REQUEST,
                    "UnsupportedApiVersion",
                    vec![detail],
                    &request_id,
                );
            }
        },
    };
    let ctx = Context {
        app: &app,
        operation,
        request_id,
        repeat: fault == Some(Fault::RepeatedMarker),
        version: version.map(|(_, v)| v),
    };
    let mut response = handle(&ctx, &parts, &body);
    if let Some((service, version)) = version
        && response.status().is_success()
        && let Ok(value) =
            HeaderValue::from_str(&format!("{service} {}.{}", version.major, version.minor))
    {
        response.headers_mut().insert("scp-api-version", value);
    }
    match fault {
        Some(Fault::TruncatedBody) => respond::truncated(response).await,
        Some(Fault::MalformedJson) => respond::malformed(response).await,
        _ => response,
    }
}

/// A 400 in the cloud's shape, listing what is wrong with the request.
pub(crate) fn invalid(ctx: &Context<'_>, violations: Vec<String>) -> Response {
    tracing::info!(?violations, "rejected: invalid request");
    match ctx.operation.cloud {
        Cloud::Huawei => respond::huawei_error(
            StatusCode::BAD_REQUEST,
            "IIC.1000",
            format!("Invalid request: {}.", violations.join("; ")),
            &ctx.request_id,
        ),
        Cloud::Scp => respond::scp_error(
            StatusCode::BAD_REQUEST,
            "ValidationError",
            violations,
            &ctx.request_id,
        ),
    }
}

/// The answer of an operation whose data lookup is not written yet: 501 in the cloud's shape.
pub(crate) fn not_implemented(ctx: &Context<'_>) -> Response {
    let message = format!(
        "The emulator does not implement {} yet: its route and validation are generated from the \
         spec, its data lookup is not written.",
        ctx.operation.name
    );
    match ctx.operation.cloud {
        Cloud::Huawei => respond::huawei_error(
            StatusCode::NOT_IMPLEMENTED,
            "IIC.1501",
            message,
            &ctx.request_id,
        ),
        Cloud::Scp => respond::scp_error(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            vec![message],
            &ctx.request_id,
        ),
    }
}

/// Every segment of a path, percent-decoded, so that the parser can take the template's
/// `{parameter}` segments by position.
pub(crate) fn path_values(path: &str) -> Vec<String> {
    path.split('/')
        .map(|segment| {
            percent_encoding::percent_decode_str(segment)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// Where a parameter's value comes from.
pub(crate) enum Source<'a> {
    /// A path segment.
    Path(Option<&'a str>),
    /// The query, given at most once.
    Query(&'a Params),
    /// The query, possibly repeated: the values are joined with commas.
    QueryRepeatable(&'a Params),
}

/// The violations found while parsing one request.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<String>);

// The generated parsers call what their parameters need: not every kind has a parameter today.
#[allow(dead_code)]
impl Violations {
    fn raw(&mut self, source: Source<'_>, name: &str) -> Option<String> {
        match source {
            Source::Path(value) => value.map(str::to_owned),
            Source::Query(params) => match params.single(name) {
                Ok(value) => value.map(str::to_owned),
                Err(_) => {
                    self.0.push(format!("{name} is given more than once"));
                    None
                }
            },
            Source::QueryRepeatable(params) => {
                let values: Vec<&str> = params.all(name).collect();
                (!values.is_empty()).then(|| values.join(","))
            }
        }
    }

    fn missing(&mut self, name: &str) {
        self.0.push(format!("{name} is required"));
    }

    /// An optional string.
    pub(crate) fn string(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&StringRules>,
    ) -> Option<String> {
        let value = self.raw(source, name)?;
        if let Some(rules) = rules
            && let Err(why) = rules.check(name, &value)
        {
            self.0.push(why);
            return None;
        }
        Some(value)
    }

    /// A required string (empty when missing or invalid; the request is then refused).
    pub(crate) fn required_string(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&StringRules>,
    ) -> String {
        let before = self.0.len();
        let value = self.string(source, name, rules);
        if value.is_none() && self.0.len() == before {
            self.missing(name);
        }
        value.unwrap_or_default()
    }

    /// An optional integer.
    pub(crate) fn integer(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&IntegerRules>,
    ) -> Option<i64> {
        let text = self.raw(source, name)?;
        let rules = rules.copied().unwrap_or(IntegerRules {
            minimum: None,
            maximum: None,
        });
        match rules.parse(name, &text) {
            Ok(value) => Some(value),
            Err(why) => {
                self.0.push(why);
                None
            }
        }
    }

    /// A required integer (0 when missing or invalid; the request is then refused).
    pub(crate) fn required_integer(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&IntegerRules>,
    ) -> i64 {
        let before = self.0.len();
        let value = self.integer(source, name, rules);
        if value.is_none() && self.0.len() == before {
            self.missing(name);
        }
        value.unwrap_or_default()
    }

    /// An optional boolean, `true` or `false`.
    pub(crate) fn boolean(&mut self, source: Source<'_>, name: &str) -> Option<bool> {
        match self.raw(source, name)?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                self.0
                    .push(format!("{name} {other:?} is not true or false"));
                None
            }
        }
    }

    /// The JSON request body as `T`: `None`, with a violation, when it is missing (and required)
    /// or does not parse.
    pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
        &mut self,
        body: &[u8],
        required: bool,
    ) -> Option<T> {
        if body.iter().all(u8::is_ascii_whitespace) {
            if required {
                self.0.push("the request body is required".to_owned());
            }
            return None;
        }
        match serde_json::from_slice(body) {
            Ok(value) => Some(value),
            Err(e) => {
                self.0.push(format!("the request body is invalid: {e}"));
                None
            }
        }
    }

    /// `Err` with every violation, if there is one.
    pub(crate) fn finish(self) -> Result<(), Vec<String>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;
    use std::sync::{Arc, RwLock};

    use super::*;
    use crate::DataSet;
    use crate::faults::FaultPlan;
    use crate::recorder::{Recorder, RecorderLimits};
    use crate::store::Store;

    fn app() -> App {
        App {
            store: Store::new(DataSet::default()),
            clock: Arc::new(idc::clock::SystemClock),
            verify_signatures: true,
            serve_past_versions: false,
            faults: RwLock::new(FaultPlan::default()),
            data_requests: AtomicUsize::new(0),
            recorder: Recorder::new(RecorderLimits::default()),
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
        let ctx = |operation| Context {
            app: &app,
            operation,
            request_id: RequestId("r-1".into()),
            repeat: false,
            version: None,
        };
        let response = not_implemented(&ctx(&HUAWEI_OP));
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

        let response = not_implemented(&ctx(&SCP_OP));
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
        let ctx = Context {
            app: &app,
            operation: &SCP_OP,
            request_id: RequestId("r-2".into()),
            repeat: false,
            version: None,
        };
        let json = body(invalid(&ctx, violations)).await;
        assert_eq!(json["errors"][0]["code"], "ValidationError");
        assert_eq!(json["errors"][0]["detail"][1], "id is required");
    }
}
