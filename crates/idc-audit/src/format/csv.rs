//! The audit as CSV: a header row, then one row per reported finding (highest severity first).
//! Every cell goes through [`idc_report::escape::write_csv_record`]: formulas neutralised (`'=`),
//! control and invisible characters shown as codes, a record with a `;` quoted whole, so a
//! spreadsheet shows server text as text. Rules that could not be evaluated are not rows: the
//! `idc` tool says so on stderr.

use std::io::{self, Write};

use idc_report::escape::write_csv_record;

use super::audited::{Audited, targets_text};

/// The columns, in order.
pub const COLUMNS: [&str; 13] = [
    "severity",
    "rule",
    "subject_kind",
    "subject_id",
    "subject_name",
    "targets",
    "found",
    "why",
    "fix",
    "fingerprint",
    "rows",
    "expired_acceptance_until",
    "expired_acceptance_reason",
];

/// Writes the reported findings of `audited` as CSV (see the module's documentation); `rows` is
/// how many report rows a finding concerns.
///
/// ```
/// use idc_audit::format::{Audited, csv};
/// use idc_audit::{AuditResult, Finding, RuleResult, RuleStatus, Severity, Subject, SubjectKind};
/// use idc_report::Cloud;
///
/// let user = Subject::new(SubjectKind::User, "u-1", Some("=HYPERLINK(\"x\")".into()));
/// let finding = Finding::new("IDC003", Severity::High, user, Vec::new()).found("disabled");
/// let result = AuditResult {
///     cloud: Cloud::Huawei,
///     instance_id: "ins-1".into(),
///     rules: vec![RuleResult {
///         rule: "IDC003".into(), severity: Severity::High, title: "t".into(),
///         status: RuleStatus::Evaluated, findings: vec![finding],
///     }],
/// };
/// let judged = Audited::without_baseline(&result);
/// let mut out = Vec::new();
/// csv::write(&mut out, &Audited::new(&result, &judged, false))?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.lines().nth(1).unwrap().starts_with("high,IDC003,user,u-1,\"'=HYPERLINK(\"\"x\"\")\""));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write(out: &mut impl Write, audited: &Audited<'_>) -> io::Result<()> {
    write_csv_record(out, COLUMNS)?;
    for finding in audited.reported() {
        let expired = audited.expired_acceptance(finding);
        write_csv_record(
            out,
            [
                finding.severity.as_str().to_owned(),
                finding.rule.clone(),
                finding.subject.kind.as_str().to_owned(),
                finding.subject.id.clone(),
                finding.subject.name.clone().unwrap_or_default(),
                targets_text(finding),
                finding.found.clone(),
                finding.why.clone(),
                finding.fix.clone(),
                finding.fingerprint.as_str().to_owned(),
                finding.rows.len().to_string(),
                expired.map(|a| a.expires.to_string()).unwrap_or_default(),
                expired.map(|a| a.reason.clone()).unwrap_or_default(),
            ],
        )?;
    }
    out.flush()
}
