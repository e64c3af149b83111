//! [`Audited`]: what the writers write, an audit's result and its findings judged against a
//! baseline.

use crate::audit::{AuditResult, RuleResult, RuleStatus};
use crate::baseline::{Acceptance, Judged};
use crate::finding::{Finding, Severity};

/// An audit's result and its findings judged against a baseline: what every format writes.
#[derive(Clone, Copy, Debug)]
pub struct Audited<'a> {
    /// Each rule's result (status, and every finding before the baseline).
    pub result: &'a AuditResult,
    /// The findings judged: reported, accepted, and the expired and unmatched acceptances.
    pub judged: &'a Judged,
    /// Whether a baseline was given (the outputs then say what it accepted).
    pub baseline: bool,
}

impl<'a> Audited<'a> {
    /// `result` with its findings `judged` against a baseline (`baseline`: whether one was
    /// given).
    pub fn new(result: &'a AuditResult, judged: &'a Judged, baseline: bool) -> Self {
        Self {
            result,
            judged,
            baseline,
        }
    }

    /// `result` judged against no baseline: every finding reported. Keep the [`Judged`] it
    /// returns alive as long as the `Audited` (build it with [`Audited::new`] from it).
    ///
    /// ```
    /// use idc_audit::format::Audited;
    /// use idc_audit::AuditResult;
    /// use idc_report::Cloud;
    ///
    /// let result = AuditResult { cloud: Cloud::Huawei, instance_id: "ins-1".into(), rules: Vec::new() };
    /// let judged = Audited::without_baseline(&result);
    /// let audited = Audited::new(&result, &judged, false);
    /// assert_eq!(audited.reported().len(), 0);
    /// ```
    pub fn without_baseline(result: &AuditResult) -> Judged {
        Judged {
            reported: result.findings().into_iter().cloned().collect(),
            ..Judged::default()
        }
    }

    /// The findings reported (not accepted, or accepted past the expiry), highest severity
    /// first, then by rule, subject and fingerprint.
    pub fn reported(&self) -> Vec<&'a Finding> {
        let mut all: Vec<&Finding> = self.judged.reported.iter().collect();
        all.sort_by(|a, b| {
            b.severity.cmp(&a.severity).then_with(|| {
                (&a.rule, &a.subject, &a.fingerprint).cmp(&(&b.rule, &b.subject, &b.fingerprint))
            })
        });
        all
    }

    /// The reported findings of `severity`.
    pub fn reported_of(&self, severity: Severity) -> Vec<&'a Finding> {
        self.reported()
            .into_iter()
            .filter(|f| f.severity == severity)
            .collect()
    }

    /// How many reported findings are at `severity` or above (what `--fail-on` counts).
    ///
    /// ```
    /// # use idc_audit::format::Audited;
    /// # use idc_audit::{AuditResult, Severity};
    /// # use idc_report::Cloud;
    /// # let result = AuditResult { cloud: Cloud::Huawei, instance_id: "ins-1".into(), rules: Vec::new() };
    /// # let judged = Audited::without_baseline(&result);
    /// let audited = Audited::new(&result, &judged, false);
    /// assert_eq!(audited.at_or_above(Severity::Low), 0);
    /// ```
    pub fn at_or_above(&self, severity: Severity) -> usize {
        self.judged
            .reported
            .iter()
            .filter(|f| f.severity >= severity)
            .count()
    }

    /// The expired acceptance under which `finding` is reported again, if any.
    pub fn expired_acceptance(&self, finding: &Finding) -> Option<&'a Acceptance> {
        self.judged
            .expired
            .iter()
            .find(|a| a.fingerprint == finding.fingerprint)
    }

    /// Each rule's result, in the order the rules ran.
    pub fn rules(&self) -> &'a [RuleResult] {
        &self.result.rules
    }

    /// `2 high, 1 medium` (the severities with reported findings, highest first), or `no findings`.
    pub fn counts_text(&self) -> String {
        let parts: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .map(|s| (s, self.reported_of(*s).len()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {s}"))
            .collect();
        let total = self.judged.reported.len();
        match total {
            0 => "no findings".to_owned(),
            1 => format!("1 finding ({})", parts.join(", ")),
            n => format!("{n} findings ({})", parts.join(", ")),
        }
    }
}

/// What became of a rule, in a few words: `3 findings`, `not evaluated`, `not applicable`.
pub fn rule_outcome(rule: &RuleResult) -> String {
    match &rule.status {
        RuleStatus::Evaluated => match rule.findings.len() {
            1 => "1 finding".to_owned(),
            n => format!("{n} findings"),
        },
        RuleStatus::NotEvaluated { .. } => "NOT EVALUATED".to_owned(),
        RuleStatus::NotApplicable { .. } => "not applicable".to_owned(),
    }
}

/// Why a rule was not evaluated or does not apply; `None` when it was evaluated.
pub fn rule_reason(rule: &RuleResult) -> Option<&str> {
    match &rule.status {
        RuleStatus::Evaluated => None,
        RuleStatus::NotEvaluated { reason } | RuleStatus::NotApplicable { reason } => Some(reason),
    }
}

/// `user alice`, `permission_set u-1 (no name)`: a subject's kind and label.
pub fn subject_text(finding: &Finding) -> String {
    format!("{} {}", finding.subject.kind, finding.subject.label())
}

/// The targets of a finding: `account Production; permission_set AdministratorAccess`.
pub fn targets_text(finding: &Finding) -> String {
    finding
        .targets
        .iter()
        .map(|t| format!("{} {}", t.kind, t.label()))
        .collect::<Vec<_>>()
        .join("; ")
}
