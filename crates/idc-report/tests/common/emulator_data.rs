//! A [`MemorySource`] written as the emulator's data file format (Huawei and SCP parts).

use idc_emulator::{DataSet, Fault, FaultPlan, demo};
use idc_report::source::{MemorySource, PrincipalType};
use serde_json::{Value, json};

pub const IDENTITY_STORE: &str = "d-0000000001";
pub const SCP_INSTANCE: &str = "ssoins-00001";
/// The project id of the test credentials (IdentityStore is project-scoped).
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
pub const CREATED: &str = "2026-01-01T00:00:00Z";

pub fn kind(k: PrincipalType) -> &'static str {
    match k {
        PrincipalType::User => "USER",
        PrincipalType::Group => "GROUP",
    }
}

/// `data` as the emulator's Huawei data (file format), with the demo credentials.
pub fn huawei_data_set(data: &MemorySource) -> DataSet {
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
        "accounts": data.accounts.iter().map(|a| json!({
            "account_id": a.id, "name": a.name, "parent_id": data.account_parents.get(&a.id),
        })).collect::<Vec<_>>(),
        "organizational_units": data.units.iter().map(|u| json!({
            "id": u.entity.id, "name": u.entity.name, "parent_id": u.parent,
        })).collect::<Vec<_>>(),
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
pub fn scp_data_set(data: &MemorySource) -> DataSet {
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
            "organization_id": "org-0001",
            "parent_unit_id": data.account_parents.get(&a.id).map_or("ou-0001", String::as_str),
            "type": "MEMBER",
            "state": "ACTIVE", "joined_method": "CREATED", "joined_time": CREATED,
            "created_at": CREATED,
        })).collect::<Vec<_>>(),
        "account_assignments": account_assignments,
    }});
    DataSet::from_json_str(&document.to_string()).unwrap()
}

/// Injected 429s (15 %, `Retry-After: 0`) and 503s (10 %), or none.
pub fn throttling_faults(on: bool, seed: u64) -> FaultPlan {
    if !on {
        return FaultPlan::default();
    }
    FaultPlan::new(seed)
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
}

/// Enough quick retries to get through [`throttling_faults`].
pub fn quick_retries() -> idc::retry::RetryPolicy {
    idc::retry::RetryPolicy::standard()
        .with_max_attempts(12)
        .with_initial_backoff(std::time::Duration::from_millis(1))
        .with_max_backoff(std::time::Duration::from_millis(5))
}
