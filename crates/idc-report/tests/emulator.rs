//! The report against the emulator, over generated organisations written in the emulator's data
//! file format: the same rows as the effective access computed independently from the data set,
//! each exactly once, at page sizes 1 and 100, with and without injected 429s and 503s.
//!
//! These need the emulator's relational data (issues 10 and 11: users, groups, memberships,
//! permission sets, accounts, applications); until it is merged they are ignored.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{Shape, expected, generate};
use futures::TryStreamExt;
use idc::retry::RetryPolicy;
use idc_emulator::{DataSet, Emulator, Fault, FaultPlan, RunningEmulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::{MemorySource, PrincipalType};
use idc_report::{Cloud, Error, FilterKind, Filters, Report, Row};
use serde_json::{Value, json};

const IDENTITY_STORE: &str = "d-0000000001";
const SCP_INSTANCE: &str = "ssoins-00001";
/// The project id of the test credentials (IdentityStore is project-scoped).
const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
const CREATED: &str = "2026-01-01T00:00:00Z";

fn kind(k: PrincipalType) -> &'static str {
    match k {
        PrincipalType::User => "USER",
        PrincipalType::Group => "GROUP",
    }
}

/// `data` as the emulator's Huawei data (file format), with the demo credentials.
fn huawei_data_set(data: &MemorySource) -> DataSet {
    let instance = &data.instance_id;
    let mut account_assignments = Vec::new();
    for (account, list) in &data.account_assignments {
        for a in list {
            account_assignments.push(json!({
                "instance_id": instance, "account_id": account,
                "permission_set_id": a.permission_set_id,
                "principal_id": a.principal_id, "principal_type": kind(a.principal_type),
            }));
        }
    }
    let mut application_assignments = Vec::new();
    for ((k, principal), urns) in &data.application_assignments {
        for urn in urns {
            application_assignments.push(json!({
                "instance_id": instance, "application_urn": urn,
                "principal_id": principal, "principal_type": kind(*k),
            }));
        }
    }
    let memberships: Vec<Value> = data
        .memberships
        .iter()
        .flat_map(|(group, users)| {
            users.iter().map(move |u| {
                json!({"identity_store_id": IDENTITY_STORE, "group_id": group, "user_id": u})
            })
        })
        .collect();
    let document = json!({"huawei": {
        "credentials": [{
            "access_key": demo::HUAWEI_ACCESS_KEY, "secret_key": demo::HUAWEI_SECRET_KEY,
            "domain_id": demo::HUAWEI_DOMAIN_ID, "project_id": PROJECT_ID,
        }],
        "instances": [{"instance_id": instance, "identity_store_id": IDENTITY_STORE}],
        "users": data.users.iter().map(|u| json!({
            "identity_store_id": IDENTITY_STORE, "user_id": u.id, "user_name": u.name,
        })).collect::<Vec<_>>(),
        "groups": data.groups.iter().map(|g| json!({
            "identity_store_id": IDENTITY_STORE, "group_id": g.entity.id,
            "display_name": g.entity.name,
        })).collect::<Vec<_>>(),
        "group_memberships": memberships,
        "accounts": data.accounts.iter().map(|a| json!({"account_id": a.id, "name": a.name}))
            .collect::<Vec<_>>(),
        "permission_sets": data.permission_sets.iter().map(|p| json!({
            "instance_id": instance, "permission_set_id": p.id, "name": p.name,
        })).collect::<Vec<_>>(),
        "applications": data.applications.iter().enumerate().map(|(i, a)| json!({
            "instance_id": instance, "application_instance_id": format!("app-ins-{i:04}"),
            "application_urn": a.entity.id, "name": a.entity.name,
            "assignment_required": a.assignment_required,
        })).collect::<Vec<_>>(),
        "account_assignments": account_assignments,
        "application_assignments": application_assignments,
    }});
    DataSet::from_json_str(&document.to_string()).unwrap()
}

/// `data` as the emulator's SCP data (file format), with the demo credentials.
fn scp_data_set(data: &MemorySource) -> DataSet {
    let instance = &data.instance_id;
    let mut account_assignments = Vec::new();
    for (account, list) in &data.account_assignments {
        // One record per principal on an account, with all its permission sets.
        let mut by_principal: Vec<(PrincipalType, &str, Vec<&str>)> = Vec::new();
        for a in list {
            let set = a.permission_set_id.as_deref().unwrap_or_default();
            match by_principal
                .iter_mut()
                .find(|(k, p, _)| *k == a.principal_type && *p == a.principal_id)
            {
                Some((_, _, sets)) => sets.push(set),
                None => by_principal.push((a.principal_type, &a.principal_id, vec![set])),
            }
        }
        for (k, principal, sets) in by_principal {
            account_assignments.push(json!({
                "instance_id": instance, "target_account_id": account,
                "principal_id": principal, "principal_type": kind(k),
                "permission_set_ids": sets, "role_srn": format!("srn:role/{principal}"),
            }));
        }
    }
    let document = json!({"scp": {
        "credentials": [{"access_key": demo::SCP_ACCESS_KEY, "secret_key": demo::SCP_SECRET_KEY}],
        "instances": [{"id": instance, "name": "generated", "state": "ACTIVE", "created_at": CREATED,
                       "organization_id": "org-0001"}],
        "users": data.users.iter().map(|u| json!({
            "id": u.id, "instance_id": instance, "user_id": u.name,
            "name": format!("Display {}", u.id), "created_at": CREATED,
        })).collect::<Vec<_>>(),
        "groups": data.groups.iter().map(|g| json!({
            "id": g.entity.id, "instance_id": instance, "name": g.entity.name,
            "created_at": CREATED,
            "members": data.memberships.get(&g.entity.id).cloned().unwrap_or_default(),
        })).collect::<Vec<_>>(),
        "permission_sets": data.permission_sets.iter().map(|p| json!({
            "id": p.id, "instance_id": instance, "name": p.name, "created_at": CREATED,
        })).collect::<Vec<_>>(),
        "accounts": data.accounts.iter().map(|a| json!({
            "id": a.id, "name": a.name, "email": format!("{}@example.com", a.id),
            "organization_id": "org-0001", "parent_unit_id": "ou-0001", "type": "MEMBER",
            "state": "ACTIVE", "joined_method": "CREATED", "joined_time": CREATED,
            "created_at": CREATED,
        })).collect::<Vec<_>>(),
        "account_assignments": account_assignments,
    }});
    DataSet::from_json_str(&document.to_string()).unwrap()
}

