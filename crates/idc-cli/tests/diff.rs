//! `idc diff` end to end: changes and exit codes, the checks that refuse a pair (different
//! clouds, instances or filters, an incomplete report), bounded reading, and write failures.

use assert_cmd::Command;
use idc_report::{Cloud, Row};
use predicates::prelude::*;

fn bare(home: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear().env("HOME", home);
    cmd
}

fn row(user: &str, set: &str) -> String {
    format!(
        r#"{{"cloud":"huawei","instance_id":"ins-1","user_id":"{user}","user_name":"{user} name","target_type":"ACCOUNT","target_id":"a-1","target_name":"prod","permission_set_id":"{set}","permission_set_name":"=cmd","via_type":"USER","via_id":null,"via_name":null}}"#
    )
}

#[test]
fn diff_lists_granted_and_revoked_rows_and_exit_code_says_whether_anything_changed() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.jsonl");
    let new = dir.path().join("new.jsonl");
    std::fs::write(
        &old,
        format!("{}\n{}\n", row("u-1", "ps-1"), row("u-2", "ps-1")),
    )
    .unwrap();
    std::fs::write(
        &new,
        format!("{}\n{}\n", row("u-1", "ps-1"), row("u-3", "ps-2")),
    )
    .unwrap();
    let out = bare(dir.path())
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--exit-code",
        ])
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(
        (lines[0]["user_id"].as_str(), lines[0]["change"].as_str()),
        (Some("u-2"), Some("revoked"))
    );
    assert_eq!(
        (lines[1]["user_id"].as_str(), lines[1]["change"].as_str()),
        (Some("u-3"), Some("granted"))
    );
    // Without --exit-code a change is not a failure; without a change --exit-code gives 0.
    bare(dir.path())
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .assert()
        .success();
    bare(dir.path())
        .args([
            "diff",
            old.to_str().unwrap(),
            old.to_str().unwrap(),
            "--exit-code",
        ])
        .assert()
        .success()
        .stdout("");
    // CSV: the fields plus change, formulas neutralised.
    let csv = bare(dir.path())
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--output",
            "csv",
        ])
        .assert()
        .success();
    let text = String::from_utf8(csv.get_output().stdout.clone()).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        format!("{},change", Row::FIELDS.join(","))
    );
    assert!(text.contains(",'=cmd,"), "{text}");
    let table = bare(dir.path())
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--output",
            "table",
        ])
        .assert()
        .success();
    let text = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("CHANGE"), "{text}");
    assert_eq!(text.lines().count(), 3);
}

#[test]
fn diff_of_reports_of_different_clouds_or_instances_is_an_error_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let huawei = row("u-1", "ps-1");
    std::fs::write(path("huawei.jsonl"), format!("{huawei}\n")).unwrap();
    let scp = huawei.replace("\"huawei\"", "\"scp\"");
    std::fs::write(path("scp.jsonl"), format!("{scp}\n")).unwrap();
    let other = huawei.replace("ins-1", "ins-2");
    std::fs::write(path("other.jsonl"), format!("{other}\n")).unwrap();
    std::fs::write(path("empty.jsonl"), "").unwrap();

    for (new, covers) in [
        ("scp.jsonl", "scp instance \"ins-1\""),
        ("other.jsonl", "huawei instance \"ins-2\""),
    ] {
        bare(dir.path())
            .args(["diff", &path("huawei.jsonl"), &path(new), "--exit-code"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "huawei.jsonl is a report of huawei instance \"ins-1\", {} of {covers}",
                path(new)
            )))
            .stderr(predicate::str::contains("--allow-different-instances"));
        // Allowed: every access differs.
        let out = bare(dir.path())
            .args(["diff", &path("huawei.jsonl"), &path(new)])
            .args(["--allow-different-instances", "--output", "json"])
            .assert()
            .success();
        assert_eq!(
            String::from_utf8_lossy(&out.get_output().stdout)
                .lines()
                .count(),
            2
        );
    }
    // An empty file is what a report failing before its first line leaves: refused, unless
    // allowed (then it covers anything: everything was revoked).
    bare(dir.path())
        .args(["diff", &path("huawei.jsonl"), &path("empty.jsonl")])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{} is not a complete report: it is empty",
            path("empty.jsonl")
        )))
        .stderr(predicate::str::contains("--allow-incomplete"));
    let out = bare(dir.path())
        .args(["diff", &path("huawei.jsonl"), &path("empty.jsonl")])
        .args(["--output", "json", "--allow-incomplete"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("revoked"));
}

