//! Gathering the facts of an audit: the report over a recording source (its rows, listings and
//! assignments), then only the reads the enabled rules need.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use futures::stream::{self, StreamExt, TryStreamExt};
use idc_report::Report;
use idc_report::source::Source;

use crate::collect::Reads;
use crate::collect::recording::{Recorded, Recording};
use crate::error::Result;
use crate::facts::{Facts, Read};

/// How the report under an audit runs, and what the rules need beyond it.
pub(crate) struct Plan<'a> {
    /// The reads the enabled rules need on the source's cloud.
    pub(crate) needed: BTreeSet<Read>,
    /// The report's filters.
    pub(crate) filters: &'a idc_report::Filters,
    /// The report's concurrency.
    pub(crate) concurrency: usize,
}

pub(crate) async fn gather<S, R>(plan: Plan<'_>, source: S, reads: &R) -> Result<Facts>
where
    S: Source + 'static,
    R: Reads,
{
    let cloud = source.cloud();
    let instance_id = source.instance_id().to_owned();
    let Plan {
        needed,
        filters,
        concurrency,
    } = plan;
    let filtered = *filters != idc_report::Filters::default();
    let (recording, kept) = Recording::new(source);
    let recording = Arc::new(recording);
    let rows: Vec<idc_report::Row> = Report::from_arc(recording.clone())
        .filters(filters.clone())
        .concurrency(concurrency)
        .rows()
        .try_collect()
        .await?;
    if needed.contains(&Read::AssignmentsByTarget) && by_principal(&kept) {
        by_target(&recording, concurrency).await?;
    }
    let recorded = std::mem::take(&mut *kept.lock().unwrap_or_else(PoisonError::into_inner));
    let mut facts = Facts::new(cloud, instance_id);
    facts.filtered = filtered;
    facts.rows = rows;
    facts.assignments_by_principal = recorded.by_principal;
    facts.users = recorded.users;
    facts.groups = recorded.groups;
    facts.accounts = recorded.accounts;
    facts.permission_sets = recorded.permission_sets;
    facts.applications = recorded.applications;
    let mut assignments = recorded.assignments;
    assignments.sort();
    assignments.dedup();
    facts.assignments = assignments;

    let holders = facts.users_with_access();
    let assigned = facts.assigned_permission_sets();
    for read in needed {
        tracing::debug!(read = read.describe(), "reading for the audit");
        match read {
            Read::UserStates => facts.user_enabled = reads.user_enabled().await?,
            Read::LastLogins => facts.last_logins = reads.last_logins(&holders).await?,
            Read::MfaDevices => facts.mfa_devices = reads.mfa_devices(&holders).await?,
            Read::PermissionSetPolicies => facts.policies = reads.policies(&assigned).await?,
            Read::AssignmentsByTarget => {}
            Read::Provisioning => {
                facts.outdated = reads.outdated_provisioning(&assigned).await?;
            }
        }
    }
    Ok(facts)
}

fn by_principal(kept: &Mutex<Recorded>) -> bool {
    kept.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .by_principal
}

/// Reads every assignment again per account and per application (the recording keeps them),
/// `concurrency` requests at a time; then every assignment is known by target.
async fn by_target<S: Source>(source: &Recording<S>, concurrency: usize) -> Result<()> {
    let accounts: Vec<String> = {
        let kept = source.kept();
        kept.accounts.iter().map(|a| a.id.clone()).collect()
    };
    source.forget_assignments();
    let reads = accounts
        .into_iter()
        .map(|account| async move { source.account_assignments(&account).await.map(drop) });
    stream::iter(reads)
        .buffer_unordered(concurrency)
        .try_collect::<Vec<()>>()
        .await?;
    if source.views().per_application {
        let instances = source.application_instances().await?;
        let reads = instances.into_iter().map(|instance| async move {
            source
                .application_instance_assignments(&instance)
                .await
                .map(drop)
        });
        stream::iter(reads)
            .buffer_unordered(concurrency)
            .try_collect::<Vec<()>>()
            .await?;
    }
    Ok(())
}
