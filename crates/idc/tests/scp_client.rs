//! The SCP client against a scripted local server: page/size stop rules, concurrent paging, API
//! versions and their date rules, signing headers and errors.

mod support;

use std::sync::Arc;
use std::time::SystemTime;

use futures::{StreamExt, TryStreamExt};
use idc::clock::ManualClock;
use idc::scp::{ApiVersion, Client, Credentials};
use idc::{Error, PrincipalType};
use serde_json::json;
use support::{Recorded, Reply, Server, quick_retries};

const SECRET: &str = "scp-secret-key-value";

fn at(date: &str) -> SystemTime {
    let date =
        time::Date::parse(date, &time::format_description::well_known::Iso8601::DATE).unwrap();
    SystemTime::from(date.midnight().assume_utc())
}

fn builder(server: &Server) -> idc::scp::ClientBuilder {
    Client::builder()
        .endpoint(&server.base_url)
        .credentials(Credentials::new("SCPAK", SECRET))
        .retry_policy(quick_retries(3))
        .clock(Arc::new(ManualClock::new(at("2026-01-10"))))
}

fn client(server: &Server) -> Client {
    builder(server).build().unwrap()
}

/// How the scripted server reports `count`.
#[derive(Clone, Copy)]
enum Count {
    Total,
    Absent,
}

/// A complete assignment of the principal named `name` (the spec requires every field).
fn assignment(name: &str) -> serde_json::Value {
    json!({"instance_id": "ssoins-1", "permission_sets": [], "principal_id": format!("id-{name}"),
           "principal_name": name, "principal_type": "USER", "role_srn": "srn:role",
           "target_account_id": "acct-1", "target_account_name": "Account 1",
           "target_account_email": "a1@example.com"})
}

/// A server holding `total` assignments, paging by page/size.
fn paged(total: usize, count: Count) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static {
    move |req: &Recorded, _| {
        let page: usize = req.param("page").unwrap_or("0").parse().unwrap();
        let size: usize = req.param("size").unwrap_or("20").parse().unwrap();
        let start = (page * size).min(total);
        let end = (start + size).min(total);
        let items: Vec<_> = (start..end)
            .map(|i| {
                json!({"instance_id": "ssoins-1", "permission_sets": [], "principal_id": format!("p{i}"),
                       "principal_name": format!("user{i}"), "principal_type": "USER",
                       "role_srn": "srn:role", "target_account_id": "acct-1",
                       "target_account_name": "Account 1", "target_account_email": "a1@example.com"})
            })
            .collect();
        let mut body = json!({"account_assignments": items, "page": page, "size": size,
                              "sort": ["created_at:asc"]});
        if let Count::Total = count {
            body["count"] = json!(total);
        }
        Reply::json(200, body)
    }
}

fn list(client: &Client) -> idc::scp::ListAccountAssignments {
    client
        .list_account_assignments()
        .instance_id("ssoins-1")
        .target_account_id("acct-1")
}

fn names(items: &[idc::scp::AccountAssignment]) -> Vec<String> {
    items.iter().map(|a| a.principal_name.clone()).collect()
}

fn pages_requested(server: &Server) -> Vec<usize> {
    let mut pages: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("page").unwrap().parse().unwrap())
        .collect();
    pages.sort_unstable();
    pages
}

#[tokio::test]
async fn every_item_once_and_a_short_page_ends_the_listing() {
    let server = Server::start(paged(95, Count::Absent)).await;
    let items = list(&client(&server)).collect().await.unwrap();
    let expected: Vec<_> = (0..95).map(|i| format!("user{i}")).collect();
    assert_eq!(names(&items), expected);
    assert_eq!(pages_requested(&server), [0, 1, 2, 3, 4]);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("size") == Some("20"))
    );
}

#[tokio::test]
async fn count_ends_the_listing_without_an_extra_empty_page() {
    let server = Server::start(paged(100, Count::Total)).await;
    let items = list(&client(&server)).collect().await.unwrap();
    assert_eq!(items.len(), 100);
    assert_eq!(
        pages_requested(&server),
        [0, 1, 2, 3, 4],
        "4*20+20 >= 100: no page 5"
    );
}

#[tokio::test]
async fn without_count_an_exact_multiple_ends_on_the_empty_page() {
    let server = Server::start(paged(40, Count::Absent)).await;
    assert_eq!(list(&client(&server)).collect().await.unwrap().len(), 40);
    assert_eq!(pages_requested(&server), [0, 1, 2]);
}

