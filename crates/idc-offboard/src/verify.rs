//! Verification: after applying, the accesses are read again.

use idc_report::Row;
use serde::Serialize;

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
}

impl Verification {
    /// Whether nothing remains but applications open to all users (and the user is disabled
    /// when that was asked).
    pub fn is_clean(&self) -> bool {
        self.remaining.is_empty() && self.user_still_enabled != Some(true)
    }
}
