//! The SCP operations on the wire (raw HTTP) and the SCP data model: the relational data file's
//! validation (JSON paths, references, the migration from the old assignment records), the demo
//! and generated data sets' consistency, the unauthenticated version lists, echoed `sort`, and
//! fields that differ by API version.

mod common;

use std::collections::HashSet;

use common::*;
use idc_emulator::{DataSet, ScpOrganizationShape, demo};
use serde_json::{Value, json};

/// Signs `GET base{path_and_query}` with the demo credentials, with `Scp-Api-Version: {service}
/// {version}` when given.
fn get(base: &str, path_and_query: &str, version: Option<(&str, &str)>) -> ScpRequest {
    let mut request = scp_sign(
        &format!("{base}{path_and_query}"),
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
        now(),
        None,
    );
    if let Some((service, version)) = version {
        request
            .headers
            .push(("Scp-Api-Version".to_owned(), format!("{service} {version}")));
    }
    request
}

fn invalid(json: &str) -> (String, String) {
    match DataSet::from_json_str(json).unwrap_err() {
        idc_emulator::DataError::Invalid {
            json_path, message, ..
        } => (json_path, message),
        other => panic!("{other:?}"),
    }
}

/// A minimal valid SCP document, to break one reference at a time.
fn minimal() -> Value {
    json!({"scp": {
        "instances": [{"id": "ssoins-1", "name": "I", "state": "ACTIVE", "created_at": "2025-01-01T00:00:00Z"}],
        "users": [{"id": "u-1", "instance_id": "ssoins-1", "user_id": "ann", "name": "Ann", "created_at": "2025-01-01T00:00:00Z"}],
        "groups": [{"id": "g-1", "instance_id": "ssoins-1", "name": "G", "created_at": "2025-01-01T00:00:00Z", "members": ["u-1"]}],
        "permission_sets": [{"id": "ps-1", "instance_id": "ssoins-1", "name": "Admin", "created_at": "2025-01-01T00:00:00Z",
            "policies": [{"id": "p-1", "name": "P", "category": "CUSTOMER_POLICY"}]}],
        "accounts": [{"id": "a-1", "name": "A", "email": "a@example.com", "organization_id": "o-1",
            "parent_unit_id": "r-1", "type": "MEMBER", "state": "ACTIVE", "joined_method": "CREATED",
            "joined_time": "2025-01-01T00:00:00Z", "created_at": "2025-01-01T00:00:00Z"}],
        "account_assignments": [{"instance_id": "ssoins-1", "target_account_id": "a-1", "principal_id": "g-1",
            "principal_type": "GROUP", "permission_set_ids": ["ps-1"], "role_srn": "srn:role:a-1:Admin"}]
    }})
}

#[test]
fn a_minimal_relational_document_is_valid_and_round_trips() {
    let data = DataSet::from_json_str(&minimal().to_string()).unwrap();
    assert_eq!(data.scp.account_assignments.len(), 1);
    // CUSTOMER_POLICY is read as the custom category, written as CUSTOM_POLICY.
    assert_eq!(
        data.scp.permission_sets[0].policies[0].category,
        idc_emulator::ScpPolicyCategory::Custom
    );
    let again = DataSet::from_json_str(&serde_json::to_string(&data).unwrap()).unwrap();
    assert_eq!(again, data);
    assert!(
        serde_json::to_string(&data)
            .unwrap()
            .contains("CUSTOM_POLICY")
    );
}

