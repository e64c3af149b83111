//! Samsung Cloud Platform: the handlers of iam-identity-center (`iam_identity_center`) and
//! organization (`organization`) over the same relational rows (routing, parsing, validation and
//! API version negotiation are generated from the specs or done before a handler runs).
//!
//! Every operation is a view of the same rows ([`ScpData`](crate::ScpData)): an assignment's
//! account name, principal name and permission sets are looked up in the account, user, group and
//! permission set rows its ids name. Ids that name no row are `404` in SCP's error shape. Lists
//! page with a 0-based `page` and a `size` of 1 to 100 (default 20), filter by exact match, and
//! sort by `field:asc|desc` keys over the fields of their items; `count` is the number of matching
//! items.

mod access_writes;
mod common;
mod iam_identity_center;
mod identity_writes;
mod instance_writes;
mod organization;
mod pages;
mod wire;
mod writes;

pub use wire::PRE_1_2_CUSTOM_POLICIES_FIELD;
