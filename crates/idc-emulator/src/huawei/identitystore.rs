//! Huawei Cloud IdentityStore (users, groups, memberships) and Organizations (accounts): the data
//! lookups of their operations, over the same rows as the IdentityCenter ones.

use std::collections::HashMap;

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::*;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::huawei::codes::{UNKNOWN_GROUP, UNKNOWN_USER};
use crate::huawei::common::{bad_request, not_found, rows_page};
use crate::huawei::identitystore_lookups::{
    Lookup, group, group_view, identity_store, membership, membership_view, user, user_view,
};
use crate::huawei::identitystore_sp as sp;
use crate::huawei::identitystore_users as users;
use crate::huawei::{identitystore_groups as groups, identitystore_sign_ins as sign_ins};
use crate::huawei::{identitystore_idp as idp, identitystore_settings as settings};
use crate::store::keys::{Key, at, list_at};

impl Handlers for App {
    fn create_user(
        &self,
        ctx: &Context<'_>,
        request: CreateUserRequest,
    ) -> Result<Response, Reject> {
        users::create_user(ctx, request)
    }

    fn update_user(
        &self,
        ctx: &Context<'_>,
        request: UpdateUserRequest,
    ) -> Result<Response, Reject> {
        users::update_user(ctx, request)
    }

    fn delete_user(
        &self,
        ctx: &Context<'_>,
        request: DeleteUserRequest,
    ) -> Result<Response, Reject> {
        users::delete_user(ctx, request)
    }

    fn disable_user(
        &self,
        ctx: &Context<'_>,
        request: DisableUserRequest,
    ) -> Result<Response, Reject> {
        users::set_enabled(ctx, (&request.identity_store_id, &request.user_id), false)
    }

    fn enable_user(
        &self,
        ctx: &Context<'_>,
        request: EnableUserRequest,
    ) -> Result<Response, Reject> {
        users::set_enabled(ctx, (&request.identity_store_id, &request.user_id), true)
    }

    fn create_group(
        &self,
        ctx: &Context<'_>,
        request: CreateGroupRequest,
    ) -> Result<Response, Reject> {
        groups::create_group(ctx, request)
    }

    fn update_group(
        &self,
        ctx: &Context<'_>,
        request: UpdateGroupRequest,
    ) -> Result<Response, Reject> {
        groups::update_group(ctx, request)
    }

    fn delete_group(
        &self,
        ctx: &Context<'_>,
        request: DeleteGroupRequest,
    ) -> Result<Response, Reject> {
        groups::delete_group(ctx, request)
    }

    fn create_group_membership(
        &self,
        ctx: &Context<'_>,
        request: CreateGroupMembershipRequest,
    ) -> Result<Response, Reject> {
        groups::create_group_membership(ctx, request)
    }

    fn delete_group_membership(
        &self,
        ctx: &Context<'_>,
        request: DeleteGroupMembershipRequest,
    ) -> Result<Response, Reject> {
        groups::delete_group_membership(ctx, request)
    }

    fn describe_group_membership(
        &self,
        ctx: &Context<'_>,
        request: DescribeGroupMembershipRequest,
    ) -> Result<Response, Reject> {
        let m = membership(ctx, &request.identity_store_id, &request.membership_id)?;
        ok(&membership_view(m))
    }

    fn get_group_membership_id(
        &self,
        ctx: &Context<'_>,
        request: GetGroupMembershipIdRequest,
    ) -> Result<Response, Reject> {
        groups::get_group_membership_id(ctx, request)
    }

    fn list_sessions(
        &self,
        ctx: &Context<'_>,
        request: ListSessionsRequest,
    ) -> Result<Response, Reject> {
        sign_ins::list_sessions(ctx, request)
    }

    fn batch_delete_sessions(
        &self,
        ctx: &Context<'_>,
        request: BatchDeleteSessionsRequest,
    ) -> Result<Response, Reject> {
        sign_ins::batch_delete_sessions(ctx, request)
    }

