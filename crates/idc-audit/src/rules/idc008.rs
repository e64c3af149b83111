//! `IDC008`: a permission set not provisioned in its latest version on an account it is
//! assigned on.

use std::collections::BTreeSet;

use idc_report::{Cloud, TargetType};

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, count};

/// `IDC008` (medium): a permission set whose latest version is not provisioned on an account it
/// is assigned on: the holders there have the old permissions. One finding per (permission set,
/// account). Provisioning exists on Huawei only.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc008;

impl Rule for Idc008 {
    fn id(&self) -> &str {
        "IDC008"
    }
    fn severity(&self) -> Severity {
        Severity::Medium
    }
    fn title(&self) -> &str {
        "a permission set not provisioned in its latest version on an account it is assigned on"
    }
    fn needs(&self) -> Vec<Read> {
        vec![Read::Provisioning]
    }
    fn applies_to(&self, cloud: Cloud) -> bool {
        cloud == Cloud::Huawei
    }
    fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
        let outdated = match facts.outdated.require(Read::Provisioning) {
            Ok(o) => o,
            Err(why) => return Outcome::NotEvaluated(why),
        };
        let assigned: BTreeSet<(&str, &str)> = (facts.assignments.iter())
            .filter(|a| a.target_type == TargetType::Account)
            .filter_map(|a| Some((a.permission_set_id.as_deref()?, a.target_id.as_str())))
            .collect();
        let names = Names::new(facts);
        let findings = (outdated.iter())
            .filter(|(ps, account)| assigned.contains(&(ps.as_str(), account.as_str())))
            .map(|(ps, account)| {
                let set = names.subject(SubjectKind::PermissionSet, ps);
                let target = names.subject(SubjectKind::Account, account);
                let rows: Vec<_> = (facts.rows.iter())
                    .filter(|r| r.permission_set_id.as_deref() == Some(ps.as_str()))
                    .filter(|r| r.target_id == *account)
                    .cloned()
                    .collect();
                Finding::new(
                    self.id(),
                    self.severity(),
                    set.clone(),
                    vec![target.clone()],
                )
                .found(format!(
                    "permission set \"{}\" changed since it was last provisioned on account \
                         \"{}\": {} there still have the old version",
                    set.label(),
                    target.label(),
                    count(rows.len(), "holder", "holders")
                ))
                .why(
                    "what the permission set says is not what its holders get: a permission \
                         taken away is still granted, a review reads the wrong policy",
                )
                .fix(format!(
                    "provision \"{}\" to \"{}\" again (ProvisionPermissionSet)",
                    set.label(),
                    target.label()
                ))
                .rows(rows)
            })
            .collect();
        Outcome::Findings(findings)
    }
}
