//! The audit as text for a terminal: the findings grouped by severity (highest first), each with
//! what was found, why it matters and how to fix it; then every rule's outcome (a rule that could
//! not be evaluated says why), then what the baseline accepted. Server text is escaped for a
//! terminal ([`idc_report::escape::terminal`]).

use std::fmt::Write as _;

use idc_report::escape::terminal;
use idc_report::width::{cut, pad};

use super::audited::{Audited, rule_outcome, rule_reason, subject_text, targets_text};
use crate::finding::{Finding, Severity};

/// The widest a subject is shown on a finding's first line (cut with `…`; the found line names it
/// whole).
const SUBJECT_COLUMNS: usize = 48;

fn finding_block(out: &mut String, finding: &Finding, audited: &Audited<'_>) {
    let subject = cut(&terminal(&subject_text(finding)), SUBJECT_COLUMNS);
    let _ = writeln!(
        out,
        "{}  {}  {}",
        terminal(&finding.rule),
        pad(&subject, SUBJECT_COLUMNS),
        terminal(finding.fingerprint.as_str())
    );
    let mut line = |label: &str, text: &str| {
        if !text.is_empty() {
            let _ = writeln!(out, "    {label:<7}{}", terminal(text));
        }
    };
    line("found", &finding.found);
    if !finding.targets.is_empty() {
        line("of", &targets_text(finding));
    }
    line("why", &finding.why);
    line("fix", &finding.fix);
    if let Some(acceptance) = audited.expired_acceptance(finding) {
        line(
            "note",
            &format!(
                "accepted until {} (\"{}\"): the acceptance expired, so it counts again",
                acceptance.expires, acceptance.reason
            ),
        );
    }
}

/// The audit as text (see the module's documentation).
pub fn table(audited: &Audited<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "idc audit: {} instance {}: {}",
        audited.result.cloud,
        terminal(&audited.result.instance_id),
        audited.counts_text()
    );
    for severity in Severity::ALL.iter().rev() {
        let findings = audited.reported_of(*severity);
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{} ({})",
            severity.as_str().to_uppercase(),
            findings.len()
        );
        for finding in findings {
            finding_block(&mut out, finding, audited);
        }
    }
    if !audited.rules().is_empty() {
        out.push_str("\nRULES\n");
        for rule in audited.rules() {
            let outcome = rule_outcome(rule);
            let reason = rule_reason(rule).map(|r| format!(": {}", terminal(r)));
            let _ = writeln!(
                out,
                "{}  {:<6}  {}  {}{}",
                terminal(&rule.rule),
                rule.severity.as_str(),
                pad(&outcome, 14),
                terminal(&rule.title),
                reason.unwrap_or_default()
            );
        }
    }
    if audited.baseline {
        let judged = audited.judged;
        let _ = writeln!(
            out,
            "\nBASELINE: {} accepted, {} expired (counted again), {} matching nothing",
            judged.accepted.len(),
            judged.expired.len(),
            judged.unmatched.len()
        );
        for acceptance in &judged.expired {
            let _ = writeln!(
                out,
                "  expired {}  {}  {}",
                terminal(acceptance.fingerprint.as_str()),
                acceptance.expires,
                terminal(&acceptance.reason)
            );
        }
        for acceptance in &judged.unmatched {
            let _ = writeln!(
                out,
                "  matches nothing (delete it from the file) {}  {}  {}",
                terminal(acceptance.fingerprint.as_str()),
                acceptance.expires,
                terminal(&acceptance.reason)
            );
        }
    }
    out
}

/// The widest line of [`brief`].
const BRIEF_COLUMNS: usize = 120;

/// The audit in brief, for a tour: one line per rule (its outcome; why, on a line of its own,
/// when it was not evaluated or does not apply), under it at most `per_rule` of its reported findings, one line each (subject and
/// what was found, cut to 120 columns), and how many more there are.
///
/// ```
/// use idc_audit::format::{Audited, table};
/// use idc_audit::{AuditResult, Finding, RuleResult, RuleStatus, Severity, Subject, SubjectKind};
/// use idc_report::Cloud;
///
/// let finding = |id: &str| {
///     Finding::new("IDC003", Severity::High, Subject::new(SubjectKind::User, id, Some(id.into())), Vec::new())
///         .found(format!("{id} is disabled and holds access"))
/// };
/// let result = AuditResult {
///     cloud: Cloud::Huawei,
///     instance_id: "ins-1".into(),
///     rules: vec![RuleResult {
///         rule: "IDC003".into(), severity: Severity::High, title: "a disabled user who still holds access".into(),
///         status: RuleStatus::Evaluated, findings: vec![finding("bob"), finding("dave")],
///     }],
/// };
/// let judged = Audited::without_baseline(&result);
/// let text = table::brief(&Audited::new(&result, &judged, false), 1);
/// assert_eq!(
///     text,
///     "IDC003  high    2 findings      a disabled user who still holds access\n\
///      \x20   user bob: bob is disabled and holds access\n\
///      \x20   ... and 1 more\n"
/// );
/// ```
pub fn brief(audited: &Audited<'_>, per_rule: usize) -> String {
    let mut out = String::new();
    let reported = audited.reported();
    for rule in audited.rules() {
        let head = format!(
            "{}  {:<6}  {}  {}",
            terminal(&rule.rule),
            rule.severity.as_str(),
            pad(&rule_outcome(rule), 14),
            terminal(&rule.title),
        );
        let _ = writeln!(out, "{}", cut(&head, BRIEF_COLUMNS));
        // Why a rule was not evaluated is never cut: it did not pass.
        if let Some(reason) = rule_reason(rule) {
            let _ = writeln!(out, "    {}", terminal(reason));
        }
        let mine: Vec<&&Finding> = reported.iter().filter(|f| f.rule == rule.rule).collect();
        for finding in mine.iter().take(per_rule) {
            let line = format!(
                "    {}: {}",
                terminal(&subject_text(finding)),
                terminal(&finding.found)
            );
            let _ = writeln!(out, "{}", cut(&line, BRIEF_COLUMNS));
        }
        if mine.len() > per_rule {
            let _ = writeln!(out, "    ... and {} more", mine.len() - per_rule);
        }
    }
    out
}