    fn batch_list_mfa_devices_for_user(
        &self,
        ctx: &Context<'_>,
        request: BatchListMfaDevicesForUserRequest,
    ) -> Result<Response, Reject> {
        sign_ins::batch_list_mfa_devices_for_user(ctx, request)
    }

    fn delete_mfa_device_for_user(
        &self,
        ctx: &Context<'_>,
        request: DeleteMfaDeviceForUserRequest,
    ) -> Result<Response, Reject> {
        sign_ins::delete_mfa_device_for_user(ctx, request)
    }

    fn describe_password_policy(
        &self,
        ctx: &Context<'_>,
        request: DescribePasswordPolicyRequest,
    ) -> Result<Response, Reject> {
        settings::describe_password_policy(ctx, request)
    }

    fn update_password_policy(
        &self,
        ctx: &Context<'_>,
        request: UpdatePasswordPolicyRequest,
    ) -> Result<Response, Reject> {
        settings::update_password_policy(ctx, request)
    }

    fn get_identity_store_summary(
        &self,
        ctx: &Context<'_>,
        request: GetIdentityStoreSummaryRequest,
    ) -> Result<Response, Reject> {
        settings::get_identity_store_summary(ctx, request)
    }

    fn list_provisioning_tenants(
        &self,
        ctx: &Context<'_>,
        request: ListProvisioningTenantsRequest,
    ) -> Result<Response, Reject> {
        settings::list_provisioning_tenants(ctx, request)
    }

    fn create_provisioning_tenant(
        &self,
        ctx: &Context<'_>,
        request: CreateProvisioningTenantRequest,
    ) -> Result<Response, Reject> {
        settings::create_provisioning_tenant(ctx, request)
    }

    fn delete_provisioning_tenant(
        &self,
        ctx: &Context<'_>,
        request: DeleteProvisioningTenantRequest,
    ) -> Result<Response, Reject> {
        settings::delete_provisioning_tenant(ctx, request)
    }

    fn list_bearer_tokens(
        &self,
        ctx: &Context<'_>,
        request: ListBearerTokensRequest,
    ) -> Result<Response, Reject> {
        settings::list_bearer_tokens(ctx, request)
    }

    fn create_bearer_token(
        &self,
        ctx: &Context<'_>,
        request: CreateBearerTokenRequest,
    ) -> Result<Response, Reject> {
        settings::create_bearer_token(ctx, request)
    }

    fn delete_bearer_token(
        &self,
        ctx: &Context<'_>,
        request: DeleteBearerTokenRequest,
    ) -> Result<Response, Reject> {
        settings::delete_bearer_token(ctx, request)
    }

    fn register_mfa_device_for_user(
        &self,
        ctx: &Context<'_>,
        request: RegisterMfaDeviceForUserRequest,
    ) -> Result<Response, Reject> {
        sign_ins::register_mfa_device_for_user(ctx, request)
    }

    fn update_mfa_device_for_user(
        &self,
        ctx: &Context<'_>,
        request: UpdateMfaDeviceForUserRequest,
    ) -> Result<Response, Reject> {
        sign_ins::update_mfa_device_for_user(ctx, request)
    }

    fn reset_pwd_mode(
        &self,
        ctx: &Context<'_>,
        request: ResetPwdModeRequest,
    ) -> Result<Response, Reject> {
        users::reset_pwd_mode(ctx, request)
    }

    fn verify_email(
        &self,
        ctx: &Context<'_>,
        request: VerifyEmailRequest,
    ) -> Result<Response, Reject> {
        users::verify_email(ctx, request)
    }

    fn get_sp_configuration_for_directory(
        &self,
        ctx: &Context<'_>,
        request: GetSpConfigurationForDirectoryRequest,
    ) -> Result<Response, Reject> {
        sp::get_sp_configuration_for_directory(ctx, request)
    }

    fn list_external_id_p_configurations_for_directory(
        &self,
        ctx: &Context<'_>,
        request: ListExternalIdPConfigurationsForDirectoryRequest,
    ) -> Result<Response, Reject> {
        idp::list_external_idps(ctx, request)
    }

