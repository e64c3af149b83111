//! The off-boarding flows, the same on both clouds: each test of `offboard.rs` runs one on one
//! cloud.

use std::collections::BTreeSet;

use idc_emulator::{Fault, FaultPlan, RunningEmulator};
use idc_offboard::journal::{Entry, Outcome};
use idc_offboard::{Error, Offboarder, Operation, Plan, PlanOptions, Refusal, Via};
use idc_report::{Row, ViaType};

use crate::common::{self, entries, events, is_write, report, requests, rows_of};

/// Which cloud a flow runs on, and its demo user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Huawei,
    Scp,
}

impl Cloud {
    pub async fn offboarder(self, emulator: &RunningEmulator) -> Offboarder {
        match self {
            Self::Huawei => common::huawei(emulator).await,
            Self::Scp => common::scp(emulator).await,
        }
    }

    /// The demo user off-boarded, by name (Huawei user name, SCP login id).
    pub fn user(self) -> &'static str {
        match self {
            Self::Huawei => idc_emulator::demo::HUAWEI_USER_NAME,
            Self::Scp => idc_emulator::demo::SCP_USER_LOGIN_ID,
        }
    }
}

fn options() -> PlanOptions {
    PlanOptions {
        disable_user: true,
        revoke_sessions: true,
    }
}

fn ids(plan: &Plan) -> Vec<String> {
    plan.actions.iter().map(|a| a.id.clone()).collect()
}

/// Dry run (reads only), apply, verify (only open-to-all applications remain), undo (the whole
/// report as before).
pub async fn offboard_apply_verify_undo(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let before = report(&off).await;
    emulator.clear_requests();
    let plan = off.plan_offboard(cloud.user(), options()).await.unwrap();
    let sent = requests(&emulator);
    assert!(!sent.is_empty());
    assert!(
        !sent.iter().any(is_write),
        "the plan sent a write: {sent:?}"
    );

    // Every access of the user is ended by exactly one action or remains, with why.
    let me = plan.user.clone().expect("the plan names the user");
    assert_eq!(me.name.as_deref(), Some(cloud.user()));
    let mine: BTreeSet<Row> = before
        .iter()
        .filter(|r| r.user_id == me.id)
        .cloned()
        .collect();
    assert!(mine.len() >= 2, "the demo user holds accesses: {mine:?}");
    let ended: Vec<Row> = plan.actions.iter().flat_map(|a| a.ends.clone()).collect();
    let remaining: BTreeSet<Row> = plan.remaining.iter().map(|r| r.row.clone()).collect();
    assert!(remaining.iter().all(|r| r.via_type == ViaType::AllUsers));
    let mut covered: BTreeSet<Row> = ended.iter().cloned().collect();
    assert_eq!(covered.len(), ended.len(), "no access is ended twice");
    covered.extend(remaining.iter().cloned());
    assert_eq!(covered, mine);
    for action in &plan.actions {
        match &action.operation {
            Operation::RemoveMembership(m) => assert!(
                action
                    .ends
                    .iter()
                    .all(|r| r.via_id.as_ref() == Some(&m.group.id)),
                "{action:?}"
            ),
            Operation::DeleteAccountAssignment(_) | Operation::DeleteApplicationAssignment(_) => {
                assert_eq!(action.ends.len(), 1);
                assert_eq!(action.ends[0].via_type, ViaType::User);
            }
            _ => assert!(action.ends.is_empty()),
        }
    }
    assert!(
        plan.actions
            .iter()
            .any(|a| matches!(a.operation, Operation::RemoveMembership(_)))
    );
    let has = |name: &str| plan.actions.iter().any(|a| a.operation.name() == name);
    match cloud {
        Cloud::Huawei => {
            assert!(has("disable_user") && has("revoke_sessions"), "{plan:#?}");
            assert!(
                has("delete_application_assignment"),
                "alice has direct applications"
            );
            assert!(
                !remaining.is_empty(),
                "alice reaches applications open to all"
            );
            assert!(
                plan.remaining
                    .iter()
                    .all(|r| r.why.contains("open to every user"))
            );
        }
        Cloud::Scp => {
            assert!(!has("disable_user") && !has("revoke_sessions"));
            assert!(
                plan.notes
                    .iter()
                    .any(|n| n.contains("no operation to disable"))
            );
            assert!(plan.notes.iter().any(|n| n.contains("sessions")));
        }
    }

    // Apply: each action journaled started then done, in order.
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("offboard.jsonl");
    let mut heard = Vec::new();
    let outcome = off
        .apply(&plan, &journal, |e| heard.push(e.clone()))
        .await
        .unwrap();
    assert_eq!(outcome.sent, ids(&plan));
    assert!(outcome.already.is_empty() && outcome.skipped.is_empty());
    assert_eq!(heard.len(), 2 * plan.actions.len());
    let mut expected = vec![("run".to_owned(), String::new())];
    for id in ids(&plan) {
        expected.push(("started".to_owned(), id.clone()));
        expected.push(("done".to_owned(), id));
    }
    assert_eq!(events(&journal), expected);
    for (entry, action) in entries(&journal)
        .iter()
        .skip(1)
        .step_by(2)
        .zip(&plan.actions)
    {
        let Entry::Started { operation, .. } = entry else {
            panic!("{entry:?}")
        };
        assert_eq!(
            operation, &action.operation,
            "the started line carries the operation"
        );
    }

    // Verify: only the applications open to all remain.
    let verification = off.verify(&plan).await.unwrap();
    assert!(verification.is_clean(), "{verification:#?}");
    assert_eq!(
        verification
            .open_to_all
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>(),
        remaining
    );
    assert_eq!(rows_of(&off, &me.id).await, remaining);
    if cloud == Cloud::Huawei {
        assert_eq!(verification.user_still_enabled, Some(false));
    }

    // Undo: the whole report as before; deleted sessions said.
    let undone = off.undo(&journal, None, |_| {}).await.unwrap();
    assert_eq!(report(&off).await, before);
    let restorable = plan.actions.len() - usize::from(has("revoke_sessions"));
    assert_eq!(
        undone.applied.sent.len() + undone.applied.already.len(),
        restorable
    );
    match cloud {
        Cloud::Huawei => {
            assert_eq!(undone.not_restorable.len(), 1);
            assert!(undone.not_restorable[0].why.contains("session"));
        }
        Cloud::Scp => assert!(undone.not_restorable.is_empty()),
    }
    let undo_journal = idc_offboard::undo::default_undo_journal(&journal);
    assert!(events(&undo_journal).len() > 1, "the undo is journaled too");
}

