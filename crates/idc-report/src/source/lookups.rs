//! The [`Source`] trait: the lookups a report needs, the views a source offers besides them,
//! and what each sends (for the plan).

use std::future::Future;

use crate::error::{Error, Result};
use crate::model::Cloud;

use super::types::{
    AccountAssignment, Application, ApplicationAssignment, Entity, Group, PrincipalType, Unit,
};

/// The views a source's API offers besides the listings: the routes the planner may take. A
/// source that offers a view implements its lookups; the others answer
/// [`Error::Unsupported`](crate::Error::Unsupported).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Views {
    /// Per principal: [`Source::user_by_id`], [`Source::users_named`], [`Source::group_by_id`],
    /// [`Source::groups_named`], [`Source::groups_of_user`],
    /// [`Source::principal_account_assignments`], and the names by id
    /// ([`Source::describe_users`], [`Source::describe_groups`], [`Source::describe_account`],
    /// [`Source::describe_permission_set`]).
    pub per_principal: bool,
    /// Per application: [`Source::application_instances`] and
    /// [`Source::application_instance_assignments`].
    pub per_application: bool,
    /// Organizational units: [`Source::organizational_units`] and [`Source::accounts_in`].
    pub organizational_units: bool,
}

/// A lookup of a [`Source`], for the plan: the operation it sends and how many items a request
/// returns at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lookup {
    /// [`Source::users`].
    Users,
    /// [`Source::groups`].
    Groups,
    /// [`Source::group_members`].
    GroupMembers,
    /// [`Source::groups_of_user`].
    GroupsOfUser,
    /// [`Source::accounts`].
    Accounts,
    /// [`Source::permission_sets`].
    PermissionSets,
    /// [`Source::applications`].
    Applications,
    /// [`Source::application_instances`].
    ApplicationInstances,
    /// [`Source::account_assignments`].
    AccountAssignments,
    /// [`Source::principal_account_assignments`].
    PrincipalAccountAssignments,
    /// [`Source::application_assignments`].
    PrincipalApplicationAssignments,
    /// [`Source::application_instance_assignments`].
    ApplicationAssignments,
    /// [`Source::user_by_id`].
    UserById,
    /// [`Source::users_named`].
    UsersNamed,
    /// [`Source::group_by_id`].
    GroupById,
    /// [`Source::groups_named`].
    GroupsNamed,
    /// [`Source::describe_users`].
    DescribeUsers,
    /// [`Source::describe_groups`].
    DescribeGroups,
    /// [`Source::describe_account`].
    DescribeAccount,
    /// [`Source::describe_permission_set`].
    DescribePermissionSet,
    /// [`Source::organizational_units`].
    OrganizationalUnits,
    /// [`Source::accounts_in`].
    AccountsIn,
}

/// What a lookup sends: its operation(s) and the items one request returns at most.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The operation's name as the API documents it (`ListAccountAssignments`).
    pub name: &'static str,
    /// Items a request returns at most (its page size; the ids a batch lookup takes).
    pub per_request: usize,
}

fn unsupported<T>(lookup: Lookup) -> Result<T> {
    Err(Error::Unsupported {
        lookup: lookup_name(lookup),
    })
}

