//! The generated clients build and send each seed request exactly, and parse each seed's example
//! response and error body. Checked against a local server on loopback.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use idc_raw::PrincipalType;
use idc_raw::hooks::{Outcome, RequestHook, SignRequest, SignRequestError};

#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    path: String,
    query: BTreeMap<String, String>,
    headers: HeaderMap,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    fn all(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }
}

/// Serves `body` with `status` (and `content_type`) for every request, recording what arrives.
async fn serve(status: u16, content_type: &'static str, body: &'static str) -> (String, Recorder) {
    // The generated `Client::new` builds a reqwest client, which needs a TLS crypto provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let recorder = Recorder::default();
    let rec = recorder.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap| {
        let rec = rec.clone();
        async move {
            let query = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
            rec.0.lock().unwrap().push(Seen {
                method,
                path: uri.path().to_owned(),
                query,
                headers,
            });
            (
                StatusCode::from_u16(status).unwrap(),
                [
                    ("content-type", content_type),
                    ("x-request-id", "rid-from-header"),
                ],
                body,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), recorder)
}

/// A signer that records the headers it was handed and adds one of its own.
#[derive(Debug, Default)]
struct RecordingSigner {
    seen: Mutex<Vec<HeaderMap>>,
}

impl SignRequest for RecordingSigner {
    fn sign(&self, request: &mut reqwest::Request) -> Result<(), SignRequestError> {
        self.seen.lock().unwrap().push(request.headers().clone());
        request
            .headers_mut()
            .insert("authorization", "test-signature".parse()?);
        Ok(())
    }
}

fn pairs(items: &[(&str, &str)]) -> BTreeMap<String, String> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

const HUAWEI_ACCOUNTS_EXAMPLE: &str = r#"{
  "account_assignments" : [ {
    "account_id" : "8c1eef3a241945f69c3d3a6b0252e783",
    "permission_set_id" : "ps-389b8cf93d6aa3ad",
    "principal_id" : "4b969bc6-e8ed-47ce-b62b-936319e2bcb1",
    "principal_type" : "USER"
  }, {
    "account_id" : "8c1eef3a241945f69c3d3a6b0252e783",
    "permission_set_id" : "ps-e0edd386c8e95a4c",
    "principal_id" : "4b969bc6-e8ed-47ce-b62b-936319e2bcb1",
    "principal_type" : "USER"
  } ],
  "page_info" : {
    "next_marker" : null,
    "current_count" : 2
  }
}"#;

const HUAWEI_APPLICATIONS_EXAMPLE: &str = r#"{
  "application_assignments" : [ {
    "application_urn" : "IdentityCenter::8c1eef3a241945f69c3d3a6b0xxxxx:application:ins-36218e5b4cxxxx/apl-83142f08178ce359",
    "principal_id" : "4b969bc6-e8ed-47ce-b62b-936319e2bcb1",
    "principal_type" : "USER"
  }, {
    "application_urn" : "IdentityCenter::8c1eef3a241945f69c3d3a6b02xxx:application:ins-36218e5b4c2cxxx/apl-83142f08178ce349",
    "principal_id" : "4b969bc6-e8ed-47ce-b62b-936319e2bcb1",
    "principal_type" : "USER"
  } ],
  "page_info" : {
    "next_marker" : null,
    "current_count" : 2
  }
}"#;

const SCP_EXAMPLE: &str = r#"{
    "account_assignments": [
        {
            "instance_id": "ssoins-12345",
            "permission_sets": [],
            "principal_id": "138c2fc8c29a449dbfa8681f8f1d78e2",
            "principal_name": "GROUP0407",
            "principal_type": "USER",
            "role_srn": "Permissions for administrators",
            "target_account_email": "target_account@example.com",
            "target_account_id": "3265ab469f0d406d83073da3e11e7a6c",
            "target_account_name": "Admin Account"
        }
    ],
    "count": 20,
    "page": 0,
    "size": 20,
    "sort": [
        "created_at:asc"
    ]
}"#;

