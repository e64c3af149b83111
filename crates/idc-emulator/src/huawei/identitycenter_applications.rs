//! Huawei IdentityCenter: application instances (create, get, delete, the reads they share with
//! `ListApplications`, and the `UpdateApplicationInstance*` operations and the metadata import
//! that replace one part of their configuration).
//!
//! Documented choices: a new instance is `ENABLED`, requires assignment, and holds one active
//! certificate; its id is `app-ins-` and 16 hex digits, its URN ends with `apl-` and 16 others.
//! Its name must be new in the instance (409, `IIC.1409`). Deleting an instance deletes its
//! assignments.

use axum::response::Response;
use idc_raw::huawei_identitycenter::types;

use crate::generated::huawei_identitycenter as g;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::NOT_FOUND;
use crate::huawei::common::{bad_request, created, no_content, not_found, rows_page};
use crate::huawei::identitycenter_app_certificates::{certificate_view, issue};
use crate::huawei::identitycenter_statuses::now_millis;
use crate::huawei::lookups::{application, find_application, instance_domain, modelled_instance};
use crate::store::huawei_application_settings::ApplicationSettings;
use crate::store::huawei_catalog::by_template;
use crate::store::huawei_rows::HuaweiApplication;
use crate::store::table::Table;

/// The endpoint the identity provider URLs of an application instance are under.
const SAML_BASE: &str = "https://identitycenter.myhuaweicloud.com/v1/saml";

/// An application instance as served: its row and its settings.
pub(crate) fn instance_view(
    a: &HuaweiApplication,
    s: &ApplicationSettings,
) -> types::ApplicationInstance {
    let enabled = &*a.status == "ENABLED";
    let idp = format!(
        "{SAML_BASE}/{}/{}",
        a.instance_id, a.application_instance_id
    );
    types::ApplicationInstance {
        application_instance_id: a.application_instance_id.to_string(),
        name: a.name.to_string(),
        display: Some(types::ApplicationInstanceDisplay {
            description: a.description.as_deref().map(str::to_owned),
            display_name: Some(s.display_name.clone().unwrap_or_else(|| a.name.to_string())),
            icon: None,
            extra: serde_json::Map::new(),
        }),
        visible: Some(enabled),
        status: Some(a.status.to_string()),
        active_certificate: (s.certificates.active()).map(|c| certificate_view(c, true)),
        identity_provider_config: Some(types::ApplicationIdentityProviderConfig {
            issuer_url: Some(idp.clone()),
            metadata_url: Some(format!("{idp}/metadata")),
            remote_login_url: Some(format!("{idp}/login")),
            remote_logout_url: Some(format!("{idp}/logout")),
        }),
        response_config: Some(s.response_config.clone()),
        response_schema_config: Some(s.response_schema_config.clone()),
        security_config: Some(s.security_config.clone()),
        service_provider_config: Some(s.service_provider_config.clone()),
        template: Some(s.template.clone()),
        client_id: None,
        end_user_visible: Some(enabled),
        managed_account: None,
        extra: serde_json::Map::new(),
    }
}

/// An instance's applications (the instance must be modelled): the rows behind
/// `list_applications` and `list_application_instances`.
fn applications_of<'a>(
    ctx: &Context<'a>,
    instance_id: &str,
) -> Result<(&'a Table<HuaweiApplication>, &'a [u32]), Reject> {
    modelled_instance(ctx, instance_id)?;
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let positions = (views.instance_applications.get(instance_id)).map_or(&[][..], Vec::as_slice);
    Ok((&ctx.store.data.huawei.applications, positions))
}

/// `ListApplicationInstances`.
pub(crate) fn list_instances(
    ctx: &Context<'_>,
    request: g::ListApplicationInstancesRequest,
) -> Result<Response, Reject> {
    let (rows, positions) = applications_of(ctx, &request.instance_id)?;
    let query = ["application-instances", &*request.instance_id];
    let view = |a: &HuaweiApplication| instance_view(a, &ctx.store.application_settings(a));
    let paging = (request.marker, request.limit);
    rows_page(
        ctx,
        ("application_instances", &query),
        (rows, positions),
        paging,
        view,
    )
}

/// `ListApplications`.
pub(crate) fn list_applications(
    ctx: &Context<'_>,
    request: g::ListApplicationsRequest,
) -> Result<Response, Reject> {
    let (rows, positions) = applications_of(ctx, &request.instance_id)?;
    let query = ["applications", &*request.instance_id];
    let view = |a: &HuaweiApplication| application(ctx.store, a);
    let paging = (request.marker, request.limit);
    rows_page(
        ctx,
        ("applications", &query),
        (rows, positions),
        paging,
        view,
    )
}

/// `GetApplicationInstance`.
pub(crate) fn get_instance(
    ctx: &Context<'_>,
    request: g::GetApplicationInstanceRequest,
) -> Result<Response, Reject> {
    let a = find_application(ctx, &request.instance_id, &request.application_instance_id)?;
    let view = instance_view(a, &ctx.store.application_settings(a));
    ok(&types::GetApplicationInstanceResponse {
        application_instance: Some(view),
    })
}

