//! Huawei Cloud credentials and where to find them.
//!
//! Huawei Cloud signs requests with an access key (AK) and a secret key (SK); see
//! [`crate::huawei::signing`]. IAM Identity Center is a *global* service, so it takes account-level
//! ("global") credentials: AK, SK and the account's **domain id**, sent as `X-Domain-Id`. The domain id
//! is optional here: without it the gateway resolves the account from the AK, which works for permanent
//! keys of the account itself. Temporary credentials add a **security token**, sent (and signed) as
//! `X-Security-Token`.
//!
//! # Sources
//!
//! | provider | reads |
//! | --- | --- |
//! | [`Credentials`] itself | the values it holds |
//! | [`EnvironmentProvider`] | `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`, `HUAWEICLOUD_SDK_DOMAIN_ID`, `HUAWEICLOUD_SDK_PROJECT_ID` |
//! | [`ProfileProvider`] | the INI file `$HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`: section `[global]` (keys `ak`, `sk`, `security_token`, `domain_id`) and section `[basic]` (keys `ak`, `sk`, `security_token`, `project_id`), either or both |
//! | [`default_chain`] | the environment, then the profile file (the official SDKs' order) |
//!
//! The regional, project-scoped services (IdentityStore) take a **project id** instead of the domain
//! id, sent as `X-Project-Id`: each client sends only what its service's scope takes. As in the
//! official SDKs, the profile file's `[global]` section serves the global services and `[basic]` the
//! project-scoped ones; when the file has only one of them, it serves both (a global service then
//! goes without a domain id, and the gateway resolves the account from the AK).
//!
//! Empty values count as unset. A source with neither AK nor SK is "not configured" and a chain moves
//! on; a source with only one of them is an error that names the missing one.
//!
//! ```
//! use idc::credentials::{MapEnv, ProvideCredentials};
//! use idc::huawei::credentials::{Credentials, EnvironmentProvider};
//!
//! // Explicit credentials.
//! let credentials = Credentials::new("AK-EXAMPLE", "SK-EXAMPLE").with_domain_id("0a1b2c");
//! assert_eq!(credentials.domain_id(), Some("0a1b2c"));
//!
//! // From (here: a fake) environment.
//! let env = MapEnv::new()
//!     .with("HUAWEICLOUD_SDK_AK", "AK-EXAMPLE")
//!     .with("HUAWEICLOUD_SDK_SK", "SK-EXAMPLE");
//! let loaded = EnvironmentProvider::with_env(env).load().unwrap();
//! assert_eq!(loaded.access_key(), "AK-EXAMPLE");
//! assert_eq!(loaded.domain_id(), None);
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::credentials::{
    BoxFuture, Chain, CredentialsError, Env, ProcessEnv, ProvideCredentials, SecretString,
    non_empty_var,
};

/// Environment variable holding the access key.
pub const ENV_ACCESS_KEY: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable holding the secret key.
pub const ENV_SECRET_KEY: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable holding the security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable holding the account's domain id.
pub const ENV_DOMAIN_ID: &str = "HUAWEICLOUD_SDK_DOMAIN_ID";
/// The project id of the project-scoped services (IdentityStore).
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Environment variable naming the profile file, overriding `~/.huaweicloud/credentials`.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// The profile file's section read by [`ProfileProvider`].
pub const PROFILE_SECTION: &str = "global";

/// The profile file's section whose `project_id` the project-scoped services use.
pub const PROJECT_SECTION: &str = "basic";

/// Huawei Cloud credentials: AK, SK, and optionally the domain id and a security token.
///
/// `Debug` shows the access key and domain id but never the secret key or the token; both are wiped from
/// memory when the value is dropped.
///
/// A `Credentials` value is also a [`ProvideCredentials`] that always returns a copy of itself.
#[derive(Clone, Debug)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretString,
    domain_id: Option<String>,
    project_id: Option<String>,
    security_token: Option<SecretString>,
    /// The keys of the profile file's `[basic]` section when they differ from `[global]`'s: the
    /// project-scoped services sign with them, as the official SDKs' `BasicCredentials` do.
    project_keys: Option<Box<Credentials>>,
}

