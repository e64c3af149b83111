//! The built-in rules, one type per rule:
//!
//! | rule | severity | finds |
//! | --- | --- | --- |
//! | [`Idc001`] | medium | an account assignment held by a user directly instead of through a group |
//! | [`Idc002`] | high | a privileged permission set held (see [`crate::privileged`]), one finding per user holding it |
//! | [`Idc003`] | high | a disabled user who still holds access |
//! | [`Idc004`] | high | a user without an MFA device who holds a privileged permission set |
//! | [`Idc005`] | medium | a user who has not signed in for N days (default 90) and holds access |
//! | [`Idc006`] | high | an assignment whose principal no longer exists |
//! | [`Idc007`] | low | an application open to all users |
//! | [`Idc008`] | medium | a permission set not provisioned in its latest version on an account it is assigned on |
//! | [`Idc009`] | low | a group with assignments but no members; a permission set assigned nowhere |

mod idc001;
mod idc002;
mod idc003;
mod idc004;
mod idc005;
mod idc006;
mod idc007;
mod idc008;
mod idc009;
mod names;

use std::sync::Arc;

pub use idc001::Idc001;
pub use idc002::Idc002;
pub use idc003::Idc003;
pub use idc004::Idc004;
pub use idc005::Idc005;
pub use idc006::Idc006;
pub use idc007::Idc007;
pub use idc008::Idc008;
pub use idc009::Idc009;

use crate::rule::Rule;

/// Every built-in rule, `IDC001` to `IDC009` in order.
pub fn builtin() -> Vec<Arc<dyn Rule>> {
    vec![
        Arc::new(Idc001),
        Arc::new(Idc002),
        Arc::new(Idc003),
        Arc::new(Idc004),
        Arc::new(Idc005),
        Arc::new(Idc006),
        Arc::new(Idc007),
        Arc::new(Idc008),
        Arc::new(Idc009),
    ]
}
