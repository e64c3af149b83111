//! The demo data holds a finding of every rule that applies to its cloud and that its cloud can
//! tell, except `IDC006`: the emulator keeps its data whole (a principal cannot be deleted while
//! assigned, a data set naming a missing principal is refused), so no assignment of a deleted
//! principal can exist there; `IDC006` is evaluated and finds nothing (it is tested on generated
//! organizations in `rules.rs`).

mod common;

use common::{by_rule, huawei_client, scp_client, status};
use idc_audit::huawei::HuaweiReads;
use idc_audit::scp::ScpReads;
use idc_audit::{Audit, RuleStatus};
use idc_emulator::{Emulator, demo};
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
    for rule in ["IDC001", "IDC002", "IDC005", "IDC009"] {
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
}
