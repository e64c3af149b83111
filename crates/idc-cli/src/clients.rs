//! The clients the generated subcommands run on, configured from the shared flags.

use idc::Error;

use crate::args::{Common, ScpClientArgs};

const USER_AGENT: &str = concat!("idc-cli/", env!("CARGO_PKG_VERSION"));

/// A Huawei client from `--endpoint`, `--region` and `--timeout`.
pub fn huawei(common: &Common) -> Result<idc::huawei::Client, Error> {
    let mut builder = idc::huawei::Client::builder()
        .timeouts(common.timeouts())
        .user_agent_suffix(USER_AGENT);
    if let Some(endpoint) = &common.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = &common.region {
        builder = builder.region(region);
    }
    builder.build()
}

/// An SCP client from the shared flags and the SCP ones.
pub fn scp(common: &Common, scp: &impl ScpClientArgs) -> Result<idc::scp::Client, Error> {
    let mut builder = idc::scp::Client::builder()
        .timeouts(common.timeouts())
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
    if let Some(version) = scp.api_version() {
        builder = builder.api_version(version);
    }
    builder.build()
}
