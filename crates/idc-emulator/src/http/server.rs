//! The HTTP server: builder, accept loop, request recording, routing and the fault wrapper.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use futures::StreamExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use idc::clock::{SharedClock, SystemClock};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::http::faults::FaultPlan;
use crate::http::recorder::{RecordedRequest, Recorder, RecorderLimits};
use crate::http::responses::{self, Cloud, RequestId};
use crate::http::state::{AbortConnection, App};
use crate::store::dataset::DataSet;
use crate::store::error::DataError;

use crate::http::recorder::MAX_RECORDED_REQUESTS;

/// How long a client may take to send a request's headers, by default; see
/// [`EmulatorBuilder::header_read_timeout`].
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may stay silent, by default; see [`EmulatorBuilder::idle_timeout`].
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an asynchronous operation answers `IN_PROGRESS`, by default; see
/// [`EmulatorBuilder::async_delay`].
pub const DEFAULT_ASYNC_DELAY: Duration = Duration::from_millis(100);
/// How many connections are served at once, by default; see
/// [`EmulatorBuilder::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 128;
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

/// Configures and starts an emulator. Its `Debug` does not show the data set's secret keys.
#[derive(Debug)]
pub struct EmulatorBuilder {
    data: Option<DataSet>,
    faults: FaultPlan,
    clock: SharedClock,
    verify_signatures: bool,
    serve_past_versions: bool,
    addr: SocketAddr,
    limits: ConnectionLimits,
    recorder: RecorderLimits,
    async_delay: Duration,
}

/// How the server protects itself from clients that connect and do not finish.
#[derive(Clone, Copy, Debug)]
struct ConnectionLimits {
    header_read_timeout: Duration,
    idle_timeout: Duration,
    max_connections: usize,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            data: None,
            faults: FaultPlan::default(),
            clock: Arc::new(SystemClock),
            verify_signatures: true,
            serve_past_versions: false,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            limits: ConnectionLimits {
                header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
                idle_timeout: DEFAULT_IDLE_TIMEOUT,
                max_connections: DEFAULT_MAX_CONNECTIONS,
            },
            recorder: RecorderLimits::default(),
            async_delay: DEFAULT_ASYNC_DELAY,
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

    /// Whether to keep serving SCP API versions whose Not Before date has passed (default: `false`).
    ///
    /// A Not Before date is the minimum a version is guaranteed to work; after it the service may
    /// refuse the version. By default the emulator models that retirement: such a version is refused
    /// with `400 UnsupportedApiVersion` and left out of the service root's version list. With `true`
    /// it is served and listed as the spec's table has it, e.g. to see the responses of an older
    /// version whose fields differ.
    pub fn serve_past_versions(mut self, serve: bool) -> Self {
        self.serve_past_versions = serve;
        self
    }