/// A fault on the third write stops the run with an exact journal; applying again completes it;
/// a saved plan is stale then, but not for a run resuming with that journal.
pub async fn fault_on_third_write(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let before = report(&off).await;
    let plan = off.plan_offboard(cloud.user(), options()).await.unwrap();
    // Huawei: disable (write 1), sessions (2), the first assignment (3). SCP: an assignment's
    // deletion is two writes (CreateAccountAssignment answers its id, then the delete), so the
    // third write is the second action's first.
    let failing = match cloud {
        Cloud::Huawei => 2,
        Cloud::Scp => 1,
    };
    assert!(plan.actions.len() > failing + 1);
    emulator.set_faults(FaultPlan::new(0).on_write(
        3,
        Fault::Status {
            status: 403,
            retry_after: None,
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let err = off.apply(&plan, &journal, |_| {}).await.unwrap_err();
    let all = ids(&plan);
    let Error::Stopped {
        failed,
        done,
        not_done,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(failed, &all[failing]);
    assert_eq!(done, &all[..failing].to_vec());
    assert_eq!(not_done, &all[failing..].to_vec());
    assert!(err.to_string().contains("run again with the same journal"));
    assert!(!err.is_usage());
    let mut expected = vec![("run".to_owned(), String::new())];
    for id in &all[..failing] {
        expected.push(("started".to_owned(), id.clone()));
        expected.push(("done".to_owned(), id.clone()));
    }
    expected.push(("started".to_owned(), all[failing].clone()));
    expected.push(("failed".to_owned(), all[failing].clone()));
    assert_eq!(events(&journal), expected, "the journal is exact");

    // The saved plan is stale now (what was done is gone), but not for a resuming run.
    let saved = Plan::from_json(&plan.to_json().unwrap()).unwrap();
    let stale = off.check_plan(&saved).await.unwrap_err();
    assert!(matches!(stale, Error::StalePlan { .. }), "{stale:?}");
    let resumed = off.check_plan_resuming(&saved, &journal).await.unwrap();
    assert_eq!(resumed, saved);

    // Applying again with the same journal completes it: what is done is skipped.
    emulator.set_faults(FaultPlan::default());
    let outcome = off.apply(&resumed, &journal, |_| {}).await.unwrap();
    assert_eq!(outcome.skipped, all[..failing].to_vec());
    assert_eq!(outcome.sent, all[failing..].to_vec());
    expected.push(("run".to_owned(), String::new()));
    for id in &all[failing..] {
        expected.push(("started".to_owned(), id.clone()));
        expected.push(("done".to_owned(), id.clone()));
    }
    assert_eq!(events(&journal), expected);
    assert!(off.verify(&plan).await.unwrap().is_clean());

    // And the journal of both runs undoes all of it.
    off.undo(&journal, None, |_| {}).await.unwrap();
    assert_eq!(report(&off).await, before);
}

/// An action journaled `started` without an outcome is checked before it is sent again: one that
/// took effect is journaled done `already` (never sent twice), one that did not is sent.
pub async fn resume_checks_started_actions(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let plan = off
        .plan_offboard(cloud.user(), PlanOptions::default())
        .await
        .unwrap();
    assert!(plan.actions.len() >= 3);
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    // The first action applied, then its `done` line lost (the process died after sending it).
    let mut first = plan.clone();
    first.actions.truncate(1);
    off.apply(&first, &journal, |_| {}).await.unwrap();
    let text = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    // The second action journaled started, but never sent.
    let started = serde_json::to_string(&Entry::Started {
        time: "2026-12-07T00:00:00Z".into(),
        action: plan.actions[1].id.clone(),
        operation: plan.actions[1].operation.clone(),
    })
    .unwrap();
    std::fs::write(&journal, format!("{}\n{}\n{started}\n", lines[0], lines[1])).unwrap();

    emulator.clear_requests();
    let outcome = off.apply(&plan, &journal, |_| {}).await.unwrap();
    assert_eq!(outcome.already, vec![plan.actions[0].id.clone()]);
    assert_eq!(outcome.sent, ids(&plan)[1..].to_vec());
    let last_run: Vec<Entry> = entries(&journal).into_iter().skip(4).collect();
    assert!(
        matches!(&last_run[0], Entry::Done { action, outcome: Outcome::Already, .. } if action == &plan.actions[0].id),
        "{last_run:?}"
    );
    assert!(off.verify(&plan).await.unwrap().is_clean());
}

/// A saved plan is refused once the state changed, naming what changed.
pub async fn stale_plan_is_refused(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let plan = off
        .plan_offboard(cloud.user(), PlanOptions::default())
        .await
        .unwrap();
    let saved = Plan::from_json(&plan.to_json().unwrap()).unwrap();
    assert_eq!(saved, plan);
    assert_eq!(
        off.check_plan(&saved).await.unwrap(),
        plan,
        "nothing changed yet"
    );

    // Someone else deletes one of the user's direct assignments.
    let direct = plan
        .actions
        .iter()
        .find(|a| matches!(a.operation, Operation::DeleteAccountAssignment(_)))
        .expect("a direct assignment");
    let revoke = off.plan_revoke(direct.ends.clone(), None).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    off.apply(&revoke, &dir.path().join("other.jsonl"), |_| {})
        .await
        .unwrap();

    let Error::StalePlan { changes } = off.check_plan(&saved).await.unwrap_err() else {
        panic!("not refused as stale")
    };
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert!(changes[0].contains("no longer needed"), "{changes:?}");
    let account = direct.ends[0].target_name.clone().unwrap();
    assert!(changes[0].contains(&account), "{changes:?} names {account}");
    // A plan file of a newer format, or not JSON, is refused.
    let newer = plan
        .to_json()
        .unwrap()
        .replacen("\"format\": 1", "\"format\": 99", 1);
    assert!(matches!(
        Plan::from_json(&newer),
        Err(Error::PlanFile { .. })
    ));
    assert!(Plan::from_json("{").unwrap_err().is_usage());
}

/// A GROUP row whose user has other accesses through the group, and whose group assignment
/// reaches other members: the row, the user's other rows through the group, the other members'
/// rows through the same assignment.
fn group_row(before: &BTreeSet<Row>) -> (Row, BTreeSet<Row>, BTreeSet<Row>) {
    before
        .iter()
        .filter(|r| r.via_type == ViaType::Group)
        .map(|row| {
            let membership: BTreeSet<Row> = before
                .iter()
                .filter(|r| r.user_id == row.user_id && r.via_id == row.via_id && *r != row)
                .cloned()
                .collect();
            let assignment: BTreeSet<Row> = before
                .iter()
                .filter(|r| {
                    r.via_id == row.via_id
                        && r.target_id == row.target_id
                        && r.permission_set_id == row.permission_set_id
                        && r.user_id != row.user_id
                })
                .cloned()
                .collect();
            (row.clone(), membership, assignment)
        })
        .find(|(_, m, a)| !m.is_empty() && !a.is_empty())
        .expect("the demo data has a group with several accesses and several members")
}

/// Applies a revoke plan of `rows` with `via`, checks it ended exactly what it said, undoes it.
async fn revoke_exactly(
    off: &Offboarder,
    rows: Vec<Row>,
    via: Option<Via>,
) -> (BTreeSet<Row>, Plan) {
    let before = report(off).await;
    let plan = off.plan_revoke(rows.clone(), via).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("revoke.jsonl");
    off.apply(&plan, &journal, |_| {}).await.unwrap();
    let after = report(off).await;
    let gone: BTreeSet<Row> = before.difference(&after).cloned().collect();
    let said: BTreeSet<Row> = plan
        .actions
        .iter()
        .flat_map(|a| a.ends.iter().chain(&a.also_ends).cloned())
        .collect();
    assert_eq!(gone, said, "the plan ended exactly what it said");
    let asked: BTreeSet<Row> = rows.into_iter().collect();
    assert!(asked.is_subset(&gone));
    assert!(after.is_subset(&before), "nothing was granted");
    assert!(off.verify(&plan).await.unwrap().is_clean());
    off.undo(&journal, None, |_| {}).await.unwrap();
    assert_eq!(report(off).await, before, "undo restores the report");
    (gone, plan)
}

/// `revoke` of report rows: a USER row, a GROUP row via membership and via group assignment
/// (each ending exactly the rows asked and the others it says), a GROUP row without via refused
/// with both consequences, an ALL_USERS row and another instance's row refused.
pub async fn revoke_rows_each_via(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let before = report(&off).await;
    let (row, membership, assignment) = group_row(&before);

    // Without via: refused, with both options' consequences.
    let mut other = row.clone();
    other.instance_id = "another-instance".into();
    let mut asked = vec![row.clone(), other.clone()];
    let all_users = before
        .iter()
        .find(|r| r.via_type == ViaType::AllUsers)
        .cloned();
    if let Some(open) = &all_users {
        asked.push(open.clone());
    }
    let Error::Refused { refusals } = off.plan_revoke(asked, None).await.unwrap_err() else {
        panic!("not refused")
    };
    assert_eq!(
        refusals.len(),
        2 + usize::from(all_users.is_some()),
        "{refusals:?}"
    );
    let needs = refusals
        .iter()
        .find_map(|r| match r {
            Refusal::GroupRowNeedsVia {
                row: r,
                membership_consequences,
                group_assignment_consequences,
            } => Some((r, membership_consequences, group_assignment_consequences)),
            _ => None,
        })
        .expect("the GROUP row is refused for want of --via");
    assert_eq!(needs.0, &row);
    assert_eq!(needs.1.iter().cloned().collect::<BTreeSet<_>>(), membership);
    assert_eq!(needs.2.iter().cloned().collect::<BTreeSet<_>>(), assignment);
    assert!(
        refusals
            .iter()
            .any(|r| matches!(r, Refusal::OtherInstance { row } if row == &other))
    );
    if cloud == Cloud::Huawei {
        assert!(
            all_users.is_some(),
            "the Huawei demo has applications open to all"
        );
        let refusal = refusals
            .iter()
            .find(|r| matches!(r, Refusal::AllUsersRow { .. }))
            .unwrap();
        assert!(refusal.reason().contains("open to every user"));
    }
    let message = Error::Refused { refusals }.to_string();
    assert!(message.contains("membership") && message.contains("group-assignment"));

    // Via membership: the row, and the user's other accesses through the group.
    let (gone, plan) = revoke_exactly(&off, vec![row.clone()], Some(Via::Membership)).await;
    assert_eq!(plan.actions.len(), 1);
    assert!(matches!(
        plan.actions[0].operation,
        Operation::RemoveMembership(_)
    ));
    assert_eq!(plan.actions[0].ends, vec![row.clone()]);
    let mut expected = membership.clone();
    expected.insert(row.clone());
    assert_eq!(gone, expected);

    // Via the group's assignment: the row, and every other member's.
    let (gone, plan) = revoke_exactly(&off, vec![row.clone()], Some(Via::GroupAssignment)).await;
    assert_eq!(plan.actions.len(), 1);
    let Operation::DeleteAccountAssignment(a) = &plan.actions[0].operation else {
        panic!("{plan:?}")
    };
    assert_eq!(a.principal_type, idc_offboard::Principal::Group);
    let mut expected = assignment.clone();
    expected.insert(row.clone());
    assert_eq!(gone, expected);

    // A USER row: that row only.
    let user_row = before
        .iter()
        .find(|r| r.via_type == ViaType::User)
        .cloned()
        .unwrap();
    let (gone, plan) = revoke_exactly(&off, vec![user_row.clone()], None).await;
    assert_eq!(gone, BTreeSet::from([user_row.clone()]));
    assert!(plan.actions[0].also_ends.is_empty());

    // A row not held (say, a diff's revoked row): nothing to do, said in the notes.
    let mut gone_row = user_row.clone();
    gone_row.permission_set_id = Some("ps-not-held".into());
    let plan = off.plan_revoke(vec![gone_row], None).await.unwrap();
    assert!(plan.actions.is_empty());
    assert!(plan.notes[0].contains("not held now"), "{:?}", plan.notes);
}

/// A run killed after sending an action but before journaling its outcome: undo restores the
/// whole report from that journal (an action only `started` is undone if its effect is there).
pub async fn killed_mid_apply_undo_restores(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let before = report(&off).await;
    let plan = off.plan_offboard(cloud.user(), options()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    let mut cut = plan.clone();
    cut.actions.truncate(3);
    off.apply(&cut, &journal, |_| {}).await.unwrap();
    // The process died after sending the third action: its `done` line never written.
    let text = std::fs::read_to_string(&journal).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    std::fs::write(&journal, format!("{}\n", lines[..6].join("\n"))).unwrap();
    assert_eq!(events(&journal).last().unwrap().0, "started");
    assert_ne!(report(&off).await, before);

    let undo = off.plan_undo(&journal).unwrap();
    let restorable = cut
        .actions
        .iter()
        .filter(|a| a.operation.name() != "revoke_sessions")
        .count();
    assert_eq!(undo.plan.actions.len(), restorable);
    assert_eq!(
        undo.plan.actions[0].operation.reverse(),
        idc_offboard::operation::Reverse::Restore(cut.actions[2].operation.clone()),
        "the last action first"
    );
    off.undo(&journal, None, |_| {}).await.unwrap();
    assert_eq!(report(&off).await, before);
}

/// Bad input is a typed usage error: an unknown user, a plan or journal of another instance, an
/// empty journal to undo; and nothing is written for them.
pub async fn bad_input_is_refused(cloud: Cloud) {
    let emulator = common::start().await;
    let off = cloud.offboarder(&emulator).await;
    let err = off
        .plan_offboard("no-such-user", PlanOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UserNotFound { user } if user == "no-such-user"),
        "{err:?}"
    );
    assert!(err.is_usage());

    let mut plan = off
        .plan_offboard(cloud.user(), PlanOptions::default())
        .await
        .unwrap();
    plan.instance_id = "another-instance".into();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("j.jsonl");
    emulator.clear_requests();
    let err = off.apply(&plan, &journal, |_| {}).await.unwrap_err();
    assert!(matches!(err, Error::WrongTarget { .. }), "{err:?}");
    assert!(err.to_string().contains("another-instance"), "{err}");
    assert!(!journal.exists(), "nothing journaled");
    assert!(!requests(&emulator).iter().any(is_write));

    // A journal written on another instance is not applied to this one, nor undone on it.
    std::fs::write(
        &journal,
        "{\"event\":\"run\",\"time\":\"t\",\"format\":1,\"mode\":\"apply\",\"cloud\":\"huawei\",\"instance_id\":\"elsewhere\",\"actions\":0}\n",
    )
    .unwrap();
    plan.instance_id = off.instance_id().to_owned();
    assert!(matches!(
        off.apply(&plan, &journal, |_| {}).await.unwrap_err(),
        Error::WrongTarget { .. }
    ));
    assert!(matches!(
        off.plan_undo(&journal).unwrap_err(),
        Error::WrongTarget { .. }
    ));
    let empty = dir.path().join("empty.jsonl");
    assert!(matches!(
        off.plan_undo(&empty).unwrap_err(),
        Error::Journal { .. }
    ));
    assert!(!requests(&emulator).iter().any(is_write));
}
