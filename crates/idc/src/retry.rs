//! Retries: which failures are retried, how often, and how long to wait in between.
//!
//! The [standard](RetryPolicy::standard) policy makes at most 3 attempts, waiting a random time between
//! zero and an exponentially growing cap before each retry ("full jitter"), or what the service asked
//! for in `Retry-After` (at most the maximum backoff). `Retry-After` is read on HTTP 429 (and
//! Huawei's throttling codes `APIG.0308`/`APIGW.0308`) and HTTP 503, the two answers it is defined
//! for; on a 500, 502 or 504 it is ignored and the jittered backoff applies. What is retried is decided by [`Error::is_retryable`]:
//! transport errors, attempt timeouts, throttling, HTTP 500/502/503/504 and Huawei's `IIC.1006`; never
//! another 4xx. Every attempt is signed anew.
//!
//! ## Writes are never repeated by accident
//!
//! Each operation says in its spec whether sending it twice may do it twice ([`RetrySafety`]):
//! reads, puts and deletes (and the POSTs that only read, delete or disable) are
//! [`Safe`](RetrySafety::Safe) and retried as above. A create is
//! [`Unsafe`](RetrySafety::Unsafe): it is retried only when the request provably never reached the
//! service (connecting failed, so nothing was sent) or when the service throttled it (429: it was
//! refused, not performed). After an attempt timeout, a connection reset or closed after sending,
//! or a 5xx, the service may have performed it: the operation fails with
//! [`Error::OutcomeUnknown`], which names the read that tells whether
//! it happened, and nothing is sent again. Any other answer of the service (a 4xx) is returned as
//! it is: it says the request was refused.
//!
//! ```
//! use std::time::Duration;
//! use idc::retry::RetryPolicy;
//!
//! let policy = RetryPolicy::standard()
//!     .with_max_attempts(5)
//!     .with_initial_backoff(Duration::from_millis(50))
//!     .with_max_backoff(Duration::from_secs(5));
//! assert_eq!(policy.max_attempts(), 5);
//! assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
//! ```

use std::time::{Duration, SystemTime};

use crate::error::{Error, TimeoutKind};

/// Whether an operation may be sent again after a failure, from its spec (`x-idc-retry`): by
/// default GET, PUT and DELETE may, POST may not. See the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetrySafety {
    /// Sending it twice does no more than sending it once: retried on every retryable failure.
    Safe,
    /// Sending it twice may do it twice (a create): retried only when it provably was not sent,
    /// or on 429.
    Unsafe {
        /// The read that tells whether it happened (`ListAccountAssignments`).
        outcome_read: &'static str,
    },
}

impl RetrySafety {
    /// Whether a failed attempt of an operation of this safety may be sent again (attempts left
    /// permitting).
    pub(crate) fn may_retry(self, error: &Error) -> bool {
        match self {
            Self::Safe => error.is_retryable(),
            Self::Unsafe { .. } => {
                error.is_retryable()
                    && (error.was_not_sent() || matches!(error, Error::Throttled { .. }))
            }
        }
    }

    /// The error an operation of this safety fails with: for an unsafe one that may have
    /// reached the service (a timeout, a broken exchange, a 5xx), [`Error::OutcomeUnknown`].
    pub(crate) fn final_error(self, operation: &'static str, error: Error) -> Error {
        match self {
            Self::Unsafe { outcome_read } if outcome_may_be_performed(&error) => {
                Error::OutcomeUnknown {
                    operation,
                    read: outcome_read,
                    source: Box::new(error),
                }
            }
            _ => error,
        }
    }
}

/// Whether the service may have performed a request that failed with `error`: the attempt or
/// the operation timed out while it was out, the exchange broke after connecting, or the
/// service failed (5xx) while handling it.
fn outcome_may_be_performed(error: &Error) -> bool {
    match error {
        Error::Timeout { kind, .. } => *kind != TimeoutKind::Connect,
        Error::Transport { .. } => !error.was_not_sent(),
        Error::Service(e) => e.status >= 500,
        _ => false,
    }
}

/// How failed attempts are retried. See the [module docs](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryPolicy {
    /// At most 3 attempts, backoff from 100 ms doubling up to 20 s, with full jitter.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt, no retries.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Sets the number of attempts, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the cap of the wait before the first retry; it doubles for each further retry.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Sets the longest wait between two attempts, `Retry-After` included.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The number of attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The cap of the wait before retry number `retry` (1-based): `initial * 2^(retry-1)`, at most
    /// the maximum backoff.
    pub fn backoff_cap(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .checked_mul(factor)
            .unwrap_or(self.max_backoff)
            .min(self.max_backoff)
    }

    /// How long to wait before retry number `retry` (1-based): what the service asked for, if it did
    /// (at most the maximum backoff), otherwise a uniformly random time up to [`Self::backoff_cap`].
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.max_backoff),
            None => {
                let cap = self.backoff_cap(retry);
                if cap.is_zero() {
                    cap
                } else {
                    // Jitter needs no cryptographic randomness: fastrand (wyrand) is enough.
                    let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
                    Duration::from_nanos(fastrand::u64(0..=nanos))
                }
            }
        }
    }
}

