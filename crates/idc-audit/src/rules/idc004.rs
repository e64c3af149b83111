//! `IDC004`: a user without an MFA device who holds a privileged permission set.

use std::collections::BTreeMap;

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, list};

/// `IDC004` (high): a user without an MFA device who holds a privileged permission set (as
/// `IDC002` judges it). One finding per user. On SCP, whose API does not tell a user's MFA
/// devices, it cannot be evaluated.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc004;

impl Rule for Idc004 {
    fn id(&self) -> &str {
        "IDC004"
    }
    fn severity(&self) -> Severity {
        Severity::High
    }
    fn title(&self) -> &str {
        "a user without an MFA device who holds a privileged permission set"
    }
    fn needs(&self) -> Vec<Read> {
        vec![Read::PermissionSetPolicies, Read::MfaDevices]
    }
    fn evaluate(&self, facts: &Facts, settings: &Settings) -> Outcome {
        let devices = match facts.mfa_devices.require(Read::MfaDevices) {
            Ok(d) => d,
            Err(why) => return Outcome::NotEvaluated(why),
        };
        let privileged = match facts.privileged(settings) {
            Ok(p) => p,
            Err(why) => return Outcome::NotEvaluated(why),
        };
        let names = Names::new(facts);
        let mut held: BTreeMap<&str, Vec<&idc_report::Row>> = BTreeMap::new();
        for row in &facts.rows {
            if row
                .permission_set_id
                .as_deref()
                .is_some_and(|ps| privileged.contains_key(ps))
            {
                held.entry(&row.user_id).or_default().push(row);
            }
        }
        let findings = held
            .into_iter()
            .filter(|(user, _)| devices.get(*user).copied().unwrap_or(0) == 0)
            .map(|(user_id, rows)| {
                let user = names.subject(SubjectKind::User, user_id);
                let mut sets: Vec<String> = (rows.iter())
                    .filter_map(|r| r.permission_set_id.as_deref())
                    .map(|ps| format!("\"{}\"", names.label(ps)))
                    .collect();
                sets.dedup();
                Finding::new(self.id(), self.severity(), user.clone(), Vec::new())
                    .found(format!(
                        "user \"{}\" has no MFA device and holds privileged permission set {}",
                        user.label(),
                        list(&sets)
                    ))
                    .why("a stolen password alone is then enough to act as an administrator")
                    .fix(format!(
                        "have \"{}\" register an MFA device (and require MFA at sign-in), or take \
                         the privileged access away",
                        user.label()
                    ))
                    .rows(rows.into_iter().cloned().collect())
            })
            .collect();
        Outcome::Findings(findings)
    }
}
