//! SCP endpoints: `https://iam-identity-center.{region}.{environment}.samsungsdscloud.com`.
//!
//! | environment | meaning | regions |
//! | --- | --- | --- |
//! | `s` | Samsung | `kr-west1`, `kr-east1` |
//! | `g` | Sovereign | `kr-south1`, `kr-south2`, `kr-south3` |
//! | `e` | Enterprise | `kr-west1`, `kr-east1` |
//!
//! ```
//! use idc::scp::endpoint::resolve;
//!
//! assert_eq!(
//!     resolve("kr-west1", "e").unwrap(),
//!     "https://iam-identity-center.kr-west1.e.samsungsdscloud.com"
//! );
//! assert!(resolve("kr-south1", "s").is_err());
//! ```

use crate::error::{Error, Result};

/// The environment variable naming one endpoint for every SCP service when the builder is given
/// none (as an explicit [`endpoint`](super::ClientBuilder::endpoint) would).
pub const ENV_ENDPOINT: &str = "IDC_SCP_ENDPOINT";

/// The environment used when none is given.
pub const DEFAULT_ENVIRONMENT: &str = "s";

/// The region used when none is given.
pub const DEFAULT_REGION: &str = "kr-west1";

/// Each environment and its regions.
pub const ENVIRONMENTS: &[(&str, &[&str])] = &[
    ("s", &["kr-west1", "kr-east1"]),
    ("g", &["kr-south1", "kr-south2", "kr-south3"]),
    ("e", &["kr-west1", "kr-east1"]),
];

fn regions_of(environment: &str) -> Result<&'static [&'static str]> {
    ENVIRONMENTS
        .iter()
        .find(|(env, _)| *env == environment)
        .map(|(_, regions)| *regions)
        .ok_or_else(|| {
            Error::configuration(format!(
                "unknown SCP environment {environment:?}: use s (Samsung), g (Sovereign) or e \
                 (Enterprise)"
            ))
        })
}

/// The endpoint of the organization service in `environment` (it has no region label).
pub fn resolve_organization(environment: &str) -> Result<String> {
    regions_of(environment)?;
    Ok(format!(
        "https://organization.{environment}.samsungsdscloud.com"
    ))
}

/// The endpoint of `region` in `environment`.
pub fn resolve(region: &str, environment: &str) -> Result<String> {
    let regions = regions_of(environment)?;
    if !regions.contains(&region) {
        return Err(Error::configuration(format!(
            "SCP environment {environment:?} has no region {region:?} (it has {}); set an explicit \
             endpoint to use another",
            regions.join(", ")
        )));
    }
    Ok(format!(
        "https://iam-identity-center.{region}.{environment}.samsungsdscloud.com"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_pair_resolves() {
        for (env, regions) in ENVIRONMENTS {
            for region in *regions {
                let url = resolve(region, env).unwrap();
                assert_eq!(
                    url,
                    format!("https://iam-identity-center.{region}.{env}.samsungsdscloud.com")
                );
            }
        }
    }

    #[test]
    fn the_organization_service_has_no_region() {
        assert_eq!(
            resolve_organization("e").unwrap(),
            "https://organization.e.samsungsdscloud.com"
        );
        assert!(resolve_organization("x").is_err());
    }

    #[test]
    fn unknown_pairs_say_what_exists() {
        let e = resolve("kr-west1", "x").unwrap_err().to_string();
        assert!(e.contains("s (Samsung)"), "{e}");
        let e = resolve("kr-south1", "e").unwrap_err().to_string();
        assert!(e.contains("kr-west1, kr-east1"), "{e}");
    }
}
