//! Credentials shared by both clouds: secrets, environments, providers and chains.
//!
//! Each cloud has its own credentials type ([`crate::huawei::Credentials`], [`crate::scp::Credentials`])
//! and its own sources (environment variables, a profile file). What they have in common lives here:
//!
//! - [`SecretString`]: a string that is wiped from memory when dropped and prints as `***`.
//! - [`Env`]: where providers read environment variables. [`ProcessEnv`] reads the real process
//!   environment; [`MapEnv`] is a fixed map, so tests never have to mutate the process environment.
//! - [`ProvideCredentials`]: an asynchronous source of credentials, so that refreshing sources (a token
//!   service, a vault) can be plugged in. A credentials value is itself a provider that always returns
//!   a copy of itself.
//! - [`Chain`]: tries providers in order and returns the first credentials found.
//!
//! # How a chain decides
//!
//! A provider answers one of three ways:
//!
//! 1. credentials: the chain returns them;
//! 2. [`CredentialsError::NotConfigured`] ("nothing of mine is set here"): the chain moves on to the next
//!    provider and remembers where that provider looked;
//! 3. any other error, for example [`CredentialsError::Incomplete`] for a half-configured source (an access
//!    key without its secret key) or [`CredentialsError::Malformed`] for an unreadable file: the chain stops
//!    and returns it, because silently falling through to another source would pick up credentials the
//!    user did not mean.
//!
//! When no provider has anything, the chain fails with [`CredentialsError::NoneFound`], which lists every
//! place it looked. No error message ever contains a secret value.
//!
//! ```
//! use idc::credentials::{Chain, CredentialsError, MapEnv, ProvideCredentials};
//! use idc::huawei::credentials::{EnvironmentProvider, ProfileProvider};
//!
//! # async fn demo() -> Result<(), CredentialsError> {
//! let env = MapEnv::new()
//!     .with("HUAWEICLOUD_SDK_AK", "AK-EXAMPLE")
//!     .with("HUAWEICLOUD_SDK_SK", "wJalrXUtnFEMI");
//! let chain = Chain::new()
//!     .or_else(EnvironmentProvider::with_env(env))
//!     .or_else(ProfileProvider::with_path("/nonexistent/credentials"));
//! let credentials = chain.provide_credentials().await?;
//! assert_eq!(credentials.access_key(), "AK-EXAMPLE");
//! // Debug output never shows the secret key.
//! assert!(!format!("{credentials:?}").contains("wJalrXUtnFEMI"));
//! # Ok(())
//! # }
//! # futures::executor::block_on(demo()).unwrap();
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use zeroize::Zeroizing;

/// A boxed, `Send` future, as returned by [`ProvideCredentials::provide_credentials`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The error type custom providers can wrap in [`CredentialsError::Other`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

// ---------------------------------------------------------------------------------------------------------
// SecretString
// ---------------------------------------------------------------------------------------------------------

/// A secret (a secret key, a session token): zeroed in memory when dropped, printed as `***`.
///
/// The only way to read the value is [`SecretString::expose_secret`], which makes every use easy to find.
///
/// ```
/// use idc::credentials::SecretString;
///
/// let secret = SecretString::new("wJalrXUtnFEMI");
/// assert_eq!(format!("{secret:?} {secret}"), "*** ***");
/// assert_eq!(secret.expose_secret(), "wJalrXUtnFEMI");
/// ```
#[derive(Clone, Default)]
pub struct SecretString(Zeroizing<String>);

impl SecretString {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret value. Use it only to compute a signature or to send it to the service.
    pub fn expose_secret(&self) -> &str {
        self.0.as_str()
    }

    /// Whether the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<Zeroizing<String>> for SecretString {
    fn from(value: Zeroizing<String>) -> Self {
        Self(value)
    }
}

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

/// Why credentials could not be loaded.
///
/// Messages name what is missing and where it was looked for (environment variable names, file paths),
/// never a secret value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// The source has nothing configured at all. A [`Chain`] skips such a provider.
    #[error("no credentials in {location}")]
    NotConfigured {
        /// Where the provider looked, e.g. `environment variables HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK`.
        location: String,
    },
    /// No provider of a chain had anything configured.
    #[error("no credentials found; looked in: {}", if .locations.is_empty() { "nothing (the chain is empty)".to_owned() } else { .locations.join("; ") })]
    NoneFound {
        /// Every place the chain's providers looked, in order.
        locations: Vec<String>,
    },
    /// The source is half configured: some values are set, a required one is not.
    #[error("incomplete credentials in {location}: {missing} is not set, but {present} is")]
    Incomplete {
        /// Where the provider looked.
        location: String,
        /// The name of what is missing (an environment variable or a file key).
        missing: String,
        /// The name of what is set.
        present: String,
    },
    /// A credentials file exists but could not be read.
    #[error("cannot read credentials file {}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A credentials file exists but is malformed or lacks a required key.
    #[error("malformed credentials file {}: {problem}", .path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong with it (never a value from the file).
        problem: String,
    },
    /// A custom provider failed.
    #[error("{location}: {source}")]
    Other {
        /// Which provider, or where it looked.
        location: String,
        /// The provider's error. It must not contain a secret.
        #[source]
        source: BoxError,
    },
}