/// Parses a `Retry-After` value: delay-seconds or an HTTP date (relative to `now`).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_cap_doubles_up_to_the_maximum() {
        let p = RetryPolicy::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(750));
        assert_eq!(p.backoff_cap(1), Duration::from_millis(100));
        assert_eq!(p.backoff_cap(2), Duration::from_millis(200));
        assert_eq!(p.backoff_cap(3), Duration::from_millis(400));
        assert_eq!(p.backoff_cap(4), Duration::from_millis(750));
        assert_eq!(p.backoff_cap(60), Duration::from_millis(750), "no overflow");
    }

    #[test]
    fn jittered_delays_stay_within_the_cap_and_vary() {
        let p = RetryPolicy::standard().with_initial_backoff(Duration::from_millis(100));
        let delays: Vec<_> = (0..200).map(|_| p.delay(2, None)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(200)));
        let first = delays[0];
        assert!(delays.iter().any(|d| *d != first), "full jitter is random");
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = RetryPolicy::standard().with_max_backoff(Duration::from_secs(5));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn retry_after_parses_seconds_and_dates() {
        let now = httpdate::parse_http_date("Tue, 24 Nov 2026 10:00:00 GMT").unwrap();
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Tue, 24 Nov 2026 10:00:07 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Tue, 24 Nov 2026 09:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    fn service(status: u16, code: Option<&str>) -> Error {
        Error::Service(Box::new(crate::error::ServiceError {
            cloud: crate::error::Cloud::Huawei,
            service: "Huawei Cloud IAM Identity Center",
            status,
            code: code.map(str::to_owned),
            message: None,
            request_id: Some("rq-1".into()),
            details: Vec::new(),
            raw_body: bytes::Bytes::new(),
            body_truncated: false,
            retry_after: None,
        }))
    }

    fn timeout(kind: TimeoutKind) -> Error {
        Error::Timeout {
            kind,
            after: Duration::from_secs(1),
        }
    }

    #[test]
    fn an_unsafe_operation_is_retried_only_when_not_sent_or_throttled() {
        let create = RetrySafety::Unsafe {
            outcome_read: "ListThings",
        };
        let throttled = Error::Throttled {
            retry_after: None,
            error: match service(429, None) {
                Error::Service(e) => e,
                _ => unreachable!(),
            },
        };
        assert!(create.may_retry(&throttled));
        assert!(create.may_retry(&timeout(TimeoutKind::Connect)));
        for sent in [
            service(503, None),
            service(500, None),
            service(409, Some("IIC.1006")),
            timeout(TimeoutKind::Attempt),
            Error::Transport {
                message: "connection reset".into(),
                source: None,
            },
        ] {
            assert!(!create.may_retry(&sent), "{sent:?}");
            assert!(RetrySafety::Safe.may_retry(&sent), "safe: {sent:?}");
        }
    }

    #[test]
    fn an_unsafe_operation_that_may_have_happened_fails_with_an_unknown_outcome() {
        let create = RetrySafety::Unsafe {
            outcome_read: "ListThings",
        };
        for maybe in [
            service(503, None),
            timeout(TimeoutKind::Attempt),
            timeout(TimeoutKind::Operation),
            Error::Transport {
                message: "connection closed before message completed".into(),
                source: None,
            },
        ] {
            let e = create.final_error("CreateThing", maybe);
            let Error::OutcomeUnknown {
                operation, read, ..
            } = &e
            else {
                panic!("{e:?}")
            };
            assert_eq!((*operation, *read), ("CreateThing", "ListThings"));
            assert!(e.to_string().contains("call ListThings"), "{e}");
            assert!(!e.is_retryable());
        }
        // Refused, or never sent: the error as it is.
        for known in [
            service(400, None),
            service(409, Some("IIC.1006")),
            timeout(TimeoutKind::Connect),
        ] {
            let e = create.final_error("CreateThing", known);
            assert!(!matches!(e, Error::OutcomeUnknown { .. }), "{e:?}");
        }
        let e = RetrySafety::Safe.final_error("DeleteThing", service(503, None));
        assert!(matches!(e, Error::Service(_)), "{e:?}");
    }

    #[test]
    fn at_least_one_attempt() {
        assert_eq!(
            RetryPolicy::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