#[test]
fn broken_references_are_errors_naming_the_json_path() {
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "/scp/account_assignments/0/principal_id",
            json!("u-404"),
            "scp.account_assignments[0].principal_id",
            "GROUP \"u-404\" of instance \"ssoins-1\" is not in scp.groups",
        ),
        (
            "/scp/account_assignments/0/principal_type",
            json!("USER"),
            "scp.account_assignments[0].principal_id",
            "is not in scp.users",
        ),
        (
            "/scp/account_assignments/0/principal_type",
            json!("ROBOT"),
            "scp.account_assignments[0].principal_type",
            "\"ROBOT\" is not USER or GROUP",
        ),
        (
            "/scp/account_assignments/0/target_account_id",
            json!("a-404"),
            "scp.account_assignments[0].target_account_id",
            "not in scp.accounts",
        ),
        (
            "/scp/account_assignments/0/instance_id",
            json!("ssoins-404"),
            "scp.account_assignments[0].instance_id",
            "not in scp.instances",
        ),
        (
            "/scp/account_assignments/0/permission_set_ids",
            json!(["ps-1", "ps-404"]),
            "scp.account_assignments[0].permission_set_ids[1]",
            "not in scp.permission_sets",
        ),
        (
            "/scp/groups/0/members",
            json!(["u-1", "u-404"]),
            "scp.groups[0].members[1]",
            "of instance \"ssoins-1\" is not in scp.users",
        ),
        (
            "/scp/groups/0/members",
            json!(["u-1", "u-1"]),
            "scp.groups[0].members[1]",
            "listed twice",
        ),
        (
            "/scp/users/0/instance_id",
            json!("ssoins-404"),
            "scp.users[0].instance_id",
            "not in scp.instances",
        ),
        (
            "/scp/permission_sets/0/policies/0/category",
            json!("SUPER_POLICY"),
            "scp.permission_sets[0].policies[0].category",
            "unknown variant",
        ),
        (
            "/scp/accounts/0/id",
            json!(""),
            "scp.accounts[0].id",
            "empty id",
        ),
        (
            "/scp/users/0/id",
            json!(""),
            "scp.users[0].id",
            "empty or listed twice",
        ),
        (
            "/scp/accounts/0/type",
            Value::Null,
            "scp.accounts[0].type",
            "invalid type",
        ),
    ];
    for (pointer, value, path, message) in cases {
        let mut doc = minimal();
        *doc.pointer_mut(pointer).unwrap() = value;
        let (json_path, got) = invalid(&doc.to_string());
        assert_eq!(json_path, path, "{pointer}");
        assert!(got.contains(message), "{pointer}: {got}");
    }
    // A group of another instance is not a principal of this one.
    let mut doc = minimal();
    doc["scp"]["instances"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "ssoins-2", "name": "J", "state": "ACTIVE", "created_at": "t"}));
    doc["scp"]["account_assignments"][0]["instance_id"] = json!("ssoins-2");
    let (json_path, _) = invalid(&doc.to_string());
    assert_eq!(json_path, "scp.account_assignments[0].principal_id");
    // Duplicate ids.
    let mut doc = minimal();
    let account = doc["scp"]["accounts"][0].clone();
    doc["scp"]["accounts"].as_array_mut().unwrap().push(account);
    let (json_path, message) = invalid(&doc.to_string());
    assert_eq!(json_path, "scp.accounts[1].id");
    assert!(message.contains("twice"));
}

#[test]
fn the_old_assignment_records_get_a_migration_hint() {
    let old = r#"{"scp": {"account_assignments": [{"instance_id": "ssoins-12345",
        "target_account_id": "3265ab469f0d406d83073da3e11e7a6c", "target_account_name": "Admin Account"}]}}"#;
    let (json_path, message) = invalid(old);
    assert_eq!(json_path, "scp.account_assignments[0].target_account_name");
    assert!(message.contains("unknown field"), "{message}");
    assert!(
        message.contains("`name` of the account in scp.accounts"),
        "{message}"
    );
    let old = r#"{"scp": {"account_assignments": [{"principal_name": "GROUP0407"}]}}"#;
    let (_, message) = invalid(old);
    assert!(
        message.contains("scp.users or the group in scp.groups"),
        "{message}"
    );
    // Other unknown fields get no hint.
    let (_, message) = invalid(r#"{"scp": {"users": [{"principal_name": "x"}]}}"#);
    assert!(!message.contains("relational"), "{message}");
}

