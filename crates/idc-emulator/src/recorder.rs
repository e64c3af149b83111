//! The requests the emulator received, for tests to inspect.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// How many requests [`RunningEmulator::requests`](crate::RunningEmulator::requests) keeps (the
/// oldest are dropped).
pub const MAX_RECORDED_REQUESTS: usize = 100_000;

/// One request as the emulator received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The path, as received (still percent-encoded).
    pub path: String,
    /// The query string as received, without `?`; `None` when the URL had none.
    pub query: Option<String>,
    /// The headers in the order received, names in lower case (values not valid UTF-8 are
    /// converted lossily).
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query parameters, decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes())
            .into_owned()
            .collect()
    }
}

/// Every request received, newest last, and how many there were.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub(crate) requests: Mutex<VecDeque<RecordedRequest>>,
    pub(crate) count: AtomicUsize,
}

impl Recorder {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<RecordedRequest>> {
        self.requests.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn record<B>(&self, req: &http::Request<B>) {
        let recorded = RecordedRequest {
            method: req.method().to_string(),
            path: req.uri().path().to_owned(),
            query: req.uri().query().map(str::to_owned),
            headers: req
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        };
        let mut requests = self.lock();
        if requests.len() >= MAX_RECORDED_REQUESTS {
            requests.pop_front();
        }
        requests.push_back(recorded);
        self.count.fetch_add(1, Ordering::SeqCst);
    }
}
