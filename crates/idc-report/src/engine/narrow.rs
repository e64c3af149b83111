//! A narrow report (`--user` or `--group`, on a source with per-principal views): the principals
//! are found by id or name, their assignments read one principal at a time, and only what they
//! reach is named, by whichever of describing or listing costs fewer requests.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use futures::stream::{self, StreamExt, TryStreamExt};
use tokio::sync::Semaphore;

use crate::error::{Error, Result};
use crate::filters::{Filters, Resolved, resolve, split_prefix};
use crate::model::{FilterKind, TargetType};
use crate::source::{ApplicationAssignment, Entity, Lookup, PrincipalType, Source};

use super::context::{AppRoute, Context, Counters, Pending, Selected, dedup, names};
use super::fetcher::{Job, fetch};
use super::grant::{Grant, application_grants};
use super::plan::{Plan, Steps, pages};
use super::prepare::{Prepared, Settings, filters_want_applications};
use super::units::accounts_under;

/// Whether a report takes the narrow route: a user or group filter, and a source that can look
/// principals up one at a time.
pub(super) fn is_narrow<S: Source>(source: &S, filters: &Filters) -> bool {
    source.views().per_principal && (!filters.users.is_empty() || !filters.groups.is_empty())
}

async fn one<T>(semaphore: &Semaphore, fut: impl Future<Output = Result<T>>) -> Result<T> {
    let _permit = semaphore.acquire().await;
    fut.await
}

/// The users or groups a filter value may name: by id, by name, or both (one request each).
async fn find<S: Source>(
    source: &S,
    semaphore: &Semaphore,
    kind: FilterKind,
    value: &str,
) -> Result<Vec<Entity>> {
    let (by_id, by_name, wanted) = split_prefix(value);
    let mut out = Vec::new();
    if by_id {
        let found = one(semaphore, async {
            match kind {
                FilterKind::User => source.user_by_id(wanted).await,
                _ => source.group_by_id(wanted).await,
            }
        })
        .await?;
        out.extend(found);
    }
    if by_name {
        out.extend(
            one(semaphore, async {
                match kind {
                    FilterKind::User => source.users_named(wanted).await,
                    _ => source.groups_named(wanted).await,
                }
            })
            .await?,
        );
    }
    Ok(out)
}

/// The lookups a filter's values take (by id and by name: two for a plain value).
fn lookups(values: &[String]) -> usize {
    values
        .iter()
        .map(|v| {
            let (by_id, by_name, _) = split_prefix(v);
            usize::from(by_id) + usize::from(by_name)
        })
        .sum()
}

/// Every entity the values may name, each once, and the resolved filter.
async fn principals_named<S: Source>(
    source: &S,
    semaphore: &Semaphore,
    concurrency: usize,
    kind: FilterKind,
    values: &[String],
) -> Result<(Vec<Entity>, Resolved)> {
    let found: Vec<Vec<Entity>> = stream::iter(values.to_vec())
        .map(|v| async move { find(source, semaphore, kind, &v).await })
        .buffered(concurrency)
        .try_collect()
        .await?;
    let mut seen = HashSet::new();
    let candidates: Vec<Entity> = found
        .into_iter()
        .flatten()
        .filter(|e| seen.insert(e.id.clone()))
        .collect();
    let resolved = resolve(kind, values, &candidates, |_| None)?;
    Ok((candidates, resolved))
}

