//! [`ScpSource`]: the report's lookups over the Samsung Cloud Platform clients
//! (iam-identity-center and organization).

use std::sync::Arc;

use crate::error::Result;
use crate::model::Cloud;
use crate::rate::{Pace, RateLimit};
use crate::source::pick_instance;
use crate::source::{
    AccountAssignment, Application, Entity, Group, Lookup, Operation, PrincipalType, Seen, Source,
    Unit, Views,
};

/// The lookups of a report on one SCP instance. SCP has no "for principal" operation and no
/// applications: the report is the organization's accounts x `ListAccountAssignments`, groups
/// expanded with their users.
///
/// | lookup | request |
/// | --- | --- |
/// | instance (once, in [`connect`](Self::connect)) | `ListInstances` |
/// | users, groups | `ListUsers`, `ListGroups` (a group's embedded users are used when complete; when a page is over the client's response cap, one group a page) |
/// | a group's members | `ListGroupUsers` |
/// | accounts | organization `ListAccounts` |
/// | permission sets | `ListPermissionSets` |
/// | an account's assignments | `ListAccountAssignments` (`target_account_id`) |
/// | `--ou` | organization `ListAccounts` (the same listing: each account's `parent_unit_id` and `parent_unit_name`) |
///
/// A user's name is their login id. SCP's API cannot narrow a report: `ListAccountAssignments`
/// needs the account (`target_account_id`) and filters principals by name only, and there is no
/// per-principal view, so a `--user` or `--group` report reads every account's assignments as a
/// full one does (the filters then apply to the rows). Its organization names no unit tree: `--ou`
/// selects the accounts directly under a unit.
///
/// ```no_run
/// # async fn run() -> idc_report::Result<()> {
/// use idc_report::scp::ScpSource;
///
/// let client = idc::scp::Client::builder().region("kr-west1").build()?;
/// let source = ScpSource::connect(client, None).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ScpSource {
    client: idc::scp::Client,
    organization: idc::scp::organization::Client,
    instance_id: String,
    page_size: u32,
    page_concurrency: usize,
    pace: Pace,
    /// The organization's accounts, listed once for the accounts and their units.
    accounts: Arc<tokio::sync::OnceCell<Vec<idc::scp::organization::types::Account>>>,
}

/// The pages a listing fetches at once by default (see [`ScpSource::page_concurrency`]).
pub const DEFAULT_PAGE_CONCURRENCY: usize = 4;

impl ScpSource {
    /// Finds the instance: the one given, or the only one.
    pub async fn connect(client: idc::scp::Client, instance_id: Option<&str>) -> Result<Self> {
        let instances = client.list_instances().collect().await?;
        let ids: Vec<String> = instances.into_iter().map(|i| i.id).collect();
        let chosen = pick_instance(instance_id, &ids)?.to_owned();
        Ok(Self {
            organization: client.organization()?,
            client,
            instance_id: chosen,
            page_size: 100,
            page_concurrency: DEFAULT_PAGE_CONCURRENCY,
            pace: Pace::default(),
            accounts: Arc::default(),
        })
    }

    /// Items per request of every listing (1 to 100; default 100, the fewest requests).
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, 100);
        self
    }

    /// Pages each listing of users, groups, accounts and permission sets fetches at once, once the
    /// first page gave the count (default [`DEFAULT_PAGE_CONCURRENCY`]). A report fetches at most
    /// as many as its concurrency allows, and counts them against it.
    pub fn page_concurrency(mut self, n: usize) -> Self {
        self.page_concurrency = n.clamp(1, idc::scp::MAX_CONCURRENCY);
        self
    }

    /// Every request this source sends waits its turn in `limit` (share one limit between
    /// sources by cloning it); listings then fetch one page at a time. A retry of a request is
    /// spaced by the client's backoff instead.
    pub fn max_rps(mut self, limit: RateLimit) -> Self {
        self.pace = Pace(Some(limit));
        self
    }

    /// The pages a listing fetches at once: this source's setting, within what the caller allows
    /// (one at a time under a rate limit, which paces each page).
    fn pages_at_once(&self, in_flight: usize) -> usize {
        if self.pace.0.is_some() {
            return 1;
        }
        self.page_concurrency.min(in_flight).max(1)
    }

    /// The organization's accounts, listed once.
    async fn organization_accounts(
        &self,
        in_flight: usize,
    ) -> Result<&[idc::scp::organization::types::Account]> {
        let accounts = self
            .accounts
            .get_or_try_init(|| async {
                let pages = self
                    .organization
                    .list_accounts()
                    .page_size(self.page_size)
                    .concurrency(self.pages_at_once(in_flight))
                    .pages();
                self.pace.collect(pages, |p| p.items, None).await
            })
            .await?;
        Ok(accounts)
    }
}

