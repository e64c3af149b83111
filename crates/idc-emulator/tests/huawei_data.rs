//! The Huawei entities of the data file: referential integrity (errors naming the JSON path), the
//! pre-entity format still loading, and the demo and generated data sets being consistent.

mod common;

use common::*;
use idc_emulator::demo::{self, OrganizationShape};
use idc_emulator::{DataError, DataSet};
use serde_json::{Value, json};

/// A small consistent organization as JSON.
fn small() -> Value {
    json!({"huawei": {
        "instances": [{"instance_id": "ins-1", "identity_store_id": "d-1234567890"}],
        "users": [{"identity_store_id": "d-1234567890", "user_id": "u-1", "user_name": "ann"}],
        "groups": [{"identity_store_id": "d-1234567890", "group_id": "g-1", "display_name": "Ops"}],
        "group_memberships": [{"identity_store_id": "d-1234567890", "group_id": "g-1", "user_id": "u-1"}],
        "accounts": [{"account_id": "acc-1", "name": "Production"}],
        "permission_sets": [{"instance_id": "ins-1", "permission_set_id": "ps-1", "name": "Admin",
                             "custom_policy": "{\"Version\": \"1.1\"}", "provisioned_accounts": ["acc-1"]}],
        "applications": [{"instance_id": "ins-1", "application_instance_id": "app-1",
                          "application_urn": "urn:app-1", "name": "wiki", "assignment_required": true}],
        "account_assignments": [{"instance_id": "ins-1", "account_id": "acc-1", "permission_set_id": "ps-1",
                                 "principal_id": "g-1", "principal_type": "GROUP"}],
        "application_assignments": [{"instance_id": "ins-1", "application_urn": "urn:app-1",
                                     "principal_id": "u-1", "principal_type": "USER"}]
    }})
}

/// The JSON path and message of the error `mutate` causes in [`small`].
fn error_of(mutate: impl FnOnce(&mut Value)) -> (String, String) {
    let mut v = small();
    mutate(&mut v);
    match DataSet::from_json_str(&v.to_string()) {
        Err(DataError::Invalid {
            json_path, message, ..
        }) => (json_path, message),
        other => panic!("expected an invalid data error, got {other:?}"),
    }
}

#[test]
fn a_consistent_organization_loads() {
    let data = DataSet::from_json_str(&small().to_string()).unwrap();
    assert_eq!(data.huawei.users[0].user_name.as_ref(), "ann");
    assert!(data.huawei.users[0].enabled, "enabled by default");
    assert_eq!(data.huawei.accounts[0].status.as_ref(), "active");
    assert_eq!(data.huawei.applications[0].status.as_ref(), "ENABLED");
    // It round-trips through its own serialization.
    let again = DataSet::from_json_str(&serde_json::to_string(&data).unwrap()).unwrap();
    assert_eq!(again, data);
}

/// A change to the JSON of [`small`].
type Mutation = Box<dyn FnOnce(&mut Value)>;

