//! The HTTP server: builder, accept loop, request recording, routing and the fault wrapper.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use idc::clock::{SharedClock, SystemClock};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::app::{AbortConnection, App};
use crate::data::{DataError, DataSet};
use crate::faults::FaultPlan;
use crate::recorder::Recorder;
use crate::respond::{self, Cloud, RequestId};
use crate::store::Store;

pub use crate::recorder::MAX_RECORDED_REQUESTS;

/// How long [`RunningEmulator::shutdown`] lets requests in flight finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Errors starting the emulator.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The data set is invalid.
    #[error(transparent)]
    Data(#[from] DataError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The emulator. Start one with [`Emulator::builder`].
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// A builder with the defaults: the [demo data](DataSet::demo), no faults, the system clock,
    /// signatures verified, listening on `127.0.0.1:0` (a free port).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }
}

/// Configures and starts an emulator.
#[derive(Debug)]
pub struct EmulatorBuilder {
    data: Option<DataSet>,
    faults: FaultPlan,
    clock: SharedClock,
    verify_signatures: bool,
    addr: SocketAddr,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            data: None,
            faults: FaultPlan::default(),
            clock: Arc::new(SystemClock),
            verify_signatures: true,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }
}

impl EmulatorBuilder {
    /// The data to serve (default: [`DataSet::demo`]).
    pub fn data(mut self, data: DataSet) -> Self {
        self.data = Some(data);
        self
    }

    /// The faults to inject (default: none).
    pub fn faults(mut self, faults: FaultPlan) -> Self {
        self.faults = faults;
        self
    }

    /// The clock: "now" for the signature clock-skew checks of both clouds and "today" for the SCP
    /// API version dates (default: the system clock).
    pub fn clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    /// Whether to verify request signatures (default: `true`). With `false`, any request is
    /// accepted without `Authorization` or `Scp-*` headers.
    pub fn verify_signatures(mut self, verify: bool) -> Self {
        self.verify_signatures = verify;
        self
    }

    /// The address to listen on (default: `127.0.0.1:0`, a free port on the loopback interface).
    /// The emulator has no TLS: prefer a loopback address.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Validates the data, binds the address and starts serving in the background.
    pub async fn start(self) -> Result<RunningEmulator, EmulatorError> {
        let data = self.data.unwrap_or_else(DataSet::demo);
        data.validate()?;
        let listener =
            TcpListener::bind(self.addr)
                .await
                .map_err(|source| EmulatorError::Bind {
                    addr: self.addr,
                    source,
                })?;
        let addr = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind {
                addr: self.addr,
                source,
            })?;
        if !addr.ip().is_loopback() {
            tracing::warn!(%addr, "the emulator listens on a non-loopback address, without TLS");
        }
        let app = Arc::new(App {
            store: Store::new(data),
            clock: self.clock,
            verify_signatures: self.verify_signatures,
            faults: RwLock::new(self.faults),
            data_requests: AtomicUsize::new(0),
            recorder: Recorder::default(),
        });
        let router = router(app.clone());
        let (shutdown, shutdown_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, router, app.clone(), shutdown_rx));
        tracing::info!(%addr, "idc-emulator listening");
        Ok(RunningEmulator {
            base_url: format!("http://{addr}"),
            addr,
            app,
            shutdown,
            task: Some(task),
        })
    }
}

/// A running emulator. Dropping it stops the server too (in the background); [`shutdown`]
/// waits for it.
///
/// [`shutdown`]: RunningEmulator::shutdown
#[derive(Debug)]
pub struct RunningEmulator {
    base_url: String,
    addr: SocketAddr,
    app: Arc<App>,
    shutdown: watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningEmulator {
    /// The base URL to point clients at, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests received so far (all paths, in arrival order; at most the last
    /// [`MAX_RECORDED_REQUESTS`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.app.recorder.lock().iter().cloned().collect()
    }

    /// How many requests were received so far (all paths).
    pub fn request_count(&self) -> usize {
        self.app.recorder.count.load(Ordering::SeqCst)
    }

    /// Forgets the recorded requests and resets [`request_count`](Self::request_count).
    pub fn clear_requests(&self) {
        let mut requests = self.app.recorder.lock();
        requests.clear();
        self.app.recorder.count.store(0, Ordering::SeqCst);
    }

    /// Replaces the fault plan, and numbers the data requests from 1 again.
    pub fn set_faults(&self, faults: FaultPlan) {
        let mut plan = self
            .app
            .faults
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *plan = faults;
        self.app.data_requests.store(0, Ordering::SeqCst);
    }

    /// Stops accepting connections, lets requests in flight finish (up to 5 seconds), and returns
    /// once the server has stopped.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

pub use crate::recorder::RecordedRequest;

/// The error a connection is failed with to close it without an answer.
#[derive(Debug, thiserror::Error)]
#[error("connection closed by an injected fault")]
struct InjectedReset;

fn router(app: Arc<App>) -> Router {
    crate::dispatch::router(crate::generated::ROUTES)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    app: Arc<App>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(stream, peer, router.clone(), app.clone(), shutdown.clone()));
                }
                Err(err) => {
                    tracing::warn!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = stopped(&mut shutdown) => break,
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        tracing::warn!("requests still in flight after the grace period: aborted");
        connections.abort_all();
    }
    tracing::info!("idc-emulator stopped");
}

/// Resolves once shutdown is asked for (or the emulator is dropped).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    app: Arc<App>,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let router = router.clone();
        let app = app.clone();
        async move {
            app.recorder.record(&req);
            let cloud = Cloud::of(req.uri().path(), req.headers());
            let request_id = RequestId::new(cloud);
            let mut req = req.map(Body::new);
            req.extensions_mut().insert(request_id.clone());
            let Ok(mut response) = router.oneshot(req).await;
            if response.extensions().get::<AbortConnection>().is_some() {
                return Err(InjectedReset);
            }
            if let Ok(value) = http::HeaderValue::from_str(&request_id.0) {
                response.headers_mut().insert("x-request-id", value);
            }
            Ok::<_, InjectedReset>(response)
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.keep_alive(true);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = stopped(&mut shutdown) => {
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(err) = result {
        tracing::debug!(%peer, %err, "connection ended with an error");
    }
}

/// The id the accept loop gave the request (the one in `X-Request-Id`).
fn request_id(req: &Request, cloud: Cloud) -> RequestId {
    req.extensions()
        .get::<RequestId>()
        .cloned()
        .unwrap_or_else(|| RequestId::new(cloud))
}

async fn not_found(State(app): State<Arc<App>>, req: Request) -> Response {
    let cloud = Cloud::of(req.uri().path(), req.headers());
    let request_id = request_id(&req, cloud);
    respond::route_error(
        &app,
        cloud,
        http::StatusCode::NOT_FOUND,
        req.uri().path(),
        &request_id,
    )
}

async fn method_not_allowed(State(app): State<Arc<App>>, req: Request) -> Response {
    let cloud = Cloud::of(req.uri().path(), req.headers());
    let request_id = request_id(&req, cloud);
    let mut response = respond::route_error(
        &app,
        cloud,
        http::StatusCode::METHOD_NOT_ALLOWED,
        req.uri().path(),
        &request_id,
    );
    response.headers_mut().insert(
        http::header::ALLOW,
        http::HeaderValue::from_static("GET,HEAD"),
    );
    response
}
