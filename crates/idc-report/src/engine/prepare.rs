//! A full report: the listings read at once, and the routes the plan takes as soon as their
//! counts decide them (a route is taken early only when it is cheaper whatever the rest of a
//! listing holds).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use futures::stream::{self, StreamExt, TryStreamExt};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::filters::{Filters, resolve};
use crate::model::FilterKind;
use crate::source::{Entity, Group, Lookup, PrincipalType, Seen, Source};

use super::context::{AppRoute, Context, Counters, Pending, Selected, dedup, names};
use super::fetcher::{AccountFetcher, Job};
use super::plan::{Plan, Steps, pages};
use super::progress::{Progress, ProgressFn, limited};
use super::units::accounts_under;

/// A report's plan, or what its rows are computed from.
pub(super) enum Prepared<S> {
    /// Explaining: the plan only.
    Explained(Plan),
    /// Running: the data (the plan is logged at DEBUG).
    Ready(Box<Context<S>>),
}

/// What a report is run with.
pub(super) struct Settings {
    pub(super) concurrency: usize,
    pub(super) filters: Filters,
    pub(super) progress: Option<ProgressFn>,
    /// Only plan: read what the plan depends on, and stop.
    pub(super) explain: bool,
}

/// Whether application rows can pass these filters (before they are resolved).
pub(super) fn filters_want_applications(filters: &Filters) -> bool {
    filters.permission_sets.is_empty()
        && ((filters.accounts.is_empty() && filters.organizational_units.is_empty())
            || !filters.applications.is_empty())
}

/// The routes chosen, with the counts known when each was.
#[derive(Default)]
struct Routes {
    /// Members per group (`true`) or groups per member.
    members_per_group: OnceLock<bool>,
    /// Account assignments per account (`true`) or per principal.
    per_account: OnceLock<bool>,
    /// Application assignments per application (`Some(true)`), per principal, or none.
    per_application: OnceLock<Option<bool>>,
    /// The units read for `--ou`.
    units_read: AtomicUsize,
    /// The groups whose members the listing did not carry.
    to_fetch: AtomicUsize,
}

