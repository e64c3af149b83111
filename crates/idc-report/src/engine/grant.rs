//! A grant: one assignment, before names and expansion; and assignments as grants.

use std::collections::HashSet;

use crate::model::TargetType;
use crate::source::{AccountAssignment, ApplicationAssignment, PrincipalType};

/// Who an assignment is to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Principal {
    User(String),
    Group(String),
    AllUsers,
}

/// One assignment, before names and expansion.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Grant {
    pub(super) principal: Principal,
    pub(super) target_type: TargetType,
    pub(super) target_id: String,
    pub(super) permission_set_id: Option<String>,
    pub(super) permission_set_name: Option<String>,
}

/// Account assignments as grants, each once.
pub(super) fn account_grants(
    assignments: impl IntoIterator<Item = (String, AccountAssignment)>,
) -> Vec<Grant> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (account, a) in assignments {
        let grant = Grant {
            principal: match a.principal_type {
                PrincipalType::User => Principal::User(a.principal_id),
                PrincipalType::Group => Principal::Group(a.principal_id),
            },
            target_type: TargetType::Account,
            target_id: account,
            permission_set_id: a.permission_set_id,
            permission_set_name: a.permission_set_name,
        };
        if seen.insert(grant.clone()) {
            out.push(grant);
        }
    }
    out
}

/// Application assignments as grants, each once.
pub(super) fn application_grants(assignments: Vec<ApplicationAssignment>) -> Vec<Grant> {
    let mut seen = HashSet::new();
    assignments
        .into_iter()
        .map(|a| Grant {
            principal: match a.principal_type {
                PrincipalType::User => Principal::User(a.principal_id),
                PrincipalType::Group => Principal::Group(a.principal_id),
            },
            target_type: TargetType::Application,
            target_id: a.application_urn,
            permission_set_id: None,
            permission_set_name: None,
        })
        .filter(|g| seen.insert(g.clone()))
        .collect()
}
