//! Writing an audit: a table grouped by severity ([`table`]), JSON lines ([`jsonl`]), CSV
//! ([`csv`](mod@csv)) and the HTML page ([`html`]: the access page of the report with the findings, the
//! rules and the baseline, the matrix marking grants of privileged permission sets).
//!
//! Each writes an [`Audited`]: the audit's result with its findings judged against a baseline
//! (without one, [`Audited::without_baseline`]). Server text is made safe for where it goes
//! ([`idc_report::escape`]): the table escapes terminal control and invisible characters, CSV
//! also neutralises spreadsheet formulas, HTML escapes markup; JSON keeps the exact values.
//!
//! ```
//! use idc_audit::format::{Audited, table};
//! use idc_audit::{AuditResult, Baseline};
//! use idc_report::Cloud;
//!
//! let result = AuditResult { cloud: Cloud::Scp, instance_id: "ssoins-1".into(), rules: Vec::new() };
//! let judged = Baseline::default().apply(Vec::new(), time::macros::date!(2026 - 12 - 7));
//! let text = table::table(&Audited::new(&result, &judged, false));
//! assert!(text.starts_with("idc audit: scp instance ssoins-1: no findings"));
//! ```

pub mod audited;
pub mod csv;
pub mod html;
pub mod jsonl;
pub mod table;

pub use audited::Audited;
