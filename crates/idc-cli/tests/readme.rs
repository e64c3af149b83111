//! The README's command-line walk-through and `idc report` commands run as written against the
//! emulator's demo data, through a shell, with the endpoint variables and the demo credentials in
//! the environment.

use std::path::Path;
use std::process::Command;

mod common;

use common::commands_after;

#[test]
fn the_walk_through_and_the_report_commands_run_as_written() {
    let s = common::setup();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let report = commands_after(&readme, "## The access report");
    assert_eq!(report.len(), 7, "{report:?}");
    let walk = commands_after(&readme, "the walk from nothing to names");
    assert_eq!(walk.len(), 7, "{walk:?}");
    let idc = Path::new(env!("CARGO_BIN_EXE_idc"));
    let work = tempfile::tempdir().unwrap();
    let shell = |line: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(work.path())
            .env_clear()
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", idc.parent().unwrap().display()),
            )
            .envs(common::demo_environment(&s))
            .output()
            .unwrap()
    };
    // "An earlier report": the same command's output, so the last line's diff finds no change.
    let last = report.last().unwrap();
    let earlier = last.split(" > ").next().unwrap();
    let made = shell(&format!("{earlier} > yesterday.jsonl"));
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    for command in walk.iter().chain(&report) {
        let out = shell(command);
        assert!(
            out.status.success(),
            "{command}: exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let written = !out.stdout.is_empty() || command.contains(" > ");
        assert!(written, "{command} wrote nothing");
    }
    let page = std::fs::read_to_string(work.path().join("access.html")).unwrap();
    assert!(
        page.contains("alice") && page.contains("bob"),
        "the HTML report"
    );

    // The audit's commands, in order (the last one reads the baseline the one before wrote).
    let audit = commands_after(&readme, "## Findings: `idc audit`");
    assert_eq!(audit.len(), 5, "{audit:?}");
    for command in &audit {
        let out = shell(command);
        assert!(
            out.status.success(),
            "{command}: exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let findings = std::fs::read_to_string(work.path().join("findings.csv")).unwrap();
    assert!(findings.contains("IDC002"), "{findings}");
    let page = std::fs::read_to_string(work.path().join("audit.html")).unwrap();
    assert!(page.contains("<table id=\"findings\""), "the audit's page");
    let baseline = std::fs::read_to_string(work.path().join("baseline.yaml")).unwrap();
    assert!(baseline.contains("fingerprint: IDC"), "{baseline}");

    // The writes' flags: a dry run sends nothing; the input file gives the request, a flag wins.
    let writes = commands_after(&readme, "### Writes from the command line");
    assert_eq!(writes.len(), 4, "{writes:?}");
    let mut outputs = Vec::new();
    for command in &writes {
        let before = s.emulator.request_count();
        let out = shell(command);
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if command.contains("--dry-run") {
            assert_eq!(s.emulator.request_count(), before, "{command} sent nothing");
        }
        outputs.push(String::from_utf8(out.stdout).unwrap());
    }
    assert!(outputs[0].starts_with("POST "), "{}", outputs[0]);
    assert!(outputs[0].contains("authorization: ***"), "{}", outputs[0]);
    let alice = "4b969bc6-e8ed-47ce-b62b-936319e2bcb1";
    assert!(outputs[2].contains(alice), "{}", outputs[2]);
    assert!(
        !outputs[3].contains(alice) && outputs[3].contains("user_id"),
        "{}",
        outputs[3]
    );
}
