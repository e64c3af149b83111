//! Huawei IdentityCenter: the signing certificates of application instances, their profiles, and
//! the application catalog (catalog applications, templates, providers).
//!
//! Documented choices: a certificate is a UUID-named `SHA256withRSA` 2048-bit certificate (its PEM
//! holds random bytes, not a parsable X.509 body), valid from its creation for the `ttl` of the
//! application's `security_config` (an ISO 8601 duration; one the emulator cannot read counts as
//! five years); a new one is `INACTIVE`. A profile is an application assignment: its id is the
//! principal's id, its name `Default`, its status `ENABLED`.

use axum::response::Response;
use idc_raw::PrincipalType;
use idc_raw::huawei_identitycenter::types;

use crate::generated::huawei_identitycenter as g;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::{MODIFICATION_CONFLICT, NOT_FOUND, UNKNOWN_IDENTITY_STORE};
use crate::huawei::common::{conflict, created, list_page, no_content, not_found};
use crate::huawei::identitycenter_statuses::now_millis;
use crate::huawei::lookups::{find_application, modelled_instance};
use crate::store::certificates::IssuedCertificate;
use crate::store::huawei_application_settings::ApplicationSettings;
use crate::store::huawei_catalog::{CATALOG, by_application, by_provider};
use crate::store::huawei_rows::HuaweiApplicationAssignment;
use crate::store::keys::{list_at, random_uuid};

/// Milliseconds of five years: the validity of a certificate whose `ttl` cannot be read.
const FIVE_YEARS: i64 = 5 * 365 * DAY;
const DAY: i64 = 24 * 3600 * 1000;

/// The milliseconds of an ISO 8601 duration (`P5Y`, `P6M`, `P1Y2M10DT2H30M`, `PT1H`): a year is
/// 365 days, a month 30; `None` when it is no such duration.
pub(crate) fn duration_millis(ttl: &str) -> Option<i64> {
    let rest = ttl.strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut total: i64 = 0;
    for (part, units) in [
        (
            date,
            &[
                ('Y', 365 * DAY),
                ('M', 30 * DAY),
                ('W', 7 * DAY),
                ('D', DAY),
            ][..],
        ),
        (time, &[('H', 3_600_000), ('M', 60_000), ('S', 1000)][..]),
    ] {
        let mut number = String::new();
        let mut next = units.iter();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let &(_, unit) = next.find(|(u, _)| *u == c)?;
            let n: i64 = number.parse().ok()?;
            total = total.checked_add(n.checked_mul(unit)?)?;
            number.clear();
        }
        if !number.is_empty() {
            return None;
        }
    }
    (rest != "T" && !rest.is_empty()).then_some(total)
}

/// A new certificate, valid from now for `ttl`.
pub(crate) fn issue(ctx: &Context<'_>, ttl: &str) -> IssuedCertificate {
    let now = now_millis(ctx);
    let body: String = (0..4)
        .map(|_| format!("{:032x}", rand::random::<u128>()))
        .collect();
    IssuedCertificate {
        certificate_id: random_uuid(),
        certificate: format!("-----BEGIN CERTIFICATE-----\nMIIC{body}\n-----END CERTIFICATE-----"),
        algorithm: "SHA256withRSA".to_owned(),
        key_size: "2048".to_owned(),
        issue_date: now,
        expiry_date: now.saturating_add(duration_millis(ttl).unwrap_or(FIVE_YEARS)),
    }
}

/// A certificate as served.
pub(crate) fn certificate_view(
    c: &IssuedCertificate,
    active: bool,
) -> types::ApplicationCertificate {
    types::ApplicationCertificate {
        algorithm: Some(c.algorithm.clone()),
        certificate: Some(c.certificate.clone()),
        certificate_id: c.certificate_id.clone(),
        expiry_date: Some(c.expiry_date),
        issue_date: Some(c.issue_date),
        key_size: Some(c.key_size.clone()),
        status: if active { "ACTIVE" } else { "INACTIVE" }.to_owned(),
    }
}

/// `ListApplicationInstanceCertificates`.
pub(crate) fn list_certificates(
    ctx: &Context<'_>,
    r: g::ListApplicationInstanceCertificatesRequest,
) -> Result<Response, Reject> {
    let a = find_application(ctx, &r.instance_id, &r.application_instance_id)?;
    let set = ctx.store.application_settings(a).into_owned().certificates;
    let items: Vec<_> = (set.iter())
        .map(|c| certificate_view(c, set.is_active(&c.certificate_id)))
        .collect();
    let query = ["certificates", &*r.instance_id, &*r.application_instance_id];
    let key = ("application_instance_certificates", &query[..]);
    list_page(ctx, key, &items, (r.marker, r.limit))
}

