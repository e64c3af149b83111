//! TLS: which rustls crypto provider the HTTP clients use.
//!
//! `idc` speaks TLS through rustls. reqwest is built without a crypto provider of its own, so that
//! the provider is a feature of this crate:
//!
//! | feature | provider | build |
//! | --- | --- | --- |
//! | `rustls-ring` (default) | [ring](https://docs.rs/ring) | Rust and assembly, no C toolchain step |
//! | `rustls-aws-lc` | [aws-lc-rs](https://docs.rs/aws-lc-rs) | builds the aws-lc C library (cmake): slower first build |
//!
//! To use aws-lc alone: `idc = { version = "0.1", default-features = false, features = ["rustls-aws-lc"] }`.
//!
//! rustls takes its provider from a process-wide default. The first time `idc` builds an HTTP client
//! it installs the provider its features select, **unless your program already installed one**
//! (with [`rustls::crypto::CryptoProvider::install_default`]), which is then used as is. To build
//! your own [`reqwest::Client`] for a client builder's `http_client` or for other code, start from
//! [`http_client_builder`], which does the same.
//!
//! Certificates are verified with the operating system's verifier (rustls-platform-verifier).

use crate::{Error, Result};

/// Makes sure rustls has a process-wide crypto provider, installing the one this crate's features
/// select when none is installed yet. Idempotent and cheap after the first call.
///
/// # Errors
///
/// [`Error::Configuration`] when no provider is installed and both TLS features are disabled.
///
/// # Example
///
/// ```
/// idc::tls::ensure_crypto_provider()?;
/// assert!(idc::reqwest::Client::builder().build().is_ok());
/// # Ok::<(), idc::Error>(())
/// ```
pub fn ensure_crypto_provider() -> Result<()> {
    ensure(
        rustls::crypto::CryptoProvider::get_default().is_some(),
        selected_provider,
        |provider| {
            // Losing the race to another thread's install is fine: a provider is installed either way.
            let _ = provider.install_default();
        },
    )
}

/// The decision of [`ensure_crypto_provider`], apart from the process-wide state it reads and sets.
fn ensure(
    installed: bool,
    selected: impl FnOnce() -> Option<rustls::crypto::CryptoProvider>,
    install: impl FnOnce(rustls::crypto::CryptoProvider),
) -> Result<()> {
    if installed {
        return Ok(());
    }
    match selected() {
        Some(provider) => {
            install(provider);
            Ok(())
        }
        None => Err(Error::configuration(
            "no TLS crypto provider: enable the `rustls-ring` (default) or `rustls-aws-lc` feature of \
             idc, or install one with rustls::crypto::CryptoProvider::install_default before building \
             a client",
        )),
    }
}

/// A [`reqwest::ClientBuilder`] whose TLS is ready to build: [`ensure_crypto_provider`] first.
/// Pass it (customised as you like) to a client builder's `http_client`.
///
/// # Errors
///
/// As [`ensure_crypto_provider`].
///
/// # Example
///
/// ```
/// use std::time::Duration;
///
/// let http = idc::tls::http_client_builder()?.pool_idle_timeout(Duration::from_secs(30));
/// let client = idc::huawei::Client::builder()
///     .region("cn-north-4")
///     .credentials(idc::huawei::credentials::Credentials::new("AK", "SK"))
///     .http_client(http)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), idc::Error>(())
/// ```
pub fn http_client_builder() -> Result<reqwest::ClientBuilder> {
    ensure_crypto_provider()?;
    Ok(reqwest::Client::builder())
}

/// The provider this build's features select; aws-lc when it was asked for explicitly.
fn selected_provider() -> Option<rustls::crypto::CryptoProvider> {
    #[cfg(feature = "rustls-aws-lc")]
    {
        Some(rustls::crypto::aws_lc_rs::default_provider())
    }
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    {
        Some(rustls::crypto::ring::default_provider())
    }
    #[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc")))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_is_installed_and_clients_build() {
        ensure_crypto_provider().unwrap();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        // Idempotent.
        ensure_crypto_provider().unwrap();
        http_client_builder().unwrap().build().unwrap();
    }

    #[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
    #[test]
    fn the_default_features_select_ring() {
        ensure_crypto_provider().unwrap();
        let installed = rustls::crypto::CryptoProvider::get_default().unwrap();
        let ring = rustls::crypto::ring::default_provider();
        let names = |p: &rustls::crypto::CryptoProvider| {
            p.cipher_suites
                .iter()
                .map(|s| format!("{:?}", s.suite()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(installed), names(&ring));
        assert_eq!(installed.kx_groups.len(), ring.kx_groups.len());
    }

    #[test]
    fn an_installed_provider_is_kept() {
        let mut installed = false;
        ensure(true, || panic!("not asked"), |_| installed = true).unwrap();
        assert!(!installed);
    }

    #[test]
    fn the_selected_provider_is_installed_when_none_is() {
        let mut installed = None;
        ensure(
            false,
            || {
                Some(rustls::crypto::CryptoProvider {
                    kx_groups: Vec::new(),
                    ..selected_provider().unwrap()
                })
            },
            |p| installed = Some(p.kx_groups.len()),
        )
        .unwrap();
        assert_eq!(installed, Some(0));
    }

    #[test]
    fn without_a_tls_feature_or_provider_it_is_a_configuration_error_not_a_panic() {
        let err = ensure(false, || None, |_| panic!("nothing to install")).unwrap_err();
        assert!(matches!(err, Error::Configuration { .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("rustls-ring"), "{message}");
        assert!(message.contains("install_default"), "{message}");
    }
}
