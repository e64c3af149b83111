//! The rules on generated organizations with seeded violations of every rule, on both clouds:
//! each rule finds exactly its seeded cases and nothing else; the rules a cloud cannot tell
//! say so; only the reads the enabled rules need are made.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::org::{NOW, Org, generate};
use common::{by_rule, status};
use idc_audit::{Audit, Read, RuleStatus, Settings, Severity};
use idc_report::{Cloud, Filters};

fn settings() -> Settings {
    Settings {
        now: NOW,
        ..Settings::default()
    }
}

async fn audit(org: &Org, audit: Audit) -> idc_audit::AuditResult {
    audit
        .settings(settings())
        .run(org.source.clone(), &org.reads)
        .await
        .unwrap()
}

fn evaluated(result: &idc_audit::AuditResult) -> BTreeSet<String> {
    result
        .rules
        .iter()
        .filter(|r| r.status == RuleStatus::Evaluated)
        .map(|r| r.rule.clone())
        .collect()
}

#[tokio::test]
async fn on_huawei_each_rule_finds_exactly_its_seeded_cases() {
    for seed in [1, 2, 3] {
        let org = generate(Cloud::Huawei, 24, seed);
        let result = audit(&org, Audit::new()).await;
        let found = by_rule(&result);
        for (rule, expected) in &org.expected {
            if *rule == "IDC005" {
                continue;
            }
            assert_eq!(&found[*rule], expected, "{rule}, seed {seed}");
            assert!(!expected.is_empty(), "{rule} has seeded cases");
        }
        let reason = match status(&result, "IDC005") {
            RuleStatus::NotEvaluated { reason } => reason,
            other => panic!("IDC005 on Huawei: {other:?}"),
        };
        assert!(reason.contains("cannot tell"), "{reason}");
        assert_eq!(evaluated(&result).len(), 8);
    }
}

#[tokio::test]
async fn on_scp_each_rule_finds_exactly_its_seeded_cases() {
    for seed in [1, 2, 3] {
        let org = generate(Cloud::Scp, 24, seed);
        let result = audit(&org, Audit::new()).await;
        let found = by_rule(&result);
        for rule in ["IDC001", "IDC002", "IDC005", "IDC006", "IDC009"] {
            assert_eq!(found[rule], org.expected[rule], "{rule}, seed {seed}");
            assert!(!found[rule].is_empty(), "{rule} has seeded cases");
        }
        for rule in ["IDC003", "IDC004"] {
            assert!(
                matches!(status(&result, rule), RuleStatus::NotEvaluated { .. }),
                "{rule} on SCP: {:?}",
                status(&result, rule)
            );
            assert!(found[rule].is_empty());
        }
        for rule in ["IDC007", "IDC008"] {
            assert!(matches!(
                status(&result, rule),
                RuleStatus::NotApplicable { .. }
            ));
        }
        // Not applicable: not read either.
        assert!(!org.reads.called().contains_key(&Read::Provisioning));
    }
}

#[tokio::test]
async fn a_finding_carries_its_rows_names_and_texts() {
    let org = generate(Cloud::Huawei, 24, 7);
    let result = audit(&org, Audit::new()).await;
    for rule in &result.rules {
        for f in &rule.findings {
            assert_eq!(f.rule, rule.rule);
            assert_eq!(f.severity, rule.severity);
            assert!(
                !f.found.is_empty() && !f.why.is_empty() && !f.fix.is_empty(),
                "{f:?}"
            );
            assert!(f.fingerprint.as_str().starts_with(&f.rule));
            // Every row a finding names is a row of the report, about the finding.
            for row in &f.rows {
                assert!(
                    row.user_id == f.subject.id
                        || row.via_id.as_deref() == Some(&f.subject.id)
                        || row.target_id == f.subject.id
                        || row.permission_set_id.as_deref() == Some(&f.subject.id),
                    "{f:?}"
                );
            }
        }
    }
    let idc002 = result.rules.iter().find(|r| r.rule == "IDC002").unwrap();
    let admin = idc002
        .findings
        .iter()
        .find(|f| f.targets[0].name.as_deref() == Some("Admin"))
        .unwrap();
    assert!(admin.subject.name.as_deref().unwrap().starts_with("user"));
    assert!(admin.found.contains("through group"), "{}", admin.found);
    assert!(
        admin.found.contains("managed policy \"FullAccess\""),
        "{}",
        admin.found
    );
    assert!(!admin.rows.is_empty());
    let deleted = result.rules[5]
        .findings
        .iter()
        .find(|f| f.subject.id == "u-deleted")
        .unwrap();
    assert_eq!(deleted.subject.name, None);
    assert_eq!(deleted.rows.len(), 1, "the deleted user's row");
    // Highest severity first.
    let severities: Vec<Severity> = result.findings().iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(severities, sorted);
}

