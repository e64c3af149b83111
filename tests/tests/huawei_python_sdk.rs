//! The official Huawei Python SDK (`huaweicloudsdkidentitycenterstore`, 3.1.219) against the
//! emulator: every IdentityStore write of issue 19 sent as the SDK sends it (paths, bodies,
//! `SDK-HMAC-SHA256` signatures, `X-Project-Id`) and its responses parsed into the SDK's models,
//! by `tests/python/huawei_identitystore_sdk.py`; and the operations of issue 20 on the identity
//! store itself (password policy, summary, external identity provider, service provider
//! certificates, SCIM provisioning, MFA device registration and renaming, password reset, email
//! verification) by `tests/python/huawei_identitystore_config_sdk.py`.
//!
//! Optional: skipped (passing, with a note on stderr) when the Python named by
//! `IDC_HUAWEI_SDK_PYTHON` (default `python3`) cannot import the SDK. To run it:
//! `python3 -m venv v && v/bin/pip install huaweicloudsdkidentitycenterstore==3.1.219`, then
//! `IDC_HUAWEI_SDK_PYTHON=v/bin/python cargo test -p idc-tests --test huawei_python_sdk`.

use std::path::Path;
use std::process::Command;

use idc_tests::demo_emulator;

/// The Python to run the SDK with, if it can import the SDK.
fn python_with_sdk() -> Option<String> {
    let python = std::env::var("IDC_HUAWEI_SDK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let probe = Command::new(&python)
        .args(["-c", "import huaweicloudsdkidentitycenterstore.v1"])
        .output()
        .ok()?;
    probe.status.success().then_some(python)
}

/// Runs `script` (in `tests/python/`) with the SDK against a demo emulator (its URL, then `args`)
/// and checks it succeeded with `summary` in its output; skipped without the SDK.
async fn run_script(script: &str, args: Vec<String>, summary: &str) {
    let Some(python) = python_with_sdk() else {
        eprintln!(
            "skipped: no Python with huaweicloudsdkidentitycenterstore (IDC_HUAWEI_SDK_PYTHON)"
        );
        return;
    };
    let emu = demo_emulator().await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("python")
        .join(script);
    let url = emu.base_url().to_string();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(url)
            .args(args)
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(summary), "{stdout}");
    emu.shutdown().await;
}

#[tokio::test]
async fn the_official_python_sdk_s_writes_are_accepted_and_its_models_parse_the_answers() {
    run_script(
        "huawei_identitystore_sdk.py",
        Vec::new(),
        "16 checks, 0 failed",
    )
    .await;
}

#[tokio::test]
async fn the_official_python_sdk_s_identity_store_configuration_calls_are_accepted_and_parse() {
    let pem = idc_tests::self_signed_pem("idp.example.com");
    run_script(
        "huawei_identitystore_config_sdk.py",
        vec![pem],
        "16 checks, 0 failed",
    )
    .await;
}
