//! Huawei Cloud Organizations: the accounts, over the same rows as IdentityCenter's.

use axum::response::Response;
use idc_raw::huawei_organizations::types as org;

use crate::generated::huawei_organizations::{self, ListAccountsRequest, ShowAccountRequest};
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::huawei::codes::UNKNOWN_ORGANIZATIONS_ACCOUNT;
use crate::huawei::common::{bad_request, not_found, rows_page};
use crate::store::huawei_rows::HuaweiAccount;

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
}
