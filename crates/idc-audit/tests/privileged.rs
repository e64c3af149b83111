//! What makes a permission set privileged: the cloud's list of administrator policies, or a
//! document allowing every action on every resource.

use idc_audit::{PermissionSetPolicies, PolicyDocument, PrivilegedPolicies, Severity};
use idc_report::Cloud;
use serde_json::json;

fn with_document(document: serde_json::Value) -> PermissionSetPolicies {
    PermissionSetPolicies {
        documents: vec![PolicyDocument {
            label: "custom policy".into(),
            document,
        }],
        ..PermissionSetPolicies::default()
    }
}

#[test]
fn documents_allowing_everything_and_those_that_do_not() {
    let list = PrivilegedPolicies::default_for(Cloud::Huawei);
    let everything = [
        json!({"Statement": [{"Effect": "Allow", "Action": ["*"]}]}),
        json!({"Statement": [{"Effect": "allow", "Action": "*:*:*", "Resource": "*"}]}),
        json!({"Statement": {"Effect": "Allow", "Action": ["ecs:*:get*", "*:*"], "Resource": ["*"]}}),
        json!({"Statement": [{"Effect": "Deny", "Action": ["*"]}, {"Effect": "Allow", "Action": ["*"]}]}),
    ];
    for doc in everything {
        assert_eq!(list.reasons(&with_document(doc.clone())).len(), 1, "{doc}");
    }
    let limited = [
        json!({"Statement": [{"Effect": "Deny", "Action": ["*"]}]}),
        json!({"Statement": [{"Effect": "Allow", "Action": ["ecs:*:*"]}]}),
        json!({"Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["obs:*:*:bucket:logs"]}]}),
        json!({"Statement": [{"Effect": "Allow", "Action": ["*"], "Condition": {"StringEquals": {"g:ProjectName": "dev"}}}]}),
        json!({"Statement": []}),
        json!("not a document"),
        json!({"Version": "1.1"}),
    ];
    for doc in limited {
        assert!(
            list.reasons(&with_document(doc.clone())).is_empty(),
            "{doc}"
        );
    }
}

#[test]
fn the_lists_of_each_cloud_and_their_configuration() {
    let huawei = PrivilegedPolicies::default_for(Cloud::Huawei);
    let scp = PrivilegedPolicies::default_for(Cloud::Scp);
    let set = |policies: &[&str], roles: &[&str]| PermissionSetPolicies {
        managed_policies: policies.iter().map(|s| s.to_string()).collect(),
        managed_roles: roles.iter().map(|s| s.to_string()).collect(),
        documents: Vec::new(),
    };
    assert_eq!(
        huawei.reasons(&set(
            &["FullAccess", "ECS FullAccess"],
            &["Tenant Administrator"]
        )),
        vec![
            "managed policy \"FullAccess\"",
            "managed role \"Tenant Administrator\""
        ]
    );
    assert!(
        huawei
            .reasons(&set(&["fullaccess", "VPC FullAccess"], &["Tenant Guest"]))
            .is_empty()
    );
    assert_eq!(scp.reasons(&set(&["AdministratorAccess"], &[])).len(), 1);
    assert!(
        scp.reasons(&set(&["FullAccess"], &[])).is_empty(),
        "a Huawei name on SCP"
    );
    let custom = PrivilegedPolicies::from_names(["PowerUser"]).with("FullAccess");
    assert_eq!(
        custom.names().collect::<Vec<_>>(),
        vec!["FullAccess", "PowerUser"]
    );
    assert!(
        custom
            .reasons(&set(&["AdministratorAccess"], &[]))
            .is_empty()
    );
}

#[test]
fn severities_parse_and_order() {
    assert_eq!("HIGH".parse::<Severity>().unwrap(), Severity::High);
    assert_eq!("medium".parse::<Severity>().unwrap(), Severity::Medium);
    assert!(Severity::Low < Severity::Medium && Severity::Medium < Severity::High);
    let err = "critical".parse::<Severity>().unwrap_err();
    assert!(err.to_string().contains("\"critical\""), "{err}");
    assert_eq!(serde_json::to_string(&Severity::Low).unwrap(), "\"low\"");
}
