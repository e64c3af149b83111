//! Routing (404, 405), request recording, shutdown, and data sets (files, errors, demo, generate).

mod common;

use std::io::Write;

use common::*;
use idc_emulator::{DataError, DataSet, Emulator, EmulatorError, demo};

#[tokio::test]
async fn unknown_paths_are_404_in_the_cloud_shape() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    // Huawei shape by default.
    for path in [
        "/v2",
        "/v1/nothing-here",
        "/v1/instances/ins-1/unknown",
        "/v2/account-assignments-for-principals",
    ] {
        let response = client().get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers().contains_key("x-request-id"));
        let body = json(response).await;
        assert_eq!(body["error_code"], "APIGW.0101", "{path}: {body}");
        assert!(body["error_msg"].is_string() && body["request_id"].is_string());
    }
    // Spring style for SCP paths, and for any request with an Scp-* header.
    let response = client()
        .get(format!("{base}/v1/account-assignments/x/y"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body = json(response).await;
    assert_eq!(body["status"], 404);
    assert_eq!(body["error"], "Not Found");
    assert_eq!(body["path"], "/v1/account-assignments/x/y");
    assert!(body["requestId"].as_str().unwrap().starts_with("req-"));
    assert!(
        body["timestamp"]
            .as_str()
            .unwrap()
            .starts_with("2026-01-15T12:00:00"),
        "{body}"
    );
    let response = client()
        .get(format!("{base}/v1/nothing-here"))
        .header("Scp-ClientType", "Openapi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(json(response).await["error"], "Not Found");
}

#[tokio::test]
async fn wrong_methods_are_405() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let response = client()
        .put(format!("{base}/v1/account-assignments"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert!(
        response.headers()["allow"]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    let body = json(response).await;
    assert_eq!(body["status"], 405);
    assert_eq!(body["error"], "Method Not Allowed");
    let response = client()
        .delete(format!(
            "{base}{}",
            accounts_path("principal_id=a&principal_type=USER")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(json(response).await["error_code"], "APIGW.0101");
}

#[tokio::test]
async fn requests_are_recorded() {
    let (emulator, _clock) = start().await;
    assert_eq!(emulator.request_count(), 0);
    let request = huawei_demo(
        emulator.base_url(),
        &accounts_path("principal_id=p-1&principal_type=USER&limit=2"),
    );
    request.send().await;
    client()
        .post(format!("{}/nowhere?x=1", emulator.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(emulator.request_count(), 2);
    let requests = emulator.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].path,
        format!(
            "/v1/instances/{}/account-assignments-for-principals",
            demo::HUAWEI_INSTANCE_ID
        )
    );
    assert_eq!(
        requests[0].query.as_deref(),
        Some("principal_id=p-1&principal_type=USER&limit=2")
    );
    assert!(
        requests[0]
            .header("Authorization")
            .unwrap()
            .starts_with("SDK-HMAC-SHA256 ")
    );
    assert_eq!(
        requests[0].header("x-domain-id"),
        Some(demo::HUAWEI_DOMAIN_ID)
    );
    assert!(
        requests[0]
            .query_pairs()
            .contains(&("limit".to_owned(), "2".to_owned()))
    );
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].path, "/nowhere");
    emulator.clear_requests();
    assert_eq!(emulator.request_count(), 0);
    assert!(emulator.requests().is_empty());
}

#[tokio::test]
async fn debug_of_a_running_emulator_is_a_summary_without_secrets() {
    let (emulator, _clock) = start().await;
    for i in 0..50 {
        client()
            .get(format!("{}/v1/instances?i={i}", emulator.base_url()))
            .header(
                "Authorization",
                "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=SIG-SECRET-1",
            )
            .header("X-Security-Token", "TOKEN-SECRET-1")
            .header("Scp-Signature", "SCP-SIGNATURE-SECRET-1")
            .header("X-Auth-Token", "AUTH-TOKEN-SECRET-1")
            .send()
            .await
            .unwrap();
    }
    assert_eq!(emulator.requests().len(), 50, "the requests are recorded");
    let shown = format!("{emulator:?}");
    assert!(!shown.contains("SECRET-1"), "{shown}");
    // Counts, not the 50 recorded requests.
    assert!(!shown.contains("/v1/instances"), "{shown}");
    assert!(shown.contains("count: 50, kept: 50"), "{shown}");
    assert!(shown.len() < 2048, "{} bytes: {shown}", shown.len());

    // One recorded request shows its headers, the secret ones as `***`.
    let shown = format!("{:?}", emulator.requests()[0]);
    assert!(!shown.contains("SECRET-1"), "{shown}");
    assert!(shown.contains("(\"x-security-token\", \"***\")"), "{shown}");
    assert!(shown.contains("(\"authorization\", \"***\")"), "{shown}");
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url().to_owned();
    assert!(base.starts_with("http://127.0.0.1:") && !base.ends_with('/'));
    assert_eq!(
        emulator.addr().to_string(),
        base.trim_start_matches("http://")
    );
    client().get(format!("{base}/")).send().await.unwrap();
    emulator.shutdown().await;
    let fresh = idc::tls::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap();
    assert!(fresh.get(format!("{base}/")).send().await.is_err());

    let (emulator, _clock) = start().await;
    let base = emulator.base_url().to_owned();
    drop(emulator);
    let mut stopped = false;
    for _ in 0..50 {
        let fresh = idc::tls::http_client_builder()
            .unwrap()
            .no_proxy()
            .build()
            .unwrap();
        if fresh.get(format!("{base}/")).send().await.is_err() {
            stopped = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(stopped, "the server still answers after being dropped");
}

#[tokio::test]
async fn binding_a_used_address_fails() {
    let (emulator, _clock) = start().await;
    let err = Emulator::builder()
        .addr(emulator.addr())
        .start()
        .await
        .unwrap_err();
    assert!(matches!(err, EmulatorError::Bind { .. }), "{err}");
    assert!(err.to_string().contains(&emulator.addr().to_string()));
}

#[tokio::test]
async fn invalid_programmatic_data_is_refused() {
    let mut data = DataSet::demo();
    data.huawei.account_assignments[3].principal_id = "has space".into();
    let err = Emulator::builder().data(data).start().await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("huawei.account_assignments[3].principal_id"),
        "{message}"
    );
}

fn write_file(content: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    file.write_all(content.as_bytes()).unwrap();
    file
}

fn invalid(err: DataError) -> (String, String, String) {
    let text = err.to_string();
    match err {
        DataError::Invalid {
            source_name,
            json_path,
            message,
        } => {
            assert!(
                text.contains(&source_name) && text.contains(&json_path),
                "{text}"
            );
            (source_name, json_path, message)
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn data_file_errors_name_the_file_and_the_json_path() {
    let cases = [
        (
            r#"{"huawei": {"credentials": [{"access_key": "a", "secret_key": 5}]}}"#,
            "huawei.credentials[0].secret_key",
            "invalid type",
        ),
        (
            r#"{"huawei": {"credentials": [{"access_key": "a"}]}}"#,
            "huawei.credentials[0]",
            "missing field `secret_key`",
        ),
        (
            r#"{"scp": {"accounts": [], "account_assignments": [{"instance_id": "i"}]}}"#,
            "scp.account_assignments[0]",
            "missing field",
        ),
        (
            r#"{"scp": {"account_assignments": [{"instance_id": "i", "principal_nmae": "x"}]}}"#,
            "scp.account_assignments[0].principal_nmae",
            "unknown field",
        ),
        (r#"{"huwaei": {}}"#, "huwaei", "unknown field"),
        (
            r#"{"huawei": {"account_assignments": [{"instance_id": "ins-1", "account_id": "a", "permission_set_id": "p", "principal_id": "u", "principal_type": "ROBOT"}]}}"#,
            "huawei.account_assignments[0].principal_type",
            "ROBOT",
        ),
        (
            r#"{"huawei": {"application_assignments": [{"instance_id": "ins/1", "application_urn": "a", "principal_id": "u", "principal_type": "USER"}]}}"#,
            "huawei.application_assignments[0].instance_id",
            "does not match",
        ),
        (
            r#"{"scp": {"credentials": [{"access_key": "k", "secret_key": "1"}, {"access_key": "k", "secret_key": "2"}]}}"#,
            "scp.credentials[1].access_key",
            "twice",
        ),
        (
            r#"{"huawei": {"credentials": ["#,
            "huawei.credentials",
            "EOF",
        ),
        (r#"{} {}"#, ".", "trailing"),
    ];
    for (content, path, what) in cases {
        let file = write_file(content);
        let (source, json_path, message) = invalid(DataSet::from_file(file.path()).unwrap_err());
        assert_eq!(source, file.path().display().to_string());
        assert_eq!(json_path, path, "{content}");
        assert!(message.contains(what), "{content}: {message}");
        // The same from a string names <string>.
        let (source, json_path, _) = invalid(DataSet::from_json_str(content).unwrap_err());
        assert_eq!((source.as_str(), json_path.as_str()), ("<string>", path));
    }
    let missing = std::path::Path::new("/nonexistent/idc-emulator-data.json");
    let err = DataSet::from_file(missing).unwrap_err();
    assert!(matches!(err, DataError::Read { .. }));
    assert!(
        err.to_string()
            .contains("/nonexistent/idc-emulator-data.json")
    );
}

#[test]
fn data_files_round_trip_and_parts_may_be_omitted() {
    let demo = DataSet::demo();
    let file = write_file(&serde_json::to_string_pretty(&demo).unwrap());
    assert_eq!(DataSet::from_file(file.path()).unwrap(), demo);
    let empty = DataSet::from_json_str("{}").unwrap();
    assert!(empty.huawei.account_assignments.is_empty() && empty.scp.credentials.is_empty());
    let only_scp = DataSet::from_json_str(
        r#"{"scp": {"credentials": [{"access_key": "k", "secret_key": "s"}]}}"#,
    )
    .unwrap();
    assert_eq!(only_scp.scp.credentials.len(), 1);
    assert!(only_scp.huawei.credentials.is_empty());
}

#[test]
fn the_demo_data_is_deterministic_and_matches_its_constants() {
    let a = DataSet::demo();
    assert_eq!(a, DataSet::demo());
    a.validate().unwrap();
    let alice = a
        .huawei
        .account_assignments
        .iter()
        .filter(|x| {
            &*x.principal_id == demo::HUAWEI_PRINCIPAL_ID
                && &*x.instance_id == demo::HUAWEI_INSTANCE_ID
        })
        .count();
    assert_eq!(alice, demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS);
    let users: std::collections::HashSet<&str> = a
        .huawei
        .account_assignments
        .iter()
        .map(|x| &*x.principal_id)
        .collect();
    assert!(users.len() >= 5);
    assert!(
        a.huawei
            .account_assignments
            .iter()
            .any(|x| x.principal_type == idc_raw::PrincipalType::Group)
    );
    let accounts: std::collections::HashSet<&str> = a
        .huawei
        .account_assignments
        .iter()
        .map(|x| &*x.account_id)
        .collect();
    assert!(accounts.len() >= 5);
    let objects = a
        .scp
        .account_assignments
        .iter()
        .filter(|x| x.permission_set_ids.len() > 1)
        .count();
    assert!(
        objects >= 3,
        "some assignments grant several permission sets"
    );
    assert!(
        a.scp
            .account_assignments
            .iter()
            .all(|x| x.role_srn.starts_with("srn:"))
    );
    assert_eq!(a.huawei.credentials[0].access_key, demo::HUAWEI_ACCESS_KEY);
    assert_eq!(a.scp.credentials[0].secret_key, demo::SCP_SECRET_KEY);
}

#[test]
fn generate_is_exact_for_a_million() {
    // How long it takes is measured by `cargo bench -p idc-emulator --bench generate`.
    let data = DataSet::generate(1_000_000);
    assert_eq!(data.huawei.account_assignments.len(), 1_000_000);
    assert_eq!(data.huawei.application_assignments.len(), 1_000_000);
    assert_eq!(data.scp.account_assignments.len(), 1_000_000);
    assert!(
        data.huawei
            .account_assignments
            .iter()
            .all(|a| &*a.principal_id == demo::HUAWEI_PRINCIPAL_ID)
    );
    assert!(
        data.scp
            .account_assignments
            .iter()
            .all(|a| &*a.target_account_id == demo::SCP_TARGET_ACCOUNT_ID)
    );
    let pairs: std::collections::HashSet<(&str, &str)> = data
        .huawei
        .account_assignments
        .iter()
        .map(|a| (&*a.account_id, &*a.permission_set_id))
        .collect();
    assert_eq!(pairs.len(), 1_000_000, "account assignments are distinct");
    let urns: std::collections::HashSet<&str> = data
        .huawei
        .application_assignments
        .iter()
        .map(|a| &*a.application_urn)
        .collect();
    assert_eq!(
        urns.len(),
        1_000_000,
        "application assignments are distinct"
    );
    // Generous for an unoptimised build on a loaded machine; a release build takes a fraction.
    data.validate().unwrap();
    assert_eq!(DataSet::generate(7), DataSet::generate(7));
}