impl Credentials {
    /// Permanent credentials without a domain id.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<SecretString>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            domain_id: None,
            project_id: None,
            security_token: None,
            project_keys: None,
        }
    }

    /// Returns these credentials with a project id, sent as `X-Project-Id` by the regional
    /// (project-scoped) services such as IdentityStore.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// The project id, if known.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// These credentials as a global service takes them: the domain id, no project id.
    pub(crate) fn global(mut self) -> Self {
        self.project_id = None;
        self
    }

    /// These credentials as a project-scoped service takes them: the project id, no domain id, and
    /// the project's own keys if the profile file gave it some.
    pub(crate) fn project_scoped(mut self) -> Self {
        if let Some(keys) = self.project_keys.take() {
            self.access_key = keys.access_key;
            self.secret_key = keys.secret_key;
            self.security_token = keys.security_token;
        }
        self.domain_id = None;
        self
    }

    /// Returns these credentials with the account's domain id, sent as `X-Domain-Id`.
    pub fn with_domain_id(mut self, domain_id: impl Into<String>) -> Self {
        self.domain_id = Some(domain_id.into());
        self
    }

    /// Returns these credentials with the security token of temporary credentials, sent as
    /// `X-Security-Token`.
    pub fn with_security_token(mut self, security_token: impl Into<SecretString>) -> Self {
        self.security_token = Some(security_token.into());
        self
    }

    /// The access key (AK).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key (SK).
    pub fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }

    /// The account's domain id, if known.
    pub fn domain_id(&self) -> Option<&str> {
        self.domain_id.as_deref()
    }

    /// The security token, for temporary credentials.
    pub fn security_token(&self) -> Option<&SecretString> {
        self.security_token.as_ref()
    }
}

