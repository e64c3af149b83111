//! Runs that stop part way: a fault on the third write stops the run with an exact journal and
//! `--apply` again with the same journal completes it; a process killed in the middle of apply
//! leaves a journal from which `idc undo` restores the report.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use idc_emulator::{Fault, FaultPlan};

use crate::common::{demo_environment, setup};
use crate::support::{actions, arg, document, field, instance, journal, of_user, report};

/// A user of each cloud's demo data with a few accesses of each kind.
fn user(cloud: &str) -> &'static str {
    if cloud == "huawei" {
        "bob"
    } else {
        "jiwoo.kim00"
    }
}

fn stopped_by_a_fault_then_resumed(cloud: &str) {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let journal_file = dir.path().join("j.jsonl");
    let before = report(&s, cloud);
    let args = [
        "--instance-id",
        instance(cloud),
        "--user",
        user(cloud),
        "--apply",
        "--yes",
        "--journal",
        arg(&journal_file),
        "--output",
        "json",
    ];
    // 403 is not retried: the third write fails for good.
    s.emulator.set_faults(FaultPlan::new(1).on_write(
        3,
        Fault::Status {
            status: 403,
            retry_after: None,
        },
    ));
    let run = s.run(&["offboard", cloud], &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("to resume"), "{}", run.stderr);
    assert!(run.stderr.contains(arg(&journal_file)), "{}", run.stderr);
    let stopped = document(&run);
    let failed = stopped["stopped"]["failed"].as_str().unwrap().to_owned();

    // The journal is exact: the actions done, then the failed one started and failed, no more.
    let lines = journal(&journal_file);
    let done = actions(&lines, "done");
    assert!(!done.is_empty() && done.len() < 3, "{done:?}");
    let mut expected_started = done.clone();
    expected_started.push(failed.clone());
    assert_eq!(actions(&lines, "started"), expected_started);
    assert_eq!(actions(&lines, "failed"), vec![failed.clone()]);
    assert_eq!(lines.last().unwrap()["event"], "failed");
    let reported: Vec<String> = stopped["stopped"]["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(reported, done, "the output says what was done");
    assert_ne!(report(&s, cloud), before, "what was done is done");

    // Resume: the same command with the same journal skips what is done.
    s.emulator.set_faults(FaultPlan::default());
    let run = s.run(&["offboard", cloud], &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let outcome = document(&run);
    assert_eq!(outcome["clean"], true);
    let lines = journal(&journal_file);
    let runs = lines.iter().filter(|l| l["event"] == "run").count();
    assert_eq!(runs, 2);
    let started = actions(&lines, "started");
    for key in &done {
        assert_eq!(
            started.iter().filter(|k| *k == key).count(),
            1,
            "{key} was not sent again"
        );
    }
    let left = of_user(&report(&s, cloud), user(cloud));
    assert!(left.iter().all(|r| field(r, "via_type") == "ALL_USERS"));

    // And the journal of both runs undoes the whole.
    let run = s.run(&["undo", arg(&journal_file)], &["--output", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report(&s, cloud), before);
}

#[test]
fn huawei_a_fault_on_the_third_write_stops_the_run_and_it_resumes() {
    stopped_by_a_fault_then_resumed("huawei");
}

#[test]
fn scp_a_fault_on_the_third_write_stops_the_run_and_it_resumes() {
    stopped_by_a_fault_then_resumed("scp");
}

fn killed_then_undone(cloud: &str) {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let journal_file = dir.path().join("j.jsonl");
    let before = report(&s, cloud);
    // Slow every request, so that the run is still going when it is killed.
    s.emulator
        .set_faults(FaultPlan::new(1).on_requests(1.., Fault::Latency(Duration::from_millis(150))));
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("idc"))
        .env_clear()
        .envs(demo_environment(&s))
        .args(["offboard", cloud, "--instance-id", instance(cloud)])
        .args([
            "--user",
            user(cloud),
            "--apply",
            "--yes",
            "--output",
            "json",
        ])
        .args(["--journal", arg(&journal_file)])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once an action is done and the next one started.
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let lines = std::fs::read_to_string(&journal_file).unwrap_or_default();
        let done = lines
            .lines()
            .filter(|l| l.contains(r#""event":"done""#))
            .count();
        if done >= 1
            && lines
                .lines()
                .last()
                .is_some_and(|l| l.contains(r#""event":"started""#))
        {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was killed"
        );
        assert!(Instant::now() < deadline, "the run never got going");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    s.emulator.set_faults(FaultPlan::default());
    let lines = journal(&journal_file);
    assert!(!actions(&lines, "done").is_empty());
    assert_ne!(report(&s, cloud), before, "the run had done something");

    let run = s.run(&["undo", arg(&journal_file)], &["--output", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Whatever the killed action had reached, the report is the one taken before.
    assert_eq!(report(&s, cloud), before);
}

#[test]
fn huawei_a_killed_run_is_undone_from_its_journal() {
    killed_then_undone("huawei");
}

#[test]
fn scp_a_killed_run_is_undone_from_its_journal() {
    killed_then_undone("scp");
}
