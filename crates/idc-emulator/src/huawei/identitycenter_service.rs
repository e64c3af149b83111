//! Huawei IdentityCenter: the service instance of the organization (its status, region, start and
//! deletion). The service is started exactly when the store has
//! an instance, so `GetIdentityCenterServiceStatus` and `ListInstances` always agree.

use axum::response::Response;

use crate::generated::huawei_identitycenter::{
    DeleteIdentityCenterRequest, DescribeRegisteredRegionsRequest,
    GetIdentityCenterServiceStatusRequest, RegisterRegionRequest, StartIdentityCenterRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::huawei::codes::MODIFICATION_CONFLICT;
use crate::huawei::common::{bad_request, conflict, no_content};
use crate::store::documents::Document;
use crate::store::huawei_rows::HuaweiInstance;
use crate::store::tables::Store;
use idc_raw::huawei_identitycenter::types;

/// The region the organization registered (`RegisterRegion`).
#[derive(Clone)]
pub(crate) struct RegisteredRegion(String);

impl Document for RegisteredRegion {
    const NAME: &'static str = "registered region";

    /// None written: see [`registered_regions`].
    fn default_for(_: &[&str]) -> Option<Self> {
        None
    }
}

/// The region a started service is in when none was registered (a data set's instances).
const DEFAULT_REGION: &str = "cn-north-4";

fn started(store: &Store) -> bool {
    store.data.huawei.instances.len() > 0
}

/// The registered region: the one written, else [`DEFAULT_REGION`] once started, else none.
fn registered_regions(store: &Store) -> Vec<String> {
    match store.data.documents.get::<RegisteredRegion>(&[]) {
        Some(region) => vec![region.0],
        None if started(store) => vec![DEFAULT_REGION.to_owned()],
        None => Vec::new(),
    }
}

/// `GetIdentityCenterServiceStatus`.
pub(crate) fn status(
    ctx: &Context<'_>,
    _: GetIdentityCenterServiceStatusRequest,
) -> Result<Response, Reject> {
    let status = if started(ctx.store) {
        "enable"
    } else {
        "disable"
    };
    ok(&types::GetIdentityCenterServiceStatusResponse {
        service_status: Some(status.into()),
        service_status_reasons: vec!["success".into()],
    })
}

/// `DescribeRegisteredRegions`.
pub(crate) fn regions(
    ctx: &Context<'_>,
    _: DescribeRegisteredRegionsRequest,
) -> Result<Response, Reject> {
    let regions = registered_regions(ctx.store).into_iter();
    ok(&types::DescribeRegisteredRegionsResponse {
        regions: regions
            .map(|region_id| types::Region { region_id })
            .collect(),
    })
}

/// `RegisterRegion`: once.
pub(crate) fn register_region(
    ctx: &Context<'_>,
    r: RegisterRegionRequest,
) -> Result<Response, Reject> {
    if let Some(region) = registered_regions(ctx.store).first() {
        let message = format!("The region {region} is registered already.");
        return Err(conflict(ctx, MODIFICATION_CONFLICT, message));
    }
    let region = RegisteredRegion(r.body.region_id.to_string());
    ctx.write(move |s| s.data.documents.create(&[], region));
    Ok(no_content())
}

/// `StartIdentityCenter`: a new instance with an empty identity store.
pub(crate) fn start(ctx: &Context<'_>, _: StartIdentityCenterRequest) -> Result<Response, Reject> {
    if started(ctx.store) {
        let message = "IAM Identity Center is started already.".to_owned();
        return Err(conflict(ctx, MODIFICATION_CONFLICT, message));
    }
    if registered_regions(ctx.store).is_empty() {
        return Err(bad_request(ctx, "Register a region first.".to_owned()));
    }
    let random = rand::random::<u64>();
    let instance = HuaweiInstance {
        instance_id: format!("ins-{random:016x}").into(),
        identity_store_id: format!("d-{:010x}", random & 0xff_ffff_ffff).into(),
        instance_urn: None,
        alias: None,
    };
    ctx.write(move |s| s.create_huawei_instance(instance).map(drop));
    Ok(no_content())
}

/// `DeleteIdentityCenter`: every instance (refused while one holds anything) and the region.
pub(crate) fn delete(
    ctx: &Context<'_>,
    _: DeleteIdentityCenterRequest,
) -> Result<Response, Reject> {
    if !started(ctx.store) {
        let message = "IAM Identity Center is not started.".to_owned();
        return Err(conflict(ctx, MODIFICATION_CONFLICT, message));
    }
    ctx.write(|s| {
        s.delete_huawei_instances()?;
        let _unregistered = s.data.documents.remove::<RegisteredRegion>(&[]);
        Ok(())
    });
    Ok(no_content())
}
