//! Writes of the Huawei account and application assignments: each checks the references the row
//! makes (as `huawei_references.rs` declares them), refuses a duplicate, changes the table, keeps
//! the principal index up to date, and forgets the views and listings built on the assignments.
//!
//! Provisioning follows the assignments: an account a permission set is assigned on counts as
//! provisioned (see `huawei_index.rs`), and removing the last assignment of a permission set on
//! an account de-provisions it there (as AWS IAM Identity Center does: the role goes with the last
//! assignment).

use crate::store::error::WriteError;
use crate::store::huawei_dependents::exists_in;
use crate::store::huawei_references::{
    ACCOUNT_ASSIGNMENT_REFERENCES, APPLICATION_ASSIGNMENT_REFERENCES,
};
use crate::store::huawei_rows::{HuaweiAccountAssignment, HuaweiApplicationAssignment};
use crate::store::keys::at;
use crate::store::references::{Named, Reference, check_row};
use crate::store::table::Seq;
use crate::store::tables::Store;

impl Store {
    /// The row of an account assignment equal to `a`, if there is one.
    pub(crate) fn find_huawei_account_assignment(
        &self,
        a: &HuaweiAccountAssignment,
    ) -> Option<Seq> {
        let positions =
            self.huawei_accounts(&a.instance_id, &a.principal_id, a.principal_type.as_str());
        let rows = &self.data.huawei.account_assignments;
        positions.iter().copied().find(|&seq| {
            rows.get(seq as usize).is_some_and(|row| {
                row.account_id == a.account_id && row.permission_set_id == a.permission_set_id
            })
        })
    }

    /// The row of an application assignment equal to `a`, if there is one.
    pub(crate) fn find_huawei_application_assignment(
        &self,
        a: &HuaweiApplicationAssignment,
    ) -> Option<Seq> {
        let positions =
            self.huawei_applications(&a.instance_id, &a.principal_id, a.principal_type.as_str());
        let rows = &self.data.huawei.application_assignments;
        (positions.iter().copied()).find(|&seq| {
            rows.get(seq as usize)
                .is_some_and(|row| row.application_urn == a.application_urn)
        })
    }

    /// Adds an account assignment: its principal, account and permission set must exist, and the
    /// assignment must be new.
    pub(crate) fn create_huawei_account_assignment(
        &mut self,
        a: HuaweiAccountAssignment,
    ) -> Result<Seq, WriteError> {
        self.check_references(&a, ACCOUNT_ASSIGNMENT_REFERENCES)?;
        if self.find_huawei_account_assignment(&a).is_some() {
            return Err(conflict("account assignment", &a.principal_id));
        }
        let seq =
            (self.data.huawei.account_assignments.insert(a.clone())).ok_or(WriteError::Full)?;
        let key = [&*a.instance_id, &*a.principal_id, a.principal_type.as_str()];
        self.reindex_huawei_principal(false, key, seq, true);
        self.assignments_changed();
        Ok(seq)
    }

    /// Removes an account assignment; the last one of its permission set on its account
    /// de-provisions the permission set there.
    pub(crate) fn delete_huawei_account_assignment(
        &mut self,
        a: &HuaweiAccountAssignment,
    ) -> Result<HuaweiAccountAssignment, WriteError> {
        let seq = (self.find_huawei_account_assignment(a))
            .ok_or_else(|| missing("account assignment", &a.principal_id))?;
        let row = (self.data.huawei.account_assignments.remove(seq))
            .ok_or_else(|| missing("account assignment", &a.principal_id))?;
        let key = [&*a.instance_id, &*a.principal_id, a.principal_type.as_str()];
        self.reindex_huawei_principal(false, key, seq, false);
        let (instance, set, account) = (&*a.instance_id, &*a.permission_set_id, &*a.account_id);
        let still_assigned = (self.data.huawei.account_assignments.iter()).any(|other| {
            &*other.instance_id == instance
                && &*other.permission_set_id == set
                && &*other.account_id == account
        });
        if !still_assigned
            && let Some(&position) = self.huawei.permission_sets.get(at(&[instance, set]))
            && let Some(ps) = self.data.huawei.permission_sets.get_mut(position)
        {
            ps.provisioned_accounts.retain(|x| &**x != account);
            ps.outdated_accounts.retain(|x| &**x != account);
        }
        self.assignments_changed();
        Ok(row)
    }

