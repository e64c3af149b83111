//! SCP: authentication, versions, pagination, filters, sort and validation, from the client side.

mod common;
#[path = "scp/versions.rs"]
mod versions;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use common::*;
use idc_emulator::{DataSet, demo};
use serde_json::Value;

async fn assert_gateway_401(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 401);
    let body = json(response).await;
    assert_eq!(body["status"], "UNAUTHORIZED", "{body}");
    assert_eq!(body["name"], "Request was rejected by gateway");
    body["message"].as_str().unwrap().to_owned()
}

async fn assert_400(response: reqwest::Response, code: &str) -> String {
    assert_eq!(response.status(), 400);
    let body = json(response).await;
    let error = &body["errors"][0];
    assert_eq!(error["code"], code, "{body}");
    assert_eq!(error["status"], 400);
    assert!(error["request_id"].as_str().unwrap().starts_with("req-"));
    assert_eq!(error["request_id"], error["global_request_id"]);
    assert!(error["title"].is_string());
    error["detail"].to_string()
}

#[tokio::test]
async fn a_request_signed_by_the_reference_signer_is_accepted() {
    let (emulator, _clock) = start().await;
    let response = scp_demo(emulator.base_url(), &scp_query("")).send().await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["scp-api-version"],
        "iam-identity-center 1.4"
    );
    assert!(response.headers().contains_key("x-request-id"));
    let body = json(response).await;
    assert_eq!(body["count"], demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS);
    assert_eq!(body["page"], 0);
    assert_eq!(body["size"], 20);
    assert_eq!(body["sort"], serde_json::json!(["created_at:asc"]));
    let items = body["account_assignments"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    let first = items[0].as_object().unwrap();
    for field in [
        "instance_id",
        "permission_sets",
        "principal_id",
        "principal_name",
        "principal_type",
        "role_srn",
        "target_account_email",
        "target_account_id",
        "target_account_name",
    ] {
        assert!(first.contains_key(field), "{field} missing from {first:?}");
    }
    assert_eq!(first.len(), 9, "internal fields leak: {first:?}");
    assert_eq!(first["target_account_id"], demo::SCP_TARGET_ACCOUNT_ID);
}

#[tokio::test]
async fn a_one_byte_change_is_rejected() {
    let (emulator, _clock) = start().await;
    let request = scp_demo(emulator.base_url(), &scp_query("size=5"));
    assert_eq!(request.send().await.status(), 200);

    let mut query = request.clone();
    query.url = query.url.replace("size=5", "size=6");
    assert_gateway_401(query.send().await).await;

    let mut path = request.clone();
    path.url = path
        .url
        .replace("/v1/account-assignments", "/v1/account-assignmentz");
    // An unknown path is a 404 before any signature check, as the gateway routes first.
    assert_eq!(path.send().await.status(), 404);

    let mut encoded = request.clone();
    // The same query with a byte encoded differently: the URL signed is the URL sent.
    encoded.url = encoded.url.replace("ssoins-12345", "ssoins%2D12345");
    assert_gateway_401(encoded.send().await).await;

    let mut timestamp = request.clone();
    let ts: u64 = timestamp
        .headers
        .iter()
        .find(|(k, _)| k == "Scp-Timestamp")
        .unwrap()
        .1
        .parse()
        .unwrap();
    timestamp.set("Scp-Timestamp", &(ts + 1).to_string());
    assert_gateway_401(timestamp.send().await).await;

    let mut account = request.clone();
    account.set("Scp-AccountId", "1234");
    assert_gateway_401(account.send().await).await;

    let mut signature = request.clone();
    signature.set("Scp-Signature", &scp_signature("x", "y"));
    assert_gateway_401(signature.send().await).await;

    // Unsigned headers may change: the version, the language.
    let mut version = request.clone();
    version.set("Scp-Api-Version", "iam-identity-center 1.3");
    version.set("Accept-Language", "ko-KR");
    assert_eq!(version.send().await.status(), 200);
}

#[tokio::test]
async fn the_account_id_header_is_signed_when_sent() {
    let (emulator, _clock) = start().await;
    let url = format!(
        "{}/v1/account-assignments?{}",
        emulator.base_url(),
        scp_query("")
    );
    let millis = now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
        .to_string();
    let message = format!("GET{url}{millis}{}4321Openapi", demo::SCP_ACCESS_KEY);
    let mut request = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now(),
        None,
    );
    request.set(
        "Scp-Signature",
        &scp_signature(demo::SCP_SECRET_KEY, &message),
    );
    request.set("Scp-AccountId", "4321");
    assert_eq!(request.send().await.status(), 200);
}

