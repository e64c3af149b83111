//! Huawei IdentityCenter: the writes of account assignments (asynchronous: a status row answered
//! `IN_PROGRESS`, applied or failed after the emulator's delay) and of application assignments
//! (synchronous).
//!
//! Documented choices: creating an assignment that exists, or asking for one while a request on
//! the same assignment is `IN_PROGRESS`, is refused at once (409, [`MODIFICATION_CONFLICT`] and
//! [`CONCURRENT_REQUEST`]); so is deleting one that does not exist (404, [`NOT_FOUND`]). A
//! principal, account or permission set that does not exist is found when the request is
//! applied: the status is then `FAILED` with the reason, as the service reports it.

use axum::response::Response;
use idc_raw::PrincipalType;
use idc_raw::huawei_identitycenter::types;

use crate::generated::huawei_identitycenter::{
    CreateAccountAssignmentRequest, CreateApplicationAssignmentRequest,
    DeleteAccountAssignmentRequest, DeleteApplicationAssignmentRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{CONCURRENT_REQUEST, MODIFICATION_CONFLICT, NOT_FOUND};
use crate::huawei::common::{conflict, no_content, not_found};
use crate::huawei::identitycenter_statuses::{assignment_status, now_millis};
use crate::huawei::lookups::{find_application, modelled_instance, principal};
use crate::store::huawei_rows::{HuaweiAccountAssignment, HuaweiApplicationAssignment};
use crate::store::huawei_statuses::{AssignmentOperation, Progress};
use crate::store::keys::random_uuid;

/// Which half of the account assignment requests.
#[derive(Clone, Copy)]
enum Direction {
    Create,
    Delete,
}

/// `CreateAccountAssignment`.
pub(crate) fn create_account_assignment_accepted(
    ctx: &Context<'_>,
    request: CreateAccountAssignmentRequest,
) -> Result<Response, Reject> {
    let status =
        account_assignment_request(ctx, &request.instance_id, &request.body, Direction::Create)?;
    ok(&types::CreateAccountAssignmentResponse {
        account_assignment_creation_status: Some(status),
    })
}

/// `DeleteAccountAssignment`.
pub(crate) fn delete_account_assignment_accepted(
    ctx: &Context<'_>,
    request: DeleteAccountAssignmentRequest,
) -> Result<Response, Reject> {
    let status =
        account_assignment_request(ctx, &request.instance_id, &request.body, Direction::Delete)?;
    ok(&types::DeleteAccountAssignmentResponse {
        account_assignment_deletion_status: Some(status),
    })
}

/// Checks an account assignment request, queues its status row (`IN_PROGRESS`) and its second
/// half (the assignment created or deleted, the status `SUCCEEDED`, or `FAILED` with the reason),
/// and returns the status as accepted.
fn account_assignment_request(
    ctx: &Context<'_>,
    instance: &str,
    body: &types::AccountAssignmentRequest,
    direction: Direction,
) -> Result<types::AccountAssignmentOperationStatus, Reject> {
    modelled_instance(ctx, instance)?;
    let assignment = HuaweiAccountAssignment {
        instance_id: instance.into(),
        account_id: body.target_id.as_str().into(),
        permission_set_id: body.permission_set_id.as_str().into(),
        principal_id: body.principal_id.as_str().into(),
        principal_type: PrincipalType::from(body.principal_type.to_string()),
        principal_deleted: false,
    };
    let exists = ctx
        .store
        .find_huawei_account_assignment(&assignment)
        .is_some();
    match direction {
        Direction::Create if exists => {
            return Err(conflict(
                ctx,
                MODIFICATION_CONFLICT,
                "The account assignment already exists.".into(),
            ));
        }
        Direction::Delete if !exists => {
            return Err(not_found(
                ctx,
                NOT_FOUND,
                "The account assignment does not exist.".into(),
            ));
        }
        _ => {}
    }
    let operations = &ctx.store.data.huawei.operations;
    let same = |op: &AssignmentOperation| op.assignment == assignment;
    if operations.creations.pending(instance, same) || operations.deletions.pending(instance, same)
    {
        let message = "Another request on this account assignment is in progress.";
        return Err(conflict(ctx, CONCURRENT_REQUEST, message.into()));
    }
    let request_id = random_uuid();
    let operation = AssignmentOperation {
        progress: Progress::started(instance, &request_id, now_millis(ctx)),
        assignment,
    };
    let answer = assignment_status(&operation);
    let applied = operation.assignment.clone();
    ctx.write(move |store| {
        let log = &mut store.data.huawei.operations;
        let log = match direction {
            Direction::Create => &mut log.creations,
            Direction::Delete => &mut log.deletions,
        };
        log.insert(operation).map(drop)
    });
    let instance = instance.to_owned();
    ctx.later(move |store| {
        let outcome = match direction {
            Direction::Create => store.create_huawei_account_assignment(applied).map(drop),
            Direction::Delete => store.delete_huawei_account_assignment(&applied).map(drop),
        };
        let log = &mut store.data.huawei.operations;
        let log = match direction {
            Direction::Create => &mut log.creations,
            Direction::Delete => &mut log.deletions,
        };
        log.finish(&instance, &request_id, outcome.map_err(|e| e.to_string()));
    });
    Ok(answer)
}

/// `CreateApplicationAssignment`.
pub(crate) fn create_application_assignment_now(
    ctx: &Context<'_>,
    request: CreateApplicationAssignmentRequest,
) -> Result<Response, Reject> {
    let names = (&*request.instance_id, &*request.application_instance_id);
    application_assignment_change(ctx, names, &request.body, Direction::Create)
}

/// `DeleteApplicationAssignment`.
pub(crate) fn delete_application_assignment_now(
    ctx: &Context<'_>,
    request: DeleteApplicationAssignmentRequest,
) -> Result<Response, Reject> {
    let names = (&*request.instance_id, &*request.application_instance_id);
    application_assignment_change(ctx, names, &request.body, Direction::Delete)
}

/// Creates or deletes an application assignment at once: refused when it exists (create) or
/// does not (delete).
fn application_assignment_change(
    ctx: &Context<'_>,
    (instance, application): (&str, &str),
    body: &types::ApplicationAssignmentRequest,
    direction: Direction,
) -> Result<Response, Reject> {
    let row = application_assignment(ctx, instance, application, body)?;
    let exists = ctx.store.find_huawei_application_assignment(&row).is_some();
    match direction {
        Direction::Create if exists => {
            let message = "The principal is already assigned to the application.";
            Err(conflict(ctx, MODIFICATION_CONFLICT, message.into()))
        }
        Direction::Delete if !exists => {
            let message = "The principal is not assigned to the application.";
            Err(not_found(ctx, NOT_FOUND, message.into()))
        }
        Direction::Create => {
            ctx.write(move |store| store.create_huawei_application_assignment(row).map(drop));
            Ok(no_content())
        }
        Direction::Delete => {
            ctx.write(move |store| store.delete_huawei_application_assignment(&row).map(drop));
            Ok(no_content())
        }
    }
}

/// The application assignment a request names: its application and principal must exist (404
/// otherwise).
fn application_assignment(
    ctx: &Context<'_>,
    instance: &str,
    application: &str,
    body: &types::ApplicationAssignmentRequest,
) -> Result<HuaweiApplicationAssignment, Reject> {
    let app = find_application(ctx, instance, application)?;
    let principal_type = body.principal_type.to_string();
    principal(ctx, instance, &body.principal_id, &principal_type)?;
    Ok(HuaweiApplicationAssignment {
        instance_id: instance.into(),
        application_urn: app.application_urn.clone(),
        principal_id: body.principal_id.as_str().into(),
        principal_type: PrincipalType::from(principal_type),
        principal_deleted: false,
    })
}
