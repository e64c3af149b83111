//! The lookups the IdentityCenter handlers share: a row by its id or a 404 in Huawei's shape, and
//! rows as served.

use crate::http::dispatch::Context;
use crate::http::responses::Reject;
use crate::huawei::codes::*;
use crate::huawei::common::not_found;
use crate::store::huawei_rows::{HuaweiApplication, HuaweiInstance, HuaweiPermissionSet};
use crate::store::tables::Store;
use idc_raw::huawei_identitycenter::types;

/// The instance `id` if the data set models it (lists it in `instances`), else a 404
/// ([`UNKNOWN_INSTANCE`]).
pub(crate) fn modelled_instance<'a>(
    ctx: &Context<'a>,
    id: &str,
) -> Result<&'a HuaweiInstance, Reject> {
    let store = &ctx.store;
    store
        .huawei
        .instances
        .get(id)
        .and_then(|&i| store.data.huawei.instances.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_INSTANCE,
                format!("The instance {id} does not exist."),
            )
        })
}

/// A 404 ([`UNKNOWN_ACCOUNT`]) unless the account exists.
pub(crate) fn known_account(ctx: &Context<'_>, id: &str) -> Result<(), Reject> {
    if ctx.store.huawei.accounts.contains_key(id) {
        Ok(())
    } else {
        Err(not_found(
            ctx,
            UNKNOWN_ACCOUNT,
            format!("The account {id} does not exist."),
        ))
    }
}

/// The permission set `id` of instance `instance` (and the instance), or a 404.
pub(crate) fn permission_set<'a>(
    ctx: &Context<'a>,
    instance: &str,
    id: &str,
) -> Result<(&'a HuaweiInstance, &'a HuaweiPermissionSet), Reject> {
    let instance_row = modelled_instance(ctx, instance)?;
    let store = &ctx.store;
    store
        .huawei
        .permission_sets
        .get(crate::store::keys::at(&[instance, id]))
        .and_then(|&i| store.data.huawei.permission_sets.get(i))
        .map(|set| (instance_row, set))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_PERMISSION_SET,
                format!("The permission set {id} does not exist in instance {instance}."),
            )
        })
}

/// The application `id` of instance `instance`, or a 404.
pub(crate) fn find_application<'a>(
    ctx: &Context<'a>,
    instance: &str,
    id: &str,
) -> Result<&'a HuaweiApplication, Reject> {
    modelled_instance(ctx, instance)?;
    let store = &ctx.store;
    store
        .huawei
        .views(&store.data.huawei)
        .applications
        .get(crate::store::keys::at(&[instance, id]))
        .and_then(|&i| store.data.huawei.applications.get(i))
        .ok_or_else(|| {
            not_found(
                ctx,
                UNKNOWN_APPLICATION,
                format!("The application {id} does not exist in instance {instance}."),
            )
        })
}

/// Checks that a principal can be listed: on a modelled instance it must exist in the instance's
/// identity store (a 404, [`UNKNOWN_PRINCIPAL`], otherwise); on an instance only assignments name
/// (the pre-entity data format) anything goes; an instance nothing names is a 404.
pub(crate) fn principal(
    ctx: &Context<'_>,
    instance: &str,
    principal: &str,
    principal_type: &str,
) -> Result<(), Reject> {
    let ix = &ctx.store.huawei;
    if ix.legacy_instances.contains(instance) {
        return Ok(());
    }
    let row = modelled_instance(ctx, instance)?;
    let parts = [&*row.identity_store_id, principal];
    let k = crate::store::keys::at(&parts);
    let found = match principal_type {
        "USER" => ix.users.contains_key(k),
        _ => ix.groups.contains_key(k),
    };
    if found {
        Ok(())
    } else {
        Err(not_found(
            ctx,
            UNKNOWN_PRINCIPAL,
            format!(
                "The {} {principal} does not exist in the identity store of instance {instance}.",
                principal_type.to_ascii_lowercase()
            ),
        ))
    }
}

/// The account (domain) id in an instance's URN (empty when it has none): what the URNs of the
/// rows created in the instance carry.
pub(crate) fn instance_domain(instance: &HuaweiInstance) -> &str {
    instance
        .instance_urn
        .as_deref()
        .and_then(|u| u.strip_prefix("IdentityCenter::"))
        .and_then(|u| u.split(':').next())
        .unwrap_or("")
}

/// A permission set's URN: as given, else derived from the instance's URN's domain.
pub(crate) fn permission_urn(instance: &HuaweiInstance, set: &HuaweiPermissionSet) -> String {
    if let Some(urn) = &set.permission_urn {
        return urn.to_string();
    }
    format!(
        "IdentityCenter::{}:permissionSet:{}/{}",
        instance_domain(instance),
        instance.instance_id,
        set.permission_set_id
    )
}

pub(crate) fn permission_set_view(
    instance: &HuaweiInstance,
    s: &HuaweiPermissionSet,
) -> types::PermissionSet {
    types::PermissionSet {
        created_date: s.created_date,
        description: s.description.as_deref().map(str::to_owned),
        name: Some(s.name.to_string()),
        permission_set_id: Some(s.permission_set_id.to_string()),
        permission_urn: Some(permission_urn(instance, s)),
        relay_state: s.relay_state.as_deref().map(str::to_owned),
        session_duration: s.session_duration.as_deref().map(str::to_owned),
    }
}

pub(crate) fn application(store: &Store, a: &HuaweiApplication) -> types::Application {
    let instance = store
        .huawei
        .instances
        .get(&*a.instance_id)
        .and_then(|&i| store.data.huawei.instances.get(i));
    types::Application {
        application_account: None,
        application_provider_urn: None,
        application_urn: Some(a.application_urn.to_string()),
        assignment_config: Some(types::AssignmentConfig {
            assignment_required: a.assignment_required,
        }),
        created_date: a.created_date,
        description: a.description.as_deref().map(str::to_owned),
        instance_urn: instance.and_then(|i| i.instance_urn.as_deref().map(str::to_owned)),
        name: Some(store.application_display_name(a).to_owned()),
        portal_options: a.application_url.as_ref().map(|url| types::PortalOptions {
            sign_in_options: Some(types::SignInOptions {
                application_url: Some(url.to_string()),
                origin: Some("IDENTITY_CENTER".to_owned()),
            }),
            visibility: Some(a.status.to_string()),
            visible: Some(&*a.status == "ENABLED"),
        }),
        status: Some(a.status.to_string()),
    }
}
