//! SCP credential sources: static keys, the environment, the credentials and config files.

use super::*;

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
