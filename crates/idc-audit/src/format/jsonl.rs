//! The audit as JSON lines: a header, one line per reported finding, and a trailer with every
//! rule's outcome and what the baseline did. A line that is not a finding has an `idc_audit` key
//! (`header`, `trailer`); a finding never has one (`jq 'select(.idc_audit == null)'` keeps the
//! findings). Without the trailer the run did not finish. Values are exact (JSON-escaped).
//!
//! ```text
//! {"idc_audit":"header","format":1,"cloud":"huawei","instance_id":"ins-1","filters":{...},"rules":["IDC001",...],"generated_at":"2026-12-07T07:00:00Z","idc_version":"0.1.0"}
//! {"rule":"IDC002","severity":"high","subject":{"kind":"user","id":"u-1","name":"alice"},"targets":[...],"found":"...","why":"...","fix":"...","rows":[...],"fingerprint":"IDC002-...","expired_acceptance":null}
//! {"idc_audit":"trailer","findings":1,"by_severity":{"high":1,"medium":0,"low":0},"rules":[{"rule":"IDC005","severity":"medium","title":"...","status":"not_evaluated","reason":"...","findings":0},...],"baseline":null,"complete":true}
//! ```

use std::io::{self, Write};

use idc_report::Filters;
use serde_json::{Value, json};

use super::audited::{Audited, rule_reason};
use crate::audit::RuleStatus;
use crate::finding::Severity;

/// The version of this file format, in the header's `format`.
pub const FORMAT_VERSION: u32 = 1;

fn line(out: &mut impl Write, value: &Value) -> io::Result<()> {
    // Serialized first, so that a write error keeps its kind (a closed pipe).
    let bytes = serde_json::to_vec(value).map_err(io::Error::other)?;
    out.write_all(&bytes)?;
    out.write_all(b"\n")
}

fn status(status: &RuleStatus) -> &'static str {
    match status {
        RuleStatus::Evaluated => "evaluated",
        RuleStatus::NotEvaluated { .. } => "not_evaluated",
        RuleStatus::NotApplicable { .. } => "not_applicable",
    }
}

/// Writes `audited` as JSON lines: the header (with `filters`, the report's filters, and
/// `generated_at`, RFC 3339), the reported findings (highest severity first), the trailer.
///
/// ```
/// use idc_audit::format::{Audited, jsonl};
/// use idc_audit::AuditResult;
/// use idc_report::{Cloud, Filters};
///
/// let result = AuditResult { cloud: Cloud::Scp, instance_id: "ssoins-1".into(), rules: Vec::new() };
/// let judged = Audited::without_baseline(&result);
/// let mut out = Vec::new();
/// jsonl::write(&mut out, &Audited::new(&result, &judged, false), &Filters::default(), "2026-12-07T07:00:00Z")?;
/// let text = String::from_utf8(out).unwrap();
/// let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
/// assert_eq!(last["idc_audit"], "trailer");
/// assert_eq!(last["complete"], true);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write(
    out: &mut impl Write,
    audited: &Audited<'_>,
    filters: &Filters,
    generated_at: &str,
) -> io::Result<()> {
    let rules: Vec<&str> = audited.rules().iter().map(|r| r.rule.as_str()).collect();
    line(
        out,
        &json!({
            "idc_audit": "header",
            "format": FORMAT_VERSION,
            "cloud": audited.result.cloud,
            "instance_id": audited.result.instance_id,
            "filters": filters,
            "rules": rules,
            "generated_at": generated_at,
            "idc_version": env!("CARGO_PKG_VERSION"),
        }),
    )?;
    let reported = audited.reported();
    for finding in &reported {
        let mut value = serde_json::to_value(finding).map_err(io::Error::other)?;
        if let Value::Object(fields) = &mut value {
            let expired = audited
                .expired_acceptance(finding)
                .map(serde_json::to_value)
                .transpose()
                .map_err(io::Error::other)?;
            fields.insert(
                "expired_acceptance".to_owned(),
                expired.unwrap_or(Value::Null),
            );
        }
        line(out, &value)?;
    }
    let count = |s: Severity| reported.iter().filter(|f| f.severity == s).count();
    let rules: Vec<Value> = audited
        .rules()
        .iter()
        .map(|r| {
            json!({
                "rule": r.rule,
                "severity": r.severity,
                "title": r.title,
                "status": status(&r.status),
                "reason": rule_reason(r),
                "findings": r.findings.len(),
            })
        })
        .collect();
    let baseline = if audited.baseline {
        let judged = audited.judged;
        let accepted: Vec<_> = judged.accepted.iter().map(|(_, a)| a).collect();
        json!({
            "accepted": accepted,
            "expired": judged.expired,
            "unmatched": judged.unmatched,
        })
    } else {
        Value::Null
    };
    line(
        out,
        &json!({
            "idc_audit": "trailer",
            "findings": reported.len(),
            "by_severity": {
                "high": count(Severity::High),
                "medium": count(Severity::Medium),
                "low": count(Severity::Low),
            },
            "rules": rules,
            "baseline": baseline,
            "complete": true,
        }),
    )?;
    out.flush()
}