/// Reads a full report's data, or (explaining) only what its plan depends on.
pub(super) async fn full<S: Source + 'static>(
    source: Arc<S>,
    settings: Settings,
) -> Result<Prepared<S>> {
    let Settings {
        concurrency,
        filters,
        progress,
        explain,
    } = settings;
    let semaphore = Arc::new(Semaphore::new(concurrency));
    let cloud = source.cloud();
    let instance_id = source.instance_id().to_owned();
    let views = source.views();
    // A listing may fetch pages at once: it is told how many it may (never more than the
    // report's concurrency), and holds that many slots, so that the requests in flight never
    // exceed the concurrency.
    let slots = source.listing_concurrency().clamp(1, concurrency);
    let call = |what: &'static str| (semaphore.clone(), progress.clone(), what);
    let users_seen = Seen::default();
    let groups_seen = Seen::default();
    let users_cell: OnceLock<Vec<Entity>> = OnceLock::new();
    let groups_cell: OnceLock<Vec<String>> = OnceLock::new();
    let routes = Routes::default();
    // The per-principal routes cost one request per user and group: decided against
    // `users so far + groups`, or the exact count once the users are listed.
    let principals_at_least = |cost: usize| {
        let groups_seen = groups_seen.clone();
        let users_seen = users_seen.clone();
        async move {
            groups_seen.until(|_, done| done).await;
            let groups = groups_seen.count();
            users_seen
                .until(|users, done| done || cost <= users + groups)
                .await;
            cost <= users_seen.count() + groups
        }
    };
    let all_principals = || {
        let users = users_cell.get().into_iter().flatten();
        let groups = groups_cell.get().into_iter().flatten();
        users
            .map(|u| (PrincipalType::User, u.id.clone()))
            .chain(groups.map(|g| (PrincipalType::Group, g.clone())))
            .collect::<Vec<_>>()
    };

    let users = async {
        let (sem, prog, what) = call("users");
        let listed = limited(sem, prog, what, slots, source.users(slots, &users_seen)).await;
        users_seen.finish();
        let _ = users_cell.set(listed?);
        Ok::<_, Error>(())
    };

    let groups = async {
        let (sem, prog, what) = call("groups");
        let listed = limited(sem, prog, what, slots, source.groups(slots)).await;
        if let Ok(groups) = &listed {
            groups_seen.add(groups.len());
            let _ = groups_cell.set(groups.iter().map(|g| g.entity.id.clone()).collect());
        }
        groups_seen.finish();
        let groups = listed?;
        let to_fetch = groups.iter().filter(|g| g.members.is_none()).count();
        routes.to_fetch.store(to_fetch, Ordering::Relaxed);
        let per_group = !views.per_principal || {
            users_seen
                .until(|users, done| done || to_fetch <= users)
                .await;
            to_fetch <= users_seen.count()
        };
        let _ = routes.members_per_group.set(per_group);
        let members = if explain {
            HashMap::new()
        } else if per_group {
            members_per_group(&*source, &semaphore, &progress, &groups, concurrency).await?
        } else {
            users_seen.until(|_, done| done).await;
            let users: Vec<String> = users_cell
                .get()
                .into_iter()
                .flatten()
                .map(|u| u.id.clone())
                .collect();
            members_per_member(&*source, &semaphore, &progress, &groups, users, concurrency).await?
        };
        let entities: Vec<Entity> = groups.into_iter().map(|g| g.entity).collect();
        Ok::<_, Error>((entities, members))
    };

    let accounts = async {
        let (sem, prog, what) = call("accounts");
        let accounts = limited(sem, prog, what, slots, source.accounts(slots)).await?;
        let under = accounts_under(
            &*source,
            &semaphore,
            concurrency,
            &filters.organizational_units,
        )
        .await?;
        routes.units_read.store(under.units_read, Ordering::Relaxed);
        let (wanted, mut unmatched) =
            resolve(FilterKind::Account, &filters.accounts, &accounts, |_| None)?;
        unmatched.extend(under.unmatched);
        let wanted = match (wanted, under.accounts) {
            (Some(w), Some(u)) => Some(w.intersection(&u).cloned().collect()),
            (w, None) => w,
            (None, u) => u,
        };
        // Only the accounts whose rows can pass the filters are read. None when a value matches
        // nothing: the report fails once every filter is checked.
        let to_read: Vec<String> = match (&wanted, filters.applications.is_empty()) {
            _ if !unmatched.is_empty() => Vec::new(),
            (Some(wanted), _) => accounts
                .iter()
                .filter(|a| wanted.contains(&a.id))
                .map(|a| a.id.clone())
                .collect(),
            (None, false) => Vec::new(),
            (None, true) => accounts.iter().map(|a| a.id.clone()).collect(),
        };
        let per_account = !views.per_principal || principals_at_least(to_read.len()).await;
        let _ = routes.per_account.set(per_account);
        let to_read_count = to_read.len();
        let fetcher = if explain {
            None
        } else {
            let jobs: Vec<Job> = if per_account {
                to_read.into_iter().map(Job::Account).collect()
            } else {
                users_seen.until(|_, done| done).await;
                all_principals()
                    .into_iter()
                    .map(|(kind, id)| Job::Principal(kind, id))
                    .collect()
            };
            Some(AccountFetcher::start(
                source.clone(),
                semaphore.clone(),
                progress.clone(),
                jobs,
                concurrency,
            ))
        };
        Ok::<_, Error>((accounts, (wanted, unmatched), to_read_count, fetcher))
    };

    let permission_sets = async {
        if explain && filters.permission_sets.is_empty() {
            // Names only: not needed for the plan.
            return Ok(None);
        }
        let (sem, prog, what) = call("permission sets");
        limited(sem, prog, what, slots, source.permission_sets(slots))
            .await
            .map(Some)
    };

    let applications = async {
        let (sem, prog, what) = call("applications");
        let applications = limited(sem, prog, what, slots, source.applications(slots)).await?;
        let route = if applications.is_empty() || !filters_want_applications(&filters) {
            None
        } else if !views.per_application {
            Some(false)
        } else {
            let n = applications.len();
            let cost = pages(
                n,
                source.operation(Lookup::ApplicationInstances).per_request,
            ) + n;
            Some(principals_at_least(cost).await)
        };
        let _ = routes.per_application.set(route);
        let instances = if route == Some(true) && !explain {
            let (sem, prog, what) = call("application instances");
            Some(limited(sem, prog, what, 1, source.application_instances()).await?)
        } else {
            None
        };
        Ok::<_, Error>((applications, instances))
    };

    let (
        (),
        (groups, members),
        (accounts, wanted_accounts, to_read_count, fetcher),
        permission_sets,
        (applications, instances),
    ) = tokio::try_join!(users, groups, accounts, permission_sets, applications)?;
    let users = users_cell.into_inner().unwrap_or_default();

    let app_entities: Vec<Entity> = applications.iter().map(|a| a.entity.clone()).collect();
    let selected = Selected::resolve(
        (
            resolve(FilterKind::User, &filters.users, &users, |_| None)?,
            resolve(FilterKind::Group, &filters.groups, &groups, |_| None)?,
            wanted_accounts,
        ),
        &filters,
        permission_sets.as_deref().unwrap_or_default(),
        &app_entities,
        &instance_id,
    )?;

    let counts = Counts {
        users: users.len(),
        groups: groups.len(),
        to_fetch: routes.to_fetch.load(Ordering::Relaxed),
        accounts: accounts.len(),
        to_read: to_read_count,
        permission_sets: permission_sets.as_ref().map(Vec::len),
        applications: applications.len(),
        units_read: routes.units_read.load(Ordering::Relaxed),
        ous: !filters.organizational_units.is_empty(),
    };
    let plan = Plan {
        cloud,
        instance_id: instance_id.clone(),
        steps: steps(&*source, &counts, &routes),
    };
    tracing::debug!(requests = plan.requests(), "the report's plan:\n{plan}");
    if explain {
        return Ok(Prepared::Explained(plan));
    }
    let app_route = match (routes.per_application.get(), instances) {
        (Some(Some(true)), Some(instances)) => AppRoute::PerApplication(instances),
        (Some(Some(false)), _) => AppRoute::PerPrincipal,
        _ => AppRoute::None,
    };
    let permission_sets = permission_sets.unwrap_or_default();
    Ok(Prepared::Ready(Box::new(Context {
        source,
        cloud,
        instance_id,
        semaphore,
        concurrency,
        progress,
        counters: Counters::default(),
        user_names: names(&users),
        users,
        group_names: names(&groups),
        groups,
        members,
        pending: std::sync::Mutex::new(fetcher.map(Pending::Fetcher)),
        account_names: names(&accounts),
        permission_set_names: names(&permission_sets),
        application_names: names(&app_entities),
        applications,
        app_route,
        selected,
    })))
}