    fn create_external_id_p_configuration_for_directory(
        &self,
        ctx: &Context<'_>,
        request: CreateExternalIdPConfigurationForDirectoryRequest,
    ) -> Result<Response, Reject> {
        idp::create_external_idp(ctx, request)
    }

    fn update_external_id_p_configuration_for_directory(
        &self,
        ctx: &Context<'_>,
        request: UpdateExternalIdPConfigurationForDirectoryRequest,
    ) -> Result<Response, Reject> {
        idp::update_external_idp(ctx, request)
    }

    fn delete_external_id_p_configuration_for_directory(
        &self,
        ctx: &Context<'_>,
        request: DeleteExternalIdPConfigurationForDirectoryRequest,
    ) -> Result<Response, Reject> {
        idp::delete_external_idp(ctx, request)
    }

    fn enable_external_id_p_configuration_for_directory(
        &self,
        ctx: &Context<'_>,
        request: EnableExternalIdPConfigurationForDirectoryRequest,
    ) -> Result<Response, Reject> {
        idp::set_idp_enabled(ctx, (request.identity_store_id, &request.idp_id), true)
    }

    fn disable_external_id_p_configuration_for_directory(
        &self,
        ctx: &Context<'_>,
        request: DisableExternalIdPConfigurationForDirectoryRequest,
    ) -> Result<Response, Reject> {
        idp::set_idp_enabled(ctx, (request.identity_store_id, &request.idp_id), false)
    }

    fn list_external_id_p_certificates(
        &self,
        ctx: &Context<'_>,
        request: ListExternalIdPCertificatesRequest,
    ) -> Result<Response, Reject> {
        idp::list_idp_certificates(ctx, request)
    }

    fn import_external_id_p_certificate(
        &self,
        ctx: &Context<'_>,
        request: ImportExternalIdPCertificateRequest,
    ) -> Result<Response, Reject> {
        idp::import_idp_certificate(ctx, request)
    }

    fn delete_external_id_p_certificate(
        &self,
        ctx: &Context<'_>,
        request: DeleteExternalIdPCertificateRequest,
    ) -> Result<Response, Reject> {
        idp::delete_idp_certificate(ctx, request)
    }

    fn list_sp_certificates(
        &self,
        ctx: &Context<'_>,
        request: ListSpCertificatesRequest,
    ) -> Result<Response, Reject> {
        sp::list_sp_certificates(ctx, request)
    }

    fn create_sp_certificate(
        &self,
        ctx: &Context<'_>,
        request: CreateSpCertificateRequest,
    ) -> Result<Response, Reject> {
        sp::create_sp_certificate(ctx, request)
    }

    fn update_sp_active_certificate(
        &self,
        ctx: &Context<'_>,
        request: UpdateSpActiveCertificateRequest,
    ) -> Result<Response, Reject> {
        sp::update_sp_active_certificate(ctx, request)
    }

    fn delete_sp_certificate(
        &self,
        ctx: &Context<'_>,
        request: DeleteSpCertificateRequest,
    ) -> Result<Response, Reject> {
        sp::delete_sp_certificate(ctx, request)
    }