#[tokio::test]
async fn a_listing_that_never_ends_hits_the_page_cap() {
    let server = Server::start(|req: &Recorded, i| {
        let _ = req;
        let items: Vec<_> = (0..20).map(|j| assignment(&format!("u{i}-{j}"))).collect();
        Reply::json(200, json!({"account_assignments": items}))
    })
    .await;
    let err = list(&client(&server))
        .max_pages(7)
        .collect()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
    assert!(err.to_string().contains("7 pages"), "{err}");
    assert_eq!(server.count(), 7);
}

#[tokio::test]
async fn pages_page_size_and_start_page() {
    let server = Server::start(paged(95, Count::Total)).await;
    let pages: Vec<_> = list(&client(&server))
        .page_size(30)
        .page(1)
        .pages()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<_> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [30, 30, 5]);
    assert_eq!(pages[0].page, 1);
    assert_eq!(pages[0].count, Some(95));
    assert_eq!(pages[0].sort, ["created_at:asc"]);
    assert_eq!(pages[0].items[0].principal_name, "user30");
}

#[tokio::test]
async fn max_items_stops_fetching() {
    let server = Server::start(paged(1000, Count::Total)).await;
    let items = list(&client(&server))
        .max_items(45)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 45);
    assert_eq!(pages_requested(&server), [0, 1, 2]);
}

#[tokio::test]
async fn concurrent_paging_returns_the_same_items_in_the_same_order() {
    let server = Server::start(paged(487, Count::Total)).await;
    let sequential = list(&client(&server)).collect().await.unwrap();
    let sequential_requests = server.count();
    let concurrent = list(&client(&server))
        .concurrency(8)
        .collect()
        .await
        .unwrap();
    assert_eq!(names(&concurrent), names(&sequential));
    assert_eq!(concurrent.len(), 487);
    assert_eq!(
        server.count() - sequential_requests,
        sequential_requests,
        "same pages"
    );

    // With max_items, only the pages needed are planned.
    let server = Server::start(paged(487, Count::Total)).await;
    let few = list(&client(&server))
        .concurrency(8)
        .max_items(50)
        .collect()
        .await
        .unwrap();
    assert_eq!(names(&few), names(&sequential[..50]));
    assert_eq!(pages_requested(&server), [0, 1, 2]);
}

#[tokio::test]
async fn concurrent_paging_without_count_falls_back_to_sequential() {
    let server = Server::start(paged(65, Count::Absent)).await;
    let items = list(&client(&server))
        .concurrency(4)
        .collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 65);
    assert_eq!(pages_requested(&server), [0, 1, 2, 3]);
}

#[tokio::test]
async fn concurrent_paging_trusts_count_like_sequential_paging() {
    // count says 40 while 60 items exist: like sequential paging, the count rule ends the listing.
    let server = Server::start(|req: &Recorded, i| {
        let mut reply = paged(60, Count::Total)(req, i);
        let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        body["count"] = json!(40);
        reply.body = body.to_string();
        reply
    })
    .await;
    let items = list(&client(&server))
        .concurrency(4)
        .collect()
        .await
        .unwrap();
    // Page 1 ends the listing by the count rule (1*20+20 >= 40): the count is trusted.
    assert_eq!(items.len(), 40);
    assert_eq!(pages_requested(&server), [0, 1]);
}

#[tokio::test]
async fn filters_sort_and_signature_headers_are_sent() {
    let server = Server::start(paged(1, Count::Total)).await;
    list(&client(&server))
        .target_account_name("Admin Account")
        .target_account_email("a@example.com")
        .permission_set_id("ps-1")
        .principal_name("GROUP0407")
        .role_srn("srn:role:kr-j:1234:role/admin@example.com")
        .sort("created_at:desc")
        .send()
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.path, "/v1/account-assignments");
    for (k, v) in [
        ("instance_id", "ssoins-1"),
        ("target_account_id", "acct-1"),
        ("target_account_name", "Admin Account"),
        ("target_account_email", "a@example.com"),
        ("permission_set_id", "ps-1"),
        ("principal_name", "GROUP0407"),
        ("role_srn", "srn:role:kr-j:1234:role/admin@example.com"),
        ("sort", "created_at:desc"),
        ("page", "0"),
        ("size", "20"),
    ] {
        assert_eq!(r.param(k), Some(v), "{k}");
    }
    assert_eq!(r.header("scp-accesskey"), Some("SCPAK"));
    assert_eq!(r.header("scp-clienttype"), Some("Openapi"));
    assert_eq!(r.header("accept-language"), Some("en-US"));
    assert_eq!(r.header("scp-api-version"), Some("iam-identity-center 1.4"));
    assert!(r.header("scp-signature").is_some());
    let ts: u64 = r.header("scp-timestamp").unwrap().parse().unwrap();
    assert_eq!(
        ts,
        at("2026-01-10")
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
    );
    assert!(r.header("api-version").is_none());
}

