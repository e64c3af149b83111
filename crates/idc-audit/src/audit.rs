//! The [`Audit`]: which rules run, with what settings, over which report; and its result.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use idc_report::source::Source;
use idc_report::{Cloud, Filters};
use serde::Serialize;

use crate::collect::Reads;
use crate::error::{Error, Result};
use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

/// An audit: rules (the built-in `IDC001` to `IDC009` unless chosen otherwise), their settings,
/// and the report they judge (filters, concurrency).
///
/// ```
/// use idc_audit::Audit;
///
/// let audit = Audit::new().select(&["IDC002".into(), "IDC004".into()], &[]).unwrap();
/// assert_eq!(audit.rule_ids(), vec!["IDC002", "IDC004"]);
/// assert!(Audit::new().select(&[], &["IDC999".into()]).is_err());
/// ```
#[derive(Clone)]
pub struct Audit {
    rules: Vec<Arc<dyn Rule>>,
    settings: Settings,
    filters: Filters,
    concurrency: usize,
}

impl fmt::Debug for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Audit")
            .field("rules", &self.rule_ids())
            .field("settings", &self.settings)
            .field("filters", &self.filters)
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

impl Default for Audit {
    fn default() -> Self {
        Self::new()
    }
}

impl Audit {
    /// The built-in rules ([`crate::rules::builtin`]), default settings, no filters,
    /// [`idc_report::DEFAULT_CONCURRENCY`].
    pub fn new() -> Self {
        Self::with_rules(crate::rules::builtin())
    }

    /// Exactly these rules.
    pub fn with_rules(rules: Vec<Arc<dyn Rule>>) -> Self {
        Self {
            rules,
            settings: Settings::default(),
            filters: Filters::default(),
            concurrency: idc_report::DEFAULT_CONCURRENCY,
        }
    }

    /// This audit and one more rule (an id already taken is refused).
    pub fn rule(mut self, rule: impl Rule + 'static) -> Result<Self> {
        if self.rules.iter().any(|r| r.id() == rule.id()) {
            return Err(Error::DuplicateRule {
                rule: rule.id().to_owned(),
            });
        }
        self.rules.push(Arc::new(rule));
        Ok(self)
    }

    /// Only the rules in `only` (all when empty), without those in `skip` (`--rules`,
    /// `--skip-rules`). Ids are compared without regard to case; an id the audit does not have is
    /// refused, naming the ones it has.
    pub fn select(mut self, only: &[String], skip: &[String]) -> Result<Self> {
        let known: Vec<String> = self.rules.iter().map(|r| r.id().to_owned()).collect();
        for id in only.iter().chain(skip) {
            if !known.iter().any(|k| k.eq_ignore_ascii_case(id)) {
                return Err(Error::UnknownRule {
                    rule: id.clone(),
                    known,
                });
            }
        }
        let named = |list: &[String], id: &str| list.iter().any(|x| x.eq_ignore_ascii_case(id));
        self.rules
            .retain(|r| (only.is_empty() || named(only, r.id())) && !named(skip, r.id()));
        Ok(self)
    }

