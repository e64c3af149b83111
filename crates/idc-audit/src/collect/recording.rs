//! A [`Source`] that passes every lookup through and keeps what the report read: the listings
//! and the assignments, so the rules see them without a second request.

use std::sync::{Arc, Mutex, PoisonError};

use idc_report::source::{
    AccountAssignment, Application, ApplicationAssignment, Entity, Group, Lookup, Operation,
    PrincipalType, Seen, Source, Unit, Views,
};
use idc_report::{Cloud, Result, TargetType};

use crate::facts::Assignment;

/// What the report read, kept by [`Recording`].
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    pub(crate) users: Vec<Entity>,
    pub(crate) groups: Vec<Entity>,
    pub(crate) accounts: Vec<Entity>,
    pub(crate) permission_sets: Vec<Entity>,
    pub(crate) applications: Vec<Application>,
    pub(crate) assignments: Vec<Assignment>,
    pub(crate) by_principal: bool,
}

/// The wrapper: every lookup is the inner source's; listings and assignments are also kept.
pub(crate) struct Recording<S> {
    inner: S,
    kept: Arc<Mutex<Recorded>>,
}

impl<S> Recording<S> {
    pub(crate) fn new(inner: S) -> (Self, Arc<Mutex<Recorded>>) {
        let kept = Arc::new(Mutex::new(Recorded::default()));
        (
            Self {
                inner,
                kept: kept.clone(),
            },
            kept,
        )
    }