#[tokio::test]
async fn wrong_credentials_skew_and_missing_headers_are_rejected() {
    let (emulator, clock) = start().await;
    let url = format!(
        "{}/v1/account-assignments?{}",
        emulator.base_url(),
        scp_query("")
    );

    let wrong_secret = scp_sign(&url, demo::SCP_ACCESS_KEY, "wrong", now(), None);
    assert_gateway_401(wrong_secret.send().await).await;
    let unknown = scp_sign(&url, "UNKNOWNKEY", demo::SCP_SECRET_KEY, now(), None);
    assert!(
        assert_gateway_401(unknown.send().await)
            .await
            .contains("does not exist")
    );
    let late = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now() - Duration::from_secs(16 * 60),
        None,
    );
    assert!(
        assert_gateway_401(late.send().await)
            .await
            .contains("Scp-Timestamp")
    );
    let early = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now() + Duration::from_secs(16 * 60),
        None,
    );
    assert_gateway_401(early.send().await).await;
    let near = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now() + Duration::from_secs(14 * 60),
        None,
    );
    assert_eq!(near.send().await.status(), 200);

    let request = scp_sign(
        &url,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now(),
        None,
    );
    for header in [
        "Scp-Accesskey",
        "Scp-Timestamp",
        "Scp-Signature",
        "Scp-ClientType",
    ] {
        let mut missing = request.clone();
        missing.remove(header);
        assert!(
            assert_gateway_401(missing.send().await)
                .await
                .contains(header),
            "{header}"
        );
    }
    let mut client_type = request.clone();
    client_type.set("Scp-ClientType", "OpenApi");
    assert_gateway_401(client_type.send().await).await;
    let mut bad_ts = request.clone();
    bad_ts.set("Scp-Timestamp", "yesterday");
    assert_gateway_401(bad_ts.send().await).await;

    clock.advance(Duration::from_secs(16 * 60));
    assert_gateway_401(request.send().await).await;
}

async fn collect(base: &str, query: &str, size: Option<usize>) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut page = 0;
    loop {
        let mut q = scp_query(query);
        if let Some(size) = size {
            q.push_str(&format!("&size={size}"));
        }
        q.push_str(&format!("&page={page}"));
        let body = json(scp_demo(base, &q).send().await).await;
        let got = body["account_assignments"].as_array().unwrap().clone();
        assert_eq!(body["page"], page);
        assert_eq!(body["size"], size.unwrap_or(20));
        let count = body["count"].as_u64().unwrap() as usize;
        items.extend(got.iter().cloned());
        page += 1;
        assert!(page < 1000);
        if got.len() < size.unwrap_or(20) {
            assert_eq!(items.len(), count);
            return (items, page);
        }
    }
}

