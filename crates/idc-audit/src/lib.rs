//! # idc-audit: what is wrong, not only who has what
//!
//! Findings over IAM Identity Center on Huawei Cloud and Samsung Cloud Platform. An [`Audit`]
//! runs the access report ([`idc_report`]), makes only the reads its enabled [`Rule`]s need
//! beyond it ([`Read`]), and judges them: each [`Finding`] names its rule, severity, subject (with
//! names), what was found, why it matters, how to fix it, the report rows it concerns, and a
//! stable [`Fingerprint`]. A rule the cloud's API cannot judge says so
//! ([`RuleStatus::NotEvaluated`]): it never passes silently. A [`Baseline`] accepts findings for a
//! while.
//!
//! | rule | severity | finds |
//! | --- | --- | --- |
//! | `IDC001` | medium | an account assignment held by a user directly instead of through a group |
//! | `IDC002` | high | a privileged permission set held ([`privileged`]): one finding per user holding it, with how |
//! | `IDC003` | high | a disabled user who still holds access (SCP: not evaluated) |
//! | `IDC004` | high | a user without an MFA device who holds a privileged permission set (SCP: not evaluated) |
//! | `IDC005` | medium | a user who has not signed in for N days (default 90) and holds access (Huawei: not evaluated) |
//! | `IDC006` | high | an assignment whose principal no longer exists |
//! | `IDC007` | low | an application open to all users (Huawei only) |
//! | `IDC008` | medium | a permission set not provisioned in its latest version on an account it is assigned on (Huawei only) |
//! | `IDC009` | low | a group with assignments but no members; a permission set assigned nowhere |
//!
//! ```no_run
//! # async fn run() -> idc_audit::Result<()> {
//! use idc_audit::{Audit, huawei::HuaweiReads};
//! use idc_report::huawei::HuaweiSource;
//!
//! let client = idc::huawei::Client::builder().region("cn-north-4").build()?;
//! let source = HuaweiSource::connect(client.clone(), Some("ins-36218e5b4c2c4c4d")).await?;
//! let reads = HuaweiReads::for_source(client, &source)?;
//! let audit = Audit::new().select(&[], &["IDC001".into()])?;
//! let result = audit.run(source, &reads).await?;
//! for finding in result.findings() {
//!     println!("{} {} {}: {}", finding.severity, finding.rule, finding.subject.label(), finding.found);
//! }
//! for (rule, why) in result.not_evaluated() {
//!     println!("{rule} could not be evaluated: {why}");
//! }
//! # Ok(())
//! # }
//! ```

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod audit;
pub mod baseline;
mod collect;
mod error;
mod facts;
mod finding;
pub mod format;
mod gather;
pub mod huawei;
pub mod privileged;
mod rule;
pub mod rules;
pub mod scp;
mod settings;

pub use audit::{Audit, AuditResult, RuleResult, RuleStatus};
pub use baseline::{Acceptance, Baseline, Judged, write_baseline};
pub use collect::{NoReads, Reads};
pub use error::{Error, Result};
pub use facts::{Assignment, Fact, Facts, Read};
pub use finding::{Finding, Fingerprint, Severity, Subject, SubjectKind, UnknownSeverity};
pub use privileged::{PermissionSetPolicies, PolicyDocument, PrivilegedPolicies};
pub use rule::{Outcome, Rule};
pub use settings::{DEFAULT_DORMANT_DAYS, Settings};