impl ProvideCredentials for Credentials {
    type Credentials = Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// Builds credentials from optional AK and SK, reporting a half-configured source.
fn assemble(
    location: impl Fn() -> String,
    ak: (Option<String>, &str),
    sk: (Option<String>, &str),
    domain_id: Option<String>,
    project_id: Option<String>,
    security_token: Option<String>,
) -> Result<Credentials, CredentialsError> {
    let (ak, ak_name) = ak;
    let (sk, sk_name) = sk;
    let credentials = match (ak, sk) {
        (Some(ak), Some(sk)) => Credentials::new(ak, sk),
        (None, None) => {
            return Err(CredentialsError::NotConfigured {
                location: location(),
            });
        }
        (Some(_), None) => {
            return Err(CredentialsError::Incomplete {
                location: location(),
                missing: sk_name.to_owned(),
                present: ak_name.to_owned(),
            });
        }
        (None, Some(_)) => {
            return Err(CredentialsError::Incomplete {
                location: location(),
                missing: ak_name.to_owned(),
                present: sk_name.to_owned(),
            });
        }
    };
    let credentials = match domain_id {
        Some(id) => credentials.with_domain_id(id),
        None => credentials,
    };
    let credentials = match project_id {
        Some(id) => credentials.with_project_id(id),
        None => credentials,
    };
    let credentials = match security_token {
        Some(token) => credentials.with_security_token(token),
        None => credentials,
    };
    tracing::debug!(
        access_key = credentials.access_key(),
        domain_id = credentials.domain_id(),
        temporary = credentials.security_token().is_some(),
        "loaded Huawei Cloud credentials"
    );
    Ok(credentials)
}

/// Reads `HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`, `HUAWEICLOUD_SDK_SECURITY_TOKEN`,
/// `HUAWEICLOUD_SDK_DOMAIN_ID` and `HUAWEICLOUD_SDK_PROJECT_ID`.
///
/// Not configured when neither AK nor SK is set; an error naming the missing variable when only one is.
#[derive(Clone, Debug)]
pub struct EnvironmentProvider {
    env: Arc<dyn Env>,
}

impl EnvironmentProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::with_env(ProcessEnv)
    }

    /// Reads `env` instead of the process environment.
    pub fn with_env(env: impl Env + 'static) -> Self {
        Self { env: Arc::new(env) }
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let env = &*self.env;
        assemble(
            || format!("environment variables {ENV_ACCESS_KEY}, {ENV_SECRET_KEY}"),
            (non_empty_var(env, ENV_ACCESS_KEY), ENV_ACCESS_KEY),
            (non_empty_var(env, ENV_SECRET_KEY), ENV_SECRET_KEY),
            non_empty_var(env, ENV_DOMAIN_ID),
            non_empty_var(env, ENV_PROJECT_ID),
            non_empty_var(env, ENV_SECURITY_TOKEN),
        )
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for EnvironmentProvider {
    type Credentials = Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// Reads the `[global]` section of the Huawei Cloud profile file (INI).
///
/// The file is `$HUAWEICLOUD_SDK_CREDENTIALS_FILE` when that is set, else `~/.huaweicloud/credentials`;
/// [`ProfileProvider::with_path`] names it explicitly. Keys: `ak`, `sk`, and optionally `security_token`
/// and `domain_id`. Values are taken literally (a backslash is not an escape); surrounding quotes are
/// removed.
///
/// ```ini
/// [global]
/// ak = AK-EXAMPLE
/// sk = SK-EXAMPLE
/// domain_id = 0a1b2c3d4e5f
/// ```
///
/// Not configured when the file does not exist. An error naming the file when it cannot be read (it
/// must be a regular file of at most [`MAX_CREDENTIALS_FILE_BYTES`](crate::files::MAX_CREDENTIALS_FILE_BYTES):
/// a FIFO or a device is refused without reading), is not valid INI, has no `[global]` section, or
/// has only one of `ak` and `sk`. A UTF-8 byte order mark at the start is accepted.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
    env: Arc<dyn Env>,
    home: Option<PathBuf>,
}

impl ProfileProvider {
    /// Finds the file through the process environment and the user's home directory.
    pub fn new() -> Self {
        Self::with_env(ProcessEnv)
    }

    /// Reads exactly `path`.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        Self {
            path: Some(path.into()),
            env: Arc::new(ProcessEnv),
            home: None,
        }
    }

    /// Finds the file through `HUAWEICLOUD_SDK_CREDENTIALS_FILE` in `env`, falling back to the user's
    /// home directory.
    pub fn with_env(env: impl Env + 'static) -> Self {
        Self {
            path: None,
            env: Arc::new(env),
            home: None,
        }
    }

    /// Uses `home` instead of the user's home directory for the default path.
    pub fn with_home_dir(mut self, home: impl Into<PathBuf>) -> Self {
        self.home = Some(home.into());
        self
    }

    /// The file this provider reads, or `None` when no path is given and the home directory is unknown.
    pub fn path(&self) -> Option<PathBuf> {
        self.resolve().map(|(path, _)| path)
    }

    /// The file, and the variable that named it, if one did.
    fn resolve(&self) -> Option<(PathBuf, Option<&'static str>)> {
        if let Some(path) = &self.path {
            return Some((path.clone(), None));
        }
        if let Some(file) = non_empty_var(&*self.env, ENV_CREDENTIALS_FILE) {
            return Some((PathBuf::from(file), Some(ENV_CREDENTIALS_FILE)));
        }
        self.home
            .clone()
            .or_else(home::home_dir)
            .map(|home| (home.join(".huaweicloud").join("credentials"), None))
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some((path, named_by)) = self.resolve() else {
            return Err(CredentialsError::NotConfigured {
                location: "profile file ~/.huaweicloud/credentials (home directory unknown)"
                    .to_owned(),
            });
        };
        load_profile(&path, named_by)
    }
}

