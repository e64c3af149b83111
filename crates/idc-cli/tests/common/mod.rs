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
