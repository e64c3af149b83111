//! One cloud's clients behind one interface: the reads a plan needs, sending an operation, and
//! checking whether an operation's effect is in place.

use std::collections::HashMap;

use futures::TryStreamExt;
use idc_report::{Cloud, Filters, Report, Row};

use crate::error::Result;
use crate::huawei::HuaweiBackend;
use crate::lookups::UserInfo;
use crate::operation::{Membership, Operation};
use crate::plan::Named;
use crate::scp::ScpBackend;

/// The clients of one cloud.
#[derive(Clone, Debug)]
pub(crate) enum Backend {
    Huawei(HuaweiBackend),
    Scp(ScpBackend),
}

impl Backend {
    pub(crate) fn cloud(&self) -> Cloud {
        match self {
            Self::Huawei(_) => Cloud::Huawei,
            Self::Scp(_) => Cloud::Scp,
        }
    }

    /// The access report with these filters, sorted.
    pub(crate) async fn rows(&self, filters: Filters, concurrency: usize) -> Result<Vec<Row>> {
        let mut rows: Vec<Row> = match self {
            Self::Huawei(h) => {
                let report = Report::new(h.source.clone())
                    .filters(filters)
                    .concurrency(concurrency);
                report.rows().try_collect().await?
            }
            Self::Scp(s) => {
                let report = Report::new(s.source.clone())
                    .filters(filters)
                    .concurrency(concurrency);
                report.rows().try_collect().await?
            }
        };
        rows.sort();
        rows.dedup();
        Ok(rows)
    }

    pub(crate) async fn find_user(&self, user: &str) -> Result<UserInfo> {
        match self {
            Self::Huawei(h) => h.find_user(user).await,
            Self::Scp(s) => s.find_user(user).await,
        }
    }

    pub(crate) async fn memberships(&self, user: &Named) -> Result<Vec<Membership>> {
        match self {
            Self::Huawei(h) => h.memberships(user).await,
            Self::Scp(s) => s.memberships(user).await,
        }
    }

    /// The user's sessions; `None` where the cloud has none.
    pub(crate) async fn sessions(&self, user_id: &str) -> Result<Option<Vec<String>>> {
        match self {
            Self::Huawei(h) => h.sessions(user_id).await.map(Some),
            Self::Scp(_) => Ok(None),
        }
    }

    /// Whether the user is enabled; `None` where the cloud cannot tell.
    pub(crate) async fn user_enabled(&self, user_id: &str) -> Result<Option<bool>> {
        match self {
            Self::Huawei(h) => h.user_enabled(user_id).await,
            Self::Scp(_) => Ok(None),
        }
    }

    /// Application URN -> application instance id (empty where the cloud has no applications).
    pub(crate) async fn application_instances(&self) -> Result<HashMap<String, String>> {
        match self {
            Self::Huawei(h) => h.application_instances().await,
            Self::Scp(_) => Ok(HashMap::new()),
        }
    }

    pub(crate) async fn is_done(&self, op: &Operation) -> Result<bool> {
        match self {
            Self::Huawei(h) => h.is_done(op).await,
            Self::Scp(s) => s.is_done(op).await,
        }
    }

    pub(crate) async fn send(&self, op: &Operation) -> Result<Operation> {
        match self {
            Self::Huawei(h) => h.send(op).await,
            Self::Scp(s) => s.send(op).await,
        }
    }
}
