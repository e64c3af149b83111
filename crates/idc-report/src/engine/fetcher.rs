//! The account assignments, fetched by a task ahead of the rows.

use std::sync::Arc;

use futures::stream::{self, BoxStream, StreamExt};
use tokio::sync::Semaphore;

use crate::error::Result;
use crate::source::{AccountAssignment, Entity, Source};

use super::progress::{Progress, ProgressFn};

/// The assignments of the accounts to read, fetched by a task from the moment the accounts are
/// listed (so that they overlap the reading of users and groups), at most `concurrency` at once
/// and through the engine's semaphore, into a channel of `concurrency` results: the fetching runs
/// at most that far ahead of the rows. Dropping it stops the task.
pub(super) struct AccountFetcher {
    results: tokio::sync::mpsc::Receiver<Result<(Entity, Vec<AccountAssignment>)>>,
    task: tokio::task::JoinHandle<()>,
}

type Fetched = Result<(Entity, Vec<AccountAssignment>)>;

impl AccountFetcher {
    pub(super) fn start<S: Source + 'static>(
        source: Arc<S>,
        semaphore: Arc<Semaphore>,
        progress: Option<ProgressFn>,
        accounts: Vec<Entity>,
        concurrency: usize,
    ) -> Self {
        let (sender, results) = tokio::sync::mpsc::channel::<Fetched>(concurrency);
        let total = accounts.len();
        let task = tokio::spawn(async move {
            let mut fetched = stream::iter(accounts)
                .map(move |account| {
                    let source = source.clone();
                    let semaphore = semaphore.clone();
                    async move {
                        let assignments = {
                            let _permit = semaphore.acquire().await;
                            source.account_assignments(&account.id).await?
                        };
                        Ok((account, assignments))
                    }
                })
                .buffered(concurrency);
            let mut done = 0;
            while let Some(result) = fetched.next().await {
                done += 1;
                if let Some(p) = &progress {
                    p(Progress {
                        what: "account assignments",
                        done,
                        total: Some(total),
                    });
                }
                let failed = result.is_err();
                if sender.send(result).await.is_err() || failed {
                    break;
                }
            }
        });
        Self { results, task }
    }

    pub(super) fn into_stream(self) -> BoxStream<'static, Fetched> {
        stream::unfold(self, |mut this| async move {
            this.results.recv().await.map(|item| (item, this))
        })
        .boxed()
    }
}

impl Drop for AccountFetcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}