    fn list_users(&self, ctx: &Context<'_>, request: ListUsersRequest) -> Result<Response, Reject> {
        identity_store(ctx, &request.identity_store_id)?;
        let rows = &ctx.store.data.huawei.users;
        let all = ctx
            .store
            .huawei
            .store_users
            .get(&request.identity_store_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let positions: Vec<u32> =
            all.iter()
                .copied()
                .filter(|&p| {
                    request.user_name.as_deref().is_none_or(|name| {
                        rows.get(p as usize).is_some_and(|u| &*u.user_name == name)
                    })
                })
                .collect();
        rows_page(
            ctx,
            (
                "users",
                &[
                    "users",
                    &request.identity_store_id,
                    request.user_name.as_deref().unwrap_or("\u{1}"),
                ],
            ),
            (rows, &positions),
            (request.marker, request.limit),
            user_view,
        )
    }

    fn describe_user(
        &self,
        ctx: &Context<'_>,
        request: DescribeUserRequest,
    ) -> Result<Response, Reject> {
        let u = user(ctx, &request.identity_store_id, &request.user_id)?;
        ok(&user_view(u))
    }

    fn describe_users(
        &self,
        ctx: &Context<'_>,
        request: DescribeUsersRequest,
    ) -> Result<Response, Reject> {
        let mut users = Vec::with_capacity(request.body.user_ids.len());
        for id in &request.body.user_ids {
            users.push(user_view(user(ctx, &request.identity_store_id, id)?));
        }
        ok(&ids::DescribeUsersResponse { users })
    }

    fn get_user_id(
        &self,
        ctx: &Context<'_>,
        request: GetUserIdRequest,
    ) -> Result<Response, Reject> {
        let store = &request.identity_store_id;
        let ix = &ctx.store.huawei;
        let (found, what) = by_alternate(
            ctx,
            store,
            &request.body.alternate_identifier,
            "user_name",
            (&ix.user_names, &ix.user_external_ids),
        )?;
        match found.and_then(|i| ctx.store.data.huawei.users.get(i)) {
            Some(u) => ok(&ids::GetUserIdResponse {
                identity_store_id: Some(store.clone()),
                user_id: Some(u.user_id.to_string()),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_USER,
                format!("No user of identity store {store} is identified by {what:?}."),
            )),
        }
    }

    fn list_groups(
        &self,
        ctx: &Context<'_>,
        request: ListGroupsRequest,
    ) -> Result<Response, Reject> {
        identity_store(ctx, &request.identity_store_id)?;
        let rows = &ctx.store.data.huawei.groups;
        let all = ctx
            .store
            .huawei
            .store_groups
            .get(&request.identity_store_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        // The spec calls the display name filter a fuzzy match: a case-insensitive substring.
        let wanted = request.display_name.as_deref().map(str::to_lowercase);
        let positions: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&p| {
                wanted.as_deref().is_none_or(|w| {
                    rows.get(p as usize)
                        .is_some_and(|g| g.display_name.to_lowercase().contains(w))
                })
            })
            .collect();
        rows_page(
            ctx,
            (
                "groups",
                &[
                    "groups",
                    &request.identity_store_id,
                    request.display_name.as_deref().unwrap_or("\u{1}"),
                ],
            ),
            (rows, &positions),
            (request.marker, request.limit),
            group_view,
        )
    }

    fn describe_group(
        &self,
        ctx: &Context<'_>,
        request: DescribeGroupRequest,
    ) -> Result<Response, Reject> {
        let g = group(ctx, &request.identity_store_id, &request.group_id)?;
        ok(&group_view(g))
    }

    fn describe_groups(
        &self,
        ctx: &Context<'_>,
        request: DescribeGroupsRequest,
    ) -> Result<Response, Reject> {
        let mut groups = Vec::with_capacity(request.body.group_ids.len());
        for id in &request.body.group_ids {
            groups.push(group_view(group(ctx, &request.identity_store_id, id)?));
        }
        ok(&ids::DescribeGroupsResponse { groups })
    }

    fn get_group_id(
        &self,
        ctx: &Context<'_>,
        request: GetGroupIdRequest,
    ) -> Result<Response, Reject> {
        let store = &request.identity_store_id;
        let ix = &ctx.store.huawei;
        let (found, what) = by_alternate(
            ctx,
            store,
            &request.body.alternate_identifier,
            "display_name",
            (&ix.group_names, &ix.group_external_ids),
        )?;
        match found.and_then(|i| ctx.store.data.huawei.groups.get(i)) {
            Some(g) => ok(&ids::GetGroupIdResponse {
                identity_store_id: Some(store.clone()),
                group_id: Some(g.group_id.to_string()),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_GROUP,
                format!("No group of identity store {store} is identified by {what:?}."),
            )),
        }
    }

    fn list_group_memberships(
        &self,
        ctx: &Context<'_>,
        request: ListGroupMembershipsRequest,
    ) -> Result<Response, Reject> {
        let (store, group_id) = (&*request.identity_store_id, &*request.group_id);
        group(ctx, store, group_id)?;
        let positions = list_at(&ctx.store.huawei.members, &[store, group_id]);
        let rows = &ctx.store.data.huawei.group_memberships;
        let query = ["group-memberships", store, group_id];
        let paging = (request.marker, request.limit);
        rows_page(
            ctx,
            ("group_memberships", &query),
            (rows, positions),
            paging,
            membership_view,
        )
    }

    fn list_group_memberships_for_member(
        &self,
        ctx: &Context<'_>,
        request: ListGroupMembershipsForMemberRequest,
    ) -> Result<Response, Reject> {
        let (store, user_id) = (&*request.identity_store_id, &*request.user_id);
        user(ctx, store, user_id)?;
        let positions = list_at(&ctx.store.huawei.memberships_of, &[store, user_id]);
        let rows = &ctx.store.data.huawei.group_memberships;
        let query = ["group-memberships-for-member", store, user_id];
        let paging = (request.marker, request.limit);
        rows_page(
            ctx,
            ("group_memberships", &query),
            (rows, positions),
            paging,
            membership_view,
        )
    }

    fn is_member_in_groups(
        &self,
        ctx: &Context<'_>,
        request: IsMemberInGroupsRequest,
    ) -> Result<Response, Reject> {
        let store = &request.identity_store_id;
        let user_id = &request.body.member_id.user_id;
        user(ctx, store, user_id)?;
        let memberships = &ctx.store.data.huawei.group_memberships;
        let of_user = ctx
            .store
            .huawei
            .memberships_of
            .get(crate::store::keys::at(&[store, user_id]))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut results = Vec::with_capacity(request.body.group_ids.len());
        for group_id in &request.body.group_ids {
            group(ctx, store, group_id)?;
            let exists = of_user.iter().any(|&p| {
                memberships
                    .get(p as usize)
                    .is_some_and(|m| &*m.group_id == group_id)
            });
            results.push(ids::GroupMembershipExistenceResult {
                group_id: Some(group_id.clone()),
                member_id: Some(ids::MemberId {
                    user_id: user_id.clone(),
                }),
                membership_exists: Some(exists),
            });
        }
        ok(&ids::IsMemberInGroupsResponse { results })
    }
}

enum Alternate<'a> {
    Unique(&'a str),
    External(&'a str),
}

/// The row an alternate identifier names in identity store `store`: by the unique attribute
/// `path` in `names`, or by external id in `external` (both keyed by store and value). A malformed
/// identifier is a 400; no row is `None`, with the value that was looked for.
fn by_alternate<'a>(
    ctx: &Context<'_>,
    store: &str,
    identifier: &'a ids::AlternateIdentifier,
    path: &str,
    (names, external): (&HashMap<Key<2>, usize>, &HashMap<Key<2>, usize>),
) -> Lookup<(Option<usize>, &'a str)> {
    identity_store(ctx, store)?;
    let (index, value) = match alternate(identifier, path) {
        Ok(Alternate::Unique(value)) => (names, value),
        Ok(Alternate::External(value)) => (external, value),
        Err(message) => return Err(bad_request(ctx, message)),
    };
    Ok((index.get(at(&[store, value])).copied(), value))
}

/// What an `alternate_identifier` looks up: `unique_attribute` with `attribute_path` `path`, or
/// `external_id` (matched by its `id`; the issuer is not modelled).
fn alternate<'a>(a: &'a ids::AlternateIdentifier, path: &str) -> Result<Alternate<'a>, String> {
    match (&a.unique_attribute, &a.external_id) {
        (Some(_), Some(_)) => Err(
            "Invalid request: alternate_identifier takes exactly one of unique_attribute and \
             external_id, not both."
                .to_owned(),
        ),
        (Some(u), _) if u.attribute_path == path => Ok(Alternate::Unique(&u.attribute_value)),
        (Some(u), _) => Err(format!(
            "Invalid request: unique_attribute.attribute_path {:?} is not supported; use {path:?}.",
            u.attribute_path
        )),
        (None, Some(e)) => Ok(Alternate::External(&e.id)),
        (None, None) => Err(
            "Invalid request: alternate_identifier needs unique_attribute or external_id."
                .to_owned(),
        ),
    }
}
