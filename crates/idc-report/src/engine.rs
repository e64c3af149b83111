//! The report engine: from a [`Source`], every user's effective access, as a stream of rows.

use std::fmt;
use std::sync::Arc;

use futures::FutureExt;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::{Error, Result};
use crate::filters::Filters;
use crate::model::{AssignmentRow, Row};
use crate::source::Source;

/// The default number of source calls in flight at once.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// The largest concurrency accepted.
pub const MAX_CONCURRENCY: usize = 64;

mod context;
mod fetcher;
mod grant;
mod grants;
mod narrow;
mod plan;
mod prepare;
mod progress;
mod units;

use context::Context;
use grants::grants;
pub use plan::{Plan, Step};
use prepare::{Prepared, Settings};
pub use progress::Progress;
use progress::ProgressFn;

/// Builds and runs a report over a [`Source`].
///
/// ```
/// use futures::TryStreamExt;
/// use idc_report::source::{Entity, MemorySource, PrincipalType};
/// use idc_report::{Cloud, Report, ViaType};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> idc_report::Result<()> {
/// let mut data = MemorySource::new(Cloud::Scp, "ssoins-1");
/// data.users.push(Entity::new("u-1", "alice"));
/// data.users.push(Entity::new("u-2", "bob"));
/// data.group("g-1", "admins", &["u-1", "u-2"]);
/// data.accounts.push(Entity::new("a-1", "prod"));
/// data.permission_sets.push(Entity::new("ps-1", "Admin"));
/// data.assign("a-1", PrincipalType::Group, "g-1", "ps-1");
///
/// let rows: Vec<_> = Report::new(data).concurrency(4).rows().try_collect().await?;
/// assert_eq!(rows.len(), 2);
/// assert!(rows.iter().all(|r| r.via_type == ViaType::Group && r.via_name.as_deref() == Some("admins")));
/// # Ok(())
/// # }
/// ```
pub struct Report<S> {
    source: Arc<S>,
    concurrency: usize,
    filters: Filters,
    progress: Option<ProgressFn>,
}

impl<S> fmt::Debug for Report<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("concurrency", &self.concurrency)
            .field("filters", &self.filters)
            .finish_non_exhaustive()
    }
}

impl<S: Source + 'static> Report<S> {
    /// A report of everything the source holds, [`DEFAULT_CONCURRENCY`] calls at a time.
    pub fn new(source: S) -> Self {
        Self::from_arc(Arc::new(source))
    }

    /// A report over a shared source.
    pub fn from_arc(source: Arc<S>) -> Self {
        Self {
            source,
            concurrency: DEFAULT_CONCURRENCY,
            filters: Filters::default(),
            progress: None,
        }
    }

    /// At most `n` source calls at once (clamped to 1..=[`MAX_CONCURRENCY`]).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.clamp(1, MAX_CONCURRENCY);
        self
    }

    /// Only the rows these filters select.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// Calls `f` whenever a source call finishes.
    pub fn on_progress(mut self, f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(f));
        self
    }

    /// Every effective access, groups expanded, each exactly once, streamed as each account's
    /// (then each principal's application) assignments arrive. Users, groups and their members,
    /// accounts, permission sets and applications are read first (they name and expand the rows);
    /// the accounts' assignments are fetched as soon as the accounts are listed, at most
    /// `concurrency` results ahead of the rows. Rows are never all held at once.
    ///
    /// Poll it within a Tokio runtime (the account assignments are fetched by a spawned task, as
    /// the `idc` clients need one anyway).
    pub fn rows(self) -> BoxStream<'static, Result<Row>> {
        let Self {
            source,
            concurrency,
            filters,
            progress,
        } = self;
        stream::once(async move {
            let ctx = Arc::new(context(source, concurrency, filters, progress).await?);
            Ok::<_, Error>(grants(ctx.clone()).and_then(move |grant| {
                let ctx = ctx.clone();
                async move { ctx.expand(grant).await }
            }))
        })
        .try_flatten()
        .map_ok(|rows| stream::iter(rows.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }

    /// The plan of the report: each step, its operation, the requests it makes and why it was
    /// chosen over the alternative. Only the reads the plan depends on are sent (the listings
    /// whose counts choose the routes, or the principals a narrow report names); nothing is
    /// read for the rows.
    ///
    /// ```
    /// use idc_report::source::{Entity, MemorySource};
    /// use idc_report::{Cloud, Report};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> idc_report::Result<()> {
    /// let mut data = MemorySource::new(Cloud::Huawei, "ins-1");
    /// data.users.push(Entity::new("u-1", "alice"));
    /// data.accounts.push(Entity::new("a-1", "prod"));
    /// let plan = Report::new(data).explain().await?;
    /// assert!(plan.steps.iter().any(|s| s.what == "account assignments"));
    /// println!("{plan}");
    /// # Ok(())
    /// # }
    /// ```
    pub async fn explain(self) -> Result<Plan> {
        let Self {
            source,
            concurrency,
            filters,
            progress,
        } = self;
        let settings = Settings {
            concurrency,
            filters,
            progress,
            explain: true,
        };
        match plan_or_context(source, settings).await? {
            Prepared::Explained(plan) => Ok(plan),
            Prepared::Ready(_) => unreachable!("an explaining report stops at its plan"),
        }
    }

    /// Every assignment, groups not expanded (the `--no-expand-groups` view), each exactly once.
    /// Like [`rows`](Self::rows), poll it within a Tokio runtime.
    pub fn assignments(self) -> BoxStream<'static, Result<AssignmentRow>> {
        let Self {
            source,
            concurrency,
            filters,
            progress,
        } = self;
        stream::once(async move {
            let ctx = Arc::new(context(source, concurrency, filters, progress).await?);
            Ok::<_, Error>(grants(ctx.clone()).try_filter_map(move |grant| {
                let row = ctx.assignment_row(&grant);
                let keep = ctx.keeps_assignment(&row);
                async move { Ok(keep.then_some(row)) }
            }))
        })
        .try_flatten()
        .boxed()
    }
}

/// The plan, or (unless explaining) what the rows are computed from.
async fn plan_or_context<S: Source + 'static>(
    source: Arc<S>,
    settings: Settings,
) -> Result<Prepared<S>> {
    if narrow::is_narrow(&*source, &settings.filters) {
        narrow::narrow(source, settings).boxed().await
    } else {
        prepare::full(source, settings).boxed().await
    }
}

async fn context<S: Source + 'static>(
    source: Arc<S>,
    concurrency: usize,
    filters: Filters,
    progress: Option<ProgressFn>,
) -> Result<Context<S>> {
    let settings = Settings {
        concurrency: concurrency.max(1),
        filters,
        progress,
        explain: false,
    };
    match plan_or_context(source, settings).await? {
        Prepared::Ready(ctx) => Ok(*ctx),
        Prepared::Explained(_) => unreachable!("a report that is not explaining reads its data"),
    }
}
