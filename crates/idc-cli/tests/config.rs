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

/// SCP's instances as JSON lines.
const LIST_SCP_INSTANCES: [&str; 5] = [
    "scp",
    "iam-identity-center",
    "list-instances",
    "--output",
    "json",
];

const BROKEN: [&str; 4] = ["malformed", "over 1 MiB", "a symlink loop", "a FIFO"];

#[test]
fn a_broken_scp_config_json_does_not_fail_a_command_with_endpoint_and_keys() {
    let s = setup();
    for how in BROKEN {
        break_scp_config(&s, how);
        scp_keys(&s)
            .args(LIST_SCP_INSTANCES)
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
            .stderr(predicate::str::contains(
                config.to_string_lossy().into_owned(),
            ))
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

/// Writes an idc configuration file with the profile `emu` pointing both clouds at the emulator,
/// with credentials files in each cloud's format, and returns its path.
fn emulator_profile(s: &Setup) -> std::path::PathBuf {
    let dir = s.home.path().join("profiles");
    std::fs::create_dir_all(dir.join("scp")).unwrap();
    let huawei_credentials = dir.join("huawei-credentials");
    std::fs::write(
        &huawei_credentials,
        format!(
            "[global]\nak = {ak}\nsk = {sk}\ndomain_id = {domain}\n\n\
             [basic]\nak = {ak}\nsk = {sk}\nproject_id = {project}\n",
            ak = demo::HUAWEI_ACCESS_KEY,
            sk = demo::HUAWEI_SECRET_KEY,
            domain = demo::HUAWEI_DOMAIN_ID,
            project = demo::HUAWEI_PROJECT_ID,
        ),
    )
    .unwrap();
    let scp_credentials = dir.join("scp").join("credentials.json");
    std::fs::write(
        &scp_credentials,
        serde_json::json!({"access-key": demo::SCP_ACCESS_KEY, "secret-key": demo::SCP_SECRET_KEY})
            .to_string(),
    )
    .unwrap();
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.emu.huawei]\nendpoint = {url:?}\ninstance_id = {hi:?}\ncredentials_file = {hc:?}\n\n\
             [profiles.emu.scp]\nendpoint = {url:?}\ninstance_id = {si:?}\ncredentials_file = {sc:?}\n\n\
             [profiles.other.huawei]\nregion = \"cn-north-4\"\n",
            url = s.emulator.base_url(),
            hi = demo::HUAWEI_INSTANCE_ID,
            si = demo::SCP_INSTANCE_ID,
            hc = huawei_credentials.to_string_lossy(),
            sc = scp_credentials.to_string_lossy(),
        ),
    )
    .unwrap();
    config
}

#[test]
fn a_profile_gives_endpoint_instance_and_credentials_to_both_clouds() {
    let s = setup();
    let config = emulator_profile(&s);
    // No endpoint flag, no credentials in the environment, and the demo data has two Huawei
    // instances: the profile says which.
    bare(&s)
        .env("IDC_CONFIG_FILE", &config)
        .args(["--profile", "emu", "report", "huawei", "--output", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(demo::HUAWEI_INSTANCE_ID))
        .stdout(predicate::str::contains(demo::HUAWEI_OTHER_INSTANCE_ID).not());
    bare(&s)
        .env("IDC_CONFIG_FILE", &config)
        .env("IDC_PROFILE", "emu")
        .args(["report", "scp", "--output", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(demo::SCP_INSTANCE_ID));
    // The flag after the subcommand works too.
    bare(&s)
        .env("IDC_CONFIG_FILE", &config)
        .args(LIST_SCP_INSTANCES)
        .args(["--profile", "emu"])
        .assert()
        .success()
        .stdout(predicate::str::contains(demo::SCP_INSTANCE_ID));
}

#[test]
fn an_unknown_or_broken_profile_is_a_usage_error_naming_the_file() {
    let s = setup();
    let config = emulator_profile(&s);
    bare(&s)
        .env("IDC_CONFIG_FILE", &config)
        .args([
            "--profile",
            "staging",
            "huawei",
            "identitycenter",
            "list-instances",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("profile \"staging\" not found"))
        .stderr(predicate::str::contains("emu, other"));
    std::fs::write(&config, "[profiles.emu.scp]\nenviron = \"e\"\n").unwrap();
    bare(&s)
        .env("IDC_CONFIG_FILE", &config)
        .args([
            "--profile",
            "emu",
            "scp",
            "iam-identity-center",
            "list-instances",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("malformed idc configuration file"))
        .stderr(predicate::str::contains("environ"));
    // Commands that reach no cloud do not read it.
    bare(&s)
        .env("IDC_CONFIG_FILE", &config)
        .env("IDC_PROFILE", "emu")
        .arg("demo")
        .assert()
        .success();
    // Without a profile asked for, the file is not read at all.
    scp_keys(&s)
        .env("IDC_CONFIG_FILE", &config)
        .args(LIST_SCP_INSTANCES)
        .args(["--endpoint", s.emulator.base_url()])
        .assert()
        .success();
    assert_eq!(s.emulator.request_count(), 1);
}

#[test]
fn the_endpoint_variables_replace_the_flag_and_the_flag_wins() {
    let s = setup();
    scp_keys(&s)
        .env("IDC_SCP_ENDPOINT", s.emulator.base_url())
        .args(LIST_SCP_INSTANCES)
        .assert()
        .success()
        .stdout(predicate::str::contains(demo::SCP_INSTANCE_ID));
    bare(&s)
        .env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
        .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
        .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
        .env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID)
        .env("IDC_HUAWEI_ENDPOINT", s.emulator.base_url())
        .args([
            "report",
            "huawei",
            "--instance-id",
            demo::HUAWEI_INSTANCE_ID,
            "--output",
            "csv",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("alice"));
    // A flag wins over the variable: here the flag's endpoint refuses, so the command fails.
    scp_keys(&s)
        .env("IDC_SCP_ENDPOINT", s.emulator.base_url())
        .args(["scp", "iam-identity-center", "list-instances"])
        .args(["--endpoint", "http://10.0.0.1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("10.0.0.1"));
}

#[test]
fn completions_are_printed_for_each_shell() {
    let s = setup();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef idc"),
        ("fish", "complete -c idc"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = bare(&s).args(["completions", shell]).assert().success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains(marker), "{shell}: {marker} missing");
        // Down to the generated operations and their flags.
        assert!(
            text.contains("list-account-assignments-for-principal"),
            "{shell}"
        );
        assert!(text.contains("instance-id"), "{shell}");
    }
    bare(&s).args(["completions", "tcsh"]).assert().code(2);
}
