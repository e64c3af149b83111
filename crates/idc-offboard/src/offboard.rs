//! Planning the off-boarding of one user.

use std::collections::HashMap;

use idc_report::{Cloud, Filters, Row, TargetType, ViaType};

use crate::error::{Error, Result};
use crate::operation::{AccountAssignment, ApplicationAssignment, Operation, Principal};
use crate::plan::{Action, Named, PLAN_FORMAT, Plan, PlanOptions, Remaining, Request};
use crate::target::Target;

/// Why an application open to all users remains.
pub(crate) const OPEN_TO_ALL: &str = "the application is open to every user of the instance (it \
    does not require assignment): no assignment gives it, so none can be deleted for one user; \
    make the application require assignment, or disable the user";

/// The report rows of one user (none when the user no longer exists).
pub(crate) async fn rows_of_user(off: &Target, user_id: &str) -> Result<Vec<Row>> {
    rows_of_users(off, &[user_id.to_owned()]).await
}

/// The report rows of these users; users that no longer exist have none.
pub(crate) async fn rows_of_users(off: &Target, user_ids: &[String]) -> Result<Vec<Row>> {
    let mut values: Vec<String> = user_ids.iter().map(|u| format!("id:{u}")).collect();
    values.sort();
    values.dedup();
    loop {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let filters = Filters {
            users: values.clone(),
            ..Filters::default()
        };
        match off.backend.rows(filters, off.concurrency).await {
            Err(Error::Report(idc_report::Error::FilterMatchesNothing { unmatched, .. })) => {
                let before = values.len();
                values.retain(|v| !unmatched.iter().any(|(_, u)| u == v));
                if values.len() == before {
                    // Not one of ours: never loop on it.
                    return Err(Error::Report(idc_report::Error::FilterMatchesNothing {
                        unmatched,
                        instance_id: off.instance_id().to_owned(),
                    }));
                }
            }
            other => return other,
        }
    }
}

/// A row's account assignment, as the report names it.
pub(crate) fn account_assignment(
    row: &Row,
    principal_type: Principal,
    principal: Named,
) -> AccountAssignment {
    AccountAssignment {
        principal_type,
        principal,
        account: Named {
            id: row.target_id.clone(),
            name: row.target_name.clone(),
        },
        permission_set: row.permission_set_id.as_ref().map(|id| Named {
            id: id.clone(),
            name: row.permission_set_name.clone(),
        }),
        assignment_id: None,
    }
}

/// A row's application assignment; the application instance id from `instances` (URN -> id).
pub(crate) fn application_assignment(
    row: &Row,
    principal_type: Principal,
    principal: Named,
    instances: &HashMap<String, String>,
) -> Result<ApplicationAssignment> {
    let instance = instances
        .get(&row.target_id)
        .ok_or_else(|| Error::UnexpectedAnswer {
            message: format!(
                "no application instance has the URN {}",
                crate::error::quoted(&row.target_id)
            ),
        })?;
    Ok(ApplicationAssignment {
        principal_type,
        principal,
        application: Named {
            id: row.target_id.clone(),
            name: row.target_name.clone(),
        },
        application_instance_id: instance.clone(),
    })
}

/// The row's user as a [`Named`].
pub(crate) fn user_of(row: &Row) -> Named {
    Named {
        id: row.user_id.clone(),
        name: row.user_name.clone(),
    }
}

/// The row's group (a GROUP row).
pub(crate) fn group_of(row: &Row) -> Named {
    Named {
        id: row.via_id.clone().unwrap_or_default(),
        name: row.via_name.clone(),
    }
}

/// The plan that off-boards `user`: see [`Offboarder::plan_offboard`](crate::Offboarder::plan_offboard).
pub(crate) async fn plan(off: &Target, user: &str, options: PlanOptions) -> Result<Plan> {
    let info = off.backend.find_user(user).await?;
    let me = info.named.clone();
    let rows = rows_of_user(off, &me.id).await?;
    let memberships = off.backend.memberships(&me).await?;
    let mut notes = Vec::new();
    let mut first = Vec::new();
    if options.disable_user {
        match (off.cloud(), info.enabled) {
            (Cloud::Scp, _) => notes.push(crate::scp::NO_DISABLE.to_owned()),
            (_, Some(false)) => notes.push(format!("user {me} is disabled already")),
            _ => first.push(Action::new(
                Operation::DisableUser { user: me.clone() },
                vec![],
                vec![],
            )),
        }
    }
    if options.revoke_sessions {
        match off.backend.sessions(&me.id).await? {
            None => notes.push(crate::scp::NO_SESSIONS.to_owned()),
            Some(s) if s.is_empty() => notes.push(format!("user {me} has no sessions")),
            Some(sessions) => first.push(Action::new(
                Operation::RevokeSessions {
                    user: me.clone(),
                    sessions,
                },
                vec![],
                vec![],
            )),
        }
    }
    let needs_instances = rows
        .iter()
        .any(|r| r.via_type == ViaType::User && r.target_type == TargetType::Application);
    let instances = if needs_instances {
        off.backend.application_instances().await?
    } else {
        HashMap::new()
    };
    let mut direct = Vec::new();
    let mut applications = Vec::new();
    let mut remaining = Vec::new();
    for row in &rows {
        match (row.via_type, row.target_type) {
            (ViaType::User, TargetType::Account) => direct.push(Action::new(
                Operation::DeleteAccountAssignment(account_assignment(
                    row,
                    Principal::User,
                    me.clone(),
                )),
                vec![row.clone()],
                vec![],
            )),
            (ViaType::User, TargetType::Application) => applications.push(Action::new(
                Operation::DeleteApplicationAssignment(application_assignment(
                    row,
                    Principal::User,
                    me.clone(),
                    &instances,
                )?),
                vec![row.clone()],
                vec![],
            )),
            (ViaType::AllUsers, _) => remaining.push(Remaining {
                row: row.clone(),
                why: OPEN_TO_ALL.to_owned(),
            }),
            (ViaType::Group, _) => {
                let member = memberships
                    .iter()
                    .any(|m| Some(&m.group.id) == row.via_id.as_ref());
                if !member {
                    remaining.push(Remaining {
                        row: row.clone(),
                        why: "held through a group the user is not listed as a member of now \
                              (a membership changed while planning): plan again"
                            .to_owned(),
                    });
                }
            }
        }
    }
    let mut groups = Vec::new();
    for mut m in memberships {
        let ends: Vec<Row> = rows
            .iter()
            .filter(|r| r.via_type == ViaType::Group && r.via_id.as_ref() == Some(&m.group.id))
            .cloned()
            .collect();
        if m.group.name.is_none() {
            m.group.name = ends.first().and_then(|r| r.via_name.clone());
        }
        groups.push(Action::new(Operation::RemoveMembership(m), ends, vec![]));
    }
    for list in [&mut direct, &mut applications, &mut groups] {
        list.sort_by(|a, b| a.id.cmp(&b.id));
    }
    remaining.sort_by(|a, b| a.row.cmp(&b.row));
    let mut actions = first;
    actions.extend(direct);
    actions.extend(applications);
    actions.extend(groups);
    Ok(Plan {
        format: PLAN_FORMAT,
        cloud: off.cloud(),
        instance_id: off.instance_id().to_owned(),
        request: Request::Offboard {
            user: user.to_owned(),
            options,
        },
        user: Some(me),
        user_enabled: info.enabled,
        actions,
        remaining,
        notes,
    })
}
