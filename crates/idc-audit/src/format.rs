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

#[cfg(test)]
mod tests {
    use idc_report::Cloud;
    use time::macros::date;

    use super::{Audited, csv, html, jsonl, table};
    use crate::audit::{AuditResult, RuleResult, RuleStatus};
    use crate::baseline::{Acceptance, Baseline};
    use crate::finding::{Finding, Severity, Subject, SubjectKind};

    fn finding(rule: &str, severity: Severity, user: &str) -> Finding {
        let subject = Subject::new(SubjectKind::User, format!("id-{user}"), Some(user.into()));
        let set = Subject::new(SubjectKind::PermissionSet, "ps-1", Some("Admin".into()));
        Finding::new(rule, severity, subject, vec![set])
            .found(format!("{user} holds it"))
            .why("it matters")
            .fix("remove it")
    }

    fn result() -> AuditResult {
        let rule = |id: &str, severity, status, findings| RuleResult {
            rule: id.into(),
            severity,
            title: format!("title of {id}"),
            status,
            findings,
        };
        AuditResult {
            cloud: Cloud::Huawei,
            instance_id: "ins-1".into(),
            rules: vec![
                rule(
                    "IDC009",
                    Severity::Low,
                    RuleStatus::Evaluated,
                    vec![finding("IDC009", Severity::Low, "carol")],
                ),
                rule(
                    "IDC002",
                    Severity::High,
                    RuleStatus::Evaluated,
                    vec![
                        finding("IDC002", Severity::High, "al\u{1b}[2Jice"),
                        finding("IDC002", Severity::High, "bob"),
                    ],
                ),
                rule(
                    "IDC005",
                    Severity::Medium,
                    RuleStatus::NotEvaluated {
                        reason: "no last sign-in".into(),
                    },
                    Vec::new(),
                ),
            ],
        }
    }

    #[test]
    fn the_table_groups_by_severity_highest_first_and_escapes_server_text() {
        let result = result();
        let judged = Audited::without_baseline(&result);
        let text = table::table(&Audited::new(&result, &judged, false));
        assert!(text.starts_with("idc audit: huawei instance ins-1: 3 findings (2 high, 1 low)\n"));
        let high = text.find("\nHIGH (2)\n").unwrap();
        let low = text.find("\nLOW (1)\n").unwrap();
        assert!(high < low && !text.contains("MEDIUM ("));
        assert!(text[high..low].contains("IDC002  user bob"));
        assert!(text[low..].contains("IDC009  user carol"));
        assert!(!text.contains('\u{1b}') && text.contains("al\\u{1b}[2Jice"));
        assert!(text.contains("IDC005  medium  NOT EVALUATED   title of IDC005: no last sign-in"));
        assert!(
            !text.contains("BASELINE"),
            "no baseline, no baseline section"
        );
    }

    #[test]
    fn an_expired_acceptance_is_shown_with_its_finding_in_every_format() {
        let result = result();
        let bob = result.rules[1].findings[1].fingerprint.clone();
        let carol = result.rules[0].findings[0].fingerprint.clone();
        let baseline = Baseline {
            accepted: vec![
                Acceptance {
                    fingerprint: bob.clone(),
                    reason: "until the migration".into(),
                    expires: date!(2026 - 01 - 31),
                },
                Acceptance {
                    fingerprint: carol,
                    reason: "reviewed".into(),
                    expires: date!(2027 - 01 - 31),
                },
            ],
        };
        let judged = baseline.apply(
            result.findings().into_iter().cloned(),
            date!(2026 - 12 - 07),
        );
        let audited = Audited::new(&result, &judged, true);
        assert_eq!(audited.reported().len(), 2, "alice, and bob again");
        assert_eq!(audited.at_or_above(Severity::High), 2);
        assert_eq!(audited.at_or_above(Severity::Low), 2, "carol is accepted");

        let text = table::table(&audited);
        assert!(
            text.contains("BASELINE: 1 accepted, 1 expired (counted again), 0 matching nothing")
        );
        assert!(text.contains("accepted until 2026-01-31 (\"until the migration\")"));

        let mut out = Vec::new();
        jsonl::write(&mut out, &audited, &Default::default(), "now").unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 4);
        let bob_line = lines
            .iter()
            .find(|l| l["fingerprint"] == bob.as_str())
            .unwrap();
        assert_eq!(bob_line["expired_acceptance"]["expires"], "2026-01-31");
        assert_eq!(
            lines[3]["baseline"]["accepted"].as_array().unwrap().len(),
            1
        );
        assert_eq!(lines[3]["by_severity"]["high"], 2);
        assert_eq!(lines[3]["rules"][2]["status"], "not_evaluated");

        let mut out = Vec::new();
        csv::write(&mut out, &audited).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.contains(",2026-01-31,until the migration"));

        let sections = html::sections(&audited);
        assert_eq!(sections.len(), 3, "findings, rules, baseline");
        assert_eq!(sections[0].rows.len(), 2);
        assert!(
            sections[0]
                .rows
                .iter()
                .all(|r| r.tone == idc_report::format::page::Tone::High)
        );
        assert!(
            sections[2]
                .heading
                .contains("1 accepted, 1 expired, 0 matching nothing")
        );
        let privileged = html::privileged_permission_sets(&result);
        assert_eq!(
            privileged.into_iter().collect::<Vec<_>>(),
            vec!["ps-1".to_owned()]
        );
    }
}
