//! A finding: what a rule found wrong, about whom, why it matters, how to fix it, and the report
//! rows it concerns.

use std::fmt;
use std::str::FromStr;

use idc_report::Row;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How much a finding matters. Ordered: `Low < Medium < High`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth cleaning up.
    Low,
    /// Weakens the controls around access.
    Medium,
    /// Someone holds access they should not, or administrator rights without the safeguards.
    High,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 3] = [Severity::Low, Severity::Medium, Severity::High];

    /// `low`, `medium` or `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity name that is not `low`, `medium` or `high`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity \"{}\": expected low, medium or high", idc::text::escape_control(.0))]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            _ => Err(UnknownSeverity(s.to_owned())),
        }
    }
}

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A user.
    User,
    /// A group.
    Group,
    /// An account of the organization.
    Account,
    /// A permission set.
    PermissionSet,
    /// An application (Huawei).
    Application,
}

impl SubjectKind {
    /// `user`, `group`, `account`, `permission_set` or `application`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Group => "group",
            Self::Account => "account",
            Self::PermissionSet => "permission_set",
            Self::Application => "application",
        }
    }
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A user, group, account, permission set or application, by id and (when known) name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Subject {
    /// What it is.
    pub kind: SubjectKind,
    /// Its id (an application's URN).
    pub id: String,
    /// Its name; `None` when the listings do not give one (a principal that no longer exists).
    pub name: Option<String>,
}

impl Subject {
    /// A subject.
    pub fn new(kind: SubjectKind, id: impl Into<String>, name: Option<String>) -> Self {
        Self {
            kind,
            id: id.into(),
            name,
        }
    }

    /// Its name, else its id with a `(no name)` mark.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("{} (no name)", self.id),
        }
    }
}

/// A finding's stable identity: the rule, the subject's id and the ids of the targets it
/// concerns, hashed; never names or times, so a rename or a later run gives the same fingerprint.
/// Written `IDC002-` followed by 16 hex digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    /// The fingerprint of `rule` about `subject` concerning `targets` (the order of the targets
    /// does not matter).
    pub fn of(rule: &str, subject: &Subject, targets: &[Subject]) -> Self {
        let mut parts: Vec<String> = targets
            .iter()
            .map(|t| format!("{}:{}", t.kind, t.id))
            .collect();
        parts.sort();
        parts.dedup();
        let mut hash = Sha256::new();
        hash.update(rule.as_bytes());
        hash.update([0]);
        hash.update(format!("{}:{}", subject.kind, subject.id).as_bytes());
        for part in &parts {
            hash.update([0]);
            hash.update(part.as_bytes());
        }
        let digest = hex::encode(hash.finalize());
        Self(format!("{rule}-{}", &digest[..16]))
    }

    /// The fingerprint as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a rule found: one subject, what is wrong with it, why it matters, how to fix it, and the
/// report rows it concerns.
///
/// The texts carry names as the service gave them: escape them before a terminal, a spreadsheet
/// or a page (`idc_report::escape`), as the report's own output does.
///
/// ```
/// use idc_audit::{Finding, Severity, Subject, SubjectKind};
///
/// let user = Subject::new(SubjectKind::User, "u-1", Some("alice".into()));
/// let account = Subject::new(SubjectKind::Account, "a-1", Some("Production".into()));
/// let finding = Finding::new("IDC001", Severity::Medium, user, vec![account])
///     .found("alice holds AdministratorAccess on Production directly")
///     .why("access held directly is not reviewed with a group")
///     .fix("add alice to a group that holds it, then delete the direct assignment");
/// assert!(finding.fingerprint.as_str().starts_with("IDC001-"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's id (`IDC001`).
    pub rule: String,
    /// How much it matters.
    pub severity: Severity,
    /// Who or what it is about.
    pub subject: Subject,
    /// The other things it concerns (the account, permission set, application or group): with
    /// the subject, what the fingerprint is made of.
    pub targets: Vec<Subject>,
    /// What was found, in a sentence with names.
    pub found: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it.
    pub fix: String,
    /// The report rows it concerns (possibly none: a group without members holds nothing).
    pub rows: Vec<Row>,
    /// Its stable identity (see [`Fingerprint`]).
    pub fingerprint: Fingerprint,
}

impl Finding {
    /// A finding of `rule` about `subject` concerning `targets`, its fingerprint computed; set the
    /// texts and rows with the builder methods.
    pub fn new(rule: &str, severity: Severity, subject: Subject, targets: Vec<Subject>) -> Self {
        let fingerprint = Fingerprint::of(rule, &subject, &targets);
        Self {
            rule: rule.to_owned(),
            severity,
            subject,
            targets,
            found: String::new(),
            why: String::new(),
            fix: String::new(),
            rows: Vec::new(),
            fingerprint,
        }
    }

    /// What was found.
    pub fn found(mut self, text: impl Into<String>) -> Self {
        self.found = text.into();
        self
    }

    /// Why it matters.
    pub fn why(mut self, text: impl Into<String>) -> Self {
        self.why = text.into();
        self
    }

    /// How to fix it.
    pub fn fix(mut self, text: impl Into<String>) -> Self {
        self.fix = text.into();
        self
    }

    /// The report rows it concerns.
    pub fn rows(mut self, rows: Vec<Row>) -> Self {
        self.rows = rows;
        self
    }
}
