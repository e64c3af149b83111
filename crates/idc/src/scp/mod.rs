//! Samsung Cloud Platform IAM Identity Center.
//!
//! Build a [`Client`] (iam-identity-center), or [`Client::organization`] from it, then call one of
//! their operations (the crate root lists them: instances, users, groups and their users, permission
//! sets and their policies, account assignments; the organization's accounts; each service's version
//! list). Each is a fluent request builder that runs with [`send`](ListAccountAssignments::send) (one
//! page); a list also with [`pages`](ListAccountAssignments::pages) and
//! [`items`](ListAccountAssignments::items) (streams) and
//! [`collect`](ListAccountAssignments::collect).
//!
//! ```no_run
//! # async fn run() -> idc::Result<()> {
//! use idc::scp::{ApiVersion, Client, Credentials};
//!
//! let client = Client::builder()
//!     .credentials(Credentials::new("access-key", "secret-key"))
//!     .region("kr-west1")
//!     .environment("e")
//!     .build()?;
//!
//! let assignments = client
//!     .list_account_assignments()
//!     .instance_id("ssoins-12345")
//!     .target_account_id("3265ab469f0d406d83073da3e11e7a6c")
//!     .api_version(ApiVersion::new(1, 4))
//!     .collect()
//!     .await?;
//! for a in &assignments {
//!     println!("{:?} ({:?}): {:?}", a.principal_name, a.principal_type, a.role_srn);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Requests are signed with `Scp-Signature` ([`signing`]); credentials come from [`credentials`];
//! the endpoint from [`endpoint`]; the API version rules are in [`versions`].

mod client;
pub mod credentials;
pub mod endpoint;
pub mod iam_identity_center;
#[cfg(feature = "scp-organization")]
pub mod organization;
pub mod signing;
pub mod versions;

pub use crate::pagination::MAX_CONCURRENCY;
pub use crate::pagination::page::Page;
pub use client::{Client, ClientBuilder, DEFAULT_LANGUAGE, SharedCredentialsProvider};
pub use credentials::Credentials;
pub use iam_identity_center::*;
pub use versions::ApiVersion;
// The item of the seed operation, by the name earlier versions exported (its own docs show).
pub use iam_identity_center::types::AccountAssignment;
