//! An optional body string that its spec constrains (typify makes it a checked newtype) is set
//! through the facade like any other, and its rule is checked before anything is sent.

use idc::Error;
use idc_emulator::demo;

fn dry_run_client() -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(idc::scp::Credentials::new("ak", "sk"))
        .dry_run(true)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_constrained_optional_string_is_sent_when_it_keeps_its_rule() {
    let set = dry_run_client()
        .set_instance()
        .instance_id(demo::SCP_INSTANCE_ID)
        .name("Renamed instance")
        .description("");
    let prepared = match set.send().await {
        Err(Error::DryRun(prepared)) => prepared,
        other => panic!("expected a dry run, got {other:?}"),
    };
    let body: serde_json::Value =
        serde_json::from_slice(prepared.body.as_deref().unwrap_or_default()).unwrap();
    assert_eq!(body["name"], "Renamed instance", "{body}");
    // An unconstrained optional string passes as is, empty or not.
    assert_eq!(body["description"], "", "{body}");
}

#[tokio::test]
async fn a_constrained_optional_string_that_breaks_its_rule_is_refused_before_sending() {
    // SCP SetInstance's `name` has `minLength: 1`.
    let set = dry_run_client()
        .set_instance()
        .instance_id(demo::SCP_INSTANCE_ID)
        .name("");
    match set.send().await {
        Err(Error::InvalidRequest { message, .. }) => {
            assert!(message.contains("name"), "{message}")
        }
        other => panic!("expected the rule to refuse the request, got {other:?}"),
    }
}

#[tokio::test]
async fn a_huawei_optional_limit_is_checked_by_the_facade_too() {
    let client = idc::huawei::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(
            idc::huawei::Credentials::new("ak", "sk")
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(demo::HUAWEI_PROJECT_ID),
        )
        .dry_run(true)
        .build()
        .unwrap();
    let create = |description: String| {
        client
            .create_permission_set()
            .instance_id(demo::HUAWEI_INSTANCE_ID)
            .name("Auditors")
            .description(description)
    };
    // `description` is at most 1024 characters.
    match create("d".repeat(1025)).send().await {
        Err(Error::InvalidRequest { message, .. }) => {
            assert!(message.contains("description"), "{message}")
        }
        other => panic!("expected the rule to refuse the request, got {other:?}"),
    }
    match create("d".repeat(1024)).send().await {
        Err(Error::DryRun(prepared)) => {
            let body: serde_json::Value =
                serde_json::from_slice(prepared.body.as_deref().unwrap_or_default()).unwrap();
            assert_eq!(body["description"].as_str().map(str::len), Some(1024));
        }
        other => panic!("expected a dry run, got {other:?}"),
    }
}