/// A listed group, with its embedded users as its members when they are all there.
fn group(g: idc::scp::types::Group) -> Group {
    let complete = usize::try_from(g.user_count).ok() == Some(g.users.len());
    Group {
        entity: Entity {
            id: g.id,
            name: Some(g.name),
        },
        members: complete.then(|| g.users.into_iter().map(|u| u.id).collect()),
    }
}

impl ScpSource {
    /// The groups, listed one a page: the fallback when a page of groups is over the client's
    /// response cap (`ListGroups` embeds every member of every group of the page). A group whose
    /// page is still over the cap alone is left out of the listing: the report then asks for its
    /// members with the paged `ListGroupUsers` when an assignment names it.
    async fn groups_one_a_page(&self) -> Result<Vec<Group>> {
        tracing::warn!(
            operation = "ListGroups",
            page_size = self.page_size,
            "a page of groups is larger than the response cap (groups embed their members): \
             listing one group a page, and the members of a group too large for that with \
             ListGroupUsers"
        );
        let mut groups = Vec::new();
        let mut count: Option<u64> = None;
        for page in 0..u32::try_from(idc::pagination::DEFAULT_MAX_PAGES).unwrap_or(u32::MAX) {
            if count.is_some_and(|count| u64::from(page) >= count) {
                return Ok(groups);
            }
            let answer = self
                .client
                .list_groups()
                .instance_id(&self.instance_id)
                .page_size(1)
                .page(page);
            let answer = self.pace.one(answer.send()).await;
            match answer {
                Ok(response) => {
                    count = response.count.or(count);
                    if response.items.is_empty() {
                        return Ok(groups);
                    }
                    groups.extend(response.items.into_iter().map(group));
                }
                Err(idc::Error::ResponseTooLarge { .. }) => {
                    tracing::warn!(
                        operation = "ListGroups",
                        page,
                        "one group is larger than the response cap: its members come from \
                         ListGroupUsers when an assignment names it"
                    );
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(idc::Error::Pagination {
            message: format!(
                "ListGroups one group a page did not end after {} pages",
                idc::pagination::DEFAULT_MAX_PAGES
            ),
        }
        .into())
    }
}

impl Source for ScpSource {
    fn cloud(&self) -> Cloud {
        Cloud::Scp
    }

    fn instance_id(&self) -> &str {
        &self.instance_id
    }

    fn listing_concurrency(&self) -> usize {
        self.page_concurrency
    }

    fn views(&self) -> Views {
        Views {
            organizational_units: true,
            ..Views::default()
        }
    }

    fn operation(&self, lookup: Lookup) -> Operation {
        let per_request = usize::try_from(self.page_size).unwrap_or(1);
        let name = match lookup {
            Lookup::Users => "ListUsers",
            Lookup::Groups => "ListGroups (members embedded)",
            Lookup::GroupMembers => "ListGroupUsers",
            Lookup::Accounts | Lookup::OrganizationalUnits | Lookup::AccountsIn => {
                "organization ListAccounts (listed once)"
            }
            Lookup::PermissionSets => "ListPermissionSets",
            Lookup::AccountAssignments => "ListAccountAssignments",
            other => crate::source::lookup_name(other),
        };
        Operation { name, per_request }
    }

    async fn users(&self, in_flight: usize, seen: &Seen) -> Result<Vec<Entity>> {
        let pages = self
            .client
            .list_users()
            .instance_id(&self.instance_id)
            .page_size(self.page_size)
            .concurrency(self.pages_at_once(in_flight))
            .pages();
        let users = self.pace.collect(pages, |p| p.items, Some(seen)).await?;
        Ok(users
            .into_iter()
            .map(|u| Entity {
                id: u.id,
                name: Some(u.user_id),
            })
            .collect())
    }

    async fn groups(&self, in_flight: usize) -> Result<Vec<Group>> {
        let pages = self
            .client
            .list_groups()
            .instance_id(&self.instance_id)
            .page_size(self.page_size)
            .concurrency(self.pages_at_once(in_flight))
            .pages();
        match self.pace.collect(pages, |p| p.items, None).await {
            Ok(groups) => Ok(groups.into_iter().map(group).collect()),
            // A page embeds every member of its groups: a large group makes it larger than the
            // client's response cap.
            Err(crate::Error::Idc(idc::Error::ResponseTooLarge { .. })) => {
                self.groups_one_a_page().await
            }
            Err(e) => Err(e),
        }
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<String>> {
        let users = self
            .client
            .list_group_users()
            .instance_id(&self.instance_id)
            .group_id(group_id)
            .page_size(self.page_size)
            .concurrency(1)
            .pages();
        let users = self.pace.collect(users, |p| p.items, None).await?;
        Ok(users.into_iter().map(|u| u.id).collect())
    }

    async fn accounts(&self, in_flight: usize) -> Result<Vec<Entity>> {
        let accounts = self.organization_accounts(in_flight).await?;
        Ok(accounts
            .iter()
            .map(|a| Entity {
                id: a.id.clone(),
                name: a.name.clone(),
            })
            .collect())
    }

    /// The units the accounts are directly under (SCP names no tree above them).
    async fn organizational_units(&self) -> Result<Vec<Unit>> {
        let accounts = self.organization_accounts(1).await?;
        let mut units: Vec<Unit> = Vec::new();
        for a in accounts {
            if !units.iter().any(|u| u.entity.id == a.parent_unit_id) {
                units.push(Unit {
                    entity: Entity {
                        id: a.parent_unit_id.clone(),
                        name: a.parent_unit_name.clone(),
                    },
                    parent: None,
                });
            }
        }
        Ok(units)
    }

    async fn accounts_in(&self, unit_id: &str) -> Result<Vec<Entity>> {
        let accounts = self.organization_accounts(1).await?;
        Ok(accounts
            .iter()
            .filter(|a| a.parent_unit_id == unit_id)
            .map(|a| Entity {
                id: a.id.clone(),
                name: a.name.clone(),
            })
            .collect())
    }

    async fn permission_sets(&self, in_flight: usize) -> Result<Vec<Entity>> {
        let sets = self
            .client
            .list_permission_sets()
            .instance_id(&self.instance_id)
            .page_size(self.page_size)
            .concurrency(self.pages_at_once(in_flight))
            .pages();
        let sets = self.pace.collect(sets, |p| p.items, None).await?;
        Ok(sets
            .into_iter()
            .map(|s| Entity {
                id: s.id,
                name: Some(s.name),
            })
            .collect())
    }

    async fn applications(&self, _in_flight: usize) -> Result<Vec<Application>> {
        Ok(Vec::new())
    }

    async fn account_assignments(&self, account_id: &str) -> Result<Vec<AccountAssignment>> {
        let assignments = self
            .client
            .list_account_assignments()
            .instance_id(&self.instance_id)
            .target_account_id(account_id)
            .page_size(self.page_size)
            .concurrency(1)
            .pages();
        let assignments = self.pace.collect(assignments, |p| p.items, None).await?;
        let mut out = Vec::new();
        for a in assignments {
            let kind = match &a.principal_type {
                idc::PrincipalType::User => PrincipalType::User,
                idc::PrincipalType::Group => PrincipalType::Group,
                idc::PrincipalType::Unknown(other) => {
                    tracing::warn!(
                        principal_type = %idc::text::escape_control(other),
                        "an assignment to a principal type the report does not know is left out"
                    );
                    continue;
                }
            };
            if a.permission_sets.is_empty() {
                // Kept, without a permission set: an assignment is never dropped.
                out.push(AccountAssignment {
                    principal_type: kind,
                    principal_id: a.principal_id.clone(),
                    permission_set_id: None,
                    permission_set_name: None,
                });
            }
            for set in a.permission_sets {
                out.push(AccountAssignment {
                    principal_type: kind,
                    principal_id: a.principal_id.clone(),
                    permission_set_id: set.permission_set_id,
                    permission_set_name: set.permission_set_name,
                });
            }
        }
        Ok(out)
    }

    async fn application_assignments(
        &self,
        _kind: PrincipalType,
        _principal_id: &str,
    ) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
}