#[test]
fn diff_of_a_malformed_line_exits_2_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.jsonl");
    let new = dir.path().join("new.jsonl");
    std::fs::write(&old, format!("{}\n", row("u-1", "ps-1"))).unwrap();
    std::fs::write(
        &new,
        format!("{}\n\n{{\"cloud\":\"huawei\"}}\n", row("u-1", "ps-1")),
    )
    .unwrap();
    bare(dir.path())
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}:3: not a report row",
            new.display()
        )));
    bare(dir.path())
        .args([
            "diff",
            old.to_str().unwrap(),
            dir.path().join("missing").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn diff_refuses_a_cut_report_and_different_filters_naming_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let header = |users: &[&str]| {
        idc_report::jsonl::Header::new(
            Cloud::Huawei,
            "ins-1",
            idc_report::jsonl::View::Access,
            idc_report::Filters {
                users: users.iter().map(|u| (*u).to_owned()).collect(),
                ..Default::default()
            },
        )
        .line()
    };
    let trailer = idc_report::jsonl::Trailer::line;
    let (a, b) = (row("u-1", "ps-1"), row("u-2", "ps-1"));
    std::fs::write(
        path("old.jsonl"),
        format!("{}\n{a}\n{b}\n{}\n", header(&[]), trailer(2)),
    )
    .unwrap();
    std::fs::write(path("cut.jsonl"), format!("{}\n{a}\n", header(&[]))).unwrap();
    std::fs::write(
        path("alice.jsonl"),
        format!("{}\n{a}\n{}\n", header(&["u-1"]), trailer(1)),
    )
    .unwrap();
    bare(dir.path())
        .args([
            "diff",
            &path("old.jsonl"),
            &path("cut.jsonl"),
            "--exit-code",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{} is not a complete report: it ends after 1 rows without its trailer",
            path("cut.jsonl")
        )))
        .stderr(predicate::str::contains("--allow-incomplete"));
    bare(dir.path())
        .args([
            "diff",
            &path("old.jsonl"),
            &path("alice.jsonl"),
            "--exit-code",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{} was made with no filters, {} with --user \"u-1\"",
            path("old.jsonl"),
            path("alice.jsonl")
        )))
        .stderr(predicate::str::contains("--allow-different-filters"));
    // Told otherwise: compared, u-2 reads as revoked.
    for flag in ["--allow-incomplete", "--allow-different-filters"] {
        let new = if flag == "--allow-incomplete" {
            "cut.jsonl"
        } else {
            "alice.jsonl"
        };
        bare(dir.path())
            .args(["diff", &path("old.jsonl"), &path(new), flag, "--exit-code"])
            .args(["--output", "json"])
            .assert()
            .code(1)
            .stdout(
                predicate::str::contains("\"user_id\":\"u-2\"")
                    .and(predicate::str::contains("revoked")),
            );
    }
    // Complete and alike: no warning, nothing changed.
    bare(dir.path())
        .args([
            "diff",
            &path("old.jsonl"),
            &path("old.jsonl"),
            "--exit-code",
        ])
        .assert()
        .success()
        .stderr("");
    // A file of an older idc (rows only) is compared, with a warning.
    std::fs::write(path("legacy.jsonl"), format!("{a}\n{b}\n")).unwrap();
    bare(dir.path())
        .args([
            "diff",
            &path("legacy.jsonl"),
            &path("old.jsonl"),
            "--exit-code",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "warning: {} has no header",
            path("legacy.jsonl")
        )));
}

#[test]
fn diff_reads_only_files_and_pipes_with_bounded_lines() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.jsonl");
    std::fs::write(&old, format!("{}\n", row("u-1", "ps-1"))).unwrap();
    bare(dir.path())
        .args(["diff", "/dev/zero", old.to_str().unwrap()])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read /dev/zero: a character device, not a report file",
        ));
    // A line without end, in a file: refused at the cap.
    let long = dir.path().join("long.jsonl");
    std::fs::write(&long, vec![b' '; (16 << 20) + 10]).unwrap();
    bare(dir.path())
        .args(["diff", old.to_str().unwrap(), long.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!(
            "{}:1: longer than 16 MiB",
            long.display()
        )));
}

#[test]
fn diff_into_a_closed_pipe_ends_quietly_and_a_full_disk_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.jsonl"), dir.path().join("new.jsonl"));
    let rows: String = (0..20_000)
        .map(|i| format!("{}\n", row(&format!("u-{i}"), "ps-1")))
        .collect();
    std::fs::write(&old, "").unwrap();
    std::fs::write(&new, &rows).unwrap();
    // `idc diff ... | head -1`: the reader goes away after one line.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("idc"))
        .env_clear()
        .env("HOME", dir.path())
        .args([
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--allow-incomplete",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    // A write failure is 2, never the 1 of "changes found", with or without changes.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("idc"))
        .env_clear()
        .env("HOME", dir.path())
        .args(["diff", old.to_str().unwrap(), new.to_str().unwrap()])
        .args(["--exit-code", "--allow-incomplete"])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
}
