//! Verification: after applying, the accesses are read again.

use std::collections::BTreeSet;

use idc_report::{Row, ViaType};
use serde::Serialize;

use crate::error::Result;
use crate::offboard::{rows_of_user, rows_of_users};
use crate::plan::{Plan, Request};
use crate::revoke::{Identity, identity};
use crate::target::Target;

/// What remains after a plan was applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Accesses the plan set out to end that are still held (off-boarding: every access of the
    /// user but applications open to all users; revoke: the rows asked).
    pub remaining: Vec<Row>,
    /// Applications open to all users the user still reaches (expected: they cannot be revoked
    /// for one user).
    pub open_to_all: Vec<Row>,
    /// Off-boarding with `disable_user`: whether the user is still enabled (`None`: not asked,
    /// or the cloud cannot tell).
    pub user_still_enabled: Option<bool>,
    /// The keys of the plan's actions whose effect is not in place (e.g. a membership of a
    /// group that gave no access, a restoration of an undo).
    pub pending: Vec<String>,
}

impl Verification {
    /// Whether nothing remains but applications open to all users, every action's effect is in
    /// place, and the user is disabled when that was asked.
    pub fn is_clean(&self) -> bool {
        self.remaining.is_empty()
            && self.pending.is_empty()
            && self.user_still_enabled != Some(true)
    }
}

/// Verifies a plan: see [`Offboarder::verify`](crate::Offboarder::verify).
pub(crate) async fn verify(off: &Target, plan: &Plan) -> Result<Verification> {
    off.check_target("the plan", plan.cloud, &plan.instance_id)?;
    let mut out = Verification::default();
    match &plan.request {
        Request::Offboard { options, .. } => {
            let Some(user) = &plan.user else {
                return Ok(out);
            };
            for row in rows_of_user(off, &user.id).await? {
                if row.via_type == ViaType::AllUsers {
                    out.open_to_all.push(row);
                } else {
                    out.remaining.push(row);
                }
            }
            if options.disable_user {
                out.user_still_enabled = off.backend.user_enabled(&user.id).await?;
            }
        }
        Request::Revoke { .. } => {
            let ended: BTreeSet<Identity> = plan
                .actions
                .iter()
                .flat_map(|a| a.ends.iter().chain(&a.also_ends))
                .map(identity)
                .collect();
            let users: Vec<String> = plan
                .actions
                .iter()
                .flat_map(|a| a.ends.iter().chain(&a.also_ends))
                .map(|r| r.user_id.clone())
                .collect();
            out.remaining = rows_of_users(off, &users)
                .await?
                .into_iter()
                .filter(|r| ended.contains(&identity(r)))
                .collect();
        }
        Request::Undo { .. } => {}
    }
    for action in &plan.actions {
        if !off.backend.is_done(&action.operation).await? {
            out.pending.push(action.id.clone());
        }
    }
    Ok(out)
}
