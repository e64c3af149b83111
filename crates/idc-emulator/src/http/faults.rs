//! Deterministic fault injection: [`FaultPlan`] and [`Fault`].

use std::ops::{Bound, RangeBounds};
use std::time::Duration;

use rand::{Rng, SeedableRng, rngs::StdRng};

/// One injected fault.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// Wait this long, then answer normally.
    Latency(Duration),
    /// Answer with this status and the cloud's error body (`429` gets Huawei's throttling code
    /// `APIG.0308`), with `Retry-After: <seconds>` when given. Authentication is not checked.
    Status {
        /// The HTTP status, 100 to 999 (an invalid one is answered as 500).
        status: u16,
        /// The `Retry-After` header, in seconds.
        retry_after: Option<u64>,
    },
    /// Close the connection without answering: the client sees a transport error.
    ConnectionReset,
    /// Answer normally, but send only the first half of the body, with the `Content-Length` of the
    /// whole body, then close the connection.
    TruncatedBody,
    /// Answer `200` with a `Content-Type: application/json` body that is not valid JSON.
    MalformedJson,
    /// Break pagination. Huawei: the page's `next_marker` is the marker the request was called
    /// with, or, for a first page, a marker that leads back to the first page (never `null`, so a
    /// paginator that does not notice loops forever). SCP: the content of page 0 is served whatever
    /// `page` asks for (like a service that ignores `page`), with the requested `page` echoed.
    RepeatedMarker,
}

#[derive(Clone, Debug, PartialEq)]
enum When {
    Requests { first: usize, last: Option<usize> },
    Writes { first: usize, last: Option<usize> },
    Probability(f64),
    Always,
}

/// A deterministic plan of faults. The default plan injects nothing.
///
/// A [`FaultPlan`] decides, for the n-th request to a data endpoint (one of the three list
/// operations, counted from 1 in arrival order, whatever its outcome), whether to inject a
/// [`Fault`]. Other paths (unknown paths, wrong methods) are neither counted nor faulted. The rules
/// are tried in the order they were added and the first that applies wins. Probabilistic rules draw
/// from a generator seeded with the plan's seed and the request number, so a plan gives the same
/// faults to the same request numbers on every run, whatever the timing.
///
/// ```
/// use std::time::Duration;
/// use idc_emulator::{Fault, FaultPlan};
///
/// let plan = FaultPlan::new(7)
///     .on_request(1, Fault::Status { status: 503, retry_after: Some(1) })
///     .on_requests(3..=4, Fault::Latency(Duration::from_millis(200)))
///     .with_probability(0.1, Fault::ConnectionReset);
/// assert_eq!(plan.fault_for(1), Some(&Fault::Status { status: 503, retry_after: Some(1) }));
/// assert_eq!(plan.fault_for(2), plan.fault_for(2)); // deterministic
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FaultPlan {
    seed: u64,
    rules: Vec<(When, Fault)>,
}

impl FaultPlan {
    /// An empty plan whose probabilistic rules draw from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            seed,
            rules: Vec::new(),
        }
    }

    /// Injects `fault` into the `n`-th data request (1-based).
    pub fn on_request(self, n: usize, fault: Fault) -> Self {
        self.on_requests(n..=n, fault)
    }

    /// Injects `fault` into the data requests whose numbers (1-based) are in `range`.
    pub fn on_requests(mut self, range: impl RangeBounds<usize>, fault: Fault) -> Self {
        let first = match range.start_bound() {
            Bound::Included(&n) => n,
            Bound::Excluded(&n) => n.saturating_add(1),
            Bound::Unbounded => 1,
        };
        let last = match range.end_bound() {
            Bound::Included(&n) => Some(n),
            Bound::Excluded(&n) => Some(n.saturating_sub(1)),
            Bound::Unbounded => None,
        };
        self.rules.push((When::Requests { first, last }, fault));
        self
    }

    /// Injects `fault` into the `n`-th data request that is a write (an operation that changes
    /// state: every one but `List...`, `Describe...`, `Show...`, `Get...`, `Is...`,
    /// `BatchList...`; counted from 1 apart from the reads), e.g. to stop a run of deletes at its
    /// third.
    ///
    /// ```
    /// use idc_emulator::{Fault, FaultPlan};
    ///
    /// let plan = FaultPlan::new(0).on_write(3, Fault::Status { status: 403, retry_after: None });
    /// assert_eq!(plan.fault_for_request(7, Some(2)), None);
    /// assert!(plan.fault_for_request(8, Some(3)).is_some());
    /// assert_eq!(plan.fault_for(3), None); // a read
    /// ```
    pub fn on_write(mut self, n: usize, fault: Fault) -> Self {
        self.rules.push((
            When::Writes {
                first: n,
                last: Some(n),
            },
            fault,
        ));
        self
    }

    /// Injects `fault` into each data request with probability `p` (clamped to 0..=1).
    pub fn with_probability(mut self, p: f64, fault: Fault) -> Self {
        let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        self.rules.push((When::Probability(p), fault));
        self
    }

    /// Injects `fault` into every data request (that no earlier rule took).
    pub fn always(mut self, fault: Fault) -> Self {
        self.rules.push((When::Always, fault));
        self
    }

    /// Whether the plan injects nothing.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The fault for the `n`-th data request (1-based), if any, that request being a read.
    pub fn fault_for(&self, n: usize) -> Option<&Fault> {
        self.fault_for_request(n, None)
    }

    /// The fault for the `n`-th data request (1-based), if any; `write` is its number among the
    /// writes when it is one.
    pub fn fault_for_request(&self, n: usize, write: Option<usize>) -> Option<&Fault> {
        self.rules
            .iter()
            .enumerate()
            .find_map(|(i, (when, fault))| {
                let applies = match *when {
                    When::Requests { first, last } => {
                        n >= first && last.is_none_or(|last| n <= last)
                    }
                    When::Writes { first, last } => {
                        write.is_some_and(|w| w >= first && last.is_none_or(|last| w <= last))
                    }
                    When::Probability(p) => {
                        let stream =
                            (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ ((i as u64) << 48);
                        let mut rng = StdRng::seed_from_u64(self.seed ^ stream);
                        rng.random_bool(p)
                    }
                    When::Always => true,
                };
                applies.then_some(fault)
            })
    }
}