impl Default for ProfileProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ProfileProvider {
    type Credentials = Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

fn load_profile(
    path: &Path,
    named_by: Option<&'static str>,
) -> Result<Credentials, CredentialsError> {
    let text = match crate::files::read_regular_file(path, crate::files::MAX_CREDENTIALS_FILE_BYTES)
    {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let location = match named_by {
                Some(var) => format!(
                    "profile file {} (named by {var}; not found)",
                    path.display()
                ),
                None => format!("profile file {} (not found)", path.display()),
            };
            return Err(CredentialsError::NotConfigured { location });
        }
        Err(source) => {
            return Err(CredentialsError::Io {
                path: path.to_owned(),
                source,
            });
        }
    };
    let ini = ini::Ini::load_from_str_noescape(&text).map_err(|e| CredentialsError::Malformed {
        path: path.to_owned(),
        problem: format!(
            "not valid INI: line {}, column {}: {}",
            e.line, e.col, e.msg
        ),
    })?;
    // The official SDKs read `[global]` for the global services (GlobalCredentials) and `[basic]` for
    // the project-scoped ones (BasicCredentials); each section is complete on its own.
    let global = ini
        .section(Some(PROFILE_SECTION))
        .map(|section| profile_section(path, PROFILE_SECTION, section))
        .transpose()?;
    let basic_section = ini.section(Some(PROJECT_SECTION));
    let value = section_value;
    if let (Some(mut global), Some(section)) = (global.clone(), basic_section)
        && value(section, "ak").is_none()
        && value(section, "sk").is_none()
    {
        // A `[basic]` section without keys beside a complete `[global]` lends its project id only.
        if global.project_id.is_none() {
            global.project_id = value(section, "project_id");
        }
        return Ok(global);
    }
    let basic = basic_section
        .map(|section| profile_section(path, PROJECT_SECTION, section))
        .transpose()?;
    match (global, basic) {
        (None, None) => Err(CredentialsError::Malformed {
            path: path.to_owned(),
            problem: format!("no [{PROFILE_SECTION}] and no [{PROJECT_SECTION}] section"),
        }),
        (Some(global), None) => Ok(global),
        (None, Some(basic)) => Ok(basic),
        (Some(mut global), Some(basic)) => {
            if global.project_id.is_none() {
                global.project_id = basic.project_id.clone();
            }
            let same_keys = global.access_key == basic.access_key
                && global.secret_key.expose_secret() == basic.secret_key.expose_secret()
                && global
                    .security_token
                    .as_ref()
                    .map(SecretString::expose_secret)
                    == basic
                        .security_token
                        .as_ref()
                        .map(SecretString::expose_secret);
            if !same_keys {
                global.project_keys = Some(Box::new(basic));
            }
            Ok(global)
        }
    }
}