/// The counts a full plan is printed with.
struct Counts {
    users: usize,
    groups: usize,
    to_fetch: usize,
    accounts: usize,
    to_read: usize,
    permission_sets: Option<usize>,
    applications: usize,
    units_read: usize,
    ous: bool,
}

fn steps<S: Source>(source: &S, c: &Counts, routes: &Routes) -> Vec<super::plan::Step> {
    let mut s = Steps::new(source);
    let only = "the only route the API offers";
    let principals = c.users + c.groups;
    s.listing(
        "users",
        Lookup::Users,
        Some(c.users),
        "names and expands the rows",
    );
    s.listing(
        "groups",
        Lookup::Groups,
        Some(c.groups),
        "names the groups rows go through",
    );
    s.listing(
        "accounts",
        Lookup::Accounts,
        Some(c.accounts),
        "names the accounts",
    );
    if c.ous {
        s.listing(
            "organizational units",
            Lookup::OrganizationalUnits,
            None,
            "--ou: the units and their parents",
        );
        s.each(
            "accounts under the units",
            Lookup::AccountsIn,
            c.units_read,
            "unit under the ones asked for",
            "--ou: the accounts under the units, at any depth",
        );
    }
    s.listing(
        "permission sets",
        Lookup::PermissionSets,
        c.permission_sets,
        "names the permission sets",
    );
    s.listing(
        "applications",
        Lookup::Applications,
        Some(c.applications),
        "names the applications, and says which are open to every user",
    );
    match routes.members_per_group.get() {
        Some(true) if source.views().per_principal => s.each(
            "group members",
            Lookup::GroupMembers,
            c.to_fetch,
            "group",
            &format!(
                "{} groups <= {} users (one request per member)",
                c.to_fetch, c.users
            ),
        ),
        Some(true) => s.each(
            "group members",
            Lookup::GroupMembers,
            c.to_fetch,
            "group",
            only,
        ),
        Some(false) => s.each(
            "group members",
            Lookup::GroupsOfUser,
            c.users,
            "user",
            &format!(
                "{} users < {} groups (one request per group)",
                c.users, c.to_fetch
            ),
        ),
        None => {}
    }
    match routes.per_account.get() {
        Some(true) if source.views().per_principal => s.each(
            "account assignments",
            Lookup::AccountAssignments,
            c.to_read,
            "account",
            &format!(
                "{} accounts to read <= {principals} users and groups (one request per principal)",
                c.to_read
            ),
        ),
        Some(true) => s.each(
            "account assignments",
            Lookup::AccountAssignments,
            c.to_read,
            "account",
            only,
        ),
        Some(false) => s.each(
            "account assignments",
            Lookup::PrincipalAccountAssignments,
            principals,
            "user and group",
            &format!(
                "{principals} users and groups < {} accounts to read (one request per account)",
                c.to_read
            ),
        ),
        None => {}
    }
    match routes.per_application.get() {
        Some(Some(true)) => {
            let n = c.applications;
            let cost = pages(n, s.per_request(Lookup::ApplicationInstances)) + n;
            let why = format!(
                "{cost} requests <= {principals} users and groups (one request per principal)"
            );
            s.listing(
                "application instances",
                Lookup::ApplicationInstances,
                Some(n),
                &why,
            );
            s.each(
                "application assignments",
                Lookup::ApplicationAssignments,
                n,
                "application",
                &why,
            );
        }
        Some(Some(false)) if source.views().per_application => {
            let n = c.applications;
            let cost = pages(n, s.per_request(Lookup::ApplicationInstances)) + n;
            s.each(
                "application assignments",
                Lookup::PrincipalApplicationAssignments,
                principals,
                "user and group",
                &format!(
                    "{principals} users and groups < {cost} requests per application (instances \
                     listed, then one request per application)"
                ),
            );
        }
        Some(Some(false)) => s.each(
            "application assignments",
            Lookup::PrincipalApplicationAssignments,
            principals,
            "user and group",
            only,
        ),
        _ => {}
    }
    s.steps
}

