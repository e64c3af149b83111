//! The IdentityStore operations on the identity store as a whole: its password policy
//! (`DescribePasswordPolicy`, `UpdatePasswordPolicy`), its counts and quotas
//! (`GetIdentityStoreSummary`), and SCIM automatic provisioning (`ListProvisioningTenants`,
//! `CreateProvisioningTenant`, `DeleteProvisioningTenant`, `ListBearerTokens`,
//! `CreateBearerToken`, `DeleteBearerToken`). The policy and the tenant are documents of the
//! store (`store/huawei_store_documents.rs`).

use axum::response::Response;
use idc_raw::huawei_identitystore::types as ids;

use crate::generated::huawei_identitystore::{
    CreateBearerTokenRequest, CreateProvisioningTenantRequest, DeleteBearerTokenRequest,
    DeleteProvisioningTenantRequest, DescribePasswordPolicyRequest, GetIdentityStoreSummaryRequest,
    ListBearerTokensRequest, ListProvisioningTenantsRequest, UpdatePasswordPolicyRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{CONFIGURATION_CONFLICT, UNKNOWN_CONFIGURATION};
use crate::huawei::common::{conflict, created, no_content, not_found};
use crate::huawei::identitycenter_statuses::now_millis;
use crate::huawei::identitystore_lookups::{Lookup, configured, identity_store};
use crate::store::huawei_store_documents::ProvisioningTenant;
use crate::store::keys::random_uuid;

/// How many users an identity store may hold (the emulator's quota).
pub(crate) const USERS_QUOTA: i64 = 50_000;
/// How many groups an identity store may hold (the emulator's quota).
pub(crate) const GROUPS_QUOTA: i64 = 10_000;
/// How long a bearer token is valid: 365 days, in milliseconds.
const TOKEN_LIFETIME_MS: i64 = 365 * 24 * 3600 * 1000;

/// `DescribePasswordPolicy`: the policy written last, else the default.
pub(crate) fn describe_password_policy(
    ctx: &Context<'_>,
    request: DescribePasswordPolicyRequest,
) -> Result<Response, Reject> {
    identity_store(ctx, &request.identity_store_id)?;
    let documents = &ctx.store.data.documents;
    let password_policy = documents.get::<ids::PasswordPolicy>(&[&request.identity_store_id]);
    ok(&ids::DescribePasswordPolicyResponse { password_policy })
}

/// `UpdatePasswordPolicy`: each setting given replaces the current one; the others stay.
pub(crate) fn update_password_policy(
    ctx: &Context<'_>,
    request: UpdatePasswordPolicyRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    identity_store(ctx, &store)?;
    let new = request.body.password_policy;
    ctx.write(move |s| {
        s.data
            .documents
            .change(&[&store], |p: &mut ids::PasswordPolicy| {
                p.minimum_password_length =
                    new.minimum_password_length.or(p.minimum_password_length);
                p.require_lowercase_characters =
                    (new.require_lowercase_characters).or(p.require_lowercase_characters);
                p.require_uppercase_characters =
                    (new.require_uppercase_characters).or(p.require_uppercase_characters);
                p.require_numbers = new.require_numbers.or(p.require_numbers);
                p.require_symbols = new.require_symbols.or(p.require_symbols);
                p.max_password_age = new.max_password_age.or(p.max_password_age);
                p.password_reuse_prevention =
                    (new.password_reuse_prevention).or(p.password_reuse_prevention);
                Ok(())
            })
    });
    Ok(no_content())
}

/// `GetIdentityStoreSummary`: the users and groups the identity store holds now, and the
/// emulator's quotas.
pub(crate) fn get_identity_store_summary(
    ctx: &Context<'_>,
    request: GetIdentityStoreSummaryRequest,
) -> Result<Response, Reject> {
    let store = &request.identity_store_id;
    identity_store(ctx, store)?;
    let index = &ctx.store.huawei;
    let count = |rows: Option<&Vec<u32>>| rows.map_or(0, |r| i64::try_from(r.len()).unwrap_or(0));
    ok(&ids::GetIdentityStoreSummaryResponse {
        users: Some(count(index.store_users.get(store))),
        users_quota: Some(USERS_QUOTA),
        groups: Some(count(index.store_groups.get(store))),
        groups_quota: Some(GROUPS_QUOTA),
    })
}

/// The provisioning tenant `tenant_id` of identity store `store` (a 404 when it has none, or
/// another).
fn tenant<'a>(ctx: &Context<'a>, store: &str, tenant_id: &str) -> Lookup<&'a ProvisioningTenant> {
    let what = ("provisioning tenant", tenant_id);
    configured(ctx, store, what, |t: &ProvisioningTenant| {
        t.tenant_id.as_str()
    })
}

