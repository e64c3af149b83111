//! What the rows are computed from (users, groups, accounts, names and filters, read before the
//! first row), and how a grant becomes rows.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::filters::{Filters, Resolved, application_short_id, resolve};
use crate::model::FilterKind;
use crate::model::{AssignmentRow, Cloud, PrincipalKind, Row, TargetType, ViaType};
use crate::source::{Application, Entity, PrincipalType, Source};

use super::fetcher::AccountFetcher;
use super::grant::{Grant, Principal, application_grants};
use super::progress::{Progress, ProgressFn};

/// The resolved filters: `None` when a filter is not given.
#[derive(Debug, Default)]
pub(super) struct Selected {
    pub(super) users: Option<HashSet<String>>,
    pub(super) groups: Option<HashSet<String>>,
    pub(super) accounts: Option<HashSet<String>>,
    pub(super) permission_sets: Option<HashSet<String>>,
    pub(super) applications: Option<HashSet<String>>,
}

impl Selected {
    /// The filters resolved: the users, groups and accounts as the caller resolved them, the
    /// permission sets and applications against their listings. Every value that matches
    /// nothing is named at once, not one per run.
    pub(super) fn resolve(
        (users, groups, accounts): (Resolved, Resolved, Resolved),
        filters: &Filters,
        permission_sets: &[Entity],
        applications: &[Entity],
        instance_id: &str,
    ) -> Result<Self> {
        let mut unmatched = Vec::new();
        let mut take = |(ids, missing): Resolved| {
            unmatched.extend(missing);
            ids
        };
        let selected = Self {
            users: take(users),
            groups: take(groups),
            accounts: take(accounts),
            permission_sets: take(resolve(
                FilterKind::PermissionSet,
                &filters.permission_sets,
                permission_sets,
                |_| None,
            )?),
            applications: take(resolve(
                FilterKind::Application,
                &filters.applications,
                applications,
                |e| application_short_id(&e.id),
            )?),
        };
        if unmatched.is_empty() {
            Ok(selected)
        } else {
            Err(Error::FilterMatchesNothing {
                unmatched,
                instance_id: instance_id.to_owned(),
            })
        }
    }
}

/// The account assignments: being fetched, or read already.
pub(super) enum Pending {
    /// Fetched by a task since the plan chose the route.
    Fetcher(AccountFetcher),
    /// Read before the first row (a narrow report), application assignments included.
    Ready(Vec<Grant>),
}

/// How the application assignments are read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum AppRoute {
    /// Not at all (no applications, or the filters leave none), or read already.
    None,
    /// One request per principal.
    PerPrincipal,
    /// One request per application instance (these ids).
    PerApplication(Vec<String>),
}

/// What the rows are computed from, read before the first row.
pub(super) struct Context<S> {
    pub(super) source: Arc<S>,
    pub(super) cloud: Cloud,
    pub(super) instance_id: String,
    pub(super) semaphore: Arc<Semaphore>,
    pub(super) concurrency: usize,
    pub(super) progress: Option<ProgressFn>,
    pub(super) counters: Counters,
    /// The users rows may name: every user, or those of a narrow report.
    pub(super) users: Vec<Entity>,
    pub(super) user_names: HashMap<String, Option<String>>,
    pub(super) groups: Vec<Entity>,
    pub(super) group_names: HashMap<String, Option<String>>,
    /// Group id to the members rows may name.
    pub(super) members: HashMap<String, Vec<String>>,
    /// The account assignments.
    pub(super) pending: std::sync::Mutex<Option<Pending>>,
    pub(super) account_names: HashMap<String, Option<String>>,
    pub(super) permission_set_names: HashMap<String, Option<String>>,
    pub(super) applications: Vec<Application>,
    pub(super) application_names: HashMap<String, Option<String>>,
    pub(super) app_route: AppRoute,
    pub(super) selected: Selected,
}

#[derive(Default)]
pub(super) struct Counters {
    /// The principals whose application assignments are read (for the progress line).
    pub(super) application_principals: AtomicUsize,
    application_assignments: AtomicUsize,
    group_members: AtomicUsize,
}

pub(super) fn names(entities: &[Entity]) -> HashMap<String, Option<String>> {
    entities
        .iter()
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}

