//! The account assignments, fetched by a task ahead of the rows: one request per account, or one
//! per principal, as the plan chose.

use std::sync::Arc;

use futures::stream::{self, BoxStream, StreamExt};
use tokio::sync::Semaphore;

use crate::error::Result;
use crate::source::{PrincipalType, Source};

use super::grant::{Grant, account_grants};
use super::progress::{Progress, ProgressFn};

/// What one request of the fetcher reads.
#[derive(Clone, Debug)]
pub(super) enum Job {
    /// The assignments on this account.
    Account(String),
    /// The account assignments of this principal.
    Principal(PrincipalType, String),
}

/// The account assignments, fetched by a task from the moment the plan chose the route (so that
/// they overlap the reading of users and groups), at most `concurrency` at once and through the
/// engine's semaphore, into a channel of [`AHEAD`] x `concurrency` results (grants, not rows:
/// small): the fetching runs at most that far ahead of the rows. Dropping it stops the task.
pub(super) struct AccountFetcher {
    results: tokio::sync::mpsc::Receiver<Fetched>,
    task: tokio::task::JoinHandle<()>,
}

type Fetched = Result<Vec<Grant>>;

/// How many rounds of `concurrency` results the fetcher may run ahead of the rows, which wait
/// for the users and the group members: enough to keep fetching while they are read.
pub(super) const AHEAD: usize = 16;

impl AccountFetcher {
    pub(super) fn start<S: Source + 'static>(
        source: Arc<S>,
        semaphore: Arc<Semaphore>,
        progress: Option<ProgressFn>,
        jobs: Vec<Job>,
        concurrency: usize,
    ) -> Self {
        let (sender, results) = tokio::sync::mpsc::channel::<Fetched>(concurrency * AHEAD);
        let total = jobs.len();
        let task = tokio::spawn(async move {
            let mut fetched = stream::iter(jobs)
                .map(move |job| {
                    let source = source.clone();
                    let semaphore = semaphore.clone();
                    async move {
                        let _permit = semaphore.acquire().await;
                        fetch(&*source, job).await
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

/// One job's grants.
pub(super) async fn fetch<S: Source>(source: &S, job: Job) -> Result<Vec<Grant>> {
    Ok(match job {
        Job::Account(account) => {
            let assignments = source.account_assignments(&account).await?;
            account_grants(assignments.into_iter().map(|a| (account.clone(), a)))
        }
        Job::Principal(kind, id) => {
            account_grants(source.principal_account_assignments(kind, &id).await?)
        }
    })
}

impl Drop for AccountFetcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}
