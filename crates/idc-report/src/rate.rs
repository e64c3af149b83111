//! [`RateLimit`]: at most so many requests a second, shared by every request of a report (for
//! accounts whose API gateway throttles).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures::{Stream, StreamExt};
use tokio::time::Instant;

use crate::error::Result;
use crate::source::Seen;

/// At most `n` requests a second, spaced evenly (one every `1/n` s), however many tasks ask.
/// Clone it to share it: the clones are one limit.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use idc_report::rate::RateLimit;
///
/// let limit = RateLimit::per_second(50);
/// let started = std::time::Instant::now();
/// for _ in 0..3 {
///     limit.wait().await; // the first at once, then one every 20 ms
/// }
/// assert!(started.elapsed() >= std::time::Duration::from_millis(40));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct RateLimit {
    interval: Duration,
    next: Arc<Mutex<Option<Instant>>>,
}

impl RateLimit {
    /// At most `n` requests a second (`n` at least 1).
    pub fn per_second(n: u32) -> Self {
        Self {
            interval: Duration::from_secs(1) / n.max(1),
            next: Arc::new(Mutex::new(None)),
        }
    }

    /// The time between two requests.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Waits for this request's turn.
    pub async fn wait(&self) {
        let at = {
            let mut next = self.next.lock().unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let at = next.map_or(now, |n| n.max(now));
            *next = Some(at + self.interval);
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

/// An optional [`RateLimit`], as a source holds it (public for the reads other crates make
/// beside a report, such as `idc-audit`'s).
#[derive(Clone, Debug, Default)]
pub struct Pace(pub Option<RateLimit>);

impl Pace {
    /// Waits for a request's turn (at once without a limit).
    pub async fn turn(&self) {
        if let Some(limit) = &self.0 {
            limit.wait().await;
        }
    }

    /// One request, in its turn.
    pub async fn one<T>(&self, request: impl Future<Output = idc::Result<T>>) -> idc::Result<T> {
        self.turn().await;
        request.await
    }

    /// Every item of a lazily fetched listing (each page is requested when the stream is
    /// polled past the one before), each page in its turn, counted into `seen`.
    pub async fn collect<P, T>(
        &self,
        pages: impl Stream<Item = idc::Result<P>> + Unpin,
        items: impl Fn(P) -> Vec<T>,
        seen: Option<&Seen>,
    ) -> Result<Vec<T>> {
        let mut pages = pages;
        let mut out = Vec::new();
        loop {
            self.turn().await;
            match pages.next().await {
                Some(page) => {
                    let page = items(page?);
                    if let Some(seen) = seen {
                        seen.add(page.len());
                    }
                    out.extend(page);
                }
                None => return Ok(out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_across_tasks_sharing_the_limit() {
        let limit = RateLimit::per_second(10);
        let started = Instant::now();
        let tasks: Vec<_> = (0..5)
            .map(|_| {
                let limit = limit.clone();
                tokio::spawn(async move {
                    limit.wait().await;
                    Instant::now()
                })
            })
            .collect();
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap() - started);
        }
        times.sort();
        // 5 requests at 10 a second: at 0, 100, 200, 300, 400 ms.
        assert_eq!(times.first(), Some(&Duration::ZERO));
        assert_eq!(times.last(), Some(&Duration::from_millis(400)));
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(100), "{times:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_idle_limit_does_not_bank_turns() {
        let limit = RateLimit::per_second(10);
        limit.wait().await;
        tokio::time::sleep(Duration::from_secs(5)).await;
        let before = Instant::now();
        limit.wait().await;
        limit.wait().await;
        // After a pause the next request goes at once, the one after waits its interval.
        assert_eq!(Instant::now() - before, Duration::from_millis(100));
        assert_eq!(RateLimit::per_second(0).interval(), Duration::from_secs(1));
    }
}
