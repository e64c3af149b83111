//! Waiting for asynchronous operations.
//!
//! Some writes only start their work: Huawei's CreateAccountAssignment, DeleteAccountAssignment
//! and ProvisionPermissionSet answer with a request id and a status (`IN_PROGRESS`), and a status
//! operation tells later whether the work `SUCCEEDED` or `FAILED`. The builder of each such
//! operation has, besides `send()` (the request's status as returned), `send_and_wait()` and
//! `send_and_wait_with(options)`, which send it and then poll its status operation until the
//! work is done; the status operation's builder has `wait()` and `wait_with(options)`, to wait
//! on a request id you already hold. Which operation, field and values mean what is in the spec
//! (`x-idc-waiter`).
//!
//! Waiting ends with the status operation's final answer when the status means success, with
//! [`Error::WaitFailed`] (carrying the failure reason) when it means failure, and with
//! [`Error::WaitTimedOut`] (carrying the last status seen) when the overall limit
//! ([`WaitOptions::timeout`], 5 minutes by default) passes first. Polls back off exponentially,
//! with jitter, from [`WaitOptions::initial_delay`] up to [`WaitOptions::max_delay`]. A poll that
//! fails transiently ([`Error::is_retryable`], after the client's own retries) is polled again,
//! not reported as the operation's failure; any other failure of a poll ends the wait with it.
//! A status that is none of the spec's values is treated as still in progress (and logged), so
//! that a status the service adds later does not end a wait early.
//!
//! ```no_run
//! # async fn run(client: idc::huawei::Client) -> idc::Result<()> {
//! use std::time::Duration;
//! use idc::wait::WaitOptions;
//!
//! let done = client
//!     .create_account_assignment()
//!     .instance_id("ins-36218e5b4c2c4c4d")
//!     .permission_set_id("ps-389b8cf93d6aa3ad")
//!     .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
//!     .principal_type("USER")
//!     .target_id("8c1eef3a241945f69c3d3a6b0252e783")
//!     .target_type("ACCOUNT")
//!     .send_and_wait_with(WaitOptions::default().with_timeout(Duration::from_secs(120)))
//!     .await;
//! match done {
//!     Ok(status) => println!("assigned: {:?}", status.account_assignment_creation_status),
//!     Err(idc::Error::WaitFailed { reason, .. }) => eprintln!("not assigned: {reason:?}"),
//!     Err(idc::Error::WaitTimedOut { request_id, .. }) => {
//!         // Still running: wait on the id again later.
//!         client
//!             .describe_account_assignment_creation_status()
//!             .instance_id("ins-36218e5b4c2c4c4d")
//!             .request_id(request_id)
//!             .wait()
//!             .await?;
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ```
//! use std::time::Duration;
//! use idc::wait::WaitOptions;
//!
//! let options = WaitOptions::default()
//!     .with_timeout(Duration::from_secs(60))
//!     .with_initial_delay(Duration::from_millis(500));
//! assert_eq!(options.timeout(), Duration::from_secs(60));
//! assert_eq!(WaitOptions::default().timeout(), Duration::from_secs(300));
//! ```
//!
//! [`until`] is the poll loop itself, over any closure, for a status read of your own.
//!
//! Time is measured with `tokio::time`, so a test can run a wait on tokio's paused clock.

use std::future::Future;
use std::time::Duration;

use tracing::Instrument;

use crate::error::{Error, Result};

/// How long and how often to wait. See the [module docs](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitOptions {
    timeout: Duration,
    initial_delay: Duration,
    max_delay: Duration,
}

impl Default for WaitOptions {
    /// At most 5 minutes; polls 1 second apart at first, doubling up to 10 seconds, jittered.
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl WaitOptions {
    /// Sets the overall limit of the wait, polls included.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the delay before the second poll (the first is made at once); it doubles for each
    /// further poll.
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// Sets the longest delay between two polls.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The overall limit of the wait.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The delay before the second poll.
    pub fn initial_delay(&self) -> Duration {
        self.initial_delay
    }

    /// The longest delay between two polls.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The delay after poll number `poll` (1-based): `initial * 2^(poll-1)`, at most the maximum,
    /// of which the second half is random ("equal jitter": polls of many waiters spread out, and
    /// none polls much sooner than its backoff).
    pub fn delay(&self, poll: u32) -> Duration {
        let factor = 1u32.checked_shl(poll.saturating_sub(1)).unwrap_or(u32::MAX);
        let cap = self
            .initial_delay
            .checked_mul(factor)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let half = cap / 2;
        let spread = u64::try_from((cap - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=spread))
    }
}

/// What one poll of a status says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Poll<T> {
    /// The work succeeded; `T` is the status operation's answer.
    Done(T),
    /// The work failed.
    Failed {
        /// The failure status (`FAILED`).
        status: String,
        /// Why, when the service said.
        reason: Option<String>,
    },
    /// The work is still running (or its status is not one the spec lists).
    Pending {
        /// The status, if the answer had one.
        status: Option<String>,
    },
}

