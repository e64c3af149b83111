//! Samsung Cloud Platform: the data lookups of the operations of iam-identity-center and
//! organization (routing, parsing and validation are generated from the specs), and API version
//! negotiation.
//!
//! Every operation is a view of the same rows ([`ScpData`](crate::ScpData)): an assignment's
//! account name, principal name and permission sets are looked up in the account, user, group and
//! permission set rows its ids name. Ids that name no row are `404` in SCP's error shape. Lists
//! page with a 0-based `page` and a `size` of 1 to 100 (default 20), filter by exact match, and
//! sort by `field:asc|desc` keys over the fields of their items; `count` is the number of matching
//! items.

use std::cmp::Ordering;

use axum::response::Response;
use http::StatusCode;
use idc_raw::scp::types::{
    AccountAssignment, AccountAssignmentsPageResponse, PermissionSetSummary,
};
use serde_json::{Map, Value, json};

use crate::app::App;
use crate::data::{
    ScpAccount, ScpAccountAssignment, ScpGroup, ScpInstance, ScpPermissionSet, ScpPolicy, ScpUser,
};
use crate::dispatch::Context;
use crate::generated::{scp_iam_identity_center as iic, scp_organization as org};
use crate::respond::{self, json};
use crate::scp_versions::today;
use crate::store::{Store, key};

/// The order when `sort` is not given (the data order), as echoed in `sort`.
const DEFAULT_SORT: &str = "created_at:asc";
/// Who created and modified every row, as served.
const ADMIN: &str = "emulator-admin";
/// The field the pre-1.2 versions send the custom policies under (the documentation does not name
/// it; the emulator uses the pre-1.2 category's spelling).
pub const PRE_1_2_CUSTOM_POLICIES_FIELD: &str = "customer_policies";

/// Whether the negotiated version is `1.minor` or later (no version: the latest).
fn at_least(ctx: &Context<'_>, minor: u16) -> bool {
    ctx.version.is_none_or(|v| (v.major, v.minor) >= (1, minor))
}

fn not_found(ctx: &Context<'_>, what: &str, id: &str) -> Response {
    tracing::info!(what, id, "not found");
    respond::scp_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        vec![format!("{what} {id:?} does not exist")],
        &ctx.request_id,
    )
}

/// A filter value: an empty optional parameter is no filter (the parameters are nullable).
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// The `field:asc|desc` keys of a `sort` the spec's pattern has checked.
fn sort_keys(sort: Option<&str>) -> Vec<(String, bool)> {
    sort.unwrap_or_default()
        .split(',')
        .filter_map(|key| key.split_once(':'))
        .map(|(field, direction)| (field.to_owned(), direction == "desc"))
        .collect()
}

fn echo_sort(keys: &[(String, bool)]) -> Vec<String> {
    if keys.is_empty() {
        return vec![DEFAULT_SORT.to_owned()];
    }
    keys.iter()
        .map(|(field, desc)| format!("{field}:{}", if *desc { "desc" } else { "asc" }))
        .collect()
}

/// The page asked for (page 0 again under a repeated-page fault) and the size, as the request
/// gave them or the spec's defaults the parser filled in (bounds checked there too).
fn paging(ctx: &Context<'_>, page: i64, size: i64) -> (usize, usize, usize) {
    let requested = usize::try_from(page).unwrap_or(0);
    let size = usize::try_from(size).unwrap_or(0);
    let page = if ctx.repeat { 0 } else { requested };
    (requested, page, size)
}

