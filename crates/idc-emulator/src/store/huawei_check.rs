//! The checks of the Huawei rows of a data set being loaded: ids, uniqueness, and the references
//! declared in `huawei_references.rs`.

use std::collections::{HashMap, HashSet};

use idc_raw::PrincipalType;

use crate::store::error::{DataError, Invalid};
use crate::store::huawei_references as refs;
use crate::store::huawei_rows::{HuaweiData, check_huawei_id};
use crate::store::references::{LoadedKeys, Named};

/// The checks of the Huawei entities: each id keeps the spec's rules, each key is unique in its
/// table, and every reference declared in `huawei_references.rs` names a row. `invalid` builds
/// the error for a JSON path.
///
/// An instance listed in `instances` is *modelled*: everything on it must resolve (principals in
/// its identity store, permission sets in it, accounts in `accounts`, applications in it).
/// Assignments on an instance that is not listed are the pre-entity format and are served by the
/// two `...ForPrincipal` operations only, unchecked. An assignment marked `principal_deleted`
/// must name a principal that is missing (and its other references must resolve).
pub(crate) fn check(huawei: &HuaweiData, invalid: Invalid<'_>) -> Result<(), DataError> {
    let id = |path: String, value: &str| {
        check_huawei_id(value).map_err(|problem| invalid(path, problem))
    };
    let nonempty = |path: String, value: &str| {
        if value.is_empty() || value.len() > 1024 {
            Err(invalid(path, "must be 1 to 1024 characters".to_owned()))
        } else {
            Ok(())
        }
    };
    let mut keys = LoadedKeys::default();
    // Records the key of a row, refusing a second row with the same key.
    let mut unique = |path: String, table, what: &str, scope, value| {
        if keys.insert(table, Named { scope, value }) {
            Ok(())
        } else {
            Err(invalid(path, format!("{what} {value:?} is listed twice")))
        }
    };

    let mut instances: HashMap<&str, &str> = HashMap::new();
    for (i, x) in huawei.instances.iter().enumerate() {
        let at = |f: &str| format!("huawei.instances[{i}].{f}");
        id(at("instance_id"), &x.instance_id)?;
        if x.identity_store_id.chars().count() != 12 {
            return Err(invalid(
                at("identity_store_id"),
                format!(
                    "{:?} is not 12 characters, so no IdentityStore request could name it",
                    x.identity_store_id
                ),
            ));
        }
        unique(
            at("instance_id"),
            refs::INSTANCES,
            "instance",
            None,
            &x.instance_id,
        )?;
        instances.insert(&x.instance_id, &x.identity_store_id);
    }
    for (i, u) in huawei.users.iter().enumerate() {
        let at = |f: &str| format!("huawei.users[{i}].{f}");
        id(at("user_id"), &u.user_id)?;
        nonempty(at("user_name"), &u.user_name)?;
        let store = Some(&*u.identity_store_id);
        unique(at("user_id"), refs::USERS, "user", store, &u.user_id)?;
        unique(
            at("user_name"),
            "huawei.users(user_name)",
            "user name",
            store,
            &u.user_name,
        )?;
    }
    for (i, g) in huawei.groups.iter().enumerate() {
        let at = |f: &str| format!("huawei.groups[{i}].{f}");
        id(at("group_id"), &g.group_id)?;
        nonempty(at("display_name"), &g.display_name)?;
        let store = Some(&*g.identity_store_id);
        unique(at("group_id"), refs::GROUPS, "group", store, &g.group_id)?;
        let name = &g.display_name;
        unique(
            at("display_name"),
            "huawei.groups(display_name)",
            "group name",
            store,
            name,
        )?;
    }
    let mut memberships: HashSet<(&str, &str, &str)> = HashSet::new();
    for (i, m) in huawei.group_memberships.iter().enumerate() {
        if !memberships.insert((&m.identity_store_id, &m.group_id, &m.user_id)) {
            return Err(invalid(
                format!("huawei.group_memberships[{i}].user_id"),
                format!(
                    "user {:?} is listed twice as a member of group {:?}",
                    m.user_id, m.group_id
                ),
            ));
        }
    }
    for (i, x) in huawei.sessions.iter().enumerate() {
        let at = format!("huawei.sessions[{i}].session_id");
        id(at.clone(), &x.session_id)?;
        let store = Some(&*x.identity_store_id);
        unique(at, "huawei.sessions", "session", store, &x.session_id)?;
    }
    for (i, x) in huawei.mfa_devices.iter().enumerate() {
        let at = format!("huawei.mfa_devices[{i}].device_id");
        id(at.clone(), &x.device_id)?;
        let store = Some(&*x.identity_store_id);
        unique(at, "huawei.mfa_devices", "MFA device", store, &x.device_id)?;
    }
    for (i, a) in huawei.accounts.iter().enumerate() {
        let at = |f: &str| format!("huawei.accounts[{i}].{f}");
        id(at("account_id"), &a.account_id)?;
        nonempty(at("name"), &a.name)?;
        unique(
            at("account_id"),
            refs::ACCOUNTS,
            "account",
            None,
            &a.account_id,
        )?;
    }
    for (i, p) in huawei.permission_sets.iter().enumerate() {
        let at = |f: &str| format!("huawei.permission_sets[{i}].{f}");
        id(at("permission_set_id"), &p.permission_set_id)?;
        nonempty(at("name"), &p.name)?;
        let (instance, set) = (Some(&*p.instance_id), &*p.permission_set_id);
        unique(
            at("permission_set_id"),
            refs::PERMISSION_SETS,
            "permission set",
            instance,
            set,
        )?;
        for (field, document) in [
            ("custom_policy", &p.custom_policy),
            ("custom_role", &p.custom_role),
        ] {
            if let Some(document) = document
                && let Err(err) = serde_json::from_str::<serde_json::Value>(document)
            {
                return Err(invalid(at(field), format!("not a JSON document: {err}")));
            }
        }
    }
    for (i, a) in huawei.applications.iter().enumerate() {
        let at = |f: &str| format!("huawei.applications[{i}].{f}");
        let (instance, app) = (Some(&*a.instance_id), &*a.application_instance_id);
        id(at("application_instance_id"), app)?;
        nonempty(at("application_urn"), &a.application_urn)?;
        nonempty(at("name"), &a.name)?;
        unique(
            at("application_instance_id"),
            "huawei.applications",
            "application",
            instance,
            app,
        )?;
        let urn = &*a.application_urn;
        unique(
            at("application_urn"),
            refs::APPLICATION_URNS,
            "application URN",
            instance,
            urn,
        )?;
    }
    let accounts: HashSet<&str> = huawei.accounts.iter().map(|a| &*a.account_id).collect();
    let delegations = huawei
        .organization
        .iter()
        .flat_map(|o| &o.delegated_administrators);
    for (i, d) in delegations.enumerate() {
        let at = |f: &str| format!("huawei.organization.delegated_administrators[{i}].{f}");
        nonempty(at("service_principal"), &d.service_principal)?;
        if !accounts.contains(&*d.account_id) {
            let message = format!("account {:?} is not in huawei.accounts", d.account_id);
            return Err(invalid(at("account_id"), message));
        }
        let (account, service) = (Some(&*d.account_id), &*d.service_principal);
        let what = "delegated service of the account";
        unique(
            at("service_principal"),
            "huawei.delegations",
            what,
            account,
            service,
        )?;
    }
    // Instances may share an identity store: the stores are keys of no row of their own.
    for store in instances.values() {
        keys.insert(
            refs::STORES,
            Named {
                scope: None,
                value: store,
            },
        );
    }
    let exists = |table: &str, named: Named<'_>| keys.contains(table, named);
    refs::check_data(huawei, &instances, &exists)
        .map_err(|(path, message)| invalid(path, message))?;
    let accounts = &huawei.account_assignments;
    deleted_principals_missing(
        "huawei.account_assignments",
        accounts,
        &instances,
        &keys,
        invalid,
    )?;
    let applications = &huawei.application_assignments;
    let table = "huawei.application_assignments";
    deleted_principals_missing(table, applications, &instances, &keys, invalid)
}

/// Refuses an assignment marked `principal_deleted` whose principal exists: the marker stands for
/// a principal deleted outside the API, so it may only be on a row whose principal is missing.
fn deleted_principals_missing<'a, R: refs::Assignment + 'a>(
    table: &str,
    rows: impl IntoIterator<Item = &'a R>,
    instances: &HashMap<&str, &str>,
    keys: &LoadedKeys<'_>,
    invalid: Invalid<'_>,
) -> Result<(), DataError> {
    for (i, a) in rows.into_iter().enumerate() {
        let Some(&store) = instances.get(a.instance_id()) else {
            continue;
        };
        let (to, what) = match a.principal_type() {
            PrincipalType::Group => (refs::GROUPS, "group"),
            _ => (refs::USERS, "user"),
        };
        let value = a.principal_id();
        if a.principal_deleted()
            && keys.contains(
                to,
                Named {
                    scope: Some(store),
                    value,
                },
            )
        {
            return Err(invalid(
                format!("{table}[{i}].principal_deleted"),
                format!(
                    "{what} {value:?} of identity store {store:?} exists: only an assignment \
                     whose principal is missing can say it was deleted"
                ),
            ));
        }
    }
    Ok(())
}
