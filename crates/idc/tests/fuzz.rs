//! Fuzz-style property tests of every parser that reads untrusted bytes: response bodies (the
//! success response type of every operation of every spec, and the error types), the Huawei
//! `Authorization` parser, the emulator's signature header checks of both clouds, both
//! profile-file parsers and the emulator's data file. Inputs are arbitrary JSON (with the field
//! names and enum values the parsers look for, read from the generated code, so they get past the
//! first level), byte-level mutations of valid documents, and arbitrary text. The property is
//! always at least "no panic"; where there is more to say, it is checked too.
//!
//! The list of response types is written out below, and
//! `every_operation_s_success_type_is_fuzzed` reads the generated clients to check it: a new
//! operation fails that test until its type is listed.
//!
//! A few hundred cases each, so the whole binary runs in seconds in CI.

use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use idc::huawei::signing;
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use proptest::prelude::*;
use serde_json::Value;

const CASES: u32 = 300;

/// Every field name of the specs' types, the data file and both profile files.
const KEYS: &[&str] = &[
    "account_assignments",
    "application_assignments",
    "page_info",
    "next_marker",
    "current_count",
    "account_id",
    "permission_set_id",
    "principal_id",
    "principal_type",
    "application_urn",
    "error_code",
    "error_msg",
    "request_id",
    "encoded_authorization_message",
    "instance_id",
    "permission_sets",
    "principal_name",
    "role_srn",
    "target_account_email",
    "target_account_id",
    "target_account_name",
    "count",
    "page",
    "size",
    "sort",
    "code",
    "detail",
    "global_request_id",
    "status",
    "title",
    "error",
    "errors",
    "message",
    "name",
    "path",
    "timestamp",
    "requestId",
    "huawei",
    "scp",
    "credentials",
    "access_key",
    "secret_key",
    "domain_id",
    "created_at",
    "access-key",
    "secret-key",
    "auth-token",
    "account-id",
];

/// The generated clients' source, by module: where the field names and response types are read.
fn generated_sources() -> &'static [(String, String)] {
    static SOURCES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../idc-raw/src/generated");
        let modules = std::fs::read_to_string(dir.join("modules.rs")).unwrap();
        // Every spec's module, as `modules.rs` declares it: `pub mod NAME {` followed by
        // `include!("NAME.rs");` (an SCP module's `versions` submodule includes another file).
        let lines: Vec<&str> = modules.lines().collect();
        lines
            .windows(2)
            .filter_map(|pair| {
                let module = pair[0].strip_prefix("pub mod ")?.strip_suffix(" {")?;
                (pair[1] == format!("include!(\"{module}.rs\");")).then_some(module)
            })
            .map(|module| {
                let source = std::fs::read_to_string(dir.join(format!("{module}.rs"))).unwrap();
                (module.to_owned(), source)
            })
            .collect()
    })
}

/// The field names and enum values of every generated type (the struct fields' names, and the
/// string literals the types match on), and the names of [`KEYS`].
fn keys() -> &'static [String] {
    static ALL: OnceLock<Vec<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut keys: std::collections::BTreeSet<String> =
            KEYS.iter().map(|k| (*k).to_owned()).collect();
        for (_, source) in generated_sources() {
            let types = source
                .split_once("pub mod types {")
                .map_or("", |(_, rest)| rest);
            for line in types.lines().map(str::trim) {
                if let Some((name, _)) = line.strip_prefix("pub ").and_then(|l| l.split_once(": "))
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    keys.insert(name.to_owned());
                }
                for quoted in [
                    line.strip_prefix('"').and_then(|l| l.split_once("\" =>")),
                    line.strip_prefix("#[serde(rename = \"")
                        .and_then(|l| l.split_once('"')),
                ]
                .into_iter()
                .flatten()
                {
                    if !quoted.0.is_empty() && quoted.0.len() <= 40 {
                        keys.insert(quoted.0.to_owned());
                    }
                }
            }
        }
        keys.into_iter().collect()
    })
}

