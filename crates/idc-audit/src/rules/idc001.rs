//! `IDC001`: an account assignment held by a user directly instead of through a group.

use std::collections::BTreeSet;

use idc_report::{TargetType, ViaType};

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::Names;

/// `IDC001` (medium): an account assignment held by a user directly instead of through a group.
/// One finding per direct assignment (user, account, permission set). A user that no longer
/// exists is `IDC006`'s, not this rule's.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc001;

impl Rule for Idc001 {
    fn id(&self) -> &str {
        "IDC001"
    }
    fn severity(&self) -> Severity {
        Severity::Medium
    }
    fn title(&self) -> &str {
        "an account assignment held by a user directly instead of through a group"
    }
    fn needs(&self) -> Vec<Read> {
        Vec::new()
    }
    fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
        let names = Names::new(facts);
        let listed: BTreeSet<&str> = facts.users.iter().map(|u| u.id.as_str()).collect();
        let findings = (facts.rows.iter())
            .filter(|r| r.target_type == TargetType::Account && r.via_type == ViaType::User)
            .filter(|r| facts.filtered || listed.contains(r.user_id.as_str()))
            .map(|row| {
                let user = names.subject(SubjectKind::User, &row.user_id);
                let account = names.subject(SubjectKind::Account, &row.target_id);
                let mut targets = vec![account.clone()];
                let set = row.permission_set_id.as_deref().map(|ps| {
                    targets.push(names.subject(SubjectKind::PermissionSet, ps));
                    names.label(ps)
                });
                let set = set.unwrap_or_else(|| "access".to_owned());
                let who = user.label();
                Finding::new(self.id(), self.severity(), user, targets)
                    .found(format!(
                        "user \"{who}\" holds \"{set}\" on account \"{}\" directly, not through a group",
                        account.label()
                    ))
                    .why(
                        "access given to one person is missed when groups are reviewed and stays \
                         when their role changes",
                    )
                    .fix(format!(
                        "add \"{who}\" to a group that holds \"{set}\" on \"{}\", then delete the \
                         direct assignment",
                        account.label()
                    ))
                    .rows(vec![row.clone()])
            })
            .collect();
        Outcome::Findings(findings)
    }
}
