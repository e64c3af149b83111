//! What the client logs: the access key may appear; the secret key, the token, the signature and
//! anything a server echoes of them may not. Also the once-per-client warning about an SCP API
//! version near its date.
//!
//! These tests install a scoped tracing subscriber, so they live in a test binary of their own. In a
//! binary shared with other tests, another test thread can register a callsite (with no
//! subscriber of its own) while this test installs its subscriber; tracing then caches "nobody is
//! interested" for the callsite and the event never reaches the buffer (a failure seen in 12 of
//! 300 runs). Here every test runs inside a scoped subscriber, every callsite is first hit inside
//! one, and the interest cache is rebuilt once the subscriber is in place, so the outcome does not
//! depend on thread scheduling. Async tests run on a current-thread runtime built inside the
//! scope, so the client, its connections and the test server all log to that subscriber.

mod support;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use idc::clock::ManualClock;
use idc::{Error, PrincipalType};
use serde_json::json;
use support::{Reply, Server};

/// A `Write` into a shared buffer, for the subscriber.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `f` with a subscriber of `level` writing into a buffer, and returns what was logged.
fn capture_at(level: tracing::Level, f: impl FnOnce()) -> String {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        // Re-ask every registered callsite now that this subscriber exists.
        tracing::callsite::rebuild_interest_cache();
        f();
    });
    String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap()
}

/// Runs `f` with a TRACE subscriber writing into a buffer, and returns what was logged.
fn capture_logs(f: impl FnOnce()) -> String {
    capture_at(tracing::Level::TRACE, f)
}

/// Runs `future` to completion on a current-thread runtime inside [`capture_at`].
fn capture_async<T>(level: tracing::Level, future: impl Future<Output = T>) -> (T, String) {
    let mut out = None;
    let logs = capture_at(level, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        out = Some(runtime.block_on(future));
    });
    (out.unwrap(), logs)
}

#[test]
fn scp_debug_logs_never_show_secrets() {
    use idc::scp::Credentials;
    use idc::scp::signing;

    let mut request =
        reqwest::Request::new(reqwest::Method::GET, "https://h/v1/x".parse().unwrap());
    let logs = capture_logs(|| {
        let credentials =
            Credentials::new("ak-visible", "SK-HIDDEN").with_auth_token("TOKEN-HIDDEN");
        signing::sign_request(&mut request, &credentials, SystemTime::now(), "en-US").unwrap();
    });
    let signature = request.headers()["scp-signature"].to_str().unwrap();
    assert!(logs.contains("ak-visible"), "{logs}");
    assert!(!logs.contains("HIDDEN"), "{logs}");
    assert!(!logs.contains(signature), "{logs}");
}

#[test]
fn huawei_debug_logs_never_show_secrets() {
    use idc::huawei::Credentials;
    use idc::huawei::signing;

    let mut request =
        reqwest::Request::new(reqwest::Method::GET, "https://h/v1/x".parse().unwrap());
    let logs = capture_logs(|| {
        let credentials = Credentials::new("AK-VISIBLE", "SK-HIDDEN-VALUE")
            .with_security_token("TOKEN-HIDDEN-VALUE");
        signing::sign_request(&mut request, &credentials, SystemTime::now()).unwrap();
    });
    let signature =
        signing::parse_authorization(request.headers()["authorization"].to_str().unwrap())
            .unwrap()
            .signature;
    assert!(logs.contains("AK-VISIBLE"), "{logs}");
    assert!(logs.contains("x-security-token"), "{logs}");
    assert!(!logs.contains("HIDDEN"), "{logs}");
    assert!(!logs.contains(&signature), "{logs}");
}

// ---------------------------------------------------------------------------------------------
// The wire log (`idc::wire`): what a server sends back, with the client's secrets echoed in it
// ---------------------------------------------------------------------------------------------

/// Secrets whose alphanumeric cores (`SKWIRE9`, `TOKWIRE7`) survive every encoding, so that one
/// `contains` check covers every form a log line could show them in.
const WIRE_SECRET_KEY: &str = "SKWIRE9-s/k+1=";
const WIRE_TOKEN: &str = "TOKWIRE7-en_1.x+yz/1=";

