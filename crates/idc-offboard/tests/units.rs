//! The parts of off-boarding that need no service: the journal read back (a line cut by a crash,
//! a malformed line), the rows `revoke` reads, operation keys and reversals, the stale-plan
//! changes in words, refusals and errors.

use std::io::Write;

use idc_offboard::journal::{Entry, Mode, Outcome, Record, State, Writer};
use idc_offboard::operation::{AccountAssignment, Membership, Reverse};
use idc_offboard::{
    Action, Error, Named, Operation, PLAN_FORMAT, Plan, PlanOptions, Principal, Refusal, Remaining,
    Request, plan_changes,
};
use idc_report::{Cloud, Row, TargetType, ViaType};

fn named(id: &str, name: &str) -> Named {
    Named {
        id: id.into(),
        name: Some(name.into()),
    }
}

fn row(user: &str, account: &str, via: Option<&str>) -> Row {
    Row {
        cloud: Cloud::Huawei,
        instance_id: "ins-1".into(),
        user_id: user.into(),
        user_name: Some(format!("name-{user}")),
        target_type: TargetType::Account,
        target_id: account.into(),
        target_name: Some(format!("acct-{account}")),
        permission_set_id: Some("ps-1".into()),
        permission_set_name: Some("Admin".into()),
        via_type: if via.is_some() {
            ViaType::Group
        } else {
            ViaType::User
        },
        via_id: via.map(Into::into),
        via_name: via.map(|g| format!("group-{g}")),
    }
}

fn delete(account: &str) -> Operation {
    Operation::DeleteAccountAssignment(AccountAssignment {
        principal_type: Principal::User,
        principal: named("u-1", "alice"),
        account: named(account, &format!("acct-{account}")),
        permission_set: Some(named("ps-1", "Admin")),
        assignment_id: Some("scp-id-1".into()),
    })
}

fn membership(group: &str, id: Option<&str>) -> Operation {
    Operation::RemoveMembership(Membership {
        group: named(group, &format!("group-{group}")),
        user: named("u-1", "alice"),
        membership_id: id.map(Into::into),
    })
}

fn plan(actions: Vec<Action>) -> Plan {
    Plan {
        format: PLAN_FORMAT,
        cloud: Cloud::Huawei,
        instance_id: "ins-1".into(),
        request: Request::Offboard {
            user: "alice".into(),
            options: PlanOptions::default(),
        },
        user: Some(named("u-1", "alice")),
        user_enabled: Some(true),
        actions,
        remaining: Vec::new(),
        notes: Vec::new(),
    }
}

#[test]
fn keys_name_ids_never_names_nor_ids_assigned_anew() {
    let a = delete("a-1");
    assert_eq!(a.key(), "delete_account_assignment:USER:u-1:a-1:ps-1");
    let mut renamed = a.clone();
    if let Operation::DeleteAccountAssignment(x) = &mut renamed {
        x.account.name = Some("renamed".into());
        x.assignment_id = None;
    }
    assert_eq!(renamed.key(), a.key());
    assert_eq!(
        membership("g-1", Some("m-1")).key(),
        membership("g-1", None).key()
    );
    assert_ne!(membership("g-1", None).key(), membership("g-2", None).key());
}

#[test]
fn each_removal_reverses_to_its_restoration_and_sessions_cannot() {
    let Reverse::Restore(Operation::CreateAccountAssignment(c)) = delete("a-1").reverse() else {
        panic!()
    };
    assert_eq!(
        c.assignment_id, None,
        "a re-created SCP assignment has a new id"
    );
    assert_eq!(c.account.id, "a-1");
    let Reverse::Restore(Operation::AddMembership(m)) = membership("g-1", Some("m-1")).reverse()
    else {
        panic!()
    };
    assert_eq!((m.group.id.as_str(), m.membership_id), ("g-1", None));
    let disable = Operation::DisableUser {
        user: named("u-1", "alice"),
    };
    assert_eq!(
        disable.reverse(),
        Reverse::Restore(Operation::EnableUser {
            user: named("u-1", "alice")
        })
    );
    let sessions = Operation::RevokeSessions {
        user: named("u-1", "alice"),
        sessions: vec!["s-1".into()],
    };
    let Reverse::CannotRestore(why) = sessions.reverse() else {
        panic!()
    };
    assert!(why.contains("cannot be re-created"), "{why}");
}