/// Strings the parsers care about, and anything else.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(vec![
            "USER", "GROUP", "SERVICE", "", "0123456789abcdef01234567", "ins-1", "p-1",
            "ssoins-12345", "\u{1b}[2J", "\u{feff}", "null", "created_at:desc",
            "2026-01-10T00:00:00Z", "2026-01-10", "urn:x", "1.4",
        ])
        .prop_map(str::to_owned),
        2 => prop::sample::select(keys()),
        2 => "\\PC{0,24}",
        1 => ".{0,8}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        4 => prop::sample::select(keys()),
                        1 => ".{0,6}"
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// `valid` with a few bytes replaced, inserted or removed.
fn mutated(valid: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6).prop_map(
        move |edits| {
            let mut bytes = valid.clone();
            for (at, byte, kind) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let i = at.index(bytes.len());
                match kind {
                    0 => bytes[i] = byte,
                    1 => bytes.insert(i, byte),
                    _ => {
                        bytes.remove(i);
                    }
                }
            }
            bytes
        },
    )
}

/// Deserializes `value` and `bytes` into each type; only panics matter.
macro_rules! parse_as {
    ($value:expr, $bytes:expr, $($ty:ty),* $(,)?) => {$(
        let _ = serde_json::from_value::<$ty>($value.clone());
        let _ = serde_json::from_slice::<$ty>($bytes);
    )*};
}

/// Given the success response type of every operation, by module of `idc_raw` (from
/// `idc_raw::for_each_success_type!`), defines [`LISTED`] and [`parse_every_generated_type`].
macro_rules! success_types {
    ($($module:ident: [$($t:ident),* $(,)?]),* $(,)?) => {
        /// `(module, type)` of every operation's success response, as listed.
        const LISTED: &[(&str, &str)] = &[$($((stringify!($module), stringify!($t)),)*)*];

        /// Deserializes `value` and `bytes` into every generated response type: every
        /// operation's success type, each spec's error type, and the types the facade reads on
        /// their own. Only panics matter.
        fn parse_every_generated_type(value: &Value, bytes: &[u8]) {
            $(
                parse_as!(value, bytes, idc::idc_raw::$module::types::ErrorResponse);
                $(parse_as!(value, bytes, idc::idc_raw::$module::types::$t);)*
            )*
            use idc::idc_raw::{huawei::types as h, scp::types as s};
            parse_as!(
                value,
                bytes,
                h::Marker,
                h::PageInfo,
                h::ResourceId,
                s::ErrorDetail,
                idc::PrincipalType,
            );
        }
    };
}

// The list comes from codegen: a new operation is fuzzed without editing this file.
idc::idc_raw::for_each_success_type!(success_types);

/// The success type of every operation of the generated clients: in each module, the
/// `ResponseValue<types::T>` that each builder's `send` returns.
fn generated_success_types() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (module, source) in generated_sources() {
        for after in source.split("pub async fn send(").skip(1) {
            // rustfmt wraps a long return type (`ResponseValue<\n types::...>`): read it unwrapped.
            let after: String = after.chars().filter(|c| !c.is_whitespace()).collect();
            let after = after.as_str();
            // An operation answered without a body (`ResponseValue<()>`) has nothing to parse.
            // Without whitespace: a long type name is wrapped onto its own line.
            let signature: String = after[..after.find('{').unwrap()]
                .split_whitespace()
                .collect();
            if signature.contains("ResponseValue<()>") {
                continue;
            }
            let start =
                signature.find("ResponseValue<types::").unwrap() + "ResponseValue<types::".len();
            let name: String = signature[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((module.clone(), name));
        }
    }
    found
}

