//! Credential sources of both clouds and the chain that combines them. Environments are `MapEnv`s and
//! files live in temporary directories: the real process environment and home directory are never read
//! or changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use idc::credentials::{
    BoxFuture, Chain, CredentialsError, Env, MapEnv, ProcessEnv, ProvideCredentials, SecretString,
};
use idc::{huawei, scp};

const SECRET: &str = "SECRET-VALUE-MUST-NOT-LEAK";
const TOKEN: &str = "TOKEN-VALUE-MUST-NOT-LEAK";

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    futures::executor::block_on(f)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Neither the message nor the Debug output of `err` contains a secret.
fn assert_no_secret(err: &CredentialsError) {
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
        assert!(!text.contains("SECRET"), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------------------

#[test]
fn secret_string_is_redacted() {
    let secret = SecretString::new(SECRET);
    assert_eq!(format!("{secret:?}"), "***");
    assert_eq!(format!("{secret}"), "***");
    assert_eq!(format!("{:?}", Some(secret.clone())), "Some(***)");
    assert_eq!(secret.expose_secret(), SECRET);
}

#[test]
fn map_env_and_process_env() {
    let mut env = MapEnv::new().with("A", SECRET);
    env.set("B", "2");
    env.remove("B");
    assert_eq!(env.var("A").as_deref(), Some(SECRET));
    assert_eq!(env.var("B"), None);
    assert!(!format!("{env:?}").contains(SECRET));
    // The process environment is read, not written: PATH is set on any machine running the tests.
    assert!(ProcessEnv.var("PATH").is_some());
    assert_eq!(ProcessEnv.var("IDC_TEST_SURELY_UNSET_VARIABLE_0b9f"), None);
    let shared: Arc<dyn Env> = Arc::new(env);
    assert_eq!(shared.var("A").as_deref(), Some(SECRET));
}

#[test]
fn empty_chain_reports_that_it_is_empty() {
    let chain: Chain<huawei::Credentials> = Chain::new();
    assert!(chain.is_empty());
    let err = block_on(chain.provide_credentials()).unwrap_err();
    assert!(matches!(&err, CredentialsError::NoneFound { locations } if locations.is_empty()));
    assert!(err.to_string().contains("empty"));
}

// ---------------------------------------------------------------------------------------------------------
// Huawei
// ---------------------------------------------------------------------------------------------------------

fn huawei_env() -> MapEnv {
    MapEnv::new()
        .with("HUAWEICLOUD_SDK_AK", "AK-ENV")
        .with("HUAWEICLOUD_SDK_SK", SECRET)
        .with("HUAWEICLOUD_SDK_DOMAIN_ID", "domain-env")
        .with("HUAWEICLOUD_SDK_SECURITY_TOKEN", TOKEN)
}

const HUAWEI_PROFILE: &str = "\
[basic]
ak = AK-BASIC
sk = SK-BASIC

[global]
ak = AK-FILE
sk = SECRET-VALUE-MUST-NOT-LEAK
domain_id = domain-file
";

#[test]
fn huawei_static_credentials() {
    let credentials = huawei::Credentials::new("AK", SECRET)
        .with_domain_id("dom")
        .with_security_token(TOKEN);
    let provided = block_on(credentials.provide_credentials()).unwrap();
    assert_eq!(provided.access_key(), "AK");
    assert_eq!(provided.secret_key().expose_secret(), SECRET);
    assert_eq!(provided.domain_id(), Some("dom"));
    assert_eq!(provided.security_token().unwrap().expose_secret(), TOKEN);
    let debug = format!("{credentials:?}");
    assert!(debug.contains("AK") && debug.contains("dom"), "{debug}");
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
}

#[test]
fn huawei_environment_only() {
    let provider = huawei::credentials::EnvironmentProvider::with_env(huawei_env());
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key(), "AK-ENV");
    assert_eq!(credentials.secret_key().expose_secret(), SECRET);
    assert_eq!(credentials.domain_id(), Some("domain-env"));
    assert_eq!(credentials.security_token().unwrap().expose_secret(), TOKEN);
    assert!(!format!("{provider:?}").contains(SECRET));

    // Domain id and token are optional; empty values count as unset.
    let env = MapEnv::new()
        .with("HUAWEICLOUD_SDK_AK", "AK")
        .with("HUAWEICLOUD_SDK_SK", "SK")
        .with("HUAWEICLOUD_SDK_DOMAIN_ID", "");
    let credentials = huawei::credentials::EnvironmentProvider::with_env(env)
        .load()
        .unwrap();
    assert_eq!(credentials.domain_id(), None);
    assert!(credentials.security_token().is_none());
}

#[test]
fn huawei_environment_half_configured() {
    let env = MapEnv::new().with("HUAWEICLOUD_SDK_AK", "AK-ENV");
    let err = huawei::credentials::EnvironmentProvider::with_env(env)
        .load()
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::Incomplete { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("HUAWEICLOUD_SDK_SK"), "{message}");
    assert!(message.contains("HUAWEICLOUD_SDK_AK"), "{message}");

    let env = MapEnv::new().with("HUAWEICLOUD_SDK_SK", SECRET);
    let err = huawei::credentials::EnvironmentProvider::with_env(env)
        .load()
        .unwrap_err();
    assert!(
        err.to_string().contains("HUAWEICLOUD_SDK_AK is not set"),
        "{err}"
    );
    assert_no_secret(&err);
}

#[test]
fn huawei_profile_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "credentials", HUAWEI_PROFILE);
    let provider = huawei::credentials::ProfileProvider::with_path(&path);
    assert_eq!(provider.path(), Some(path.clone()));
    let credentials = block_on(provider.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key(), "AK-FILE");
    assert_eq!(credentials.secret_key().expose_secret(), SECRET);
    assert_eq!(credentials.domain_id(), Some("domain-file"));
    assert!(credentials.security_token().is_none());

    // Found through HUAWEICLOUD_SDK_CREDENTIALS_FILE...
    let env = MapEnv::new().with("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path.to_str().unwrap());
    let provider = huawei::credentials::ProfileProvider::with_env(env);
    assert_eq!(provider.path(), Some(path.clone()));
    assert_eq!(provider.load().unwrap().access_key(), "AK-FILE");

    // ... or in the home directory.
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".huaweicloud")).unwrap();
    write(
        &home.path().join(".huaweicloud"),
        "credentials",
        "[global]\nak=AK-HOME\nsk=SK-HOME\nsecurity_token=\"tok\\en\"\n",
    );
    let provider =
        huawei::credentials::ProfileProvider::with_env(MapEnv::new()).with_home_dir(home.path());
    let credentials = provider.load().unwrap();
    assert_eq!(credentials.access_key(), "AK-HOME");
    // Quotes are removed, backslashes kept literally.
    assert_eq!(
        credentials.security_token().unwrap().expose_secret(),
        "tok\\en"
    );
}