/// `CreateApplicationInstanceCertificate`.
pub(crate) fn create_certificate(
    ctx: &Context<'_>,
    r: g::CreateApplicationInstanceCertificateRequest,
) -> Result<Response, Reject> {
    let a = find_application(ctx, &r.instance_id, &r.application_instance_id)?;
    let new = issue(ctx, &ctx.store.application_settings(a).security_config.ttl);
    let view = certificate_view(&new, false);
    let (instance, app) = (r.instance_id, r.application_instance_id);
    ctx.write(move |store| {
        store.change_huawei_application(&instance, &app, |_, s| s.certificates.add(new, false))
    });
    created(&types::CreateApplicationInstanceCertificateResponse {
        application_instance_certificate: Some(view),
    })
}

/// The certificate `id` of an application, or a 404; and whether it is the active one.
fn certificate(
    ctx: &Context<'_>,
    (instance, app, id): (&str, &str, &str),
) -> Result<(IssuedCertificate, bool), Reject> {
    let a = find_application(ctx, instance, app)?;
    let settings = ctx.store.application_settings(a);
    let found = settings.certificates.get(id).cloned().ok_or_else(|| {
        let message = format!("The certificate {id} does not exist in application instance {app}.");
        not_found(ctx, NOT_FOUND, message)
    })?;
    Ok((found, settings.certificates.is_active(id)))
}

/// `UpdateApplicationInstanceActiveCertificate`.
pub(crate) fn activate_certificate(
    ctx: &Context<'_>,
    r: g::UpdateApplicationInstanceActiveCertificateRequest,
) -> Result<Response, Reject> {
    let names = (
        &*r.instance_id,
        &*r.application_instance_id,
        &*r.certificate_id,
    );
    let (found, _) = certificate(ctx, names)?;
    let (instance, app, id) = (r.instance_id, r.application_instance_id, r.certificate_id);
    ctx.write(move |store| {
        let activate =
            |_: &mut _, s: &mut ApplicationSettings| s.certificates.activate(&id).map(drop);
        store.change_huawei_application(&instance, &app, activate)
    });
    ok(&types::UpdateApplicationInstanceActiveCertificateResponse {
        application_instance_certificate: Some(certificate_view(&found, true)),
    })
}

/// `DeleteApplicationInstanceCertificate`: the active certificate is refused (409).
pub(crate) fn delete_certificate(
    ctx: &Context<'_>,
    r: g::DeleteApplicationInstanceCertificateRequest,
) -> Result<Response, Reject> {
    let names = (
        &*r.instance_id,
        &*r.application_instance_id,
        &*r.certificate_id,
    );
    if certificate(ctx, names)?.1 {
        let message = "The active certificate cannot be deleted: activate another one first.";
        return Err(conflict(ctx, MODIFICATION_CONFLICT, message.into()));
    }
    let (instance, app, id) = (r.instance_id, r.application_instance_id, r.certificate_id);
    ctx.write(move |store| {
        let remove = |_: &mut _, s: &mut ApplicationSettings| s.certificates.remove(&id).map(drop);
        store.change_huawei_application(&instance, &app, remove)
    });
    Ok(no_content())
}

/// The assignments of an application: its profiles.
fn profiles<'a>(
    ctx: &Context<'a>,
    instance: &str,
    app: &str,
) -> Result<Vec<&'a HuaweiApplicationAssignment>, Reject> {
    let a = find_application(ctx, instance, app)?;
    let views = ctx.store.huawei.views(&ctx.store.data.huawei);
    let positions = list_at(
        &views.application_assignments_of,
        &[instance, &a.application_urn],
    );
    let rows = &ctx.store.data.huawei.application_assignments;
    Ok(positions
        .iter()
        .filter_map(|&p| rows.get(p as usize))
        .collect())
}

/// `ListProfiles`.
pub(crate) fn list_profiles(
    ctx: &Context<'_>,
    r: g::ListProfilesRequest,
) -> Result<Response, Reject> {
    let assignments = profiles(ctx, &r.instance_id, &r.application_instance_id)?;
    let application_profiles = (assignments.into_iter())
        .map(|a| types::ApplicationProfile {
            name: "Default".to_owned(),
            profile_id: a.principal_id.to_string(),
            status: "ENABLED".to_owned(),
        })
        .collect();
    ok(&types::ListProfilesResponse {
        application_profiles,
    })
}

