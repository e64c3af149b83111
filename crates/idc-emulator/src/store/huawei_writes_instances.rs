//! Writes of the Huawei IdentityCenter instances: one started (`StartIdentityCenter`), all of them
//! deleted (`DeleteIdentityCenter`, refused while an instance or its identity store is named by
//! any row), and an instance's alias set once (`CreateAlias`).

use crate::store::error::WriteError;
use crate::store::huawei_dependents::dependents;
use crate::store::huawei_references::{INSTANCES, STORES};
use crate::store::huawei_rows::HuaweiInstance;
use crate::store::huawei_writes_assignments::{conflict, missing};
use crate::store::references::Named;
use crate::store::table::Seq;
use crate::store::tables::Store;

impl Store {
    /// Adds an instance (with its identity store, empty): its id and identity store id must be new.
    pub(crate) fn create_huawei_instance(
        &mut self,
        instance: HuaweiInstance,
    ) -> Result<Seq, WriteError> {
        let ix = &self.huawei;
        if ix.instances.contains_key(&*instance.instance_id) {
            return Err(conflict("instance", &instance.instance_id));
        }
        if ix.stores.contains_key(&*instance.identity_store_id) {
            return Err(conflict("identity store", &instance.identity_store_id));
        }
        let (id, store) = (
            instance.instance_id.to_string(),
            instance.identity_store_id.to_string(),
        );
        let seq = (self.data.huawei.instances.insert(instance)).ok_or(WriteError::Full)?;
        self.huawei.instances.insert(id, seq as usize);
        self.huawei.stores.insert(store, seq as usize);
        self.forget_listings();
        Ok(seq)
    }

    /// Removes every instance, refused (`InUse`, nothing removed) while a row names one of them
    /// or its identity store (a permission set, an application, a user, a group...).
    pub(crate) fn delete_huawei_instances(&mut self) -> Result<(), WriteError> {
        let unscoped = |value| Named { scope: None, value };
        for instance in self.data.huawei.instances.iter() {
            let named = [
                (INSTANCES, "instance", &instance.instance_id),
                (STORES, "identity store", &instance.identity_store_id),
            ];
            for (table, what, id) in named {
                if let Some(d) = dependents(&self.data.huawei, self, table, unscoped(id)) {
                    return Err(WriteError::InUse {
                        what,
                        id: id.to_string(),
                        by: d.table,
                        field: d.field,
                        count: d.count,
                    });
                }
            }
        }
        let all: Vec<Seq> = (self.data.huawei.instances.numbered())
            .map(|(seq, _)| seq)
            .collect();
        for seq in all {
            self.data.huawei.instances.remove(seq);
        }
        self.huawei.instances.clear();
        self.huawei.stores.clear();
        self.forget_listings();
        Ok(())
    }

    /// Gives instance `id` its alias, refused (`Conflict`) when it has one: an alias is set once.
    pub(crate) fn set_huawei_instance_alias(
        &mut self,
        id: &str,
        alias: &str,
    ) -> Result<(), WriteError> {
        let &position = (self.huawei.instances.get(id)).ok_or_else(|| missing("instance", id))?;
        let instance = (self.data.huawei.instances.get_mut(position))
            .ok_or_else(|| missing("instance", id))?;
        if let Some(existing) = &instance.alias {
            return Err(conflict("instance alias", existing));
        }
        instance.alias = Some(alias.into());
        self.forget_listings();
        Ok(())
    }
}
