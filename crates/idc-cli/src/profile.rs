//! Named profiles: `--profile NAME` (or `IDC_PROFILE`) picks a section of idc's own configuration
//! file, `~/.config/idc/config.toml`.
//!
//! Neither cloud's own files have named profiles (Huawei's `~/.huaweicloud/credentials` has the
//! fixed sections `[global]` and `[basic]`; SCP's `~/.scpconf` holds one set of keys), so a profile
//! lives here and names, per cloud, where to go and which credentials file (in the cloud's own
//! format) to read:
//!
//! ```toml
//! [profiles.prod.huawei]
//! region = "ap-southeast-1"
//! instance_id = "ins-36218e5b4c2c4c4d"
//! credentials_file = "/home/me/.huaweicloud/prod-credentials"
//!
//! [profiles.prod.scp]
//! endpoint = "https://iam-identity-center.kr-west1.e.samsungsdscloud.com"
//! environment = "e"
//! credentials_file = "/home/me/.scpconf/prod/credentials.json"
//! ```
//!
//! The file is `$IDC_CONFIG_FILE`, else `$XDG_CONFIG_HOME/idc/config.toml`, else
//! `~/.config/idc/config.toml`; it is read only when a profile is asked for. A `credentials_file`
//! may start with `~/`; a relative one is relative to the configuration file's directory. Flags win over the
//! environment (`IDC_HUAWEI_ENDPOINT`, `IDC_SCP_ENDPOINT`), which wins over the profile, which wins
//! over the clouds' own files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use idc::credentials::Env;
use serde::Deserialize;

/// The variable naming the profile when `--profile` is not given.
pub const ENV_PROFILE: &str = "IDC_PROFILE";

/// The variable naming the configuration file.
pub const ENV_CONFIG_FILE: &str = "IDC_CONFIG_FILE";

/// The most bytes of the configuration file read.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// The configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

/// One profile: what it says about each cloud.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// `[profiles.NAME.huawei]`.
    pub huawei: Option<HuaweiProfile>,
    /// `[profiles.NAME.scp]`.
    pub scp: Option<ScpProfile>,
}

/// A profile's Huawei settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HuaweiProfile {
    /// One endpoint for every Huawei service (as `--endpoint`).
    pub endpoint: Option<String>,
    /// The region (as `--region`).
    pub region: Option<String>,
    /// The instance of `idc report huawei` (as its `--instance-id`).
    pub instance_id: Option<String>,
    /// A credentials file in the official SDKs' INI format, read instead of the default chain.
    pub credentials_file: Option<PathBuf>,
}

/// A profile's SCP settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScpProfile {
    /// One endpoint for every SCP service (as `--endpoint`).
    pub endpoint: Option<String>,
    /// The region (as `--region`).
    pub region: Option<String>,
    /// The environment, `s`, `g` or `e` (as `--environment`).
    pub environment: Option<String>,
    /// The instance of `idc report scp` (as its `--instance-id`).
    pub instance_id: Option<String>,
    /// A `credentials.json` in the SCP tools' format (with `config.json` beside it for the account
    /// id), read instead of the default chain.
    pub credentials_file: Option<PathBuf>,
}

