//! What the engine tells a progress indicator, and source calls that report it as they finish
//! under the engine's semaphore.

use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::error::Result;

/// What the engine is fetching, for a progress indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// What: `users`, `groups`, `group members`, `accounts`, `permission sets`, `applications`,
    /// `account assignments`, `application assignments`.
    pub what: &'static str,
    /// Calls of this kind finished.
    pub done: usize,
    /// Calls of this kind to make, when known.
    pub total: Option<usize>,
}

pub(super) type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

pub(super) async fn limited<T>(
    semaphore: Arc<Semaphore>,
    progress: Option<ProgressFn>,
    what: &'static str,
    slots: usize,
    fut: impl Future<Output = Result<T>>,
) -> Result<T> {
    let result = {
        let _permit = semaphore
            .acquire_many(u32::try_from(slots).unwrap_or(1))
            .await;
        fut.await
    };
    if let Some(p) = &progress {
        p(Progress {
            what,
            done: 1,
            total: Some(1),
        });
    }
    result
}
