//! Huawei endpoints: from a region id, with the official SDKs' per-region override variable.
//!
//! IAM Identity Center is a global service: the official SDKs map both `cn-north-4` and `cn-south-1` to
//! `https://identitycenter.myhuaweicloud.com`. `HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_<REGION>` (region
//! upper-cased, `-` as `_`) overrides a region's endpoint, as in the official SDKs.
//!
//! ```
//! use idc::huawei::endpoint::{resolve, DEFAULT_REGION};
//! use idc::credentials::MapEnv;
//!
//! let env = MapEnv::new();
//! assert_eq!(resolve(DEFAULT_REGION, &env).unwrap(), "https://identitycenter.myhuaweicloud.com");
//! assert!(resolve("eu-west-101", &env).is_err());
//! ```

use crate::credentials::Env;
use crate::error::{Error, Result};

/// The region used when none is given.
pub const DEFAULT_REGION: &str = "cn-north-4";

/// The global endpoint.
pub const GLOBAL_ENDPOINT: &str = "https://identitycenter.myhuaweicloud.com";

/// The regions the service is known to answer in, with their endpoints.
pub const REGIONS: &[(&str, &str)] = &[
    ("cn-north-4", GLOBAL_ENDPOINT),
    ("cn-south-1", GLOBAL_ENDPOINT),
];

/// The name of the environment variable that overrides `region`'s endpoint.
pub fn override_variable(region: &str) -> String {
    format!(
        "HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_{}",
        region.to_ascii_uppercase().replace('-', "_")
    )
}

/// The endpoint of `region`: the override variable if set, else the region table.
pub fn resolve(region: &str, env: &dyn Env) -> Result<String> {
    if let Some(url) = env
        .var(&override_variable(region))
        .filter(|v| !v.is_empty())
    {
        return Ok(url);
    }
    REGIONS
        .iter()
        .find(|(id, _)| *id == region)
        .map(|(_, url)| (*url).to_owned())
        .ok_or_else(|| {
            let known: Vec<_> = REGIONS.iter().map(|(id, _)| *id).collect();
            Error::configuration(format!(
                "unknown Huawei region {region:?}: IAM Identity Center is known in {}; set an explicit \
                 endpoint or {} to use another",
                known.join(", "),
                override_variable(region)
            ))
        })
}

/// The Huawei services beside IdentityCenter, whose endpoints a [`Client`](super::Client) derives
/// from its region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    /// IdentityStore: regional, `https://identitystore.{region}.myhuaweicloud.com`.
    IdentityStore,
    /// Organizations: global, `https://organizations.myhuaweicloud.com`.
    Organizations,
}

impl Service {
    /// The service as error messages name it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::IdentityStore => "Huawei Cloud IdentityStore",
            Self::Organizations => "Huawei Cloud Organizations",
        }
    }
}

/// The regions with an IdentityStore endpoint (the official SDK's region table).
pub const IDENTITYSTORE_REGIONS: &[&str] = &[
    "cn-east-3",
    "cn-north-4",
    "ap-southeast-4",
    "ap-southeast-3",
    "ap-southeast-2",
    "la-south-2",
    "af-south-1",
    "ap-southeast-1",
    "cn-south-4",
    "tr-west-1",
    "me-east-1",
    "cn-south-1",
    "sa-brazil-1",
    "la-north-2",
    "cn-north-9",
    "cn-east-4",
    "cn-southwest-2",
];

/// The global endpoint of Organizations.
pub const ORGANIZATIONS_ENDPOINT: &str = "https://organizations.myhuaweicloud.com";

impl Service {
    /// The service's name in the override variable `HUAWEICLOUD_SDK_REGION_<NAME>_<REGION>`.
    pub fn name(self) -> &'static str {
        match self {
            Self::IdentityStore => "IDENTITYSTORE",
            Self::Organizations => "ORGANIZATIONS",
        }
    }
}

/// The endpoint of `service` for `region`: the override variable
/// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` if set, else the service's table.
pub fn resolve_service(service: Service, region: &str, env: &dyn Env) -> Result<String> {
    let variable = format!(
        "HUAWEICLOUD_SDK_REGION_{}_{}",
        service.name(),
        region.to_ascii_uppercase().replace('-', "_")
    );
    if let Some(url) = env.var(&variable).filter(|v| !v.is_empty()) {
        return Ok(url);
    }
    match service {
        Service::Organizations => Ok(ORGANIZATIONS_ENDPOINT.to_owned()),
        Service::IdentityStore if IDENTITYSTORE_REGIONS.contains(&region) => {
            Ok(format!("https://identitystore.{region}.myhuaweicloud.com"))
        }
        Service::IdentityStore => Err(Error::configuration(format!(
            "unknown Huawei region {region:?} for IdentityStore: it is known in {}; set an \
             explicit endpoint or {variable} to use another",
            IDENTITYSTORE_REGIONS.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::MapEnv;

    #[test]
    fn both_regions_map_to_the_global_endpoint() {
        let env = MapEnv::new();
        assert_eq!(resolve("cn-north-4", &env).unwrap(), GLOBAL_ENDPOINT);
        assert_eq!(resolve("cn-south-1", &env).unwrap(), GLOBAL_ENDPOINT);
    }

    #[test]
    fn the_override_variable_wins() {
        let env = MapEnv::new().with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_CN_NORTH_4",
            "https://private.example.com",
        );
        assert_eq!(
            resolve("cn-north-4", &env).unwrap(),
            "https://private.example.com"
        );
        let env = MapEnv::new().with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_AP_SOUTHEAST_1",
            "https://ap.example.com",
        );
        assert_eq!(
            resolve("ap-southeast-1", &env).unwrap(),
            "https://ap.example.com"
        );
    }

    #[test]
    fn identitystore_is_regional_and_organizations_global() {
        let env = MapEnv::new();
        assert_eq!(
            resolve_service(Service::IdentityStore, "ap-southeast-1", &env).unwrap(),
            "https://identitystore.ap-southeast-1.myhuaweicloud.com"
        );
        assert_eq!(IDENTITYSTORE_REGIONS.len(), 17);
        let e = resolve_service(Service::IdentityStore, "mars-1", &env)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("HUAWEICLOUD_SDK_REGION_IDENTITYSTORE_MARS_1"),
            "{e}"
        );
        assert_eq!(
            resolve_service(Service::Organizations, "cn-south-1", &env).unwrap(),
            ORGANIZATIONS_ENDPOINT
        );
        let env = MapEnv::new().with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYSTORE_MARS_1",
            "https://store.example.com",
        );
        assert_eq!(
            resolve_service(Service::IdentityStore, "mars-1", &env).unwrap(),
            "https://store.example.com"
        );
    }

    #[test]
    fn an_unknown_region_names_the_way_out() {
        let e = resolve("ap-southeast-1", &MapEnv::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("cn-north-4, cn-south-1"), "{e}");
        assert!(
            e.contains("HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_AP_SOUTHEAST_1"),
            "{e}"
        );
    }
}
