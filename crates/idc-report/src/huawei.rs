//! [`HuaweiSource`]: the report's lookups over the Huawei Cloud clients (IdentityCenter,
//! IdentityStore, Organizations).

use std::collections::HashSet;

use futures::stream::{self, StreamExt, TryStreamExt};
use idc::PrincipalType as RawPrincipalType;

use crate::error::Result;
use crate::model::Cloud;
use crate::rate::{Pace, RateLimit};
use crate::source::pick_instance;
use crate::source::{
    AccountAssignment, Application, ApplicationAssignment, Entity, Group, Lookup, Operation,
    PrincipalType, Seen, Source, Unit, Views,
};

/// The largest page of IdentityCenter and IdentityStore listings.
const STORE_PAGE: u32 = 100;
/// The largest page of Organizations `ListAccounts`, `ListRoots`, `ListOrganizationalUnits`.
const ORGANIZATIONS_PAGE: u32 = 2000;
/// The ids one `DescribeUsers` or `DescribeGroups` request is given.
const DESCRIBE_BATCH: usize = 100;

/// The lookups of a report on one Huawei Cloud instance. Every listing asks for the largest page
/// its spec allows (100 items; Organizations 2,000), unless [`page_size`](Self::page_size) says
/// fewer.
///
/// | lookup | request |
/// | --- | --- |
/// | instance (once, in [`connect`](Self::connect)) | IdentityCenter `ListInstances` |
/// | users, groups, a group's members | IdentityStore `ListUsers`, `ListGroups`, `ListGroupMemberships` |
/// | accounts | Organizations `ListAccounts` |
/// | permission sets, applications | IdentityCenter `ListPermissionSets`, `ListApplications` |
/// | an account's assignments | IdentityCenter `ListAccountAssignments` (by account) |
/// | a principal's applications | IdentityCenter `ListApplicationAssignmentsForPrincipal` |
/// | per principal | `DescribeUser`, `ListUsers` (`user_name`), `DescribeGroup`, `ListGroups` (`display_name`), `ListGroupMembershipsForMember`, `ListAccountAssignmentsForPrincipal` |
/// | names by id | `DescribeUsers`, `DescribeGroups` (100 ids a request), Organizations `ShowAccount`, `DescribePermissionSet` |
/// | per application | `ListApplicationInstances`, `ListApplicationAssignments` |
/// | `--ou` | Organizations `ListRoots`, `ListOrganizationalUnits` (`parent_id`, from the root down), `ListAccounts` (`parent_id`) |
///
/// ```no_run
/// # async fn run() -> idc_report::Result<()> {
/// use idc_report::huawei::HuaweiSource;
/// use idc_report::rate::RateLimit;
///
/// let client = idc::huawei::Client::builder().build()?;
/// let source = HuaweiSource::connect(client, Some("ins-36218e5b4c2c4c4d"))
///     .await?
///     .max_rps(RateLimit::per_second(20));
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct HuaweiSource {
    center: idc::huawei::Client,
    store: idc::huawei::identitystore::Client,
    organizations: idc::huawei::organizations::Client,
    instance_id: String,
    identity_store_id: String,
    page_size: Option<u32>,
    pace: Pace,
}

impl HuaweiSource {
    /// Finds the instance (the one given, or the only one) and its identity store.
    pub async fn connect(client: idc::huawei::Client, instance_id: Option<&str>) -> Result<Self> {
        let instances = client.list_instances().collect().await?;
        let ids: Vec<String> = instances.iter().map(|i| i.instance_id.clone()).collect();
        let chosen = pick_instance(instance_id, &ids)?.to_owned();
        let identity_store_id = instances
            .into_iter()
            .find(|i| i.instance_id == chosen)
            .map(|i| i.identity_store_id)
            .unwrap_or_default();
        Ok(Self {
            store: client.identity_store()?,
            organizations: client.organizations()?,
            center: client,
            instance_id: chosen,
            identity_store_id,
            page_size: None,
            pace: Pace::default(),
        })
    }

    /// At most `n` items a request in every listing (at least 1; default: the largest each
    /// listing allows, the fewest requests).
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = Some(n.max(1));
        self
    }

    /// Every request this source sends waits its turn in `limit` (share one limit between
    /// sources by cloning it). A retry of a request is spaced by the client's backoff instead.
    pub fn max_rps(mut self, limit: RateLimit) -> Self {
        self.pace = Pace(Some(limit));
        self
    }

    /// The identity store of the instance.
    pub fn identity_store_id(&self) -> &str {
        &self.identity_store_id
    }

    /// The page size of a listing whose spec allows at most `max`.
    fn limit(&self, max: u32) -> u32 {
        self.page_size.map_or(max, |n| n.min(max))
    }
}