#[test]
fn huawei_both_configured_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "credentials", HUAWEI_PROFILE);
    let env = huawei_env().with("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path.to_str().unwrap());
    let chain = huawei::credentials::default_chain_with_env(env);
    assert_eq!(chain.len(), 2);
    let credentials = block_on(chain.provide_credentials()).unwrap();
    assert_eq!(credentials.access_key(), "AK-ENV");

    // Without the environment's keys, the same chain falls through to the file.
    let env = MapEnv::new().with("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path.to_str().unwrap());
    let credentials =
        block_on(huawei::credentials::default_chain_with_env(env).provide_credentials()).unwrap();
    assert_eq!(credentials.access_key(), "AK-FILE");
}

#[test]
fn huawei_half_configured_environment_stops_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "credentials", HUAWEI_PROFILE);
    let env = MapEnv::new()
        .with("HUAWEICLOUD_SDK_AK", "AK-ENV")
        .with("HUAWEICLOUD_SDK_CREDENTIALS_FILE", path.to_str().unwrap());
    let err = block_on(huawei::credentials::default_chain_with_env(env).provide_credentials())
        .unwrap_err();
    assert!(
        matches!(err, CredentialsError::Incomplete { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("HUAWEICLOUD_SDK_SK"), "{err}");
}

#[test]
fn huawei_nothing_configured_lists_every_place_looked() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-credentials");
    let env = MapEnv::new().with(
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        missing.to_str().unwrap(),
    );
    let err = block_on(huawei::credentials::default_chain_with_env(env).provide_credentials())
        .unwrap_err();
    let CredentialsError::NoneFound { locations } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(locations.len(), 2);
    let message = err.to_string();
    for needle in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        missing.to_str().unwrap(),
        "named by HUAWEICLOUD_SDK_CREDENTIALS_FILE",
    ] {
        assert!(message.contains(needle), "{needle} in {message}");
    }
}