#[tokio::test]
async fn each_version_sends_its_header_per_client_and_per_call() {
    let server = Server::start(paged(1, Count::Total)).await;
    for version in ["1.0", "1.1", "1.2", "1.3", "1.4"] {
        let v: ApiVersion = version.parse().unwrap();
        let pinned = builder(&server).api_version(v).build().unwrap();
        list(&pinned).send().await.unwrap();
        list(&client(&server)).api_version(v).send().await.unwrap();
    }
    let headers: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("scp-api-version").unwrap().to_owned())
        .collect();
    let expected: Vec<_> = ["1.0", "1.1", "1.2", "1.3", "1.4"]
        .iter()
        .flat_map(|v| {
            [
                format!("iam-identity-center {v}"),
                format!("iam-identity-center {v}"),
            ]
        })
        .collect();
    assert_eq!(headers, expected);
}

#[tokio::test]
async fn expired_versions_are_refused_unless_opted_in() {
    let server = Server::start(paged(1, Count::Total)).await;
    let today = Arc::new(ManualClock::new(at("2026-11-24")));

    let err = builder(&server)
        .clock(today.clone())
        .api_version(ApiVersion::new(1, 2))
        .build()
        .unwrap_err();
    let Error::UnsupportedApiVersion { version, reason } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(version, "1.2");
    assert!(reason.contains("2026-09-30"), "{reason}");

    let client = builder(&server).clock(today.clone()).build().unwrap();
    for old in [
        ApiVersion::new(1, 0),
        ApiVersion::new(1, 1),
        ApiVersion::new(1, 2),
    ] {
        let err = list(&client).api_version(old).send().await.unwrap_err();
        assert!(
            matches!(err, Error::UnsupportedApiVersion { .. }),
            "{err:?}"
        );
    }
    let err = list(&client)
        .api_version(ApiVersion::new(2, 0))
        .collect()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a published version"), "{err}");
    assert_eq!(server.count(), 0, "nothing sent with a refused version");

    let opted_in = builder(&server)
        .clock(today)
        .api_version(ApiVersion::new(1, 0))
        .allow_expired_api_versions(true)
        .build()
        .unwrap();
    list(&opted_in).send().await.unwrap();
    assert_eq!(
        server.requests()[0].header("scp-api-version"),
        Some("iam-identity-center 1.0")
    );
}

// The warning about a version near its date is tested in `logs.rs`, a binary whose tests all
// run inside a scoped subscriber (see there why).

#[tokio::test]
async fn scp_errors_are_typed_and_keep_the_raw_body() {
    let body = r#"{"errors":[{"code":"ValidationError","detail":["Field required"],"global_request_id":"g","request_id":"req-9","status":400,"title":"ValidationError"}]}"#;
    let server = Server::start(move |_, _| Reply::raw(400, body)).await;
    let err = list(&client(&server)).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.code.as_deref(), Some("ValidationError"));
    assert_eq!(e.message.as_deref(), Some("Field required"));
    assert_eq!(e.request_id.as_deref(), Some("req-9"));
    assert_eq!(e.body_text(), body);
    assert_eq!(server.count(), 1);

    let server = Server::start(|_, _| {
        Reply::json(401, json!({"status": "UNAUTHORIZED", "name": "Request was rejected by gateway", "message": "signature mismatch"}))
    })
    .await;
    let err = list(&client(&server)).send().await.unwrap_err();
    assert!(matches!(err, Error::Authentication(_)), "{err:?}");
    assert!(err.to_string().contains("signature mismatch"), "{err}");
    assert!(!format!("{err:?}").contains(SECRET));

    let server = Server::start(|_, _| {
        let mut r = Reply::raw(502, "<html>bad gateway</html>");
        r.headers = vec![("content-type".into(), "text/html".into())];
        r
    })
    .await;
    let err = list(&client(&server)).send().await.unwrap_err();
    let Error::Service(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status, 502);
    assert_eq!(e.body_text(), "<html>bad gateway</html>");
    assert_eq!(server.count(), 3, "502 is retried");
}

#[tokio::test]
async fn unknown_principal_types_and_odd_permission_sets_are_kept() {
    let item = |kind: &str, sets: serde_json::Value| {
        json!({"instance_id": "ssoins-1", "principal_id": "p", "principal_name": "n",
               "principal_type": kind, "role_srn": "r", "target_account_id": "acct-1",
               "target_account_name": "t", "target_account_email": "e", "permission_sets": sets})
    };
    let (robot, group) = (
        item(
            "ROBOT",
            json!([{"permission_set_id": "ps-1", "extra": [1, 2]}]),
        ),
        item("GROUP", json!([])),
    );
    let server = Server::start(move |_, _| {
        Reply::json(
            200,
            json!({"account_assignments": [robot, group], "count": 2}),
        )
    })
    .await;
    let items = list(&client(&server)).collect().await.unwrap();
    assert_eq!(
        items[0].principal_type,
        PrincipalType::Unknown("ROBOT".into())
    );
    // A permission set's fields the client does not know are kept, not dropped.
    let set = &items[0].permission_sets[0];
    assert_eq!(set.permission_set_id.as_deref(), Some("ps-1"));
    assert_eq!(set.extra["extra"], json!([1, 2]));
    assert_eq!(items[1].principal_type, PrincipalType::Group);
    assert!(items[1].permission_sets.is_empty());
}