#[tokio::test]
async fn pages_give_every_item_exactly_once() {
    let (emulator, _clock) = start().await;
    let data = DataSet::demo();
    let expected: Vec<String> = data
        .scp
        .account_assignments
        .iter()
        .filter(|a| &*a.target_account_id == demo::SCP_TARGET_ACCOUNT_ID)
        .map(|a| data.scp.principal_name(a).unwrap().to_owned())
        .collect();
    assert_eq!(expected.len(), 45);
    for size in [
        None,
        Some(1),
        Some(7),
        Some(44),
        Some(45),
        Some(46),
        Some(100),
    ] {
        let (items, pages) = collect(emulator.base_url(), "", size).await;
        let names: Vec<String> = items
            .iter()
            .map(|i| i["principal_name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, expected, "size {size:?}");
        let s = size.unwrap_or(20);
        assert_eq!(pages, 45 / s + 1, "size {size:?}");
    }
    // A page past the end is empty, with the total count.
    let body = json(
        scp_demo(emulator.base_url(), &scp_query("page=99"))
            .send()
            .await,
    )
    .await;
    assert_eq!(body["account_assignments"].as_array().unwrap().len(), 0);
    assert_eq!(body["count"], 45);
}

#[tokio::test]
async fn filters_match_exactly() {
    let (emulator, _clock) = start().await;
    let data = DataSet::demo();
    let on_target: Vec<_> = data
        .scp
        .account_assignments
        .iter()
        .filter(|a| &*a.target_account_id == demo::SCP_TARGET_ACCOUNT_ID)
        .collect();
    let base = emulator.base_url();
    let names = |body: &Value| -> Vec<String> {
        body["account_assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["principal_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let encode = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();

    let body = json(
        scp_demo(
            base,
            &scp_query(&format!("principal_name={}", demo::SCP_PRINCIPAL_NAME)),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(names(&body), [demo::SCP_PRINCIPAL_NAME]);
    assert_eq!(body["count"], 1);
    assert_eq!(body["account_assignments"][0]["principal_type"], "GROUP");

    let body = json(
        scp_demo(base, &scp_query("principal_name=GROUP04"))
            .send()
            .await,
    )
    .await;
    assert_eq!(body["count"], 0, "prefixes do not match");

    let role = &*on_target[1].role_srn;
    let expected: Vec<String> = on_target
        .iter()
        .filter(|a| &*a.role_srn == role)
        .map(|a| data.scp.principal_name(a).unwrap().to_owned())
        .collect();
    assert!(expected.len() > 1 && expected.len() < 45);
    let body = json(
        scp_demo(
            base,
            &scp_query(&format!("role_srn={}&size=100", encode(role))),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(names(&body), expected);

    let set = &*on_target[2].permission_set_ids[0];
    let expected: Vec<String> = on_target
        .iter()
        .filter(|a| a.permission_set_ids.iter().any(|p| &**p == set))
        .map(|a| data.scp.principal_name(a).unwrap().to_owned())
        .collect();
    let body = json(
        scp_demo(
            base,
            &scp_query(&format!("permission_set_id={set}&size=100")),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(names(&body), expected);

    for (filter, value, count) in [
        ("target_account_name", demo::SCP_TARGET_ACCOUNT_NAME, 45),
        ("target_account_name", "Dev Account", 0),
        ("target_account_email", demo::SCP_TARGET_ACCOUNT_EMAIL, 45),
        ("target_account_email", "TARGET_ACCOUNT@example.com", 0),
    ] {
        let body = json(
            scp_demo(base, &scp_query(&format!("{filter}={}", encode(value))))
                .send()
                .await,
        )
        .await;
        assert_eq!(body["count"], count, "{filter}={value}");
    }
    // Filters combine.
    let body = json(
        scp_demo(
            base,
            &scp_query(&format!(
                "principal_name={}&role_srn={}",
                demo::SCP_PRINCIPAL_NAME,
                encode("srn:none")
            )),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(body["count"], 0);
    // Empty optional values are no filter (the parameters are nullable).
    let body = json(
        scp_demo(base, &scp_query("principal_name=&role_srn="))
            .send()
            .await,
    )
    .await;
    assert_eq!(body["count"], 45);

    // The other account and an unknown one.
    let other = format!(
        "instance_id={}&target_account_id={}",
        demo::SCP_INSTANCE_ID,
        demo::SCP_OTHER_ACCOUNT_ID
    );
    let body = json(scp_demo(base, &other).send().await).await;
    assert_eq!(body["count"], demo::SCP_OTHER_ACCOUNT_ASSIGNMENTS);
    // Unknown ids are 404 in SCP's error shape, not empty lists.
    for (query, named) in [
        (
            format!(
                "instance_id=ssoins-1&target_account_id={}",
                demo::SCP_TARGET_ACCOUNT_ID
            ),
            "ssoins-1",
        ),
        (
            format!("instance_id={}&target_account_id=x", demo::SCP_INSTANCE_ID),
            "\\\"x\\\"",
        ),
    ] {
        let response = scp_demo(base, &query).send().await;
        assert_eq!(response.status(), 404, "{query}");
        let body = json(response).await;
        assert_eq!(body["errors"][0]["code"], "NotFound", "{body}");
        assert_eq!(body["errors"][0]["status"], 404);
        assert!(
            body["errors"][0]["detail"].to_string().contains(named),
            "{body}"
        );
    }
}

#[tokio::test]
async fn permission_set_filter_matches_any_of_an_assignments_sets() {
    let (emulator, _clock) = start().await;
    let data = DataSet::demo();
    let audit = data
        .scp
        .permission_sets
        .iter()
        .find(|p| &*p.name == "SecurityAudit")
        .unwrap();
    // SecurityAudit is only ever a second permission set of an assignment.
    let expected: Vec<&str> = data
        .scp
        .account_assignments
        .iter()
        .filter(|a| &*a.target_account_id == demo::SCP_TARGET_ACCOUNT_ID)
        .filter(|a| a.permission_set_ids.contains(&audit.id))
        .map(|a| &*a.principal_id)
        .collect();
    assert!(expected.len() > 1);
    let body = json(
        scp_demo(
            emulator.base_url(),
            &scp_query(&format!("permission_set_id={}&size=100", audit.id)),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(body["count"], expected.len());
    let items = body["account_assignments"].as_array().unwrap();
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i["principal_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, expected);
    for item in items {
        let names: Vec<&str> = item["permission_sets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["permission_set_name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{item}");
        assert_eq!(names[1], "SecurityAudit");
    }
}

#[tokio::test]
async fn sort_orders_ascending_and_descending() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let field_values = |body: &Value, field: &str| -> Vec<String> {
        body["account_assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i[field].as_str().unwrap().to_owned())
            .collect()
    };
    for field in ["principal_name", "principal_id", "role_srn"] {
        let asc = json(
            scp_demo(base, &scp_query(&format!("sort={field}:asc&size=100")))
                .send()
                .await,
        )
        .await;
        let values = field_values(&asc, field);
        let mut sorted = values.clone();
        sorted.sort();
        assert_eq!(values, sorted);
        assert_eq!(values.len(), 45);
        assert_eq!(asc["sort"], serde_json::json!([format!("{field}:asc")]));
        let desc = json(
            scp_demo(base, &scp_query(&format!("sort={field}:desc&size=100")))
                .send()
                .await,
        )
        .await;
        let mut values = field_values(&desc, field);
        assert_ne!(values, sorted, "{field}: desc differs");
        values.reverse();
        let mut expected = sorted.clone();
        expected.dedup();
        let mut got = values.clone();
        got.dedup();
        assert_eq!(got, expected);
    }
    // Sorting applies before paging: page 1 of a descending sort continues page 0.
    let p0 = json(
        scp_demo(base, &scp_query("sort=principal_name:desc&size=10&page=0"))
            .send()
            .await,
    )
    .await;
    let p1 = json(
        scp_demo(base, &scp_query("sort=principal_name:desc&size=10&page=1"))
            .send()
            .await,
    )
    .await;
    let (a, b) = (
        field_values(&p0, "principal_name"),
        field_values(&p1, "principal_name"),
    );
    assert!(a.last().unwrap() >= b.first().unwrap());
    let all: HashSet<String> = a.iter().chain(&b).cloned().collect();
    assert_eq!(all.len(), 20);
    // created_at:desc is the data order reversed; two keys.
    let desc = json(
        scp_demo(base, &scp_query("sort=created_at:desc&size=100"))
            .send()
            .await,
    )
    .await;
    let asc = json(scp_demo(base, &scp_query("size=100")).send().await).await;
    let mut reversed = field_values(&asc, "principal_name");
    reversed.reverse();
    assert_eq!(field_values(&desc, "principal_name"), reversed);
    let two = json(
        scp_demo(
            base,
            &scp_query("sort=principal_type:asc&sort=principal_name:desc&size=100"),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(
        two["sort"],
        serde_json::json!(["principal_type:asc", "principal_name:desc"])
    );
    let types = field_values(&two, "principal_type");
    assert_eq!(types.first().unwrap(), "GROUP");
    assert_eq!(types.last().unwrap(), "USER");
}

#[tokio::test]
async fn invalid_parameters_are_400() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let cases = [
        (
            format!("target_account_id={}", demo::SCP_TARGET_ACCOUNT_ID),
            "instance_id",
        ),
        (
            format!("instance_id={}", demo::SCP_INSTANCE_ID),
            "target_account_id",
        ),
        (String::new(), "instance_id"),
        (scp_query("size=0"), "size"),
        (scp_query("size=101"), "size"),
        (scp_query("size=x"), "size"),
        (scp_query("page=-1"), "page"),
        (scp_query("page=1.5"), "page"),
        (scp_query("sort=principal_name"), "sort"),
        (scp_query("sort=principal_name:up"), "sort"),
        (scp_query("sort=password:asc"), "sort"),
        (scp_query("page=1&page=2"), "page"),
    ];
    for (query, what) in cases {
        let detail = assert_400(scp_demo(base, &query).send().await, "ValidationError").await;
        assert!(detail.contains(what), "{query}: {detail}");
    }
    for ok in ["size=1", "size=100", "page=0", "sort=created_at:desc"] {
        assert_eq!(
            scp_demo(base, &scp_query(ok)).send().await.status(),
            200,
            "{ok}"
        );
    }
}

#[tokio::test]
async fn verification_can_be_turned_off() {
    let clock = clock();
    let emulator = builder(&clock)
        .verify_signatures(false)
        .clock(Arc::new(clock.clone()))
        .start()
        .await
        .unwrap();
    let response = client()
        .get(format!(
            "{}/v1/account-assignments?{}",
            emulator.base_url(),
            scp_query("")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // Versions are still checked.
    let response = client()
        .get(format!(
            "{}/v1/account-assignments?{}",
            emulator.base_url(),
            scp_query("")
        ))
        .header("Scp-Api-Version", "iam-identity-center 9.9")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}
