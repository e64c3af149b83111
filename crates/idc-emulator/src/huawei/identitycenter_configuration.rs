//! Huawei IdentityCenter: the configuration of an instance (sign-in and session, high
//! availability, MFA device management, attribute-based access control, its alias and identity
//! source), each a configuration document of the store (`store/documents.rs`) with the default
//! the emulator's README lists.

use axum::response::Response;

use crate::generated::huawei_identitycenter::{
    CreateAliasRequest, CreateInstanceAccessControlAttributeConfigurationRequest,
    DeleteInstanceAccessControlAttributeConfigurationRequest,
    DescribeInstanceAccessControlAttributeConfigurationRequest, GetHaConfigurationRequest,
    GetMfaDeviceManagementForIdentityStoreRequest, GetSsoConfigurationRequest,
    ListIdentityStoreAssociationRequest, PutMfaDeviceManagementForIdentityStoreRequest,
    UpdateHaConfigurationRequest, UpdateInstanceAccessControlAttributeConfigurationRequest,
    UpdateSsoConfigurationRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{NOT_FOUND, UNKNOWN_IDENTITY_STORE};
use crate::huawei::common::{bad_request, no_content, not_found};
use crate::huawei::lookups::modelled_instance;
use crate::store::documents::Document;
use idc_raw::huawei_identitycenter::types;

impl Document for types::SsoConfiguration {
    const NAME: &'static str = "SSO configuration";

    /// MFA when a sign-in looks unusual, users without a device asked to register one, TOTP
    /// devices, 8-hour sessions.
    fn default_for(_: &[&str]) -> Option<Self> {
        Some(Self {
            mfa_mode: Some("CONTEXT_AWARE".into()),
            no_mfa_signin_behavior: Some("ALLOWED_WITH_ENROLLMENT".into()),
            no_password_signin_behavior: Some("BLOCKED".into()),
            allowed_mfa_types: Some(vec!["TOTP".into()]),
            session_configuration: Some(types::SessionConfiguration {
                max_authentication_age: "PT8H".into(),
            }),
        })
    }
}

/// The high-availability choice of an instance.
#[derive(Clone)]
pub(crate) struct HaChoice(String);

impl Document for HaChoice {
    const NAME: &'static str = "HA configuration";

    /// High availability rejected.
    fn default_for(_: &[&str]) -> Option<Self> {
        Some(Self("REJECT".into()))
    }
}

/// What the users of an instance's identity store may do with their own MFA devices.
#[derive(Clone)]
pub(crate) struct MfaUserPermission(String);

impl Document for MfaUserPermission {
    const NAME: &'static str = "MFA device management";

    /// Users may register and manage their own devices.
    fn default_for(_: &[&str]) -> Option<Self> {
        Some(Self("ALLOWED".into()))
    }
}

impl Document for types::InstanceAccessControlAttributeConfiguration {
    const NAME: &'static str = "access control attribute configuration";

    /// None until created: attribute-based access control is off.
    fn default_for(_: &[&str]) -> Option<Self> {
        None
    }
}

/// Replaces `slot` by `sent` when it was sent.
fn sent<T>(slot: &mut Option<T>, sent: Option<T>) {
    if sent.is_some() {
        *slot = sent;
    }
}

/// `GetSsoConfiguration`.
pub(crate) fn get_sso(
    ctx: &Context<'_>,
    r: GetSsoConfigurationRequest,
) -> Result<Response, Reject> {
    modelled_instance(ctx, &r.instance_id)?;
    let sso_configuration = ctx.store.data.documents.get(&[&r.instance_id]);
    ok(&types::GetSsoConfigurationResponse { sso_configuration })
}

/// `UpdateSsoConfiguration`: the fields sent replace theirs.
pub(crate) fn update_sso(
    ctx: &Context<'_>,
    r: UpdateSsoConfigurationRequest,
) -> Result<Response, Reject> {
    modelled_instance(ctx, &r.instance_id)?;
    let (id, new) = (r.instance_id, r.body.sso_configuration);
    ctx.write(move |s| {
        s.data
            .documents
            .change(&[&id], |c: &mut types::SsoConfiguration| {
                sent(&mut c.mfa_mode, new.mfa_mode);
                sent(&mut c.no_mfa_signin_behavior, new.no_mfa_signin_behavior);
                sent(
                    &mut c.no_password_signin_behavior,
                    new.no_password_signin_behavior,
                );
                sent(&mut c.allowed_mfa_types, new.allowed_mfa_types);
                sent(&mut c.session_configuration, new.session_configuration);
                Ok(())
            })
    });
    Ok(no_content())
}

/// `GetHaConfiguration`.
pub(crate) fn get_ha(ctx: &Context<'_>, r: GetHaConfigurationRequest) -> Result<Response, Reject> {
    modelled_instance(ctx, &r.instance_id)?;
    let choice = ctx.store.data.documents.get::<HaChoice>(&[&r.instance_id]);
    ok(&types::GetHaConfigurationResponse {
        disaster_recovery_choice: choice.map(|c| c.0),
    })
}

/// `UpdateHaConfiguration`.
pub(crate) fn update_ha(
    ctx: &Context<'_>,
    r: UpdateHaConfigurationRequest,
) -> Result<Response, Reject> {
    modelled_instance(ctx, &r.instance_id)?;
    let choice = HaChoice(r.body.disaster_recovery_choice.to_string());
    ctx.write(move |s| s.data.documents.put(&[&r.instance_id], choice));
    Ok(no_content())
}

/// `GetMfaDeviceManagementForIdentityStore`.
pub(crate) fn get_mfa_management(
    ctx: &Context<'_>,
    r: GetMfaDeviceManagementForIdentityStoreRequest,
) -> Result<Response, Reject> {
    let instance = modelled_instance(ctx, &r.instance_id)?;
    let permission = ctx
        .store
        .data
        .documents
        .get::<MfaUserPermission>(&[&r.instance_id]);
    ok(&types::GetMfaDeviceManagementForIdentityStoreResponse {
        identity_store_id: Some(instance.identity_store_id.to_string()),
        user_permission: permission.map(|p| p.0),
    })
}

/// `PutMfaDeviceManagementForIdentityStore`: the identity store must be the instance's.
pub(crate) fn put_mfa_management(
    ctx: &Context<'_>,
    r: PutMfaDeviceManagementForIdentityStoreRequest,
) -> Result<Response, Reject> {
    let instance = modelled_instance(ctx, &r.instance_id)?;
    let store = &*r.body.identity_store_id;
    if store != &*instance.identity_store_id {
        let message = format!(
            "The identity store {store} is not the one of instance {}.",
            r.instance_id
        );
        return Err(not_found(ctx, UNKNOWN_IDENTITY_STORE, message));
    }
    let permission = MfaUserPermission(r.body.user_permission.to_string());
    ctx.write(move |s| s.data.documents.put(&[&r.instance_id], permission));
    Ok(no_content())
}

/// `ListIdentityStoreAssociation`: the instance's own identity store, its users and groups
/// created by hand.
pub(crate) fn identity_store_associations(
    ctx: &Context<'_>,
    r: ListIdentityStoreAssociationRequest,
) -> Result<Response, Reject> {
    let instance = modelled_instance(ctx, &r.instance_id)?;
    let association = types::IdentityStoreAssociation {
        identity_store_id: instance.identity_store_id.to_string(),
        identity_store_type: "IDENTITY_CENTER".into(),
        authentication_type: "IDENTITY_CENTER".into(),
        provisioning_type: vec!["MANUAL".into()],
        status: "ENABLED".into(),
    };
    ok(&types::ListIdentityStoreAssociationResponse {
        identity_store_associations: vec![association],
    })
}

/// `CreateAlias`: once per instance (the store refuses a second).
pub(crate) fn create_alias(ctx: &Context<'_>, r: CreateAliasRequest) -> Result<Response, Reject> {
    modelled_instance(ctx, &r.instance_id)?;
    let alias = r.body.alias.to_string();
    ctx.write(move |s| s.set_huawei_instance_alias(&r.instance_id, &alias));
    Ok(no_content())
}

/// A 400 when two attributes of `config` share a key.
fn distinct_keys(
    ctx: &Context<'_>,
    config: &types::InstanceAccessControlAttributeConfiguration,
) -> Result<(), Reject> {
    let mut keys = std::collections::HashSet::new();
    match (config.access_control_attributes.iter()).find(|a| !keys.insert(&*a.key)) {
        Some(a) => Err(bad_request(
            ctx,
            format!("The attribute key {} is given twice.", &*a.key),
        )),
        None => Ok(()),
    }
}

/// `CreateInstanceAccessControlAttributeConfiguration`.
pub(crate) fn create_abac(
    ctx: &Context<'_>,
    r: CreateInstanceAccessControlAttributeConfigurationRequest,
) -> Result<Response, Reject> {
    modelled_instance(ctx, &r.instance_id)?;
    let config = r.body.instance_access_control_attribute_configuration;
    distinct_keys(ctx, &config)?;
    ctx.write(move |s| s.data.documents.create(&[&r.instance_id], config));
    Ok(no_content())
}

/// The access control attribute configuration of `instance`, a 404 ([`NOT_FOUND`]) until created.
fn abac_of<'a>(
    ctx: &Context<'a>,
    instance: &str,
) -> Result<&'a types::InstanceAccessControlAttributeConfiguration, Reject> {
    modelled_instance(ctx, instance)?;
    let message = || format!("Instance {instance} has no access control attribute configuration.");
    (ctx.store.data.documents.stored(&[instance]))
        .ok_or_else(|| not_found(ctx, NOT_FOUND, message()))
}