/// `text` percent-encoded, leaving `keep` and alphanumerics as they are.
fn percent(text: &str, keep: &str, lower: bool) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || keep.as_bytes().contains(&b) {
                char::from(b).to_string()
            } else if lower {
                format!("%{b:02x}")
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The response headers of a server that echoes `secret` in every form it might.
fn echoes(name: &str, secret: &str) -> Vec<(String, String)> {
    let forms = [
        ("raw", secret.to_owned()),
        ("rfc3986", percent(secret, "-._~", false)),
        ("rfc3986-lower", percent(secret, "-._~", true)),
        ("python-quote", percent(secret, "-._~/", false)),
        ("non-alnum", percent(secret, "", false)),
        (
            "form",
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        ),
        ("json", secret.replace('/', "\\/")),
    ];
    forms
        .into_iter()
        .map(|(form, value)| (format!("x-echo-{name}-{form}"), format!("{name}={value}")))
        .collect()
}

/// A reply carrying the token in `x-request-id` and both secrets in every form in other headers.
fn echoing(mut reply: Reply) -> Reply {
    reply = reply.header("x-request-id", &format!("rid-{WIRE_TOKEN}"));
    for (name, value) in echoes("token", WIRE_TOKEN)
        .into_iter()
        .chain(echoes("sk", WIRE_SECRET_KEY))
    {
        reply = reply.header(&name, &value);
    }
    reply
}

/// The log shows the echoing headers (so the test is not vacuous) and none of the secrets.
fn assert_wire_log_is_clean(logs: &str) {
    assert!(logs.contains("request id rid-***"), "{logs}");
    for form in [
        "raw",
        "rfc3986",
        "rfc3986-lower",
        "python-quote",
        "non-alnum",
        "form",
        "json",
    ] {
        assert!(
            logs.contains(&format!("response header x-echo-token-{form}: token=***")),
            "{form}: {logs}"
        );
        assert!(
            logs.contains(&format!("response header x-echo-sk-{form}: sk=***")),
            "{form}: {logs}"
        );
    }
    assert!(!logs.contains("TOKWIRE7"), "{logs}");
    assert!(!logs.contains("SKWIRE9"), "{logs}");
}

fn huawei_page() -> Reply {
    Reply::json(
        200,
        json!({"account_assignments": [{"account_id": "acct-1", "permission_set_id": "ps-1",
               "principal_id": "user-1", "principal_type": "USER"}],
               "page_info": {"next_marker": null, "current_count": 1}}),
    )
}

fn huawei_client(server: &Server) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(&server.base_url)
        .credentials(
            idc::huawei::Credentials::new("AK-WIRE", WIRE_SECRET_KEY)
                .with_security_token(WIRE_TOKEN),
        )
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .build()
        .unwrap()
}

fn scp_client(server: &Server) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(&server.base_url)
        .credentials(
            idc::scp::Credentials::new("ak-wire", WIRE_SECRET_KEY).with_auth_token(WIRE_TOKEN),
        )
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .build()
        .unwrap()
}

#[test]
fn huawei_wire_logs_never_show_echoed_secrets() {
    let (results, logs) = capture_async(tracing::Level::TRACE, async {
        let server = Server::start(|_, n| {
            if n == 0 {
                echoing(huawei_page())
            } else {
                echoing(Reply::json(
                    401,
                    json!({"error_code": "APIGW.0301",
                           "error_msg": format!("bad token {WIRE_TOKEN}"),
                           "request_id": format!("rid-{WIRE_TOKEN}")}),
                ))
            }
        })
        .await;
        let client = huawei_client(&server);
        let list = || {
            client
                .list_account_assignments_for_principal()
                .instance_id("ins-1")
                .principal_id("user-1")
                .principal_type(PrincipalType::User)
                .send()
        };
        (
            list().await.map(|p| p.items.len()),
            list().await.map(|p| p.items.len()),
        )
    });
    assert_eq!(results.0.unwrap(), 1);
    let error = results.1.unwrap_err();
    assert!(matches!(error, Error::Authentication(_)), "{error:?}");
    assert!(logs.contains("-> 200 in"), "{logs}");
    assert!(logs.contains("-> 401 in"), "{logs}");
    assert_wire_log_is_clean(&logs);
    assert!(!error.to_string().contains("TOKWIRE7"), "{error}");
}

#[test]
fn scp_wire_logs_never_show_echoed_secrets() {
    let (result, logs) = capture_async(tracing::Level::TRACE, async {
        let server = Server::start(|_, _| {
            echoing(Reply::json(
                200,
                json!({"account_assignments": [], "count": 0, "page": 0, "size": 20}),
            ))
        })
        .await;
        scp_client(&server)
            .list_account_assignments()
            .instance_id("ssoins-1")
            .target_account_id("acct-1")
            .send()
            .await
            .map(|p| p.items.len())
    });
    assert_eq!(result.unwrap(), 0);
    assert!(logs.contains("-> 200 in"), "{logs}");
    assert_wire_log_is_clean(&logs);
}

