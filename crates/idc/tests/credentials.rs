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

#[path = "credentials/custom_providers.rs"]
mod custom_providers;
#[path = "credentials/huawei_sources.rs"]
mod huawei_sources;
#[path = "credentials/scp_sources.rs"]
mod scp_sources;
#[path = "credentials/unusual_files.rs"]
mod unusual_files;

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
