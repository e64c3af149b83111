//! What the CLI test binaries share: an emulator with the demo data on its own runtime, and an
//! empty home directory, so that no test reads the machine's own credentials.

use idc_emulator::{DataSet, Emulator, RunningEmulator};

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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let emulator = runtime
        .block_on(Emulator::builder().data(data).start())
        .unwrap();
    Setup {
        emulator,
        home: tempfile::tempdir().unwrap(),
        _runtime: runtime,
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
