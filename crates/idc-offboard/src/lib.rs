//! # idc-offboard: make access stop, with a record and a way back
//!
//! Off-boarding and revocation on IAM Identity Center, Huawei Cloud and Samsung Cloud Platform:
//!
//! 1. **Plan** ([`Offboarder::plan_offboard`], [`Offboarder::plan_revoke`]): every access a user
//!    holds (the [`idc_report`] engine, for that user) and the [`Action`]s that end them, each
//!    listing the accesses it ends (removing a user from a group ends every access that group gave
//!    them; deleting a group's assignment ends it for every member). Applications open to all
//!    users cannot be revoked for one user: they are [`Remaining`], with why. Planning sends
//!    nothing but reads.
//! 2. **Apply** ([`Offboarder::apply`]): each action journaled ([`journal`]) before it is sent and
//!    after its outcome, flushed and synced; the first failure stops the run
//!    ([`Error::Stopped`]); applying again with the same journal resumes.
//! 3. **Verify** ([`Offboarder::verify`]): the accesses are read again.
//! 4. **Undo** ([`Offboarder::undo`]): what a journal's actions removed is re-created, in reverse
//!    order, journaled the same way; what cannot be restored (deleted sessions) is said.
//!
//! A saved plan is checked against the current state before it is applied
//! ([`Offboarder::check_plan`]): a stale one is refused, naming what changed.
//!
//! ```no_run
//! # async fn run() -> idc_offboard::Result<()> {
//! use idc_offboard::{Offboarder, PlanOptions};
//!
//! let client = idc::huawei::Client::builder().region("cn-north-4").build()?;
//! let offboarder = Offboarder::huawei(client, None).await?;
//! let plan = offboarder
//!     .plan_offboard("alice", PlanOptions { disable_user: true, revoke_sessions: true })
//!     .await?;
//! for action in &plan.actions {
//!     println!("{action}: ends {} access(es)", action.ends.len());
//! }
//! offboarder.apply(&plan, "alice.journal".as_ref(), |_| {}).await?;
//! let verification = offboarder.verify(&plan).await?;
//! assert!(verification.is_clean());
//! # Ok(())
//! # }
//! ```

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod apply;
mod backend;
mod error;
mod huawei;
pub mod journal;
mod lookups;
mod offboard;
mod offboarder;
pub mod operation;
pub mod plan;
mod revoke;
pub mod rows;
mod scp;
pub mod stale;
mod target;
pub mod undo;
pub mod verify;

pub use apply::{ApplyOutcome, Event};
pub use error::{Error, Refusal, Result};
pub use offboarder::Offboarder;
pub use operation::{Operation, Principal};
pub use plan::{Action, Named, PLAN_FORMAT, Plan, PlanOptions, Remaining, Request, Via};
pub use stale::plan_changes;
pub use undo::{NotRestorable, UndoOutcome, UndoPlan};
pub use verify::Verification;
