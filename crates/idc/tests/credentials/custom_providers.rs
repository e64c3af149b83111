//! Custom providers in a chain, their Debug output, and caching.

use super::*;

/// A provider that counts its calls and returns temporary credentials, as a refreshing source would.
#[derive(Debug, Default)]
struct Refreshing {
    calls: AtomicUsize,
}

impl ProvideCredentials for Refreshing {
    type Credentials = huawei::Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<huawei::Credentials, CredentialsError>> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(huawei::Credentials::new(format!("AK-{n}"), SECRET).with_security_token(TOKEN))
        })
    }
}

#[derive(Debug)]
struct Broken;

impl ProvideCredentials for Broken {
    type Credentials = huawei::Credentials;

    fn provide_credentials(&self) -> BoxFuture<'_, Result<huawei::Credentials, CredentialsError>> {
        Box::pin(async {
            Err(CredentialsError::Other {
                location: "vault at https://vault.example".into(),
                source: "connection refused".into(),
            })
        })
    }
}

#[tokio::test]
async fn custom_provider_in_a_chain() {
    let refreshing = Arc::new(Refreshing::default());
    let chain = Chain::new()
        .or_else(huawei::credentials::EnvironmentProvider::with_env(
            MapEnv::new(),
        ))
        .or_else(Arc::clone(&refreshing));
    assert_eq!(
        chain.provide_credentials().await.unwrap().access_key(),
        "AK-0"
    );
    assert_eq!(
        chain.provide_credentials().await.unwrap().access_key(),
        "AK-1"
    );
    assert_eq!(refreshing.calls.load(Ordering::SeqCst), 2);

    // Earlier providers win: environment credentials mean the custom one is never asked.
    let chain = Chain::new()
        .or_else(huawei::credentials::EnvironmentProvider::with_env(
            huawei_env(),
        ))
        .or_else(Arc::clone(&refreshing));
    assert_eq!(
        chain.provide_credentials().await.unwrap().access_key(),
        "AK-ENV"
    );
    assert_eq!(refreshing.calls.load(Ordering::SeqCst), 2);

    // A failing custom provider stops the chain with its own error.
    let chain =
        Chain::new()
            .or_else(Broken)
            .or_else(huawei::credentials::EnvironmentProvider::with_env(
                huawei_env(),
            ));
    let err = chain.provide_credentials().await.unwrap_err();
    assert!(
        err.to_string().contains("vault at https://vault.example"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());

    // Chains nest, and a nested chain's places are reported too.
    let dir = tempfile::tempdir().unwrap();
    let inner = Chain::new().or_else(huawei::credentials::ProfileProvider::with_path(
        dir.path().join("nope"),
    ));
    let outer = Chain::new()
        .or_else(huawei::credentials::EnvironmentProvider::with_env(
            MapEnv::new(),
        ))
        .or_else(inner);
    let err = outer.provide_credentials().await.unwrap_err();
    assert!(
        matches!(&err, CredentialsError::NoneFound { locations } if locations.len() == 2),
        "{err:?}"
    );
    assert!(err.is_not_configured());

    // A static value as the last resort, and the chain's Debug output names no secret.
    let chain = Chain::new()
        .or_else(huawei::credentials::EnvironmentProvider::with_env(
            huawei_env(),
        ))
        .or_else(huawei::Credentials::new("AK-STATIC", SECRET).with_security_token(TOKEN));
    let debug = format!("{chain:?}");
    assert!(debug.contains("AK-STATIC"), "{debug}");
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
}

#[test]
fn providers_debug_output_names_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let debugs = [
        format!(
            "{:?}",
            huawei::credentials::EnvironmentProvider::with_env(huawei_env())
        ),
        format!(
            "{:?}",
            huawei::credentials::ProfileProvider::with_env(huawei_env())
        ),
        format!(
            "{:?}",
            huawei::credentials::default_chain_with_env(huawei_env())
        ),
        format!(
            "{:?}",
            scp::credentials::EnvironmentProvider::with_env(scp_env())
        ),
        format!(
            "{:?}",
            scp::credentials::ProfileProvider::with_dir(dir.path())
        ),
        format!(
            "{:?}",
            scp::credentials::default_chain_with(
                scp_env(),
                scp::credentials::ProfileProvider::new()
            )
        ),
        format!("{:?}", huawei::credentials::default_chain()),
        format!("{:?}", scp::credentials::default_chain()),
    ];
    for debug in debugs {
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(!debug.contains(TOKEN), "{debug}");
    }
}

#[test]
fn cached_keeps_successes_and_retries_failures() {
    use idc::credentials::{BoxFuture, Cached, CredentialsError, ProvideCredentials};

    /// Fails on its first call, then hands out numbered keys; counts its calls.
    #[derive(Debug, Default)]
    struct Flaky(Arc<AtomicUsize>);
    impl ProvideCredentials for Flaky {
        type Credentials = idc::scp::Credentials;
        fn provide_credentials(
            &self,
        ) -> BoxFuture<'_, Result<idc::scp::Credentials, CredentialsError>> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Box::pin(async move {
                if n == 0 {
                    idc::scp::credentials::EnvironmentProvider::with_env(
                        idc::credentials::MapEnv::new().with("SCP_ACCESS_KEY", "only-half"),
                    )
                    .provide_credentials()
                    .await
                } else {
                    Ok(idc::scp::Credentials::new(format!("ak{n}"), "sk"))
                }
            })
        }
    }

    let calls = Arc::new(AtomicUsize::new(0));
    let cached = Cached::new(Flaky(calls.clone()));
    let block = |p: &Cached<Flaky>| futures::executor::block_on(p.provide_credentials());
    let err = block(&cached).unwrap_err();
    assert!(err.to_string().contains("SCP_SECRET_KEY"), "{err}");
    assert_eq!(
        block(&cached).unwrap().access_key(),
        "ak1",
        "the failure was not kept"
    );
    assert_eq!(
        block(&cached).unwrap().access_key(),
        "ak1",
        "the success is kept"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
