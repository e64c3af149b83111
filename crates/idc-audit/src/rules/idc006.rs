//! `IDC006`: an assignment whose principal no longer exists.

use std::collections::BTreeSet;

use idc_report::source::PrincipalType;
use idc_report::{TargetType, ViaType};

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::Names;

/// `IDC006` (high): an assignment whose principal (user or group) no longer exists. One finding
/// per assignment. It needs every assignment, read per account and per application
/// ([`Read::AssignmentsByTarget`] reads them again when the report read them per principal): a
/// filtered audit cannot evaluate it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc006;

impl Rule for Idc006 {
    fn id(&self) -> &str {
        "IDC006"
    }
    fn severity(&self) -> Severity {
        Severity::High
    }
    fn title(&self) -> &str {
        "an assignment whose principal no longer exists"
    }
    fn needs(&self) -> Vec<Read> {
        vec![Read::AssignmentsByTarget]
    }
    fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
        if facts.filtered {
            return Outcome::NotEvaluated(
                "the audit was filtered: finding the assignments of deleted principals needs \
                 every assignment of the instance"
                    .into(),
            );
        }
        if facts.assignments_by_principal {
            return Outcome::NotEvaluated(
                "assignments were read per user and group only, which never shows an assignment \
                 of a principal that no longer exists"
                    .into(),
            );
        }
        let names = Names::new(facts);
        let users: BTreeSet<&str> = facts.users.iter().map(|u| u.id.as_str()).collect();
        let groups: BTreeSet<&str> = facts.groups.iter().map(|g| g.id.as_str()).collect();
        let findings = (facts.assignments.iter())
            .filter(|a| match a.principal_type {
                PrincipalType::User => !users.contains(a.principal_id.as_str()),
                PrincipalType::Group => !groups.contains(a.principal_id.as_str()),
            })
            .map(|a| {
                let (kind, what) = match a.principal_type {
                    PrincipalType::User => (SubjectKind::User, "user"),
                    PrincipalType::Group => (SubjectKind::Group, "group"),
                };
                let principal = names.subject(kind, &a.principal_id);
                let (target_kind, target_what) = match a.target_type {
                    TargetType::Account => (SubjectKind::Account, "account"),
                    TargetType::Application => (SubjectKind::Application, "application"),
                };
                let mut targets = vec![names.subject(target_kind, &a.target_id)];
                let mut held = format!("{target_what} \"{}\"", names.label(&a.target_id));
                if let Some(ps) = &a.permission_set_id {
                    targets.push(names.subject(SubjectKind::PermissionSet, ps));
                    held = format!("\"{}\" on {held}", names.label(ps));
                }
                let rows = (facts.rows.iter())
                    .filter(|r| r.target_type == a.target_type && r.target_id == a.target_id)
                    .filter(|r| r.permission_set_id == a.permission_set_id)
                    .filter(|r| match a.principal_type {
                        PrincipalType::User => {
                            r.via_type == ViaType::User && r.user_id == a.principal_id
                        }
                        PrincipalType::Group => r.via_id.as_deref() == Some(&a.principal_id),
                    })
                    .cloned()
                    .collect();
                Finding::new(self.id(), self.severity(), principal, targets)
                    .found(format!(
                        "{held} is assigned to {what} {}, which no longer exists",
                        a.principal_id
                    ))
                    .why(
                        "an assignment that outlived its principal is unreviewable, and comes \
                         back to life if a principal with that id appears again (an identity \
                         source re-synchronised)",
                    )
                    .fix("delete the assignment")
                    .rows(rows)
            })
            .collect();
        Outcome::Findings(findings)
    }
}
