//! What the CLI test binaries share: an emulator with the demo data on its own runtime, and an
//! empty home directory, so that no test reads the machine's own credentials.

use assert_cmd::Command;
use idc_emulator::{DataSet, Emulator, Fault, FaultPlan, RunningEmulator, demo};
use serde_json::Value;

/// An emulator serving the demo data, and an empty `HOME` for the `idc` processes.
pub struct Setup {
    /// The emulator.
    pub emulator: RunningEmulator,
    /// The `HOME` of the commands.
    pub home: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

/// Starts the emulator with the demo data.
#[allow(dead_code)] // each test binary uses what it needs
pub fn setup() -> Setup {
    setup_with(DataSet::demo())
}

/// Starts the emulator with `data`.
pub fn setup_with(data: DataSet) -> Setup {
    setup_from(Emulator::builder().data(data))
}

/// Starts the emulator with the demo data, its asynchronous operations finishing after `delay`.
#[allow(dead_code)] // each test binary uses what it needs
pub fn setup_delayed(delay: std::time::Duration) -> Setup {
    setup_from(Emulator::builder().data(DataSet::demo()).async_delay(delay))
}

/// Starts the emulator `builder` describes.
fn setup_from(builder: idc_emulator::EmulatorBuilder) -> Setup {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime.block_on(builder.start()).unwrap();
    Setup {
        emulator,
        home: tempfile::tempdir().unwrap(),
        _runtime: runtime,
    }
}

/// What a command printed and how it ended.
#[allow(dead_code)] // each test binary uses what it needs
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// What it wrote to stdout.
    pub stdout: String,
    /// What it wrote to stderr.
    pub stderr: String,
}

#[allow(dead_code)] // each test binary uses what it needs
impl Setup {
    /// `idc <cloud> <service> <operation> --endpoint <emulator> <args>` with the demo credentials
    /// (and project id) and nothing else in the environment.
    pub fn cmd(&self, words: &[&str], args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("idc").unwrap();
        cmd.env_clear()
            .env("HOME", self.home.path())
            .env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
            .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
            .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
            .env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID)
            .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
            .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY)
            .args(words)
            .arg("--endpoint")
            .arg(self.emulator.base_url())
            .args(args);
        cmd
    }

    /// The command run: its exit code and output.
    pub fn run(&self, words: &[&str], args: &[&str]) -> Run {
        let output = self.cmd(words, args).output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }

    /// The stdout of a command that must succeed.
    pub fn ok(&self, words: &[&str], args: &[&str]) -> String {
        let run = self.run(words, args);
        assert_eq!(run.code, 0, "{words:?} {args:?}: {}", run.stderr);
        run.stdout
    }

    /// The JSON lines of a command that must succeed.
    pub fn json(&self, words: &[&str], args: &[&str]) -> Vec<Value> {
        let mut args = args.to_vec();
        args.extend(["--output", "json"]);
        self.ok(words, &args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Every request after the first fails for good (a 404): a listing stops after its first page.
    pub fn fail_from_the_second_request(&self) {
        self.emulator.set_faults(FaultPlan::new(1).on_requests(
            2..,
            Fault::Status {
                status: 404,
                retry_after: None,
            },
        ));
    }

    /// The id of the demo permission set named `name`.
    pub fn permission_set(&self, name: &str) -> String {
        let sets = self.json(
            &["huawei", "identitycenter", "list-permission-sets"],
            &["--instance-id", demo::HUAWEI_INSTANCE_ID],
        );
        let set = sets.iter().find(|s| s["name"] == name).unwrap();
        set["permission_set_id"].as_str().unwrap().to_owned()
    }
}

/// The environment of an `idc` run against the emulator as a reader would set it up: the test's
/// HOME, the endpoint variables pointing at the emulator, and the demo credentials of both clouds.
#[allow(dead_code)] // each test binary uses what it needs
pub fn demo_environment(s: &Setup) -> Vec<(&'static str, String)> {
    use idc_emulator::demo;
    vec![
        ("HOME", s.home.path().to_string_lossy().into_owned()),
        ("IDC_HUAWEI_ENDPOINT", s.emulator.base_url().to_owned()),
        ("IDC_SCP_ENDPOINT", s.emulator.base_url().to_owned()),
        ("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY.to_owned()),
        ("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY.to_owned()),
        (
            "HUAWEICLOUD_SDK_DOMAIN_ID",
            demo::HUAWEI_DOMAIN_ID.to_owned(),
        ),
        (
            "HUAWEICLOUD_SDK_PROJECT_ID",
            demo::HUAWEI_PROJECT_ID.to_owned(),
        ),
        ("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY.to_owned()),
        ("SCP_SECRET_KEY", demo::SCP_SECRET_KEY.to_owned()),
    ]
}

/// The commands of the README's first `sh` block after `heading`, without their comments.
#[allow(dead_code)] // each test binary uses what it needs
pub fn commands_after(readme: &str, heading: &str) -> Vec<String> {
    let after = &readme[readme.find(heading).unwrap()..];
    let block = &after[after.find("```sh\n").unwrap() + "```sh\n".len()..];
    let block = &block[..block.find("```").unwrap()];
    block
        .lines()
        .map(|l| l.split("  #").next().unwrap_or(l).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}