/// Orders JSON values: absent and `null` first, then booleans, numbers, strings, the rest by text.
fn compare_values(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(v: Option<&Value>) -> u8 {
        match v {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(x), Some(y)) if rank(a) == 4 && rank(b) == 4 => x.to_string().cmp(&y.to_string()),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// One page of a list operation's rows, as `wire` serves them: sorted by `sort` (the fields of
/// the served items; an unknown field is a 400), then cut at `page` and `size`. Without `sort`
/// only the page's rows are turned into JSON. The body is `{items_key: [...], count, page, size,
/// sort}`.
fn page_of<T>(
    ctx: &Context<'_>,
    items_key: &str,
    rows: Vec<T>,
    wire: impl Fn(&T) -> Value,
    sort: Option<&str>,
    page: i64,
    size: i64,
) -> Response {
    let keys = sort_keys(sort);
    let (requested, page, size) = paging(ctx, page, size);
    let count = rows.len();
    let start = page.saturating_mul(size).min(count);
    let end = start.saturating_add(size).min(count);
    let items: Vec<Value> = if keys.is_empty() {
        rows[start..end].iter().map(&wire).collect()
    } else {
        let mut items: Vec<Value> = rows.iter().map(&wire).collect();
        if let Some(first) = items.first().and_then(Value::as_object) {
            let unknown: Vec<String> = keys
                .iter()
                .filter(|(field, _)| !first.contains_key(field))
                .map(|(field, _)| {
                    let mut fields: Vec<&str> = first.keys().map(String::as_str).collect();
                    fields.sort_unstable();
                    format!(
                        "sort: {items_key} cannot be sorted by {field:?}; the fields are {}",
                        fields.join(", ")
                    )
                })
                .collect();
            if !unknown.is_empty() {
                return crate::dispatch::invalid(ctx, unknown);
            }
        }
        items.sort_by(|a, b| {
            keys.iter()
                .map(|(field, desc)| {
                    let order = compare_values(a.get(field), b.get(field));
                    if *desc { order.reverse() } else { order }
                })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
        items.drain(start..end).collect()
    };
    let mut body = Map::new();
    body.insert(items_key.to_owned(), Value::Array(items));
    body.insert("count".to_owned(), json!(count));
    body.insert("page".to_owned(), json!(requested));
    body.insert("size".to_owned(), json!(size));
    body.insert("sort".to_owned(), json!(echo_sort(&keys)));
    json(StatusCode::OK, &body)
}

/// `GET /` of a service: its version table, newest first.
fn versions(ctx: &Context<'_>) -> Response {
    let table = ctx.operation.scp.as_ref().map_or(&[][..], |s| s.versions);
    // What negotiate refuses is not announced: a retired version is gone from the list.
    let today = today(ctx.app);
    let versions: Vec<Value> = table
        .iter()
        .filter(|v| ctx.app.serve_past_versions || v.not_before.is_none_or(|d| d >= today))
        .map(|v| {
            json!({
                "id": format!("v{}.{}", v.major, v.minor),
                "links": [],
                "not_before": v.not_before.map(|d| d.to_string()),
                "status": v.status.as_str(),
            })
        })
        .collect();
    json(StatusCode::OK, &json!({ "versions": versions }))
}

/// The audit fields every row is served with.
fn audit(created_at: &str) -> [(&'static str, Value); 4] {
    [
        ("created_at", json!(created_at)),
        ("created_by", json!(ADMIN)),
        ("modified_at", json!(created_at)),
        ("modified_by", json!(ADMIN)),
    ]
}

fn object(fields: impl IntoIterator<Item = (&'static str, Value)>) -> Value {
    Value::Object(
        fields
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn instance_wire(ctx: &Context<'_>, i: &ScpInstance) -> Value {
    let mut fields = vec![
        ("id", json!(i.id)),
        ("name", json!(i.name)),
        ("description", json!(i.description)),
        ("state", json!(i.state)),
        ("account_id", json!(i.account_id)),
        ("organization_id", json!(i.organization_id)),
        ("region", json!(i.region)),
        ("sso_start_url", json!(i.sso_start_url)),
        ("identity_store_type", json!("BUILT_IN")),
        (
            "srn",
            json!(format!(
                "srn:{}::{}:iam-identity-center:instance/{}",
                i.region.as_deref().unwrap_or("kr-west1"),
                i.account_id.as_deref().unwrap_or_default(),
                i.id
            )),
        ),
    ];
    fields.extend(audit(&i.created_at));
    if at_least(ctx, 3) {
        // Sent by 1.3 and later, as `null` when the instance has none.
        let mut value = object(fields);
        if let Some(map) = value.as_object_mut() {
            map.insert("public_ip".to_owned(), json!(i.public_ip));
            map.insert("port".to_owned(), json!(i.port));
        }
        return value;
    }
    object(fields)
}

fn user_summary(u: &ScpUser) -> Value {
    json!({"id": u.id, "name": u.name, "user_id": u.user_id})
}

fn user_group(g: &ScpGroup) -> Value {
    let mut fields = vec![("id", json!(g.id)), ("name", json!(g.name))];
    fields.extend(audit(&g.created_at));
    object(fields)
}

impl Store {
    fn scp_user(&self, instance: &str, id: &str) -> Option<&ScpUser> {
        let &i = self.scp.users.get(&key(&[instance, id]))?;
        self.data.scp.users.get(i as usize)
    }

    fn scp_group(&self, instance: &str, id: &str) -> Option<&ScpGroup> {
        let &i = self.scp.groups.get(&key(&[instance, id]))?;
        self.data.scp.groups.get(i as usize)
    }

    fn scp_permission_set(&self, instance: &str, id: &str) -> Option<&ScpPermissionSet> {
        let &i = self.scp.permission_sets.get(&key(&[instance, id]))?;
        self.data.scp.permission_sets.get(i as usize)
    }

    fn scp_account(&self, id: &str) -> Option<&ScpAccount> {
        let &i = self.scp.accounts.get(id)?;
        self.data.scp.accounts.get(i as usize)
    }

    fn scp_instance(&self, id: &str) -> Option<&ScpInstance> {
        let &i = self.scp.instances.get(id)?;
        self.data.scp.instances.get(i as usize)
    }

    /// The groups a user is a member of.
    fn scp_groups_of(&self, instance: &str, user: &str) -> impl Iterator<Item = &ScpGroup> {
        self.scp
            .memberships
            .get(&key(&[instance, user]))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.data.scp.groups.get(i as usize))
    }

    /// The name of an assignment's principal.
    fn scp_principal_name(&self, a: &ScpAccountAssignment) -> Option<&str> {
        match a.principal_type {
            idc_raw::PrincipalType::User => self
                .scp_user(&a.instance_id, &a.principal_id)
                .map(|u| &*u.name),
            idc_raw::PrincipalType::Group => self
                .scp_group(&a.instance_id, &a.principal_id)
                .map(|g| &*g.name),
            idc_raw::PrincipalType::Unknown(_) => None,
        }
    }

    /// The principals (`USER` or `GROUP` ids) assigned on an account of an instance.
    fn scp_principals_on(&self, instance: &str, account: &str, user: bool) -> Vec<&str> {
        self.scp_accounts(instance, account)
            .iter()
            .filter_map(|&p| self.data.scp.account_assignments.get(p as usize))
            .filter(|a| (a.principal_type == idc_raw::PrincipalType::User) == user)
            .map(|a| &*a.principal_id)
            .collect()
    }
}

fn full_user(ctx: &Context<'_>, u: &ScpUser) -> Value {
    let store = &ctx.app.store;
    let groups: Vec<Value> = store
        .scp_groups_of(&u.instance_id, &u.id)
        .map(user_group)
        .collect();
    let mut fields = vec![
        ("id", json!(u.id)),
        ("instance_id", json!(u.instance_id)),
        ("user_id", json!(u.user_id)),
        ("name", json!(u.name)),
        ("email", json!(u.email)),
        ("department", json!(u.department)),
        ("groups", Value::Array(groups)),
    ];
    fields.extend(audit(&u.created_at));
    object(fields)
}

fn group_wire(ctx: &Context<'_>, g: &ScpGroup) -> Value {
    let store = &ctx.app.store;
    let users: Vec<Value> = g
        .members
        .iter()
        .filter_map(|m| store.scp_user(&g.instance_id, m))
        .map(user_summary)
        .collect();
    let mut fields = vec![
        ("id", json!(g.id)),
        ("instance_id", json!(g.instance_id)),
        ("name", json!(g.name)),
        ("description", json!(g.description)),
        ("user_count", json!(users.len())),
        ("users", Value::Array(users)),
    ];
    fields.extend(audit(&g.created_at));
    object(fields)
}

fn policy_wire(ctx: &Context<'_>, p: &ScpPolicy) -> Value {
    object([
        ("id", json!(p.id)),
        ("name", json!(p.name)),
        ("category", json!(p.category.as_str(at_least(ctx, 2)))),
        ("description", json!(p.description)),
        ("document", p.document.clone().unwrap_or(Value::Null)),
    ])
}

/// The custom-policies field's name in the negotiated version.
fn custom_field(ctx: &Context<'_>) -> &'static str {
    if at_least(ctx, 2) {
        "custom_policies"
    } else {
        PRE_1_2_CUSTOM_POLICIES_FIELD
    }
}

/// A permission set's policies of one category, as its lists carry them.
fn policies_of(
    ctx: &Context<'_>,
    set: &ScpPermissionSet,
    category: crate::ScpPolicyCategory,
) -> Vec<Value> {
    set.policies
        .iter()
        .filter(|p| p.category == category)
        .map(|p| policy_wire(ctx, p))
        .collect()
}

fn permission_set_wire(ctx: &Context<'_>, p: &ScpPermissionSet) -> Value {
    use crate::ScpPolicyCategory::{Custom, Inline, Managed};
    let mut fields = vec![
        ("id", json!(p.id)),
        ("instance_id", json!(p.instance_id)),
        ("name", json!(p.name)),
        ("description", json!(p.description)),
        ("session_duration", json!(p.session_duration)),
        ("state", json!("ACTIVE")),
        (
            "managed_policies",
            Value::Array(policies_of(ctx, p, Managed)),
        ),
        ("inline_policies", Value::Array(policies_of(ctx, p, Inline))),
    ];
    fields.extend(audit(&p.created_at));
    let mut value = object(fields);
    if let Some(map) = value.as_object_mut() {
        map.insert(
            custom_field(ctx).to_owned(),
            Value::Array(policies_of(ctx, p, Custom)),
        );
    }
    value
}

fn permission_set_summary(ctx: &Context<'_>, p: &ScpPermissionSet) -> PermissionSetSummary {
    use crate::ScpPolicyCategory::{Custom, Inline, Managed};
    let custom = policies_of(ctx, p, Custom);
    let mut extra = Map::new();
    let custom_policies = if at_least(ctx, 2) {
        Some(custom)
    } else {
        extra.insert(
            PRE_1_2_CUSTOM_POLICIES_FIELD.to_owned(),
            Value::Array(custom),
        );
        None
    };
    PermissionSetSummary {
        custom_policies,
        inline_policies: Some(policies_of(ctx, p, Inline)),
        managed_policies: Some(policies_of(ctx, p, Managed)),
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

fn account_wire(a: &ScpAccount) -> Value {
    let mut fields = vec![
        ("id", json!(a.id)),
        ("name", json!(a.name)),
        ("email", json!(a.email)),
        ("login_id", json!(a.login_id)),
        ("organization_id", json!(a.organization_id)),
        ("parent_unit_id", json!(a.parent_unit_id)),
        ("parent_unit_name", json!(a.parent_unit_name)),
        ("type", json!(a.type_)),
        ("state", json!(a.state)),
        ("joined_method", json!(a.joined_method)),
        ("joined_time", json!(a.joined_time)),
    ];
    fields.extend(audit(&a.created_at));
    object(fields)
}

/// A timestamp of the `joined_*_date` filters or the data, as a comparable instant.
fn instant(text: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

impl org::Handlers for App {
    fn list_versions(&self, ctx: &Context<'_>, _request: org::ListVersionsRequest) -> Response {
        versions(ctx)
    }

    fn list_accounts(&self, ctx: &Context<'_>, request: org::ListAccountsRequest) -> Response {
        let accounts = &self.store.data.scp.accounts;
        if let Some(organization) = given(&request.organization_id)
            && !accounts.iter().any(|a| &*a.organization_id == organization)
        {
            return not_found(ctx, "organization", organization);
        }
        let mut bounds = Vec::new();
        for (name, value) in [
            ("joined_start_date", &request.joined_start_date),
            ("joined_end_date", &request.joined_end_date),
        ] {
            match given(value).map(|v| (v, instant(v))) {
                None => bounds.push(None),
                Some((_, Some(at))) => bounds.push(Some(at)),
                Some((v, None)) => {
                    return crate::dispatch::invalid(
                        ctx,
                        vec![format!("{name} {v:?} is not an ISO 8601 date and time")],
                    );
                }
            }
        }
        let (start, end) = (bounds[0], bounds[1]);
        let exact = [
            ("organization_id", given(&request.organization_id)),
            ("id", given(&request.id)),
            ("name", given(&request.name)),
            ("email", given(&request.email)),
            ("login_id", given(&request.login_id)),
            ("joined_method", given(&request.joined_method)),
            ("parent_unit_id", given(&request.parent_unit_id)),
            ("parent_unit_name", given(&request.parent_unit_name)),
            ("type", given(&request.type_)),
        ];
        let items: Vec<Value> = accounts
            .iter()
            .filter(|a| {
                let joined = instant(&a.joined_time);
                start.is_none_or(|s| joined.is_some_and(|j| j >= s))
                    && end.is_none_or(|e| joined.is_some_and(|j| j <= e))
                    && given(&request.exclude_policy_id)
                        .is_none_or(|p| !a.control_policies.iter().any(|c| &*c.policy_id == p))
            })
            .map(account_wire)
            .filter(|item| {
                exact.iter().all(|(field, value)| {
                    value.is_none_or(|v| item.get(*field).and_then(Value::as_str) == Some(v))
                })
            })
            .collect();
        page_of(
            ctx,
            "accounts",
            items,
            Value::clone,
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_account(&self, ctx: &Context<'_>, request: org::ShowAccountRequest) -> Response {
        let Some(account) = self
            .store
            .scp_account(&request.account_id)
            .filter(|a| given(&request.organization_id).is_none_or(|o| &*a.organization_id == o))
        else {
            return not_found(ctx, "account", &request.account_id);
        };
        let mut value = account_wire(account);
        if let Some(map) = value.as_object_mut() {
            let policies = if !request.lazy_policy {
                Value::Null
            } else {
                Value::Array(
                    account
                        .control_policies
                        .iter()
                        .map(|c| {
                            object([
                                ("policy_id", json!(c.policy_id)),
                                ("policy_name", json!(c.policy_name)),
                            ])
                        })
                        .collect(),
                )
            };
            map.insert("control_policies".to_owned(), policies);
            map.insert(
                "srn".to_owned(),
                json!(format!(
                    "srn:organization::{}:account/{}",
                    account.organization_id, account.id
                )),
            );
        }
        json(StatusCode::OK, &json!({ "account": value }))
    }
}

impl iic::Handlers for App {
    fn list_versions(&self, ctx: &Context<'_>, _request: iic::ListVersionsRequest) -> Response {
        versions(ctx)
    }

    fn list_instances(&self, ctx: &Context<'_>, request: iic::ListInstancesRequest) -> Response {
        let items = self.store.data.scp.instances.iter().collect();
        page_of(
            ctx,
            "instances",
            items,
            |i| instance_wire(ctx, i),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_instance(&self, ctx: &Context<'_>, request: iic::ShowInstanceRequest) -> Response {
        match self.store.scp_instance(&request.instance_id) {
            Some(i) => json(
                StatusCode::OK,
                &json!({ "instance": instance_wire(ctx, i) }),
            ),
            None => not_found(ctx, "instance", &request.instance_id),
        }
    }

    fn list_users(&self, ctx: &Context<'_>, request: iic::ListUsersRequest) -> Response {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return not_found(ctx, "instance", instance);
        }
        let excluded_group = match given(&request.excluded_group_id) {
            None => None,
            Some(id) => match store.scp_group(instance, id) {
                Some(g) => Some(g),
                None => return not_found(ctx, "group", id),
            },
        };
        let excluded_account = match given(&request.excluded_account_id) {
            None => None,
            Some(id) if store.scp_account(id).is_none() => return not_found(ctx, "account", id),
            Some(id) => Some(store.scp_principals_on(instance, id, true)),
        };
        let items = store
            .data
            .scp
            .users
            .iter()
            .filter(|u| &*u.instance_id == instance)
            .filter(|u| given(&request.user_id).is_none_or(|id| &*u.user_id == id))
            .filter(|u| excluded_group.is_none_or(|g| !g.members.contains(&u.id)))
            .filter(|u| {
                excluded_account
                    .as_ref()
                    .is_none_or(|on| !on.contains(&&*u.id))
            })
            .collect();
        page_of(
            ctx,
            "users",
            items,
            |u| user_summary(u),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_user(&self, ctx: &Context<'_>, request: iic::ShowUserRequest) -> Response {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return not_found(ctx, "instance", &request.instance_id);
        }
        match store.scp_user(&request.instance_id, &request.user_uuid) {
            Some(u) => json(StatusCode::OK, &json!({ "user": full_user(ctx, u) })),
            None => not_found(ctx, "user", &request.user_uuid),
        }
    }

    fn list_groups(&self, ctx: &Context<'_>, request: iic::ListGroupsRequest) -> Response {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return not_found(ctx, "instance", instance);
        }
        let excluded_user = match given(&request.excluded_user_uuid) {
            None => None,
            Some(id) if store.scp_user(instance, id).is_none() => {
                return not_found(ctx, "user", id);
            }
            Some(id) => Some(id),
        };
        let excluded_account = match given(&request.excluded_account_id) {
            None => None,
            Some(id) if store.scp_account(id).is_none() => return not_found(ctx, "account", id),
            Some(id) => Some(store.scp_principals_on(instance, id, false)),
        };
        let items = store
            .data
            .scp
            .groups
            .iter()
            .filter(|g| &*g.instance_id == instance)
            .filter(|g| given(&request.name).is_none_or(|n| &*g.name == n))
            .filter(|g| excluded_user.is_none_or(|u| !g.members.iter().any(|m| &**m == u)))
            .filter(|g| {
                excluded_account
                    .as_ref()
                    .is_none_or(|on| !on.contains(&&*g.id))
            })
            .collect();
        page_of(
            ctx,
            "groups",
            items,
            |g| group_wire(ctx, g),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_group(&self, ctx: &Context<'_>, request: iic::ShowGroupRequest) -> Response {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return not_found(ctx, "instance", &request.instance_id);
        }
        match store.scp_group(&request.instance_id, &request.group_id) {
            Some(g) => json(StatusCode::OK, &json!({ "group": group_wire(ctx, g) })),
            None => not_found(ctx, "group", &request.group_id),
        }
    }

    fn list_group_users(&self, ctx: &Context<'_>, request: iic::ListGroupUsersRequest) -> Response {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return not_found(ctx, "instance", instance);
        }
        let Some(group) = store.scp_group(instance, &request.group_id) else {
            return not_found(ctx, "group", &request.group_id);
        };
        let items = group
            .members
            .iter()
            .filter_map(|m| store.scp_user(instance, m))
            .filter(|u| given(&request.user_id).is_none_or(|id| &*u.user_id == id))
            .collect();
        let wire = |u: &&ScpUser| {
            let groups: Vec<Value> = store
                .scp_groups_of(instance, &u.id)
                .map(user_group)
                .collect();
            let mut fields = vec![
                ("id", json!(u.id)),
                ("user_id", json!(u.user_id)),
                ("name", json!(u.name)),
                ("group_count", json!(groups.len())),
                ("groups", Value::Array(groups)),
            ];
            fields.extend(audit(&u.created_at));
            object(fields)
        };
        page_of(
            ctx,
            "users",
            items,
            wire,
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn list_permission_sets(
        &self,
        ctx: &Context<'_>,
        request: iic::ListPermissionSetsRequest,
    ) -> Response {
        let store = &self.store;
        let instance = request.instance_id.as_str();
        if store.scp_instance(instance).is_none() {
            return not_found(ctx, "instance", instance);
        }
        let items = store
            .data
            .scp
            .permission_sets
            .iter()
            .filter(|p| &*p.instance_id == instance)
            .filter(|p| given(&request.name).is_none_or(|n| &*p.name == n))
            .collect();
        page_of(
            ctx,
            "permission_sets",
            items,
            |p| permission_set_wire(ctx, p),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn show_permission_set(
        &self,
        ctx: &Context<'_>,
        request: iic::ShowPermissionSetRequest,
    ) -> Response {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return not_found(ctx, "instance", &request.instance_id);
        }
        match store.scp_permission_set(&request.instance_id, &request.permission_set_id) {
            // The spec's ShowPermissionSet answers the permission set itself, unwrapped.
            Some(p) => json(StatusCode::OK, &permission_set_wire(ctx, p)),
            None => not_found(ctx, "permission set", &request.permission_set_id),
        }
    }

    fn list_permission_set_policies(
        &self,
        ctx: &Context<'_>,
        request: iic::ListPermissionSetPoliciesRequest,
    ) -> Response {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return not_found(ctx, "instance", &request.instance_id);
        }
        let Some(set) = store.scp_permission_set(&request.instance_id, &request.permission_set_id)
        else {
            return not_found(ctx, "permission set", &request.permission_set_id);
        };
        let renamed = at_least(ctx, 2);
        if let Some(category) = given(&request.category) {
            let (wrong, right) = if renamed {
                ("CUSTOMER_POLICY", "CUSTOM_POLICY")
            } else {
                ("CUSTOM_POLICY", "CUSTOMER_POLICY")
            };
            if category == wrong {
                return crate::dispatch::invalid(
                    ctx,
                    vec![format!(
                        "category {wrong:?} is not a category of this API version; it is spelled {right:?}"
                    )],
                );
            }
        }
        let items = set
            .policies
            .iter()
            .filter(|p| given(&request.category).is_none_or(|c| p.category.as_str(renamed) == c))
            .filter(|p| given(&request.name).is_none_or(|n| &*p.name == n))
            .collect();
        page_of(
            ctx,
            "policies",
            items,
            |p| policy_wire(ctx, p),
            request.sort.as_deref(),
            request.page,
            request.size,
        )
    }

    fn list_account_assignments(
        &self,
        ctx: &Context<'_>,
        request: iic::ListAccountAssignmentsRequest,
    ) -> Response {
        let store = &self.store;
        if store.scp_instance(&request.instance_id).is_none() {
            return not_found(ctx, "instance", &request.instance_id);
        }
        if store.scp_account(&request.target_account_id).is_none() {
            return not_found(ctx, "account", &request.target_account_id);
        }
        let filters: Vec<(&'static str, String)> = [
            ("target_account_name", request.target_account_name),
            ("target_account_email", request.target_account_email),
            ("permission_set_id", request.permission_set_id),
            ("principal_name", request.principal_name),
            ("role_srn", request.role_srn),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| (name, v)))
        .collect();
        let sort_keys = sort_keys(request.sort.as_deref());
        let items = &store.data.scp.account_assignments;
        let all = store.scp_accounts(&request.instance_id, &request.target_account_id);
        let sort = echo_sort(&sort_keys);
        let positions = if filters.is_empty() && sort_keys.is_empty() {
            all
        } else {
            let mut cache_key = vec![
                "scp",
                request.instance_id.as_str(),
                request.target_account_id.as_str(),
            ];
            for (name, value) in &filters {
                cache_key.extend([*name, value.as_str()]);
            }
            cache_key.push("sort");
            cache_key.extend(sort.iter().map(String::as_str));
            store.cached(key(&cache_key), || {
                let kept = all.iter().copied().filter(|&p| {
                    items.get(p as usize).is_some_and(|a| {
                        filters
                            .iter()
                            .all(|(name, value)| matches(store, a, name, value))
                    })
                });
                if sort_keys.is_empty() {
                    return kept.collect();
                }
                // Decorate with the sort values once, so sorting looks nothing up.
                let mut decorated: Vec<(Vec<Option<&str>>, u32)> = kept
                    .filter_map(|p| {
                        let a = items.get(p as usize)?;
                        let values = sort_keys
                            .iter()
                            .map(|(name, _)| field(store, a, name))
                            .collect();
                        Some((values, p))
                    })
                    .collect();
                decorated.sort_by(|(x, px), (y, py)| {
                    sort_keys
                        .iter()
                        .zip(x.iter().zip(y))
                        .map(|((_, desc), (a, b))| {
                            let order = a.cmp(b);
                            if *desc { order.reverse() } else { order }
                        })
                        .find(|order| order.is_ne())
                        .unwrap_or_else(|| px.cmp(py))
                });
                decorated.into_iter().map(|(_, p)| p).collect()
            })
        };
        let count = positions.len();
        let (requested, page, size) = paging(ctx, request.page, request.size);
        let start = page.saturating_mul(size).min(count);
        let end = start.saturating_add(size).min(count);
        let body = AccountAssignmentsPageResponse {
            account_assignments: positions[start..end]
                .iter()
                .filter_map(|&p| items.get(p as usize))
                .map(|a| to_wire(ctx, a))
                .collect(),
            count: Some(i64::try_from(count).unwrap_or(i64::MAX)),
            page: Some(i32::try_from(requested).unwrap_or(i32::MAX)),
            size: Some(i32::try_from(size).unwrap_or(i32::MAX)),
            sort: Some(sort),
        };
        json(StatusCode::OK, &body)
    }
}

/// An assignment as served: its names and permission sets looked up in the rows its ids name.
fn to_wire(ctx: &Context<'_>, a: &ScpAccountAssignment) -> AccountAssignment {
    let store = &ctx.app.store;
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
fn field<'a>(store: &'a Store, a: &'a ScpAccountAssignment, name: &str) -> Option<&'a str> {
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

fn matches(store: &Store, a: &ScpAccountAssignment, filter: &str, value: &str) -> bool {
    if filter == "permission_set_id" {
        a.permission_set_ids.iter().any(|p| &**p == value)
    } else {
        field(store, a, filter) == Some(value)
    }
}
