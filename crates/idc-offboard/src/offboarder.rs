//! [`Offboarder`]: one instance of one cloud, connected, and everything off-boarding does on it.

use std::path::Path;

use idc::wait::WaitOptions;
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::Source;
use idc_report::{Cloud, Row};

use crate::apply::{ApplyOutcome, Event};
use crate::backend::Backend;
use crate::error::{Error, Result};
use crate::huawei::HuaweiBackend;
use crate::journal::Mode;
use crate::operation::Operation;
use crate::plan::{Plan, PlanOptions, Request, Via};
use crate::scp::ScpBackend;
use crate::target::Target;
use crate::undo::{UndoOutcome, UndoPlan};
use crate::verify::Verification;

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
    target: Target,
}

impl Offboarder {
    /// Connects to a Huawei Cloud instance: the one given, or the only one
    /// ([`idc_report::Error::InstanceDiscovery`] when there are several).
    pub async fn huawei(client: idc::huawei::Client, instance_id: Option<&str>) -> Result<Self> {
        let source = HuaweiSource::connect(client.clone(), instance_id).await?;
        let instance_id = source.instance_id().to_owned();
        let backend = Backend::Huawei(HuaweiBackend {
            store: client.identity_store()?,
            center: client,
            source,
            wait: WaitOptions::default(),
        });
        Ok(Self::new(backend, instance_id))
    }

    /// Connects to an SCP instance: the one given, or the only one.
    pub async fn scp(client: idc::scp::Client, instance_id: Option<&str>) -> Result<Self> {
        let source = ScpSource::connect(client.clone(), instance_id).await?;
        let instance_id = source.instance_id().to_owned();
        Ok(Self::new(
            Backend::Scp(ScpBackend { client, source }),
            instance_id,
        ))
    }

    fn new(backend: Backend, instance_id: String) -> Self {
        Self {
            target: Target {
                backend,
                instance_id,
                concurrency: idc_report::DEFAULT_CONCURRENCY,
            },
        }
    }

    /// The report engine's concurrency for the reads (default
    /// [`idc_report::DEFAULT_CONCURRENCY`]).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.target.concurrency = n.clamp(1, idc_report::MAX_CONCURRENCY);
        self
    }

    /// How Huawei's asynchronous assignment writes are waited for (default
    /// [`WaitOptions::default`]); SCP's writes are synchronous.
    pub fn wait_options(mut self, options: WaitOptions) -> Self {
        if let Backend::Huawei(h) = &mut self.target.backend {
            h.wait = options;
        }
        self
    }

    /// The cloud.
    pub fn cloud(&self) -> Cloud {
        self.target.cloud()
    }

    /// The instance.
    pub fn instance_id(&self) -> &str {
        self.target.instance_id()
    }

    /// The access report of the instance, with these filters (rows sorted): what verification
    /// and the tests compare.
    pub async fn report(&self, filters: idc_report::Filters) -> Result<Vec<Row>> {
        self.target
            .backend
            .rows(filters, self.target.concurrency)
            .await
    }

    /// The plan that off-boards a user (an id or an exact name): delete each direct account and
    /// application assignment, remove the user from each group (each action listing the accesses
    /// it ends), and with the options disable the user and delete their sessions. Sends only
    /// reads.
    pub async fn plan_offboard(&self, user: &str, options: PlanOptions) -> Result<Plan> {
        crate::offboard::plan(&self.target, user, options).await
    }

    /// The plan that ends exactly these accesses (rows of a report or a diff): a `USER` row's
    /// assignment is deleted; a `GROUP` row is ended as `via` says (without it:
    /// [`Refusal::GroupRowNeedsVia`](crate::Refusal::GroupRowNeedsVia) with both options'
    /// consequences); `ALL_USERS` rows are refused. Every refused row is in one
    /// [`Error::Refused`]. Sends only reads.
    pub async fn plan_revoke(&self, rows: Vec<Row>, via: Option<Via>) -> Result<Plan> {
        crate::revoke::plan(&self.target, rows, via).await
    }

    /// Plans a saved plan's request again, now.
    pub async fn replan(&self, saved: &Plan) -> Result<Plan> {
        self.target
            .check_target("the plan", saved.cloud, &saved.instance_id)?;
        match &saved.request {
            Request::Offboard { user, options } => self.plan_offboard(user, *options).await,
            Request::Revoke { rows, via } => self.plan_revoke(rows.clone(), *via).await,
            Request::Undo { journal } => Ok(self.plan_undo(Path::new(journal))?.plan),
        }
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

    /// Like [`check_plan`](Self::check_plan), for a run that resumes with `journal`: the
    /// differences its journaled actions explain (an action done is no longer needed, a user
    /// disabled is disabled) are not changes. Returns the saved plan, to apply with the same
    /// journal.
    pub async fn check_plan_resuming(&self, saved: &Plan, journal: &Path) -> Result<Plan> {
        let current = self.replan(saved).await?;
        let journaled = crate::journal::Record::read(journal)?.states();
        let (mut old, mut new) = (saved.clone(), current);
        old.actions.retain(|a| !journaled.contains_key(&a.id));
        new.actions.retain(|a| !journaled.contains_key(&a.id));
        let user_actions = |p: &Plan| {
            p.actions.iter().any(|a| {
                journaled.contains_key(&a.id)
                    && matches!(
                        a.operation,
                        Operation::DisableUser { .. } | Operation::RevokeSessions { .. }
                    )
            })
        };
        if user_actions(saved) {
            old.user_enabled = new.user_enabled;
            old.notes = new.notes.clone();
        }
        let changes = crate::stale::plan_changes(&old, &new);
        if changes.is_empty() {
            Ok(saved.clone())
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
        crate::apply::run(&self.target, plan, journal, Mode::Apply, false, on_event).await
    }

    /// Reads the accesses again: what the plan set out to end that remains.
    pub async fn verify(&self, plan: &Plan) -> Result<Verification> {
        crate::verify::verify(&self.target, plan).await
    }

    /// The restorations that undo a journal's actions (in reverse order), and what cannot be
    /// restored. Reads only the journal.
    pub fn plan_undo(&self, journal: &Path) -> Result<UndoPlan> {
        crate::undo::plan(&self.target, journal)
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
        let applied =
            crate::apply::run(&self.target, &undo.plan, &path, Mode::Undo, true, on_event).await?;
        Ok(UndoOutcome {
            applied,
            not_restorable: undo.not_restorable,
        })
    }
}