#[test]
fn the_demo_keeps_the_meaning_of_its_constants() {
    let data = DataSet::demo();
    data.validate().unwrap();
    let scp = &data.scp;
    let on = |account: &str| {
        scp.account_assignments
            .iter()
            .filter(|a| &*a.target_account_id == account)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        on(demo::SCP_TARGET_ACCOUNT_ID).len(),
        demo::SCP_TARGET_ACCOUNT_ASSIGNMENTS
    );
    assert_eq!(
        on(demo::SCP_OTHER_ACCOUNT_ID).len(),
        demo::SCP_OTHER_ACCOUNT_ASSIGNMENTS
    );
    let target = scp.account(demo::SCP_TARGET_ACCOUNT_ID).unwrap();
    assert_eq!(&*target.name, demo::SCP_TARGET_ACCOUNT_NAME);
    assert_eq!(&*target.email, demo::SCP_TARGET_ACCOUNT_EMAIL);
    let seed: Vec<_> = on(demo::SCP_TARGET_ACCOUNT_ID)
        .into_iter()
        .filter(|a| scp.principal_name(a) == Some(demo::SCP_PRINCIPAL_NAME))
        .collect();
    assert_eq!(seed.len(), 1);
    assert_eq!(&*seed[0].principal_id, demo::SCP_GROUP_ID);
    let user = scp
        .users
        .iter()
        .find(|u| &*u.id == demo::SCP_USER_ID)
        .unwrap();
    assert_eq!(&*user.user_id, demo::SCP_USER_LOGIN_ID);
    assert_eq!(&*user.name, demo::SCP_USER_NAME);
    assert_eq!(scp.users.len(), demo::SCP_USERS);
    assert_eq!(scp.groups.len(), demo::SCP_GROUPS);
    assert_eq!(scp.permission_sets.len(), demo::SCP_PERMISSION_SETS);
    assert_eq!(scp.accounts.len(), demo::SCP_ACCOUNTS);
    let admin = scp
        .permission_sets
        .iter()
        .find(|p| &*p.id == demo::SCP_PERMISSION_SET_ID)
        .unwrap();
    assert_eq!(admin.policies.len(), demo::SCP_PERMISSION_SET_POLICIES);
    // Readable names: every user has a display name and a login ID of its own.
    let logins: HashSet<&str> = scp.users.iter().map(|u| &*u.user_id).collect();
    assert_eq!(logins.len(), scp.users.len());
    assert!(scp.users.iter().all(|u| u.name.contains(' ')));
}

#[test]
fn a_large_scp_organization_has_every_user_in_its_group_once() {
    // One group for 60,000 users: checking each new member against the group's members was
    // 1.8 billion comparisons (minutes); a user's own draws are all there is to check. How the
    // time grows is measured by `cargo bench -p idc-emulator --bench generate`, not here.
    let shape = ScpOrganizationShape {
        users: 60_000,
        groups: 1,
        accounts: 10,
        permission_sets: 2,
        seed: 7,
    };
    let org = DataSet::generate_scp_organization(shape);
    assert_eq!(
        org.scp.groups[0].members.len(),
        60_000,
        "every user joins the only group once"
    );
    org.validate().unwrap();
}

