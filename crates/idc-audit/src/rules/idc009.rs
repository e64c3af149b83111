//! `IDC009`: a group with assignments but no members; a permission set assigned nowhere.

use std::collections::{BTreeMap, BTreeSet};

use idc_report::source::PrincipalType;

use crate::facts::{Facts, Read};
use crate::finding::{Finding, Severity, SubjectKind};
use crate::rule::{Outcome, Rule};
use crate::settings::Settings;

use super::names::{Names, count};

/// `IDC009` (low): a group with assignments but no members, and a permission set assigned
/// nowhere. One finding per group or permission set. It needs the whole instance: a filtered
/// audit cannot evaluate it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Idc009;

impl Rule for Idc009 {
    fn id(&self) -> &str {
        "IDC009"
    }
    fn severity(&self) -> Severity {
        Severity::Low
    }
    fn title(&self) -> &str {
        "a group with assignments but no members; a permission set assigned nowhere"
    }
    fn needs(&self) -> Vec<Read> {
        Vec::new()
    }
    fn evaluate(&self, facts: &Facts, _settings: &Settings) -> Outcome {
        if facts.filtered {
            return Outcome::NotEvaluated(
                "the audit was filtered: unused groups and permission sets need every \
                 assignment of the instance"
                    .into(),
            );
        }
        let names = Names::new(facts);
        let listed_groups: BTreeSet<&str> = facts.groups.iter().map(|g| g.id.as_str()).collect();
        let with_members: BTreeSet<&str> = facts
            .rows
            .iter()
            .filter_map(|r| r.via_id.as_deref())
            .collect();
        let mut empty: BTreeMap<&str, usize> = BTreeMap::new();
        for a in &facts.assignments {
            let group = a.principal_id.as_str();
            if a.principal_type == PrincipalType::Group
                && listed_groups.contains(group)
                && !with_members.contains(group)
            {
                *empty.entry(group).or_default() += 1;
            }
        }
        let mut findings: Vec<Finding> = empty
            .into_iter()
            .map(|(group, n)| {
                let subject = names.subject(SubjectKind::Group, group);
                Finding::new(self.id(), self.severity(), subject.clone(), Vec::new())
                    .found(format!(
                        "group \"{}\" has {} but no members",
                        subject.label(),
                        count(n, "assignment", "assignments")
                    ))
                    .why(
                        "an empty group grants nothing today, but whoever is added to it later \
                         gets every one of its assignments without anyone reviewing them",
                    )
                    .fix(format!(
                        "delete the assignments of \"{}\" (or the group), or add the members it \
                         was meant for",
                        subject.label()
                    ))
            })
            .collect();
        let assigned: BTreeSet<&str> = (facts.assignments.iter())
            .filter_map(|a| a.permission_set_id.as_deref())
            .collect();
        findings.extend(
            (facts.permission_sets.iter())
                .filter(|ps| !assigned.contains(ps.id.as_str()))
                .map(|ps| {
                    let subject = names.subject(SubjectKind::PermissionSet, &ps.id);
                    Finding::new(self.id(), self.severity(), subject.clone(), Vec::new())
                        .found(format!(
                            "permission set \"{}\" is assigned nowhere",
                            subject.label()
                        ))
                        .why(
                            "an unused permission set is one more thing to review, and a ready \
                             grant for whoever assigns it next",
                        )
                        .fix(format!(
                            "delete \"{}\" if nothing needs it",
                            subject.label()
                        ))
                }),
        );
        Outcome::Findings(findings)
    }
}