/// The lookups the report needs. Each call is one logical listing (it may page); the engine keeps
/// at most its configured number of requests in flight: a listing that fetches pages at once is
/// told how many it may, and the engine reserves that many of its slots for it.
///
/// Besides the listings every source has, a source may offer [`Views`]: per principal, per
/// application, organizational units. The planner takes them when they cost fewer requests.
///
/// Implementations: [`HuaweiSource`](crate::huawei::HuaweiSource) and
/// [`ScpSource`](crate::scp::ScpSource) over the `idc` clients, and
/// [`MemorySource`](crate::source::MemorySource).
pub trait Source: Send + Sync {
    /// The cloud.
    fn cloud(&self) -> Cloud;
    /// The instance the report covers.
    fn instance_id(&self) -> &str;
    /// How many requests one listing ([`users`](Self::users), [`groups`](Self::groups),
    /// [`accounts`](Self::accounts), [`permission_sets`](Self::permission_sets),
    /// [`applications`](Self::applications)) can use at once. The engine gives each listing
    /// `in_flight` = this, at most its own concurrency, and reserves that many of its slots for
    /// the call. The other lookups make one request at a time.
    fn listing_concurrency(&self) -> usize {
        1
    }
    /// The views this source offers besides the listings (default: none).
    fn views(&self) -> Views {
        Views::default()
    }
    /// The operation a lookup sends and its page size, for the plan (default: the lookup's
    /// name, 100 items a request).
    fn operation(&self, lookup: Lookup) -> Operation {
        Operation {
            name: lookup_name(lookup),
            per_request: 100,
        }
    }
    /// Every user of the instance's identity store, with at most `in_flight` requests at once;
    /// `seen` counts them as the pages arrive.
    fn users(
        &self,
        in_flight: usize,
        seen: &Seen,
    ) -> impl Future<Output = Result<Vec<Entity>>> + Send;
    /// Every group, with at most `in_flight` requests at once.
    fn groups(&self, in_flight: usize) -> impl Future<Output = Result<Vec<Group>>> + Send;
    /// The user ids of a group's members (one request at a time).
    fn group_members(&self, group_id: &str) -> impl Future<Output = Result<Vec<String>>> + Send;
    /// Every account of the organization, with at most `in_flight` requests at once.
    fn accounts(&self, in_flight: usize) -> impl Future<Output = Result<Vec<Entity>>> + Send;
    /// Every permission set of the instance, with at most `in_flight` requests at once.
    fn permission_sets(&self, in_flight: usize)
    -> impl Future<Output = Result<Vec<Entity>>> + Send;
    /// Every application of the instance (none on SCP), with at most `in_flight` requests at
    /// once.
    fn applications(
        &self,
        in_flight: usize,
    ) -> impl Future<Output = Result<Vec<Application>>> + Send;
    /// The assignments on one account.
    fn account_assignments(
        &self,
        account_id: &str,
    ) -> impl Future<Output = Result<Vec<AccountAssignment>>> + Send;
    /// The URNs of the applications a principal is assigned to.
    fn application_assignments(
        &self,
        principal_type: PrincipalType,
        principal_id: &str,
    ) -> impl Future<Output = Result<Vec<String>>> + Send;

    /// Per principal: the user with this id, `None` when there is none.
    fn user_by_id(&self, _id: &str) -> impl Future<Output = Result<Option<Entity>>> + Send {
        async { unsupported(Lookup::UserById) }
    }
    /// Per principal: the users with this exact name.
    fn users_named(&self, _name: &str) -> impl Future<Output = Result<Vec<Entity>>> + Send {
        async { unsupported(Lookup::UsersNamed) }
    }
    /// Per principal: the group with this id, `None` when there is none.
    fn group_by_id(&self, _id: &str) -> impl Future<Output = Result<Option<Entity>>> + Send {
        async { unsupported(Lookup::GroupById) }
    }
    /// Per principal: the groups with this exact name.
    fn groups_named(&self, _name: &str) -> impl Future<Output = Result<Vec<Entity>>> + Send {
        async { unsupported(Lookup::GroupsNamed) }
    }
    /// Per principal: the ids of the groups a user is in.
    fn groups_of_user(&self, _user_id: &str) -> impl Future<Output = Result<Vec<String>>> + Send {
        async { unsupported(Lookup::GroupsOfUser) }
    }
    /// Per principal: a principal's account assignments, each with its account id.
    fn principal_account_assignments(
        &self,
        _principal_type: PrincipalType,
        _principal_id: &str,
    ) -> impl Future<Output = Result<Vec<(String, AccountAssignment)>>> + Send {
        async { unsupported(Lookup::PrincipalAccountAssignments) }
    }
    /// Names by id: these users (the ones that exist).
    fn describe_users(&self, _ids: &[String]) -> impl Future<Output = Result<Vec<Entity>>> + Send {
        async { unsupported(Lookup::DescribeUsers) }
    }
    /// Names by id: these groups (the ones that exist).
    fn describe_groups(&self, _ids: &[String]) -> impl Future<Output = Result<Vec<Entity>>> + Send {
        async { unsupported(Lookup::DescribeGroups) }
    }
    /// Names by id: this account, `None` when there is none.
    fn describe_account(&self, _id: &str) -> impl Future<Output = Result<Option<Entity>>> + Send {
        async { unsupported(Lookup::DescribeAccount) }
    }
    /// Names by id: this permission set, `None` when there is none.
    fn describe_permission_set(
        &self,
        _id: &str,
    ) -> impl Future<Output = Result<Option<Entity>>> + Send {
        async { unsupported(Lookup::DescribePermissionSet) }
    }
    /// Per application: the ids of the application instances (what
    /// [`application_instance_assignments`](Self::application_instance_assignments) takes).
    fn application_instances(&self) -> impl Future<Output = Result<Vec<String>>> + Send {
        async { unsupported(Lookup::ApplicationInstances) }
    }
    /// Per application: the assignments of one application instance.
    fn application_instance_assignments(
        &self,
        _instance_id: &str,
    ) -> impl Future<Output = Result<Vec<ApplicationAssignment>>> + Send {
        async { unsupported(Lookup::ApplicationAssignments) }
    }
    /// Organizational units: every unit of the organization, the root included, each with its
    /// parent when the API says.
    fn organizational_units(&self) -> impl Future<Output = Result<Vec<Unit>>> + Send {
        async { unsupported(Lookup::OrganizationalUnits) }
    }
    /// Organizational units: the accounts directly under a unit (or the root).
    fn accounts_in(&self, _unit_id: &str) -> impl Future<Output = Result<Vec<Entity>>> + Send {
        async { unsupported(Lookup::AccountsIn) }
    }
}

