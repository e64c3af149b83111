//! Samsung Cloud Platform credentials and where to find them.
//!
//! SCP signs requests with an access key and a secret key; see [`crate::scp::signing`]. Two optional
//! values ride along: an **auth token** (sent as `X-Auth-Token`) and an **account id** (sent as
//! `Scp-AccountId`, and then also part of the signed message).
//!
//! # Sources
//!
//! | provider | reads |
//! | --- | --- |
//! | [`Credentials`] itself | the values it holds |
//! | [`EnvironmentProvider`] | `SCP_ACCESS_KEY`, `SCP_SECRET_KEY`, `SCP_AUTH_TOKEN`, `SCP_ACCOUNT_ID` |
//! | [`ProfileProvider`] | `~/.scpconf/credentials.json` (keys `access-key`, `secret-key`, `auth-token`) and, if present, `account-id` from `~/.scpconf/config.json` |
//! | [`default_chain`] | the environment, then the profile files |
//!
//! Empty values count as unset. A source with neither access key nor secret key is "not configured" and a
//! chain moves on; a source with only one of them is an error that names the missing one.
//!
//! ```
//! use idc::credentials::MapEnv;
//! use idc::scp::credentials::{Credentials, EnvironmentProvider};
//!
//! let credentials = Credentials::new("ak", "sk").with_account_id("acct-123");
//! assert_eq!(credentials.account_id(), Some("acct-123"));
//!
//! let env = MapEnv::new().with("SCP_ACCESS_KEY", "ak").with("SCP_SECRET_KEY", "sk");
//! let loaded = EnvironmentProvider::with_env(env).load().unwrap();
//! assert_eq!(loaded.access_key(), "ak");
//! assert!(loaded.auth_token().is_none());
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::credentials::{
    BoxFuture, Chain, CredentialsError, Env, ProcessEnv, ProvideCredentials, SecretString,
    non_empty_var,
};

/// Environment variable holding the access key.
pub const ENV_ACCESS_KEY: &str = "SCP_ACCESS_KEY";
/// Environment variable holding the secret key.
pub const ENV_SECRET_KEY: &str = "SCP_SECRET_KEY";
/// Environment variable holding the optional auth token.
pub const ENV_AUTH_TOKEN: &str = "SCP_AUTH_TOKEN";
/// Environment variable holding the optional account id.
pub const ENV_ACCOUNT_ID: &str = "SCP_ACCOUNT_ID";

/// Samsung Cloud Platform credentials: access key, secret key, and optionally an auth token and an
/// account id.
///
/// `Debug` shows the access key and account id but never the secret key or the token; both are wiped
/// from memory when the value is dropped.
///
/// A `Credentials` value is also a [`ProvideCredentials`] that always returns a copy of itself.
#[derive(Clone, Debug)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretString,
    auth_token: Option<SecretString>,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials without auth token or account id.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<SecretString>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            auth_token: None,
            account_id: None,
        }
    }

    /// Returns these credentials with an auth token, sent as `X-Auth-Token`.
    pub fn with_auth_token(mut self, auth_token: impl Into<SecretString>) -> Self {
        self.auth_token = Some(auth_token.into());
        self
    }

    /// Returns these credentials with an account id, sent as `Scp-AccountId` and signed.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The access key.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }

    /// The auth token, if any.
    pub fn auth_token(&self) -> Option<&SecretString> {
        self.auth_token.as_ref()
    }

    /// The account id, if any.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }
}