#[test]
fn every_operation_s_success_type_is_fuzzed() {
    let mut generated = generated_success_types();
    let mut listed: Vec<(String, String)> = LISTED
        .iter()
        .map(|(m, t)| ((*m).to_owned(), (*t).to_owned()))
        .collect();
    // Every spec's module, and every one of its operations (44 when this was written).
    assert_eq!(generated_sources().len(), 5);
    assert!(generated.len() >= 44, "{generated:?}");
    generated.sort();
    // Operations may share a response type (SCP's writes answer the object they wrote).
    generated.dedup();
    listed.sort();
    assert_eq!(
        listed, generated,
        "codegen's `for_each_success_type!` must name every operation's response type"
    );
    // The generated inputs use every spec's field names and enum values.
    for key in [
        "identity_store_id",
        "group_id",
        "joined_method",
        "MANAGED_POLICY",
        "account_assignments",
    ] {
        assert!(keys().iter().any(|k| k == key), "{key}");
    }
}

/// Valid documents of every response shape, to mutate.
fn sample_bodies() -> Vec<Vec<u8>> {
    vec![
        br#"{"account_assignments":[{"account_id":"a","permission_set_id":"ps","principal_id":"p","principal_type":"USER"}],"page_info":{"next_marker":"0123456789abcdef01234567","current_count":1}}"#.to_vec(),
        br#"{"application_assignments":[{"application_urn":"u","principal_id":"p","principal_type":"GROUP"}],"page_info":{"next_marker":null,"current_count":1}}"#.to_vec(),
        br#"{"error_code":"IIC.1000","error_msg":"bad","request_id":"r","encoded_authorization_message":"e"}"#.to_vec(),
        br#"{"account_assignments":[{"instance_id":"i","target_account_id":"t","permission_sets":[{"k":1}],"principal_type":"USER","role_srn":"srn"}],"count":1,"page":0,"size":20,"sort":["created_at:asc"]}"#.to_vec(),
        br#"{"errors":[{"code":"ValidationError","detail":["Field required"],"request_id":"r","status":400,"title":"t"}]}"#.to_vec(),
        br#"{"status":"UNAUTHORIZED","name":"Request was rejected by gateway","message":"m"}"#.to_vec(),
        br#"{"users":[{"user_id":"u","user_name":"alice","identity_store_id":"d-1","emails":[{"email":"a@example.com","primary":true}]}],"page_info":{"next_marker":null,"current_count":1}}"#.to_vec(),
        br#"{"accounts":[{"id":"acct-1","name":"A","urn":"urn:x","join_method":"invited","joined_at":"2026-01-10T00:00:00Z"}],"page_info":{"next_marker":null,"current_count":1}}"#.to_vec(),
        br#"{"versions":[{"id":"1.4","status":"CURRENT","not_before":null}]}"#.to_vec(),
        br#"{"users":[{"id":"u","user_name":"alice","email":"a@example.com","created_at":"2026-01-10T00:00:00Z"}],"count":1,"page":0,"size":20,"sort":["created_at:asc"]}"#.to_vec(),
    ]
}

