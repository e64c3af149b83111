//! The SCP rows by their ids, through the indexes: what the SCP handlers look up.

use crate::store::scp_rows::{
    ScpAccount, ScpAccountAssignment, ScpGroup, ScpInstance, ScpPermissionSet, ScpUser,
};
use crate::store::tables::Store;

impl Store {
    pub(crate) fn scp_user(&self, instance: &str, id: &str) -> Option<&ScpUser> {
        let &i = self
            .scp
            .users
            .get(crate::store::keys::at(&[instance, id]))?;
        self.data.scp.users.get(i as usize)
    }

    pub(crate) fn scp_group(&self, instance: &str, id: &str) -> Option<&ScpGroup> {
        let &i = self
            .scp
            .groups
            .get(crate::store::keys::at(&[instance, id]))?;
        self.data.scp.groups.get(i as usize)
    }

    pub(crate) fn scp_permission_set(&self, instance: &str, id: &str) -> Option<&ScpPermissionSet> {
        let &i = self
            .scp
            .permission_sets
            .get(crate::store::keys::at(&[instance, id]))?;
        self.data.scp.permission_sets.get(i as usize)
    }

    pub(crate) fn scp_account(&self, id: &str) -> Option<&ScpAccount> {
        let &i = self.scp.accounts.get(id)?;
        self.data.scp.accounts.get(i as usize)
    }

    pub(crate) fn scp_instance(&self, id: &str) -> Option<&ScpInstance> {
        let &i = self.scp.instances.get(id)?;
        self.data.scp.instances.get(i as usize)
    }

    /// The groups a user is a member of.
    pub(crate) fn scp_groups_of(
        &self,
        instance: &str,
        user: &str,
    ) -> impl Iterator<Item = &ScpGroup> {
        self.scp
            .memberships
            .get(crate::store::keys::at(&[instance, user]))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.data.scp.groups.get(i as usize))
    }

    /// The name of an assignment's principal.
    pub(crate) fn scp_principal_name(&self, a: &ScpAccountAssignment) -> Option<&str> {
        match a.principal_type {
            idc_raw::PrincipalType::User => self
                .scp_user(&a.instance_id, &a.principal_id)
                .map(|u| &*u.name),
            idc_raw::PrincipalType::Group => self
                .scp_group(&a.instance_id, &a.principal_id)
                .map(|g| &*g.name),
            idc_raw::PrincipalType::Unknown(_) => None,
        }
    }

    /// The principals (`USER` or `GROUP` ids) assigned on an account of an instance.
    pub(crate) fn scp_principals_on(&self, instance: &str, account: &str, user: bool) -> Vec<&str> {
        self.scp_accounts(instance, account)
            .iter()
            .filter_map(|&p| self.data.scp.account_assignments.get(p as usize))
            .filter(|a| (a.principal_type == idc_raw::PrincipalType::User) == user)
            .map(|a| &*a.principal_id)
            .collect()
    }
}
