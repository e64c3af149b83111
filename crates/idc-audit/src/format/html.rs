//! The audit in the report's HTML page ([`idc_report::format::page::access_page`]): after the
//! summary, a findings section (one row per reported finding, coloured by severity: red high,
//! orange medium, blue low), the rules (each one's outcome; a rule that could not be evaluated
//! says why) and, with a baseline, what it accepted; then the access matrix, whose grants of a
//! privileged permission set are outlined, and the table of every access. The page escapes every
//! cell; its script only sets `textContent`.

use std::collections::BTreeSet;

use idc_report::Row;
use idc_report::format::page::{PageExtras, Section, SectionRow, Tone, access_page};

use super::audited::{Audited, rule_outcome, rule_reason, subject_text, targets_text};
use crate::audit::{AuditResult, RuleStatus};
use crate::finding::{Severity, SubjectKind};

/// The rules whose findings name privileged permission sets (`IDC002`, `IDC004`).
pub const PRIVILEGED_RULES: [&str; 2] = ["IDC002", "IDC004"];

/// What the matrix legend says of an outlined grant.
pub const MARK_LABEL: &str = "held through a privileged permission set (IDC002)";

fn tone(severity: Severity) -> Tone {
    match severity {
        Severity::High => Tone::High,
        Severity::Medium => Tone::Medium,
        Severity::Low => Tone::Low,
    }
}

/// The permission sets the findings of [`PRIVILEGED_RULES`] name (reported or accepted): the
/// grants the matrix marks.
pub fn privileged_permission_sets(result: &AuditResult) -> BTreeSet<String> {
    result
        .rules
        .iter()
        .filter(|r| PRIVILEGED_RULES.contains(&r.rule.as_str()))
        .flat_map(|r| &r.findings)
        .flat_map(|f| &f.targets)
        .filter(|t| t.kind == SubjectKind::PermissionSet)
        .map(|t| t.id.clone())
        .collect()
}

/// The page's sections: findings, rules and (with a baseline) the baseline.
pub fn sections(audited: &Audited<'_>) -> Vec<Section> {
    let mut header: Vec<String> = [
        "severity",
        "rule",
        "subject",
        "found",
        "concerning",
        "why",
        "fix",
        "fingerprint",
    ]
    .map(str::to_owned)
    .to_vec();
    if audited.baseline {
        header.push("baseline".to_owned());
    }
    let findings = audited
        .reported()
        .into_iter()
        .map(|f| {
            let mut cells = vec![
                f.severity.as_str().to_owned(),
                f.rule.clone(),
                subject_text(f),
                f.found.clone(),
                targets_text(f),
                f.why.clone(),
                f.fix.clone(),
                f.fingerprint.as_str().to_owned(),
            ];
            if audited.baseline {
                cells.push(audited.expired_acceptance(f).map_or_else(String::new, |a| {
                    format!("acceptance expired {} ({})", a.expires, a.reason)
                }));
            }
            SectionRow {
                tone: tone(f.severity),
                cells,
            }
        })
        .collect();
    let rules = audited
        .rules()
        .iter()
        .map(|r| SectionRow {
            tone: match r.status {
                RuleStatus::NotEvaluated { .. } => Tone::Medium,
                _ => Tone::Plain,
            },
            cells: vec![
                r.rule.clone(),
                r.severity.as_str().to_owned(),
                r.title.clone(),
                rule_outcome(r),
                rule_reason(r).unwrap_or_default().to_owned(),
            ],
        })
        .collect();
    let mut sections = vec![
        Section {
            id: "findings".to_owned(),
            heading: format!("Findings: {}", audited.counts_text()),
            note: Some(
                "Highest severity first. The fingerprint names a finding in a baseline file."
                    .to_owned(),
            ),
            header,
            rows: findings,
        },
        Section {
            id: "rules".to_owned(),
            heading: "Rules".to_owned(),
            note: Some(
                "A rule NOT EVALUATED could not be judged (the cloud's API does not tell, or the \
                 audit was narrowed): it did not pass."
                    .to_owned(),
            ),
            header: ["rule", "severity", "finds", "outcome", "why"]
                .map(str::to_owned)
                .to_vec(),
            rows: rules,
        },
    ];
    if audited.baseline {
        let judged = audited.judged;
        let row = |what: &str, a: &crate::baseline::Acceptance, tone: Tone| SectionRow {
            tone,
            cells: vec![
                what.to_owned(),
                a.fingerprint.as_str().to_owned(),
                a.expires.to_string(),
                a.reason.clone(),
            ],
        };
        let rows = (judged.accepted.iter())
            .map(|(_, a)| row("accepted", a, Tone::Plain))
            .chain(
                judged
                    .expired
                    .iter()
                    .map(|a| row("expired: counted again", a, Tone::Medium)),
            )
            .chain(
                judged
                    .unmatched
                    .iter()
                    .map(|a| row("matches nothing: delete it", a, Tone::Low)),
            )
            .collect();
        sections.push(Section {
            id: "baseline".to_owned(),
            heading: format!(
                "Baseline: {} accepted, {} expired, {} matching nothing",
                judged.accepted.len(),
                judged.expired.len(),
                judged.unmatched.len()
            ),
            note: None,
            header: ["acceptance", "fingerprint", "expires", "reason"]
                .map(str::to_owned)
                .to_vec(),
            rows,
        });
    }
    sections
}

/// The access page of `rows` with the audit's sections, the grants of `privileged` permission
/// sets marked in the matrix ([`privileged_permission_sets`] gives those the findings name).
///
/// ```
/// use idc_audit::format::{Audited, html};
/// use idc_audit::AuditResult;
/// use idc_report::Cloud;
///
/// let result = AuditResult { cloud: Cloud::Huawei, instance_id: "ins-1".into(), rules: Vec::new() };
/// let judged = Audited::without_baseline(&result);
/// let page = html::page("audit", &[], &Audited::new(&result, &judged, false), &Default::default());
/// assert!(page.contains("<h2>Findings: no findings</h2>"));
/// ```
pub fn page(
    title: &str,
    rows: &[Row],
    audited: &Audited<'_>,
    privileged: &BTreeSet<String>,
) -> String {
    let extras = PageExtras {
        sections: sections(audited),
        marked_permission_sets: privileged.clone(),
        mark_label: MARK_LABEL.to_owned(),
    };
    access_page(title, rows, None, &extras)
}
