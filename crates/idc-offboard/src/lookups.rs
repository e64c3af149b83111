//! What the clouds' lookups share: a user found, and a 404 told apart.

use crate::plan::Named;

/// A user found: id and name, and whether they are enabled (`None` where the cloud cannot tell).
#[derive(Clone, Debug)]
pub(crate) struct UserInfo {
    pub(crate) named: Named,
    pub(crate) enabled: Option<bool>,
}

/// Whether a request failed with 404.
pub(crate) fn is_not_found(e: &idc::Error) -> bool {
    e.status() == Some(404)
}
