//! SCP organization: the accounts (and the service root's versions).

use axum::response::Response;
use serde_json::{Value, json};

use crate::generated::scp_organization as org;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::scp::common::{given, not_found, versions};
use crate::scp::wire::{ACCOUNTS, account_wire, instant, object};

impl org::Handlers for App {
    fn list_versions(
        &self,
        ctx: &Context<'_>,
        _request: org::ListVersionsRequest,
    ) -> Result<Response, Reject> {
        versions(ctx)
    }

    fn list_accounts(
        &self,
        ctx: &Context<'_>,
        request: org::ListAccountsRequest,
    ) -> Result<Response, Reject> {
        let sort = ACCOUNTS.sort(ctx, request.sort.as_deref())?;
        let accounts = &ctx.store.data.scp.accounts;
        if let Some(organization) = given(&request.organization_id)
            && !accounts.iter().any(|a| &*a.organization_id == organization)
        {
            return Err(not_found(ctx, "organization", organization));
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
                    return Err(crate::http::dispatch::refused(
                        ctx,
                        vec![format!("{name} {v:?} is not an ISO 8601 date and time")],
                    ));
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
        let rows = items.iter().collect();
        ACCOUNTS.page(ctx, rows, &sort, (request.page, request.size), Value::clone)
    }

    fn show_account(
        &self,
        ctx: &Context<'_>,
        request: org::ShowAccountRequest,
    ) -> Result<Response, Reject> {
        let Some(account) = ctx
            .store
            .scp_account(&request.account_id)
            .filter(|a| given(&request.organization_id).is_none_or(|o| &*a.organization_id == o))
        else {
            return Err(not_found(ctx, "account", &request.account_id));
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
        ok(&json!({ "account": value }))
    }
}