#[test]
fn huawei_malformed_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("bad-ini", "[global\nak = AK\n", "not valid INI"),
        (
            "no-section",
            "[other]\nak = AK\nsk = SECRET-VALUE-MUST-NOT-LEAK\n",
            "no [global] and no [basic] section",
        ),
        // A present [basic] section must be complete, as [global] must.
        (
            "basic-no-sk",
            "[global]\nak = AK\nsk = SECRET-VALUE-MUST-NOT-LEAK\n[basic]\nak = AK2\n",
            "section [basic] has key `ak` but key `sk`",
        ),
        ("no-sk", "[global]\nak = AK\n", "`sk`"),
        (
            "no-ak",
            "[global]\nsk = SECRET-VALUE-MUST-NOT-LEAK\n",
            "`ak`",
        ),
        ("empty-sk", "[global]\nak = AK\nsk =\n", "`sk`"),
        (
            "empty-global",
            "[global]\ndomain_id = d\n",
            "no `ak` and no `sk`",
        ),
    ];
    for (name, text, problem) in cases {
        let path = write(dir.path(), name, text);
        let err = huawei::credentials::ProfileProvider::with_path(&path)
            .load()
            .unwrap_err();
        assert!(
            matches!(err, CredentialsError::Malformed { .. }),
            "{name}: {err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains(path.to_str().unwrap()),
            "{name}: {message}"
        );
        assert!(message.contains(problem), "{name}: {message}");
        assert_no_secret(&err);

        // A malformed file stops a chain even though the environment is empty.
        let chain = Chain::new()
            .or_else(huawei::credentials::EnvironmentProvider::with_env(
                MapEnv::new(),
            ))
            .or_else(huawei::credentials::ProfileProvider::with_path(&path));
        let err = block_on(chain.provide_credentials()).unwrap_err();
        assert!(
            matches!(err, CredentialsError::Malformed { .. }),
            "{name}: {err:?}"
        );
    }
}

#[test]
fn huawei_unreadable_profile_is_an_io_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be: exists, but cannot be read as a file.
    let path = dir.path().join("credentials");
    std::fs::create_dir(&path).unwrap();
    let err = huawei::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap_err();
    assert!(matches!(err, CredentialsError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains(path.to_str().unwrap()));
}

// ---------------------------------------------------------------------------------------------------------
// SCP
// ---------------------------------------------------------------------------------------------------------

fn scp_env() -> MapEnv {
    MapEnv::new()
        .with("SCP_ACCESS_KEY", "ak-env")
        .with("SCP_SECRET_KEY", SECRET)
        .with("SCP_AUTH_TOKEN", TOKEN)
        .with("SCP_ACCOUNT_ID", "acct-env")
}

const SCP_CREDENTIALS: &str = r#"{
  "access-key": "ak-file",
  "secret-key": "SECRET-VALUE-MUST-NOT-LEAK",
  "auth-token": ""
}"#;

const SCP_CONFIG: &str = r#"{
  "auth-url": "https://iam.e.samsungsdscloud.com",
  "default-region": "kr-west1",
  "account-id": "acct-file"
}"#;

#[test]
fn scp_static_credentials() {
    let credentials = scp::Credentials::new("ak", SECRET)
        .with_auth_token(TOKEN)
        .with_account_id("acct");
    let provided = block_on(credentials.provide_credentials()).unwrap();
    assert_eq!(provided.access_key(), "ak");
    assert_eq!(provided.secret_key().expose_secret(), SECRET);
    assert_eq!(provided.auth_token().unwrap().expose_secret(), TOKEN);
    assert_eq!(provided.account_id(), Some("acct"));
    let debug = format!("{credentials:?}");
    assert!(!debug.contains(SECRET) && !debug.contains(TOKEN), "{debug}");
}