impl CredentialsError {
    /// Whether a [`Chain`] should move on to its next provider after this error.
    pub fn is_not_configured(&self) -> bool {
        matches!(self, Self::NotConfigured { .. } | Self::NoneFound { .. })
    }
}

// ---------------------------------------------------------------------------------------------------------
// Env
// ---------------------------------------------------------------------------------------------------------

/// A source of environment variables.
///
/// Providers read their variables through this trait, so that tests can hand them a [`MapEnv`] instead of
/// changing the process environment (which is shared by every thread of a test binary).
pub trait Env: Send + Sync + fmt::Debug {
    /// The value of variable `name`, or `None` when it is not set (or not valid Unicode).
    fn var(&self, name: &str) -> Option<String>;
}

impl<E: Env + ?Sized> Env for Arc<E> {
    fn var(&self, name: &str) -> Option<String> {
        (**self).var(name)
    }
}

impl<E: Env + ?Sized> Env for Box<E> {
    fn var(&self, name: &str) -> Option<String> {
        (**self).var(name)
    }
}

/// The real process environment ([`std::env::var`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

/// A fixed set of variables, for tests and for programs that take their configuration elsewhere.
///
/// Its `Debug` output lists the variable names only, never the values.
///
/// ```
/// use idc::credentials::{Env, MapEnv};
///
/// let env = MapEnv::new().with("SCP_ACCESS_KEY", "ak").with("SCP_SECRET_KEY", "sk");
/// assert_eq!(env.var("SCP_ACCESS_KEY").as_deref(), Some("ak"));
/// assert_eq!(env.var("HOME"), None);
/// assert_eq!(format!("{env:?}"), r#"MapEnv { names: ["SCP_ACCESS_KEY", "SCP_SECRET_KEY"] }"#);
/// ```
#[derive(Clone, Default)]
pub struct MapEnv {
    vars: BTreeMap<String, SecretString>,
}

impl MapEnv {
    /// An empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns this environment with `name` set to `value`.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets `name` to `value`.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.vars.insert(name.into(), SecretString::new(value));
    }

    /// Unsets `name`.
    pub fn remove(&mut self, name: &str) {
        self.vars.remove(name);
    }
}

impl Env for MapEnv {
    fn var(&self, name: &str) -> Option<String> {
        self.vars.get(name).map(|v| v.expose_secret().to_owned())
    }
}

impl fmt::Debug for MapEnv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapEnv")
            .field("names", &self.vars.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for MapEnv {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut env = Self::new();
        for (k, v) in iter {
            env.set(k, v);
        }
        env
    }
}

