//! # idc-report: who can reach what, across both clouds
//!
//! The access report of IAM Identity Center on Huawei Cloud and Samsung Cloud Platform: every
//! user's effective access to accounts (with permission sets) and applications, directly, through
//! each group they belong to, or because an application is open to every user; with names for
//! every id, filters, several output formats, and diffs between two reports.
//!
//! This example runs as written against the emulator's demo data (the workspace's `tests/tests/readme.rs`
//! runs it with `IDC_HUAWEI_ENDPOINT` pointing at the emulator):
//!
//! ```no_run
//! # async fn run() -> idc_report::Result<()> {
//! use futures::TryStreamExt;
//! use idc_report::{huawei::HuaweiSource, Filters, Report};
//!
//! let client = idc::huawei::Client::builder().region("cn-north-4").build()?;
//! // The instance; `None` discovers it when there is exactly one.
//! let source = HuaweiSource::connect(client, Some("ins-36218e5b4c2c4c4d")).await?;
//! // Filters are exact: an id, or a whole name.
//! let filters = Filters { accounts: vec!["Production".into()], ..Filters::default() };
//! let mut rows = Report::new(source).filters(filters).concurrency(16).rows();
//! while let Some(row) = rows.try_next().await? {
//!     println!("{} reaches {} as {:?} via {:?}", row.user_id, row.target_id, row.permission_set_name, row.via_type);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## The plan
//!
//! Each part of the report takes the cheapest route its source offers, chosen from the counts
//! known when it is decided ([`Report::explain`] returns the [`Plan`]: each step, its operation,
//! its requests and why): group members per group or per member, account assignments per account
//! or per principal, application assignments per application or per principal. The listings
//! (users, groups, accounts, permission sets, applications) are read at once, and a route starts
//! as soon as it is known to be the cheaper one (the account assignments while the users are
//! still being listed). A `--user` or `--group` report on a source with per-principal views
//! ([`source::Views`]) looks its principals up by id and by name and reads only what they reach.
//! Every request goes through one semaphore of [`Report::concurrency`] slots; a
//! [`rate::RateLimit`] on the source spaces them in time. See the README for the request counts.
//!
//! Sources: [`huawei::HuaweiSource`], [`scp::ScpSource`] over the `idc` clients (which retry,
//! honouring `Retry-After`), and [`source::MemorySource`] for tests. Output: [`format`](mod@format)
//! (a report that fails is never written as a complete one: [`Error::Interrupted`]). The
//! JSON-lines file, with its header and trailer: [`jsonl`]. Diffs: [`diff`].

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod diff;
mod engine;
mod error;
pub mod escape;
mod filters;
pub mod format;
pub mod huawei;
pub mod jsonl;
mod model;
pub mod rate;
pub mod scp;
pub mod source;
pub mod width;

pub use engine::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY, Plan, Progress, Report, Step};
pub use error::{Error, Result};
pub use filters::Filters;
pub use model::{
    AssignmentRow, Cloud, FilterKind, PrincipalKind, Record, Row, TargetType, ViaType,
};