const JSON: &str = "application/json";

#[tokio::test]
async fn huawei_account_assignments_request_is_built_and_signed_as_specified() {
    let (base, recorder) = serve(200, JSON, HUAWEI_ACCOUNTS_EXAMPLE).await;
    let signer = Arc::new(RecordingSigner::default());
    let client = idc_raw::huawei::Client::new(&base, RequestHook::signed(signer.clone()));

    let page = client
        .list_account_assignments_for_principal()
        .instance_id("ins-36218e5b4c2c4c4d")
        .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
        .principal_type(PrincipalType::User)
        .limit(50u32)
        .marker("0123456789abcdef01234567")
        .account_id("8c1eef3a241945f69c3d3a6b0252e783")
        .x_security_token("session-token")
        .send()
        .await
        .unwrap()
        .into_inner();

    let seen = recorder.all();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!(req.method, Method::GET);
    assert_eq!(
        req.path,
        "/v1/instances/ins-36218e5b4c2c4c4d/account-assignments-for-principals"
    );
    assert_eq!(
        req.query,
        pairs(&[
            ("account_id", "8c1eef3a241945f69c3d3a6b0252e783"),
            ("limit", "50"),
            ("marker", "0123456789abcdef01234567"),
            ("principal_id", "4b969bc6-e8ed-47ce-b62b-936319e2bcb1"),
            ("principal_type", "USER"),
        ])
    );
    assert_eq!(req.headers["x-security-token"], "session-token");
    assert_eq!(req.headers["authorization"], "test-signature");
    assert!(
        req.headers.get("api-version").is_none(),
        "progenitor's api-version header is stripped"
    );

    // The signer ran once, last: it saw the final headers without api-version.
    let signed = signer.seen.lock().unwrap();
    assert_eq!(signed.len(), 1);
    assert_eq!(signed[0]["x-security-token"], "session-token");
    assert!(signed[0].get("api-version").is_none());

    assert_eq!(page.account_assignments.len(), 2);
    let first = &page.account_assignments[0];
    assert_eq!(first.account_id, "8c1eef3a241945f69c3d3a6b0252e783");
    assert_eq!(first.permission_set_id, "ps-389b8cf93d6aa3ad");
    assert_eq!(first.principal_id, "4b969bc6-e8ed-47ce-b62b-936319e2bcb1");
    assert_eq!(first.principal_type, PrincipalType::User);
    assert_eq!(
        page.account_assignments[1].permission_set_id,
        "ps-e0edd386c8e95a4c"
    );
    assert_eq!(page.page_info.next_marker, None);
    assert_eq!(page.page_info.current_count, Some(2));
}

#[tokio::test]
async fn huawei_application_assignments_request_is_built_as_specified() {
    let (base, recorder) = serve(200, JSON, HUAWEI_APPLICATIONS_EXAMPLE).await;
    let client = idc_raw::huawei::Client::new(&base, RequestHook::unsigned());

    let page = client
        .list_application_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("group-7")
        .principal_type(PrincipalType::Group)
        .limit(1u32)
        .send()
        .await
        .unwrap()
        .into_inner();

    let req = &recorder.all()[0];
    assert_eq!(req.method, Method::GET);
    assert_eq!(
        req.path,
        "/v1/instances/ins-1/application-assignments-for-principals"
    );
    assert_eq!(
        req.query,
        pairs(&[
            ("limit", "1"),
            ("principal_id", "group-7"),
            ("principal_type", "GROUP")
        ])
    );
    assert!(req.headers.get("x-security-token").is_none());
    assert!(req.headers.get("api-version").is_none());

    assert_eq!(page.application_assignments.len(), 2);
    assert!(
        page.application_assignments[0]
            .application_urn
            .ends_with("apl-83142f08178ce359")
    );
    assert_eq!(
        page.application_assignments[1].principal_type,
        PrincipalType::User
    );
    assert_eq!(page.page_info.current_count, Some(2));
}