#[test]
fn generated_data_sets_are_consistent() {
    for n in [0, 1, 6, 7, 1000] {
        let data = DataSet::generate(n);
        data.validate().unwrap();
        assert_eq!(data.scp.account_assignments.len(), n);
        assert!(
            data.scp
                .account_assignments
                .iter()
                .all(|a| data.scp.principal_name(a).is_some())
        );
    }
    let shape = ScpOrganizationShape::ACCESS_REPORT;
    assert_eq!(
        (
            shape.users,
            shape.groups,
            shape.accounts,
            shape.permission_sets
        ),
        (500, 50, 100, 20)
    );
    let org = DataSet::generate_scp_organization(shape);
    org.validate().unwrap();
    // Through JSON too: the file format carries it whole.
    let text = serde_json::to_string(&org).unwrap();
    assert_eq!(DataSet::from_json_str(&text).unwrap(), org);
    assert_eq!(org.scp.users.len(), 500);
    assert_eq!(org.scp.groups.len(), 50);
    assert_eq!(org.scp.accounts.len(), 100);
    assert_eq!(org.scp.permission_sets.len(), 20);
    assert!(org.scp.groups.iter().all(|g| !g.members.is_empty()));
    let assigned: HashSet<&str> = org
        .scp
        .account_assignments
        .iter()
        .map(|a| &*a.target_account_id)
        .collect();
    assert_eq!(assigned.len(), 100, "every account has assignments");
    assert!(
        org.scp
            .account_assignments
            .iter()
            .any(|a| a.principal_type == idc_raw::PrincipalType::User)
    );
    // Seeded: the same seed the same data, another seed other memberships.
    assert_eq!(DataSet::generate_scp_organization(shape), org);
    let other = DataSet::generate_scp_organization(ScpOrganizationShape { seed: 2, ..shape });
    assert_ne!(other.scp.groups, org.scp.groups);
    // Degenerate shapes stay valid.
    for shape in [
        ScpOrganizationShape {
            users: 0,
            groups: 0,
            accounts: 0,
            permission_sets: 0,
            seed: 0,
        },
        ScpOrganizationShape {
            users: 3,
            groups: 0,
            accounts: 2,
            permission_sets: 0,
            seed: 9,
        },
        ScpOrganizationShape {
            users: 0,
            groups: 2,
            accounts: 2,
            permission_sets: 1,
            seed: 9,
        },
    ] {
        DataSet::generate_scp_organization(shape)
            .validate()
            .unwrap();
    }
}

#[tokio::test]
async fn version_lists_are_unauthenticated_and_per_service() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    for (service, table) in [
        (
            "iam-identity-center",
            idc_raw::scp_iam_identity_center::versions::API_VERSIONS,
        ),
        (
            "organization",
            idc_raw::scp_organization::versions::API_VERSIONS,
        ),
    ] {
        let response = client()
            .get(format!("{base}/"))
            .header("Scp-Api-Version", format!("{service} 1.0"))
            .send()
            .await
            .unwrap();
        // 1.0 of organization is past its Not Before date: the list is served all the same.
        assert_eq!(response.status(), 200, "{service}");
        let body = json(response).await;
        let versions = body["versions"].as_array().unwrap();
        assert_eq!(versions.len(), table.len(), "{service}");
        for (got, v) in versions.iter().zip(table) {
            assert_eq!(got["id"], format!("v{}.{}", v.major, v.minor));
            assert_eq!(got["status"], v.status.as_str());
            assert_eq!(
                got["not_before"],
                v.not_before.map_or(Value::Null, |d| json!(d.to_string()))
            );
            assert_eq!(got["links"], json!([]));
        }
    }
}

#[tokio::test]
async fn the_root_without_a_version_header_is_iam_identity_center() {
    let (emulator, _clock) = start().await;
    let body = json(
        client()
            .get(format!("{}/", emulator.base_url()))
            .header("Scp-ClientType", "Openapi")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        body["versions"].as_array().unwrap().len(),
        idc_raw::scp_iam_identity_center::versions::API_VERSIONS.len()
    );
}