#[test]
fn the_request_id_line_is_there_at_debug_level_and_clean() {
    // `-v`: the one line per attempt, no headers.
    let (result, logs) = capture_async(tracing::Level::DEBUG, async {
        let server = Server::start(|_, _| echoing(huawei_page())).await;
        huawei_client(&server)
            .list_account_assignments_for_principal()
            .instance_id("ins-1")
            .principal_id("user-1")
            .principal_type(PrincipalType::User)
            .send()
            .await
            .map(|p| p.items.len())
    });
    assert_eq!(result.unwrap(), 1);
    assert!(logs.contains("(request id rid-***)"), "{logs}");
    assert!(!logs.contains("response header"), "{logs}");
    assert!(!logs.contains("TOKWIRE7"), "{logs}");
}

// ---------------------------------------------------------------------------------------------
// SCP API version warnings
// ---------------------------------------------------------------------------------------------

fn at(date: &str) -> SystemTime {
    let date =
        time::Date::parse(date, &time::format_description::well_known::Iso8601::DATE).unwrap();
    SystemTime::from(date.midnight().assume_utc())
}

#[test]
fn a_version_near_its_date_is_warned_about_once_per_client() {
    const SECRET: &str = "scp-secret-key-value";
    let ((), text) = capture_async(tracing::Level::WARN, async {
        let server = Server::start(|_, _| {
            Reply::json(
                200,
                json!({"account_assignments": [], "count": 0, "page": 0, "size": 20}),
            )
        })
        .await;
        let builder = || {
            idc::scp::Client::builder()
                .endpoint(&server.base_url)
                .credentials(idc::scp::Credentials::new("SCPAK", SECRET))
                .retry_policy(idc::retry::RetryPolicy::disabled())
                .clock(Arc::new(ManualClock::new(at("2026-11-24"))))
        };
        let list = |client: &idc::scp::Client| {
            client
                .list_account_assignments()
                .instance_id("ssoins-1")
                .target_account_id("acct-1")
                .send()
        };
        let client = builder()
            .api_version(idc::scp::ApiVersion::new(1, 3))
            .build()
            .unwrap();
        for _ in 0..3 {
            list(&client).await.unwrap();
        }
        // 1.4 has no date: nothing to warn about.
        let quiet = builder().build().unwrap();
        list(&quiet).await.unwrap();
    });
    let warnings = text
        .matches("reaches its Not Before date 2026-11-30 in 6 days")
        .count();
    assert_eq!(warnings, 1, "{text}");
    assert_eq!(text.matches("WARN").count(), 1, "{text}");
    assert!(!text.contains(SECRET));
}

#[test]
fn a_marker_the_server_handed_out_is_scrubbed_from_the_logged_url() {
    // Organizations takes any marker of 4 to 400 characters: a hostile server hands out the
    // security token, and the client sends it back in the next request's URL, which is logged.
    let (result, logs) = capture_async(tracing::Level::DEBUG, async {
        let server = Server::start(|request, _| {
            let next = match request.param("marker") {
                None => json!(WIRE_TOKEN),
                Some(_) => json!(null),
            };
            Reply::json(
                200,
                json!({"accounts": [{"id": format!("acct-{}", request.param("marker").is_some()),
                        "name": "A", "urn": "u", "join_method": "invited",
                        "joined_at": "2026-01-10T00:00:00Z"}],
                       "page_info": {"next_marker": next, "current_count": 1}}),
            )
        })
        .await;
        huawei_client(&server)
            .organizations()
            .unwrap()
            .list_accounts()
            .collect()
            .await
            .map(|accounts| accounts.len())
    });
    assert_eq!(result.unwrap(), 2);
    assert!(logs.contains("marker=***"), "{logs}");
    assert!(!logs.contains("TOKWIRE7"), "{logs}");
}

#[test]
fn a_service_left_on_its_public_host_beside_an_overridden_identitycenter_is_warned_about() {
    let env = idc::credentials::MapEnv::new()
        .with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTER_CN_NORTH_4",
            "https://ic.example.com",
        )
        .with(
            "HUAWEICLOUD_SDK_REGION_IDENTITYCENTERSTORE_CN_NORTH_4",
            "https://store.example.com",
        );
    let logs = capture_at(tracing::Level::WARN, || {
        let client = idc::huawei::Client::builder()
            .env(env)
            .credentials(idc::huawei::Credentials::new("AK", "SK"))
            .build()
            .unwrap();
        client.identity_store().unwrap();
        client.organizations().unwrap();
    });
    assert!(
        logs.contains("HUAWEICLOUD_SDK_REGION_ORGANIZATIONS_CN_NORTH_4 is not set"),
        "{logs}"
    );
    assert!(
        !logs.contains("IDENTITYCENTERSTORE_CN_NORTH_4 is not set"),
        "{logs}"
    );
}
