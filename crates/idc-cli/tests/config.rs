//! Where the CLI takes its settings from: the clouds' own files (and what happens when they are
//! broken), profiles, endpoint variables, and shell completions.

use assert_cmd::Command;
use idc_emulator::demo;
use predicates::prelude::*;

mod common;

use common::{Setup, setup};

/// `idc` with no inherited environment but an empty HOME.
fn bare(s: &Setup) -> Command {
    let mut cmd = Command::cargo_bin("idc").unwrap();
    cmd.env_clear().env("HOME", s.home.path());
    cmd
}

/// `idc` with the demo SCP keys in the environment.
fn scp_keys(s: &Setup) -> Command {
    let mut cmd = bare(s);
    cmd.env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
        .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY);
    cmd
}

/// Makes `~/.scpconf/config.json` of the test's HOME broken in the way `how` says.
fn break_scp_config(s: &Setup, how: &str) -> std::path::PathBuf {
    let dir = s.home.path().join(".scpconf");
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    let _ = std::fs::remove_file(&config);
    match how {
        "malformed" => std::fs::write(&config, "{\"default-region\": ").unwrap(),
        "over 1 MiB" => std::fs::write(&config, vec![b' '; (1 << 20) + 1]).unwrap(),
        "a symlink loop" => std::os::unix::fs::symlink(&config, &config).unwrap(),
        "a FIFO" => {
            let made = std::process::Command::new("mkfifo")
                .arg(&config)
                .status()
                .unwrap();
            assert!(made.success());
        }
        other => panic!("{other}"),
    }
    config
}

const BROKEN: [&str; 4] = ["malformed", "over 1 MiB", "a symlink loop", "a FIFO"];

#[test]
fn a_broken_scp_config_json_does_not_fail_a_command_with_endpoint_and_keys() {
    let s = setup();
    for how in BROKEN {
        break_scp_config(&s, how);
        scp_keys(&s)
            .args(["scp", "iam-identity-center", "list-instances", "--output", "json"])
            .args(["--endpoint", s.emulator.base_url()])
            .assert()
            .success()
            .stdout(predicate::str::contains(demo::SCP_INSTANCE_ID));
    }
}

#[test]
fn a_broken_scp_config_json_is_named_for_what_it_is_without_a_hint_to_set_set_keys() {
    let s = setup();
    for how in BROKEN {
        let config = break_scp_config(&s, how);
        // Without an endpoint the file says where to go, so it is read, and its error names it.
        scp_keys(&s)
            .args(["scp", "iam-identity-center", "list-instances"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("SCP configuration file"))
            .stderr(predicate::str::contains(config.to_string_lossy().into_owned()))
            .stderr(predicate::str::contains("credentials file").not())
            .stderr(predicate::str::contains("hint: set SCP_ACCESS_KEY").not());
    }
}

#[test]
fn demo_runs_whole_whatever_the_scp_config_json() {
    let s = setup();
    for how in BROKEN {
        break_scp_config(&s, how);
        bare(&s)
            .arg("demo")
            .assert()
            .success()
            .stdout(predicate::str::contains("Huawei Cloud: USER"))
            .stdout(predicate::str::contains("iam-identity-center 1.4"));
    }
}
