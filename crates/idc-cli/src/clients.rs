//! The clients the generated subcommands run on, configured from the shared flags, the endpoint
//! variables and the profile.
//!
//! Each setting comes from the first that has it: the flag, the environment (`IDC_HUAWEI_ENDPOINT`,
//! `IDC_SCP_ENDPOINT`, read by the library), the profile (`--profile`), the cloud's own files.

use std::sync::{Arc, OnceLock};

use idc::Error;
use idc::credentials::{Cached, Env, ProcessEnv};

use crate::args::{Common, ScpClientArgs};
use crate::profile::{HuaweiProfile, Profile, ScpProfile};

const USER_AGENT: &str = concat!("idc-cli/", env!("CARGO_PKG_VERSION"));

/// The profile of this run (`--profile`), set once before any client is built.
static PROFILE: OnceLock<Profile> = OnceLock::new();

/// Uses `profile` for every client of this run. Only the first call counts.
pub fn use_profile(profile: Profile) {
    let _ = PROFILE.set(profile);
}

fn profile() -> Option<&'static Profile> {
    PROFILE.get()
}

/// The instance of `idc report huawei`: `--instance-id`, else the profile's.
pub fn huawei_instance_id(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_owned).or_else(|| {
        profile()
            .and_then(|p| p.huawei.as_ref())
            .and_then(|h| h.instance_id.clone())
    })
}

/// The instance of `idc report scp`: `--instance-id`, else the profile's.
pub fn scp_instance_id(flag: Option<&str>) -> Option<String> {
    flag.map(str::to_owned).or_else(|| {
        profile()
            .and_then(|p| p.scp.as_ref())
            .and_then(|s| s.instance_id.clone())
    })
}

/// The endpoint to set on a builder: the flag, else the profile's unless `variable` is set (the
/// library then reads it).
fn endpoint(
    flag: Option<&String>,
    profile: Option<&String>,
    variable: &str,
    env: &dyn Env,
) -> Option<String> {
    match flag {
        Some(flag) => Some(flag.clone()),
        None if env.var(variable).is_some_and(|v| !v.is_empty()) => None,
        None => profile.cloned(),
    }
}

/// An IdentityCenter client from `--endpoint`, `--region`, `--timeout` and `--max-attempts`.
pub fn huawei_identitycenter(common: &Common) -> Result<idc::huawei::Client, Error> {
    huawei_client(
        common,
        profile().and_then(|p| p.huawei.as_ref()),
        Arc::new(ProcessEnv),
    )
}

fn huawei_client(
    common: &Common,
    profile: Option<&HuaweiProfile>,
    env: Arc<dyn Env>,
) -> Result<idc::huawei::Client, Error> {
    let mut builder = idc::huawei::Client::builder()
        .timeouts(common.timeouts())
        .retry_policy(common.retry_policy())
        .user_agent_suffix(USER_AGENT)
        .dry_run(common.dry_run);
    let endpoint = endpoint(
        common.endpoint.as_ref(),
        profile.and_then(|p| p.endpoint.as_ref()),
        idc::huawei::endpoint::ENV_ENDPOINT,
        env.as_ref(),
    );
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = common
        .region
        .as_ref()
        .or_else(|| profile.and_then(|p| p.region.as_ref()))
    {
        builder = builder.region(region);
    }
    if let Some(file) = profile.and_then(|p| p.credentials_file.as_ref()) {
        builder = builder.credentials_provider(Cached::new(
            idc::huawei::credentials::ProfileProvider::with_path(file),
        ));
    }
    builder.env(env).build()
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
    scp_client_with(
        idc::scp::Client::builder(),
        common,
        scp,
        version,
        profile().and_then(|p| p.scp.as_ref()),
        Arc::new(ProcessEnv),
    )
}

