//! Gathering the facts of an audit: the report over a recording source (its rows, listings and
//! assignments), then only the reads the enabled rules need.

use std::sync::PoisonError;

use futures::TryStreamExt;
use idc_report::Report;
use idc_report::source::Source;

use crate::audit::Audit;
use crate::collect::Reads;
use crate::collect::recording::Recording;
use crate::error::Result;
use crate::facts::{Facts, Read};

pub(crate) async fn gather<S, R>(audit: &Audit, source: S, reads: &R) -> Result<Facts>
where
    S: Source + 'static,
    R: Reads,
{
    let cloud = source.cloud();
    let instance_id = source.instance_id().to_owned();
    let needed = audit.reads(cloud);
    let (filters, concurrency) = audit.report_settings();
    let filtered = *filters != idc_report::Filters::default();
    let (recording, kept) = Recording::new(source);
    let rows: Vec<idc_report::Row> = Report::new(recording)
        .filters(filters.clone())
        .concurrency(concurrency)
        .rows()
        .try_collect()
        .await?;
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
            Read::Provisioning => {
                facts.outdated = reads.outdated_provisioning(&assigned).await?;
            }
        }
    }
    Ok(facts)
}
