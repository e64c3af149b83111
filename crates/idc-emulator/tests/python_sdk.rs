//! Optional: the official Huawei Python SDK (`huaweicloudsdkidentitycenter`) drives every
//! IdentityCenter write against the emulator (`tests/python/huawei_identitycenter_writes.py`), the
//! application operations (`tests/python/huawei_identitycenter_applications.py`) and the instance
//! configuration operations (`tests/python/huawei_identitycenter_configuration.py`): its
//! requests (paths, bodies, signatures) are accepted as they are and its responses parse. Skipped,
//! with a note on stderr, when `python3` or the SDK is not installed
//! (`pip install huaweicloudsdkidentitycenter==3.1.219`).

use std::process::Command;
use std::time::Duration;

use idc_emulator::{Emulator, RunningEmulator, demo};

fn sdk_available() -> bool {
    Command::new("python3")
        .args(["-c", "import huaweicloudsdkidentitycenter.v1"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs `tests/python/<script>` against `emulator` with its URL, the demo credentials and `args`;
/// fails the test unless it succeeds and prints `ALL OK`.
async fn run(script: &str, emulator: &RunningEmulator, args: &[&str]) {
    let script = format!("{}/tests/python/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut argv = vec![
        script,
        emulator.base_url().to_owned(),
        demo::HUAWEI_ACCESS_KEY.to_owned(),
        demo::HUAWEI_SECRET_KEY.to_owned(),
        demo::HUAWEI_DOMAIN_ID.to_owned(),
    ];
    argv.extend(args.iter().map(|&a| a.to_owned()));
    let out = tokio::task::spawn_blocking(move || Command::new("python3").args(argv).output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("ALL OK"),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
}

#[tokio::test]
async fn the_official_python_sdk_writes_are_accepted_and_its_responses_parse() {
    if !sdk_available() {
        eprintln!("skipped: python3 with huaweicloudsdkidentitycenter is not installed");
        return;
    }
    let emulator = Emulator::builder()
        .async_delay(Duration::from_millis(50))
        .start()
        .await
        .unwrap();
    let args = [
        demo::HUAWEI_INSTANCE_ID,
        demo::HUAWEI_PRINCIPAL_ID,
        demo::HUAWEI_ACCOUNT_ID,
    ];
    run("huawei_identitycenter_writes.py", &emulator, &args).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_official_python_sdk_drives_the_application_operations() {
    if !sdk_available() {
        eprintln!("skipped: python3 with huaweicloudsdkidentitycenter is not installed");
        return;
    }
    let emulator = Emulator::builder().start().await.unwrap();
    let args = [
        demo::HUAWEI_INSTANCE_ID,
        demo::HUAWEI_IDENTITY_STORE_ID,
        demo::HUAWEI_PRINCIPAL_ID,
    ];
    run("huawei_identitycenter_applications.py", &emulator, &args).await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_official_python_sdk_configures_an_instance_and_its_responses_parse() {
    if !sdk_available() {
        eprintln!("skipped: python3 with huaweicloudsdkidentitycenter is not installed");
        return;
    }
    let emulator = Emulator::builder().start().await.unwrap();
    let args = [
        demo::HUAWEI_INSTANCE_ID,
        demo::HUAWEI_PRINCIPAL_ID,
        demo::HUAWEI_ACCOUNT_ID,
    ];
    run("huawei_identitycenter_configuration.py", &emulator, &args).await;
    emulator.shutdown().await;
}
