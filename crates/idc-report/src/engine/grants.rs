//! The stream of grants: account assignments, then application assignments, then open applications.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Result;
use crate::model::TargetType;
use crate::source::Source;

use super::context::{AppRoute, Context, Pending};
use super::grant::{Grant, Principal};

/// Every grant: the account assignments and the application assignments as they arrive, then
/// the open applications.
pub(super) fn grants<S: Source + 'static>(
    ctx: Arc<Context<S>>,
) -> BoxStream<'static, Result<Grant>> {
    let concurrency = ctx.concurrency;
    let pending = ctx
        .pending
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take();
    let accounts = match pending {
        Some(Pending::Fetcher(fetcher)) => fetcher.into_stream(),
        Some(Pending::Ready(grants)) => stream::once(async move { Ok(grants) }).boxed(),
        None => stream::empty().boxed(),
    };
    let wants_applications = ctx.wants_applications();
    let assigned = match &ctx.app_route {
        AppRoute::PerPrincipal if wants_applications => {
            let principals = ctx.application_principals();
            ctx.counters
                .application_principals
                .store(principals.len(), Ordering::Relaxed);
            let ctx = ctx.clone();
            stream::iter(principals)
                .map(move |(kind, id)| {
                    let ctx = ctx.clone();
                    async move { ctx.application_grants(kind, id).await }
                })
                .buffered(concurrency)
                .boxed()
        }
        AppRoute::PerApplication(instances) if wants_applications => {
            ctx.counters
                .application_principals
                .store(instances.len(), Ordering::Relaxed);
            let instances = instances.clone();
            let ctx = ctx.clone();
            stream::iter(instances)
                .map(move |instance| {
                    let ctx = ctx.clone();
                    async move { ctx.application_instance_grants(instance).await }
                })
                .buffered(concurrency)
                .boxed()
        }
        _ => stream::empty().boxed(),
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
    // Both at once: the application assignments do not wait for the last account.
    stream::select(accounts, assigned)
        .map_ok(|grants| stream::iter(grants.into_iter().map(Ok)))
        .try_flatten()
        .chain(stream::iter(open.into_iter().map(Ok)))
        .boxed()
}