/// `ListProvisioningTenants`: the tenant, if provisioning is on.
pub(crate) fn list_provisioning_tenants(
    ctx: &Context<'_>,
    request: ListProvisioningTenantsRequest,
) -> Result<Response, Reject> {
    let store = &request.identity_store_id;
    identity_store(ctx, store)?;
    let found = ctx
        .store
        .data
        .documents
        .stored::<ProvisioningTenant>(&[store]);
    let provisioning_tenants = found.map(ProvisioningTenant::view).into_iter().collect();
    ok(&ids::ListProvisioningTenantsResponse {
        provisioning_tenants,
    })
}

/// `CreateProvisioningTenant`: a new tenant without tokens; a second one is a 409.
pub(crate) fn create_provisioning_tenant(
    ctx: &Context<'_>,
    request: CreateProvisioningTenantRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    identity_store(ctx, &store)?;
    if ctx
        .store
        .data
        .documents
        .stored::<ProvisioningTenant>(&[&store])
        .is_some()
    {
        let message = format!("Automatic provisioning is on in identity store {store} already.");
        return Err(conflict(ctx, CONFIGURATION_CONFLICT, message));
    }
    let tenant = ProvisioningTenant {
        tenant_id: random_uuid(),
        creation_time: now_millis(ctx),
        tokens: Vec::new(),
    };
    let view = tenant.view();
    ctx.write(move |s| s.data.documents.create(&[&store], tenant));
    created(&view)
}

/// `DeleteProvisioningTenant`: the tenant and its tokens.
pub(crate) fn delete_provisioning_tenant(
    ctx: &Context<'_>,
    request: DeleteProvisioningTenantRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    tenant(ctx, &store, &request.tenant_id)?;
    ctx.write(move |s| {
        s.data
            .documents
            .remove::<ProvisioningTenant>(&[&store])
            .map(drop)
    });
    Ok(no_content())
}

/// `ListBearerTokens`: the tenant's tokens, oldest first.
pub(crate) fn list_bearer_tokens(
    ctx: &Context<'_>,
    request: ListBearerTokensRequest,
) -> Result<Response, Reject> {
    let t = tenant(ctx, &request.identity_store_id, &request.tenant_id)?;
    ok(&ids::ListBearerTokensResponse {
        bearer_tokens: t.tokens.clone(),
    })
}

/// `CreateBearerToken`: a token valid a year; the secret is answered and not kept.
pub(crate) fn create_bearer_token(
    ctx: &Context<'_>,
    request: CreateBearerTokenRequest,
) -> Result<Response, Reject> {
    let store = request.identity_store_id;
    tenant(ctx, &store, &request.tenant_id)?;
    let now = now_millis(ctx);
    let token = ids::BearerToken {
        token_id: Some(random_uuid()),
        creation_time: Some(now),
        expiration_time: Some(now.saturating_add(TOKEN_LIFETIME_MS)),
    };
    let answer = ids::CreateBearerTokenResponse {
        token_id: token.token_id.clone(),
        token: Some(
            format!(
                "{:032x}{:032x}",
                rand::random::<u128>(),
                rand::random::<u128>()
            )
            .into(),
        ),
        creation_time: token.creation_time,
        expiration_time: token.expiration_time,
    };
    ctx.write(move |s| {
        let documents = &mut s.data.documents;
        documents.change(&[&store], |t: &mut ProvisioningTenant| {
            t.tokens.push(token);
            Ok(())
        })
    });
    created(&answer)
}

/// `DeleteBearerToken`: the token must be the tenant's (else a 404).
pub(crate) fn delete_bearer_token(
    ctx: &Context<'_>,
    request: DeleteBearerTokenRequest,
) -> Result<Response, Reject> {
    let (store, token_id) = (request.identity_store_id, request.token_id);
    let t = tenant(ctx, &store, &request.tenant_id)?;
    if !t
        .tokens
        .iter()
        .any(|x| x.token_id.as_deref() == Some(&*token_id))
    {
        let message = format!(
            "The bearer token {token_id} is not a token of tenant {}.",
            t.tenant_id
        );
        return Err(not_found(ctx, UNKNOWN_CONFIGURATION, message));
    }
    ctx.write(move |s| {
        let documents = &mut s.data.documents;
        documents.change(&[&store], |t: &mut ProvisioningTenant| {
            t.tokens
                .retain(|x| x.token_id.as_deref() != Some(&*token_id));
            Ok(())
        })
    });
    Ok(no_content())
}