#[tokio::test]
async fn scp_account_assignments_request_carries_every_parameter_and_the_version() {
    let (base, recorder) = serve(200, JSON, SCP_EXAMPLE).await;
    let client = idc_raw::scp::Client::new(&base, RequestHook::unsigned());

    let page = client
        .list_account_assignments()
        .instance_id("ssoins-12345")
        .target_account_id("3265ab469f0d406d83073da3e11e7a6c")
        .target_account_name("Admin Account")
        .target_account_email("target_account@example.com")
        .permission_set_id("e8d4b9f2c1a7e5d3f0b6c9a2d8e4f7b1")
        .principal_name("GROUP0407")
        .role_srn("srn:role:kr-j:1234:role/admin@example.com")
        .sort("created_at:desc")
        .page(2)
        .size(20u32)
        .scp_api_version("iam-identity-center 1.2")
        .send()
        .await
        .unwrap()
        .into_inner();

    let req = &recorder.all()[0];
    assert_eq!(req.method, Method::GET);
    assert_eq!(req.path, "/v1/account-assignments");
    assert_eq!(
        req.query,
        pairs(&[
            ("instance_id", "ssoins-12345"),
            ("page", "2"),
            ("permission_set_id", "e8d4b9f2c1a7e5d3f0b6c9a2d8e4f7b1"),
            ("principal_name", "GROUP0407"),
            ("role_srn", "srn:role:kr-j:1234:role/admin@example.com"),
            ("size", "20"),
            ("sort", "created_at:desc"),
            ("target_account_email", "target_account@example.com"),
            ("target_account_id", "3265ab469f0d406d83073da3e11e7a6c"),
            ("target_account_name", "Admin Account"),
        ])
    );
    assert_eq!(req.headers["scp-api-version"], "iam-identity-center 1.2");
    assert!(req.headers.get("api-version").is_none());

    assert_eq!(page.account_assignments.len(), 1);
    let item = &page.account_assignments[0];
    assert_eq!(item.instance_id, "ssoins-12345");
    assert!(item.permission_sets.is_empty());
    assert_eq!(item.principal_name, "GROUP0407");
    assert_eq!(item.principal_type, PrincipalType::User);
    assert_eq!(item.role_srn, "Permissions for administrators");
    assert_eq!(item.target_account_name, "Admin Account");
    assert_eq!(page.count, Some(20));
    assert_eq!(page.page, Some(0));
    assert_eq!(page.size, Some(20));
    assert_eq!(page.sort, Some(vec!["created_at:asc".to_owned()]));
}

#[tokio::test]
async fn scp_minimal_request_sends_only_the_required_parameters() {
    let (base, recorder) = serve(200, JSON, SCP_EXAMPLE).await;
    let client = idc_raw::scp::Client::new(&base, RequestHook::unsigned());
    client
        .list_account_assignments()
        .instance_id("ssoins-12345")
        .target_account_id("acct")
        .send()
        .await
        .unwrap();
    let req = &recorder.all()[0];
    assert_eq!(
        req.query,
        pairs(&[
            ("instance_id", "ssoins-12345"),
            ("target_account_id", "acct")
        ])
    );
    assert!(req.headers.get("scp-api-version").is_none());
}