#[tokio::test]
async fn an_item_missing_a_required_field_is_a_malformed_response() {
    // The reference always shows every field of an assignment: their absence is the service's
    // fault, reported as such rather than read as empty values.
    let server = Server::start(|_, _| {
        Reply::json(
            200,
            json!({"account_assignments": [{"principal_type": "USER"}], "count": 1}),
        )
    })
    .await;
    let err = list(&client(&server)).send().await.unwrap_err();
    assert!(matches!(err, Error::MalformedResponse { .. }), "{err:?}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn invalid_parameters_fail_before_any_request() {
    let server = Server::start(paged(1, Count::Total)).await;
    let c = client(&server);
    let cases = [
        c.list_account_assignments().target_account_id("a"),
        c.list_account_assignments()
            .instance_id("i")
            .target_account_id(""),
        list(&c).sort("created_at"),
        list(&c).sort("created_at:sideways"),
        list(&c).page_size(0),
        list(&c).concurrency(0),
        list(&c).concurrency(1000),
        list(&c).max_items(0),
    ];
    for case in cases {
        let err = case.collect().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    }
    assert_eq!(server.count(), 0);
}

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

#[tokio::test]
async fn a_service_that_ignores_page_is_caught_instead_of_duplicating_items() {
    // Every request gets page 0's content, with a count that says there is more.
    let server = Server::start(|req: &Recorded, i| {
        let _ = req;
        let mut reply = paged(100, Count::Total)(req, i);
        let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        let first_page: Vec<_> = (0..20).map(|j| assignment(&format!("user{j}"))).collect();
        body["account_assignments"] = json!(first_page);
        reply.body = body.to_string();
        reply
    })
    .await;
    for concurrency in [1, 4] {
        let mut items = list(&client(&server)).concurrency(concurrency).items();
        let mut seen = Vec::new();
        let err = loop {
            match items.try_next().await {
                Ok(Some(item)) => seen.push(item.principal_name),
                Ok(None) => panic!("ended silently with duplicates: {seen:?}"),
                Err(e) => break e,
            }
        };
        assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
        let expected: Vec<_> = (0..20).map(|j| format!("user{j}")).collect();
        assert_eq!(seen, expected, "page 0 once, nothing repeated");
    }
}

#[tokio::test]
async fn a_retry_is_signed_with_a_fresh_timestamp() {
    let server = Server::start(|req: &Recorded, i| match i {
        0 => Reply::json(503, json!({"errors": [{"code": "ServiceUnavailable"}]})),
        _ => paged(3, Count::Total)(req, i),
    })
    .await;
    let clock = support::TickingClock::starting_at(at("2026-01-10"));
    let client = builder(&server).clock(clock).build().unwrap();
    assert_eq!(list(&client).collect().await.unwrap().len(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let stamps: Vec<_> = requests
        .iter()
        .map(|r| r.header("scp-timestamp").unwrap())
        .collect();
    let signatures: Vec<_> = requests
        .iter()
        .map(|r| r.header("scp-signature").unwrap())
        .collect();
    assert_ne!(stamps[0], stamps[1]);
    assert_ne!(signatures[0], signatures[1]);
}

#[tokio::test]
async fn the_page_cap_counts_every_page_in_concurrent_mode_too() {
    // count says 1,000 but the cap is 3 pages: the first page plus two planned ones, then the error.
    let server = Server::start(|req: &Recorded, i| {
        let mut reply = paged(1_000, Count::Total)(req, i);
        let mut body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        body["count"] = json!(1_000);
        reply.body = body.to_string();
        reply
    })
    .await;
    let pages: Vec<_> = list(&client(&server))
        .concurrency(4)
        .max_pages(3)
        .pages()
        .collect::<Vec<_>>()
        .await;
    let ok = pages.iter().filter(|p| p.is_ok()).count();
    assert_eq!(ok, 3, "three pages, then stop");
    assert!(
        matches!(pages.last(), Some(Err(Error::Pagination { .. }))),
        "{pages:?}"
    );
    assert_eq!(server.count(), 3);
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
