//! Optional: the official Huawei Python SDK (`huaweicloudsdkidentitycenter`) drives every
//! IdentityCenter write against the emulator (`tests/python/huawei_identitycenter_writes.py`) and
//! the instance configuration operations (`tests/python/huawei_identitycenter_configuration.py`): its
//! requests (paths, bodies, signatures) are accepted as they are and its responses parse. Skipped,
//! with a note on stderr, when `python3` or the SDK is not installed
//! (`pip install huaweicloudsdkidentitycenter==3.1.219`).

use std::process::Command;
use std::time::Duration;

use idc_emulator::{Emulator, demo};

fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import huaweicloudsdkidentitycenter.v1"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs `tests/python/<script>` against an emulator on the demo data; it must print `ALL OK`.
async fn run(script: &str) {
    if !sdk_available() {
        eprintln!("skipped: python3 with huaweicloudsdkidentitycenter is not installed");
        return;
    }
    let emulator = Emulator::builder()
        .async_delay(Duration::from_millis(50))
        .start()
        .await
        .unwrap();
    let script = format!("{}/tests/python/{script}", env!("CARGO_MANIFEST_DIR"));
    let args = [
        script,
        emulator.base_url().to_owned(),
        demo::HUAWEI_ACCESS_KEY.to_owned(),
        demo::HUAWEI_SECRET_KEY.to_owned(),
        demo::HUAWEI_DOMAIN_ID.to_owned(),
        demo::HUAWEI_INSTANCE_ID.to_owned(),
        demo::HUAWEI_PRINCIPAL_ID.to_owned(),
        demo::HUAWEI_ACCOUNT_ID.to_owned(),
    ];
    let out = tokio::task::spawn_blocking(move || Command::new("python3").args(args).output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("ALL OK"),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_official_python_sdk_writes_are_accepted_and_its_responses_parse() {
    run("huawei_identitycenter_writes.py").await;
}

#[tokio::test]
async fn the_official_python_sdk_configures_an_instance_and_its_responses_parse() {
    run("huawei_identitycenter_configuration.py").await;
}