#[tokio::test]
async fn lists_echo_their_sort_and_page_in_the_body() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let path = format!(
        "/v1/users?instance_id={}&size=5&page=2&sort=user_id:desc",
        demo::SCP_INSTANCE_ID
    );
    let body = json(get(base, &path, None).send().await).await;
    assert_eq!(body["count"], demo::SCP_USERS);
    assert_eq!(body["page"], 2);
    assert_eq!(body["size"], 5);
    assert_eq!(body["sort"], json!(["user_id:desc"]));
    let logins: Vec<&str> = body["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["user_id"].as_str().unwrap())
        .collect();
    let mut all: Vec<String> = DataSet::demo()
        .scp
        .users
        .iter()
        .map(|u| u.user_id.to_string())
        .collect();
    all.sort();
    all.reverse();
    assert_eq!(logins, all[10..15]);
    // Default: data order, echoed as created_at:asc; a page past the end is empty.
    let path = format!("/v1/groups?instance_id={}&page=9", demo::SCP_INSTANCE_ID);
    let body = json(get(base, &path, None).send().await).await;
    assert_eq!(body["sort"], json!(["created_at:asc"]));
    assert_eq!(body["count"], demo::SCP_GROUPS);
    assert_eq!(body["groups"], json!([]));
    // Size bounds are the spec's.
    let path = format!("/v1/groups?instance_id={}&size=101", demo::SCP_INSTANCE_ID);
    assert_eq!(get(base, &path, None).send().await.status(), 400);
    let path = format!(
        "/v1/permission-sets/{}/policies?instance_id={}&size=0",
        demo::SCP_PERMISSION_SET_ID,
        demo::SCP_INSTANCE_ID
    );
    assert_eq!(get(base, &path, None).send().await.status(), 400);
}

#[tokio::test]
async fn a_sort_field_is_checked_before_any_row_and_sorts_by_counts() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let instance = demo::SCP_INSTANCE_ID;
    // No group is named "nobody": the sort field is refused all the same, naming the fields.
    let path = format!("/v1/groups?instance_id={instance}&name=nobody&sort=password:asc");
    let response = get(base, &path, None).send().await;
    assert_eq!(response.status(), 400);
    let body = json(response).await;
    let detail = body["errors"][0]["detail"][0].as_str().unwrap();
    assert!(
        detail.contains("\"password\"") && detail.contains("user_count"),
        "{detail}"
    );
    // The member count sorts without the members being built; ties keep the data order.
    let path = format!("/v1/groups?instance_id={instance}&sort=user_count:desc&size=100");
    let body = json(get(base, &path, None).send().await).await;
    let counts: Vec<u64> = body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["user_count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts.len(), demo::SCP_GROUPS);
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert!(counts[0] > counts[counts.len() - 1], "{counts:?}");
    for (list, field) in [
        ("users", "group_count"),
        ("permission-sets", "session_duration"),
    ] {
        let path = if list == "users" {
            format!(
                "/v1/groups/{}/users?instance_id={instance}&sort={field}:asc",
                demo::SCP_GROUP_ID
            )
        } else {
            format!("/v1/{list}?instance_id={instance}&sort={field}:asc")
        };
        assert_eq!(get(base, &path, None).send().await.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn versioned_fields_on_the_wire() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    let path = format!("/v1/instances/{}", demo::SCP_INSTANCE_ID);
    for (version, present) in [("1.2", false), ("1.3", true), ("1.4", true)] {
        let response = get(base, &path, Some(("iam-identity-center", version)))
            .send()
            .await;
        assert_eq!(
            response.headers()["scp-api-version"],
            format!("iam-identity-center {version}").as_str()
        );
        let body = json(response).await;
        let instance = body["instance"].as_object().unwrap();
        assert_eq!(instance.contains_key("public_ip"), present, "{version}");
        assert_eq!(instance.contains_key("port"), present, "{version}");
    }
    let path = format!(
        "/v1/permission-sets/{}?instance_id={}",
        demo::SCP_PERMISSION_SET_ID,
        demo::SCP_INSTANCE_ID
    );
    for (version, field, other) in [
        ("1.1", "customer_policies", "custom_policies"),
        ("1.2", "custom_policies", "customer_policies"),
    ] {
        let body = json(
            get(base, &path, Some(("iam-identity-center", version)))
                .send()
                .await,
        )
        .await;
        assert_eq!(
            body[field][0]["category"],
            if version == "1.1" {
                "CUSTOMER_POLICY"
            } else {
                "CUSTOM_POLICY"
            }
        );
        assert!(body.get(other).is_none(), "{version}: {body}");
    }
    // Organization has one documented version: asked for, or not, it serves the same accounts.
    let a = json(get(base, "/v1/organization-accounts", None).send().await).await;
    let b = json(
        get(
            base,
            "/v1/organization-accounts",
            Some(("organization", "1.2")),
        )
        .send()
        .await,
    )
    .await;
    assert_eq!(a, b);
    assert_eq!(a["accounts"].as_array().unwrap().len(), demo::SCP_ACCOUNTS);
}

#[tokio::test]
async fn ids_with_nul_never_reach_another_instance_s_rows() {
    // Keys joined with NUL would make (i1, x\0y) the key of (i1\0x, y).
    let mut data = minimal();
    let scp = &mut data["scp"];
    scp["credentials"] =
        json!([{"access_key": demo::SCP_ACCESS_KEY, "secret_key": demo::SCP_SECRET_KEY}]);
    for id in ["i1", "i1\u{0}x"] {
        scp["instances"].as_array_mut().unwrap().push(
            json!({"id": id, "name": "I", "state": "ACTIVE", "created_at": "2025-01-01T00:00:00Z"}),
        );
    }
    scp["users"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "y", "instance_id": "i1\u{0}x",
        "user_id": "yann", "name": "Yann", "created_at": "2025-01-01T00:00:00Z"}));
    let data = DataSet::from_json_str(&data.to_string()).unwrap();
    let clock = clock();
    let emulator = builder(&clock).data(data).start().await.unwrap();
    let base = emulator.base_url();
    let response = get(base, "/v1/users/x%00y?instance_id=i1", None)
        .send()
        .await;
    assert_eq!(response.status(), 404, "{}", json(response).await);
    let response = get(base, "/v1/users/y?instance_id=i1%00x", None)
        .send()
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(response).await["user"]["user_id"], "yann");
}

