//! The statuses of Huawei IdentityCenter's asynchronous requests (account assignment creation and
//! deletion, permission set provisioning): one log per kind, each request a row found by its
//! instance and request id, in the order the requests were made. A request's row is added
//! `IN_PROGRESS` with its answer, and moved to `SUCCEEDED`, or to `FAILED` with a reason, in the
//! same write that applies (or refuses) its change (see `DESIGN.md`). These rows are the
//! emulator's state, not part of a data set.

use std::collections::HashMap;
use std::sync::Arc;

use crate::store::error::WriteError;
use crate::store::huawei_rows::HuaweiAccountAssignment;
use crate::store::keys::{Key, at};
use crate::store::table::{Seq, Table};

/// Where an asynchronous request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OperationStatus {
    /// Accepted, not applied yet.
    InProgress,
    /// Applied.
    Succeeded,
    /// Not applied; the row says why.
    Failed,
}

impl OperationStatus {
    /// The status as the service spells it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "IN_PROGRESS",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
        }
    }
}

/// The progress of one asynchronous request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Progress {
    /// The instance the request was made on.
    pub(crate) instance_id: Arc<str>,
    /// Its id (what the describe operation takes).
    pub(crate) request_id: Arc<str>,
    /// When it was made, milliseconds since the epoch.
    pub(crate) created_date: i64,
    pub(crate) status: OperationStatus,
    /// Why it failed (`FAILED` only).
    pub(crate) failure_reason: Option<String>,
}

impl Progress {
    /// A request just accepted.
    pub(crate) fn started(instance_id: &str, request_id: &str, created_date: i64) -> Self {
        Self {
            instance_id: instance_id.into(),
            request_id: request_id.into(),
            created_date,
            status: OperationStatus::InProgress,
            failure_reason: None,
        }
    }
}

/// A request to create or delete an account assignment.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AssignmentOperation {
    pub(crate) progress: Progress,
    /// The assignment it creates or deletes.
    pub(crate) assignment: HuaweiAccountAssignment,
}

/// A request to provision a permission set.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ProvisioningOperation {
    pub(crate) progress: Progress,
    pub(crate) permission_set_id: Arc<str>,
    /// The account (`None`: every account the permission set is provisioned to).
    pub(crate) account_id: Option<Arc<str>>,
}

/// A row of an [`OperationLog`].
pub(crate) trait Operation {
    /// Its progress.
    fn progress(&self) -> &Progress;
    /// Its progress, to change.
    fn progress_mut(&mut self) -> &mut Progress;
}

impl Operation for AssignmentOperation {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
}

impl Operation for ProvisioningOperation {
    fn progress(&self) -> &Progress {
        &self.progress
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
}

/// The requests of one kind: by (instance, request id), and each instance's in request order.
#[derive(Debug)]
pub(crate) struct OperationLog<R> {
    pub(crate) rows: Table<R>,
    by_id: HashMap<Key<2>, Seq>,
    of_instance: HashMap<String, Vec<u32>>,
}

impl<R> Default for OperationLog<R> {
    fn default() -> Self {
        Self {
            rows: Table::default(),
            by_id: HashMap::new(),
            of_instance: HashMap::new(),
        }
    }
}

impl<R: Operation> OperationLog<R> {
    /// The request `request_id` of `instance`.
    pub(crate) fn get(&self, instance: &str, request_id: &str) -> Option<&R> {
        let &seq = self.by_id.get(at(&[instance, request_id]))?;
        self.rows.get(seq as usize)
    }

    /// The sequence numbers of an instance's requests, oldest first.
    pub(crate) fn of_instance(&self, instance: &str) -> &[u32] {
        self.of_instance.get(instance).map_or(&[], Vec::as_slice)
    }

    /// Whether a request of `instance` matching `same` is still `IN_PROGRESS`.
    pub(crate) fn pending(&self, instance: &str, same: impl Fn(&R) -> bool) -> bool {
        (self.of_instance(instance).iter().rev())
            .filter_map(|&seq| self.rows.get(seq as usize))
            .any(|r| r.progress().status == OperationStatus::InProgress && same(r))
    }

    /// Adds a request (its id must be new in its instance).
    pub(crate) fn insert(&mut self, row: R) -> Result<Seq, WriteError> {
        let progress = row.progress();
        let (instance, id) = (progress.instance_id.clone(), progress.request_id.clone());
        if self.by_id.contains_key(at(&[&instance, &id])) {
            return Err(WriteError::Conflict {
                what: "request",
                id: id.to_string(),
            });
        }
        let seq = self.rows.insert(row).ok_or(WriteError::Full)?;
        self.by_id.insert(Key::new([&instance, &id]), seq);
        (self.of_instance.entry(instance.to_string()).or_default()).push(seq);
        Ok(seq)
    }

    /// Ends the request `request_id` of `instance`: `SUCCEEDED`, or `FAILED` with the reason.
    pub(crate) fn finish(&mut self, instance: &str, request_id: &str, outcome: Result<(), String>) {
        let seq = self.by_id.get(at(&[instance, request_id])).copied();
        if let Some(row) = seq.and_then(|seq| self.rows.get_mut(seq as usize)) {
            let progress = row.progress_mut();
            match outcome {
                Ok(()) => progress.status = OperationStatus::Succeeded,
                Err(reason) => {
                    progress.status = OperationStatus::Failed;
                    progress.failure_reason = Some(reason);
                }
            }
        }
    }
}

/// The asynchronous requests of Huawei IdentityCenter.
#[derive(Debug, Default)]
pub(crate) struct HuaweiOperations {
    /// `CreateAccountAssignment` requests.
    pub(crate) creations: OperationLog<AssignmentOperation>,
    /// `DeleteAccountAssignment` requests.
    pub(crate) deletions: OperationLog<AssignmentOperation>,
    /// `ProvisionPermissionSet` requests.
    pub(crate) provisionings: OperationLog<ProvisioningOperation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provisioning(id: &str) -> ProvisioningOperation {
        ProvisioningOperation {
            progress: Progress::started("ins-1", id, 1),
            permission_set_id: "ps-1".into(),
            account_id: None,
        }
    }

    #[test]
    fn a_request_is_found_by_its_id_and_ends_once() {
        let mut log = OperationLog::default();
        log.insert(provisioning("r1")).unwrap();
        log.insert(provisioning("r2")).unwrap();
        assert!(log.pending("ins-1", |r| r.progress.request_id.as_ref() == "r1"));
        log.finish("ins-1", "r1", Err("the account does not exist".into()));
        let row = log.get("ins-1", "r1").unwrap();
        assert_eq!(row.progress.status, OperationStatus::Failed);
        assert_eq!(
            row.progress.failure_reason.as_deref(),
            Some("the account does not exist")
        );
        assert!(!log.pending("ins-1", |r| r.progress.request_id.as_ref() == "r1"));
        assert_eq!(log.of_instance("ins-1").len(), 2);
        assert!(log.get("ins-2", "r1").is_none());
        assert!(matches!(
            log.insert(provisioning("r2")),
            Err(WriteError::Conflict { .. })
        ));
    }

    #[test]
    fn request_ids_are_uuids_that_keep_the_id_rules() {
        let id = crate::store::keys::random_uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert!(crate::store::huawei_rows::check_huawei_id(&id).is_ok());
        assert_ne!(id, crate::store::keys::random_uuid());
    }
}