/// `DescribeInstanceAccessControlAttributeConfiguration`: a 404 until created.
pub(crate) fn describe_abac(
    ctx: &Context<'_>,
    r: DescribeInstanceAccessControlAttributeConfigurationRequest,
) -> Result<Response, Reject> {
    let config = abac_of(ctx, &r.instance_id)?;
    ok(
        &types::DescribeInstanceAccessControlAttributeConfigurationResponse {
            instance_access_control_attribute_configuration: Some(config.clone()),
            status: Some("ENABLED".into()),
            status_reason: None,
        },
    )
}

/// `UpdateInstanceAccessControlAttributeConfiguration`: replaces the attributes (a 404 until
/// created).
pub(crate) fn update_abac(
    ctx: &Context<'_>,
    r: UpdateInstanceAccessControlAttributeConfigurationRequest,
) -> Result<Response, Reject> {
    abac_of(ctx, &r.instance_id)?;
    let config = r.body.instance_access_control_attribute_configuration;
    distinct_keys(ctx, &config)?;
    ctx.write(move |s| {
        let replace = |c: &mut types::InstanceAccessControlAttributeConfiguration| {
            *c = config;
            Ok(())
        };
        s.data.documents.change(&[&r.instance_id], replace)
    });
    Ok(no_content())
}

/// `DeleteInstanceAccessControlAttributeConfiguration` (a 404 until created).
pub(crate) fn delete_abac(
    ctx: &Context<'_>,
    r: DeleteInstanceAccessControlAttributeConfigurationRequest,
) -> Result<Response, Reject> {
    abac_of(ctx, &r.instance_id)?;
    ctx.write(move |s| {
        let documents = &mut s.data.documents;
        (documents.remove::<types::InstanceAccessControlAttributeConfiguration>(&[&r.instance_id]))
            .map(drop)
    });
    Ok(no_content())
}
