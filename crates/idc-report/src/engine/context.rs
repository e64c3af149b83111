//! What the rows are computed from (users, groups, accounts, names and filters, read before the
//! first row), and how a grant becomes rows.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::stream::{self, StreamExt, TryStreamExt};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::filters::{Filters, Resolved, application_short_id, resolve};
use crate::model::{AssignmentRow, Cloud, FilterKind, PrincipalKind, Row, TargetType, ViaType};
use crate::source::{AccountAssignment, Application, Entity, PrincipalType, Source};

use super::fetcher::AccountFetcher;
use super::progress::{Progress, ProgressFn, limited};

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

/// The resolved filters: `None` when a filter is not given.
#[derive(Debug, Default)]
struct Selected {
    users: Option<HashSet<String>>,
    groups: Option<HashSet<String>>,
    accounts: Option<HashSet<String>>,
    permission_sets: Option<HashSet<String>>,
    applications: Option<HashSet<String>>,
}

/// What the rows are computed from, read before the first row.
pub(super) struct Context<S> {
    source: Arc<S>,
    cloud: Cloud,
    instance_id: String,
    semaphore: Arc<Semaphore>,
    pub(super) concurrency: usize,
    progress: Option<ProgressFn>,
    pub(super) counters: Counters,
    users: Vec<Entity>,
    user_names: HashMap<String, Option<String>>,
    groups: Vec<Entity>,
    group_names: HashMap<String, Option<String>>,
    members: HashMap<String, Vec<String>>,
    /// The assignments of the accounts to read, being fetched since the accounts were listed.
    pub(super) fetcher: std::sync::Mutex<Option<AccountFetcher>>,
    account_names: HashMap<String, Option<String>>,
    permission_set_names: HashMap<String, Option<String>>,
    pub(super) applications: Vec<Application>,
    application_names: HashMap<String, Option<String>>,
    selected: Selected,
}

#[derive(Default)]
pub(super) struct Counters {
    /// The principals whose application assignments are read (for the progress line).
    pub(super) application_principals: AtomicUsize,
    application_assignments: AtomicUsize,
    group_members: AtomicUsize,
}

fn names(entities: &[Entity]) -> HashMap<String, Option<String>> {
    entities
        .iter()
        .map(|e| (e.id.clone(), e.name.clone()))
        .collect()
}