#[test]
fn broken_references_are_errors_naming_the_json_path() {
    let cases: Vec<(Mutation, &str, &str)> = vec![
        (
            Box::new(|v| v["huawei"]["group_memberships"][0]["user_id"] = json!("u-9")),
            "huawei.group_memberships[0].user_id",
            "u-9",
        ),
        (
            Box::new(|v| v["huawei"]["group_memberships"][0]["group_id"] = json!("g-9")),
            "huawei.group_memberships[0].group_id",
            "g-9",
        ),
        (
            Box::new(|v| v["huawei"]["account_assignments"][0]["account_id"] = json!("acc-9")),
            "huawei.account_assignments[0].account_id",
            "acc-9",
        ),
        (
            Box::new(|v| {
                v["huawei"]["account_assignments"][0]["permission_set_id"] = json!("ps-9")
            }),
            "huawei.account_assignments[0].permission_set_id",
            "ps-9",
        ),
        (
            // A user's id given as a GROUP.
            Box::new(|v| v["huawei"]["account_assignments"][0]["principal_id"] = json!("u-1")),
            "huawei.account_assignments[0].principal_id",
            "group",
        ),
        (
            Box::new(|v| {
                v["huawei"]["application_assignments"][0]["application_urn"] = json!("urn:nope")
            }),
            "huawei.application_assignments[0].application_urn",
            "urn:nope",
        ),
        (
            Box::new(|v| v["huawei"]["application_assignments"][0]["principal_id"] = json!("u-9")),
            "huawei.application_assignments[0].principal_id",
            "u-9",
        ),
        (
            Box::new(|v| v["huawei"]["users"][0]["identity_store_id"] = json!("d-9999999999")),
            "huawei.users[0].identity_store_id",
            "d-9999999999",
        ),
        (
            Box::new(|v| v["huawei"]["permission_sets"][0]["instance_id"] = json!("ins-9")),
            "huawei.permission_sets[0].instance_id",
            "ins-9",
        ),
        (
            Box::new(|v| {
                v["huawei"]["permission_sets"][0]["provisioned_accounts"] =
                    json!(["acc-1", "acc-9"])
            }),
            "huawei.permission_sets[0].provisioned_accounts[1]",
            "acc-9",
        ),
        (
            Box::new(|v| v["huawei"]["permission_sets"][0]["custom_policy"] = json!("{not json")),
            "huawei.permission_sets[0].custom_policy",
            "JSON",
        ),
        (
            Box::new(|v| v["huawei"]["applications"][0]["instance_id"] = json!("ins-9")),
            "huawei.applications[0].instance_id",
            "ins-9",
        ),
        (
            Box::new(|v| v["huawei"]["instances"][0]["identity_store_id"] = json!("d-123")),
            "huawei.instances[0].identity_store_id",
            "12 characters",
        ),
        (
            Box::new(|v| {
                let user = v["huawei"]["users"][0].clone();
                v["huawei"]["users"].as_array_mut().unwrap().push(user);
            }),
            "huawei.users[1].user_id",
            "twice",
        ),
        (
            Box::new(|v| {
                let mut user = v["huawei"]["users"][0].clone();
                user["user_id"] = json!("u-2");
                v["huawei"]["users"].as_array_mut().unwrap().push(user);
            }),
            "huawei.users[1].user_name",
            "twice",
        ),
        (
            Box::new(|v| {
                let mut group = v["huawei"]["groups"][0].clone();
                group["group_id"] = json!("g-2");
                v["huawei"]["groups"].as_array_mut().unwrap().push(group);
            }),
            "huawei.groups[1].display_name",
            "twice",
        ),
        (
            Box::new(|v| {
                let m = v["huawei"]["group_memberships"][0].clone();
                v["huawei"]["group_memberships"]
                    .as_array_mut()
                    .unwrap()
                    .push(m);
            }),
            "huawei.group_memberships[1].user_id",
            "twice",
        ),
        (
            Box::new(|v| {
                let a = v["huawei"]["accounts"][0].clone();
                v["huawei"]["accounts"].as_array_mut().unwrap().push(a);
            }),
            "huawei.accounts[1].account_id",
            "twice",
        ),
        (
            Box::new(|v| v["huawei"]["users"][0]["user_id"] = json!("u 1")),
            "huawei.users[0].user_id",
            "u 1",
        ),
        (
            Box::new(|v| v["huawei"]["groups"][0]["colour"] = json!("red")),
            "huawei.groups[0]",
            "colour",
        ),
    ];
    for (mutate, path, needle) in cases {
        let (json_path, message) = error_of(mutate);
        assert!(
            json_path.starts_with(path),
            "expected {path}, got {json_path}: {message}"
        );
        assert!(message.contains(needle), "{json_path}: {message}");
    }
}

#[test]
fn the_pre_entity_format_still_loads() {
    // No instances: the assignments are not checked against entities, and the two
    // ...ForPrincipal operations serve them.
    let old = json!({"huawei": {
        "credentials": [{"access_key": "AK", "secret_key": "SK"}],
        "account_assignments": [{"instance_id": "ins-old", "account_id": "acc", "permission_set_id": "ps",
                                 "principal_id": "p-1", "principal_type": "USER"}],
        "application_assignments": [{"instance_id": "ins-old", "application_urn": "urn",
                                     "principal_id": "p-1", "principal_type": "USER"}]
    }});
    let data = DataSet::from_json_str(&old.to_string()).unwrap();
    assert!(data.huawei.instances.is_empty() && data.huawei.users.is_empty());
}

