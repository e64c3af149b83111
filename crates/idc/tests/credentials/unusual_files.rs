//! Files that are not small regular files: FIFOs, devices, oversized files, byte order marks.

use super::*;

/// Runs `f` on another thread and fails if it does not finish within a few seconds (a FIFO would
/// block a reader forever).
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(10))
        .expect("reading the credentials file blocked")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_as_credentials_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let scp_dir = dir.path().join(".scpconf");
    std::fs::create_dir(&scp_dir).unwrap();
    mkfifo(&scp_dir.join("credentials.json"));
    let err = within_seconds(move || {
        scp::credentials::ProfileProvider::with_dir(&scp_dir)
            .load()
            .unwrap_err()
    });
    assert!(matches!(err, CredentialsError::Io { .. }), "{err:?}");
    assert!(
        err.to_string().contains("not a regular file (a FIFO)"),
        "{err}"
    );
    assert!(!err.is_not_configured(), "a chain must stop here");

    let fifo = dir.path().join("huawei-credentials");
    mkfifo(&fifo);
    let err = within_seconds(move || {
        huawei::credentials::ProfileProvider::with_path(&fifo)
            .load()
            .unwrap_err()
    });
    assert!(err.to_string().contains("a FIFO"), "{err}");
}

#[cfg(unix)]
#[test]
fn dev_zero_as_credentials_file_is_refused_without_reading() {
    let env = MapEnv::new().with("HUAWEICLOUD_SDK_CREDENTIALS_FILE", "/dev/zero");
    let err = within_seconds(move || {
        huawei::credentials::ProfileProvider::with_env(env)
            .load()
            .unwrap_err()
    });
    assert!(matches!(err, CredentialsError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("a character device"), "{err}");
    let err = within_seconds(|| {
        scp::credentials::ProfileProvider::with_path("/dev/zero")
            .load()
            .unwrap_err()
    });
    assert!(err.to_string().contains("a character device"), "{err}");
}

#[test]
fn an_oversized_credentials_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!(
        "[global]\nak=AK\nsk={SECRET}\n#{}\n",
        "x".repeat(idc::files::MAX_CREDENTIALS_FILE_BYTES as usize)
    );
    let path = write(dir.path(), "credentials", &big);
    let err = huawei::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap_err();
    assert!(err.to_string().contains("larger than the limit"), "{err}");
    assert_no_secret(&err);
    let path = write(
        dir.path(),
        "credentials.json",
        &format!("{{\"pad\":\"{}\"}}", "x".repeat(2 << 20)),
    );
    let err = scp::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap_err();
    assert!(err.to_string().contains("larger than the limit"), "{err}");
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_profile_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "credentials",
        &format!("\u{feff}[global]\nak=AK-BOM\nsk={SECRET}\n"),
    );
    let credentials = huawei::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap();
    assert_eq!(credentials.access_key(), "AK-BOM");
    assert_eq!(credentials.secret_key().expose_secret(), SECRET);

    let path = write(
        dir.path(),
        "credentials.json",
        &format!("\u{feff}{{\"access-key\":\"ak-bom\",\"secret-key\":\"{SECRET}\"}}"),
    );
    let credentials = scp::credentials::ProfileProvider::with_path(&path)
        .load()
        .unwrap();
    assert_eq!(credentials.access_key(), "ak-bom");
}
