//! The HTML page of a large organization: its size and the time to write it and to render it.
//!
//! `cargo bench -p idc-report --bench html` (add `-- 500` to run one size only)
//!
//! For 500 and 5,000 users (each with 100 and 1,000 accounts, 5 permission sets, 20 groups), the
//! rows of the generated organization are written as the page: the page's size in bytes and per
//! row, the time to write it, and, when headless Chromium is installed (`/usr/bin/chromium`), the
//! time until the page's script has drawn the matrix and the table (`--dump-dom` of the page
//! once it marks itself ready).

#[path = "../tests/common/mod.rs"]
#[allow(missing_docs)]
mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::{Shape, expected, generate};
use idc_report::format::{Format, Writer};
use idc_report::{Cloud, Row};

fn page(rows: Vec<Row>) -> Vec<u8> {
    let mut w = Writer::new(Format::Html, Vec::new(), "bench");
    for r in rows {
        w.write(r).expect("in memory");
    }
    w.finish().expect("in memory")
}

/// Seconds until Chromium has run the page's script, or why not.
fn render_seconds(page: &[u8]) -> Result<f64, String> {
    let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .ok_or("no headless Chromium")?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("report.html");
    std::fs::write(&file, page).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .args(["--virtual-time-budget=600000", "--dump-dom"])
        .arg(format!("file://{}", file.display()))
        .output()
        .map_err(|e| e.to_string())?;
    let seconds = start.elapsed().as_secs_f64();
    if String::from_utf8_lossy(&output.stdout).contains("data-ready=\"yes\"") {
        Ok(seconds)
    } else {
        Err(format!("not rendered after {seconds:.1} s"))
    }
}

fn main() {
    let only: Option<usize> = std::env::args().skip(1).find_map(|a| a.parse().ok());
    println!("| users | accounts | rows | page bytes | bytes/row | write | render (Chromium) |");
    println!("|---|---|---|---|---|---|---|");
    for (users, accounts) in [(500, 100), (5_000, 1_000)] {
        if only.is_some_and(|n| n != users) {
            continue;
        }
        let shape = Shape {
            users,
            groups: 20,
            accounts,
            permission_sets: 5,
            applications: 0,
        };
        let rows: Vec<Row> = expected(&generate(Cloud::Huawei, shape, 3))
            .into_iter()
            .collect();
        let n = rows.len();
        let start = Instant::now();
        let bytes = page(rows);
        let write = start.elapsed();
        let render = match render_seconds(&bytes) {
            Ok(s) => format!("{s:.2} s"),
            Err(why) => why,
        };
        println!(
            "| {users} | {accounts} | {n} | {} | {:.1} | {:.0} ms | {render} |",
            bytes.len(),
            bytes.len() as f64 / n.max(1) as f64,
            write.as_secs_f64() * 1000.0
        );
    }
}
