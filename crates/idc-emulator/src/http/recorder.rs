//! The request recorder behind [`RunningEmulator::requests`](crate::RunningEmulator::requests):
//! bounded by a number of requests and by bytes, and optional.

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::http::signatures::{REDACTED, is_secret_header};

/// How many requests [`RunningEmulator::requests`](crate::RunningEmulator::requests) keeps by
/// default (the oldest are dropped); see
/// [`EmulatorBuilder::max_recorded_requests`](crate::EmulatorBuilder::max_recorded_requests).
pub const MAX_RECORDED_REQUESTS: usize = 100_000;

/// How many bytes of requests (method, path, query, header names and values, plus a small
/// overhead each) are kept by default: 32 MiB; see
/// [`EmulatorBuilder::max_recorded_bytes`](crate::EmulatorBuilder::max_recorded_bytes).
pub const MAX_RECORDED_BYTES: usize = 32 << 20;

/// What a recorded request costs besides its text: the struct, and each header's pair of strings.
const REQUEST_OVERHEAD: usize = 128;
const HEADER_OVERHEAD: usize = 48;

/// One request as the emulator received it. Its `Debug` shows the values of secret headers
/// (`Authorization`, `X-Security-Token`, `Scp-Signature`, ...) as `***`.
#[derive(Clone, PartialEq, Eq)]
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

impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A recorded request holds what a client signed with: a test that prints one must not
        // print its token.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if is_secret_header(name) {
                    REDACTED
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("RecordedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .finish()
    }
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

    /// About how many bytes of memory this request holds.
    fn cost(&self) -> usize {
        REQUEST_OVERHEAD
            + self.method.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + self
                .headers
                .iter()
                .map(|(n, v)| HEADER_OVERHEAD + n.len() + v.len())
                .sum::<usize>()
    }
}

/// The recorder's limits: at most `max_requests` requests and `max_bytes` bytes are kept, the
/// oldest dropped first; zero for either keeps nothing (requests are still counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RecorderLimits {
    pub(crate) max_requests: usize,
    pub(crate) max_bytes: usize,
}

impl Default for RecorderLimits {
    fn default() -> Self {
        Self {
            max_requests: MAX_RECORDED_REQUESTS,
            max_bytes: MAX_RECORDED_BYTES,
        }
    }
}

#[derive(Default)]
struct Kept {
    requests: VecDeque<(RecordedRequest, usize)>,
    bytes: usize,
}

/// Keeps the last requests within its limits, and counts them all, and how many are handled at
/// once. Its `Debug` is a summary (limits and counts): the requests can hold up to 32 MiB of
/// signed headers.
#[derive(Default)]
pub(crate) struct Recorder {
    limits: RecorderLimits,
    kept: Mutex<Kept>,
    count: AtomicUsize,
    in_flight: AtomicUsize,
    peak_in_flight: AtomicUsize,
}

/// A request being handled: counted in flight until dropped.
#[derive(Debug)]
pub(crate) struct Handling<'a>(&'a Recorder);

impl Drop for Handling<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kept = self.lock();
        f.debug_struct("Recorder")
            .field("limits", &self.limits)
            .field("count", &self.count())
            .field("kept", &kept.requests.len())
            .field("kept_bytes", &kept.bytes)
            .finish()
    }
}

impl Recorder {
    pub(crate) fn new(limits: RecorderLimits) -> Self {
        Self {
            limits,
            kept: Mutex::default(),
            count: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            peak_in_flight: AtomicUsize::new(0),
        }
    }