impl<S: Source + 'static> Context<S> {
    pub(super) async fn prepare(
        source: Arc<S>,
        concurrency: usize,
        filters: Filters,
        progress: Option<ProgressFn>,
    ) -> Result<Self> {
        let semaphore = Arc::new(Semaphore::new(concurrency.max(1)));
        let cloud = source.cloud();
        let instance_id = source.instance_id().to_owned();
        // A listing may fetch pages at once: it is told how many it may (never more than the
        // report's concurrency), and holds that many slots, so that the requests in flight never
        // exceed the concurrency.
        let slots = source.listing_concurrency().clamp(1, concurrency.max(1));
        let call = |what: &'static str| (semaphore.clone(), progress.clone(), what);
        let (sem, prog, what) = call("users");
        let users = limited(sem, prog, what, slots, source.users(slots));
        let (sem, prog, what) = call("accounts");
        let accounts = async {
            let accounts = limited(sem, prog, what, slots, source.accounts(slots)).await?;
            let (wanted, unmatched) =
                resolve(FilterKind::Account, &filters.accounts, &accounts, |_| None)?;
            // Only the accounts whose rows can pass the filters are read; their assignments are
            // fetched from now on, while the rest is still being read. None when a value matches
            // nothing: the report fails once every filter is checked.
            let to_read: Vec<Entity> = match (&wanted, filters.applications.is_empty()) {
                _ if !unmatched.is_empty() => Vec::new(),
                (Some(wanted), _) => accounts
                    .iter()
                    .filter(|a| wanted.contains(&a.id))
                    .cloned()
                    .collect(),
                (None, false) => Vec::new(),
                (None, true) => accounts.clone(),
            };
            let fetcher = AccountFetcher::start(
                source.clone(),
                semaphore.clone(),
                progress.clone(),
                to_read.clone(),
                concurrency.max(1),
            );
            Ok::<_, Error>((accounts, (wanted, unmatched), to_read, fetcher))
        };
        let (sem, prog, what) = call("permission sets");
        let permission_sets = limited(sem, prog, what, slots, source.permission_sets(slots));
        let (sem, prog, what) = call("applications");
        let applications = limited(sem, prog, what, slots, source.applications(slots));
        let groups = async {
            let (sem, prog, what) = call("groups");
            let groups = limited(sem, prog, what, slots, source.groups(slots)).await?;
            let done = Arc::new(AtomicUsize::new(0));
            let to_fetch = groups.iter().filter(|g| g.members.is_none()).count();
            let fetched: HashMap<String, Vec<String>> = stream::iter(groups.clone())
                .map(|group| {
                    let semaphore = semaphore.clone();
                    let done = done.clone();
                    let progress = progress.clone();
                    let source = source.clone();
                    async move {
                        let members = match group.members {
                            Some(members) => members,
                            None => {
                                let members = {
                                    let _permit = semaphore.acquire().await;
                                    source.group_members(&group.entity.id).await?
                                };
                                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                                if let Some(p) = &progress {
                                    p(Progress {
                                        what: "group members",
                                        done: n,
                                        total: Some(to_fetch),
                                    });
                                }
                                members
                            }
                        };
                        Ok::<_, Error>((group.entity.id, dedup(members)))
                    }
                })
                .buffer_unordered(concurrency.max(1))
                .try_collect()
                .await?;
            let entities: Vec<Entity> = groups.into_iter().map(|g| g.entity).collect();
            Ok::<_, Error>((entities, fetched))
        };
        let (
            users,
            (groups, members),
            (accounts, wanted_accounts, to_read, fetcher),
            permission_sets,
            applications,
        ) = tokio::try_join!(users, groups, accounts, permission_sets, applications)?;

        let app_entities: Vec<Entity> = applications.iter().map(|a| a.entity.clone()).collect();
        let mut unmatched = Vec::new();
        let mut take = |(ids, missing): Resolved| {
            unmatched.extend(missing);
            ids
        };
        let selected = Selected {
            users: take(resolve(FilterKind::User, &filters.users, &users, |_| None)?),
            groups: take(resolve(
                FilterKind::Group,
                &filters.groups,
                &groups,
                |_| None,
            )?),
            accounts: take(wanted_accounts),
            permission_sets: take(resolve(
                FilterKind::PermissionSet,
                &filters.permission_sets,
                &permission_sets,
                |_| None,
            )?),
            applications: take(resolve(
                FilterKind::Application,
                &filters.applications,
                &app_entities,
                |e| application_short_id(&e.id),
            )?),
        };
        // Every value that matches nothing, named at once: not one per run.
        if !unmatched.is_empty() {
            return Err(Error::FilterMatchesNothing {
                unmatched,
                instance_id,
            });
        }
        let account_names = names(&accounts);
        let accounts = to_read;
        tracing::debug!(
            users = users.len(),
            groups = groups.len(),
            accounts = accounts.len(),
            permission_sets = permission_sets.len(),
            applications = applications.len(),
            "report data read"
        );
        Ok(Self {
            source,
            cloud,
            instance_id,
            semaphore,
            concurrency: concurrency.max(1),
            progress,
            counters: Counters::default(),
            user_names: names(&users),
            users,
            group_names: names(&groups),
            groups,
            members,
            account_names,
            fetcher: std::sync::Mutex::new(Some(fetcher)),
            permission_set_names: names(&permission_sets),
            application_names: names(&app_entities),
            applications,
            selected,
        })
    }

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

    pub(super) fn account_grants(
        &self,
        account: &Entity,
        assignments: Vec<AccountAssignment>,
    ) -> Vec<Grant> {
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(assignments.len());
        for AccountAssignment {
            principal_type,
            principal_id,
            permission_set_id,
            permission_set_name,
        } in assignments
        {
            let grant = Grant {
                principal: match principal_type {
                    PrincipalType::User => Principal::User(principal_id),
                    PrincipalType::Group => Principal::Group(principal_id),
                },
                target_type: TargetType::Account,
                target_id: account.id.clone(),
                permission_set_id,
                permission_set_name,
            };
            if seen.insert(grant.clone()) {
                out.push(grant);
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

fn dedup(mut ids: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    ids
}
