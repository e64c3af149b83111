//! Headless Chromium, to see what a page's script draws.

use std::path::Path;
use std::process::Command;

/// The DOM of `page` once its script ran.
pub fn render(page: &str) -> String {
    let Some(browser) = chromium() else {
        // .ci/run installs it; say so loudly rather than pass silently.
        panic!("headless Chromium is needed (apt-get install -y chromium, as .ci/run does)");
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, page).unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=2000",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", file.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        dom.contains("data-ready=\"yes\""),
        "the script did not run: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    dom
}

pub fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}
