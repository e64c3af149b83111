//! The writes of Huawei application instances: an application row (`huawei.applications`, what
//! `ListApplications` and `ListApplicationInstances` serve) plus its settings, the SAML
//! configuration and the signing certificates the application operations read and replace.
//!
//! An application of the data set has no settings stored until a write changes them: it reads as
//! [`ApplicationSettings::of_data_set`] (the catalog's custom SAML template, no certificate).
//! Deleting an application deletes its assignments with it, in the same write.

use std::borrow::Cow;

use idc_raw::PrincipalType;

use crate::store::error::WriteError;
use crate::store::huawei_application_settings::ApplicationSettings;
use crate::store::huawei_references::APPLICATION_REFERENCES;
use crate::store::huawei_rows::{HuaweiApplication, HuaweiApplicationAssignment};
use crate::store::keys::{Key, at};
use crate::store::table::Seq;
use crate::store::tables::Store;

fn missing_application(id: &str) -> WriteError {
    WriteError::Missing {
        what: "application instance",
        id: id.to_owned(),
    }
}

impl Store {
    /// The settings of `app`: those written, else those it reads as.
    pub(crate) fn application_settings<'s>(
        &'s self,
        app: &HuaweiApplication,
    ) -> Cow<'s, ApplicationSettings> {
        let key = [&*app.instance_id, &*app.application_instance_id];
        match self.data.huawei.application_settings.get(at(&key)) {
            Some(settings) => Cow::Borrowed(settings),
            None => Cow::Owned(ApplicationSettings::of_data_set(app)),
        }
    }

    /// The name the access portal shows for `app`: the one written, else its name.
    pub(crate) fn application_display_name<'s>(&'s self, app: &'s HuaweiApplication) -> &'s str {
        let key = [&*app.instance_id, &*app.application_instance_id];
        let written = self.data.huawei.application_settings.get(at(&key));
        written
            .and_then(|s| s.display_name.as_deref())
            .unwrap_or(&app.name)
    }

    /// The sequence number of application `id` of `instance`.
    fn huawei_application_seq(&self, instance: &str, id: &str) -> Option<Seq> {
        let views = self.huawei.views(&self.data.huawei);
        let &position = views.applications.get(at(&[instance, id]))?;
        Seq::try_from(position).ok()
    }

    /// Adds an application instance: its instance must exist, and its id, URN and name must be
    /// new in the instance (`Conflict`).
    pub(crate) fn create_huawei_application(
        &mut self,
        row: HuaweiApplication,
        settings: ApplicationSettings,
    ) -> Result<Seq, WriteError> {
        self.check_references(&row, APPLICATION_REFERENCES)?;
        let same = |a: &&HuaweiApplication| {
            let ids = [&a.application_instance_id, &a.application_urn, &a.name];
            let new = [
                &row.application_instance_id,
                &row.application_urn,
                &row.name,
            ];
            a.instance_id == row.instance_id && ids.iter().zip(new).any(|(a, b)| *a == b)
        };
        if let Some(taken) = self.data.huawei.applications.iter().find(same) {
            let id = taken.name.to_string();
            return Err(WriteError::Conflict {
                what: "application instance",
                id,
            });
        }
        let key = Key::new([&*row.instance_id, &*row.application_instance_id]);
        let seq = (self.data.huawei.applications.insert(row)).ok_or(WriteError::Full)?;
        self.data.huawei.application_settings.insert(key, settings);
        self.assignments_changed();
        Ok(seq)
    }

    /// Deletes application instance `id` of `instance` with its settings and its assignments.
    pub(crate) fn delete_huawei_application(
        &mut self,
        instance: &str,
        id: &str,
    ) -> Result<HuaweiApplication, WriteError> {
        let seq =
            (self.huawei_application_seq(instance, id)).ok_or_else(|| missing_application(id))?;
        let urn = (self.data.huawei.applications.get(seq as usize))
            .map(|a| a.application_urn.clone())
            .ok_or_else(|| missing_application(id))?;
        let assignments: Vec<HuaweiApplicationAssignment> =
            (self.data.huawei.application_assignments.iter())
                .filter(|a| &*a.instance_id == instance && a.application_urn == urn)
                .cloned()
                .collect();
        for assignment in &assignments {
            self.delete_huawei_application_assignment(assignment)?;
        }
        let row =
            (self.data.huawei.applications.remove(seq)).ok_or_else(|| missing_application(id))?;
        self.data
            .huawei
            .application_settings
            .remove(at(&[instance, id]));
        self.assignments_changed();
        Ok(row)
    }

    /// Changes application instance `id` of `instance`: `change` gets copies of its row and its
    /// settings and may refuse, in which case nothing changes.
    pub(crate) fn change_huawei_application<T>(
        &mut self,
        instance: &str,
        id: &str,
        change: impl FnOnce(&mut HuaweiApplication, &mut ApplicationSettings) -> Result<T, WriteError>,
    ) -> Result<T, WriteError> {
        let seq =
            (self.huawei_application_seq(instance, id)).ok_or_else(|| missing_application(id))?;
        let mut row = (self.data.huawei.applications.get(seq as usize))
            .cloned()
            .ok_or_else(|| missing_application(id))?;
        let mut settings = self.application_settings(&row).into_owned();
        let out = change(&mut row, &mut settings)?;
        if let Some(slot) = self.data.huawei.applications.get_mut(seq as usize) {
            *slot = row;
        }
        let key = Key::new([instance, id]);
        self.data.huawei.application_settings.insert(key, settings);
        self.forget_listings();
        Ok(out)
    }

    /// Deletes every application assignment of a principal in `instance`; how many there were.
    pub(crate) fn disassociate_huawei_principal(
        &mut self,
        instance: &str,
        principal: &str,
        principal_type: &PrincipalType,
    ) -> Result<usize, WriteError> {
        let assignments: Vec<HuaweiApplicationAssignment> =
            (self.data.huawei.application_assignments.iter())
                .filter(|a| {
                    &*a.instance_id == instance
                        && &*a.principal_id == principal
                        && a.principal_type == *principal_type
                })
                .cloned()
                .collect();
        for assignment in &assignments {
            self.delete_huawei_application_assignment(assignment)?;
        }
        Ok(assignments.len())
    }
}
