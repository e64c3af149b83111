//! The SCP rows as served: each response item built from the rows its ids name.

use idc_raw::scp::types::{self, AccountAssignment, PermissionSetSummary};
use serde_json::{Map, Value, json};

use crate::http::dispatch::Context;
use crate::scp::common::at_least;
use crate::scp::pages::Listing;
use crate::store::scp_rows::{
    ScpAccount, ScpAccountAssignment, ScpGroup, ScpInstance, ScpPermissionSet, ScpPolicy,
    ScpPolicyCategory, ScpUser,
};
use crate::store::tables::Store;

/// Who created and modified every row, as served.
pub(crate) const ADMIN: &str = "emulator-admin";
/// The field the pre-1.2 versions send the custom policies under (the documentation does not name
/// it; the emulator uses the pre-1.2 category's spelling).
pub const PRE_1_2_CUSTOM_POLICIES_FIELD: &str = "customer_policies";

pub(crate) fn object(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// The identity store type of an instance that names none: the built-in directory.
pub(crate) const BUILT_IN_DIRECTORY: &str = "IDENTITY_CENTER_DIRECTORY";

/// An instance's LDAP settings as served: the bind credential masked, as the service shows it.
fn served_config(config: &Map<String, Value>) -> Option<types::IdentityStoreConfig> {
    let mut config = config.clone();
    if let Some(credential) = config.get_mut("bind_credential") {
        *credential = Value::from("********");
    }
    serde_json::from_value(Value::Object(config)).ok()
}

pub(crate) fn instance_wire(ctx: &Context<'_>, i: &ScpInstance) -> types::Instance {
    let text = |v: &Option<std::sync::Arc<str>>| v.as_deref().map(str::to_owned);
    // Sent by 1.3 and later, as `null` when the instance has none.
    let versioned = at_least(ctx, 3);
    let mut extra = Map::new();
    if versioned && i.public_ip.is_none() {
        extra.insert("public_ip".to_owned(), Value::Null);
    }
    if versioned && i.port.is_none() {
        extra.insert("port".to_owned(), Value::Null);
    }
    types::Instance {
        account_id: text(&i.account_id),
        created_at: i.created_at.to_string(),
        created_by: ADMIN.to_owned(),
        creator_name: None,
        delegated_account_id: None,
        delegated_at: None,
        delegated_by: None,
        description: text(&i.description),
        id: i.id.to_string(),
        identity_store_config: i.identity_store_config.as_ref().and_then(served_config),
        identity_store_id: None,
        identity_store_type: Some(
            (i.identity_store_type.as_deref())
                .unwrap_or(BUILT_IN_DIRECTORY)
                .to_owned(),
        ),
        last_sync_at: None,
        last_sync_status: None,
        master_account_id: None,
        modified_at: i.created_at.to_string(),
        modified_by: ADMIN.to_owned(),
        modifier_name: None,
        name: i.name.to_string(),
        organization_id: text(&i.organization_id),
        port: i.port.filter(|_| versioned).map(Value::from),
        public_ip: text(&i.public_ip).filter(|_| versioned),
        region: text(&i.region),
        resource_name: None,
        resource_type: None,
        resource_type_display_name: None,
        service: None,
        service_name: None,
        srn: Some(format!(
            "srn:{}::{}:iam-identity-center:instance/{}",
            i.region.as_deref().unwrap_or("kr-west1"),
            i.account_id.as_deref().unwrap_or_default(),
            i.id
        )),
        sso_start_url: text(&i.sso_start_url),
        state: i.state.to_string(),
        extra,
    }
}

pub(crate) fn user_summary(u: &ScpUser) -> types::UserSummary {
    types::UserSummary {
        id: u.id.to_string(),
        name: u.name.to_string(),
        user_id: u.user_id.to_string(),
        extra: Map::new(),
    }
}

pub(crate) fn user_group(g: &ScpGroup) -> types::UserGroup {
    types::UserGroup {
        created_at: Some(g.created_at.to_string()),
        created_by: Some(ADMIN.to_owned()),
        id: g.id.to_string(),
        modified_at: Some(g.created_at.to_string()),
        modified_by: Some(ADMIN.to_owned()),
        name: g.name.to_string(),
        extra: Map::new(),
    }
}

pub(crate) fn full_user(ctx: &Context<'_>, u: &ScpUser) -> types::User {
    let groups = ctx.store.scp_groups_of(&u.instance_id, &u.id);
    let text = |v: &Option<std::sync::Arc<str>>| v.as_deref().map(str::to_owned);
    types::User {
        business_unit: text(&u.business_unit),
        created_at: u.created_at.to_string(),
        created_by: ADMIN.to_owned(),
        creator_name: None,
        department: text(&u.department),
        description: text(&u.description),
        email: text(&u.email),
        email_authenticated: None,
        employee_id: text(&u.employee_id),
        groups: groups.map(user_group).collect(),
        id: u.id.to_string(),
        instance_id: u.instance_id.to_string(),
        last_login_at: None,
        last_password_update_at: None,
        manager: text(&u.manager),
        modified_at: u.modified_at.as_deref().unwrap_or(&u.created_at).to_owned(),
        modified_by: ADMIN.to_owned(),
        modifier_name: None,
        name: u.name.to_string(),
        nation_id: text(&u.nation_id),
        password: None,
        password_failed_count: None,
        password_reuse_count: None,
        phone_authenticated: None,
        phone_number: text(&u.phone_number),
        temporary_password: u.temporary_password.map(serde_json::Value::from),
        tz_id: text(&u.tz_id),
        user_id: u.user_id.to_string(),
        extra: Map::new(),
    }
}

pub(crate) fn group_wire(ctx: &Context<'_>, g: &ScpGroup) -> types::Group {
    let members = g.members.iter();
    let users: Vec<types::UserSummary> = (members
        .filter_map(|m| ctx.store.scp_user(&g.instance_id, m)))
    .map(user_summary)
    .collect();
    types::Group {
        created_at: g.created_at.to_string(),
        created_by: ADMIN.to_owned(),
        creator_name: None,
        description: g.description.as_deref().map(str::to_owned),
        id: g.id.to_string(),
        instance_id: g.instance_id.to_string(),
        modified_at: g.created_at.to_string(),
        modified_by: ADMIN.to_owned(),
        modifier_name: None,
        name: g.name.to_string(),
        user_count: i64::try_from(users.len()).unwrap_or(i64::MAX),
        users,
        extra: Map::new(),
    }
}

pub(crate) fn policy_wire(ctx: &Context<'_>, p: &ScpPolicy) -> Value {
    object([
        ("id", json!(p.id)),
        ("name", json!(p.name)),
        ("category", json!(p.category.as_str(at_least(ctx, 2)))),
        ("description", json!(p.description)),
        ("document", p.document.clone().unwrap_or(Value::Null)),
    ])
}

/// A permission set's policies of one category, as its lists carry them.
pub(crate) fn policies_of(
    ctx: &Context<'_>,
    set: &ScpPermissionSet,
    category: ScpPolicyCategory,
) -> Vec<Value> {
    set.policies
        .iter()
        .filter(|p| p.category == category)
        .map(|p| policy_wire(ctx, p))
        .collect()
}

pub(crate) fn permission_set_wire(ctx: &Context<'_>, p: &ScpPermissionSet) -> types::PermissionSet {
    let [managed, inline, custom] = policy_lists(ctx, p);
    let (custom_policies, extra) = versioned_custom(ctx, custom);
    types::PermissionSet {
        account_id: None,
        created_at: p.created_at.to_string(),
        created_by: ADMIN.to_owned(),
        creator_name: None,
        custom_policies,
        description: p.description.as_deref().map(str::to_owned),
        id: p.id.to_string(),
        inline_policies: inline,
        instance_id: p.instance_id.to_string(),
        managed_policies: managed,
        modified_at: p.created_at.to_string(),
        modified_by: ADMIN.to_owned(),
        modifier_name: None,
        name: p.name.to_string(),
        resource_name: None,
        resource_type: None,
        resource_type_display_name: None,
        service: None,
        service_name: None,
        session_duration: p.session_duration,
        srn: None,
        state: Some("ACTIVE".to_owned()),
        extra,
    }
}

/// A permission set's managed, inline and custom policies, as its lists carry them.
fn policy_lists(ctx: &Context<'_>, set: &ScpPermissionSet) -> [Vec<Value>; 3] {
    use ScpPolicyCategory::{Custom, Inline, Managed};
    [Managed, Inline, Custom].map(|category| policies_of(ctx, set, category))
}

/// The custom policies under the negotiated version's name: `custom_policies` (1.2 and later), or
/// the pre-1.2 field, returned apart (it is not a field of the spec's types).
fn versioned_custom(
    ctx: &Context<'_>,
    custom: Vec<Value>,
) -> (Option<Vec<Value>>, Map<String, Value>) {
    if at_least(ctx, 2) {
        (Some(custom), Map::new())
    } else {
        let old = (
            PRE_1_2_CUSTOM_POLICIES_FIELD.to_owned(),
            Value::Array(custom),
        );
        (None, Map::from_iter([old]))
    }
}

pub(crate) fn permission_set_summary(
    ctx: &Context<'_>,
    p: &ScpPermissionSet,
) -> PermissionSetSummary {
    let [managed, inline, custom] = policy_lists(ctx, p);
    let (custom_policies, extra) = versioned_custom(ctx, custom);
    PermissionSetSummary {
        custom_policies,
        inline_policies: Some(inline),
        managed_policies: Some(managed),
        permission_set_id: Some(p.id.to_string()),
        permission_set_name: Some(p.name.to_string()),
        permission_set_srn: Some(format!(
            "srn:iam-identity-center:kr-west1:{}:permission-set/{}",
            p.instance_id, p.id
        )),
        session_duration: p.session_duration.map(Value::from),
        extra,
    }
}

/// An assignment as served: its names and permission sets looked up in the rows its ids name.
pub(crate) fn to_wire(ctx: &Context<'_>, a: &ScpAccountAssignment) -> AccountAssignment {
    let store = &ctx.store;
    let account = store.scp_account(&a.target_account_id);
    AccountAssignment {
        instance_id: a.instance_id.to_string(),
        permission_sets: a
            .permission_set_ids
            .iter()
            .filter_map(|id| store.scp_permission_set(&a.instance_id, id))
            .map(|p| permission_set_summary(ctx, p))
            .collect(),
        principal_id: a.principal_id.to_string(),
        principal_name: store.scp_principal_name(a).unwrap_or_default().to_owned(),
        principal_type: a.principal_type.clone(),
        role_srn: a.role_srn.to_string(),
        target_account_email: account.map(|x| x.email.to_string()).unwrap_or_default(),
        target_account_id: a.target_account_id.to_string(),
        target_account_name: account.map(|x| x.name.to_string()).unwrap_or_default(),
        extra: serde_json::Map::new(),
    }
}

/// A field of an assignment as served (or `permission_set_id`, its first permission set, and
/// `created_at`), by name: what filters match and sorts order by.
pub(crate) fn field<'a>(
    store: &'a Store,
    a: &'a ScpAccountAssignment,
    name: &str,
) -> Option<&'a str> {
    match name {
        "instance_id" => Some(&a.instance_id),
        "target_account_id" => Some(&a.target_account_id),
        "target_account_name" => store.scp_account(&a.target_account_id).map(|x| &*x.name),
        "target_account_email" => store.scp_account(&a.target_account_id).map(|x| &*x.email),
        "permission_set_id" => a.permission_set_ids.first().map(|p| &**p),
        "principal_id" => Some(&a.principal_id),
        "principal_name" => store.scp_principal_name(a),
        "principal_type" => Some(a.principal_type.as_str()),
        "role_srn" => Some(&a.role_srn),
        "created_at" => a.created_at.as_deref(),
        _ => None,
    }
}