fn scp_client_with(
    builder: idc::scp::ClientBuilder,
    common: &Common,
    scp: &impl ScpClientArgs,
    version: Option<idc::scp::ApiVersion>,
    profile: Option<&ScpProfile>,
    env: Arc<dyn Env>,
) -> Result<idc::scp::Client, Error> {
    let mut builder = builder
        .timeouts(common.timeouts())
        .retry_policy(common.retry_policy())
        .user_agent_suffix(USER_AGENT)
        .dry_run(common.dry_run)
        .allow_expired_api_versions(scp.allow_expired());
    let endpoint = endpoint(
        common.endpoint.as_ref(),
        profile.and_then(|p| p.endpoint.as_ref()),
        idc::scp::endpoint::ENV_ENDPOINT,
        env.as_ref(),
    );
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = common
        .region
        .as_ref()
        .or_else(|| profile.and_then(|p| p.region.as_ref()))
    {
        builder = builder.region(region);
    }
    if let Some(environment) = scp
        .environment()
        .or_else(|| profile.and_then(|p| p.environment.as_deref()))
    {
        builder = builder.environment(environment);
    }
    if let Some(file) = profile.and_then(|p| p.credentials_file.as_ref()) {
        builder = builder.credentials_provider(Cached::new(
            idc::scp::credentials::ProfileProvider::with_path(file),
        ));
    }
    if let Some(version) = version {
        builder = builder.api_version(version);
    }
    builder.env(env).build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::ScpEnvironment;
    use idc::credentials::MapEnv;

    fn common(endpoint: Option<&str>, region: Option<&str>) -> Common {
        Common {
            endpoint: endpoint.map(str::to_owned),
            region: region.map(str::to_owned),
            output: None,
            timeout: 30,
            max_attempts: 3,
            columns: None,
            query: None,
            verbose: 0,
            dry_run: false,
        }
    }

    fn huawei_profile() -> HuaweiProfile {
        HuaweiProfile {
            endpoint: Some("http://127.0.0.3:1".into()),
            region: Some("ap-southeast-1".into()),
            ..HuaweiProfile::default()
        }
    }

    #[test]
    fn huawei_flags_beat_the_variable_which_beats_the_profile() {
        let p = huawei_profile();
        let none = Arc::new(MapEnv::new());
        let var = Arc::new(MapEnv::new().with("IDC_HUAWEI_ENDPOINT", "http://127.0.0.2:1"));
        let c = huawei_client(&common(None, None), Some(&p), none.clone()).unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.3:1", "the profile's");
        let c = huawei_client(&common(None, None), Some(&p), var.clone()).unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.2:1", "the variable's");
        let c = huawei_client(&common(Some("http://127.0.0.1:1"), None), Some(&p), var).unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:1", "the flag's");

        // The profile's region, where no endpoint is given: IdentityStore is regional.
        let regional = HuaweiProfile {
            endpoint: None,
            ..huawei_profile()
        };
        let c = huawei_client(&common(None, None), Some(&regional), none.clone()).unwrap();
        assert_eq!(
            c.identity_store().unwrap().endpoint(),
            "https://identitystore.ap-southeast-1.myhuaweicloud.com"
        );
        let c = huawei_client(&common(None, Some("cn-east-3")), Some(&regional), none).unwrap();
        assert_eq!(
            c.identity_store().unwrap().endpoint(),
            "https://identitystore.cn-east-3.myhuaweicloud.com",
            "the flag's region"
        );
    }

    #[test]
    fn scp_flags_beat_the_variable_which_beats_the_profile() {
        let p = ScpProfile {
            environment: Some("e".into()),
            region: Some("kr-east1".into()),
            ..ScpProfile::default()
        };
        let none = Arc::new(MapEnv::new());
        // An empty configuration file instead of the machine's ~/.scpconf/config.json.
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.json");
        std::fs::write(&config, "{}").unwrap();
        let builder = || idc::scp::Client::builder().config_file(&config);
        let flags = ScpEnvironment { environment: None };
        let c = scp_client_with(
            builder(),
            &common(None, None),
            &flags,
            None,
            Some(&p),
            none.clone(),
        )
        .unwrap();
        assert_eq!(
            c.endpoint(),
            "https://iam-identity-center.kr-east1.e.samsungsdscloud.com",
            "the profile's region and environment"
        );
        let flags = ScpEnvironment {
            environment: Some("s".into()),
        };
        let c = scp_client_with(
            builder(),
            &common(None, Some("kr-west1")),
            &flags,
            None,
            Some(&p),
            none,
        )
        .unwrap();
        assert_eq!(
            c.endpoint(),
            "https://iam-identity-center.kr-west1.s.samsungsdscloud.com",
            "the flags'"
        );
        let var = Arc::new(MapEnv::new().with("IDC_SCP_ENDPOINT", "http://127.0.0.2:1"));
        let with_endpoint = ScpProfile {
            endpoint: Some("http://127.0.0.3:1".into()),
            ..p
        };
        let c = scp_client_with(
            builder(),
            &common(None, None),
            &flags,
            None,
            Some(&with_endpoint),
            var,
        )
        .unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.2:1");
    }
}
