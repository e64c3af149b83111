//! The demo data holds a finding of every rule that applies to its cloud and that its cloud can
//! tell. `IDC006` finds exactly the demo's assignments marked `principal_deleted` (a user deleted
//! outside the API, by an IdP's SCIM sync): the one orphaned assignment of each cloud.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{by_rule, huawei_client, scp_client, status};
use idc_audit::huawei::HuaweiReads;
use idc_audit::scp::ScpReads;
use idc_audit::{Audit, RuleStatus};
use idc_emulator::{DataSet, Emulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;

#[tokio::test]
async fn the_huawei_demo_has_findings_of_the_rules_huawei_can_tell() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = huawei_client(&emulator, demo::HUAWEI_PROJECT_ID);
    let source = HuaweiSource::connect(client.clone(), Some(demo::HUAWEI_INSTANCE_ID))
        .await
        .unwrap();
    let reads = HuaweiReads::for_source(client, &source).unwrap();
    let result = Audit::new().run(source, &reads).await.unwrap();
    let found = by_rule(&result);
    for rule in [
        "IDC001", "IDC002", "IDC003", "IDC004", "IDC007", "IDC008", "IDC009",
    ] {
        assert!(
            !found[rule].is_empty(),
            "{rule} found nothing in the Huawei demo"
        );
    }
    assert!(matches!(
        status(&result, "IDC005"),
        RuleStatus::NotEvaluated { .. }
    ));
    // IDC006: the one assignment of a user deleted outside the API, and nothing else.
    let data = DataSet::demo();
    let orphans = (data.huawei.account_assignments.iter())
        .filter(|a| a.principal_deleted)
        .map(|a| {
            (
                &*a.principal_id,
                vec![&*a.account_id, &*a.permission_set_id],
            )
        })
        .collect();
    assert_only_orphans(&found, orphans, demo::HUAWEI_DELETED_USER_ID);
}

#[tokio::test]
async fn the_scp_demo_has_a_finding_of_every_rule_scp_can_tell() {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = scp_client(&emulator);
    let source = ScpSource::connect(client.clone(), Some(demo::SCP_INSTANCE_ID))
        .await
        .unwrap();
    let reads = ScpReads::new(client, demo::SCP_INSTANCE_ID);
    let result = Audit::new().run(source, &reads).await.unwrap();
    let found = by_rule(&result);
    for rule in ["IDC001", "IDC002", "IDC005", "IDC006", "IDC009"] {
        assert!(
            !found[rule].is_empty(),
            "{rule} found nothing in the SCP demo"
        );
    }
    for rule in ["IDC003", "IDC004"] {
        assert!(
            matches!(status(&result, rule), RuleStatus::NotEvaluated { .. }),
            "{rule}"
        );
    }
    for rule in ["IDC007", "IDC008"] {
        assert!(
            matches!(status(&result, rule), RuleStatus::NotApplicable { .. }),
            "{rule}"
        );
    }
    // IDC006: the one assignment of a user deleted outside the API, and nothing else.
    let data = DataSet::demo();
    let orphans = (data.scp.account_assignments.iter())
        .filter(|a| a.principal_deleted)
        .map(|a| {
            let sets = a.permission_set_ids.iter().map(|s| &**s);
            (
                &*a.principal_id,
                sets.chain([&*a.target_account_id]).collect(),
            )
        })
        .collect();
    assert_only_orphans(&found, orphans, demo::SCP_DELETED_USER_ID);
}

/// `IDC006` found exactly `orphans` (the demo's assignments marked `principal_deleted`, as
/// principal and target ids), and they are the one assignment of `deleted`.
fn assert_only_orphans(
    found: &BTreeMap<String, BTreeSet<(String, Vec<String>)>>,
    orphans: Vec<(&str, Vec<&str>)>,
    deleted: &str,
) {
    let orphans: BTreeSet<(String, Vec<String>)> = (orphans.into_iter())
        .map(|(principal, targets)| {
            let mut targets: Vec<String> = targets.into_iter().map(str::to_owned).collect();
            targets.sort();
            (principal.to_owned(), targets)
        })
        .collect();
    assert_eq!(found["IDC006"], orphans);
    let principals: Vec<&str> = orphans.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(principals, [deleted]);
}