    /// The settings of the rules.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The report's filters: the rules judge only the rows they select.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.filters = filters;
        self
    }

    /// At most `n` requests at once in the report (clamped as the report clamps it).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.clamp(1, idc_report::MAX_CONCURRENCY);
        self
    }

    /// The ids of the rules that run, in order.
    pub fn rule_ids(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.id()).collect()
    }

    /// The rules that run.
    pub fn rules(&self) -> impl Iterator<Item = &dyn Rule> {
        self.rules.iter().map(|r| &**r)
    }

    /// The reads beyond the report the rules that run need on `cloud` (rules that do not apply
    /// there need nothing).
    pub fn reads(&self, cloud: Cloud) -> BTreeSet<Read> {
        self.rules
            .iter()
            .filter(|r| r.applies_to(cloud))
            .flat_map(|r| r.needs())
            .collect()
    }

    /// Runs the report over `source`, then the reads the rules need through `reads`, then the
    /// rules. Poll it within a Tokio runtime.
    pub async fn run<S, R>(&self, source: S, reads: &R) -> Result<AuditResult>
    where
        S: Source + 'static,
        R: Reads,
    {
        let facts = self.gather(source, reads).await?;
        Ok(self.evaluate(&facts))
    }

    /// Runs the report over `source` and the reads the rules need through `reads`, and returns
    /// what they read, for [`evaluate`](Self::evaluate) (what [`run`](Self::run) does in one
    /// step). The facts hold the report's rows, for a page that shows them with the findings.
    pub async fn gather<S, R>(&self, source: S, reads: &R) -> Result<Facts>
    where
        S: Source + 'static,
        R: Reads,
    {
        let plan = crate::gather::Plan {
            needed: self.reads(source.cloud()),
            filters: &self.filters,
            concurrency: self.concurrency,
        };
        crate::gather::gather(plan, source, reads).await
    }

    /// The rules' settings.
    pub fn configured(&self) -> &Settings {
        &self.settings
    }

    /// Judges facts already gathered (every rule, in order).
    pub fn evaluate(&self, facts: &Facts) -> AuditResult {
        let rules = self
            .rules
            .iter()
            .map(|rule| {
                let outcome = if rule.applies_to(facts.cloud) {
                    rule.evaluate(facts, &self.settings)
                } else {
                    Outcome::NotApplicable(format!(
                        "{} does not apply to {}",
                        rule.id(),
                        facts.cloud
                    ))
                };
                RuleResult::new(&**rule, outcome)
            })
            .collect();
        AuditResult {
            cloud: facts.cloud,
            instance_id: facts.instance_id.clone(),
            rules,
        }
    }
}

/// Whether a rule was evaluated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RuleStatus {
    /// Evaluated (its findings are in [`RuleResult::findings`], possibly none).
    Evaluated,
    /// It applies, but could not be evaluated: why (never a silent pass).
    NotEvaluated {
        /// Why.
        reason: String,
    },
    /// It does not apply to this cloud: why.
    NotApplicable {
        /// Why.
        reason: String,
    },
}

/// One rule's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleResult {
    /// The rule's id.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// What it finds.
    pub title: String,
    /// Whether it was evaluated.
    #[serde(flatten)]
    pub status: RuleStatus,
    /// What it found.
    pub findings: Vec<Finding>,
}

impl RuleResult {
    fn new(rule: &dyn Rule, outcome: Outcome) -> Self {
        let (status, findings) = match outcome {
            Outcome::Findings(f) => (RuleStatus::Evaluated, f),
            Outcome::NotEvaluated(reason) => (RuleStatus::NotEvaluated { reason }, Vec::new()),
            Outcome::NotApplicable(reason) => (RuleStatus::NotApplicable { reason }, Vec::new()),
        };
        Self {
            rule: rule.id().to_owned(),
            severity: rule.severity(),
            title: rule.title().to_owned(),
            status,
            findings,
        }
    }
}

/// What an audit found: each rule's result, in the order the rules ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditResult {
    /// The cloud.
    pub cloud: Cloud,
    /// The instance.
    pub instance_id: String,
    /// Each rule's result.
    pub rules: Vec<RuleResult>,
}

impl AuditResult {
    /// Every finding, highest severity first, then by rule and subject.
    pub fn findings(&self) -> Vec<&Finding> {
        let mut all: Vec<&Finding> = self.rules.iter().flat_map(|r| &r.findings).collect();
        all.sort_by(|a, b| {
            b.severity.cmp(&a.severity).then_with(|| {
                (&a.rule, &a.subject, &a.fingerprint).cmp(&(&b.rule, &b.subject, &b.fingerprint))
            })
        });
        all
    }

    /// The rules that could not be evaluated, with why.
    pub fn not_evaluated(&self) -> impl Iterator<Item = (&str, &str)> {
        self.rules.iter().filter_map(|r| match &r.status {
            RuleStatus::NotEvaluated { reason } => Some((r.rule.as_str(), reason.as_str())),
            _ => None,
        })
    }
}