#[tokio::test]
async fn huawei_error_bodies_parse_and_the_raw_body_is_kept() {
    const BAD_REQUEST: &str =
        r#"{"error_code":"IIC.1000","error_msg":"Invalid parameter.","request_id":"r-400"}"#;
    let (base, _) = serve(400, JSON, BAD_REQUEST).await;
    let (hook, outcome) = RequestHook::unsigned().reporting();
    let client = idc_raw::huawei::Client::new(&base, hook);
    let err = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::User)
        .send()
        .await
        .unwrap_err();
    let idc_raw::huawei::Error::ErrorResponse(body) = err else {
        panic!("expected a documented error, got {err:?}")
    };
    assert_eq!(body.status(), 400);
    assert_eq!(body.error_code.as_deref(), Some("IIC.1000"));
    assert_eq!(body.error_msg.as_deref(), Some("Invalid parameter."));
    assert_eq!(body.request_id.as_deref(), Some("r-400"));
    let Outcome::ErrorResponse(captured) = outcome.take() else {
        panic!("the error response is the outcome")
    };
    assert_eq!(captured.status, 400);
    assert_eq!(&captured.body[..], BAD_REQUEST.as_bytes());
    assert_eq!(captured.headers["x-request-id"], "rid-from-header");

    const FORBIDDEN: &str = r#"{"error_code":"IIC.1100","error_msg":"Forbidden.","request_id":"r-403","encoded_authorization_message":"enc"}"#;
    let (base, _) = serve(403, JSON, FORBIDDEN).await;
    let client = idc_raw::huawei::Client::new(&base, RequestHook::unsigned());
    let err = client
        .list_application_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::Group)
        .send()
        .await
        .unwrap_err();
    let idc_raw::huawei::Error::ErrorResponse(body) = err else {
        panic!("expected a documented error, got {err:?}")
    };
    assert_eq!(body.status(), 403);
    assert_eq!(body.encoded_authorization_message.as_deref(), Some("enc"));
}

#[tokio::test]
async fn scp_error_bodies_of_every_known_shape_parse() {
    const SERVICE: &str = r#"{"errors":[{"code":"ValidationError","detail":["Field required"],"global_request_id":"req-g","request_id":"req-1","status":400,"title":"ValidationError"}]}"#;
    let (base, _) = serve(400, JSON, SERVICE).await;
    let client = idc_raw::scp::Client::new(&base, RequestHook::unsigned());
    let err = client
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .send()
        .await
        .unwrap_err();
    let idc_raw::scp::Error::ErrorResponse(body) = err else {
        panic!("expected a documented error, got {err:?}")
    };
    let errors = body.errors.clone().unwrap();
    assert_eq!(errors[0].code.as_deref(), Some("ValidationError"));
    assert_eq!(
        errors[0].detail,
        Some(serde_json::json!(["Field required"]))
    );
    assert_eq!(errors[0].request_id.as_deref(), Some("req-1"));
    assert_eq!(errors[0].status, Some(400));

    const GATEWAY: &str = r#"{"status":"UNAUTHORIZED","name":"Request was rejected by gateway","message":"invalid signature"}"#;
    let (base, _) = serve(401, JSON, GATEWAY).await;
    let client = idc_raw::scp::Client::new(&base, RequestHook::unsigned());
    let err = client
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .send()
        .await
        .unwrap_err();
    let idc_raw::scp::Error::ErrorResponse(body) = err else {
        panic!("expected a documented error, got {err:?}")
    };
    assert_eq!(body.status(), 401);
    assert_eq!(body.status, Some(serde_json::json!("UNAUTHORIZED")));
    assert_eq!(body.message.as_deref(), Some("invalid signature"));

    const SPRING: &str = r#"{"timestamp":"2026-01-01T00:00:00Z","path":"/v1/x","status":404,"error":"Not Found","requestId":"abc"}"#;
    let (base, _) = serve(404, JSON, SPRING).await;
    let client = idc_raw::scp::Client::new(&base, RequestHook::unsigned());
    let err = client
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .send()
        .await
        .unwrap_err();
    let idc_raw::scp::Error::ErrorResponse(body) = err else {
        panic!("expected a documented error, got {err:?}")
    };
    assert_eq!(body.request_id.as_deref(), Some("abc"));
    assert_eq!(body.status, Some(serde_json::json!(404)));
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw_with_its_status() {
    const HTML: &str = "<html><body>Bad Gateway</body></html>";
    let (base, _) = serve(403, "text/html", HTML).await;
    let (hook, outcome) = RequestHook::unsigned().reporting();
    let client = idc_raw::scp::Client::new(&base, hook);
    let err = client
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, idc_raw::scp::Error::InvalidResponsePayload(..)),
        "{err:?}"
    );
    let Outcome::ErrorResponse(captured) = outcome.take() else {
        panic!("the error response is the outcome")
    };
    assert_eq!(captured.status, 403);
    assert_eq!(&captured.body[..], HTML.as_bytes());
}

