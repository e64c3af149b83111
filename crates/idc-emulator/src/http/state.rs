//! The state every request handler shares.

use std::sync::RwLock;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use idc::clock::SharedClock;

use crate::http::faults::FaultPlan;
use crate::http::recorder::Recorder;
use crate::store::tables::Store;

/// The state the handlers share.
#[derive(Debug)]
pub(crate) struct App {
    /// The rows, behind the one lock: a request reads one consistent state, a write changes it
    /// whole.
    pub(crate) store: RwLock<Store>,
    pub(crate) clock: SharedClock,
    pub(crate) verify_signatures: bool,
    /// Whether SCP API versions past their Not Before date are still served (and announced).
    pub(crate) serve_past_versions: bool,
    pub(crate) faults: RwLock<FaultPlan>,
    pub(crate) data_requests: AtomicUsize,
    /// The data requests that are writes, counted for [`FaultPlan::on_write`].
    pub(crate) data_writes: AtomicUsize,
    pub(crate) recorder: Recorder,
    /// How long an asynchronous operation stays `IN_PROGRESS` before its second half
    /// (`Context::later`) is applied.
    pub(crate) async_delay: Duration,
}

/// Marks a response that must not be sent: the connection is closed instead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AbortConnection;