/// `DeleteProfile`.
pub(crate) fn delete_profile(
    ctx: &Context<'_>,
    r: g::DeleteProfileRequest,
) -> Result<Response, Reject> {
    let assignments = profiles(ctx, &r.instance_id, &r.application_instance_id)?;
    let found = assignments
        .into_iter()
        .find(|a| *a.principal_id == *r.profile_id);
    let row = found.cloned().ok_or_else(|| {
        let message = format!("The profile {} does not exist.", r.profile_id);
        not_found(ctx, NOT_FOUND, message)
    })?;
    ctx.write(move |store| store.delete_huawei_application_assignment(&row).map(drop));
    Ok(no_content())
}

/// `DisassociateProfile`: the identity store must be the instance's (404 otherwise); a principal
/// without profiles is no error.
pub(crate) fn disassociate_profile(
    ctx: &Context<'_>,
    r: g::DisassociateProfileRequest,
) -> Result<Response, Reject> {
    let instance = modelled_instance(ctx, &r.instance_id)?;
    let body = r.body;
    if *instance.identity_store_id != *body.identity_store_id {
        let message = format!(
            "The identity store {} is not the one of instance {}.",
            body.identity_store_id.as_str(),
            r.instance_id
        );
        return Err(not_found(ctx, UNKNOWN_IDENTITY_STORE, message));
    }
    let kind = PrincipalType::from(body.accessor_type.to_string());
    let instance = r.instance_id;
    ctx.write(move |s| {
        s.disassociate_huawei_principal(&instance, &body.id, &kind)
            .map(drop)
    });
    Ok(no_content())
}

/// `ListCatalogApplications`.
pub(crate) fn list_catalog(
    ctx: &Context<'_>,
    r: g::ListCatalogApplicationsRequest,
) -> Result<Response, Reject> {
    let items: Vec<_> = CATALOG.iter().map(|a| a.display()).collect();
    list_page(
        ctx,
        ("applications", &["catalog"]),
        &items,
        (r.marker, r.limit),
    )
}

/// `ListApplicationTemplates`.
pub(crate) fn list_templates(
    ctx: &Context<'_>,
    r: g::ListApplicationTemplatesRequest,
) -> Result<Response, Reject> {
    let a = by_application(&r.application_id).ok_or_else(|| {
        let message = format!(
            "The catalog application {} does not exist.",
            r.application_id
        );
        not_found(ctx, NOT_FOUND, message)
    })?;
    ok(&types::ListApplicationTemplatesResponse {
        application_templates: vec![a.template()],
    })
}

/// `ListApplicationProviders`.
pub(crate) fn list_providers(
    ctx: &Context<'_>,
    r: g::ListApplicationProvidersRequest,
) -> Result<Response, Reject> {
    let items: Vec<_> = CATALOG.iter().map(|a| a.provider()).collect();
    let key = ("application_providers", &["providers"][..]);
    list_page(ctx, key, &items, (r.marker, r.limit))
}

/// `DescribeApplicationProvider`.
pub(crate) fn describe_provider(
    ctx: &Context<'_>,
    r: g::DescribeApplicationProviderRequest,
) -> Result<Response, Reject> {
    let id = &r.application_provider_id;
    let p = by_provider(id).map(|a| a.provider()).ok_or_else(|| {
        let message = format!("The application provider {id} does not exist.");
        not_found(ctx, NOT_FOUND, message)
    })?;
    ok(&types::DescribeApplicationProviderResponse {
        application_provider_id: Some(p.application_provider_id),
        application_provider_urn: Some(p.application_provider_urn),
        display_data: p.display_data,
        federation_protocol: p.federation_protocol,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_are_read_and_others_refused() {
        assert_eq!(duration_millis("P5Y"), Some(5 * 365 * DAY));
        assert_eq!(duration_millis("P6M"), Some(180 * DAY));
        assert_eq!(duration_millis("PT1H"), Some(3_600_000));
        assert_eq!(duration_millis("P1DT1M"), Some(DAY + 60_000));
        assert_eq!(duration_millis("P2W"), Some(14 * DAY));
        for bad in [
            "",
            "P",
            "PT",
            "5Y",
            "P5",
            "PY",
            "P1H",
            "P1M1Y",
            "P99999999999999999Y",
        ] {
            assert_eq!(duration_millis(bad), None, "{bad}");
        }
    }
}