#[tokio::test]
async fn an_unknown_principal_type_is_kept_instead_of_failing_the_page() {
    const BODY: &str = r#"{"account_assignments":[
        {"account_id":"a","permission_set_id":"ps","principal_id":"p","principal_type":"SERVICE_ACCOUNT"},
        {"account_id":"b","permission_set_id":"ps","principal_id":"p","principal_type":"GROUP"}],
        "page_info":{"current_count":2}}"#;
    let (base, _) = serve(200, JSON, BODY).await;
    let client = idc_raw::huawei::Client::new(&base, RequestHook::unsigned());
    let page = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p")
        .principal_type(PrincipalType::User)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        page.account_assignments[0].principal_type,
        PrincipalType::Unknown("SERVICE_ACCOUNT".to_owned())
    );
    assert_eq!(
        page.account_assignments[1].principal_type,
        PrincipalType::Group
    );
    assert_eq!(
        page.page_info.next_marker, None,
        "absent marker reads as none"
    );

    const SCP_BODY: &str = r#"{"account_assignments":[{"instance_id":"i","principal_id":"p","principal_name":"n","principal_type":"ROBOT","role_srn":"r","target_account_email":"e","target_account_id":"a","target_account_name":"t","permission_sets":[{"permission_set_id":"ps-1","x":1}],"future_field":true}],"count":1}"#;
    let (base, _) = serve(200, JSON, SCP_BODY).await;
    let client = idc_raw::scp::Client::new(&base, RequestHook::unsigned());
    let page = client
        .list_account_assignments()
        .instance_id("i")
        .target_account_id("a")
        .send()
        .await
        .unwrap()
        .into_inner();
    let item = &page.account_assignments[0];
    assert_eq!(item.principal_type, PrincipalType::Unknown("ROBOT".into()));
    // Permission sets are typed, and what the client does not know is kept, not dropped.
    let set = &item.permission_sets[0];
    assert_eq!(set.permission_set_id.as_deref(), Some("ps-1"));
    assert_eq!(set.extra.get("x"), Some(&serde_json::json!(1)));
}

