//! # idc: IAM Identity Center on Huawei Cloud and Samsung Cloud Platform
//!
//! Answer "who can reach which account or application" from Rust: list the account and application
//! assignments of IAM Identity Center on **Huawei Cloud** and on **Samsung Cloud Platform** (SCP), with
//! signed requests, streaming pagination, typed errors and retries.
//!
//! | cloud | client | operations |
//! | --- | --- | --- |
//! | Huawei Cloud | [`huawei::Client`] | [`list_account_assignments_for_principal`](huawei::Client::list_account_assignments_for_principal), [`list_application_assignments_for_principal`](huawei::Client::list_application_assignments_for_principal) |
//! | SCP | [`scp::Client`] | [`list_account_assignments`](scp::Client::list_account_assignments), API versions 1.0 to 1.4 |
//!
//! ## Quick start: Huawei Cloud
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use idc::huawei::Client;
//! use idc::PrincipalType;
//!
//! # async fn run() -> idc::Result<()> {
//! // Credentials from HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK / HUAWEICLOUD_SDK_DOMAIN_ID, or from
//! // ~/.huaweicloud/credentials.
//! let client = Client::builder().region("cn-north-4").build()?;
//!
//! let mut assignments = client
//!     .list_account_assignments_for_principal()
//!     .instance_id("ins-36218e5b4c2c4c4d")
//!     .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
//!     .principal_type(PrincipalType::User)
//!     .items();
//! while let Some(a) = assignments.try_next().await? {
//!     println!("account {} via permission set {}", a.account_id, a.permission_set_id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Quick start: Samsung Cloud Platform
//!
//! ```no_run
//! use idc::scp::{ApiVersion, Client};
//!
//! # async fn run() -> idc::Result<()> {
//! // Credentials from SCP_ACCESS_KEY / SCP_SECRET_KEY, or from ~/.scpconf/credentials.json.
//! let client = Client::builder()
//!     .region("kr-west1")
//!     .environment("e")
//!     .api_version(ApiVersion::new(1, 4))
//!     .build()?;
//!
//! let assignments = client
//!     .list_account_assignments()
//!     .instance_id("ssoins-12345")
//!     .target_account_id("3265ab469f0d406d83073da3e11e7a6c")
//!     .collect()
//!     .await?;
//! for a in &assignments {
//!     println!("{:?} holds {:?}", a.principal_name, a.role_srn);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Credentials
//!
//! Without explicit credentials, each client asks a default chain: environment variables first, then
//! the cloud's profile file. A source that is half configured (an access key without its secret key)
//! is an error naming what is missing, not a silent fall-through. Plug in your own source (for example
//! one that refreshes temporary credentials) by implementing
//! [`ProvideCredentials`](credentials::ProvideCredentials). Secrets are redacted from `Debug`, never
//! logged, and zeroed when dropped. See [`huawei::credentials`] and [`scp::credentials`].
//!
//! | cloud | environment | file |
//! | --- | --- | --- |
//! | Huawei | `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_DOMAIN_ID`, `HUAWEICLOUD_SDK_SECURITY_TOKEN` | `~/.huaweicloud/credentials` (`[global]`), or `$HUAWEICLOUD_SDK_CREDENTIALS_FILE` |
//! | SCP | `SCP_ACCESS_KEY`, `SCP_SECRET_KEY`, `SCP_AUTH_TOKEN`, `SCP_ACCOUNT_ID` | `~/.scpconf/credentials.json` |
//!
//! ## SCP API versions
//!
//! An SCP client is pinned to an API version, by default the newest CURRENT one, and each call may
//! override it. Versions past their "Not Before" date are refused unless you opt in, and versions
//! within 90 days of it are warned about once. See [`scp::versions`].
//!
//! ## Pagination
//!
//! Every list operation runs four ways: `send()` for one page, `pages()` and `items()` for streams
//! that fetch lazily, and `collect()`. `page_size` and `max_items` bound the work; SCP can fetch pages
//! concurrently. Inconsistent paging ends in an error rather than in lost or repeated items. See
//! [`pagination`].
//!
//! ## Errors and retries
//!
//! Every operation returns [`Error`], whose variants say what happened (the service refused,
//! authentication failed, throttled, timed out, the network failed, the request was invalid...), with
//! [`Error::is_retryable`]. Transient failures are retried with exponential backoff and full jitter,
//! honouring `Retry-After`, and every attempt is signed anew. See [`error`], [`retry`] and
//! [`config::Timeouts`].
//!
//! ## Testing against the emulator
//!
//! The `idc-emulator` crate serves both clouds' operations from an in-memory data set on loopback,
//! verifying signatures like the real gateways. Start it in-process from a test and point a client at
//! its URL with `.endpoint(...)`: plain `http://` is accepted for loopback addresses only.
//!
//! ## Lower level
//!
//! [`idc_raw`] holds the clients progenitor generates from the OpenAPI specs; this crate re-exports
//! the types you need, so you never have to depend on it directly.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod clock;
pub mod config;
pub mod credentials;
pub mod error;
pub mod files;
pub mod huawei;
pub mod pagination;
pub mod retry;
pub mod scp;
pub mod text;
mod transport;
mod validate;

// The per-operation layer, generated from `specs/` by `cargo xtask codegen`.
#[allow(clippy::all, clippy::unwrap_used, clippy::expect_used)]
mod generated {
    include!("generated/modules.rs");
}

pub use error::{Error, Result};
pub use idc_raw::PrincipalType;

/// The generated low-level clients, for what this crate does not cover.
pub use idc_raw;
/// The `reqwest` this crate is built on (0.13): name its types through this re-export (for
/// example a [`reqwest::ClientBuilder`] for the builders' `http_client`), so that a different
/// `reqwest` in your own dependencies cannot clash with it.
pub use reqwest;
