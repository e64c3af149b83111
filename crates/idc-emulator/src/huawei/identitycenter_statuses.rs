//! Huawei IdentityCenter: the statuses of the asynchronous requests, as served (describe one by
//! its request id, list an instance's, oldest first, filtered by status).

use std::time::UNIX_EPOCH;

use axum::response::Response;
use idc_raw::huawei_identitycenter::types;

use crate::generated::huawei_identitycenter::{
    DescribeAccountAssignmentCreationStatusRequest, DescribeAccountAssignmentDeletionStatusRequest,
    DescribePermissionSetProvisioningStatusRequest, ListAccountAssignmentCreationStatusRequest,
    ListAccountAssignmentDeletionStatusRequest, ListPermissionSetProvisioningStatusRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::NOT_FOUND;
use crate::huawei::common::{not_found, part, rows_page, select};
use crate::huawei::lookups::modelled_instance;
use crate::store::huawei_statuses::{
    AssignmentOperation, Operation, OperationLog, Progress, ProvisioningOperation,
};

/// Now, as the emulator's clock tells it, in milliseconds since the epoch.
pub(crate) fn now_millis(ctx: &Context<'_>) -> i64 {
    let since = ctx.app.clock.now().duration_since(UNIX_EPOCH);
    since.map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// An account assignment request's status, as served.
pub(crate) fn assignment_status(
    op: &AssignmentOperation,
) -> types::AccountAssignmentOperationStatus {
    let (p, a) = (&op.progress, &op.assignment);
    types::AccountAssignmentOperationStatus {
        created_date: Some(p.created_date),
        failure_reason: p.failure_reason.clone(),
        permission_set_id: Some(a.permission_set_id.to_string()),
        principal_id: Some(a.principal_id.to_string()),
        principal_type: Some(a.principal_type.to_string()),
        request_id: Some(p.request_id.to_string()),
        status: Some(p.status.as_str().to_owned()),
        target_id: Some(a.account_id.to_string()),
        target_type: Some("ACCOUNT".to_owned()),
    }
}

/// A provisioning request's status, as served (its date is a string, as the API documents).
pub(crate) fn provisioning_status(
    op: &ProvisioningOperation,
) -> types::PermissionSetProvisioningStatus {
    let p = &op.progress;
    types::PermissionSetProvisioningStatus {
        account_id: op.account_id.as_deref().map(str::to_owned),
        created_date: Some(p.created_date.to_string()),
        failure_reason: p.failure_reason.clone(),
        permission_set_id: Some(op.permission_set_id.to_string()),
        request_id: Some(p.request_id.to_string()),
        status: Some(p.status.as_str().to_owned()),
    }
}

fn metadata(p: &Progress) -> types::OperationStatusMetadata {
    types::OperationStatusMetadata {
        created_date: Some(p.created_date),
        request_id: Some(p.request_id.to_string()),
        status: Some(p.status.as_str().to_owned()),
    }
}

/// The request `id` of a log on a modelled instance, or a 404.
fn status_row<'a, R: Operation>(
    ctx: &Context<'a>,
    log: &'a OperationLog<R>,
    instance: &str,
    id: &str,
) -> Result<&'a R, Reject> {
    modelled_instance(ctx, instance)?;
    log.get(instance, id).ok_or_else(|| {
        not_found(
            ctx,
            NOT_FOUND,
            format!("The request {id} does not exist in instance {instance}."),
        )
    })
}

/// A page of an instance's requests of one log (`key` names the list and the query), filtered
/// by status.
fn status_page<R: Operation>(
    ctx: &Context<'_>,
    (key, log): (&'static str, &OperationLog<R>),
    (instance, status): (&str, &Option<String>),
    paging: (Option<String>, i64),
) -> Result<Response, Reject> {
    modelled_instance(ctx, instance)?;
    let positions = select(log.of_instance(instance), &log.rows, |r| {
        status
            .as_deref()
            .is_none_or(|s| r.progress().status.as_str() == s)
    });
    let query = [key, instance, part(status)];
    let view = |r: &R| metadata(r.progress());
    rows_page(ctx, (key, &query), (&log.rows, &positions), paging, view)
}

/// `DescribeAccountAssignmentCreationStatus`.
pub(crate) fn creation_status(
    ctx: &Context<'_>,
    request: DescribeAccountAssignmentCreationStatusRequest,
) -> Result<Response, Reject> {
    let log = &ctx.store.data.huawei.operations.creations;
    let op = status_row(ctx, log, &request.instance_id, &request.request_id)?;
    ok(&types::DescribeAccountAssignmentCreationStatusResponse {
        account_assignment_creation_status: Some(assignment_status(op)),
    })
}

/// `DescribeAccountAssignmentDeletionStatus`.
pub(crate) fn deletion_status(
    ctx: &Context<'_>,
    request: DescribeAccountAssignmentDeletionStatusRequest,
) -> Result<Response, Reject> {
    let log = &ctx.store.data.huawei.operations.deletions;
    let op = status_row(ctx, log, &request.instance_id, &request.request_id)?;
    ok(&types::DescribeAccountAssignmentDeletionStatusResponse {
        account_assignment_deletion_status: Some(assignment_status(op)),
    })
}

/// `DescribePermissionSetProvisioningStatus`.
pub(crate) fn provisioning_status_of(
    ctx: &Context<'_>,
    request: DescribePermissionSetProvisioningStatusRequest,
) -> Result<Response, Reject> {
    let log = &ctx.store.data.huawei.operations.provisionings;
    let op = status_row(ctx, log, &request.instance_id, &request.request_id)?;
    ok(&types::DescribePermissionSetProvisioningStatusResponse {
        permission_set_provisioning_status: Some(provisioning_status(op)),
    })
}

/// `ListAccountAssignmentCreationStatus`.
pub(crate) fn creation_statuses(
    ctx: &Context<'_>,
    request: ListAccountAssignmentCreationStatusRequest,
) -> Result<Response, Reject> {
    let log = &ctx.store.data.huawei.operations.creations;
    let key = "account_assignments_creation_status";
    let filter = (&*request.instance_id, &request.status);
    status_page(ctx, (key, log), filter, (request.marker, request.limit))
}

/// `ListAccountAssignmentDeletionStatus`.
pub(crate) fn deletion_statuses(
    ctx: &Context<'_>,
    request: ListAccountAssignmentDeletionStatusRequest,
) -> Result<Response, Reject> {
    let log = &ctx.store.data.huawei.operations.deletions;
    let key = "account_assignments_deletion_status";
    let filter = (&*request.instance_id, &request.status);
    status_page(ctx, (key, log), filter, (request.marker, request.limit))
}

/// `ListPermissionSetProvisioningStatus`.
pub(crate) fn provisioning_statuses(
    ctx: &Context<'_>,
    request: ListPermissionSetProvisioningStatusRequest,
) -> Result<Response, Reject> {
    let log = &ctx.store.data.huawei.operations.provisionings;
    let key = "permission_sets_provisioning_status";
    let filter = (&*request.instance_id, &request.status);
    status_page(ctx, (key, log), filter, (request.marker, request.limit))
}