fn huawei_org(seed: u64) -> MemorySource {
    let shape = Shape {
        users: 30,
        groups: 5,
        accounts: 12,
        permission_sets: 4,
        applications: 6,
    };
    generate(Cloud::Huawei, shape, seed)
}

fn scp_org(seed: u64) -> MemorySource {
    let shape = Shape {
        users: 30,
        groups: 5,
        accounts: 12,
        permission_sets: 4,
        applications: 0,
    };
    let mut data = generate(Cloud::Scp, shape, seed);
    data.instance_id = SCP_INSTANCE.to_owned();
    data
}

fn faults(on: bool) -> FaultPlan {
    if on {
        FaultPlan::new(42)
            .with_probability(
                0.15,
                Fault::Status {
                    status: 429,
                    retry_after: Some(0),
                },
            )
            .with_probability(
                0.1,
                Fault::Status {
                    status: 503,
                    retry_after: None,
                },
            )
    } else {
        FaultPlan::default()
    }
}

fn retries() -> RetryPolicy {
    RetryPolicy::standard()
        .with_max_attempts(12)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5))
}

async fn start(data: DataSet, faults: FaultPlan) -> RunningEmulator {
    Emulator::builder()
        .data(data)
        .faults(faults)
        .start()
        .await
        .unwrap()
}

fn huawei_client(emulator: &RunningEmulator) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(PROJECT_ID),
        )
        .retry_policy(retries())
        .build()
        .unwrap()
}

fn scp_client(emulator: &RunningEmulator) -> idc::scp::Client {
    idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .retry_policy(retries())
        .build()
        .unwrap()
}

fn exactly_once(rows: Vec<Row>) -> BTreeSet<Row> {
    let n = rows.len();
    let set: BTreeSet<Row> = rows.into_iter().collect();
    assert_eq!(set.len(), n, "a row came twice");
    set
}

#[tokio::test]
#[ignore = "needs the emulator data of issues 10/11"]
async fn huawei_report_is_the_effective_access_of_the_data_set() {
    let org = huawei_org(3);
    let want = expected(&org);
    assert!(want.len() > 50);
    for with_faults in [false, true] {
        let emulator = start(huawei_data_set(&org), faults(with_faults)).await;
        for page_size in [1, 100] {
            // The instance is discovered: there is exactly one.
            let source = HuaweiSource::connect(huawei_client(&emulator), None)
                .await
                .unwrap()
                .page_size(page_size);
            let rows: Vec<Row> = Report::new(source)
                .concurrency(8)
                .rows()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(
                exactly_once(rows),
                want,
                "page size {page_size}, faults {with_faults}"
            );
        }
        emulator.shutdown().await;
    }
}

#[tokio::test]
#[ignore = "needs the emulator data of issues 10/11"]
async fn scp_report_is_the_effective_access_of_the_data_set() {
    let org = scp_org(5);
    let want = expected(&org);
    assert!(want.len() > 50);
    for with_faults in [false, true] {
        let emulator = start(scp_data_set(&org), faults(with_faults)).await;
        for page_size in [1, 100] {
            let source = ScpSource::connect(scp_client(&emulator), Some(SCP_INSTANCE))
                .await
                .unwrap()
                .page_size(page_size);
            let rows: Vec<Row> = Report::new(source)
                .concurrency(8)
                .rows()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(
                exactly_once(rows),
                want,
                "page size {page_size}, faults {with_faults}"
            );
        }
        emulator.shutdown().await;
    }
}

#[tokio::test]
#[ignore = "needs the emulator data of issues 10/11"]
async fn filters_against_the_emulator_and_a_value_matching_nothing() {
    let org = huawei_org(9);
    let want = expected(&org);
    let emulator = start(huawei_data_set(&org), FaultPlan::default()).await;
    let source = HuaweiSource::connect(huawei_client(&emulator), Some("ins-1"))
        .await
        .unwrap();
    let filters = Filters {
        users: vec!["user3".into(), common::user_id(4)],
        accounts: vec!["account2".into(), common::account_id(5)],
        ..Filters::default()
    };
    let rows: Vec<Row> = Report::new(source.clone())
        .filters(filters)
        .rows()
        .try_collect()
        .await
        .unwrap();
    let filtered: BTreeSet<Row> = want
        .iter()
        .filter(|r| {
            (r.user_id == common::user_id(3) || r.user_id == common::user_id(4))
                && (r.target_id == common::account_id(2) || r.target_id == common::account_id(5))
        })
        .cloned()
        .collect();
    assert_eq!(exactly_once(rows), filtered);

    let err = Report::new(source)
        .filters(Filters {
            groups: vec!["no-such-group".into()],
            ..Filters::default()
        })
        .rows()
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::FilterMatchesNothing { kind: FilterKind::Group, value, .. } if value == "no-such-group"),
        "{err:?}"
    );
    let err = HuaweiSource::connect(huawei_client(&emulator), Some("ins-nope"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InstanceNotFound { .. }), "{err:?}");
    emulator.shutdown().await;
}