fn principal_type(raw: &RawPrincipalType) -> Option<PrincipalType> {
    match raw {
        RawPrincipalType::User => Some(PrincipalType::User),
        RawPrincipalType::Group => Some(PrincipalType::Group),
        RawPrincipalType::Unknown(other) => {
            tracing::warn!(
                principal_type = %idc::text::escape_control(other),
                "an assignment to a principal type the report does not know is left out"
            );
            None
        }
    }
}

fn raw_principal_type(kind: PrincipalType) -> RawPrincipalType {
    match kind {
        PrincipalType::User => RawPrincipalType::User,
        PrincipalType::Group => RawPrincipalType::Group,
    }
}

/// `None` for an id that names nothing: a 404, or a value the id's rules refuse (a name given
/// where an id or a name may be meant).
fn found<T>(answer: idc::Result<T>) -> Result<Option<T>> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_not_found() || matches!(e, idc::Error::InvalidRequest { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn user(u: idc::huawei::identitystore::types::User) -> Entity {
    Entity {
        id: u.user_id,
        name: u.user_name,
    }
}

fn group(g: idc::huawei::identitystore::types::Group) -> Entity {
    Entity {
        id: g.group_id,
        name: g.display_name,
    }
}

fn account(a: idc::huawei::organizations::types::Account) -> Entity {
    Entity {
        id: a.id,
        name: a.name,
    }
}

impl Source for HuaweiSource {
    fn cloud(&self) -> Cloud {
        Cloud::Huawei
    }

    fn instance_id(&self) -> &str {
        &self.instance_id
    }

    fn views(&self) -> Views {
        Views {
            per_principal: true,
            per_application: true,
            organizational_units: true,
        }
    }

    fn operation(&self, lookup: Lookup) -> Operation {
        let page = usize::try_from(self.limit(STORE_PAGE)).unwrap_or(1);
        let organizations = usize::try_from(self.limit(ORGANIZATIONS_PAGE)).unwrap_or(1);
        let (name, per_request) = match lookup {
            Lookup::Users => ("ListUsers", page),
            Lookup::Groups => ("ListGroups", page),
            Lookup::GroupMembers => ("ListGroupMemberships", page),
            Lookup::GroupsOfUser => ("ListGroupMembershipsForMember", page),
            Lookup::Accounts => ("ListAccounts", organizations),
            Lookup::PermissionSets => ("ListPermissionSets", page),
            Lookup::Applications => ("ListApplications", page),
            Lookup::ApplicationInstances => ("ListApplicationInstances", page),
            Lookup::AccountAssignments => ("ListAccountAssignments", page),
            Lookup::PrincipalAccountAssignments => ("ListAccountAssignmentsForPrincipal", page),
            Lookup::PrincipalApplicationAssignments => {
                ("ListApplicationAssignmentsForPrincipal", page)
            }
            Lookup::ApplicationAssignments => ("ListApplicationAssignments", page),
            Lookup::UserById => ("DescribeUser and ListUsers by user_name", 1),
            Lookup::UsersNamed => ("ListUsers by user_name", page),
            Lookup::GroupById => ("DescribeGroup and ListGroups by display_name", 1),
            Lookup::GroupsNamed => ("ListGroups by display_name", page),
            Lookup::DescribeUsers => ("DescribeUsers", DESCRIBE_BATCH),
            Lookup::DescribeGroups => ("DescribeGroups", DESCRIBE_BATCH),
            Lookup::DescribeAccount => ("ShowAccount or ListAccounts", organizations),
            Lookup::DescribePermissionSet => ("DescribePermissionSet", 1),
            Lookup::OrganizationalUnits => ("ListRoots and ListOrganizationalUnits", organizations),
            Lookup::AccountsIn => ("ListAccounts by parent_id", organizations),
        };
        Operation { name, per_request }
    }

    async fn users(&self, _in_flight: usize, seen: &Seen) -> Result<Vec<Entity>> {
        let pages = self
            .store
            .list_users()
            .identity_store_id(&self.identity_store_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let users = self.pace.collect(pages, |p| p.items, Some(seen)).await?;
        Ok(users.into_iter().map(user).collect())
    }

    async fn groups(&self, _in_flight: usize) -> Result<Vec<Group>> {
        let pages = self
            .store
            .list_groups()
            .identity_store_id(&self.identity_store_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let groups = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(groups
            .into_iter()
            .map(|g| Group {
                entity: group(g),
                members: None,
            })
            .collect())
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<String>> {
        let pages = self
            .store
            .list_group_memberships()
            .identity_store_id(&self.identity_store_id)
            .group_id(group_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let memberships = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(memberships
            .into_iter()
            .filter_map(|m| m.member_id.map(|m| m.user_id))
            .collect())
    }

    async fn accounts(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        let pages = self
            .organizations
            .list_accounts()
            .page_size(self.limit(ORGANIZATIONS_PAGE))
            .pages();
        let accounts = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(accounts.into_iter().map(account).collect())
    }

    async fn permission_sets(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        let pages = self
            .center
            .list_permission_sets()
            .instance_id(&self.instance_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let sets = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(sets
            .into_iter()
            .filter_map(|s| s.permission_set_id.map(|id| Entity { id, name: s.name }))
            .collect())
    }

    async fn applications(&self, _in_flight: usize) -> Result<Vec<Application>> {
        let pages = self
            .center
            .list_applications()
            .instance_id(&self.instance_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let applications = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(applications
            .into_iter()
            .filter_map(|a| {
                let urn = a.application_urn?;
                // Without its configuration an application is taken to require assignment: its
                // assigned users are still reported.
                let assignment_required = a.assignment_config.is_none_or(|c| c.assignment_required);
                Some(Application {
                    entity: Entity {
                        id: urn,
                        name: a.name,
                    },
                    assignment_required,
                })
            })
            .collect())
    }

    async fn account_assignments(&self, account_id: &str) -> Result<Vec<AccountAssignment>> {
        let pages = self
            .center
            .list_account_assignments()
            .instance_id(&self.instance_id)
            .account_id(account_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let assignments = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(assignments
            .into_iter()
            .filter_map(|a| {
                Some(AccountAssignment {
                    principal_type: principal_type(&a.principal_type)?,
                    principal_id: a.principal_id,
                    permission_set_id: Some(a.permission_set_id),
                    permission_set_name: None,
                })
            })
            .collect())
    }

    async fn application_assignments(
        &self,
        kind: PrincipalType,
        principal_id: &str,
    ) -> Result<Vec<String>> {
        let pages = self
            .center
            .list_application_assignments_for_principal()
            .instance_id(&self.instance_id)
            .principal_id(principal_id)
            .principal_type(raw_principal_type(kind))
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let assignments = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(assignments.into_iter().map(|a| a.application_urn).collect())
    }

    async fn user_by_id(&self, id: &str) -> Result<Option<Entity>> {
        let request = self
            .store
            .describe_user()
            .identity_store_id(&self.identity_store_id)
            .user_id(id);
        Ok(found(self.pace.one(request.send()).await)?.map(user))
    }

    async fn users_named(&self, name: &str) -> Result<Vec<Entity>> {
        let pages = self
            .store
            .list_users()
            .identity_store_id(&self.identity_store_id)
            .user_name(name)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let users = self.pace.collect(pages, |p| p.items, None).await?;
        // Exact names only, whatever the service's filter matches.
        Ok(users
            .into_iter()
            .map(user)
            .filter(|u| u.name.as_deref() == Some(name))
            .collect())
    }

    async fn group_by_id(&self, id: &str) -> Result<Option<Entity>> {
        let request = self
            .store
            .describe_group()
            .identity_store_id(&self.identity_store_id)
            .group_id(id);
        Ok(found(self.pace.one(request.send()).await)?.map(group))
    }

    async fn groups_named(&self, name: &str) -> Result<Vec<Entity>> {
        let pages = self
            .store
            .list_groups()
            .identity_store_id(&self.identity_store_id)
            .display_name(name)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let groups = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(groups
            .into_iter()
            .map(group)
            .filter(|g| g.name.as_deref() == Some(name))
            .collect())
    }

    async fn groups_of_user(&self, user_id: &str) -> Result<Vec<String>> {
        let pages = self
            .store
            .list_group_memberships_for_member()
            .identity_store_id(&self.identity_store_id)
            .user_id(user_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let memberships = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(memberships.into_iter().filter_map(|m| m.group_id).collect())
    }

    async fn principal_account_assignments(
        &self,
        kind: PrincipalType,
        principal_id: &str,
    ) -> Result<Vec<(String, AccountAssignment)>> {
        let pages = self
            .center
            .list_account_assignments_for_principal()
            .instance_id(&self.instance_id)
            .principal_id(principal_id)
            .principal_type(raw_principal_type(kind))
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let assignments = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(assignments
            .into_iter()
            .filter_map(|a| {
                Some((
                    a.account_id,
                    AccountAssignment {
                        principal_type: principal_type(&a.principal_type)?,
                        principal_id: a.principal_id,
                        permission_set_id: Some(a.permission_set_id),
                        permission_set_name: None,
                    },
                ))
            })
            .collect())
    }

    async fn describe_users(&self, ids: &[String]) -> Result<Vec<Entity>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(DESCRIBE_BATCH) {
            let request = self
                .store
                .describe_users()
                .identity_store_id(&self.identity_store_id)
                .set_user_ids(Some(chunk.to_vec()));
            let answer = self.pace.one(request.send()).await?;
            out.extend(answer.users.into_iter().map(user));
        }
        Ok(out)
    }

    async fn describe_groups(&self, ids: &[String]) -> Result<Vec<Entity>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(DESCRIBE_BATCH) {
            let request = self
                .store
                .describe_groups()
                .identity_store_id(&self.identity_store_id)
                .set_group_ids(Some(chunk.to_vec()));
            let answer = self.pace.one(request.send()).await?;
            out.extend(answer.groups.into_iter().map(group));
        }
        Ok(out)
    }

    async fn describe_account(&self, id: &str) -> Result<Option<Entity>> {
        let request = self.organizations.show_account().account_id(id);
        Ok(found(self.pace.one(request.send()).await)?
            .and_then(|r| r.account)
            .map(account))
    }

    async fn describe_permission_set(&self, id: &str) -> Result<Option<Entity>> {
        let request = self
            .center
            .describe_permission_set()
            .instance_id(&self.instance_id)
            .permission_set_id(id);
        Ok(found(self.pace.one(request.send()).await)?
            .and_then(|r| r.permission_set)
            .map(|s| Entity {
                id: s.permission_set_id.unwrap_or_else(|| id.to_owned()),
                name: s.name,
            }))
    }

    async fn application_instances(&self) -> Result<Vec<String>> {
        let pages = self
            .center
            .list_application_instances()
            .instance_id(&self.instance_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let instances = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(instances
            .into_iter()
            .map(|i| i.application_instance_id)
            .collect())
    }

    async fn application_instance_assignments(
        &self,
        instance_id: &str,
    ) -> Result<Vec<ApplicationAssignment>> {
        let pages = self
            .center
            .list_application_assignments()
            .instance_id(&self.instance_id)
            .application_instance_id(instance_id)
            .page_size(self.limit(STORE_PAGE))
            .pages();
        let assignments = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(assignments
            .into_iter()
            .filter_map(|a| {
                Some(ApplicationAssignment {
                    principal_type: principal_type(&a.principal_type)?,
                    principal_id: a.principal_id,
                    application_urn: a.application_urn,
                })
            })
            .collect())
    }

    async fn organizational_units(&self) -> Result<Vec<Unit>> {
        let pages = self
            .organizations
            .list_roots()
            .page_size(self.limit(ORGANIZATIONS_PAGE))
            .pages();
        let roots = self.pace.collect(pages, |p| p.items, None).await?;
        let mut units: Vec<Unit> = roots
            .into_iter()
            .map(|r| Unit {
                entity: Entity {
                    id: r.id,
                    name: r.name,
                },
                parent: None,
            })
            .collect();
        // From the root down, one level at a time; each unit once (a cycle would not loop).
        let mut seen: HashSet<String> = units.iter().map(|u| u.entity.id.clone()).collect();
        let mut level: Vec<String> = seen.iter().cloned().collect();
        while !level.is_empty() {
            let children: Vec<Vec<Unit>> = stream::iter(level)
                .map(|parent| async move {
                    let pages = self
                        .organizations
                        .list_organizational_units()
                        .parent_id(&parent)
                        .page_size(self.limit(ORGANIZATIONS_PAGE))
                        .pages();
                    let found = self.pace.collect(pages, |p| p.items, None).await?;
                    Ok::<_, crate::Error>(
                        found
                            .into_iter()
                            .map(|u| Unit {
                                entity: Entity {
                                    id: u.id,
                                    name: u.name,
                                },
                                parent: Some(parent.clone()),
                            })
                            .collect(),
                    )
                })
                // One request at a time: the engine holds one slot for this lookup.
                .buffered(1)
                .try_collect()
                .await?;
            level = Vec::new();
            for unit in children.into_iter().flatten() {
                if seen.insert(unit.entity.id.clone()) {
                    level.push(unit.entity.id.clone());
                    units.push(unit);
                }
            }
        }
        Ok(units)
    }

    async fn accounts_in(&self, unit_id: &str) -> Result<Vec<Entity>> {
        let pages = self
            .organizations
            .list_accounts()
            .parent_id(unit_id)
            .page_size(self.limit(ORGANIZATIONS_PAGE))
            .pages();
        let accounts = self.pace.collect(pages, |p| p.items, None).await?;
        Ok(accounts.into_iter().map(account).collect())
    }
}