pub(crate) fn account_wire(a: &ScpAccount) -> idc_raw::scp_organization::types::Account {
    idc_raw::scp_organization::types::Account {
        created_at: a.created_at.to_string(),
        created_by: ADMIN.to_owned(),
        email: Some(a.email.to_string()),
        id: a.id.to_string(),
        joined_method: a.joined_method.to_string(),
        joined_time: a.joined_time.to_string(),
        login_id: a.login_id.as_deref().map(str::to_owned),
        modified_at: a.created_at.to_string(),
        modified_by: ADMIN.to_owned(),
        name: Some(a.name.to_string()),
        organization_id: a.organization_id.to_string(),
        parent_unit_id: a.parent_unit_id.to_string(),
        parent_unit_name: a.parent_unit_name.as_deref().map(str::to_owned),
        state: a.state.to_string(),
        type_: a.type_.to_string(),
        extra: Map::new(),
    }
}

/// A timestamp of the `joined_*_date` filters or the data, as a comparable instant.
pub(crate) fn instant(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

/// An audit field of a row created at `created_at` (`None` for another field).
fn audit_field(created_at: &str, field: &str) -> Option<Value> {
    match field {
        "created_at" | "modified_at" => Some(json!(created_at)),
        "created_by" | "modified_by" => Some(json!(ADMIN)),
        _ => None,
    }
}

/// ListInstances' items.
pub(crate) static INSTANCES: Listing<ScpInstance> = Listing {
    items: "instances",
    fields: &[
        "account_id",
        "created_at",
        "created_by",
        "description",
        "id",
        "identity_store_type",
        "modified_at",
        "modified_by",
        "name",
        "organization_id",
        "port",
        "public_ip",
        "region",
        "srn",
        "sso_start_url",
        "state",
    ],
    // Every field is a scalar of a small row: the served item is read.
    field: |ctx, i, f| field_of(&instance_wire(ctx, i), f),
};

/// ListUsers' items.
pub(crate) static USERS: Listing<ScpUser> = Listing {
    items: "users",
    fields: &["id", "name", "user_id"],
    field: |_, u, f| field_of(&user_summary(u), f),
};

/// ListGroups' items: the member count is counted, the members are not built.
pub(crate) static GROUPS: Listing<ScpGroup> = Listing {
    items: "groups",
    fields: &[
        "created_at",
        "created_by",
        "description",
        "id",
        "instance_id",
        "modified_at",
        "modified_by",
        "name",
        "user_count",
    ],
    field: |_, g, f| match f {
        "id" => json!(g.id),
        "instance_id" => json!(g.instance_id),
        "name" => json!(g.name),
        "description" => json!(g.description),
        "user_count" => json!(g.members.len()),
        other => audit_field(&g.created_at, other).unwrap_or_default(),
    },
};

/// ListGroupUsers' items: the group count is counted, the groups are not built.
pub(crate) static GROUP_USERS: Listing<ScpUser> = Listing {
    items: "users",
    fields: &[
        "created_at",
        "created_by",
        "group_count",
        "id",
        "modified_at",
        "modified_by",
        "name",
        "user_id",
    ],
    field: |ctx, u, f| match f {
        "id" => json!(u.id),
        "user_id" => json!(u.user_id),
        "name" => json!(u.name),
        "group_count" => json!(ctx.store.scp_groups_of(&u.instance_id, &u.id).count()),
        other => audit_field(&u.created_at, other).unwrap_or_default(),
    },
};

/// ListPermissionSets' items.
pub(crate) static PERMISSION_SETS: Listing<ScpPermissionSet> = Listing {
    items: "permission_sets",
    fields: &[
        "created_at",
        "created_by",
        "description",
        "id",
        "instance_id",
        "modified_at",
        "modified_by",
        "name",
        "session_duration",
        "state",
    ],
    field: |_, p, f| match f {
        "id" => json!(p.id),
        "instance_id" => json!(p.instance_id),
        "name" => json!(p.name),
        "description" => json!(p.description),
        "session_duration" => json!(p.session_duration),
        "state" => json!("ACTIVE"),
        other => audit_field(&p.created_at, other).unwrap_or_default(),
    },
};

/// ListPermissionSetPolicies' items.
pub(crate) static POLICIES: Listing<ScpPolicy> = Listing {
    items: "policies",
    fields: &["category", "description", "id", "name"],
    field: |ctx, p, f| policy_wire(ctx, p).get(f).cloned().unwrap_or_default(),
};

/// Organization ListAccounts' items.
pub(crate) static ACCOUNTS: Listing<ScpAccount> = Listing {
    items: "accounts",
    fields: &[
        "created_at",
        "created_by",
        "email",
        "id",
        "joined_method",
        "joined_time",
        "login_id",
        "modified_at",
        "modified_by",
        "name",
        "organization_id",
        "parent_unit_id",
        "parent_unit_name",
        "state",
        "type",
    ],
    field: |_, a, f| field_of(&account_wire(a), f),
};

/// A member of a group as ListGroupUsers serves it: with the groups it is in.
pub(crate) fn group_user(ctx: &Context<'_>, u: &ScpUser) -> types::GroupUser {
    let groups: Vec<types::UserGroup> = (ctx.store.scp_groups_of(&u.instance_id, &u.id))
        .map(user_group)
        .collect();
    types::GroupUser {
        created_at: u.created_at.to_string(),
        created_by: ADMIN.to_owned(),
        group_count: i64::try_from(groups.len()).unwrap_or(i64::MAX),
        groups,
        id: u.id.to_string(),
        modified_at: u.created_at.to_string(),
        modified_by: ADMIN.to_owned(),
        name: u.name.to_string(),
        user_id: u.user_id.to_string(),
        extra: Map::new(),
    }
}

/// Whether `category` is the custom-policy category's spelling of the other API versions.
pub(crate) fn misspelled_category(category: &str, renamed: bool) -> bool {
    category
        == if renamed {
            "CUSTOMER_POLICY"
        } else {
            "CUSTOM_POLICY"
        }
}

/// ListAccountAssignments' items (the spec's pattern lists the sort fields).
pub(crate) static ASSIGNMENTS: Listing<ScpAccountAssignment> = Listing {
    items: "account_assignments",
    fields: &[
        "created_at",
        "instance_id",
        "permission_set_id",
        "principal_id",
        "principal_name",
        "principal_type",
        "role_srn",
        "target_account_email",
        "target_account_id",
        "target_account_name",
    ],
    // `permission_set_ids`, the whole list, is what the `permission_set_id` filter matches.
    field: |ctx, a, f| match f {
        "permission_set_ids" => json!(a.permission_set_ids),
        _ => json!(field(ctx.store, a, f)),
    },
};

/// A field of a served item, by name (`null` when it has none).
fn field_of(item: &impl serde::Serialize, field: &str) -> Value {
    let value = serde_json::to_value(item).unwrap_or_default();
    value.get(field).cloned().unwrap_or_default()
}