/// `CreateApplicationInstance`.
pub(crate) fn create_instance(
    ctx: &Context<'_>,
    request: g::CreateApplicationInstanceRequest,
) -> Result<Response, Reject> {
    let (instance, body) = (modelled_instance(ctx, &request.instance_id)?, request.body);
    let template = by_template(&body.template_id).ok_or_else(|| {
        let message = format!(
            "The application template {} does not exist.",
            body.template_id.as_str()
        );
        not_found(ctx, NOT_FOUND, message)
    })?;
    // A name taken in the instance is refused when the write is applied (409, IIC.1409).
    let id = format!("app-ins-{:016x}", rand::random::<u64>());
    let urn = format!(
        "IdentityCenter::{}:application:{}/apl-{:016x}",
        instance_domain(instance),
        instance.instance_id,
        rand::random::<u64>()
    );
    let row = HuaweiApplication {
        instance_id: instance.instance_id.clone(),
        application_instance_id: id.into(),
        application_urn: urn.into(),
        name: body.name.as_str().into(),
        description: Some(template.description.into()),
        status: "ENABLED".into(),
        assignment_required: true,
        application_url: None,
        created_date: Some(now_millis(ctx)),
    };
    let mut settings = ApplicationSettings::from_template(template);
    let first = issue(ctx, &settings.security_config.ttl);
    // A new set holds nothing, so the first certificate is always added.
    let _ = settings.certificates.add(first, true);
    let view = instance_view(&row, &settings);
    ctx.write(move |store| store.create_huawei_application(row, settings).map(drop));
    created(&types::CreateApplicationInstanceResponse {
        application_instance: Some(view),
    })
}

/// `DeleteApplicationInstance`.
pub(crate) fn delete_instance(
    ctx: &Context<'_>,
    request: g::DeleteApplicationInstanceRequest,
) -> Result<Response, Reject> {
    let (instance, id) = (request.instance_id, request.application_instance_id);
    find_application(ctx, &instance, &id)?;
    ctx.write(move |store| store.delete_huawei_application(&instance, &id).map(drop));
    Ok(no_content())
}

/// Queues a change of application `id` of `instance` (which must exist) and answers 200.
pub(crate) fn change<T>(
    ctx: &Context<'_>,
    (instance, id): (String, String),
    change: impl FnOnce(
        &mut HuaweiApplication,
        &mut ApplicationSettings,
    ) -> Result<T, crate::store::error::WriteError>
    + Send
    + 'static,
) -> Result<Response, Reject> {
    find_application(ctx, &instance, &id)?;
    ctx.write(move |store| {
        store
            .change_huawei_application(&instance, &id, change)
            .map(drop)
    });
    Ok(no_content())
}

/// `UpdateApplicationInstanceDisplayData`.
pub(crate) fn update_display_data(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceDisplayDataRequest,
) -> Result<Response, Reject> {
    let body = r.body;
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |row, s| {
            row.description = Some(body.description.into());
            s.display_name = Some(body.display_name);
            Ok(())
        },
    )
}

/// `UpdateApplicationInstanceResponseConfiguration`.
pub(crate) fn update_response_configuration(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceResponseConfigurationRequest,
) -> Result<Response, Reject> {
    let config = r.body.response_config;
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |_, s| {
            s.response_config = config;
            Ok(())
        },
    )
}

/// `UpdateApplicationInstanceResponseSchemaConfiguration`.
pub(crate) fn update_response_schema_configuration(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceResponseSchemaConfigurationRequest,
) -> Result<Response, Reject> {
    let config = r.body.response_schema_config;
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |_, s| {
            s.response_schema_config = config;
            Ok(())
        },
    )
}

/// `UpdateApplicationInstanceSecurityConfiguration`.
pub(crate) fn update_security_configuration(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceSecurityConfigurationRequest,
) -> Result<Response, Reject> {
    let config = r.body.security_config;
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |_, s| {
            s.security_config = config;
            Ok(())
        },
    )
}

/// `UpdateApplicationInstanceServiceProviderConfiguration`: the start URL is also the sign-in URL
/// `ListApplications` shows.
pub(crate) fn update_service_provider_configuration(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceServiceProviderConfigurationRequest,
) -> Result<Response, Reject> {
    let config = r.body.service_provider_config;
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |row, s| {
            row.application_url = config.start_url.as_deref().map(Into::into);
            s.service_provider_config = config;
            Ok(())
        },
    )
}

/// `UpdateApplicationInstanceStatus`.
pub(crate) fn update_status(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceStatusRequest,
) -> Result<Response, Reject> {
    let status = r.body.status.to_string();
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |row, _| {
            row.status = status.into();
            Ok(())
        },
    )
}

/// `ImportApplicationInstanceServiceProviderMetadata`: the audience, consumers and request
/// signing read from the metadata replace those of the service provider configuration (the start
/// URL is kept); metadata that is no SAML `EntityDescriptor` is a 400.
pub(crate) fn import_metadata(
    ctx: &Context<'_>,
    r: g::ImportApplicationInstanceServiceProviderMetadataRequest,
) -> Result<Response, Reject> {
    let read = crate::huawei::saml_metadata::service_provider(&r.body.metadata);
    let imported =
        read.map_err(|problem| bad_request(ctx, format!("Invalid metadata: {problem}")))?;
    change(
        ctx,
        (r.instance_id, r.application_instance_id),
        move |_, s| {
            let config = &mut s.service_provider_config;
            config.audience = imported.entity_id;
            config.consumers = imported.consumers;
            config.require_request_signature = Some(imported.requests_signed);
            Ok(())
        },
    )
}