#[tokio::test]
async fn invalid_parameters_are_refused_before_anything_is_sent() {
    let (base, recorder) = serve(200, JSON, HUAWEI_ACCOUNTS_EXAMPLE).await;
    let client = idc_raw::huawei::Client::new(&base, RequestHook::unsigned());

    let bad_id = client
        .list_account_assignments_for_principal()
        .instance_id("not a valid id!")
        .principal_id("p")
        .principal_type(PrincipalType::User)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(bad_id, idc_raw::huawei::Error::InvalidRequest(_)),
        "{bad_id:?}"
    );

    let bad_marker = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p")
        .principal_type(PrincipalType::User)
        .marker("not-hex")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        bad_marker,
        idc_raw::huawei::Error::InvalidRequest(_)
    ));

    let zero_limit = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p")
        .principal_type(PrincipalType::User)
        .limit(0u32)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(
        zero_limit,
        idc_raw::huawei::Error::InvalidRequest(_)
    ));

    assert!(recorder.all().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn a_failing_signer_stops_the_request() {
    #[derive(Debug)]
    struct Failing;
    impl SignRequest for Failing {
        fn sign(&self, _: &mut reqwest::Request) -> Result<(), SignRequestError> {
            Err("no credentials".into())
        }
    }
    let (base, recorder) = serve(200, JSON, HUAWEI_ACCOUNTS_EXAMPLE).await;
    let (hook, outcome) = RequestHook::signed(Arc::new(Failing)).reporting();
    let client = idc_raw::huawei::Client::new(&base, hook);
    let err = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p")
        .principal_type(PrincipalType::User)
        .send()
        .await
        .unwrap_err();
    let idc_raw::huawei::Error::Custom(message) = err else {
        panic!("expected the hook's error, got {err:?}")
    };
    assert_eq!(message, "signing failed: no credentials");
    let Outcome::SigningFailed(why) = outcome.take() else {
        panic!("the signing failure is the outcome")
    };
    assert_eq!(why, "no credentials");
    assert!(recorder.all().is_empty());
}

#[tokio::test]
async fn the_hook_reads_no_more_than_its_cap() {
    use idc_raw::hooks::{MAX_ERROR_BODY_BYTES, OversizedResponse};
    const PAGE: &str = r#"{"account_assignments":[],"page_info":{"current_count":0}}"#;
    let (base, _) = serve(200, JSON, PAGE).await;
    let send = |hook: RequestHook| {
        let client = idc_raw::huawei::Client::new(&base, hook);
        async move {
            client
                .list_account_assignments_for_principal()
                .instance_id("ins-1")
                .principal_id("p-1")
                .principal_type(PrincipalType::User)
                .send()
                .await
        }
    };
    // Exactly at the cap: read and parsed.
    let (hook, outcome) = RequestHook::unsigned()
        .with_max_response_bytes(PAGE.len())
        .reporting();
    assert!(send(hook).await.is_ok());
    assert!(matches!(outcome.take(), Outcome::Success));
    // One byte over: refused from its Content-Length, and the call fails reading the body, with
    // the same refusal the outcome gives.
    let (hook, outcome) = RequestHook::unsigned()
        .with_max_response_bytes(PAGE.len() - 1)
        .reporting();
    let refused = OversizedResponse {
        status: reqwest::StatusCode::OK,
        limit: PAGE.len() - 1,
        declared_length: Some(PAGE.len() as u64),
    };
    let err = send(hook).await.unwrap_err();
    let idc_raw::huawei::Error::ResponseBodyError(e) = &err else {
        panic!("expected the body to fail, got {err:?}")
    };
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if c.downcast_ref::<OversizedResponse>() == Some(&refused) {
            break;
        }
        cause = c.source();
    }
    assert!(cause.is_some(), "{err:?}");
    let Outcome::TooLarge(oversized) = outcome.take() else {
        panic!("the refusal is the outcome")
    };
    assert_eq!(oversized, refused);

    // An error body longer than the excerpt is cut, and says so.
    let big: &'static str = Box::leak("e".repeat(MAX_ERROR_BODY_BYTES + 10).into_boxed_str());
    let (base, _) = serve(500, "text/plain", big).await;
    let (hook, outcome) = RequestHook::unsigned().reporting();
    let client = idc_raw::huawei::Client::new(&base, hook);
    let _ = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::User)
        .send()
        .await
        .unwrap_err();
    let Outcome::ErrorResponse(captured) = outcome.take() else {
        panic!("the error response is the outcome")
    };
    assert!(captured.truncated);
    assert_eq!(captured.body.len(), MAX_ERROR_BODY_BYTES);
    // A short one is kept whole.
    let (base, _) = serve(503, "text/plain", "short").await;
    let (hook, outcome) = RequestHook::unsigned().reporting();
    let client = idc_raw::huawei::Client::new(&base, hook);
    let _ = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::User)
        .send()
        .await;
    let Outcome::ErrorResponse(captured) = outcome.take() else {
        panic!("the error response is the outcome")
    };
    assert!(!captured.truncated);
    assert_eq!(&captured.body[..], b"short");
}
