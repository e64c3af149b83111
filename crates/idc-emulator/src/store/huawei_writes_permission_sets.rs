//! Writes of the Huawei permission sets: create (references checked, id and name new in the
//! instance), change (attributes, policies, roles: every account it is provisioned to then holds
//! an outdated copy), delete (refused while an assignment names it) and provisioning (the
//! accounts get the latest version).

use crate::store::error::WriteError;
use crate::store::huawei_dependents::dependents;
use crate::store::huawei_references::{PERMISSION_SET_REFERENCES, PERMISSION_SETS};
use crate::store::huawei_rows::HuaweiPermissionSet;
use crate::store::huawei_writes_assignments::{conflict, missing};
use crate::store::keys::{Key, at};
use crate::store::references::Named;
use crate::store::table::Seq;
use crate::store::tables::Store;

impl Store {
    /// The permission set `id` of `instance`, if there is one.
    pub(crate) fn huawei_permission_set(
        &self,
        instance: &str,
        id: &str,
    ) -> Option<&HuaweiPermissionSet> {
        let &position = self.huawei.permission_sets.get(at(&[instance, id]))?;
        self.data.huawei.permission_sets.get(position)
    }

    /// Whether `instance` has a permission set named `name`.
    pub(crate) fn huawei_permission_set_named(&self, instance: &str, name: &str) -> bool {
        let positions = self.huawei.instance_permission_sets.get(instance);
        (positions.into_iter().flatten())
            .filter_map(|&seq| self.data.huawei.permission_sets.get(seq as usize))
            .any(|s| &*s.name == name)
    }

    /// Adds a permission set: its instance must exist, its id and name must be new there.
    pub(crate) fn create_huawei_permission_set(
        &mut self,
        set: HuaweiPermissionSet,
    ) -> Result<Seq, WriteError> {
        self.check_references(&set, PERMISSION_SET_REFERENCES)?;
        let instance = &*set.instance_id;
        if self
            .huawei_permission_set(instance, &set.permission_set_id)
            .is_some()
        {
            return Err(conflict("permission set", &set.permission_set_id));
        }
        if self.huawei_permission_set_named(instance, &set.name) {
            return Err(conflict("permission set name", &set.name));
        }
        let seq = (self.data.huawei.permission_sets.insert(set.clone())).ok_or(WriteError::Full)?;
        let ix = &mut self.huawei;
        ix.permission_sets
            .insert(Key::new([instance, &set.permission_set_id]), seq as usize);
        (ix.instance_permission_sets
            .entry(instance.to_owned())
            .or_default())
        .push(seq);
        self.forget_listings();
        Ok(seq)
    }

    /// Changes a permission set (`change` may refuse, leaving it as it was); every account it is
    /// provisioned to then holds an outdated copy (`LATEST_PERMISSION_SET_NOT_PROVISIONED`).
    pub(crate) fn change_huawei_permission_set(
        &mut self,
        instance: &str,
        id: &str,
        change: impl FnOnce(&mut HuaweiPermissionSet) -> Result<(), WriteError>,
    ) -> Result<(), WriteError> {
        let views = self.huawei.views(&self.data.huawei);
        let provisioned: Vec<_> = (views.provisioned_on.get(at(&[instance, id])))
            .map(|all| all.iter().map(|(account, _)| account.clone()).collect())
            .unwrap_or_default();
        let &position = (self.huawei.permission_sets.get(at(&[instance, id])))
            .ok_or_else(|| missing("permission set", id))?;
        let set = (self.data.huawei.permission_sets.get_mut(position))
            .ok_or_else(|| missing("permission set", id))?;
        let mut changed = set.clone();
        change(&mut changed)?;
        changed.provisioned_accounts.clear();
        changed.outdated_accounts = provisioned;
        *set = changed;
        self.assignments_changed();
        Ok(())
    }