    /// Adds an application assignment: its principal and application must exist, and the
    /// assignment must be new.
    pub(crate) fn create_huawei_application_assignment(
        &mut self,
        a: HuaweiApplicationAssignment,
    ) -> Result<Seq, WriteError> {
        self.check_references(&a, APPLICATION_ASSIGNMENT_REFERENCES)?;
        if self.find_huawei_application_assignment(&a).is_some() {
            return Err(conflict("application assignment", &a.principal_id));
        }
        let table = &mut self.data.huawei.application_assignments;
        let seq = table.insert(a.clone()).ok_or(WriteError::Full)?;
        let key = [&*a.instance_id, &*a.principal_id, a.principal_type.as_str()];
        self.reindex_huawei_principal(true, key, seq, true);
        self.assignments_changed();
        Ok(seq)
    }

    /// Removes an application assignment.
    pub(crate) fn delete_huawei_application_assignment(
        &mut self,
        a: &HuaweiApplicationAssignment,
    ) -> Result<HuaweiApplicationAssignment, WriteError> {
        let seq = (self.find_huawei_application_assignment(a))
            .ok_or_else(|| missing("application assignment", &a.principal_id))?;
        let row = (self.data.huawei.application_assignments.remove(seq))
            .ok_or_else(|| missing("application assignment", &a.principal_id))?;
        let key = [&*a.instance_id, &*a.principal_id, a.principal_type.as_str()];
        self.reindex_huawei_principal(true, key, seq, false);
        self.assignments_changed();
        Ok(row)
    }

    /// Checks the references a new row makes, as its table declares them.
    pub(crate) fn check_references<R>(
        &self,
        row: &R,
        references: &[Reference<R>],
    ) -> Result<(), WriteError> {
        let exists = |table: &str, named: Named<'_>| exists_in(self, table, named);
        check_row(row, references, self, &exists).map_err(|broken| WriteError::Missing {
            what: broken.what,
            id: broken.value,
        })
    }

    /// Forgets what is derived from the assignments and provisioning: the views and listings.
    pub(crate) fn assignments_changed(&mut self) {
        self.huawei.forget_views();
        self.forget_listings();
    }
}

pub(crate) fn missing(what: &'static str, id: &str) -> WriteError {
    WriteError::Missing {
        what,
        id: id.to_owned(),
    }
}

pub(crate) fn conflict(what: &'static str, id: &str) -> WriteError {
    WriteError::Conflict {
        what,
        id: id.to_owned(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::demo;
    use crate::store::dataset::DataSet;

    /// The first account assignment of the demo data.
    pub(crate) fn demo_assignment(store: &Store) -> HuaweiAccountAssignment {
        store
            .data
            .huawei
            .account_assignments
            .iter()
            .next()
            .unwrap()
            .clone()
    }

    #[test]
    fn an_account_assignment_is_indexed_found_and_removed() {
        let mut store = Store::new(DataSet::demo());
        let existing = demo_assignment(&store);
        assert_eq!(
            store.create_huawei_account_assignment(existing.clone()),
            Err(conflict("account assignment", &existing.principal_id))
        );
        let removed = store.delete_huawei_account_assignment(&existing).unwrap();
        assert_eq!(removed, existing);
        assert!(store.find_huawei_account_assignment(&existing).is_none());
        let seq = store
            .create_huawei_account_assignment(existing.clone())
            .unwrap();
        assert_eq!(store.find_huawei_account_assignment(&existing), Some(seq));
        let positions = store.huawei_accounts(
            &existing.instance_id,
            &existing.principal_id,
            existing.principal_type.as_str(),
        );
        assert_eq!(
            positions.last(),
            Some(&seq),
            "the new row is last: data order"
        );
        let mut broken = existing.clone();
        broken.permission_set_id = "ps-missing".into();
        assert!(matches!(
            store.create_huawei_account_assignment(broken),
            Err(WriteError::Missing {
                what: "permission set",
                ..
            })
        ));
        assert!(matches!(
            store.delete_huawei_account_assignment(&HuaweiAccountAssignment {
                principal_id: demo::HUAWEI_PRINCIPAL_ID.into(),
                account_id: "acc-none".into(),
                ..existing
            }),
            Err(WriteError::Missing { .. })
        ));
    }
}