#[tokio::test]
async fn not_found_bodies_have_the_scp_error_shape() {
    let (emulator, _clock) = start().await;
    let base = emulator.base_url();
    for path in [
        "/v1/instances/ssoins-0".to_owned(),
        format!("/v1/users/nobody?instance_id={}", demo::SCP_INSTANCE_ID),
        format!("/v1/groups/g-0/users?instance_id={}", demo::SCP_INSTANCE_ID),
        format!(
            "/v1/permission-sets/ps-0/policies?instance_id={}",
            demo::SCP_INSTANCE_ID
        ),
        "/v1/organization-accounts/acct-0".to_owned(),
    ] {
        let version = if path.starts_with("/v1/organization") {
            Some(("organization", "1.2"))
        } else {
            None
        };
        let response = get(base, &path, version).send().await;
        assert_eq!(response.status(), 404, "{path}");
        let body = json(response).await;
        let error = &body["errors"][0];
        assert_eq!(error["code"], "NotFound", "{path}: {body}");
        assert_eq!(error["status"], 404);
        assert!(error["request_id"].as_str().unwrap().starts_with("req-"));
        assert_eq!(error["request_id"], error["global_request_id"]);
        assert!(error["title"].is_string());
        assert!(
            error["detail"][0]
                .as_str()
                .unwrap()
                .contains("does not exist")
        );
    }
}

#[test]
fn the_readme_data_file_example_is_valid() {
    let readme = include_str!("../README.md");
    let start = readme.find("```json\n").unwrap() + "```json\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let data = DataSet::from_json_str(&readme[start..end]).unwrap();
    assert_eq!(data.scp.account_assignments.len(), 1);
    assert_eq!(
        data.scp.principal_name(&data.scp.account_assignments[0]),
        Some(demo::SCP_PRINCIPAL_NAME)
    );
}