/// The configuration file: `$IDC_CONFIG_FILE`, `$XDG_CONFIG_HOME/idc/config.toml` or
/// `~/.config/idc/config.toml`.
pub fn config_path(env: &dyn Env) -> Option<PathBuf> {
    let var = |name| env.var(name).filter(|v| !v.is_empty());
    if let Some(file) = var(ENV_CONFIG_FILE) {
        return Some(PathBuf::from(file));
    }
    let config_home = var("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|home| Path::new(&home).join(".config")))
        .or_else(|| home::home_dir().map(|home| home.join(".config")))?;
    Some(config_home.join("idc").join("config.toml"))
}

/// The profile `name` of the configuration file `env` points at.
///
/// # Errors
///
/// A message naming the file: it cannot be read (it must be a regular file of at most 1 MiB), is
/// not TOML of the expected shape (an unknown key is refused, so a typo is not ignored), or has no
/// such profile (the message lists those it has).
pub fn load(name: &str, env: &dyn Env) -> Result<Profile, String> {
    let path = config_path(env).ok_or_else(|| {
        format!(
            "profile {name:?}: no configuration file (the home directory is unknown; set \
             {ENV_CONFIG_FILE})"
        )
    })?;
    let shown = path.display();
    let text = idc::files::read_regular_file(&path, MAX_FILE_BYTES).map_err(|e| {
        format!("profile {name:?}: cannot read the idc configuration file {shown}: {e}")
    })?;
    let file: ConfigFile = toml::from_str(&text)
        .map_err(|e| format!("malformed idc configuration file {shown}: {}", e.message()))?;
    match file.profiles.get(name) {
        Some(profile) => {
            let mut profile = profile.clone();
            let base = path.parent().unwrap_or(Path::new(""));
            let home = env.var("HOME").map(PathBuf::from).or_else(home::home_dir);
            if let Some(h) = profile.huawei.as_mut() {
                h.credentials_file = h
                    .credentials_file
                    .take()
                    .map(|f| resolve(f, base, home.as_deref()));
            }
            if let Some(s) = profile.scp.as_mut() {
                s.credentials_file = s
                    .credentials_file
                    .take()
                    .map(|f| resolve(f, base, home.as_deref()));
            }
            Ok(profile)
        }
        None if file.profiles.is_empty() => Err(format!(
            "profile {name:?} not found: the idc configuration file {shown} has no profiles"
        )),
        None => Err(format!(
            "profile {name:?} not found in the idc configuration file {shown} (it has: {})",
            file.profiles
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// A path of the file: `~/` is the home directory, and a relative path is relative to the file's
/// directory (not to wherever `idc` runs).
fn resolve(path: PathBuf, base: &Path, home: Option<&Path>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ if path.is_relative() => base.join(path),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use idc::credentials::MapEnv;

    const FILE: &str = r#"
[profiles.prod.huawei]
region = "ap-southeast-1"
instance_id = "ins-1"
credentials_file = "/creds/prod"

[profiles.prod.scp]
endpoint = "https://scp.example.com"
environment = "e"

[profiles.lab.huawei]
endpoint = "http://127.0.0.1:8080"
"#;

    fn with_file(text: &str) -> (tempfile::TempDir, MapEnv) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let env = MapEnv::new().with(ENV_CONFIG_FILE, path.to_string_lossy());
        (dir, env)
    }

    #[test]
    fn the_file_is_found_from_the_variables_in_order() {
        let env = MapEnv::new()
            .with("HOME", "/home/me")
            .with("XDG_CONFIG_HOME", "/xdg");
        assert_eq!(
            config_path(&env),
            Some(PathBuf::from("/xdg/idc/config.toml"))
        );
        let env = MapEnv::new().with("HOME", "/home/me");
        assert_eq!(
            config_path(&env),
            Some(PathBuf::from("/home/me/.config/idc/config.toml"))
        );
        let env = env.with(ENV_CONFIG_FILE, "/etc/idc.toml");
        assert_eq!(config_path(&env), Some(PathBuf::from("/etc/idc.toml")));
    }

    #[test]
    fn a_profile_gives_each_cloud_s_settings() {
        let (_dir, env) = with_file(FILE);
        let prod = load("prod", &env).unwrap();
        let huawei = prod.huawei.unwrap();
        assert_eq!(huawei.region.as_deref(), Some("ap-southeast-1"));
        assert_eq!(huawei.instance_id.as_deref(), Some("ins-1"));
        assert_eq!(huawei.credentials_file, Some(PathBuf::from("/creds/prod")));
        assert_eq!(huawei.endpoint, None);
        let scp = prod.scp.unwrap();
        assert_eq!(scp.environment.as_deref(), Some("e"));
        assert_eq!(scp.endpoint.as_deref(), Some("https://scp.example.com"));
        let lab = load("lab", &env).unwrap();
        assert_eq!(lab.scp, None);
    }

    #[test]
    fn credentials_files_are_found_from_home_or_the_file_s_directory() {
        let (dir, env) = with_file(
            "[profiles.a.huawei]\ncredentials_file = \"~/.huaweicloud/a\"\n\
             [profiles.a.scp]\ncredentials_file = \"scp/credentials.json\"\n",
        );
        let env = env.with("HOME", "/home/me");
        let a = load("a", &env).unwrap();
        assert_eq!(
            a.huawei.unwrap().credentials_file,
            Some(PathBuf::from("/home/me/.huaweicloud/a"))
        );
        assert_eq!(
            a.scp.unwrap().credentials_file,
            Some(dir.path().join("scp/credentials.json"))
        );
    }

    #[test]
    fn what_cannot_be_used_is_named() {
        let (dir, env) = with_file(FILE);
        let e = load("staging", &env).unwrap_err();
        assert!(e.contains("\"staging\" not found"), "{e}");
        assert!(e.contains("lab, prod"), "{e}");
        assert!(e.contains(&dir.path().display().to_string()), "{e}");

        let (_dir, env) = with_file("[profiles.prod.huawei]\nregoin = \"x\"\n");
        let e = load("prod", &env).unwrap_err();
        assert!(e.contains("malformed idc configuration file"), "{e}");
        assert!(e.contains("regoin"), "{e}");

        let (_dir, env) = with_file("[profiles.prod.huawei]\nenvironment = \"e\"\n");
        assert!(load("prod", &env).is_err(), "Huawei has no environment");

        let (_dir, env) = with_file("");
        let e = load("prod", &env).unwrap_err();
        assert!(e.contains("has no profiles"), "{e}");

        let env = MapEnv::new().with(ENV_CONFIG_FILE, "/nonexistent/idc.toml");
        let e = load("prod", &env).unwrap_err();
        assert!(e.contains("cannot read the idc configuration file"), "{e}");
    }
}