#[tokio::test]
async fn only_the_reads_the_enabled_rules_need_are_made() {
    let cases: [(&[&str], &[&str], &[Read]); 5] = [
        (&["IDC001", "IDC007", "IDC009"], &[], &[]),
        (&["IDC002"], &[], &[Read::PermissionSetPolicies]),
        (
            &["IDC004"],
            &[],
            &[Read::PermissionSetPolicies, Read::MfaDevices],
        ),
        (
            &[],
            &["IDC002", "IDC004", "IDC005", "IDC008"],
            &[Read::UserStates],
        ),
        (&["idc003", "IDC008"], &["IDC003"], &[Read::Provisioning]),
    ];
    for (only, skip, reads) in cases {
        let org = generate(Cloud::Huawei, 12, 5);
        let only: Vec<String> = only.iter().map(|s| s.to_string()).collect();
        let skip: Vec<String> = skip.iter().map(|s| s.to_string()).collect();
        let selected = Audit::new().select(&only, &skip).unwrap();
        let result = audit(&org, selected).await;
        let called: BTreeSet<Read> = org.reads.called().into_keys().collect();
        let wanted: BTreeSet<Read> = reads.iter().copied().collect();
        assert_eq!(called, wanted, "--rules {only:?} --skip-rules {skip:?}");
        assert!(
            result
                .rules
                .iter()
                .all(|r| !skip.iter().any(|s| s.eq_ignore_ascii_case(&r.rule)))
        );
    }
}

#[tokio::test]
async fn an_unknown_rule_is_refused_naming_the_known_ones() {
    let err = Audit::new().select(&["IDC010".into()], &[]).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("\"IDC010\"") && text.contains("IDC001, IDC002"),
        "{text}"
    );
    let err = Audit::new().select(&[], &["nope".into()]).unwrap_err();
    assert!(err.to_string().contains("\"nope\""));
    assert!(
        Audit::new().rule(idc_audit::rules::Idc001).is_err(),
        "a second IDC001"
    );
}

#[tokio::test]
async fn a_filtered_audit_cannot_judge_what_needs_the_whole_instance() {
    let org = generate(Cloud::Huawei, 12, 9);
    let filters = Filters {
        users: vec!["user1".into()],
        ..Filters::default()
    };
    let result = audit(&org, Audit::new().filters(filters)).await;
    for rule in ["IDC006", "IDC009"] {
        match status(&result, rule) {
            RuleStatus::NotEvaluated { reason } => assert!(reason.contains("filtered"), "{reason}"),
            other => panic!("{rule}: {other:?}"),
        }
    }
    // The rows are user1's only, and so are the findings about users.
    let by_user: BTreeMap<_, _> = by_rule(&result);
    for (subject, _) in by_user["IDC001"].iter().chain(&by_user["IDC002"]) {
        assert_eq!(subject, "u-0001");
    }
}

#[tokio::test]
async fn the_dormancy_threshold_is_a_setting() {
    let org = generate(Cloud::Scp, 24, 4);
    let strict = Settings {
        dormant_days: 88,
        ..settings()
    };
    let result = Audit::new()
        .select(&["IDC005".into()], &[])
        .unwrap()
        .settings(strict)
        .run(org.source.clone(), &org.reads)
        .await
        .unwrap();
    // At 88 days the user who signed in 89 days ago is dormant too.
    assert_eq!(
        by_rule(&result)["IDC005"].len(),
        org.expected["IDC005"].len() + 1
    );
}