fn sample_body() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(sample_bodies()).prop_flat_map(mutated)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn generated_response_types_take_any_json(value in json()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        parse_every_generated_type(&value, &bytes);
    }

    #[test]
    fn generated_response_types_take_mutated_bodies(bytes in sample_body()) {
        let value = serde_json::from_slice::<Value>(&bytes).unwrap_or(Value::Null);
        parse_every_generated_type(&value, &bytes);
    }

    #[test]
    fn huawei_authorization_parser_takes_any_text(
        header in prop_oneof![
            "\\PC{0,80}",
            prop::collection::vec(
                prop::sample::select(vec![
                    "SDK-HMAC-SHA256", " ", "\t", "Access=", "SignedHeaders=", "Signature=", ",",
                    ", ", ";", "=", "AK", "host", "x-sdk-date", "ab01", "\u{1b}", "é",
                ]),
                0..16,
            )
            .prop_map(|parts| parts.concat()),
        ]
    ) {
        if let Ok(parsed) = signing::parse_authorization(&header) {
            prop_assert!(!parsed.access_key.is_empty());
            prop_assert!(!parsed.signature.is_empty());
        }
    }

    #[test]
    fn huawei_authorization_round_trips(
        access_key in "[A-Za-z0-9]{1,40}",
        headers in prop::collection::vec("[a-z][a-z0-9-]{0,20}", 1..6),
        signature in "[0-9a-f]{64}",
    ) {
        let names: Vec<&str> = headers.iter().map(String::as_str).collect();
        let header = signing::authorization(&access_key, &names, &signature);
        let parsed = signing::parse_authorization(&header).unwrap();
        prop_assert_eq!(parsed.access_key, access_key);
        prop_assert_eq!(parsed.signed_headers, headers);
        prop_assert_eq!(parsed.signature, signature);
    }

    #[test]
    fn emulator_data_file_takes_any_json(value in json()) {
        let text = value.to_string();
        let _ = DataSet::from_json_str(&text);
    }

    #[test]
    fn emulator_data_file_takes_mutated_documents(bytes in demo_data().prop_flat_map(mutated)) {
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = DataSet::from_json_str(text);
        }
    }

    #[test]
    fn huawei_profile_parser_takes_any_file(
        lines in prop::collection::vec(
            prop_oneof![
                prop::sample::select(vec![
                    "[global]", "[basic]", "ak = AK", "sk = SK-SECRET", "sk=", "ak", "=",
                    "security_token = \"tok", "domain_id = d", "[", "]", "\\", ";c", "#c",
                    "\u{feff}[global]", "ak = \"", "sk = 'x'",
                ])
                .prop_map(str::to_owned),
                "\\PC{0,30}",
            ],
            0..10,
        ),
        bom in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        let text = format!("{}{}", if bom { "\u{feff}" } else { "" }, lines.join("\n"));
        std::fs::write(&path, text).unwrap();
        match idc::huawei::credentials::ProfileProvider::with_path(&path).load() {
            Ok(credentials) => prop_assert!(!credentials.access_key().is_empty()),
            Err(err) => prop_assert!(!err.to_string().contains("SK-SECRET")),
        }
    }

    #[test]
    fn scp_profile_parser_takes_any_file(
        content in prop_oneof![
            json().prop_map(|v| v.to_string().into_bytes()),
            mutated(br#"{"access-key":"ak","secret-key":"SK-SECRET","auth-token":""}"#.to_vec()),
        ],
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials.json");
        std::fs::write(&path, &content).unwrap();
        match idc::scp::credentials::ProfileProvider::with_path(&path).load() {
            Ok(credentials) => prop_assert!(!credentials.access_key().is_empty()),
            Err(err) => prop_assert!(!err.to_string().contains("SK-SECRET")),
        }
    }
}

fn demo_data() -> impl Strategy<Value = Vec<u8>> {
    let mut data = DataSet::demo();
    // A small document, so that a few edits are a large share of it.
    data.huawei.account_assignments.truncate(2);
    data.huawei.application_assignments.truncate(2);
    data.scp.account_assignments.truncate(2);
    Just(serde_json::to_vec(&data).unwrap())
}

// ---------------------------------------------------------------------------------------------
// The emulator's signature checks, over HTTP
// ---------------------------------------------------------------------------------------------

/// One emulator for every case, on a runtime of its own.
fn emulator() -> &'static (tokio::runtime::Runtime, RunningEmulator, reqwest::Client) {
    static EMULATOR: OnceLock<(tokio::runtime::Runtime, RunningEmulator, reqwest::Client)> =
        OnceLock::new();
    EMULATOR.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime
            .block_on(Emulator::builder().data(DataSet::demo()).start())
            .unwrap();
        let client = idc::tls::http_client_builder()
            .unwrap()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        (runtime, emulator, client)
    })
}

fn now_millis() -> String {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string()
}

