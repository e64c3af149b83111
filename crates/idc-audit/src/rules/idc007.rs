//! `IDC007`: an application open to all users.

use idc_report::{Cloud, ViaType};

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, count};

/// `IDC007` (low): an application open to all users (it does not require assignment). One
/// finding per application. Applications exist on Huawei only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc007;

impl Rule for Idc007 {
    fn id(&self) -> &str {
        "IDC007"
    }
    fn severity(&self) -> Severity {
        Severity::Low
    }
    fn title(&self) -> &str {
        "an application open to all users"
    }
    fn needs(&self) -> Vec<Read> {
        Vec::new()
    }
    fn applies_to(&self, cloud: Cloud) -> bool {
        cloud == Cloud::Huawei
    }
    fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
        let names = Names::new(facts);
        let findings = (facts.applications.iter())
            .filter(|a| !a.assignment_required)
            .map(|app| {
                let rows: Vec<_> = (facts.rows.iter())
                    .filter(|r| r.via_type == ViaType::AllUsers && r.target_id == app.entity.id)
                    .cloned()
                    .collect();
                let subject = names.subject(SubjectKind::Application, &app.entity.id);
                Finding::new(self.id(), self.severity(), subject.clone(), Vec::new())
                    .found(format!(
                        "application \"{}\" is open to every user of the instance ({})",
                        subject.label(),
                        count(rows.len(), "user", "users")
                    ))
                    .why("every new user reaches it at once, without anyone deciding they should")
                    .fix(format!(
                        "require assignment for \"{}\" and assign the groups that need it",
                        subject.label()
                    ))
                    .rows(rows)
            })
            .collect();
        Outcome::Findings(findings)
    }
}