    /// What was kept so far.
    pub(crate) fn kept(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Drops the assignments kept that are read again by target (the account assignments, and
    /// the application assignments when the source reads them per application), and clears the
    /// per-principal mark unless applications cannot be read per application.
    pub(crate) fn forget_assignments(&self)
    where
        S: Source,
    {
        let per_application = self.inner.views().per_application;
        self.keep(|k| {
            k.assignments
                .retain(|a| a.target_type == TargetType::Application && !per_application);
            k.by_principal = !per_application;
        });
    }

    fn keep(&self, f: impl FnOnce(&mut Recorded)) {
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut kept);
    }
}

fn account_assignment(account: &str, a: &AccountAssignment) -> Assignment {
    Assignment {
        principal_type: a.principal_type,
        principal_id: a.principal_id.clone(),
        target_type: TargetType::Account,
        target_id: account.to_owned(),
        permission_set_id: a.permission_set_id.clone(),
    }
}

fn application_assignment(kind: PrincipalType, principal: &str, urn: &str) -> Assignment {
    Assignment {
        principal_type: kind,
        principal_id: principal.to_owned(),
        target_type: TargetType::Application,
        target_id: urn.to_owned(),
        permission_set_id: None,
    }
}

impl<S: Source> Source for Recording<S> {
    fn cloud(&self) -> Cloud {
        self.inner.cloud()
    }
    fn instance_id(&self) -> &str {
        self.inner.instance_id()
    }
    fn listing_concurrency(&self) -> usize {
        self.inner.listing_concurrency()
    }
    fn views(&self) -> Views {
        self.inner.views()
    }
    fn operation(&self, lookup: Lookup) -> Operation {
        self.inner.operation(lookup)
    }
    async fn users(&self, in_flight: usize, seen: &Seen) -> Result<Vec<Entity>> {
        let users = self.inner.users(in_flight, seen).await?;
        self.keep(|k| k.users.extend(users.iter().cloned()));
        Ok(users)
    }
    async fn groups(&self, in_flight: usize) -> Result<Vec<Group>> {
        let groups = self.inner.groups(in_flight).await?;
        self.keep(|k| k.groups.extend(groups.iter().map(|g| g.entity.clone())));
        Ok(groups)
    }
    async fn group_members(&self, group_id: &str) -> Result<Vec<String>> {
        self.inner.group_members(group_id).await
    }
    async fn accounts(&self, in_flight: usize) -> Result<Vec<Entity>> {
        let accounts = self.inner.accounts(in_flight).await?;
        self.keep(|k| k.accounts.extend(accounts.iter().cloned()));
        Ok(accounts)
    }
    async fn permission_sets(&self, in_flight: usize) -> Result<Vec<Entity>> {
        let sets = self.inner.permission_sets(in_flight).await?;
        self.keep(|k| k.permission_sets.extend(sets.iter().cloned()));
        Ok(sets)
    }
    async fn applications(&self, in_flight: usize) -> Result<Vec<Application>> {
        let apps = self.inner.applications(in_flight).await?;
        self.keep(|k| k.applications.extend(apps.iter().cloned()));
        Ok(apps)
    }
    async fn account_assignments(&self, account_id: &str) -> Result<Vec<AccountAssignment>> {
        let found = self.inner.account_assignments(account_id).await?;
        self.keep(|k| {
            let kept = found.iter().map(|a| account_assignment(account_id, a));
            k.assignments.extend(kept);
        });
        Ok(found)
    }
    async fn application_assignments(
        &self,
        principal_type: PrincipalType,
        principal_id: &str,
    ) -> Result<Vec<String>> {
        let urns = self
            .inner
            .application_assignments(principal_type, principal_id)
            .await?;
        self.keep(|k| {
            let kept = urns
                .iter()
                .map(|urn| application_assignment(principal_type, principal_id, urn));
            k.assignments.extend(kept);
            k.by_principal = true;
        });
        Ok(urns)
    }
    async fn user_by_id(&self, id: &str) -> Result<Option<Entity>> {
        self.inner.user_by_id(id).await
    }
    async fn users_named(&self, name: &str) -> Result<Vec<Entity>> {
        self.inner.users_named(name).await
    }
    async fn group_by_id(&self, id: &str) -> Result<Option<Entity>> {
        self.inner.group_by_id(id).await
    }
    async fn groups_named(&self, name: &str) -> Result<Vec<Entity>> {
        self.inner.groups_named(name).await
    }
    async fn groups_of_user(&self, user_id: &str) -> Result<Vec<String>> {
        self.inner.groups_of_user(user_id).await
    }
    async fn principal_account_assignments(
        &self,
        principal_type: PrincipalType,
        principal_id: &str,
    ) -> Result<Vec<(String, AccountAssignment)>> {
        let found = self
            .inner
            .principal_account_assignments(principal_type, principal_id)
            .await?;
        self.keep(|k| {
            let kept = found.iter().map(|(acc, a)| account_assignment(acc, a));
            k.assignments.extend(kept);
            k.by_principal = true;
        });
        Ok(found)
    }
    async fn describe_users(&self, ids: &[String]) -> Result<Vec<Entity>> {
        self.inner.describe_users(ids).await
    }
    async fn describe_groups(&self, ids: &[String]) -> Result<Vec<Entity>> {
        self.inner.describe_groups(ids).await
    }
    async fn describe_account(&self, id: &str) -> Result<Option<Entity>> {
        self.inner.describe_account(id).await
    }
    async fn describe_permission_set(&self, id: &str) -> Result<Option<Entity>> {
        self.inner.describe_permission_set(id).await
    }
    async fn application_instances(&self) -> Result<Vec<String>> {
        self.inner.application_instances().await
    }
    async fn application_instance_assignments(
        &self,
        instance_id: &str,
    ) -> Result<Vec<ApplicationAssignment>> {
        let found = self
            .inner
            .application_instance_assignments(instance_id)
            .await?;
        self.keep(|k| {
            let kept = found.iter().map(|a| {
                application_assignment(a.principal_type, &a.principal_id, &a.application_urn)
            });
            k.assignments.extend(kept);
        });
        Ok(found)
    }
    async fn organizational_units(&self) -> Result<Vec<Unit>> {
        self.inner.organizational_units().await
    }
    async fn accounts_in(&self, unit_id: &str) -> Result<Vec<Entity>> {
        self.inner.accounts_in(unit_id).await
    }
}
