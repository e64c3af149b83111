//! How IdentityCenter rows are served: the borrowed items of the assignment listings, the
//! instances and application instances as the spec shapes them, and the provisioning filter.

use idc_raw::PrincipalType;
use serde::Serialize;

use crate::store::huawei_rows::{
    HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment, HuaweiInstance,
};
use idc_raw::huawei_identitycenter::types;

/// An account assignment as served, borrowed from the data set: the fields, order and spelling of
/// [`idc_raw::huawei::types::AccountAssignment`] (a test checks that both serialize the same), without
/// copying four strings per item of every page, which is most of the cost of serving one.
#[derive(Serialize)]
pub(crate) struct AccountItem<'a> {
    account_id: &'a str,
    permission_set_id: &'a str,
    principal_id: &'a str,
    principal_type: &'a PrincipalType,
}

/// An application assignment as served, borrowed: the shape of
/// [`idc_raw::huawei::types::ApplicationAssignment`], as [`AccountItem`] is of its type.
#[derive(Serialize)]
pub(crate) struct ApplicationItem<'a> {
    application_urn: &'a str,
    principal_id: &'a str,
    principal_type: &'a PrincipalType,
}

impl<'a> From<&'a HuaweiAccountAssignment> for AccountItem<'a> {
    fn from(a: &'a HuaweiAccountAssignment) -> Self {
        Self {
            account_id: &a.account_id,
            permission_set_id: &a.permission_set_id,
            principal_id: &a.principal_id,
            principal_type: &a.principal_type,
        }
    }
}

impl<'a> From<&'a HuaweiApplicationAssignment> for ApplicationItem<'a> {
    fn from(a: &'a HuaweiApplicationAssignment) -> Self {
        Self {
            application_urn: &a.application_urn,
            principal_id: &a.principal_id,
            principal_type: &a.principal_type,
        }
    }
}

/// The ids of `all` with the provisioning status asked for (both when `None`).
pub(crate) fn provisioned(
    all: &[crate::store::huawei_index::Provisioned],
    status: Option<&str>,
) -> Vec<String> {
    all.iter()
        .filter(|(_, ok)| match status {
            Some("LATEST_PERMISSION_SET_PROVISIONED") => *ok,
            Some("LATEST_PERMISSION_SET_NOT_PROVISIONED") => !*ok,
            _ => true,
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

pub(crate) fn instance_view(x: &HuaweiInstance) -> types::Instance {
    types::Instance {
        alias: x.alias.as_deref().map(str::to_owned),
        identity_store_id: x.identity_store_id.to_string(),
        instance_id: x.instance_id.to_string(),
        instance_urn: x.instance_urn.as_deref().map(str::to_owned),
    }
}

pub(crate) fn application_instance_view(a: &HuaweiApplication) -> types::ApplicationInstance {
    types::ApplicationInstance {
        application_instance_id: a.application_instance_id.to_string(),
        name: a.name.to_string(),
        display: Some(types::ApplicationInstanceDisplay {
            description: a.description.as_deref().map(str::to_owned),
            display_name: Some(a.name.to_string()),
            icon: None,
            extra: serde_json::Map::new(),
        }),
        visible: Some(&*a.status == "ENABLED"),
        status: Some(a.status.to_string()),
        active_certificate: None,
        identity_provider_config: None,
        response_config: None,
        response_schema_config: None,
        security_config: None,
        service_provider_config: None,
        template: None,
        client_id: None,
        end_user_visible: None,
        managed_account: None,
        extra: serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::dataset::DataSet;
    use idc_raw::huawei::types::{AccountAssignment, ApplicationAssignment};

    #[test]
    fn served_items_serialize_as_the_generated_types() {
        let data = DataSet::demo();
        for a in &data.huawei.account_assignments {
            let generated = AccountAssignment {
                account_id: a.account_id.to_string(),
                permission_set_id: a.permission_set_id.to_string(),
                principal_id: a.principal_id.to_string(),
                principal_type: a.principal_type.clone(),
            };
            assert_eq!(
                serde_json::to_string(&AccountItem::from(a)).unwrap(),
                serde_json::to_string(&generated).unwrap()
            );
        }
        for a in &data.huawei.application_assignments {
            let generated = ApplicationAssignment {
                application_urn: a.application_urn.to_string(),
                principal_id: a.principal_id.to_string(),
                principal_type: a.principal_type.clone(),
            };
            assert_eq!(
                serde_json::to_string(&ApplicationItem::from(a)).unwrap(),
                serde_json::to_string(&generated).unwrap()
            );
        }
    }
}