/// A lookup's name, when the source does not name its operation.
pub(crate) fn lookup_name(lookup: Lookup) -> &'static str {
    match lookup {
        Lookup::Users => "users",
        Lookup::Groups => "groups",
        Lookup::GroupMembers => "group members",
        Lookup::GroupsOfUser => "groups of a user",
        Lookup::Accounts => "accounts",
        Lookup::PermissionSets => "permission sets",
        Lookup::Applications => "applications",
        Lookup::ApplicationInstances => "application instances",
        Lookup::AccountAssignments => "account assignments",
        Lookup::PrincipalAccountAssignments => "account assignments of a principal",
        Lookup::PrincipalApplicationAssignments => "application assignments of a principal",
        Lookup::ApplicationAssignments => "application assignments of an application",
        Lookup::UserById => "user by id",
        Lookup::UsersNamed => "users by name",
        Lookup::GroupById => "group by id",
        Lookup::GroupsNamed => "groups by name",
        Lookup::DescribeUsers => "users by ids",
        Lookup::DescribeGroups => "groups by ids",
        Lookup::DescribeAccount => "account by id",
        Lookup::DescribePermissionSet => "permission set by id",
        Lookup::OrganizationalUnits => "organizational units",
        Lookup::AccountsIn => "accounts of a unit",
    }
}

/// How many items a listing has read so far, for a plan that decides before the listing ends
/// (a count known to be at least this).
#[derive(Clone, Debug, Default)]
pub struct Seen(std::sync::Arc<SeenInner>);

#[derive(Debug, Default)]
struct SeenInner {
    count: std::sync::atomic::AtomicUsize,
    done: std::sync::atomic::AtomicBool,
    changed: tokio::sync::Notify,
}

impl Seen {
    /// Counts `n` more items.
    pub fn add(&self, n: usize) {
        self.0
            .count
            .fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        self.0.changed.notify_waiters();
    }

    /// The items counted so far.
    pub fn count(&self) -> usize {
        self.0.count.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether the listing has ended (its count is then exact).
    pub fn is_done(&self) -> bool {
        self.0.done.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Marks the listing ended (done by the engine).
    pub(crate) fn finish(&self) {
        self.0
            .done
            .store(true, std::sync::atomic::Ordering::Release);
        self.0.changed.notify_waiters();
    }

    /// Waits until `ready` holds for (the count so far, whether the listing ended), checked
    /// after each change.
    pub(crate) async fn until(&self, ready: impl Fn(usize, bool) -> bool) {
        loop {
            let notified = self.0.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if ready(self.count(), self.is_done()) {
                return;
            }
            notified.await;
        }
    }
}
