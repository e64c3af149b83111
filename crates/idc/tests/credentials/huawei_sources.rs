//! Huawei credential sources: static keys, the environment, profiles and the chain of them.

use super::*;

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