impl<S: Source + 'static> Context<S> {
    fn report(&self, what: &'static str, counter: &AtomicUsize, total: usize) {
        let done = counter.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(p) = &self.progress {
            p(Progress {
                what,
                done,
                total: Some(total),
            });
        }
    }

    /// Whether application rows can pass the filters at all.
    pub(super) fn wants_applications(&self) -> bool {
        !self.applications.is_empty()
            && self.selected.permission_sets.is_none()
            && (self.selected.accounts.is_none() || self.selected.applications.is_some())
    }

    /// The principals whose application assignments are read.
    pub(super) fn application_principals(&self) -> Vec<(PrincipalType, String)> {
        let mut out = Vec::new();
        if self.selected.groups.is_none() {
            for user in &self.users {
                if self
                    .selected
                    .users
                    .as_ref()
                    .is_none_or(|u| u.contains(&user.id))
                {
                    out.push((PrincipalType::User, user.id.clone()));
                }
            }
        }
        for group in &self.groups {
            let by_group = self
                .selected
                .groups
                .as_ref()
                .is_none_or(|g| g.contains(&group.id));
            let by_user = self.selected.users.as_ref().is_none_or(|u| {
                self.members
                    .get(&group.id)
                    .is_some_and(|m| m.iter().any(|id| u.contains(id)))
            });
            if by_group && by_user {
                out.push((PrincipalType::Group, group.id.clone()));
            }
        }
        out
    }

    pub(super) async fn application_grants(
        &self,
        kind: PrincipalType,
        id: String,
    ) -> Result<Vec<Grant>> {
        let urns = {
            let _permit = self.semaphore.acquire().await;
            self.source.application_assignments(kind, &id).await?
        };
        self.report(
            "application assignments",
            &self.counters.application_assignments,
            self.counters.application_principals.load(Ordering::Relaxed),
        );
        let principal = match kind {
            PrincipalType::User => Principal::User(id),
            PrincipalType::Group => Principal::Group(id),
        };
        let mut seen = HashSet::new();
        Ok(urns
            .into_iter()
            .filter(|urn| seen.insert(urn.clone()))
            .map(|urn| Grant {
                principal: principal.clone(),
                target_type: TargetType::Application,
                target_id: urn,
                permission_set_id: None,
                permission_set_name: None,
            })
            .collect())
    }

    /// The grants of one application instance (the per-application route).
    pub(super) async fn application_instance_grants(&self, instance: String) -> Result<Vec<Grant>> {
        let assignments = {
            let _permit = self.semaphore.acquire().await;
            self.source
                .application_instance_assignments(&instance)
                .await?
        };
        self.report(
            "application assignments",
            &self.counters.application_assignments,
            self.counters.application_principals.load(Ordering::Relaxed),
        );
        Ok(application_grants(assignments))
    }

    fn user_name(&self, id: &str) -> Option<String> {
        self.user_names.get(id).cloned().flatten()
    }

    fn permission_set_name(&self, grant: &Grant) -> Option<String> {
        grant.permission_set_id.as_ref().and_then(|id| {
            self.permission_set_names
                .get(id)
                .cloned()
                .flatten()
                .or_else(|| grant.permission_set_name.clone())
        })
    }

    fn target_name(&self, grant: &Grant) -> Option<String> {
        match grant.target_type {
            TargetType::Account => self.account_names.get(&grant.target_id).cloned().flatten(),
            TargetType::Application => self
                .application_names
                .get(&grant.target_id)
                .cloned()
                .flatten(),
        }
    }

    /// The members of a group: listed, or asked for (a group the listing did not show).
    async fn members_of(&self, group: &str) -> Result<Vec<String>> {
        if let Some(members) = self.members.get(group) {
            return Ok(members.clone());
        }
        tracing::warn!(
            group = %idc::text::escape_control(group),
            "an assignment names a group the group listing did not show; asking for its members"
        );
        let members = {
            let _permit = self.semaphore.acquire().await;
            self.source.group_members(group).await?
        };
        self.report("group members", &self.counters.group_members, 0);
        Ok(dedup(members))
    }

    fn row(&self, grant: &Grant, user: &str, via: ViaType, group: Option<&str>) -> Row {
        Row {
            cloud: self.cloud,
            instance_id: self.instance_id.clone(),
            user_id: user.to_owned(),
            user_name: self.user_name(user),
            target_type: grant.target_type,
            target_id: grant.target_id.clone(),
            target_name: self.target_name(grant),
            permission_set_id: grant.permission_set_id.clone(),
            permission_set_name: self.permission_set_name(grant),
            via_type: via,
            via_id: group.map(str::to_owned),
            via_name: group.and_then(|g| self.group_names.get(g).cloned().flatten()),
        }
    }

    /// The rows of one grant that pass the filters.
    pub(super) async fn expand(&self, grant: Grant) -> Result<Vec<Row>> {
        if !self.keeps_grant(&grant) {
            return Ok(Vec::new());
        }
        let rows = match &grant.principal {
            Principal::User(user) => vec![self.row(&grant, user, ViaType::User, None)],
            Principal::Group(group) => self
                .members_of(group)
                .await?
                .iter()
                .map(|user| self.row(&grant, user, ViaType::Group, Some(group)))
                .collect(),
            Principal::AllUsers => self
                .users
                .iter()
                .map(|user| self.row(&grant, &user.id, ViaType::AllUsers, None))
                .collect(),
        };
        Ok(rows
            .into_iter()
            .filter(|row| {
                self.selected
                    .users
                    .as_ref()
                    .is_none_or(|u| u.contains(&row.user_id))
            })
            .collect())
    }

    /// The filters a grant can be judged by before expansion (all but the user filter).
    fn keeps_grant(&self, grant: &Grant) -> bool {
        let s = &self.selected;
        let by_group = match (&s.groups, &grant.principal) {
            (None, _) => true,
            (Some(groups), Principal::Group(g)) => groups.contains(g),
            (Some(_), _) => false,
        };
        by_group
            && self.keeps_target(
                grant.target_type,
                &grant.target_id,
                &grant.permission_set_id,
            )
    }

    fn keeps_target(&self, kind: TargetType, id: &str, set: &Option<String>) -> bool {
        let s = &self.selected;
        let by_target = match (&s.accounts, &s.applications) {
            (None, None) => true,
            (accounts, applications) => match kind {
                TargetType::Account => accounts.as_ref().is_some_and(|a| a.contains(id)),
                TargetType::Application => applications.as_ref().is_some_and(|a| a.contains(id)),
            },
        };
        let by_set = s
            .permission_sets
            .as_ref()
            .is_none_or(|sets| set.as_ref().is_some_and(|id| sets.contains(id)));
        by_target && by_set
    }

    pub(super) fn assignment_row(&self, grant: &Grant) -> AssignmentRow {
        let (principal_type, principal_id, principal_name) = match &grant.principal {
            Principal::User(id) => (PrincipalKind::User, Some(id.clone()), self.user_name(id)),
            Principal::Group(id) => (
                PrincipalKind::Group,
                Some(id.clone()),
                self.group_names.get(id).cloned().flatten(),
            ),
            Principal::AllUsers => (PrincipalKind::AllUsers, None, None),
        };
        AssignmentRow {
            cloud: self.cloud,
            instance_id: self.instance_id.clone(),
            principal_type,
            principal_id,
            principal_name,
            target_type: grant.target_type,
            target_id: grant.target_id.clone(),
            target_name: self.target_name(grant),
            permission_set_id: grant.permission_set_id.clone(),
            permission_set_name: self.permission_set_name(grant),
        }
    }

    pub(super) fn keeps_assignment(&self, row: &AssignmentRow) -> bool {
        let s = &self.selected;
        let id = row.principal_id.as_deref().unwrap_or_default();
        let by_user = s.users.as_ref().is_none_or(|u| {
            row.principal_type == PrincipalKind::User && u.contains(id)
                || row.principal_type == PrincipalKind::AllUsers
        });
        let by_group = s
            .groups
            .as_ref()
            .is_none_or(|g| row.principal_type == PrincipalKind::Group && g.contains(id));
        by_user
            && by_group
            && self.keeps_target(row.target_type, &row.target_id, &row.permission_set_id)
    }
}

pub(super) fn dedup(mut ids: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    ids
}
