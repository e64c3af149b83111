//! The stream of grants: account assignments, then application assignments, then open applications.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Result;
use crate::model::TargetType;
use crate::source::Source;

use super::context::{Context, Grant, Principal};

/// Every grant: each account's assignments, then each principal's applications, then the open
/// applications.
pub(super) fn grants<S: Source + 'static>(
    ctx: Arc<Context<S>>,
) -> BoxStream<'static, Result<Grant>> {
    let concurrency = ctx.concurrency;
    let fetcher = ctx
        .fetcher
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    let accounts = {
        let ctx = ctx.clone();
        let fetched = match fetcher {
            Some(fetcher) => fetcher.into_stream(),
            None => stream::empty().boxed(),
        };
        fetched.map_ok(move |(account, assignments)| ctx.account_grants(&account, assignments))
    };
    let wants_applications = ctx.wants_applications();
    let principals = if wants_applications {
        ctx.application_principals()
    } else {
        Vec::new()
    };
    ctx.counters
        .application_principals
        .store(principals.len(), Ordering::Relaxed);
    let assigned = {
        let ctx = ctx.clone();
        stream::iter(principals)
            .map(move |(kind, id)| {
                let ctx = ctx.clone();
                async move { ctx.application_grants(kind, id).await }
            })
            .buffered(concurrency)
    };
    let open: Vec<Grant> = if wants_applications {
        ctx.applications
            .iter()
            .filter(|a| !a.assignment_required)
            .map(|a| Grant {
                principal: Principal::AllUsers,
                target_type: TargetType::Application,
                target_id: a.entity.id.clone(),
                permission_set_id: None,
                permission_set_name: None,
            })
            .collect()
    } else {
        Vec::new()
    };
    accounts
        .chain(assigned)
        .map_ok(|grants| stream::iter(grants.into_iter().map(Ok)))
        .try_flatten()
        .chain(stream::iter(open.into_iter().map(Ok)))
        .boxed()
}
