//! [`HuaweiSource`]: the report's lookups over the Huawei Cloud clients (IdentityCenter,
//! IdentityStore, Organizations).

use idc::PrincipalType as RawPrincipalType;

use crate::error::Result;
use crate::model::Cloud;
use crate::source::pick_instance;
use crate::source::{AccountAssignment, Application, Entity, Group, PrincipalType, Source};

/// The lookups of a report on one Huawei Cloud instance.
///
/// | lookup | request |
/// | --- | --- |
/// | instance (once, in [`connect`](Self::connect)) | IdentityCenter `ListInstances` |
/// | users, groups, a group's members | IdentityStore `ListUsers`, `ListGroups`, `ListGroupMemberships` |
/// | accounts | Organizations `ListAccounts` |
/// | permission sets, applications | IdentityCenter `ListPermissionSets`, `ListApplications` |
/// | an account's assignments | IdentityCenter `ListAccountAssignments` (by account) |
/// | a principal's applications | IdentityCenter `ListApplicationAssignmentsForPrincipal` |
///
/// ```no_run
/// # async fn run() -> idc_report::Result<()> {
/// use idc_report::huawei::HuaweiSource;
///
/// let client = idc::huawei::Client::builder().build()?;
/// let source = HuaweiSource::connect(client, Some("ins-36218e5b4c2c4c4d")).await?.page_size(100);
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
    page_size: u32,
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
            page_size: 100,
        })
    }

    /// Items per request of every listing (1 to 100; default 100, the fewest requests).
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, 100);
        self
    }

    /// The identity store of the instance.
    pub fn identity_store_id(&self) -> &str {
        &self.identity_store_id
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

impl Source for HuaweiSource {
    fn cloud(&self) -> Cloud {
        Cloud::Huawei
    }

    fn instance_id(&self) -> &str {
        &self.instance_id
    }

    async fn users(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        let users = self
            .store
            .list_users()
            .identity_store_id(&self.identity_store_id)
            .page_size(self.page_size)
            .collect()
            .await?;
        Ok(users
            .into_iter()
            .map(|u| Entity {
                id: u.user_id,
                name: u.user_name,
            })
            .collect())
    }

    async fn groups(&self, _in_flight: usize) -> Result<Vec<Group>> {
        let groups = self
            .store
            .list_groups()
            .identity_store_id(&self.identity_store_id)
            .page_size(self.page_size)
            .collect()
            .await?;
        Ok(groups
            .into_iter()
            .map(|g| Group {
                entity: Entity {
                    id: g.group_id,
                    name: g.display_name,
                },
                members: None,
            })
            .collect())
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<String>> {
        let memberships = self
            .store
            .list_group_memberships()
            .identity_store_id(&self.identity_store_id)
            .group_id(group_id)
            .page_size(self.page_size)
            .collect()
            .await?;
        Ok(memberships
            .into_iter()
            .filter_map(|m| m.member_id.map(|m| m.user_id))
            .collect())
    }

    async fn accounts(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        let accounts = self
            .organizations
            .list_accounts()
            .page_size(self.page_size)
            .collect()
            .await?;
        Ok(accounts
            .into_iter()
            .map(|a| Entity {
                id: a.id,
                name: a.name,
            })
            .collect())
    }

    async fn permission_sets(&self, _in_flight: usize) -> Result<Vec<Entity>> {
        let sets = self
            .center
            .list_permission_sets()
            .instance_id(&self.instance_id)
            .page_size(self.page_size)
            .collect()
            .await?;
        Ok(sets
            .into_iter()
            .filter_map(|s| s.permission_set_id.map(|id| Entity { id, name: s.name }))
            .collect())
    }

    async fn applications(&self, _in_flight: usize) -> Result<Vec<Application>> {
        let applications = self
            .center
            .list_applications()
            .instance_id(&self.instance_id)
            .page_size(self.page_size)
            .collect()
            .await?;
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
        let assignments = self
            .center
            .list_account_assignments()
            .instance_id(&self.instance_id)
            .account_id(account_id)
            .page_size(self.page_size)
            .collect()
            .await?;
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
        let raw = match kind {
            PrincipalType::User => RawPrincipalType::User,
            PrincipalType::Group => RawPrincipalType::Group,
        };
        let assignments = self
            .center
            .list_application_assignments_for_principal()
            .instance_id(&self.instance_id)
            .principal_id(principal_id)
            .principal_type(raw)
            .page_size(self.page_size)
            .collect()
            .await?;
        Ok(assignments.into_iter().map(|a| a.application_urn).collect())
    }
}