/// The statuses of an asynchronous operation that mean success, failure and in progress (from the
/// spec's `x-idc-waiter`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusValues {
    success: &'static [&'static str],
    failure: &'static [&'static str],
    in_progress: &'static [&'static str],
}

impl StatusValues {
    /// The statuses that mean success, failure and in progress.
    pub const fn new(
        success: &'static [&'static str],
        failure: &'static [&'static str],
        in_progress: &'static [&'static str],
    ) -> Self {
        Self {
            success,
            failure,
            in_progress,
        }
    }

    /// What an answer whose status is `status` (and failure reason `reason`) says.
    pub fn classify<T>(
        &self,
        answer: T,
        status: Option<String>,
        reason: Option<String>,
    ) -> Poll<T> {
        match status {
            Some(s) if self.success.contains(&s.as_str()) => Poll::Done(answer),
            Some(s) if self.failure.contains(&s.as_str()) => Poll::Failed { status: s, reason },
            Some(s) if self.in_progress.contains(&s.as_str()) => Poll::Pending { status: Some(s) },
            other => {
                tracing::warn!(
                    status = ?other,
                    "a status that is neither success, failure nor in progress; waiting on"
                );
                Poll::Pending { status: other }
            }
        }
    }
}

/// Polls with `poll` until it says the work is done, failed, or `options.timeout` passes.
/// `operation` (the status operation, `DescribeAccountAssignmentCreationStatus`) and
/// `request_id` name what is waited on in logs and errors. See the [module docs](self).
///
/// ```
/// # async fn run() -> idc::Result<()> {
/// use std::time::Duration;
/// use idc::wait::{Poll, WaitOptions, until};
///
/// let mut polls = 0;
/// let options = WaitOptions::default().with_initial_delay(Duration::from_millis(1));
/// let done = until("DescribeThing", "req-1", &options, || {
///     polls += 1;
///     let answer = if polls < 3 {
///         Poll::Pending { status: Some("IN_PROGRESS".to_owned()) }
///     } else {
///         Poll::Done(polls)
///     };
///     async move { Ok(answer) }
/// })
/// .await?;
/// assert_eq!(done, 3);
/// # Ok(())
/// # }
/// ```
pub async fn until<T, F, Fut>(
    operation: &'static str,
    request_id: &str,
    options: &WaitOptions,
    mut poll: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>>>,
{
    let span = tracing::info_span!("idc.wait", operation, request_id);
    let started = tokio::time::Instant::now();
    let deadline = started + options.timeout;
    let timed_out = |last_status: Option<String>| Error::WaitTimedOut {
        operation,
        request_id: request_id.to_owned(),
        last_status,
        waited: started.elapsed(),
    };
    async {
        let mut last_status = None;
        let mut number = 0;
        loop {
            number += 1;
            let Ok(answer) = tokio::time::timeout_at(deadline, poll()).await else {
                tracing::debug!(poll = number, "the wait's limit passed during a poll");
                return Err(timed_out(last_status));
            };
            match answer {
                Ok(Poll::Done(value)) => {
                    tracing::debug!(poll = number, elapsed = ?started.elapsed(), "done");
                    return Ok(value);
                }
                Ok(Poll::Failed { status, reason }) => {
                    tracing::debug!(poll = number, %status, "failed");
                    return Err(Error::WaitFailed {
                        operation,
                        request_id: request_id.to_owned(),
                        status,
                        reason,
                    });
                }
                Ok(Poll::Pending { status }) => {
                    tracing::debug!(poll = number, status = ?status, "in progress");
                    if status.is_some() {
                        last_status = status;
                    }
                }
                Err(error) if error.is_retryable() => {
                    tracing::warn!(poll = number, %error, "a poll failed transiently; polling again");
                }
                Err(error) => return Err(error),
            }
            let wake = tokio::time::Instant::now() + options.delay(number);
            if wake >= deadline {
                tokio::time::sleep_until(deadline).await;
                return Err(timed_out(last_status));
            }
            tokio::time::sleep_until(wake).await;
        }
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TimeoutKind;
    use std::sync::atomic::{AtomicU32, Ordering};

    const VALUES: StatusValues = StatusValues::new(&["SUCCEEDED"], &["FAILED"], &["IN_PROGRESS"]);

    fn quick(timeout_ms: u64) -> WaitOptions {
        WaitOptions::default()
            .with_timeout(Duration::from_millis(timeout_ms))
            .with_initial_delay(Duration::from_millis(2))
            .with_max_delay(Duration::from_millis(8))
    }

    /// A poll that answers the statuses of `script` in turn (the last one from then on), as the
    /// status operation would, or an error where the script says `Err`.
    async fn run(script: Vec<Result<&'static str>>, options: WaitOptions) -> (Result<u32>, u32) {
        let polls = AtomicU32::new(0);
        let script = std::sync::Mutex::new(script);
        let result = until("DescribeThingStatus", "req-1", &options, || {
            let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
            let mut script = script
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let next = if script.len() > 1 {
                script.remove(0)
            } else {
                match &script[0] {
                    Ok(s) => Ok(*s),
                    Err(_) => Err(Error::invalid_request("scripted")),
                }
            };
            async move {
                let status = next?;
                Ok(VALUES.classify(n, Some(status.to_owned()), Some(format!("reason {n}"))))
            }
        })
        .await;
        (result, polls.load(Ordering::SeqCst))
    }

    #[tokio::test]
    async fn polls_until_success_and_returns_the_final_answer() {
        let (result, polls) = run(
            vec![Ok("IN_PROGRESS"), Ok("IN_PROGRESS"), Ok("SUCCEEDED")],
            quick(5_000),
        )
        .await;
        assert_eq!(result.unwrap(), 3, "the answer of the third poll");
        assert_eq!(polls, 3);
    }

    #[tokio::test]
    async fn a_failure_status_ends_the_wait_with_its_reason() {
        let (result, polls) = run(vec![Ok("IN_PROGRESS"), Ok("FAILED")], quick(5_000)).await;
        let Err(Error::WaitFailed {
            operation,
            request_id,
            status,
            reason,
        }) = result
        else {
            panic!("{result:?}")
        };
        assert_eq!(
            (
                operation,
                request_id.as_str(),
                status.as_str(),
                reason.as_deref()
            ),
            ("DescribeThingStatus", "req-1", "FAILED", Some("reason 2"))
        );
        assert_eq!(polls, 2, "no poll after the failure");
    }

    #[tokio::test]
    async fn the_overall_limit_ends_the_wait_with_the_last_status() {
        let started = std::time::Instant::now();
        let (result, polls) = run(vec![Ok("IN_PROGRESS")], quick(60)).await;
        let Err(Error::WaitTimedOut {
            last_status,
            waited,
            ..
        }) = &result
        else {
            panic!("{result:?}")
        };
        assert_eq!(last_status.as_deref(), Some("IN_PROGRESS"));
        assert!(*waited >= Duration::from_millis(60), "{waited:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(polls > 2, "polled more than once: {polls}");
        let message = result.unwrap_err().to_string();
        assert!(
            message.contains("the last status was IN_PROGRESS"),
            "{message}"
        );
    }

    #[tokio::test]
    async fn a_transient_poll_failure_is_polled_again_and_any_other_ends_the_wait() {
        let transient = Err(Error::Timeout {
            kind: TimeoutKind::Attempt,
            after: Duration::from_secs(1),
        });
        let (result, polls) = run(
            vec![Ok("IN_PROGRESS"), transient, Ok("SUCCEEDED")],
            quick(5_000),
        )
        .await;
        assert_eq!(result.unwrap(), 3);
        assert_eq!(polls, 3);

        let (result, polls) = run(
            vec![Ok("IN_PROGRESS"), Err(Error::invalid_request("bad id"))],
            quick(5_000),
        )
        .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest { .. })),
            "{result:?}"
        );
        assert_eq!(polls, 2);
    }

    #[tokio::test]
    async fn a_status_of_no_list_waits_on() {
        let (result, _) = run(vec![Ok("QUEUED"), Ok("SUCCEEDED")], quick(5_000)).await;
        assert_eq!(result.unwrap(), 2);
        let (result, _) = run(vec![Ok("QUEUED")], quick(30)).await;
        assert!(
            matches!(&result, Err(Error::WaitTimedOut { last_status: Some(s), .. }) if s == "QUEUED"),
            "{result:?}"
        );
    }

    #[test]
    fn delays_back_off_with_equal_jitter_up_to_the_maximum() {
        let o = WaitOptions::default()
            .with_initial_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(700));
        for (poll, cap) in [(1, 100), (2, 200), (3, 400), (4, 700), (40, 700)] {
            let cap = Duration::from_millis(cap);
            let delays: Vec<_> = (0..50).map(|_| o.delay(poll)).collect();
            assert!(
                delays.iter().all(|d| *d >= cap / 2 && *d <= cap),
                "{poll}: {delays:?}"
            );
            assert!(delays.iter().any(|d| *d != delays[0]), "jittered");
        }
    }

    #[test]
    fn server_text_in_wait_errors_is_escaped() {
        let e = Error::WaitFailed {
            operation: "DescribeThingStatus",
            request_id: "r\u{1b}[2J".into(),
            status: "FAILED".into(),
            reason: Some("no\nsuch principal".into()),
        };
        let shown = e.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert!(shown.contains("no\\nsuch principal"), "{shown}");
    }
}
