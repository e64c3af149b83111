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
//! // IdentityCenter is global: a region of IdentityStore also reaches the global endpoint.
//! assert_eq!(resolve("ap-southeast-1", &env).unwrap(), "https://identitycenter.myhuaweicloud.com");
//! assert!(resolve("eu-west-101", &env).is_err());
//! ```

use crate::credentials::Env;
use crate::error::{Error, Result};

/// The environment variable naming one endpoint for every Huawei service when the builder is given
/// none (as an explicit [`endpoint`](super::ClientBuilder::endpoint) would).
pub const ENV_ENDPOINT: &str = "IDC_HUAWEI_ENDPOINT";

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
///
/// IdentityCenter is global, so every region the client may be used in maps to the global endpoint:
/// the two of IdentityCenter's own table and the [IdentityStore regions](IDENTITYSTORE_REGIONS), which a
/// client derives its [`identity_store`](super::Client::identity_store) from. A region none of them
/// knows is refused, so that a typo does not silently reach the wrong place.
pub fn resolve(region: &str, env: &dyn Env) -> Result<String> {
    if let Some(url) = env
        .var(&override_variable(region))
        .filter(|v| !v.is_empty())
    {
        return Ok(url);
    }
    if let Some((_, url)) = REGIONS.iter().find(|(id, _)| *id == region) {
        return Ok((*url).to_owned());
    }
    if IDENTITYSTORE_REGIONS.contains(&region) {
        return Ok(GLOBAL_ENDPOINT.to_owned());
    }
    Err(Error::configuration(format!(
        "unknown Huawei region {region:?}: known regions are {}; set an explicit endpoint or {} to \
         use another",
        known_regions().join(", "),
        override_variable(region)
    )))
}

/// Every region a client may be built for: IdentityCenter's and IdentityStore's, without repeats.
pub fn known_regions() -> Vec<&'static str> {
    let mut known: Vec<&'static str> = REGIONS.iter().map(|(id, _)| *id).collect();
    for region in IDENTITYSTORE_REGIONS {
        if !known.contains(region) {
            known.push(region);
        }
    }
    known
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

/// The regions with an IdentityStore endpoint: the spec's server `region` values, which are the
/// official SDK's region table (`huaweicloudsdkidentitycenterstore` 3.1.219, in its order).
#[cfg(feature = "huawei-identitystore")]
pub const IDENTITYSTORE_REGIONS: &[&str] = idc_raw::huawei_identitystore::SERVER_REGIONS;
/// The regions with an IdentityStore endpoint (none: this build leaves IdentityStore out).
#[cfg(not(feature = "huawei-identitystore"))]
pub const IDENTITYSTORE_REGIONS: &[&str] = &[];

/// The global endpoint of Organizations.
pub const ORGANIZATIONS_ENDPOINT: &str = "https://organizations.myhuaweicloud.com";

impl Service {
    /// The service's name in the override variable `HUAWEICLOUD_SDK_REGION_<NAME>_<REGION>`, as the
    /// official SDKs name it (the IdentityStore package is `identitycenterstore`).
    pub fn name(self) -> &'static str {
        match self {
            Self::IdentityStore => "IDENTITYCENTERSTORE",
            Self::Organizations => "ORGANIZATIONS",
        }
    }
}

impl Service {
    /// The name of the environment variable that overrides this service's endpoint in `region`:
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (`HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4`).
    pub fn override_variable(self, region: &str) -> String {
        format!(
            "HUAWEICLOUD_SDK_REGION_{}_{}",
            self.name(),
            region.to_ascii_uppercase().replace('-', "_")
        )
    }
}

/// The endpoint of `service` for `region`: the override variable
/// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` if set, else the service's table.
pub fn resolve_service(service: Service, region: &str, env: &dyn Env) -> Result<String> {
    let variable = service.override_variable(region);
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
    fn every_region_of_a_service_maps_identitycenter_to_the_global_endpoint() {
        let env = MapEnv::new();
        assert_eq!(resolve("cn-north-4", &env).unwrap(), GLOBAL_ENDPOINT);
        assert_eq!(resolve("cn-south-1", &env).unwrap(), GLOBAL_ENDPOINT);
        // A client for an IdentityStore region: IdentityCenter stays global.
        for region in IDENTITYSTORE_REGIONS {
            assert_eq!(resolve(region, &env).unwrap(), GLOBAL_ENDPOINT, "{region}");
        }
        assert_eq!(
            known_regions().len(),
            17,
            "cn-north-4 and cn-south-1 are in both"
        );
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
        // The official SDK's 17 regions, each with its own host.
        assert_eq!(IDENTITYSTORE_REGIONS.len(), 17);
        for region in [
            "af-north-1",
            "ap-southeast-5",
            "cn-southwest-2",
            "cn-north-4",
        ] {
            assert_eq!(
                resolve_service(Service::IdentityStore, region, &env).unwrap(),
                format!("https://identitystore.{region}.myhuaweicloud.com")
            );
        }
        for typo in ["cn-north-9", "cn-east-4", "CN-NORTH-4"] {
            assert!(resolve_service(Service::IdentityStore, typo, &env).is_err());
        }
        let e = resolve_service(Service::IdentityStore, "mars-1", &env)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("HUAWEICLOUD_SDK_REGION_IDENTITYCENTERSTORE_MARS_1"),
            "{e}"
        );
        assert_eq!(
            resolve_service(Service::Organizations, "cn-south-1", &env).unwrap(),
            ORGANIZATIONS_ENDPOINT
        );
        let env = MapEnv::new().with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTERSTORE_MARS_1",
            "https://store.example.com",
        );
        assert_eq!(
            resolve_service(Service::IdentityStore, "mars-1", &env).unwrap(),
            "https://store.example.com"
        );
    }

    #[test]
    fn an_unknown_region_names_the_way_out() {
        let e = resolve("eu-west-101", &MapEnv::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("cn-north-4, cn-south-1, cn-east-3"), "{e}");
        assert!(e.contains("ap-southeast-5"), "{e}");
        assert!(
            e.contains("HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_EU_WEST_101"),
            "{e}"
        );
    }
}
