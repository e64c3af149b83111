//! Huawei Cloud Organizations: the organization, its root and units, and the accounts (over the
//! same rows as IdentityCenter's).

use axum::response::Response;
use idc_raw::huawei_organizations::types as org;

use crate::generated::huawei_organizations::{
    self, ListAccountsRequest, ListDelegatedAdministratorsRequest, ListDelegatedServicesRequest,
    ListEntitiesRequest, ListOrganizationalUnitsRequest, ListRootsRequest, ShowAccountRequest,
    ShowOrganizationRequest, ShowOrganizationalUnitRequest,
};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::huawei::codes::{UNKNOWN_ORGANIZATIONS_ACCOUNT, UNKNOWN_ORGANIZATIONS_ENTITY};
use crate::huawei::common::{bad_request, not_found, rows_page};
use crate::huawei::organizations_hierarchy as hierarchy;
use crate::store::huawei_rows::{HuaweiAccount, HuaweiOrganizationalUnit};

fn root_view(u: &HuaweiOrganizationalUnit) -> org::Root {
    org::Root {
        created_at: None,
        id: u.id.to_string(),
        name: Some(u.name.to_string()),
        urn: u.urn.as_deref().map(str::to_owned),
    }
}

fn unit_view(u: &HuaweiOrganizationalUnit) -> org::OrganizationalUnit {
    org::OrganizationalUnit {
        created_at: None,
        id: u.id.to_string(),
        name: Some(u.name.to_string()),
        urn: u.urn.as_deref().map(str::to_owned),
    }
}

/// The positions of the units that pass `keep`, in the data order.
fn unit_positions(ctx: &Context<'_>, keep: impl Fn(&HuaweiOrganizationalUnit) -> bool) -> Vec<u32> {
    ctx.store
        .data
        .huawei
        .organizational_units
        .iter()
        .enumerate()
        .filter(|(_, u)| keep(u))
        .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
        .collect()
}

fn account_view(a: &HuaweiAccount, contact: bool) -> org::Account {
    org::Account {
        description: a.description.as_deref().map(str::to_owned),
        email: a.email.as_deref().filter(|_| contact).map(str::to_owned),
        id: a.account_id.to_string(),
        intl_number_prefix: None,
        join_method: a.join_method.as_deref().map(str::to_owned),
        joined_at: a.joined_at.as_deref().map(str::to_owned),
        mobile_phone: a
            .mobile_phone
            .as_deref()
            .filter(|_| contact)
            .map(str::to_owned),
        name: Some(a.name.to_string()),
        status: Some(a.status.to_string()),
        urn: a.urn.as_deref().map(str::to_owned),
    }
}

impl huawei_organizations::Handlers for App {
    fn list_entities(
        &self,
        ctx: &Context<'_>,
        request: ListEntitiesRequest,
    ) -> Result<Response, Reject> {
        hierarchy::list_entities(ctx, request)
    }

    fn list_delegated_administrators(
        &self,
        ctx: &Context<'_>,
        request: ListDelegatedAdministratorsRequest,
    ) -> Result<Response, Reject> {
        hierarchy::list_delegated_administrators(ctx, request)
    }

    fn list_delegated_services(
        &self,
        ctx: &Context<'_>,
        request: ListDelegatedServicesRequest,
    ) -> Result<Response, Reject> {
        hierarchy::list_delegated_services(ctx, request)
    }

    fn list_accounts(
        &self,
        ctx: &Context<'_>,
        request: ListAccountsRequest,
    ) -> Result<Response, Reject> {
        let contact = request.with_register_contact_info;
        if contact && request.limit > 200 {
            return Err(bad_request(
                ctx,
                "Invalid request: limit is at most 200 with with_register_contact_info=true."
                    .to_owned(),
            ));
        }
        let rows = &ctx.store.data.huawei.accounts;
        let positions: Vec<u32> = rows
            .iter()
            .enumerate()
            .filter(|(_, a)| {
                request
                    .parent_id
                    .as_deref()
                    .is_none_or(|p| a.parent_id.as_deref() == Some(p))
            })
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        rows_page(
            ctx,
            (
                "accounts",
                &[
                    "accounts",
                    request.parent_id.as_deref().unwrap_or("\u{1}"),
                    if contact { "contact" } else { "" },
                ],
            ),
            (rows, &positions),
            (request.marker, request.limit),
            |a| account_view(a, contact),
        )
    }

    fn show_account(
        &self,
        ctx: &Context<'_>,
        request: ShowAccountRequest,
    ) -> Result<Response, Reject> {
        let s = &ctx.store;
        match s
            .huawei
            .accounts
            .get(&request.account_id)
            .and_then(|&i| s.data.huawei.accounts.get(i))
        {
            Some(a) => ok(&org::ShowAccountResponse {
                account: Some(account_view(a, request.with_register_contact_info)),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_ORGANIZATIONS_ACCOUNT,
                format!("The account {} does not exist.", request.account_id),
            )),
        }
    }

    fn show_organization(
        &self,
        ctx: &Context<'_>,
        _request: ShowOrganizationRequest,
    ) -> Result<Response, Reject> {
        match &ctx.store.data.huawei.organization {
            Some(o) => ok(&org::ShowOrganizationResponse {
                organization: Some(org::Organization {
                    created_at: None,
                    id: o.id.to_string(),
                    management_account_id: o.management_account_id.as_deref().map(str::to_owned),
                    management_account_name: o
                        .management_account_name
                        .as_deref()
                        .map(str::to_owned),
                    urn: o.urn.as_deref().map(str::to_owned),
                }),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_ORGANIZATIONS_ENTITY,
                "The account is not in an organization.".to_owned(),
            )),
        }
    }

    fn list_roots(&self, ctx: &Context<'_>, request: ListRootsRequest) -> Result<Response, Reject> {
        let positions = unit_positions(ctx, |u| u.parent_id.is_none());
        rows_page(
            ctx,
            ("roots", &["roots"]),
            (&ctx.store.data.huawei.organizational_units, &positions),
            (request.marker, request.limit),
            root_view,
        )
    }

    fn list_organizational_units(
        &self,
        ctx: &Context<'_>,
        request: ListOrganizationalUnitsRequest,
    ) -> Result<Response, Reject> {
        let parent = request.parent_id.as_deref();
        let positions = unit_positions(ctx, |u| match parent {
            Some(p) => u.parent_id.as_deref() == Some(p),
            None => u.parent_id.is_some(),
        });
        rows_page(
            ctx,
            (
                "organizational_units",
                &["organizational_units", parent.unwrap_or("\u{1}")],
            ),
            (&ctx.store.data.huawei.organizational_units, &positions),
            (request.marker, request.limit),
            unit_view,
        )
    }

    fn show_organizational_unit(
        &self,
        ctx: &Context<'_>,
        request: ShowOrganizationalUnitRequest,
    ) -> Result<Response, Reject> {
        let id = &request.organizational_unit_id;
        match ctx
            .store
            .data
            .huawei
            .organizational_units
            .iter()
            .find(|u| u.parent_id.is_some() && &*u.id == id.as_str())
        {
            Some(u) => ok(&org::ShowOrganizationalUnitResponse {
                organizational_unit: Some(unit_view(u)),
            }),
            None => Err(not_found(
                ctx,
                UNKNOWN_ORGANIZATIONS_ENTITY,
                format!("The organizational unit {id} does not exist."),
            )),
        }
    }
}