    /// The address to listen on (default: `127.0.0.1:0`, a free port on the loopback interface).
    /// The emulator has no TLS: prefer a loopback address.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// How long a client may take to send a request's line and headers (default
    /// [`DEFAULT_HEADER_READ_TIMEOUT`], 10 s), counted from when the server starts waiting for
    /// them: on a kept-alive connection, from the end of the previous response. A connection that
    /// does not finish in time is closed. Zero is taken as one millisecond.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How long a connection may go without reading or writing a byte while no request is being
    /// answered (default [`DEFAULT_IDLE_TIMEOUT`], 60 s); a request body that stalls this long is
    /// also abandoned. The connection is then closed. Zero is taken as one millisecond.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How many connections are served at once (default [`DEFAULT_MAX_CONNECTIONS`], 128; zero is
    /// taken as one). Further connections wait in the listen backlog, unaccepted, until one
    /// closes; keep it below the process's file descriptor limit.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max.max(1);
        self
    }

    /// Whether to record requests for [`RunningEmulator::requests`] (default `true`). Off, they
    /// are still counted by [`RunningEmulator::request_count`].
    pub fn record_requests(mut self, record: bool) -> Self {
        if record {
            if self.recorder.max_requests == 0 {
                self.recorder.max_requests = MAX_RECORDED_REQUESTS;
            }
        } else {
            self.recorder.max_requests = 0;
        }
        self
    }

    /// How many requests are kept for [`RunningEmulator::requests`] (default
    /// [`MAX_RECORDED_REQUESTS`]); the oldest are dropped first. Zero keeps none.
    pub fn max_recorded_requests(mut self, max: usize) -> Self {
        self.recorder.max_requests = max;
        self
    }

    /// How many bytes of requests (method, path, query, headers) are kept for
    /// [`RunningEmulator::requests`] (default [`MAX_RECORDED_BYTES`](crate::MAX_RECORDED_BYTES),
    /// 32 MiB); the oldest are
    /// dropped first, and a single request larger than this is counted but not kept.
    pub fn max_recorded_bytes(mut self, max: usize) -> Self {
        self.recorder.max_bytes = max;
        self
    }

    /// How long an asynchronous operation (Huawei's assignment creation and deletion, permission
    /// set provisioning) answers `IN_PROGRESS` before it reaches `SUCCEEDED` or `FAILED`
    /// (default [`DEFAULT_ASYNC_DELAY`], 100 ms). A longer delay makes
    /// the in-progress window easy to observe in a test; zero still answers `IN_PROGRESS` first.
    pub fn async_delay(mut self, delay: Duration) -> Self {
        self.async_delay = delay;
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
            store: RwLock::new(crate::store::tables::Store::new(data)),
            clock: self.clock,
            verify_signatures: self.verify_signatures,
            serve_past_versions: self.serve_past_versions,
            faults: RwLock::new(self.faults),
            data_requests: AtomicUsize::new(0),
            data_writes: AtomicUsize::new(0),
            recorder: Recorder::new(self.recorder),
            async_delay: self.async_delay,
        });
        let router = router(app.clone());
        let (shutdown, shutdown_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(
            listener,
            router,
            app.clone(),
            self.limits,
            shutdown_rx,
        ));
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

    /// The requests received so far (all paths, in arrival order): the last ones, within the
    /// limits of [`EmulatorBuilder::max_recorded_requests`] (default [`MAX_RECORDED_REQUESTS`])
    /// and [`EmulatorBuilder::max_recorded_bytes`] (default
    /// [`MAX_RECORDED_BYTES`](crate::MAX_RECORDED_BYTES)); none when
    /// recording is off.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.app.recorder.requests()
    }

    /// How many requests were received so far (all paths, recorded or not).
    pub fn request_count(&self) -> usize {
        self.app.recorder.count()
    }

    /// The most requests handled at once (from receipt to the response, injected latency
    /// included) since the start or [`clear_requests`](Self::clear_requests): what a client
    /// promising to keep at most N requests in flight can be checked against.
    pub fn peak_in_flight(&self) -> usize {
        self.app.recorder.peak_in_flight()
    }

    /// Forgets the recorded requests and resets [`request_count`](Self::request_count) and
    /// [`peak_in_flight`](Self::peak_in_flight).
    pub fn clear_requests(&self) {
        self.app.recorder.clear();
    }

    /// Replaces the fault plan, and numbers the data requests (and the writes among them) from 1
    /// again.
    pub fn set_faults(&self, faults: FaultPlan) {
        let mut plan = self
            .app
            .faults
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        *plan = faults;
        self.app.data_requests.store(0, Ordering::SeqCst);
        self.app.data_writes.store(0, Ordering::SeqCst);
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

/// The error a connection is failed with to close it without an answer.
#[derive(Debug, thiserror::Error)]
#[error("connection closed by an injected fault")]
struct InjectedReset;

fn router(app: Arc<App>) -> Router {
    crate::http::dispatch::router(crate::generated::ROUTES)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    app: Arc<App>,
    limits: ConnectionLimits,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    // One permit per connection: at the limit, new connections wait in the backlog, unaccepted.
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    'serve: loop {
        let permit = loop {
            if let Ok(permit) = slots.clone().try_acquire_owned() {
                break permit;
            }
            tracing::debug!(
                max_connections = limits.max_connections,
                "connection limit reached"
            );
            tokio::select! {
                permit = slots.clone().acquire_owned() => match permit {
                    Ok(permit) => break permit,
                    Err(_) => break 'serve,
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
                () = stopped(&mut shutdown) => break 'serve,
            }
        };
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(serve_connection(
                        stream,
                        peer,
                        router.clone(),
                        app.clone(),
                        limits,
                        shutdown.clone(),
                        permit,
                    ));
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

/// When a connection last moved a byte, and whether a request is being answered on it.
#[derive(Debug)]
struct Activity {
    start: Instant,
    /// Milliseconds since `start` of the last read or write.
    last: AtomicU64,
    in_flight: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            last: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }

    /// Resolves once no byte has moved for `limit` while no request was being answered.
    async fn idle(&self, limit: Duration) {
        let tick = (limit / 4).clamp(Duration::from_millis(5), Duration::from_secs(1));
        loop {
            tokio::time::sleep(tick).await;
            if self.in_flight.load(Ordering::SeqCst) == 0 && self.idle_for() >= limit {
                return;
            }
        }
    }
}

/// Marks a request as being answered until dropped.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::SeqCst);
        Self(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A stream that records its activity.
struct TrackedIo<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S: AsyncRead + Unpin> AsyncRead for TrackedIo<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for TrackedIo<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A request body that fails when no chunk arrives for `idle`.
#[derive(Debug, thiserror::Error)]
#[error("the request body stalled for longer than the idle timeout")]
struct BodyStalled;

fn with_idle_timeout(body: Incoming, idle: Duration) -> Body {
    let chunks = Body::new(body).into_data_stream();
    let timed = futures::stream::unfold(Some(chunks), move |chunks| async move {
        let mut chunks = chunks?;
        match tokio::time::timeout(idle, chunks.next()).await {
            Ok(Some(chunk)) => Some((chunk, Some(chunks))),
            Ok(None) => None,
            Err(_) => Some((Err(axum::Error::new(BodyStalled)), None)),
        }
    });
    Body::from_stream(timed)
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    router: Router,
    app: Arc<App>,
    limits: ConnectionLimits,
    mut shutdown: watch::Receiver<bool>,
    _slot: tokio::sync::OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let tracked = activity.clone();
    let service = hyper::service::service_fn(move |req: http::Request<Incoming>| {
        let router = router.clone();
        let app = app.clone();
        let in_flight = InFlight::new(tracked.clone());
        async move {
            let _in_flight = in_flight;
            let _handling = app.recorder.handling();
            app.recorder.record(&req);
            let cloud = crate::http::dispatch::cloud_of(
                crate::generated::ROUTES,
                req.uri().path(),
                req.headers(),
            );
            let request_id = RequestId::new(cloud);
            let mut req = req.map(|body| with_idle_timeout(body, limits.idle_timeout));
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
    builder
        .keep_alive(true)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let io = TrackedIo {
        inner: stream,
        activity: activity.clone(),
    };
    let connection = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = activity.idle(limits.idle_timeout) => {
            tracing::debug!(%peer, "closing an idle connection");
            return;
        }
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
    let cloud =
        crate::http::dispatch::cloud_of(crate::generated::ROUTES, req.uri().path(), req.headers());
    let request_id = request_id(&req, cloud);
    responses::route_error(
        &app,
        cloud,
        http::StatusCode::NOT_FOUND,
        req.uri().path(),
        &request_id,
    )
}

async fn method_not_allowed(State(app): State<Arc<App>>, req: Request) -> Response {
    let cloud =
        crate::http::dispatch::cloud_of(crate::generated::ROUTES, req.uri().path(), req.headers());
    let request_id = request_id(&req, cloud);
    let mut response = responses::route_error(
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