#[test]
fn descriptions_escape_control_characters() {
    let mut op = delete("a-1");
    if let Operation::DeleteAccountAssignment(x) = &mut op {
        x.principal.name = Some("evil\u{1b}[31m".into());
    }
    let text = op.to_string();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(
        text.starts_with("delete the account assignment of user evil"),
        "{text}"
    );
}

#[test]
fn the_journal_reads_back_and_a_line_cut_by_a_crash_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    assert!(
        Record::read(&path).unwrap().entries.is_empty(),
        "missing: empty"
    );
    let mut writer = Writer::open(&path).unwrap();
    let run = Entry::Run {
        time: "t".into(),
        format: 1,
        mode: Mode::Apply,
        cloud: Cloud::Huawei,
        instance_id: "ins-1".into(),
        actions: 2,
    };
    writer.write(&run).unwrap();
    let op = delete("a-1");
    let started = Entry::Started {
        time: "t".into(),
        action: op.key(),
        operation: op.clone(),
    };
    writer.write(&started).unwrap();
    writer
        .write(&Entry::Done {
            time: "t".into(),
            action: op.key(),
            operation: op.clone(),
            outcome: Outcome::Sent,
        })
        .unwrap();
    let second = membership("g-1", Some("m-1"));
    writer
        .write(&Entry::Started {
            time: "t".into(),
            action: second.key(),
            operation: second.clone(),
        })
        .unwrap();
    drop(writer);
    // A crash in the middle of the next line.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(br#"{"event":"done","time":"t","act"#)
        .unwrap();
    drop(file);

    let record = Record::read(&path).unwrap();
    assert_eq!(record.entries.len(), 4);
    assert_eq!(record.entries[0], run);
    let states = record.states();
    assert_eq!(states.get(&op.key()), Some(&State::Done(op.clone())));
    assert_eq!(states.get(&second.key()), Some(&State::Started(second)));
    let runs: Vec<_> = record.runs().collect();
    assert_eq!(runs, vec![(&Cloud::Huawei, "ins-1", Mode::Apply)]);
    let line = std::fs::read_to_string(&path).unwrap();
    assert!(
        line.starts_with(r#"{"event":"run","time":"t","format":1,"mode":"apply""#),
        "{line}"
    );
}

#[test]
fn a_malformed_journal_line_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    std::fs::write(&path, "{\"event\":\"run\"}\nnot json\n").unwrap();
    let err = Record::read(&path).unwrap_err();
    let Error::Journal { line, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*line, 1, "the first line lacks fields");
    assert!(err.is_usage());
    std::fs::write(&path, "\n\nnot json\n").unwrap();
    let Error::Journal { line, .. } = Record::read(&path).unwrap_err() else {
        panic!()
    };
    assert_eq!(line, 3);
}

#[test]
fn rows_of_a_report_or_a_diff_are_read_and_anything_else_refused() {
    let r = row("u-1", "a-1", None);
    let mut diff = serde_json::to_value(&r).unwrap();
    diff["change"] = "revoked".into();
    let text = format!(
        "{{\"idc_report\":\"header\",\"format\":1}}\n\n{}\n{diff}\n{{\"idc_report\":\"trailer\",\"rows\":2,\"complete\":true}}\n",
        serde_json::to_string(&r).unwrap()
    );
    let rows = idc_offboard::rows::read_rows(text.as_bytes(), "rows.jsonl").unwrap();
    assert_eq!(rows, vec![r.clone(), r.clone()]);

    let mut cut = serde_json::to_value(&r).unwrap();
    cut.as_object_mut().unwrap().remove("via_id");
    let err = idc_offboard::rows::read_rows(format!("{cut}\n").as_bytes(), "-").unwrap_err();
    assert!(matches!(err, Error::Rows { line: 1, .. }), "{err:?}");
    let err = idc_offboard::rows::read_rows("[1]\n".as_bytes(), "-").unwrap_err();
    assert!(err.to_string().contains("not a JSON object"), "{err}");
    assert!(err.is_usage());
}