#[test]
fn scp_environment_only() {
    let credentials = scp::credentials::EnvironmentProvider::with_env(scp_env())
        .load()
        .unwrap();
    assert_eq!(credentials.access_key(), "ak-env");
    assert_eq!(credentials.secret_key().expose_secret(), SECRET);
    assert_eq!(credentials.auth_token().unwrap().expose_secret(), TOKEN);
    assert_eq!(credentials.account_id(), Some("acct-env"));

    let err =
        scp::credentials::EnvironmentProvider::with_env(MapEnv::new().with("SCP_ACCESS_KEY", "ak"))
            .load()
            .unwrap_err();
    assert!(matches!(err, CredentialsError::Incomplete { .. }));
    assert!(err.to_string().contains("SCP_SECRET_KEY"), "{err}");
}

#[test]
fn scp_profile_only() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "credentials.json", SCP_CREDENTIALS);
    write(dir.path(), "config.json", SCP_CONFIG);
    let credentials =
        block_on(scp::credentials::ProfileProvider::with_dir(dir.path()).provide_credentials())
            .unwrap();
    assert_eq!(credentials.access_key(), "ak-file");
    assert_eq!(credentials.secret_key().expose_secret(), SECRET);
    assert!(
        credentials.auth_token().is_none(),
        "empty auth-token is no token"
    );
    assert_eq!(credentials.account_id(), Some("acct-file"));

    // config.json is optional.
    let other = tempfile::tempdir().unwrap();
    let path = write(other.path(), "creds.json", SCP_CREDENTIALS);
    let provider = scp::credentials::ProfileProvider::with_path(&path);
    assert_eq!(
        provider.config_path(),
        Some(other.path().join("config.json"))
    );
    let credentials = provider.load().unwrap();
    assert_eq!(credentials.account_id(), None);

    // An explicit config path.
    let config = write(
        dir.path(),
        "elsewhere.json",
        r#"{"account-id": "acct-elsewhere"}"#,
    );
    let credentials = scp::credentials::ProfileProvider::with_path(&path)
        .with_config_path(&config)
        .load()
        .unwrap();
    assert_eq!(credentials.account_id(), Some("acct-elsewhere"));
}

#[test]
fn scp_both_configured_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "credentials.json", SCP_CREDENTIALS);
    let chain = scp::credentials::default_chain_with(
        scp_env(),
        scp::credentials::ProfileProvider::with_dir(dir.path()),
    );
    assert_eq!(
        block_on(chain.provide_credentials()).unwrap().access_key(),
        "ak-env"
    );
    let chain = scp::credentials::default_chain_with(
        MapEnv::new(),
        scp::credentials::ProfileProvider::with_dir(dir.path()),
    );
    assert_eq!(
        block_on(chain.provide_credentials()).unwrap().access_key(),
        "ak-file"
    );
}

#[test]
fn scp_nothing_configured_lists_every_place_looked() {
    let dir = tempfile::tempdir().unwrap();
    let chain = scp::credentials::default_chain_with(
        MapEnv::new(),
        scp::credentials::ProfileProvider::with_dir(dir.path()),
    );
    let err = block_on(chain.provide_credentials()).unwrap_err();
    assert!(matches!(err, CredentialsError::NoneFound { .. }));
    let message = err.to_string();
    let file = dir.path().join("credentials.json");
    for needle in ["SCP_ACCESS_KEY", "SCP_SECRET_KEY", file.to_str().unwrap()] {
        assert!(message.contains(needle), "{needle} in {message}");
    }
}

