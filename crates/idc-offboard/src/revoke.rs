//! Planning the revocation of exactly the rows asked (rows of a report or a diff).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use idc_report::{Filters, Row, TargetType, ViaType};

use crate::error::{Error, Refusal, Result};
use crate::offboard::{
    account_assignment, application_assignment, group_of, rows_of_users, user_of,
};
use crate::operation::{Membership, Operation, Principal};
use crate::plan::{Action, PLAN_FORMAT, Plan, Request, Via};
use crate::target::Target;

/// What identifies an access: every field of a row but the names (a renamed user or account is
/// the same access).
pub(crate) type Identity = (
    String,
    String,
    TargetType,
    String,
    Option<String>,
    ViaType,
    Option<String>,
);

/// A row's identity.
pub(crate) fn identity(row: &Row) -> Identity {
    (
        row.instance_id.clone(),
        row.user_id.clone(),
        row.target_type,
        row.target_id.clone(),
        row.permission_set_id.clone(),
        row.via_type,
        row.via_id.clone(),
    )
}

/// The rows that held through group `group` reach the same target as `row` (every member's).
fn same_group_assignment<'a>(rows: &'a [Row], row: &'a Row) -> impl Iterator<Item = &'a Row> {
    rows.iter().filter(move |r| {
        r.via_type == ViaType::Group
            && r.via_id == row.via_id
            && r.target_type == row.target_type
            && r.target_id == row.target_id
            && r.permission_set_id == row.permission_set_id
    })
}

/// Every row held through `group` (all members), from the report with that group's filter.
async fn rows_of_group(off: &Target, group: &str) -> Result<Vec<Row>> {
    let filters = Filters {
        groups: vec![format!("id:{group}")],
        ..Filters::default()
    };
    match off.backend.rows(filters, off.concurrency).await {
        Err(Error::Report(idc_report::Error::FilterMatchesNothing { .. })) => Ok(Vec::new()),
        other => other,
    }
}

/// Actions being built, by key, with the rows asked and the others they end.
#[derive(Default)]
struct Builder {
    actions: BTreeMap<String, (Operation, BTreeSet<Row>, BTreeSet<Row>)>,
}

impl Builder {
    fn add(&mut self, op: Operation, asked: &Row, others: impl IntoIterator<Item = Row>) {
        let entry = self
            .actions
            .entry(op.key())
            .or_insert_with(|| (op, BTreeSet::new(), BTreeSet::new()));
        entry.1.insert(asked.clone());
        entry.2.extend(others);
    }

    fn finish(self, asked: &BTreeSet<Identity>) -> Vec<Action> {
        let mut out: Vec<Action> = self
            .actions
            .into_values()
            .map(|(op, ends, others)| {
                let also = others
                    .into_iter()
                    .filter(|r| !asked.contains(&identity(r)))
                    .collect();
                Action::new(op, ends.into_iter().collect(), also)
            })
            .collect();
        // Assignments first, memberships last, as in off-boarding plans.
        out.sort_by_key(|a| {
            (
                matches!(a.operation, Operation::RemoveMembership(_)),
                a.id.clone(),
            )
        });
        out
    }
}

/// The plan that ends exactly `rows`: see [`Offboarder::plan_revoke`](crate::Offboarder::plan_revoke).
pub(crate) async fn plan(off: &Target, rows: Vec<Row>, via: Option<Via>) -> Result<Plan> {
    let mut refusals = Vec::new();
    let mut notes = Vec::new();
    let mut asked: Vec<Row> = Vec::new();
    for row in &rows {
        if row.cloud != off.cloud() || row.instance_id != off.instance_id() {
            refusals.push(Refusal::OtherInstance { row: row.clone() });
        } else if row.via_type == ViaType::AllUsers {
            refusals.push(Refusal::AllUsersRow { row: row.clone() });
        } else if !asked.iter().any(|a| identity(a) == identity(row)) {
            asked.push(row.clone());
        }
    }
    let users: Vec<String> = asked.iter().map(|r| r.user_id.clone()).collect();
    let current = rows_of_users(off, &users).await?;
    let held: BTreeSet<Identity> = current.iter().map(identity).collect();
    let asked_ids: BTreeSet<Identity> = asked.iter().map(identity).collect();
    let mut group_rows: HashMap<String, Vec<Row>> = HashMap::new();
    let needs_instances = asked
        .iter()
        .any(|r| r.target_type == TargetType::Application && held.contains(&identity(r)));
    let instances = if needs_instances {
        off.backend.application_instances().await?
    } else {
        HashMap::new()
    };
    let mut builder = Builder::default();
    for row in &asked {
        if !held.contains(&identity(row)) {
            notes.push(format!(
                "not held now, nothing to do: user {} {} {}{}",
                user_of(row),
                row.target_type.as_str().to_lowercase(),
                crate::error::quoted(&row.target_id),
                row.via_id
                    .as_ref()
                    .map(|g| format!(" through group {}", crate::error::quoted(g)))
                    .unwrap_or_default()
            ));
            continue;
        }
        let principal = match row.via_type {
            ViaType::User => (Principal::User, user_of(row)),
            _ => (Principal::Group, group_of(row)),
        };
        if row.via_type == ViaType::Group {
            let group = group_of(row);
            // The user's other accesses through the group, and every other member's through
            // the same assignment.
            let membership: Vec<Row> = current
                .iter()
                .filter(|r| r.user_id == row.user_id && r.via_id == row.via_id)
                .filter(|r| identity(r) != identity(row))
                .cloned()
                .collect();
            if !group_rows.contains_key(&group.id) {
                let found = rows_of_group(off, &group.id).await?;
                group_rows.insert(group.id.clone(), found);
            }
            let all = group_rows
                .get(&group.id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let assignment: Vec<Row> = same_group_assignment(all, row)
                .filter(|r| identity(r) != identity(row))
                .cloned()
                .collect();
            match via {
                None => {
                    refusals.push(Refusal::GroupRowNeedsVia {
                        row: row.clone(),
                        membership_consequences: membership,
                        group_assignment_consequences: assignment,
                    });
                    continue;
                }
                Some(Via::Membership) => {
                    let m = Membership {
                        group,
                        user: user_of(row),
                        membership_id: None,
                    };
                    builder.add(Operation::RemoveMembership(m), row, membership);
                    continue;
                }
                Some(Via::GroupAssignment) => {
                    let op = assignment_deletion(row, principal, &instances)?;
                    builder.add(op, row, assignment);
                    continue;
                }
            }
        }
        let op = assignment_deletion(row, principal, &instances)?;
        builder.add(op, row, Vec::new());
    }
    if !refusals.is_empty() {
        return Err(Error::Refused { refusals });
    }
    Ok(Plan {
        format: PLAN_FORMAT,
        cloud: off.cloud(),
        instance_id: off.instance_id().to_owned(),
        request: Request::Revoke { rows, via },
        user: None,
        user_enabled: None,
        actions: builder.finish(&asked_ids),
        remaining: Vec::new(),
        notes,
    })
}

/// The deletion of the assignment behind a row, to its principal (the user, or the group).
fn assignment_deletion(
    row: &Row,
    (kind, principal): (Principal, crate::plan::Named),
    instances: &HashMap<String, String>,
) -> Result<Operation> {
    Ok(match row.target_type {
        TargetType::Account => {
            Operation::DeleteAccountAssignment(account_assignment(row, kind, principal))
        }
        TargetType::Application => Operation::DeleteApplicationAssignment(application_assignment(
            row, kind, principal, instances,
        )?),
    })
}