#[test]
fn stale_plan_changes_name_what_changed() {
    let ends = |accounts: &[&str]| {
        accounts
            .iter()
            .map(|a| row("u-1", a, Some("g-1")))
            .collect()
    };
    let saved = plan(vec![
        Action::new(delete("a-1"), vec![row("u-1", "a-1", None)], vec![]),
        Action::new(membership("g-1", Some("m-1")), ends(&["a-2"]), vec![]),
    ]);
    // The same, but a membership id assigned anew: not a change.
    let mut same = saved.clone();
    same.actions[1] = Action::new(membership("g-1", Some("m-9")), ends(&["a-2"]), vec![]);
    assert!(plan_changes(&saved, &same).is_empty());

    let mut current = plan(vec![
        Action::new(membership("g-1", None), ends(&["a-2", "a-3"]), vec![]),
        Action::new(membership("g-2", None), vec![], vec![]),
    ]);
    current.user_enabled = Some(false);
    current.remaining.push(Remaining {
        row: row("u-1", "app", None),
        why: "open".into(),
    });
    let changes = plan_changes(&saved, &current);
    let all = changes.join("\n");
    assert!(all.contains("enabled state changed"), "{all}");
    assert!(
        all.contains("no longer needed: delete the account assignment"),
        "{all}"
    );
    assert!(
        all.contains("a new action is needed: remove user alice (u-1) from group group-g-2"),
        "{all}"
    );
    assert!(
        all.contains("now also: name-u-1 reaches acct-a-3 as Admin through group group-g-1"),
        "{all}"
    );
    assert!(all.contains("remaining now also"), "{all}");
    assert_eq!(changes.len(), 5, "{all}");

    let mut other = saved.clone();
    other.instance_id = "ins-2".into();
    assert_eq!(plan_changes(&saved, &other).len(), 1);
}

#[test]
fn refusals_say_why_and_are_usage_errors() {
    let r = row("u-1", "a-1", Some("g-1"));
    let needs = Refusal::GroupRowNeedsVia {
        row: r.clone(),
        membership_consequences: vec![row("u-1", "a-2", Some("g-1"))],
        group_assignment_consequences: vec![
            row("u-2", "a-1", Some("g-1")),
            row("u-3", "a-1", Some("g-1")),
        ],
    };
    let why = needs.reason();
    assert!(
        why.contains("`membership`") && why.contains("also ends 1 other access"),
        "{why}"
    );
    assert!(
        why.contains("`group-assignment`") && why.contains("for 2 other row(s)"),
        "{why}"
    );
    assert_eq!(needs.row(), &r);
    let open = Refusal::AllUsersRow { row: r.clone() };
    assert!(open.reason().contains("open to every user"));
    let err = Error::Refused {
        refusals: vec![needs, open],
    };
    assert!(err.is_usage());
    assert!(err.to_string().starts_with("2 row(s) refused"), "{err}");
    let stopped = Error::Stopped {
        failed: "k".into(),
        error: "boom".into(),
        done: vec!["a".into()],
        not_done: vec!["k".into(), "b".into()],
        journal: "j.jsonl".into(),
    };
    assert!(!stopped.is_usage());
    assert_eq!(
        stopped.to_string(),
        "stopped at action k (boom): 1 done, 2 not done; run again with the same journal j.jsonl to resume"
    );
}