#[test]
fn scp_malformed_files() {
    let cases = [
        (
            "credentials.json",
            "{\"access-key\": \"ak\", ",
            "not valid JSON",
        ),
        (
            "credentials.json",
            "[\"SECRET-VALUE-MUST-NOT-LEAK\"]",
            "not a JSON object",
        ),
        (
            "credentials.json",
            r#"{"access-key": "ak"}"#,
            "`secret-key`",
        ),
        (
            "credentials.json",
            r#"{"secret-key": "SECRET-VALUE-MUST-NOT-LEAK"}"#,
            "`access-key`",
        ),
        (
            "credentials.json",
            r#"{"access-key": "ak", "secret-key": 12345}"#,
            "`secret-key` is not a string",
        ),
        (
            "credentials.json",
            r#"{"auth-token": "x"}"#,
            "no `access-key` and no `secret-key`",
        ),
        ("config.json", "{\"account-id\": ", "not valid JSON"),
        (
            "config.json",
            r#"{"account-id": 7}"#,
            "`account-id` is not a string",
        ),
    ];
    for (file, text, problem) in cases {
        let dir = tempfile::tempdir().unwrap();
        if file == "config.json" {
            write(dir.path(), "credentials.json", SCP_CREDENTIALS);
        }
        let path = write(dir.path(), file, text);
        let err = scp::credentials::ProfileProvider::with_dir(dir.path())
            .load()
            .unwrap_err();
        if file == "config.json" {
            // The account-id's file is named for what it is, not as a credentials file.
            assert!(
                matches!(err, CredentialsError::Other { .. }),
                "{text}: {err:?}"
            );
            assert!(err.to_string().contains("SCP configuration file"), "{err}");
            assert!(!err.to_string().contains("credentials file"), "{err}");
        } else {
            assert!(
                matches!(err, CredentialsError::Malformed { .. }),
                "{text}: {err:?}"
            );
        }
        let message = err.to_string();
        assert!(message.contains(path.to_str().unwrap()), "{message}");
        assert!(message.contains(problem), "{problem} in {message}");
        assert_no_secret(&err);
        assert!(!message.contains("12345"), "{message}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Custom providers
// ---------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------
// Files that are not small regular files
// ---------------------------------------------------------------------------------------------------------

/// Runs `f` on another thread and fails if it does not finish within a few seconds (a FIFO would
/// block a reader forever).
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading the credentials file blocked")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_as_credentials_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let scp_dir = dir.path().join(".scpconf");
    std::fs::create_dir(&scp_dir).unwrap();
    mkfifo(&scp_dir.join("credentials.json"));
    let err = within_seconds(move || {
        scp::credentials::ProfileProvider::with_dir(&scp_dir)
            .load()
            .unwrap_err()
    });
    assert!(matches!(err, CredentialsError::Io { .. }), "{err:?}");
    assert!(
        err.to_string().contains("not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(!err.is_not_configured(), "a chain must stop here");

    let fifo = dir.path().join("huawei-credentials");
    mkfifo(&fifo);
    let err = within_seconds(move || {
        huawei::credentials::ProfileProvider::with_path(&fifo)
            .load()
            .unwrap_err()
    });
    assert!(err.to_string().contains("a FIFO"), "{err}");
}

#[cfg(unix)]
#[test]
fn dev_zero_as_credentials_file_is_refused_without_reading() {
    let env = MapEnv::new().with("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/dev/zero");
    let err = within_seconds(move || {
        huawei::credentials::ProfileProvider::with_env(env)
            .load()
            .unwrap_err()
    });
    assert!(matches!(err, CredentialsError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("a character device"), "{err}");
    let err = within_seconds(|| {
        scp::credentials::ProfileProvider::with_path("/dev/zero")
            .load()
            .unwrap_err()
    });
    assert!(err.to_string().contains("a character device"), "{err}");
}

#[test]
fn an_oversized_credentials_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "[global]\nak=AK\nsk={SECRET}\n#{}\n",
        "x".repeat(idc::files::MAX_CREDENTIALS_FILE_BYTES as usize)
    );
    let path = write(dir.path(), "credentials", &big);
    let err = huawei::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap_err();
    assert!(err.to_string().contains("larger than the limit"), "{err}");
    assert_no_secret(&err);
    let path = write(
        dir.path(),
        "credentials.json",
        &format!("{{\"pad\":\"{}\"}}", "x".repeat(2 << 20)),
    );
    let err = scp::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap_err();
    assert!(err.to_string().contains("larger than the limit"), "{err}");
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_profile_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "credentials",
        &format!("\u{feff}[global]\nak=AK-BOM\nsk={SECRET}\n"),
    );
    let credentials = huawei::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap();
    assert_eq!(credentials.access_key(), "AK-BOM");
    assert_eq!(credentials.secret_key().expose_secret(), SECRET);

    let path = write(
        dir.path(),
        "credentials.json",
        &format!("\u{feff}{{\"access-key\":\"ak-bom\",\"secret-key\":\"{SECRET}\"}}"),
    );
    let credentials = scp::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap();
    assert_eq!(credentials.access_key(), "ak-bom");
}