impl ProvideCredentials for Credentials {
    type Credentials = Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

struct Parts<'a> {
    access_key: (Option<String>, &'a str),
    secret_key: (Option<String>, &'a str),
    auth_token: Option<String>,
    account_id: Option<String>,
}

fn assemble(
    location: impl Fn() -> String,
    parts: Parts<'_>,
) -> Result<Credentials, CredentialsError> {
    let (ak, ak_name) = parts.access_key;
    let (sk, sk_name) = parts.secret_key;
    let mut credentials = match (ak, sk) {
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
    if let Some(token) = parts.auth_token {
        credentials = credentials.with_auth_token(token);
    }
    if let Some(account_id) = parts.account_id {
        credentials = credentials.with_account_id(account_id);
    }
    tracing::debug!(
        access_key = credentials.access_key(),
        account_id = credentials.account_id(),
        "loaded Samsung Cloud Platform credentials"
    );
    Ok(credentials)
}

/// Reads `SCP_ACCESS_KEY`, `SCP_SECRET_KEY`, `SCP_AUTH_TOKEN` and `SCP_ACCOUNT_ID`.
///
/// Not configured when neither key is set; an error naming the missing variable when only one is.
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
            Parts {
                access_key: (non_empty_var(env, ENV_ACCESS_KEY), ENV_ACCESS_KEY),
                secret_key: (non_empty_var(env, ENV_SECRET_KEY), ENV_SECRET_KEY),
                auth_token: non_empty_var(env, ENV_AUTH_TOKEN),
                account_id: non_empty_var(env, ENV_ACCOUNT_ID),
            },
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

/// Reads the official SCP CLI/SDK configuration files.
///
/// `credentials.json` (keys `access-key`, `secret-key`, optional `auth-token`) and, if it exists,
/// `config.json` (its optional `account-id`; see [`Config`] for the rest), both in `~/.scpconf/` by
/// default.
///
/// ```json
/// {"access-key": "ak", "secret-key": "sk", "auth-token": ""}
/// ```
///
/// Not configured when `credentials.json` does not exist. An error naming the file when either file
/// cannot be read (each must be a regular file of at most
/// [`MAX_CREDENTIALS_FILE_BYTES`](crate::files::MAX_CREDENTIALS_FILE_BYTES): a FIFO or a device is
/// refused without reading), is not a JSON object, has a key of the wrong type, or has only one of the
/// two keys.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    credentials_path: Option<PathBuf>,
    config_path: Option<PathBuf>,
}

/// The default directory's name in the home directory.
pub const PROFILE_DIR: &str = ".scpconf";
/// The credentials file's name.
pub const CREDENTIALS_FILE: &str = "credentials.json";
/// The configuration file's name.
pub const CONFIG_FILE: &str = "config.json";

impl ProfileProvider {
    /// Reads `~/.scpconf/credentials.json` and `~/.scpconf/config.json`.
    pub fn new() -> Self {
        Self {
            credentials_path: None,
            config_path: None,
        }
    }

    /// Reads `credentials.json` and `config.json` in `dir`.
    pub fn with_dir(dir: impl AsRef<Path>) -> Self {
        let dir = dir.as_ref();
        Self {
            credentials_path: Some(dir.join(CREDENTIALS_FILE)),
            config_path: Some(dir.join(CONFIG_FILE)),
        }
    }

    /// Reads the credentials file `path`, and `config.json` beside it.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let config_path = path.parent().map(|dir| dir.join(CONFIG_FILE));
        Self {
            credentials_path: Some(path),
            config_path,
        }
    }

    /// Reads the account id from `path` instead of `config.json` beside the credentials file.
    pub fn with_config_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_path = Some(path.into());
        self
    }

    fn default_dir() -> Option<PathBuf> {
        home::home_dir().map(|home| home.join(PROFILE_DIR))
    }

    /// The credentials file read, or `None` when no path is given and the home directory is unknown.
    pub fn credentials_path(&self) -> Option<PathBuf> {
        self.credentials_path
            .clone()
            .or_else(|| Self::default_dir().map(|d| d.join(CREDENTIALS_FILE)))
    }

    /// The configuration file read for the account id.
    pub fn config_path(&self) -> Option<PathBuf> {
        self.config_path
            .clone()
            .or_else(|| Self::default_dir().map(|d| d.join(CONFIG_FILE)))
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(path) = self.credentials_path() else {
            return Err(CredentialsError::NotConfigured {
                location: format!(
                    "profile file ~/{PROFILE_DIR}/{CREDENTIALS_FILE} (home directory unknown)"
                ),
            });
        };
        let as_credentials_error = |problem: FileProblem| match problem {
            FileProblem::Io(source) => CredentialsError::Io {
                path: path.clone(),
                source,
            },
            FileProblem::Malformed(problem) => CredentialsError::Malformed {
                path: path.clone(),
                problem,
            },
        };
        let Some(object) = read_json_object(&path).map_err(as_credentials_error)? else {
            return Err(CredentialsError::NotConfigured {
                location: format!("profile file {} (not found)", path.display()),
            });
        };
        let field = |key| string_field(&object, key).map_err(FileProblem::Malformed);
        let access_key = field("access-key").map_err(as_credentials_error)?;
        let secret_key = field("secret-key").map_err(as_credentials_error)?;
        let auth_token = field("auth-token").map_err(as_credentials_error)?;
        let account_id = match self.config_path() {
            Some(config_path) => {
                Config::load(&config_path)
                    .map_err(|e| CredentialsError::Other {
                        location: format!("the account-id for the profile file {}", path.display()),
                        source: Box::new(e),
                    })?
                    .account_id
            }
            None => None,
        };
        let parts = Parts {
            access_key: (access_key, "access-key"),
            secret_key: (secret_key, "secret-key"),
            auth_token,
            account_id,
        };
        match assemble(|| format!("profile file {}", path.display()), parts) {
            Err(CredentialsError::NotConfigured { .. }) => Err(CredentialsError::Malformed {
                path,
                problem: "no `access-key` and no `secret-key`".to_owned(),
            }),
            Err(CredentialsError::Incomplete {
                missing, present, ..
            }) => Err(CredentialsError::Malformed {
                path,
                problem: format!("`{present}` is set but `{missing}` is missing or empty"),
            }),
            other => other,
        }
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

/// What `~/.scpconf/config.json` says besides credentials, as the official SCP tools read it: where
/// to send requests and the account id.
///
/// ```json
/// {"endpoint-override": "https://iam-identity-center.example.com", "default-region": "kr-east1",
///  "account-id": "acct-123"}
/// ```
///
/// An SCP [`ClientBuilder`](super::ClientBuilder) without an explicit endpoint uses
/// `endpoint-override`, and without an explicit region `default-region`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// `endpoint-override`: the endpoint to use instead of the region's.
    pub endpoint_override: Option<String>,
    /// `default-region`: the region when none is given.
    pub default_region: Option<String>,
    /// `account-id`: sent as `Scp-AccountId`.
    pub account_id: Option<String>,
}

impl Config {
    /// `~/.scpconf/config.json`, or `None` when the home directory is unknown.
    pub fn default_path() -> Option<PathBuf> {
        ProfileProvider::default_dir().map(|d| d.join(CONFIG_FILE))
    }

