//! [`Offboarder`]: one instance of one cloud, connected, and everything off-boarding does on it.

use std::path::Path;

use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::Source;
use idc_report::{Cloud, Row};

use crate::apply::{ApplyOutcome, Event};
use crate::error::{Error, Result};
use crate::plan::{Plan, PlanOptions, Via};
use crate::undo::{UndoOutcome, UndoPlan};
use crate::verify::Verification;

/// The clients of one cloud and the report source over them.
#[derive(Clone, Debug)]
pub(crate) enum Backend {
    /// Huawei Cloud.
    Huawei {
        /// The report's lookups.
        source: HuaweiSource,
        /// IdentityCenter.
        center: idc::huawei::Client,
        /// IdentityStore.
        store: idc::huawei::identitystore::Client,
    },
    /// Samsung Cloud Platform.
    Scp {
        /// The report's lookups.
        source: ScpSource,
        /// iam-identity-center.
        client: idc::scp::Client,
    },
}

/// Off-boarding on one IAM Identity Center instance: plans, applies, verifies and undoes.
///
/// ```no_run
/// # async fn run() -> idc_offboard::Result<()> {
/// use idc_offboard::Offboarder;
///
/// let client = idc::scp::Client::builder().region("kr-west1").build()?;
/// let offboarder = Offboarder::scp(client, Some("ssoins-12345")).await?;
/// assert_eq!(offboarder.instance_id(), "ssoins-12345");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Offboarder {
    pub(crate) backend: Backend,
    pub(crate) instance_id: String,
    pub(crate) concurrency: usize,
}

impl Offboarder {
    /// Connects to a Huawei Cloud instance: the one given, or the only one
    /// ([`idc_report::Error::InstanceDiscovery`] when there are several).
    pub async fn huawei(client: idc::huawei::Client, instance_id: Option<&str>) -> Result<Self> {
        let source = HuaweiSource::connect(client.clone(), instance_id).await?;
        let instance_id = source.instance_id().to_owned();
        Ok(Self {
            backend: Backend::Huawei {
                store: client.identity_store()?,
                center: client,
                source,
            },
            instance_id,
            concurrency: idc_report::DEFAULT_CONCURRENCY,
        })
    }

    /// Connects to an SCP instance: the one given, or the only one.
    pub async fn scp(client: idc::scp::Client, instance_id: Option<&str>) -> Result<Self> {
        let source = ScpSource::connect(client.clone(), instance_id).await?;
        let instance_id = source.instance_id().to_owned();
        Ok(Self {
            backend: Backend::Scp { client, source },
            instance_id,
            concurrency: idc_report::DEFAULT_CONCURRENCY,
        })
    }

    /// The report engine's concurrency for the reads (default
    /// [`idc_report::DEFAULT_CONCURRENCY`]).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.clamp(1, idc_report::MAX_CONCURRENCY);
        self
    }

    /// The cloud.
    pub fn cloud(&self) -> Cloud {
        match self.backend {
            Backend::Huawei { .. } => Cloud::Huawei,
            Backend::Scp { .. } => Cloud::Scp,
        }
    }

    /// The instance.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// The access report of the instance, with these filters (rows sorted): what verification
    /// and the tests compare.
    pub async fn report(&self, filters: idc_report::Filters) -> Result<Vec<Row>> {
        let _ = filters;
        Err(Error::NotYet("report"))
    }

    /// The plan that off-boards a user (an id or an exact name): delete each direct account and
    /// application assignment, remove the user from each group (each action listing the accesses
    /// it ends), and with the options disable the user and delete their sessions. Sends only
    /// reads.
    pub async fn plan_offboard(&self, user: &str, options: PlanOptions) -> Result<Plan> {
        let _ = (user, options);
        Err(Error::NotYet("plan_offboard"))
    }

    /// The plan that ends exactly these accesses (rows of a report or a diff): a `USER` row's
    /// assignment is deleted; a `GROUP` row is ended as `via` says (without it:
    /// [`Refusal::GroupRowNeedsVia`](crate::Refusal::GroupRowNeedsVia) with both options'
    /// consequences); `ALL_USERS` rows are refused. Every refused row is in one
    /// [`Error::Refused`]. Sends only reads.
    pub async fn plan_revoke(&self, rows: Vec<Row>, via: Option<Via>) -> Result<Plan> {
        let _ = (rows, via);
        Err(Error::NotYet("plan_revoke"))
    }

    /// Plans a saved plan's request again, now.
    pub async fn replan(&self, saved: &Plan) -> Result<Plan> {
        let _ = saved;
        Err(Error::NotYet("replan"))
    }

    /// Re-plans a saved plan and returns the current plan when it matches, else
    /// [`Error::StalePlan`] naming what changed.
    pub async fn check_plan(&self, saved: &Plan) -> Result<Plan> {
        let current = self.replan(saved).await?;
        let changes = crate::stale::plan_changes(saved, &current);
        if changes.is_empty() {
            Ok(current)
        } else {
            Err(Error::StalePlan { changes })
        }
    }

    /// Applies a plan with a journal (created, or appended to: actions it journals done are
    /// skipped, actions started without an outcome are checked against the current state first).
    /// `on_event` hears each step. The first failure stops the run: [`Error::Stopped`].
    pub async fn apply(
        &self,
        plan: &Plan,
        journal: &Path,
        on_event: impl FnMut(&Event) + Send,
    ) -> Result<ApplyOutcome> {
        let _ = (plan, journal, on_event);
        Err(Error::NotYet("apply"))
    }

    /// Reads the accesses again: what the plan set out to end that remains.
    pub async fn verify(&self, plan: &Plan) -> Result<Verification> {
        let _ = plan;
        Err(Error::NotYet("verify"))
    }

    /// The restorations that undo a journal's actions (in reverse order), and what cannot be
    /// restored. Reads only the journal.
    pub fn plan_undo(&self, journal: &Path) -> Result<UndoPlan> {
        let _ = journal;
        Err(Error::NotYet("plan_undo"))
    }

    /// Undoes a journal: [`plan_undo`](Self::plan_undo), applied with its own journal
    /// (`undo_journal`, default [`crate::undo::default_undo_journal`]).
    pub async fn undo(
        &self,
        journal: &Path,
        undo_journal: Option<&Path>,
        on_event: impl FnMut(&Event) + Send,
    ) -> Result<UndoOutcome> {
        let undo = self.plan_undo(journal)?;
        let path = undo_journal
            .map(Path::to_owned)
            .unwrap_or_else(|| crate::undo::default_undo_journal(journal));
        let applied = self.apply(&undo.plan, &path, on_event).await?;
        Ok(UndoOutcome {
            applied,
            not_restorable: undo.not_restorable,
        })
    }
}
