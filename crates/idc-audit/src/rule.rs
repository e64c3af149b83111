//! The [`Rule`] trait: one type per rule, each saying what it reads and what it finds.

use idc_report::Cloud;

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity};
use crate::settings::Settings;

/// What a rule made of the facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Evaluated: what it found (possibly nothing).
    Findings(Vec<Finding>),
    /// The rule applies to this cloud, but the cloud's API does not tell what it needs (SCP MFA
    /// devices, Huawei last sign-in), or the audit was narrowed so that it cannot judge: why.
    /// Never a silent pass.
    NotEvaluated(String),
    /// What the rule looks for does not exist on this cloud (applications on SCP): why.
    NotApplicable(String),
}

/// A rule: one kind of problem, its severity, the reads it needs, and how it finds it.
///
/// The built-in rules are `IDC001` to `IDC009` ([`crate::rules`]); write your own by implementing
/// this trait and adding it with [`Audit::rule`](crate::Audit::rule).
///
/// ```
/// use idc_audit::{Facts, Finding, Outcome, Read, Rule, Settings, Severity, Subject, SubjectKind};
///
/// /// Users whose name starts with `tmp-` and who hold any access.
/// struct TemporaryUsers;
///
/// impl Rule for TemporaryUsers {
///     fn id(&self) -> &str { "ACME001" }
///     fn severity(&self) -> Severity { Severity::Low }
///     fn title(&self) -> &str { "a temporary user who holds access" }
///     fn needs(&self) -> Vec<Read> { Vec::new() }
///     fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
///         let findings = facts
///             .users
///             .iter()
///             .filter(|u| u.name.as_deref().is_some_and(|n| n.starts_with("tmp-")))
///             .filter(|u| facts.rows.iter().any(|r| r.user_id == u.id))
///             .map(|u| {
///                 let subject = Subject::new(SubjectKind::User, &u.id, u.name.clone());
///                 Finding::new(self.id(), self.severity(), subject, Vec::new())
///                     .found("a temporary user holds access")
///                     .why("temporary users are not reviewed")
///                     .fix("delete the user")
///             })
///             .collect();
///         Outcome::Findings(findings)
///     }
/// }
/// ```
pub trait Rule: Send + Sync {
    /// The rule's id (`IDC001`): what `--rules` and `--skip-rules` take, and what a fingerprint
    /// starts with.
    fn id(&self) -> &str;
    /// The severity of its findings.
    fn severity(&self) -> Severity;
    /// What it finds, in a line (`an account assignment held by a user directly`).
    fn title(&self) -> &str;
    /// The reads beyond the access report it needs; made only when the rule is enabled.
    fn needs(&self) -> Vec<Read>;
    /// Whether what it looks for exists on `cloud` (default: yes). A rule that does not apply
    /// makes no reads there and reports [`Outcome::NotApplicable`].
    fn applies_to(&self, _cloud: Cloud) -> bool {
        true
    }
    /// Judges the facts.
    fn evaluate(&self, facts: &Facts, settings: &Settings) -> Outcome;
}
