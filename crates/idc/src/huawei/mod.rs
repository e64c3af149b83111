//! Huawei Cloud IAM Identity Center.
//!
//! Build a [`Client`], then call one of its operations. Each operation is a fluent request builder that
//! runs one of four ways: [`send`](ListAccountAssignmentsForPrincipal::send) (one page),
//! [`pages`](ListAccountAssignmentsForPrincipal::pages) and
//! [`items`](ListAccountAssignmentsForPrincipal::items) (streams), and
//! [`collect`](ListAccountAssignmentsForPrincipal::collect).
//!
//! ```no_run
//! # async fn run() -> idc::Result<()> {
//! use idc::huawei::{Client, Credentials};
//! use idc::PrincipalType;
//!
//! let client = Client::builder()
//!     .credentials(Credentials::new("AK...", "SK...").with_domain_id("0123456789abcdef"))
//!     .build()?;
//!
//! let accounts = client
//!     .list_account_assignments_for_principal()
//!     .instance_id("ins-36218e5b4c2c4c4d")
//!     .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
//!     .principal_type(PrincipalType::User)
//!     .collect()
//!     .await?;
//! println!("{} account assignments", accounts.len());
//! # Ok(())
//! # }
//! ```
//!
//! Requests are signed with `SDK-HMAC-SHA256` ([`signing`]); credentials come from
//! [`credentials`]; the endpoint from [`endpoint`].

mod client;
pub mod credentials;
pub mod endpoint;
pub mod identitycenter;
#[cfg(feature = "huawei-identitystore")]
pub mod identitystore;
#[cfg(feature = "huawei-organizations")]
pub mod organizations;
pub mod signing;

pub use crate::pagination::marker::Page;
pub use client::{Client, ClientBuilder, SharedCredentialsProvider};
pub use credentials::Credentials;
pub use identitycenter::*;
// The items of the seed operations, by the names earlier versions exported (their own docs show).
pub use identitycenter::types::{AccountAssignment, ApplicationAssignment};
