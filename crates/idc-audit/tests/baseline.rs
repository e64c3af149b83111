//! The baseline: accepted findings are not reported, expired acceptances count again,
//! acceptances that match nothing are listed; `write_baseline` writes a file that accepts
//! everything it was written from.

mod common;

use common::org::{NOW, generate};
use idc_audit::{Audit, Baseline, Error, Finding, Settings, write_baseline};
use idc_report::Cloud;
use time::macros::date;

async fn findings() -> Vec<Finding> {
    let org = generate(Cloud::Huawei, 12, 11);
    let settings = Settings {
        now: NOW,
        ..Settings::default()
    };
    let result = Audit::new()
        .settings(settings)
        .run(org.source.clone(), &org.reads)
        .await
        .unwrap();
    result.findings().into_iter().cloned().collect()
}

#[tokio::test]
async fn accepted_expired_and_unmatched_acceptances() {
    let all = findings().await;
    assert!(all.len() > 3);
    let (kept, lapsed) = (&all[0], &all[1]);
    let text = format!(
        "accepted:\n\
         - fingerprint: {}\n  reason: break-glass account (TICKET-1)\n  expires: 2026-12-01\n\
         - fingerprint: {}\n  reason: was fixed last quarter\n  expires: 2026-11-30\n\
         - fingerprint: IDC001-0000000000000000\n  reason: a finding long gone\n  expires: 2027-01-01\n",
        kept.fingerprint, lapsed.fingerprint
    );
    let baseline = Baseline::parse(&text, "baseline.yaml").unwrap();
    let judged = baseline.apply(all.clone(), date!(2026 - 12 - 01));
    // Accepted on its last day; the other expired the day before and counts again.
    assert_eq!(judged.accepted.len(), 1);
    assert_eq!(judged.accepted[0].0, *kept);
    assert_eq!(
        judged.accepted[0].1.reason,
        "break-glass account (TICKET-1)"
    );
    assert_eq!(judged.reported.len(), all.len() - 1);
    assert!(judged.reported.contains(lapsed));
    assert!(!judged.reported.contains(kept));
    assert_eq!(judged.expired.len(), 1);
    assert_eq!(judged.expired[0].fingerprint, lapsed.fingerprint);
    assert_eq!(judged.unmatched.len(), 1);
    assert_eq!(
        judged.unmatched[0].fingerprint.as_str(),
        "IDC001-0000000000000000"
    );

    // A day later, both have expired.
    let later = baseline.apply(all.clone(), date!(2026 - 12 - 02));
    assert!(later.accepted.is_empty());
    assert_eq!(later.reported.len(), all.len());
    assert_eq!(later.expired.len(), 2);
}

#[tokio::test]
async fn a_written_baseline_accepts_every_finding_until_it_expires() {
    let all = findings().await;
    let mut out = Vec::new();
    write_baseline(&mut out, &all, date!(2026 - 12 - 01)).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("# idc audit baseline"), "{text}");
    assert!(text.contains("expires: 2027-03-01"), "90 days on: {text}");
    let baseline = Baseline::parse(&text, "written").unwrap();
    assert_eq!(
        baseline.accepted.len(),
        all.len(),
        "one acceptance per fingerprint"
    );
    let judged = baseline.apply(all.clone(), date!(2027 - 03 - 01));
    assert!(judged.reported.is_empty() && judged.unmatched.is_empty());
    assert_eq!(judged.accepted.len(), all.len());
    let judged = baseline.apply(all.clone(), date!(2027 - 03 - 02));
    assert_eq!(judged.reported.len(), all.len());
}

#[tokio::test]
async fn fingerprints_are_stable_across_runs_and_renames() {
    let first = findings().await;
    let second = findings().await;
    let fp = |f: &[Finding]| f.iter().map(|x| x.fingerprint.clone()).collect::<Vec<_>>();
    assert_eq!(fp(&first), fp(&second));
    // A rename changes no fingerprint: names are not part of it.
    let mut renamed = first[0].clone();
    renamed.subject.name = Some("someone else".into());
    let again = Finding::new(
        &renamed.rule,
        renamed.severity,
        renamed.subject.clone(),
        renamed.targets.clone(),
    );
    assert_eq!(again.fingerprint, first[0].fingerprint);
    // Every finding of a run has its own.
    let mut unique = fp(&first);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), first.len());
}

#[test]
fn a_baseline_in_json_is_read_too_and_an_empty_file_accepts_nothing() {
    let json = r#"{"accepted": [{"fingerprint": "IDC003-0123456789abcdef", "reason": "r", "expires": "2027-01-31"}]}"#;
    let baseline = Baseline::parse(json, "b.json").unwrap();
    assert_eq!(baseline.accepted[0].expires, date!(2027 - 01 - 31));
    assert!(
        Baseline::parse("  \n", "empty")
            .unwrap()
            .accepted
            .is_empty()
    );
}

#[test]
fn a_malformed_baseline_is_refused_naming_the_file_and_the_problem() {
    for (text, problem) in [
        (
            "accepted:\n- fingerprint: X\n  reason: r\n  expires: 31/01/2027\n",
            "YYYY-MM-DD",
        ),
        ("accepted:\n- fingerprint: X\n  reason: r\n", "expires"),
        (
            "accepted:\n- fingerprint: X\n  reason: r\n  expires: 2027-01-01\n  owner: me\n",
            "owner",
        ),
        ("acepted: []\n", "acepted"),
        ("[1, 2]", "baseline"),
    ] {
        let err = Baseline::parse(text, "team/baseline.yaml").unwrap_err();
        assert!(matches!(err, Error::Baseline { .. }), "{err:?}");
        let message = err.to_string();
        assert!(
            message.starts_with("team/baseline.yaml: not a baseline"),
            "{message}"
        );
        assert!(message.contains(problem), "{problem}: {message}");
    }
}

#[test]
fn load_reads_a_file_and_names_a_missing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.yaml");
    std::fs::write(
        &path,
        "accepted:\n- fingerprint: IDC007-0123456789abcdef\n  reason: intranet portal\n  expires: 2027-06-30\n",
    )
    .unwrap();
    assert_eq!(Baseline::load(&path).unwrap().accepted.len(), 1);
    let missing = dir.path().join("nope.yaml");
    let err = Baseline::load(&missing).unwrap_err();
    assert!(matches!(err, Error::Io { .. }));
    assert!(err.to_string().contains("nope.yaml"));
}