    /// Reads the configuration file `path`: empty when it does not exist; an error naming the file
    /// when it cannot be read (it must be a regular file of at most
    /// [`MAX_CREDENTIALS_FILE_BYTES`](crate::files::MAX_CREDENTIALS_FILE_BYTES)), is not a JSON
    /// object or has a key of the wrong type.
    pub fn load(path: &Path) -> Result<Self, ConfigFileError> {
        let error = |problem: FileProblem| {
            let (problem, source) = match problem {
                FileProblem::Io(source) => ("cannot read it".to_owned(), Some(source)),
                FileProblem::Malformed(problem) => (problem, None),
            };
            ConfigFileError {
                path: path.to_owned(),
                problem,
                source,
            }
        };
        let Some(object) = read_json_object(path).map_err(error)? else {
            return Ok(Self::default());
        };
        let field = |key| string_field(&object, key).map_err(|p| error(FileProblem::Malformed(p)));
        Ok(Self {
            endpoint_override: field("endpoint-override")?,
            default_region: field("default-region")?,
            account_id: field("account-id")?,
        })
    }
}

/// The SCP configuration file (`~/.scpconf/config.json`) exists but cannot be used.
///
/// Its message names the file and what is wrong (never a value from it).
#[derive(Debug, thiserror::Error)]
#[error("malformed SCP configuration file {}: {problem}{}", .path.display(), .source.as_ref().map(|e| format!(": {e}")).unwrap_or_default())]
pub struct ConfigFileError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: String,
    /// The I/O error, when it could not be read.
    #[source]
    pub source: Option<std::io::Error>,
}

/// Why a JSON file of `~/.scpconf` could not be used.
enum FileProblem {
    Io(std::io::Error),
    Malformed(String),
}

/// Reads `path` as a JSON object; `Ok(None)` when the file does not exist.
fn read_json_object(
    path: &Path,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, FileProblem> {
    let text = match crate::files::read_regular_file(path, crate::files::MAX_CREDENTIALS_FILE_BYTES)
    {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(FileProblem::Io(source)),
    };
    // Parse into a Value, not a typed struct: then every error serde_json can report is a syntax error
    // naming a position ("expected `,` or `}` at line 2 column 5"), never a value from the file.
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| FileProblem::Malformed(format!("not valid JSON: {e}")))?;
    match value {
        serde_json::Value::Object(map) => Ok(Some(map)),
        _ => Err(FileProblem::Malformed("not a JSON object".to_owned())),
    }
}

/// The string at `key`: `None` when absent, null or empty; a problem naming the key for another
/// type.
fn string_field(
    object: &serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

/// [`EnvironmentProvider`], then [`ProfileProvider`], reading the process environment and
/// `~/.scpconf/`.
pub fn default_chain() -> Chain<Credentials> {
    default_chain_with(ProcessEnv, ProfileProvider::new())
}

/// [`default_chain`] reading `env` instead of the process environment (the profile files are still
/// looked for in `~/.scpconf/`).
pub fn default_chain_with_env(env: impl Env + 'static) -> Chain<Credentials> {
    default_chain_with(env, ProfileProvider::new())
}

/// [`EnvironmentProvider`] reading `env`, then `profile`.
pub fn default_chain_with(env: impl Env + 'static, profile: ProfileProvider) -> Chain<Credentials> {
    Chain::new()
        .or_else(EnvironmentProvider::with_env(env))
        .or_else(profile)
}