async fn members_per_group<S: Source>(
    source: &S,
    semaphore: &Arc<Semaphore>,
    progress: &Option<ProgressFn>,
    groups: &[Group],
    concurrency: usize,
) -> Result<HashMap<String, Vec<String>>> {
    let done = AtomicUsize::new(0);
    let to_fetch = groups.iter().filter(|g| g.members.is_none()).count();
    stream::iter(groups.iter().cloned())
        .map(|group| {
            let done = &done;
            async move {
                let members = match group.members {
                    Some(members) => members,
                    None => {
                        let members = {
                            let _permit = semaphore.acquire().await;
                            source.group_members(&group.entity.id).await?
                        };
                        tick(progress, "group members", done, to_fetch);
                        members
                    }
                };
                Ok::<_, Error>((group.entity.id, dedup(members)))
            }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await
}

/// The members of every group, from the groups of each user (one request per user). A group
/// whose members the listing carried keeps them.
async fn members_per_member<S: Source>(
    source: &S,
    semaphore: &Arc<Semaphore>,
    progress: &Option<ProgressFn>,
    groups: &[Group],
    users: Vec<String>,
    concurrency: usize,
) -> Result<HashMap<String, Vec<String>>> {
    let done = AtomicUsize::new(0);
    let total = users.len();
    let of_user: Vec<(String, Vec<String>)> = stream::iter(users)
        .map(|user| {
            let done = &done;
            async move {
                let groups = {
                    let _permit = semaphore.acquire().await;
                    source.groups_of_user(&user).await?
                };
                tick(progress, "group members", done, total);
                Ok::<_, Error>((user, groups))
            }
        })
        .buffer_unordered(concurrency)
        .try_collect()
        .await?;
    let listed: HashSet<&str> = groups.iter().map(|g| g.entity.id.as_str()).collect();
    let mut members: HashMap<String, Vec<String>> = groups
        .iter()
        .map(|g| (g.entity.id.clone(), g.members.clone().unwrap_or_default()))
        .collect();
    for (user, of) in of_user {
        for group in of {
            let embedded = groups
                .iter()
                .any(|g| g.entity.id == group && g.members.is_some());
            if listed.contains(group.as_str()) && !embedded {
                members.entry(group).or_default().push(user.clone());
            }
        }
    }
    Ok(members.into_iter().map(|(g, m)| (g, dedup(m))).collect())
}

fn tick(progress: &Option<ProgressFn>, what: &'static str, done: &AtomicUsize, total: usize) {
    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
    if let Some(p) = progress {
        p(Progress {
            what,
            done: n,
            total: Some(total),
        });
    }
}
