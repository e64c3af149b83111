//! The clients the generated subcommands run on, configured from the shared flags.

use idc::Error;

use crate::args::{Common, ScpClientArgs};

const USER_AGENT: &str = concat!("idc-cli/", env!("CARGO_PKG_VERSION"));

/// An IdentityCenter client from `--endpoint`, `--region`, `--timeout` and `--max-attempts`.
pub fn huawei_identitycenter(common: &Common) -> Result<idc::huawei::Client, Error> {
    let mut builder = idc::huawei::Client::builder()
        .timeouts(common.timeouts())
        .retry_policy(common.retry_policy())
        .user_agent_suffix(USER_AGENT);
    if let Some(endpoint) = &common.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = &common.region {
        builder = builder.region(region);
    }
    builder.build()
}

/// An IdentityStore client (in `--region`), sharing the IdentityCenter client's settings.
pub fn huawei_identitystore(common: &Common) -> Result<idc::huawei::identitystore::Client, Error> {
    huawei_identitycenter(common)?.identity_store()
}

/// An Organizations client, sharing the IdentityCenter client's settings.
pub fn huawei_organizations(common: &Common) -> Result<idc::huawei::organizations::Client, Error> {
    huawei_identitycenter(common)?.organizations()
}

/// An organization client (in `--environment`), pinned to `--api-version` if given.
pub fn scp_organization(
    common: &Common,
    scp: &impl ScpClientArgs,
) -> Result<idc::scp::organization::Client, Error> {
    // The iam-identity-center client only lends its settings: its own version is not checked.
    let organization = scp_client(common, scp, None)?.organization()?;
    match scp.api_version() {
        Some(version) => organization.with_api_version(version),
        None => Ok(organization),
    }
}

/// An iam-identity-center client from the shared flags and the SCP ones.
pub fn scp_iam_identity_center(
    common: &Common,
    scp: &impl ScpClientArgs,
) -> Result<idc::scp::Client, Error> {
    scp_client(common, scp, scp.api_version())
}

fn scp_client(
    common: &Common,
    scp: &impl ScpClientArgs,
    version: Option<idc::scp::ApiVersion>,
) -> Result<idc::scp::Client, Error> {
    let mut builder = idc::scp::Client::builder()
        .timeouts(common.timeouts())
        .retry_policy(common.retry_policy())
        .user_agent_suffix(USER_AGENT)
        .allow_expired_api_versions(scp.allow_expired());
    if let Some(endpoint) = &common.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = &common.region {
        builder = builder.region(region);
    }
    if let Some(environment) = scp.environment() {
        builder = builder.environment(environment);
    }
    if let Some(version) = version {
        builder = builder.api_version(version);
    }
    builder.build()
}