/// A header value: near-valid ones and arbitrary visible text.
fn header_value(valid: Vec<String>) -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(
        0.8,
        prop_oneof![
            2 => prop::sample::select(valid),
            1 => "[ -~]{0,40}",
            1 => Just("9".repeat(30)),
            1 => Just("-1".to_owned()),
        ],
    )
}

/// Sends `GET path` with `headers` (the absent ones left out); the emulator must answer with a
/// JSON body and a status of the documented ones: never drop the connection, never 5xx.
fn send(path: &str, headers: &[(&str, Option<String>)]) -> Result<u16, TestCaseError> {
    let (runtime, emulator, client) = emulator();
    let mut request = client.get(format!("{}{path}", emulator.base_url()));
    for (name, value) in headers {
        if let Some(value) = value {
            request = request.header(*name, value.as_str());
        }
    }
    let (status, body) = runtime
        .block_on(async {
            let response = request.send().await.map_err(|e| e.to_string())?;
            let status = response.status().as_u16();
            let body = response.bytes().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((status, body))
        })
        .map_err(TestCaseError::fail)?;
    prop_assert!(
        matches!(status, 200 | 400 | 401),
        "status {status}: {}",
        String::from_utf8_lossy(&body)
    );
    prop_assert!(serde_json::from_slice::<Value>(&body).is_ok());
    Ok(status)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn emulator_scp_header_checks_take_any_values(
        access_key in header_value(vec![demo::SCP_ACCESS_KEY.to_owned(), String::new()]),
        timestamp in header_value(vec![now_millis(), "0".to_owned(), "1e3".to_owned()]),
        signature in header_value(vec!["c2lnbmF0dXJl".to_owned(), String::new()]),
        client_type in header_value(vec!["Openapi".to_owned(), "openapi".to_owned()]),
        account_id in header_value(vec!["acct".to_owned()]),
        version in header_value(vec![
            "iam-identity-center 1.4".to_owned(),
            "iam-identity-center 9.9".to_owned(),
            "iam-identity-center".to_owned(),
        ]),
    ) {
        let path = format!(
            "/v1/account-assignments?instance_id={}&target_account_id={}",
            demo::SCP_INSTANCE_ID,
            demo::SCP_TARGET_ACCOUNT_ID
        );
        let status = send(&path, &[
            ("scp-accesskey", access_key),
            ("scp-timestamp", timestamp),
            ("scp-signature", signature),
            ("scp-clienttype", client_type),
            ("scp-accountid", account_id),
            ("scp-api-version", version),
        ])?;
        prop_assert_ne!(status, 200, "nothing here is correctly signed");
    }

    #[test]
    fn emulator_huawei_header_checks_take_any_values(
        authorization in header_value(vec![
            format!(
                "SDK-HMAC-SHA256 Access={}, SignedHeaders=host;x-sdk-date, Signature={}",
                demo::HUAWEI_ACCESS_KEY,
                "0".repeat(64)
            ),
            format!("SDK-HMAC-SHA256 Access={}, SignedHeaders=, Signature=00", demo::HUAWEI_ACCESS_KEY),
            "SDK-HMAC-SHA256 Access=nobody, SignedHeaders=host, Signature=00".to_owned(),
        ]),
        sdk_date in header_value(vec![
            signing::format_sdk_date(SystemTime::now()),
            "20240101T000000Z".to_owned(),
            "99999999T999999Z".to_owned(),
        ]),
        domain in header_value(vec![demo::HUAWEI_DOMAIN_ID.to_owned()]),
    ) {
        let path = format!(
            "/v1/instances/{}/account-assignments-for-principals?principal_id={}&principal_type=USER",
            demo::HUAWEI_INSTANCE_ID,
            demo::HUAWEI_PRINCIPAL_ID
        );
        let status = send(&path, &[
            ("authorization", authorization),
            ("x-sdk-date", sdk_date),
            ("x-domain-id", domain),
        ])?;
        prop_assert_ne!(status, 200, "nothing here is correctly signed");
    }
}
