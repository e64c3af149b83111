//! Clients of a running emulator, and an audit's findings by rule.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use idc_audit::{AuditResult, RuleStatus};
use idc_emulator::{RunningEmulator, demo};

pub mod org;

pub fn huawei_client(emulator: &RunningEmulator, project_id: &str) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(project_id),
        )
        .build()
        .unwrap()
}

pub fn scp_client(emulator: &RunningEmulator) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .build()
        .unwrap()
}

/// Each rule's findings as (subject id, sorted target ids), and the status of each rule.
pub fn by_rule(result: &AuditResult) -> BTreeMap<String, BTreeSet<(String, Vec<String>)>> {
    result
        .rules
        .iter()
        .map(|r| {
            let found = r
                .findings
                .iter()
                .map(|f| {
                    let mut targets: Vec<String> = f.targets.iter().map(|t| t.id.clone()).collect();
                    targets.sort();
                    (f.subject.id.clone(), targets)
                })
                .collect();
            (r.rule.clone(), found)
        })
        .collect()
}

pub fn status(result: &AuditResult, rule: &str) -> RuleStatus {
    result
        .rules
        .iter()
        .find(|r| r.rule == rule)
        .map(|r| r.status.clone())
        .unwrap()
}