/// Reads a narrow report's data, or (explaining) only what its plan depends on.
pub(super) async fn narrow<S: Source + 'static>(
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
    let src = &*source;
    let sem = &*semaphore;
    let want_apps = filters_want_applications(&filters);

    let users = principals_named(src, sem, concurrency, FilterKind::User, &filters.users);
    let groups = principals_named(src, sem, concurrency, FilterKind::Group, &filters.groups);
    let accounts = async {
        if filters.accounts.is_empty() && filters.organizational_units.is_empty() {
            return Ok(None);
        }
        let accounts = one(sem, src.accounts(1)).await?;
        let under =
            accounts_under(src, &semaphore, concurrency, &filters.organizational_units).await?;
        let (wanted, mut unmatched) =
            resolve(FilterKind::Account, &filters.accounts, &accounts, |_| None)?;
        unmatched.extend(under.unmatched);
        let wanted = match (wanted, under.accounts) {
            (Some(w), Some(u)) => Some(w.intersection(&u).cloned().collect()),
            (w, None) => w,
            (None, u) => u,
        };
        Ok::<_, Error>(Some((accounts, (wanted, unmatched), under.units_read)))
    };
    let permission_sets = async {
        if filters.permission_sets.is_empty() {
            return Ok(None);
        }
        one(sem, src.permission_sets(1)).await.map(Some)
    };
    let applications = async {
        if !want_apps && filters.applications.is_empty() {
            return Ok(Vec::new());
        }
        one(sem, src.applications(1)).await
    };
    let (
        (user_entities, user_filter),
        (group_entities, group_filter),
        accounts,
        permission_sets,
        applications,
    ) = tokio::try_join!(users, groups, accounts, permission_sets, applications)?;

    let app_entities: Vec<Entity> = applications.iter().map(|a| a.entity.clone()).collect();
    let (accounts, account_filter, units_read) = match accounts {
        Some((accounts, filter, units)) => (Some(accounts), filter, units),
        None => (None, (None, Vec::new()), 0),
    };
    let selected = Selected::resolve(
        (user_filter, group_filter, account_filter),
        &filters,
        permission_sets.as_deref().unwrap_or_default(),
        &app_entities,
        &instance_id,
    )?;

    // The principals: the users and the groups they are in, or the groups.
    let mut members: HashMap<String, Vec<String>> = HashMap::new();
    let mut principals: Vec<(PrincipalType, String)> = Vec::new();
    let sorted = |set: &Option<HashSet<String>>| {
        let mut ids: Vec<String> = set.iter().flatten().cloned().collect();
        ids.sort();
        ids
    };
    let user_ids = sorted(&selected.users);
    let group_ids = sorted(&selected.groups);
    if selected.users.is_some() {
        let of_users: Vec<(String, Vec<String>)> = stream::iter(user_ids.clone())
            .map(|user| async move {
                let groups = one(sem, src.groups_of_user(&user)).await?;
                Ok::<_, Error>((user, groups))
            })
            .buffered(concurrency)
            .try_collect()
            .await?;
        if selected.groups.is_none() {
            principals.extend(user_ids.iter().map(|u| (PrincipalType::User, u.clone())));
        }
        let mut groups = BTreeSet::new();
        for (user, of) in of_users {
            for group in of {
                if selected.groups.as_ref().is_none_or(|g| g.contains(&group)) {
                    members.entry(group.clone()).or_default().push(user.clone());
                    groups.insert(group);
                }
            }
        }
        principals.extend(groups.into_iter().map(|g| (PrincipalType::Group, g)));
    } else {
        principals.extend(group_ids.iter().map(|g| (PrincipalType::Group, g.clone())));
    }
    let groups_to_expand: Vec<String> = if selected.users.is_some() {
        Vec::new()
    } else {
        group_ids.clone()
    };

    // The routes.
    let p = principals.len();
    let to_read: Option<Vec<String>> = match (&accounts, &selected.accounts) {
        (Some(accounts), Some(wanted)) => Some(
            accounts
                .iter()
                .filter(|a| wanted.contains(&a.id))
                .map(|a| a.id.clone())
                .collect(),
        ),
        _ => None,
    };
    let per_account = to_read.as_ref().is_some_and(|a| a.len() < p);
    let wants_applications = !applications.is_empty()
        && selected.permission_sets.is_none()
        && (selected.accounts.is_none() || selected.applications.is_some());
    let n = applications.len();
    let per_app_cost = pages(n, src.operation(Lookup::ApplicationInstances).per_request) + n;
    let per_application = wants_applications && views.per_application && per_app_cost < p;

    let mut s = Steps::new(src);
    s.each(
        "users named by --user",
        Lookup::UserById,
        lookups(&filters.users),
        "value (by id and by name)",
        "a narrow report: the users it names, not every user",
    );
    s.each(
        "groups named by --group",
        Lookup::GroupById,
        lookups(&filters.groups),
        "value (by id and by name)",
        "a narrow report: the groups it names, not every group",
    );
    if accounts.is_some() {
        s.listing(
            "accounts",
            Lookup::Accounts,
            accounts.as_ref().map(Vec::len),
            "--account or --ou",
        );
    }
    if units_read > 0 {
        s.listing(
            "organizational units",
            Lookup::OrganizationalUnits,
            None,
            "--ou",
        );
        s.each(
            "accounts under the units",
            Lookup::AccountsIn,
            units_read,
            "unit",
            "--ou",
        );
    }
    if permission_sets.is_some() {
        s.listing(
            "permission sets",
            Lookup::PermissionSets,
            permission_sets.as_ref().map(Vec::len),
            "--permission-set",
        );
    }
    if !applications.is_empty() {
        s.listing(
            "applications",
            Lookup::Applications,
            Some(n),
            "names the applications, and says which are open to every user",
        );
    }
    s.each(
        "groups of each user",
        Lookup::GroupsOfUser,
        if selected.users.is_some() {
            user_ids.len()
        } else {
            0
        },
        "user",
        "the groups a user reaches through, without reading every group's members",
    );
    s.each(
        "group members",
        Lookup::GroupMembers,
        groups_to_expand.len(),
        "group",
        "--group alone: the members of each group",
    );
    match &to_read {
        Some(to_read) if per_account => s.each(
            "account assignments",
            Lookup::AccountAssignments,
            to_read.len(),
            "account",
            &format!("{} accounts to read < {p} principals", to_read.len()),
        ),
        _ => s.each(
            "account assignments",
            Lookup::PrincipalAccountAssignments,
            p,
            "principal",
            &match &to_read {
                Some(to_read) => format!("{p} principals <= {} accounts to read", to_read.len()),
                None => format!("{p} principals, against every account (at least one listing and one request each)"),
            },
        ),
    }
    if wants_applications {
        if per_application {
            let why = format!("{per_app_cost} requests < {p} principals");
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
        } else {
            s.each(
                "application assignments",
                Lookup::PrincipalApplicationAssignments,
                p,
                "principal",
                &format!("{p} principals <= {per_app_cost} requests per application"),
            );
        }
    }
    s.listing(
        "names of what is reached",
        Lookup::DescribeAccount,
        None,
        "accounts and permission sets: described when one is reached, listed when more; \
         users and groups described by ids in batches",
    );
    let plan = Plan {
        cloud,
        instance_id: instance_id.clone(),
        steps: s.steps,
    };
    tracing::debug!(requests = plan.requests(), "the report's plan:\n{plan}");
    if explain {
        return Ok(Prepared::Explained(plan));
    }

    // The assignments.
    let jobs: Vec<Job> = match to_read {
        Some(to_read) if per_account => to_read.into_iter().map(Job::Account).collect(),
        _ => principals
            .iter()
            .map(|(kind, id)| Job::Principal(*kind, id.clone()))
            .collect(),
    };
    let mut grants: Vec<Grant> = stream::iter(jobs)
        .map(|job| one(sem, fetch(src, job)))
        .buffered(concurrency)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .flatten()
        .collect();
    if wants_applications {
        let assigned: Vec<ApplicationAssignment> = if per_application {
            let instances = one(sem, src.application_instances()).await?;
            stream::iter(instances)
                .map(|i| async move { one(sem, src.application_instance_assignments(&i)).await })
                .buffered(concurrency)
                .try_collect::<Vec<_>>()
                .await?
                .into_iter()
                .flatten()
                .collect()
        } else {
            stream::iter(principals.clone())
                .map(|(kind, id)| async move {
                    let urns = one(sem, src.application_assignments(kind, &id)).await?;
                    Ok::<_, Error>(
                        urns.into_iter()
                            .map(move |urn| ApplicationAssignment {
                                principal_type: kind,
                                principal_id: id.clone(),
                                application_urn: urn,
                            })
                            .collect::<Vec<_>>(),
                    )
                })
                .buffered(concurrency)
                .try_collect::<Vec<_>>()
                .await?
                .into_iter()
                .flatten()
                .collect()
        };
        grants.extend(application_grants(assigned));
    }

    // The members of the groups of a `--group` report.
    for group in &groups_to_expand {
        let listed = one(sem, src.group_members(group)).await?;
        members.insert(group.clone(), listed);
    }
    let members: HashMap<String, Vec<String>> =
        members.into_iter().map(|(g, m)| (g, dedup(m))).collect();

    // Names of what is reached.
    let reached = |kind: TargetType| -> Vec<String> {
        let ids: BTreeSet<&String> = grants
            .iter()
            .filter(|g| g.target_type == kind)
            .map(|g| &g.target_id)
            .collect();
        ids.into_iter().cloned().collect()
    };
    let account_ids = reached(TargetType::Account);
    let account_entities = match accounts {
        Some(accounts) => accounts,
        None => {
            describe_or_list(
                sem,
                &account_ids,
                |id| src.describe_account(id),
                src.accounts(1),
            )
            .await?
        }
    };
    let set_ids: Vec<String> = grants
        .iter()
        .filter_map(|g| g.permission_set_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let set_entities = match permission_sets {
        Some(sets) => sets,
        None => {
            describe_or_list(
                sem,
                &set_ids,
                |id| src.describe_permission_set(id),
                src.permission_sets(1),
            )
            .await?
        }
    };
    let principal_groups: Vec<String> = principals
        .iter()
        .filter(|(k, _)| *k == PrincipalType::Group)
        .map(|(_, id)| id.clone())
        .filter(|id| !group_entities.iter().any(|e| &e.id == id))
        .collect();
    let mut groups = group_entities;
    let batch = src.operation(Lookup::DescribeGroups).per_request.max(1);
    for chunk in principal_groups.chunks(batch) {
        groups.extend(one(sem, src.describe_groups(chunk)).await?);
    }
    let users: Vec<Entity> = if selected.users.is_some() {
        user_entities
            .into_iter()
            .filter(|u| selected.users.as_ref().is_some_and(|s| s.contains(&u.id)))
            .collect()
    } else {
        let ids: Vec<String> = members
            .values()
            .flatten()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let batch = src.operation(Lookup::DescribeUsers).per_request.max(1);
        let mut users = Vec::new();
        for chunk in ids.chunks(batch) {
            users.extend(one(sem, src.describe_users(chunk)).await?);
        }
        users
    };

    Ok(Prepared::Ready(Box::new(Context {
        cloud,
        instance_id,
        concurrency,
        progress,
        counters: Counters::default(),
        user_names: names(&users),
        users,
        group_names: names(&groups),
        groups,
        members,
        pending: std::sync::Mutex::new(Some(Pending::Ready(grants))),
        account_names: names(&account_entities),
        permission_set_names: names(&set_entities),
        application_names: names(&app_entities),
        applications,
        app_route: AppRoute::None,
        selected,
        semaphore,
        source,
    })))
}

/// The entities of `ids`: each described when there is at most one (one request), else listed
/// (at least one request, and the listing names them all).
async fn describe_or_list<'a, D, F>(
    semaphore: &Semaphore,
    ids: &'a [String],
    describe: impl Fn(&'a str) -> D,
    list: F,
) -> Result<Vec<Entity>>
where
    D: Future<Output = Result<Option<Entity>>>,
    F: Future<Output = Result<Vec<Entity>>>,
{
    match ids {
        [] => Ok(Vec::new()),
        [id] => Ok(one(semaphore, describe(id)).await?.into_iter().collect()),
        _ => one(semaphore, list).await,
    }
}