    /// A request starts being handled; it ends when the guard is dropped.
    pub(crate) fn handling(&self) -> Handling<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        Handling(self)
    }

    /// The most requests handled at once.
    pub(crate) fn peak_in_flight(&self) -> usize {
        self.peak_in_flight.load(Ordering::SeqCst)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts `req`, and keeps a copy of it unless recording is off or it alone is over the byte
    /// limit.
    pub(crate) fn record<B>(&self, req: &http::Request<B>) {
        self.count.fetch_add(1, Ordering::SeqCst);
        let RecorderLimits {
            max_requests,
            max_bytes,
        } = self.limits;
        if max_requests == 0 || max_bytes == 0 {
            return;
        }
        // Cheap check first: do not even copy a request that cannot be kept.
        let headers_size: usize = req
            .headers()
            .iter()
            .map(|(n, v)| HEADER_OVERHEAD + n.as_str().len() + v.len())
            .sum();
        if headers_size.saturating_add(REQUEST_OVERHEAD) > max_bytes {
            tracing::debug!(headers_size, max_bytes, "request too large to record");
            return;
        }
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
        let cost = recorded.cost();
        if cost > max_bytes {
            tracing::debug!(cost, max_bytes, "request too large to record");
            return;
        }
        let mut kept = self.lock();
        while !kept.requests.is_empty()
            && (kept.requests.len() >= max_requests || kept.bytes + cost > max_bytes)
        {
            if let Some((_, dropped)) = kept.requests.pop_front() {
                kept.bytes -= dropped;
            }
        }
        kept.bytes += cost;
        kept.requests.push_back((recorded, cost));
    }

    /// The requests kept, oldest first.
    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        self.lock()
            .requests
            .iter()
            .map(|(r, _)| r.clone())
            .collect()
    }

    /// How many requests were counted.
    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Forgets the requests kept and resets the count and the peak (to the requests in flight).
    pub(crate) fn clear(&self) {
        let mut kept = self.lock();
        kept.requests.clear();
        kept.bytes = 0;
        self.count.store(0, Ordering::SeqCst);
        self.peak_in_flight
            .store(self.in_flight.load(Ordering::SeqCst), Ordering::SeqCst);
    }

    /// The bytes currently kept (for tests).
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, header_bytes: usize) -> http::Request<()> {
        http::Request::builder()
            .uri(path)
            .header("x-big", "a".repeat(header_bytes))
            .body(())
            .unwrap()
    }

    #[test]
    fn both_limits_hold_and_the_oldest_go_first() {
        let recorder = Recorder::new(RecorderLimits {
            max_requests: 3,
            max_bytes: 10_000,
        });
        for i in 0..5 {
            recorder.record(&request(&format!("/r{i}"), 10));
        }
        let paths: Vec<_> = recorder.requests().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/r2", "/r3", "/r4"]);
        assert_eq!(recorder.count(), 5);

        let recorder = Recorder::new(RecorderLimits {
            max_requests: 100,
            max_bytes: 5_000,
        });
        for i in 0..50 {
            recorder.record(&request(&format!("/b{i}"), 1_000));
        }
        let kept = recorder.requests();
        assert!(kept.len() <= 4 && !kept.is_empty(), "{}", kept.len());
        assert_eq!(kept.last().unwrap().path, "/b49");
        assert!(recorder.bytes() <= 5_000, "{}", recorder.bytes());
        assert_eq!(recorder.count(), 50);

        // One request over the whole budget is counted, not kept, and evicts nothing.
        recorder.record(&request("/huge", 10_000));
        assert_eq!(recorder.requests().last().unwrap().path, "/b49");
        assert_eq!(recorder.count(), 51);

        recorder.clear();
        assert_eq!(
            (
                recorder.requests().len(),
                recorder.count(),
                recorder.bytes()
            ),
            (0, 0, 0)
        );
    }

    #[test]
    fn the_peak_of_requests_in_flight_is_kept_until_cleared() {
        let recorder = Recorder::default();
        let first = recorder.handling();
        let second = recorder.handling();
        drop(first);
        let third = recorder.handling();
        assert_eq!(recorder.peak_in_flight(), 2);
        drop((second, third));
        assert_eq!(
            recorder.peak_in_flight(),
            2,
            "a peak, not the current count"
        );
        recorder.clear();
        assert_eq!(recorder.peak_in_flight(), 0);
        let _one = recorder.handling();
        assert_eq!(recorder.peak_in_flight(), 1);
    }

    #[test]
    fn debug_shows_no_secret_header_and_no_recorded_request() {
        let recorder = Recorder::default();
        let signed = http::Request::builder()
            .uri("/v1/x?marker=m")
            .header(
                "Authorization",
                "SDK-HMAC-SHA256 Access=AK, Signature=SIG-SECRET",
            )
            .header("X-Security-Token", "TOKEN-SECRET")
            .header("Scp-Signature", "SCP-SIG-SECRET")
            .header("X-Auth-Token", "AUTH-SECRET")
            .header("x-sdk-date", "20260101T000000Z")
            .body(())
            .unwrap();
        recorder.record(&signed);
        let request = &recorder.requests()[0];
        assert_eq!(request.header("x-security-token"), Some("TOKEN-SECRET"));
        let shown = format!("{request:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("(\"x-security-token\", \"***\")"), "{shown}");
        assert!(shown.contains("20260101T000000Z"), "{shown}");
        assert!(shown.contains("/v1/x"), "{shown}");

        let shown = format!("{recorder:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(
            !shown.contains("/v1/x"),
            "a summary, not the requests: {shown}"
        );
        assert!(shown.contains("count: 1, kept: 1"), "{shown}");
    }

    #[test]
    fn recording_can_be_off() {
        let recorder = Recorder::new(RecorderLimits {
            max_requests: 0,
            max_bytes: MAX_RECORDED_BYTES,
        });
        recorder.record(&request("/x", 1));
        assert!(recorder.requests().is_empty());
        assert_eq!(recorder.count(), 1);
    }
}
