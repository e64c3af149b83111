//! The IdentityStore operations on what a user signs in with: `ListSessions`,
//! `BatchDeleteSessions`, `BatchListMfaDevicesForUser`, `DeleteMfaDeviceForUser`,
//! `UpdateMfaDeviceForUser` and `RegisterMfaDeviceForUser`.

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::{
    BatchDeleteSessionsRequest, BatchListMfaDevicesForUserRequest, DeleteMfaDeviceForUserRequest,
    ListSessionsRequest, RegisterMfaDeviceForUserRequest, UpdateMfaDeviceForUserRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::UNKNOWN_SIGN_IN;
use crate::huawei::common::{no_content, not_found};
use crate::huawei::identitystore_lookups::user;
use crate::store::huawei_identity_writes::OfUser;

/// The rows of `table` that belong to user `user_id` of identity store `store`.
fn of_user<'a, R: OfUser + 'a>(
    table: impl Iterator<Item = &'a R>,
    owner: (&'a str, &'a str),
) -> impl Iterator<Item = &'a R> {
    table.filter(move |row| row.owner() == owner)
}

/// `ListSessions`: the user's sessions, in data order (not paged).
pub(crate) fn list_sessions(
    ctx: &Context<'_>,
    request: ListSessionsRequest,
) -> Result<Response, Reject> {
    let owner = (&*request.identity_store_id, &*request.user_id);
    user(ctx, owner.0, owner.1)?;
    let sessions = ctx.store.data.huawei.sessions.iter();
    let session_list = of_user(sessions, owner)
        .map(|x| ids::UserSession {
            creation_time: Some(x.creation_time),
            ip_address: x.ip_address.as_deref().map(str::to_owned),
            session_id: Some(x.session_id.to_string()),
            session_not_valid_after: Some(x.session_not_valid_after),
            user_agent: x.user_agent.as_deref().map(str::to_owned),
            user_id: Some(x.user_id.to_string()),
        })
        .collect();
    ok(&ids::ListSessionsResponse { session_list })
}

/// `BatchDeleteSessions`: every id must be a session of the user (else a 404 and nothing ends).
pub(crate) fn batch_delete_sessions(
    ctx: &Context<'_>,
    request: BatchDeleteSessionsRequest,
) -> Result<Response, Reject> {
    let (store, user_id) = (request.identity_store_id, request.user_id);
    user(ctx, &store, &user_id)?;
    let sessions = &ctx.store.data.huawei.sessions;
    for id in &request.body.session_ids {
        let mut mine = of_user(sessions.iter(), (&store, &user_id));
        if !mine.any(|x| &*x.session_id == id) {
            let message = format!("The session {id} is not a session of user {user_id}.");
            return Err(not_found(ctx, UNKNOWN_SIGN_IN, message));
        }
    }
    let ids = request.body.session_ids;
    ctx.write(move |s| s.delete_huawei_sessions(&store, &user_id, &ids));
    Ok(no_content())
}

/// `BatchListMfaDevicesForUser`: one entry per user asked for (each in the identity store its
/// entry names), with its devices in data order.
pub(crate) fn batch_list_mfa_devices_for_user(
    ctx: &Context<'_>,
    request: BatchListMfaDevicesForUserRequest,
) -> Result<Response, Reject> {
    let devices = &ctx.store.data.huawei.mfa_devices;
    let mut entries = Vec::with_capacity(request.body.user_list.len());
    for entry in request.body.user_list {
        let owner = (&*entry.identity_store_id, &*entry.user_id);
        user(ctx, owner.0, owner.1)?;
        let mfa_devices = of_user(devices.iter(), owner)
            .map(|d| ids::MfaDevice {
                device_id: Some(d.device_id.to_string()),
                device_name: Some(d.device_name.to_string()),
                display_name: d.display_name.as_deref().map(str::to_owned),
                mfa_type: Some(d.mfa_type.to_string()),
                registered_date: Some(d.registered_date),
            })
            .collect();
        entries.push(ids::UserMfaDevices {
            mfa_devices: Some(mfa_devices),
            user: Some(entry),
        });
    }
    ok(&ids::BatchListMfaDevicesForUserResponse {
        user_mfa_devices_entry_list: entries,
    })
}

/// `DeleteMfaDeviceForUser`: the device must be the user's (else a 404).
pub(crate) fn delete_mfa_device_for_user(
    ctx: &Context<'_>,
    request: DeleteMfaDeviceForUserRequest,
) -> Result<Response, Reject> {
    let (store, user_id, device) = (
        request.identity_store_id,
        request.user_id,
        request.device_id,
    );
    users_device(ctx, (&store, &user_id, &device))?;
    ctx.write(move |s| s.delete_huawei_mfa_device(&store, &user_id, &device));
    Ok(no_content())
}

/// `UpdateMfaDeviceForUser`: the device must be the user's (else a 404); its display name changes.
pub(crate) fn update_mfa_device_for_user(
    ctx: &Context<'_>,
    request: UpdateMfaDeviceForUserRequest,
) -> Result<Response, Reject> {
    let (store, user_id, device) = (
        request.identity_store_id,
        request.user_id,
        request.device_id,
    );
    users_device(ctx, (&store, &user_id, &device))?;
    let name = request.body.display_name.to_string();
    ctx.write(move |s| s.rename_huawei_mfa_device((&store, &user_id, &device), &name));
    Ok(no_content())
}

/// A 404 unless `device` is an MFA device of user `user_id` of identity store `store`.
fn users_device(
    ctx: &Context<'_>,
    (store, user_id, device): (&str, &str, &str),
) -> Result<(), Reject> {
    user(ctx, store, user_id)?;
    let devices = ctx.store.data.huawei.mfa_devices.iter();
    if of_user(devices, (store, user_id)).any(|d| *d.device_id == *device) {
        return Ok(());
    }
    let message = format!("The MFA device {device} is not a device of user {user_id}.");
    Err(not_found(ctx, UNKNOWN_SIGN_IN, message))
}

/// `RegisterMfaDeviceForUser`: where the user would finish the registration (the emulator
/// registers nothing: no device appears until one is added to the data).
pub(crate) fn register_mfa_device_for_user(
    ctx: &Context<'_>,
    request: RegisterMfaDeviceForUserRequest,
) -> Result<Response, Reject> {
    let (store, user_id) = (request.identity_store_id, request.user_id);
    user(ctx, &store, &user_id)?;
    let work_flow = format!("{:032x}", rand::random::<u128>());
    ok(&ids::RegisterMfaDeviceForUserResponse {
        redirect_url: Some(format!(
            "https://identitycenter.myhuaweicloud.com/mfa/register?identity_store_id={store}&work_flow={work_flow}"
        )),
        identity_store_id: Some(store),
        user_id: Some(user_id),
        work_flow: Some(work_flow),
    })
}