/// A key's value in a profile section; empty counts as unset.
fn section_value(section: &ini::Properties, key: &str) -> Option<String> {
    section
        .get(key)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The credentials of one profile section; a missing `ak` or `sk` makes the file malformed.
fn profile_section(
    path: &Path,
    name: &str,
    section: &ini::Properties,
) -> Result<Credentials, CredentialsError> {
    let get = |key: &str| section_value(section, key);
    let location = || format!("profile file {} section [{name}]", path.display());
    let is_global = name == PROFILE_SECTION;
    match assemble(
        location,
        (get("ak"), "key `ak`"),
        (get("sk"), "key `sk`"),
        get("domain_id").filter(|_| is_global),
        get("project_id"),
        get("security_token"),
    ) {
        // The file exists and has the section, so a missing key is a malformed file, not an absent source.
        Err(CredentialsError::NotConfigured { .. }) => Err(CredentialsError::Malformed {
            path: path.to_owned(),
            problem: format!("section [{name}] has no `ak` and no `sk`"),
        }),
        Err(CredentialsError::Incomplete {
            missing, present, ..
        }) => Err(CredentialsError::Malformed {
            path: path.to_owned(),
            problem: format!("section [{name}] has {present} but {missing} is missing or empty"),
        }),
        other => other,
    }
}

/// The official SDKs' order: [`EnvironmentProvider`], then [`ProfileProvider`], both reading the process
/// environment and the user's home directory.
pub fn default_chain() -> Chain<Credentials> {
    default_chain_with_env(ProcessEnv)
}

/// [`default_chain`] reading `env` instead of the process environment (also for
/// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`).
pub fn default_chain_with_env(env: impl Env + 'static) -> Chain<Credentials> {
    let env: Arc<dyn Env> = Arc::new(env);
    Chain::new()
        .or_else(EnvironmentProvider::with_env(Arc::clone(&env)))
        .or_else(ProfileProvider::with_env(env))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Credentials {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        std::fs::write(&path, text).unwrap();
        ProfileProvider::with_path(&path).load().unwrap()
    }

    #[test]
    fn a_profile_with_only_basic_serves_both_scopes() {
        let credentials = load("[basic]\nak = AK-B\nsk = SK-B\nproject_id = p1\n");
        let project = credentials.clone().project_scoped();
        assert_eq!(project.access_key(), "AK-B");
        assert_eq!(project.project_id(), Some("p1"));
        let global = credentials.global();
        assert_eq!(global.access_key(), "AK-B");
        assert_eq!(global.domain_id(), None);
        assert_eq!(global.project_id(), None);
    }

    #[test]
    fn basic_keys_sign_the_project_scoped_services_and_global_keys_the_others() {
        let credentials = load(
            "[global]\nak = AK-G\nsk = SK-G\ndomain_id = d1\n\
             [basic]\nak = AK-B\nsk = SK-B\nsecurity_token = TOKEN-B\nproject_id = p1\n",
        );
        let global = credentials.clone().global();
        assert_eq!(global.access_key(), "AK-G");
        assert_eq!(global.secret_key().expose_secret(), "SK-G");
        assert_eq!(global.domain_id(), Some("d1"));
        assert!(global.security_token().is_none());
        let project = credentials.clone().project_scoped();
        assert_eq!(project.access_key(), "AK-B");
        assert_eq!(project.secret_key().expose_secret(), "SK-B");
        assert_eq!(
            project.security_token().map(SecretString::expose_secret),
            Some("TOKEN-B")
        );
        assert_eq!(project.project_id(), Some("p1"));
        assert_eq!(project.domain_id(), None);
        // The second key pair is as secret as the first.
        let debug = format!("{credentials:?}");
        assert!(
            !debug.contains("SK-B") && !debug.contains("TOKEN-B"),
            "{debug}"
        );
    }

    #[test]
    fn a_basic_section_with_only_a_project_id_lends_it_to_global() {
        let credentials = load("[global]\nak = AK\nsk = SK\n[basic]\nproject_id = p1\n");
        assert!(credentials.project_keys.is_none());
        assert_eq!(credentials.project_id(), Some("p1"));
        // Alone, such a section has no keys to sign with.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        std::fs::write(&path, "[basic]\nproject_id = p1\n").unwrap();
        let err = ProfileProvider::with_path(&path).load().unwrap_err();
        assert!(
            err.to_string()
                .contains("section [basic] has no `ak` and no `sk`"),
            "{err}"
        );
    }

    #[test]
    fn a_basic_section_with_the_same_keys_only_adds_its_project_id() {
        let credentials =
            load("[global]\nak = AK\nsk = SK\n[basic]\nak = AK\nsk = SK\nproject_id = p1\n");
        assert!(credentials.project_keys.is_none());
        assert_eq!(credentials.project_id(), Some("p1"));
    }
}
