//! Endpoints, languages, config.json, path parameters and missing credentials.

use super::*;

#[test]
fn endpoints_languages_and_missing_credentials() {
    let c = Client::builder()
        .region("kr-south2")
        .environment("g")
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap();
    assert_eq!(
        c.endpoint(),
        "https://iam-identity-center.kr-south2.g.samsungsdscloud.com"
    );
    let err = Client::builder()
        .language("fr-FR")
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("en-US or ko-KR"), "{err}");
    let err = Client::builder()
        .endpoint("http://scp.example.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Configuration { .. }));
}

#[tokio::test]
async fn missing_credentials_name_the_variables_and_the_file() {
    let server = Server::start(paged(1, Count::Total)).await;
    let home = tempfile::tempdir().unwrap();
    let client = Client::builder()
        .endpoint(&server.base_url)
        .env(idc::credentials::MapEnv::new().with("HOME", home.path().to_string_lossy()))
        .build()
        .unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert!(matches!(err, Error::Credentials(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("SCP_ACCESS_KEY"), "{text}");
    assert!(text.contains("credentials.json"), "{text}");
    assert_eq!(server.count(), 0);
}

#[test]
fn config_json_says_where_to_go_unless_the_caller_does() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    let build = |builder: idc::scp::ClientBuilder| {
        builder
            .credentials(Credentials::new("a", "b"))
            .config_file(&config)
            .build()
    };
    std::fs::write(&config, r#"{"default-region": "kr-east1"}"#).unwrap();
    let c = build(Client::builder()).unwrap();
    assert_eq!(
        c.endpoint(),
        "https://iam-identity-center.kr-east1.s.samsungsdscloud.com"
    );
    let c = build(Client::builder().region("kr-west1")).unwrap();
    assert!(
        c.endpoint().contains(".kr-west1."),
        "the caller's region wins"
    );

    std::fs::write(
        &config,
        r#"{"endpoint-override": "https://scp.example.com", "default-region": "kr-east1"}"#,
    )
    .unwrap();
    assert_eq!(
        build(Client::builder()).unwrap().endpoint(),
        "https://scp.example.com"
    );
    assert_eq!(
        build(Client::builder().endpoint("http://127.0.0.1:9"))
            .unwrap()
            .endpoint(),
        "http://127.0.0.1:9",
        "the caller's endpoint wins"
    );

    // A malformed file is an error naming it, not a silent default.
    std::fs::write(&config, r#"{"default-region": 7}"#).unwrap();
    let err = build(Client::builder()).unwrap_err().to_string();
    assert!(err.contains("config.json"), "{err}");
    // A missing file is no configuration.
    std::fs::remove_file(&config).unwrap();
    assert!(
        build(Client::builder())
            .unwrap()
            .endpoint()
            .contains(".kr-west1.")
    );
}

#[test]
fn a_broken_config_json_is_not_read_when_the_endpoint_is_given() {
    // The SCP configuration file only says where to go: with an explicit endpoint it is not read,
    // so no way it is broken can fail the client; without one, the error names it for what it is.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    let build = |builder: idc::scp::ClientBuilder| {
        builder
            .credentials(Credentials::new("a", "b"))
            .config_file(&config)
            .build()
    };
    let make = |what: &str| {
        let _ = std::fs::remove_file(&config);
        match what {
            "malformed" => std::fs::write(&config, "{\"default-region\": ").unwrap(),
            "over 1 MiB" => std::fs::write(&config, vec![b' '; (1 << 20) + 1]).unwrap(),
            #[cfg(unix)]
            "a symlink loop" => std::os::unix::fs::symlink(&config, &config).unwrap(),
            #[cfg(unix)]
            "a FIFO" => {
                let made = std::process::Command::new("mkfifo")
                    .arg(&config)
                    .status()
                    .unwrap();
                assert!(made.success());
            }
            other => panic!("{other}"),
        }
    };
    let broken: &[&str] = if cfg!(unix) {
        &["malformed", "over 1 MiB", "a symlink loop", "a FIFO"]
    } else {
        &["malformed", "over 1 MiB"]
    };
    for what in broken {
        make(what);
        let client = build(Client::builder().endpoint("http://127.0.0.1:9"));
        assert_eq!(
            client.map(|c| c.endpoint().to_owned()).ok().as_deref(),
            Some("http://127.0.0.1:9"),
            "{what}: an explicit endpoint needs no config.json"
        );
        let err = build(Client::builder().region("kr-west1")).unwrap_err();
        assert!(
            matches!(err, Error::Configuration { .. }),
            "{what}: {err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("SCP configuration file"),
            "{what}: {message}"
        );
        assert!(message.contains("config.json"), "{what}: {message}");
        assert!(!message.contains("credentials file"), "{what}: {message}");
    }
}

#[tokio::test]
async fn dot_segments_in_path_parameters_never_change_the_operation() {
    // `GET /v1/groups/../users` resolves to `GET /v1/users`, another operation: `.` and `..` are
    // refused before sending, for every operation's path parameters.
    let server = Server::start(|_, _| Reply::json(200, json!({"count": 0, "users": []}))).await;
    let client = client(&server);
    for value in [".", ".."] {
        let err = client
            .list_group_users()
            .instance_id("ssoins-12345")
            .group_id(value)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest { .. }),
            "{value}: {err:?}"
        );
        assert!(err.to_string().contains("group_id"), "{err}");
        let err = client
            .show_group()
            .instance_id("ssoins-12345")
            .group_id(value)
            .send()
            .await;
        assert!(
            matches!(err, Err(Error::InvalidRequest { .. })),
            "{value}: {err:?}"
        );
    }
    assert_eq!(server.count(), 0, "nothing was sent");
    // Anything else that looks like one reaches the server as one segment of the right path:
    // `%` is encoded, so `%2e%2e` cannot become a dot segment either.
    for value in ["...", "a..b", "%2e%2e", "%2E", ".hidden"] {
        let _ = client
            .list_group_users()
            .instance_id("ssoins-12345")
            .group_id(value)
            .send()
            .await;
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 5, "{paths:?}");
    for path in &paths {
        let segments: Vec<&str> = path.split('/').collect();
        assert_eq!(segments.len(), 5, "{path}");
        assert_eq!(
            (segments[1], segments[2], segments[4]),
            ("v1", "groups", "users"),
            "{path}"
        );
    }
    assert!(
        paths.contains(&"/v1/groups/%252e%252e/users".to_owned()),
        "{paths:?}"
    );
}

#[test]
fn idc_scp_endpoint_is_used_unless_one_is_given_and_skips_config_json() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.json");
    std::fs::write(&config, "not json").unwrap();
    let env = idc::credentials::MapEnv::new().with("IDC_SCP_ENDPOINT", "http://127.0.0.1:9");
    let client = Client::builder()
        .env(env.clone())
        .config_file(&config)
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap();
    assert_eq!(client.endpoint(), "http://127.0.0.1:9");
    assert_eq!(
        client.organization().unwrap().endpoint(),
        "http://127.0.0.1:9"
    );
    let client = Client::builder()
        .env(env)
        .endpoint("http://127.0.0.1:10")
        .credentials(Credentials::new("a", "b"))
        .build()
        .unwrap();
    assert_eq!(
        client.endpoint(),
        "http://127.0.0.1:10",
        "the explicit endpoint wins"
    );
}