#[tokio::test]
async fn legacy_instances_serve_their_assignments_and_nothing_else() {
    let clock = clock();
    let mut data = DataSet::demo();
    data.huawei
        .account_assignments
        .push(idc_emulator::HuaweiAccountAssignment {
            instance_id: "ins-legacy".into(),
            account_id: "acc-x".into(),
            permission_set_id: "ps-x".into(),
            principal_id: "p-x".into(),
            principal_type: idc_raw::PrincipalType::User,
            principal_deleted: false,
        });
    data.validate().unwrap();
    let emulator = builder(&clock).data(data).start().await.unwrap();
    let base = emulator.base_url();
    let get = |path: String| async move {
        let response = huawei_demo(base, &path).send().await;
        let status = response.status();
        (status.as_u16(), response.json::<Value>().await.unwrap())
    };
    let (status, body) = get(
        "/v1/instances/ins-legacy/account-assignments-for-principals?principal_id=p-x&principal_type=USER"
            .into(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["account_assignments"][0]["account_id"], "acc-x");
    // Not a modelled instance: its other views are 404s, and ListInstances does not show it.
    let (status, body) = get("/v1/instances/ins-legacy/permission-sets".into()).await;
    assert_eq!(status, 404);
    assert_eq!(body["error_code"], idc_emulator::huawei::UNKNOWN_INSTANCE);
    let (_, body) = get("/v1/instances".into()).await;
    assert!(
        body["instances"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["instance_id"] != "ins-legacy")
    );
    // An instance nothing names at all is a 404 too.
    let (status, _) = get(
        "/v1/instances/ins-nothing/account-assignments-for-principals?principal_id=p-x&principal_type=USER"
            .into(),
    )
    .await;
    assert_eq!(status, 404);
}

#[test]
fn the_demo_and_generated_data_sets_are_consistent() {
    let data = DataSet::demo();
    data.validate().unwrap();
    let h = &data.huawei;
    assert_eq!(
        h.instances[0].identity_store_id.as_ref(),
        demo::HUAWEI_IDENTITY_STORE_ID
    );
    assert!(h.users.iter().any(
        |u| u.user_name.as_ref() == "alice" && u.user_id.as_ref() == demo::HUAWEI_PRINCIPAL_ID
    ));
    assert!(
        h.groups
            .iter()
            .any(|g| g.display_name.as_ref() == "Administrators"
                && g.group_id.as_ref() == demo::HUAWEI_GROUP_ID)
    );
    assert!(h.accounts.iter().any(
        |a| a.name.as_ref() == "Production" && a.account_id.as_ref() == demo::HUAWEI_ACCOUNT_ID
    ));
    // The counts the constants promise.
    let alice = h
        .account_assignments
        .iter()
        .filter(|a| a.principal_id.as_ref() == demo::HUAWEI_PRINCIPAL_ID);
    assert_eq!(
        alice
            .clone()
            .filter(|a| a.instance_id.as_ref() == demo::HUAWEI_INSTANCE_ID)
            .count(),
        demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS
    );
    assert_eq!(
        alice
            .filter(|a| a.instance_id.as_ref() == demo::HUAWEI_OTHER_INSTANCE_ID)
            .count(),
        demo::HUAWEI_OTHER_INSTANCE_ACCOUNT_ASSIGNMENTS
    );
    assert_eq!(h.accounts.len(), demo::HUAWEI_ACCOUNTS);
    assert_eq!(h.applications.len(), demo::HUAWEI_APPLICATIONS);

    let generated = DataSet::generate(250);
    generated.validate().unwrap();
    assert_eq!(generated.huawei.account_assignments.len(), 250);
    assert_eq!(generated.huawei.application_assignments.len(), 250);
    assert_eq!(generated.huawei.accounts.len(), 3);
    assert_eq!(generated.huawei.permission_sets.len(), 100);
    assert_eq!(generated.huawei.applications.len(), 250);

    let small = OrganizationShape {
        users: 3,
        groups: 2,
        accounts: 2,
        permission_sets: 2,
        applications: 2,
        memberships_per_user: 5,
        assignments_per_group: 10,
        assignments_per_user: 1,
        applications_per_group: 9,
    };
    // Asking for more than there is takes everything, once.
    let org = DataSet::generate_organization(&small, 1);
    org.validate().unwrap();
    assert_eq!(org.huawei.group_memberships.len(), 3 * 2);
    assert_eq!(org.huawei.account_assignments.len(), 2 * 4 + 3);
    assert_eq!(org.huawei.application_assignments.len(), 2 * 2);
}