    /// Removes a permission set, refused while an account assignment names it.
    pub(crate) fn delete_huawei_permission_set(
        &mut self,
        instance: &str,
        id: &str,
    ) -> Result<HuaweiPermissionSet, WriteError> {
        let &position = (self.huawei.permission_sets.get(at(&[instance, id])))
            .ok_or_else(|| missing("permission set", id))?;
        let target = Named {
            scope: Some(instance),
            value: id,
        };
        if let Some(d) = dependents(&self.data.huawei, self, PERMISSION_SETS, target) {
            return Err(WriteError::InUse {
                what: "permission set",
                id: id.to_owned(),
                by: d.table,
                field: d.field,
                count: d.count,
            });
        }
        let seq = position as Seq;
        let set = (self.data.huawei.permission_sets.remove(seq))
            .ok_or_else(|| missing("permission set", id))?;
        let ix = &mut self.huawei;
        ix.permission_sets.remove(at(&[instance, id]));
        if let Some(list) = ix.instance_permission_sets.get_mut(instance)
            && let Ok(i) = list.binary_search(&seq)
        {
            list.remove(i);
        }
        self.assignments_changed();
        Ok(set)
    }

    /// Provisions the latest version of a permission set to `account`, or (`None`) to every
    /// account it is provisioned to; the reason when it cannot (what a `FAILED` status says).
    pub(crate) fn provision_huawei_permission_set(
        &mut self,
        instance: &str,
        id: &str,
        account: Option<&str>,
    ) -> Result<(), String> {
        if let Some(account) = account
            && !self.huawei.accounts.contains_key(account)
        {
            return Err(format!("The account {account} does not exist."));
        }
        let gone = || format!("The permission set {id} does not exist in instance {instance}.");
        let &position = (self.huawei.permission_sets.get(at(&[instance, id]))).ok_or_else(gone)?;
        let set = (self.data.huawei.permission_sets.get_mut(position)).ok_or_else(gone)?;
        let targets: Vec<_> = match account {
            Some(account) => vec![account.into()],
            None => std::mem::take(&mut set.outdated_accounts),
        };
        for account in targets {
            set.outdated_accounts.retain(|x| *x != account);
            if !set.provisioned_accounts.contains(&account) {
                set.provisioned_accounts.push(account);
            }
        }
        self.assignments_changed();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::dataset::DataSet;
    use crate::store::huawei_writes_assignments::tests::demo_assignment;

    fn accounts(store: &Store, instance: &str, id: &str, latest: bool) -> Vec<String> {
        let views = store.huawei.views(&store.data.huawei);
        (views
            .provisioned_on
            .get(at(&[instance, id]))
            .into_iter()
            .flatten())
        .filter(|(_, ok)| *ok == latest)
        .map(|(a, _)| a.to_string())
        .collect()
    }

    #[test]
    fn a_change_outdates_every_account_and_provisioning_brings_them_back() {
        let mut store = Store::new(DataSet::demo());
        let a = demo_assignment(&store);
        let (instance, id) = (a.instance_id.to_string(), a.permission_set_id.to_string());
        let before = accounts(&store, &instance, &id, true);
        assert!(before.contains(&a.account_id.to_string()));
        store
            .change_huawei_permission_set(&instance, &id, |s| {
                s.description = Some("changed".into());
                Ok(())
            })
            .unwrap();
        assert!(accounts(&store, &instance, &id, true).is_empty());
        let mut outdated = accounts(&store, &instance, &id, false);
        outdated.sort();
        let mut expected = before.clone();
        expected.sort();
        assert_eq!(outdated, expected);
        store
            .provision_huawei_permission_set(&instance, &id, Some(&a.account_id))
            .unwrap();
        assert_eq!(
            accounts(&store, &instance, &id, true),
            vec![a.account_id.to_string()]
        );
        store
            .provision_huawei_permission_set(&instance, &id, None)
            .unwrap();
        assert!(accounts(&store, &instance, &id, false).is_empty());
        assert_eq!(
            store.provision_huawei_permission_set(&instance, &id, Some("acc-none")),
            Err("The account acc-none does not exist.".to_owned())
        );
    }

    #[test]
    fn an_assigned_permission_set_is_not_deleted() {
        let mut store = Store::new(DataSet::demo());
        let a = demo_assignment(&store);
        let err = store
            .delete_huawei_permission_set(&a.instance_id, &a.permission_set_id)
            .unwrap_err();
        assert!(
            matches!(
                err,
                WriteError::InUse {
                    what: "permission set",
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            store
                .huawei_permission_set(&a.instance_id, &a.permission_set_id)
                .is_some()
        );
    }
}
