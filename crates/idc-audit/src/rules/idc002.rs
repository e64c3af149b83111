//! `IDC002`: a privileged permission set held.

use std::collections::BTreeMap;

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, how, list};

/// `IDC002` (high): a privileged permission set held: its managed policies or roles include an
/// administrator policy ([`crate::privileged`]), or a policy document it carries allows every
/// action on every resource. One finding for each user holding it, with how (each account,
/// directly or through which group).
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc002;

impl Rule for Idc002 {
    fn id(&self) -> &str {
        "IDC002"
    }
    fn severity(&self) -> Severity {
        Severity::High
    }
    fn title(&self) -> &str {
        "a privileged permission set held"
    }
    fn needs(&self) -> Vec<Read> {
        vec![Read::PermissionSetPolicies]
    }
    fn evaluate(&self, facts: &Facts, settings: &Settings) -> Outcome {
        let privileged = match facts.privileged(settings) {
            Ok(p) => p,
            Err(why) => return Outcome::NotEvaluated(why),
        };
        let names = Names::new(facts);
        // (user, permission set) -> rows, in order.
        let mut held: BTreeMap<(&str, &str), Vec<&idc_report::Row>> = BTreeMap::new();
        for row in &facts.rows {
            if let Some(ps) = row.permission_set_id.as_deref()
                && privileged.contains_key(ps)
            {
                held.entry((&row.user_id, ps)).or_default().push(row);
            }
        }
        let findings = held
            .into_iter()
            .map(|((user_id, ps), rows)| {
                let user = names.subject(SubjectKind::User, user_id);
                let set = names.subject(SubjectKind::PermissionSet, ps);
                let ways: Vec<String> = rows
                    .iter()
                    .map(|r| format!("on \"{}\" {}", names.label(&r.target_id), how(r, &names)))
                    .collect();
                let reasons = privileged.get(ps).cloned().unwrap_or_default();
                Finding::new(self.id(), self.severity(), user.clone(), vec![set.clone()])
                    .found(format!(
                        "user \"{}\" holds privileged permission set \"{}\" ({}) {}",
                        user.label(),
                        set.label(),
                        list(&reasons),
                        list(&ways)
                    ))
                    .why(
                        "administrator rights reach every resource of the account: whoever holds \
                         them, or steals their session, can change or delete anything",
                    )
                    .fix(format!(
                        "keep \"{}\" to the few who need it (through a reviewed group), and give \
                         \"{}\" a permission set with only what their work needs",
                        set.label(),
                        user.label()
                    ))
                    .rows(rows.into_iter().cloned().collect())
            })
            .collect();
        Outcome::Findings(findings)
    }
}
