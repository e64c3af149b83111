//! SCP organization: the accounts (and the service root's versions).

use axum::response::Response;
use serde_json::Value;

use idc_raw::scp_organization::types;
use serde_json::Map;

use crate::generated::scp_organization as org;
use crate::http::dispatch::Context;
use crate::http::responses::{Reject, ok};
use crate::http::state::App;
use crate::scp::common::{given, given_filters, not_found, part, versions};
use crate::scp::wire::{ACCOUNTS, account_wire, instant};

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
        let rows = &ctx.store.data.scp.accounts;
        if let Some(organization) = given(&request.organization_id)
            && !rows.iter().any(|a| &*a.organization_id == organization)
        {
            return Err(not_found(ctx, "organization", organization));
        }
        let start = joined_bound(ctx, "joined_start_date", &request.joined_start_date)?;
        let end = joined_bound(ctx, "joined_end_date", &request.joined_end_date)?;
        let excluded = given(&request.exclude_policy_id);
        let all: Vec<u32> = (rows.numbered())
            .filter(|(_, a)| {
                let joined = instant(&a.joined_time);
                start.is_none_or(|s| joined.is_some_and(|j| j >= s))
                    && end.is_none_or(|e| joined.is_some_and(|j| j <= e))
                    && excluded
                        .is_none_or(|p| !a.control_policies.iter().any(|c| &*c.policy_id == p))
            })
            .map(|(seq, _)| seq)
            .collect();
        let filters = given_filters([
            ("organization_id", &request.organization_id),
            ("id", &request.id),
            ("name", &request.name),
            ("email", &request.email),
            ("login_id", &request.login_id),
            ("joined_method", &request.joined_method),
            ("parent_unit_id", &request.parent_unit_id),
            ("parent_unit_name", &request.parent_unit_name),
            ("type", &request.type_),
        ]);
        let (from, to) = (&request.joined_start_date, &request.joined_end_date);
        let query = [
            "scp-accounts",
            part(from),
            part(to),
            part(&request.exclude_policy_id),
        ];
        let positions = ACCOUNTS.listing(ctx, &query, (all.into(), rows), &filters, &sort);
        let paging = (request.page, request.size);
        ACCOUNTS.page_of_positions(ctx, (&positions, rows), &sort, paging, account_wire)
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
        let a = account_wire(account);
        // Without lazy_policy the policies are `null`, as the service sends them.
        let policies = (account.control_policies.iter()).map(|c| types::ConnectedPolicy {
            policy_id: c.policy_id.to_string(),
            policy_name: c.policy_name.as_deref().map(str::to_owned),
            extra: Map::new(),
        });
        let control_policies = request.lazy_policy.then(|| policies.collect());
        let extra = Map::from_iter(
            control_policies
                .is_none()
                .then(|| ("control_policies".to_owned(), Value::Null)),
        );
        let srn = format!(
            "srn:organization::{}:account/{}",
            account.organization_id, account.id
        );
        let account = types::AccountDetail {
            control_policies,
            created_at: a.created_at,
            created_by: a.created_by,
            creator_name: None,
            email: a.email,
            id: a.id,
            joined_method: a.joined_method,
            joined_time: a.joined_time,
            login_id: a.login_id,
            modified_at: a.modified_at,
            modified_by: a.modified_by,
            modifier_name: None,
            name: a.name,
            organization_id: a.organization_id,
            parent_unit_id: a.parent_unit_id,
            parent_unit_name: a.parent_unit_name,
            srn: Some(srn),
            state: a.state,
            type_: a.type_,
            extra,
        };
        ok(&types::AccountShowResponse { account })
    }
}

/// A `joined_*_date` filter as an instant: `None` when not given, a 400 when not a date and time.
fn joined_bound(
    ctx: &Context<'_>,
    name: &str,
    value: &Option<String>,
) -> Result<Option<time::OffsetDateTime>, Reject> {
    let Some(text) = given(value) else {
        return Ok(None);
    };
    let why = || vec![format!("{name} {text:?} is not an ISO 8601 date and time")];
    instant(text)
        .map(Some)
        .ok_or_else(|| crate::http::dispatch::refused(ctx, why()))
}
