//! The `idc` binary end to end against the emulator: every subcommand, output formats, exit codes.

use assert_cmd::Command;
use idc_emulator::{DataSet, Fault, FaultPlan, demo};
use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{Setup, setup};

#[path = "cli/hostile_servers.rs"]
mod hostile_servers;
#[path = "cli/listings_and_formats.rs"]
mod listings_and_formats;
#[path = "cli/usage_and_errors.rs"]
mod usage_and_errors;

impl Setup {
    /// `idc` with no inherited environment: an empty HOME and only the variables a test sets.
    fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("idc").unwrap();
        cmd.env_clear().env("HOME", self.home.path());
        cmd
    }

    /// `idc` with the demo credentials of both clouds in the environment.
    fn idc(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
            .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY);
        cmd
    }

    fn huawei_accounts(&self) -> Command {
        let mut cmd = self.idc();
        cmd.args([
            "huawei",
            "account-assignments",
            "--endpoint",
            self.emulator.base_url(),
            "--instance-id",
            demo::HUAWEI_INSTANCE_ID,
            "--principal-id",
            demo::HUAWEI_PRINCIPAL_ID,
            "--principal-type",
            "USER",
        ]);
        cmd
    }

    fn scp_accounts(&self) -> Command {
        let mut cmd = self.idc();
        cmd.args([
            "scp",
            "account-assignments",
            "--endpoint",
            self.emulator.base_url(),
            "--instance-id",
            demo::SCP_INSTANCE_ID,
            "--target-account-id",
            demo::SCP_TARGET_ACCOUNT_ID,
        ]);
        cmd
    }
}

fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn expected_huawei_accounts() -> Vec<(String, String)> {
    DataSet::demo()
        .huawei
        .account_assignments
        .iter()
        .filter(|a| {
            &*a.instance_id == demo::HUAWEI_INSTANCE_ID
                && &*a.principal_id == demo::HUAWEI_PRINCIPAL_ID
        })
        .map(|a| (a.account_id.to_string(), a.permission_set_id.to_string()))
        .collect()
}
