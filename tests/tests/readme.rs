//! Every Rust example of the README, of the emulator's README and of the `idc`, `idc-report` and
//! `idc-emulator` crate documentation runs as written against the emulator's demo data.
//!
//! Each example is the body of a program in `tests/src/bin/readme_*.rs` (between `// README begin`
//! and `// README end`): this test checks that every block of the documents is one of them, word
//! for word, and runs each program with `IDC_HUAWEI_ENDPOINT` / `IDC_SCP_ENDPOINT` pointing at an
//! emulator and the demo credentials in its environment, as a reader would.

use std::path::Path;
use std::process::Command;

use idc_emulator::demo;
use idc_tests::demo_emulator;

/// The programs, by name, and their source.
const PROGRAMS: [(&str, &str, &str); 6] = [
    (
        "readme_huawei",
        env!("CARGO_BIN_EXE_readme_huawei"),
        include_str!("../src/bin/readme_huawei.rs"),
    ),
    (
        "readme_scp",
        env!("CARGO_BIN_EXE_readme_scp"),
        include_str!("../src/bin/readme_scp.rs"),
    ),
    (
        "readme_report",
        env!("CARGO_BIN_EXE_readme_report"),
        include_str!("../src/bin/readme_report.rs"),
    ),
    (
        "readme_emulator",
        env!("CARGO_BIN_EXE_readme_emulator"),
        include_str!("../src/bin/readme_emulator.rs"),
    ),
    (
        "readme_emulator_crate",
        env!("CARGO_BIN_EXE_readme_emulator_crate"),
        include_str!("../src/bin/readme_emulator_crate.rs"),
    ),
    (
        "readme_emulator_doc",
        env!("CARGO_BIN_EXE_readme_emulator_doc"),
        include_str!("../src/bin/readme_emulator_doc.rs"),
    ),
];

/// The example between the markers of a program, without the indentation of `main`.
fn example_of(source: &str) -> String {
    let start = source.find("// README begin\n").unwrap() + "// README begin\n".len();
    let end = source.find("    // README end").unwrap();
    source[start..end]
        .lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The ```rust blocks of a Markdown text.
fn markdown_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap().join("\n")),
            (Some(lines), _) => lines.push(line),
            _ => {}
        }
    }
    blocks
}

/// The visible lines of the code blocks of a file's `//!` documentation (rustdoc hides `# `).
fn crate_doc_blocks(source: &str) -> Vec<String> {
    let doc: String = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in doc.lines() {
        match (&mut current, line) {
            (None, fence) if fence == "```" || fence == "```no_run" || fence == "```rust" => {
                current = Some(Vec::new())
            }
            (Some(_), "```") => blocks.push(current.take().unwrap().join("\n")),
            (Some(_), hidden) if hidden == "#" || hidden.starts_with("# ") => {}
            (Some(lines), _) => lines.push(line),
            _ => {}
        }
    }
    blocks
}

fn workspace_file(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn every_rust_block_of_the_documents_is_a_program_that_is_run() {
    let examples: Vec<(&str, String)> = PROGRAMS
        .iter()
        .map(|(name, _, source)| (*name, example_of(source)))
        .collect();
    let mut blocks: Vec<(String, String)> = markdown_blocks(&workspace_file("README.md"))
        .into_iter()
        .map(|b| ("README.md".to_owned(), b))
        .collect();
    assert_eq!(blocks.len(), 4, "the README's Rust blocks");
    let emulator_readme = markdown_blocks(&workspace_file("crates/idc-emulator/README.md"));
    assert_eq!(
        emulator_readme.len(),
        1,
        "the emulator README's Rust blocks"
    );
    blocks.extend(
        emulator_readme
            .into_iter()
            .map(|b| ("crates/idc-emulator/README.md".to_owned(), b)),
    );
    for file in [
        "crates/idc/src/lib.rs",
        "crates/idc-report/src/lib.rs",
        "crates/idc-emulator/src/lib.rs",
    ] {
        let found = crate_doc_blocks(&workspace_file(file));
        assert!(!found.is_empty(), "{file} has examples");
        blocks.extend(found.into_iter().map(|b| (file.to_owned(), b)));
    }
    for (file, block) in &blocks {
        assert!(
            examples
                .iter()
                .any(|(_, e)| e.trim_end() == block.trim_end()),
            "this example of {file} is not one of tests/src/bin/readme_*.rs word for word:\n{block}"
        );
    }
}

/// Runs a program with the emulator's address and the demo credentials in its environment, and an
/// empty home; returns its standard output.
fn run(program: &str, base_url: &str, home: &Path) -> String {
    let (_, exe, _) = PROGRAMS.iter().find(|(n, _, _)| *n == program).unwrap();
    let output = Command::new(exe)
        .env_clear()
        .env("HOME", home)
        .env("IDC_HUAWEI_ENDPOINT", base_url)
        .env("IDC_SCP_ENDPOINT", base_url)
        .env("HUAWEICLOUD_SDK_AK", demo::HUAWEI_ACCESS_KEY)
        .env("HUAWEICLOUD_SDK_SK", demo::HUAWEI_SECRET_KEY)
        .env("HUAWEICLOUD_SDK_DOMAIN_ID", demo::HUAWEI_DOMAIN_ID)
        .env("HUAWEICLOUD_SDK_PROJECT_ID", demo::HUAWEI_PROJECT_ID)
        .env("SCP_ACCESS_KEY", demo::SCP_ACCESS_KEY)
        .env("SCP_SECRET_KEY", demo::SCP_SECRET_KEY)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{program} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

// The programs run while this test waits for them: the emulator needs threads of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_example_runs_against_the_demo_data() {
    let emulator = demo_emulator().await;
    let home = tempfile::tempdir().unwrap();
    let url = emulator.base_url();

    let huawei = run("readme_huawei", url, home.path());
    assert_eq!(
        huawei.lines().filter(|l| l.starts_with("account ")).count(),
        demo::HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS
    );
    let scp = run("readme_scp", url, home.path());
    assert!(scp.lines().any(|l| l.contains(" holds ")), "{scp}");
    let report = run("readme_report", url, home.path());
    assert!(
        !report.is_empty(),
        "the filter matches the demo's Production account"
    );
    assert!(
        report
            .lines()
            .all(|l| l.contains(&format!(" reaches {} ", demo::HUAWEI_ACCOUNT_ID))),
        "{report}"
    );
    let users = run("readme_emulator", url, home.path());
    assert_eq!(users.lines().count(), demo::HUAWEI_USERS, "{users}");
    assert!(
        users.lines().any(|l| l == demo::HUAWEI_USER_NAME),
        "{users}"
    );
    let stopped = run("readme_emulator_crate", url, home.path());
    assert_eq!(
        stopped.trim_end(),
        format!("stopped; demo user {}", demo::HUAWEI_USER_NAME)
    );
    let serving = run("readme_emulator_doc", url, home.path());
    assert!(
        serving.starts_with("serving on http://127.0.0.1:"),
        "{serving}"
    );
}