/// Reads `name` from `env`, treating an empty value as unset.
pub(crate) fn non_empty_var(env: &dyn Env, name: &str) -> Option<String> {
    env.var(name).filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------------------------
// Providers and chains
// ---------------------------------------------------------------------------------------------------------

/// An asynchronous source of credentials of type [`Self::Credentials`].
///
/// Implement it to plug in your own source (a vault, a token service that refreshes temporary
/// credentials). Return [`CredentialsError::NotConfigured`] when your source has nothing configured, so that
/// a [`Chain`] moves on, and any other error when it is configured but broken.
///
/// ```
/// use idc::credentials::{BoxFuture, CredentialsError, ProvideCredentials};
/// use idc::scp::Credentials;
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl ProvideCredentials for FromVault {
///     type Credentials = Credentials;
///     fn provide_credentials(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
///         Box::pin(async { Ok(Credentials::new("ak-from-vault", "sk-from-vault")) })
///     }
/// }
/// # let c = futures::executor::block_on(FromVault.provide_credentials()).unwrap();
/// # assert_eq!(c.access_key(), "ak-from-vault");
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials this provider returns.
    type Credentials;

    /// Loads (or refreshes) the credentials.
    fn provide_credentials(&self) -> BoxFuture<'_, Result<Self::Credentials, CredentialsError>>;
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    type Credentials = P::Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Self::Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    type Credentials = P::Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Self::Credentials, CredentialsError>> {
        (**self).provide_credentials()
    }
}

/// Asks `inner` once and reuses its credentials; a failure is not kept, so the next call asks again.
///
/// The clients wrap their default chain in it, so that the environment and the profile file are read
/// once per client rather than before every request. Providers of temporary credentials that refresh
/// themselves should not be wrapped.
///
/// ```
/// use idc::credentials::{Cached, ProvideCredentials};
/// use idc::scp::Credentials;
///
/// let cached = Cached::new(Credentials::new("ak", "sk"));
/// let c = futures::executor::block_on(cached.provide_credentials()).unwrap();
/// assert_eq!(c.access_key(), "ak");
/// ```
#[derive(Debug)]
pub struct Cached<P: ProvideCredentials> {
    inner: P,
    resolved: tokio::sync::OnceCell<P::Credentials>,
}

impl<P: ProvideCredentials> Cached<P> {
    /// Wraps `inner`.
    pub fn new(inner: P) -> Self {
        Self {
            inner,
            resolved: tokio::sync::OnceCell::new(),
        }
    }
}

impl<P> ProvideCredentials for Cached<P>
where
    P: ProvideCredentials,
    P::Credentials: Clone + Send + Sync + fmt::Debug,
{
    type Credentials = P::Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<Self::Credentials, CredentialsError>> {
        Box::pin(async move {
            self.resolved
                .get_or_try_init(|| self.inner.provide_credentials())
                .await
                .cloned()
        })
    }
}

/// A shared, type-erased provider of credentials `C`.
pub type SharedCredentialsProvider<C> = Arc<dyn ProvideCredentials<Credentials = C>>;

/// Tries providers in order; see the [module docs](self) for how it decides.
///
/// ```
/// use idc::credentials::{Chain, CredentialsError, MapEnv, ProvideCredentials};
/// use idc::scp::credentials::EnvironmentProvider;
///
/// // The first provider has nothing; the second is half configured: the chain reports that.
/// let chain = Chain::new()
///     .or_else(EnvironmentProvider::with_env(MapEnv::new()))
///     .or_else(EnvironmentProvider::with_env(MapEnv::new().with("SCP_ACCESS_KEY", "ak")));
/// let err = futures::executor::block_on(chain.provide_credentials()).unwrap_err();
/// assert!(matches!(err, CredentialsError::Incomplete { .. }));
/// assert!(err.to_string().contains("SCP_SECRET_KEY"));
/// ```
pub struct Chain<C> {
    providers: Vec<SharedCredentialsProvider<C>>,
}

impl<C> Chain<C> {
    /// An empty chain. It fails with [`CredentialsError::NoneFound`] until providers are added.
    pub fn new() -> Self {
        Self {
            providers: Vec::new(),
        }
    }

    /// Returns this chain with `provider` tried after the ones already in it.
    pub fn or_else(mut self, provider: impl ProvideCredentials<Credentials = C> + 'static) -> Self {
        self.push(provider);
        self
    }

    /// Appends `provider`.
    pub fn push(&mut self, provider: impl ProvideCredentials<Credentials = C> + 'static) {
        self.providers.push(Arc::new(provider));
    }

    /// Appends an already shared `provider`.
    pub fn push_shared(&mut self, provider: SharedCredentialsProvider<C>) {
        self.providers.push(provider);
    }

    /// The number of providers.
    pub fn len(&self) -> usize {
        self.providers.len()
    }

    /// Whether the chain has no provider.
    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }
}

impl<C> Default for Chain<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> Clone for Chain<C> {
    fn clone(&self) -> Self {
        Self {
            providers: self.providers.clone(),
        }
    }
}

impl<C> fmt::Debug for Chain<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Chain")
            .field("providers", &self.providers)
            .finish()
    }
}

impl<C: Send + 'static> ProvideCredentials for Chain<C> {
    type Credentials = C;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<C, CredentialsError>> {
        Box::pin(async move {
            let mut looked = Vec::new();
            for (index, provider) in self.providers.iter().enumerate() {
                match provider.provide_credentials().await {
                    Ok(credentials) => {
                        tracing::debug!(provider = index, "credentials found");
                        return Ok(credentials);
                    }
                    Err(CredentialsError::NotConfigured { location }) => {
                        tracing::debug!(provider = index, %location, "no credentials configured");
                        looked.push(location);
                    }
                    Err(CredentialsError::NoneFound { locations }) => {
                        looked.extend(locations);
                    }
                    Err(error) => return Err(error),
                }
            }
            Err(CredentialsError::NoneFound { locations: looked })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_string_redacts() {
        let s = SecretString::from("hunter2");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(s.to_string(), "***");
        assert_eq!(s.expose_secret(), "hunter2");
        assert!(!s.is_empty());
    }

    #[test]
    fn map_env_debug_has_names_only() {
        let env: MapEnv = [("A", "secret-a")].into_iter().collect();
        assert!(!format!("{env:?}").contains("secret-a"));
        assert_eq!(env.var("A").as_deref(), Some("secret-a"));
    }
}
