//! Huawei Cloud Organizations: the whole hierarchy in one list (ListEntities) and the delegated
//! administrators (ListDelegatedAdministrators, ListDelegatedServices), over the organization's
//! units, accounts and delegations.
//!
//! ListEntities lists the roots, then the organizational units, then the accounts, each in data
//! order; `parent_id` keeps those directly under that parent, `child_id` only that entity. A
//! `parent_id` or `child_id` that names no entity is not found. The delegations belong to the
//! organization (`HuaweiOrganization::delegated_administrators`, none by default); an account of
//! none lists no services, an id that is no account of the organization is not found.

use axum::response::Response;
use idc_raw::huawei_organizations::types as org;

use crate::generated::huawei_organizations::{
    ListDelegatedAdministratorsRequest, ListDelegatedServicesRequest, ListEntitiesRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::Reject;
use crate::huawei::codes::{UNKNOWN_ORGANIZATIONS_ACCOUNT, UNKNOWN_ORGANIZATIONS_ENTITY};
use crate::huawei::common::{list_page, not_found, part};
use crate::store::huawei_rows::{HuaweiAccount, HuaweiDelegatedAdministrator};

/// One entity as served, with the parent it is under (none for a root).
struct Placed {
    entity: org::Entity,
    parent: Option<String>,
}

/// Every entity of the organization: roots, units, accounts.
fn entities(ctx: &Context<'_>) -> Vec<Placed> {
    let huawei = &ctx.store.data.huawei;
    let units = huawei.organizational_units.iter();
    let (roots, units): (Vec<_>, Vec<_>) = units.partition(|u| u.parent_id.is_none());
    let unit = |type_: &str, u: &crate::HuaweiOrganizationalUnit| Placed {
        entity: org::Entity {
            id: u.id.to_string(),
            name: Some(u.name.to_string()),
            type_: type_.to_owned(),
        },
        parent: u.parent_id.as_deref().map(str::to_owned),
    };
    let roots = roots.into_iter().map(|u| unit("root", u));
    let units = units.into_iter().map(|u| unit("organizational_unit", u));
    let accounts = huawei.accounts.iter().map(|a| Placed {
        entity: org::Entity {
            id: a.account_id.to_string(),
            name: Some(a.name.to_string()),
            type_: "account".to_owned(),
        },
        parent: a.parent_id.as_deref().map(str::to_owned),
    });
    roots.chain(units).chain(accounts).collect()
}

/// ListEntities.
pub(crate) fn list_entities(
    ctx: &Context<'_>,
    request: ListEntitiesRequest,
) -> Result<Response, Reject> {
    let all = entities(ctx);
    for id in [&request.parent_id, &request.child_id]
        .into_iter()
        .flatten()
    {
        if !all.iter().any(|p| &p.entity.id == id) {
            let message = format!("The entity {id} does not exist.");
            return Err(not_found(ctx, UNKNOWN_ORGANIZATIONS_ENTITY, message));
        }
    }
    let (parent, child) = (&request.parent_id, &request.child_id);
    let kept: Vec<org::Entity> = (all.into_iter())
        .filter(|p| parent.is_none() || p.parent == *parent)
        .filter(|p| child.as_ref().is_none_or(|c| &p.entity.id == c))
        .map(|p| p.entity)
        .collect();
    let query = ["entities", part(parent), part(child)];
    list_page(
        ctx,
        ("entities", &query),
        &kept,
        (request.marker, request.limit),
    )
}

/// The delegations of the organization.
fn delegations<'a>(ctx: &Context<'a>) -> impl Iterator<Item = &'a HuaweiDelegatedAdministrator> {
    let organization = ctx.store.data.huawei.organization.as_ref();
    organization
        .into_iter()
        .flat_map(|o| &o.delegated_administrators)
}

/// The account `id` of the organization.
fn account<'a>(ctx: &Context<'a>, id: &str) -> Option<&'a HuaweiAccount> {
    let s = ctx.store;
    (s.huawei.accounts.get(id)).and_then(|&i| s.data.huawei.accounts.get(i))
}

/// ListDelegatedAdministrators: one item per account, in delegation order; with
/// `service_principal`, the accounts delegated that service.
pub(crate) fn list_delegated_administrators(
    ctx: &Context<'_>,
    request: ListDelegatedAdministratorsRequest,
) -> Result<Response, Reject> {
    let service = request.service_principal.as_deref();
    let mut items: Vec<org::DelegatedAdministrator> = Vec::new();
    for d in delegations(ctx).filter(|d| service.is_none_or(|s| s == &*d.service_principal)) {
        if items.iter().any(|i| i.account_id == *d.account_id) {
            continue;
        }
        let a = account(ctx, &d.account_id);
        let text = |f: fn(&HuaweiAccount) -> Option<&str>| a.and_then(f).map(str::to_owned);
        items.push(org::DelegatedAdministrator {
            account_id: d.account_id.to_string(),
            account_name: a.map(|a| a.name.to_string()),
            account_urn: text(|a| a.urn.as_deref()),
            delegation_enabled_at: d.delegation_enabled_at.as_deref().map(str::to_owned),
            join_method: text(|a| a.join_method.as_deref()),
            joined_at: text(|a| a.joined_at.as_deref()),
        });
    }
    let query = ["delegated_administrators", part(&request.service_principal)];
    let key = "delegated_administrators";
    list_page(ctx, (key, &query), &items, (request.marker, request.limit))
}

/// ListDelegatedServices: the services of one account, in delegation order.
pub(crate) fn list_delegated_services(
    ctx: &Context<'_>,
    request: ListDelegatedServicesRequest,
) -> Result<Response, Reject> {
    let id = request.account_id.as_str();
    if account(ctx, id).is_none() {
        let message = format!("The account {id} does not exist.");
        return Err(not_found(ctx, UNKNOWN_ORGANIZATIONS_ACCOUNT, message));
    }
    let items: Vec<org::DelegatedService> = (delegations(ctx))
        .filter(|d| &*d.account_id == id)
        .map(|d| org::DelegatedService {
            delegation_enabled_at: d.delegation_enabled_at.as_deref().map(str::to_owned),
            service_principal: d.service_principal.to_string(),
        })
        .collect();
    let query = ["delegated_services", id];
    list_page(
        ctx,
        ("delegated_services", &query),
        &items,
        (request.marker, request.limit),
    )
}
