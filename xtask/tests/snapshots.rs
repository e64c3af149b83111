//! Snapshots of the generator: every layer it emits (raw client, SCP version table, facade, CLI,
//! emulator routing, module declarations) for the small fixture specs of `tests/fixtures/specs/`,
//! which cover a marker-paginated list, a get, a POST that only reads with a JSON body and an
//! asynchronous create with its waiter (Huawei), and a versioned SCP service with a page/size
//! list, an unauthenticated root and a write whose body has a field of every shape (enumeration,
//! integer, boolean, strings, object, objects).
//!
//! A change to an emitter shows here as a reviewable diff of a few hundred lines; the real output
//! is guarded by `cargo xtask codegen --check` (and `idc-raw`'s `codegen` test), not copied.
//! Review changes with `cargo insta review`, or rerun with `INSTA_UPDATE=always`.

use std::path::{Path, PathBuf};

use xtask::{GeneratedFile, Layout};

fn fixtures() -> Layout {
    Layout {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
    }
}

/// `crates/idc-cli/src/generated/huawei.rs` -> `idc-cli__huawei`.
fn snapshot_name(path: &Path) -> String {
    let crate_name = path
        .components()
        .nth(1)
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
    format!("{crate_name}__{stem}")
}

fn generated() -> Vec<GeneratedFile> {
    xtask::generate(&fixtures()).unwrap()
}

#[test]
fn every_layer_of_the_fixture_specs_matches_its_snapshot() {
    let files = generated();
    let names: Vec<String> = files.iter().map(|f| snapshot_name(&f.path)).collect();
    // Each spec gives every layer; the versioned SCP spec its version table; each crate its
    // module declarations; the CLI a file per cloud.
    for expected in [
        "idc-raw__huawei_widgets",
        "idc__huawei_widgets",
        "idc-cli__huawei_widgets",
        "idc-emulator__huawei_widgets",
        "idc-raw__scp_gadgets",
        "idc-raw__scp_gadgets_versions",
        "idc__scp_gadgets",
        "idc-cli__scp_gadgets",
        "idc-emulator__scp_gadgets",
        "idc-cli__huawei",
        "idc-cli__scp",
        "idc-raw__modules",
        "idc__modules",
        "idc-cli__modules",
        "idc-emulator__modules",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
    assert_eq!(names.len(), 15, "{names:?}");
    for (file, name) in files.iter().zip(&names) {
        insta::assert_snapshot!(name.as_str(), file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(generated(), generated());
}

#[test]
fn the_fixtures_cover_what_the_snapshots_promise() {
    let files = generated();
    let text = |name: &str| {
        files
            .iter()
            .find(|f| snapshot_name(&f.path) == name)
            .map(|f| f.contents.as_str())
            .unwrap_or_else(|| panic!("{name} not generated"))
    };
    let facade = text("idc__huawei_widgets");
    // The marker list gets the marker paginator, the page/size list the page paginator.
    assert!(facade.contains("marker"), "marker list");
    assert!(
        text("idc__scp_gadgets").contains("concurrency"),
        "page list"
    );
    // The POST carries its body's fields as setters.
    assert!(facade.contains("fn widget_ids"), "body setter");
    // The POST that only reads is retried like a read; the create is not, and names its read.
    assert!(
        facade.contains("Operation::safe(\"DescribeWidgets\")"),
        "safe POST"
    );
    assert!(
        facade.contains("Operation::unsafe_write(\"CreateWidget\", \"ListWidgets\")"),
        "unsafe create"
    );
    // The asynchronous create waits on its status operation, which can wait on a held id.
    assert!(facade.contains("fn send_and_wait_with"), "send_and_wait");
    assert!(facade.contains("fn wait_with"), "wait");
    // The write's subcommand takes the whole input as JSON, its enumeration by value.
    let cli = text("idc-cli__scp_gadgets");
    assert!(cli.contains("cli_input_json"), "--cli-input-json");
    assert!(cli.contains("crate::input::enumerated"), "enumeration flag");
    // The destructive delete says what it destroys in its help and its builder's rustdoc; the
    // other operations say nothing of the kind.
    assert!(
        cli.contains("DESTROYS: the gadget and every part in it"),
        "--help of x-idc-destroys"
    );
    assert!(cli.contains("Delete a gadget. [destructive]"), "-h marker");
    assert_eq!(cli.matches("[destructive]").count(), 1, "only the delete");
    let gadgets = text("idc__scp_gadgets");
    assert!(
        gadgets.contains("/// **Destroys:** the gadget and every part in it"),
        "builder rustdoc of x-idc-destroys"
    );
    assert_eq!(
        gadgets.matches("Destroys:").count(),
        2,
        "builder and method"
    );
    // The versioned service has its table.
    assert!(text("idc-raw__scp_gadgets_versions").contains("month: 2, day: 23"));
}

/// Every `.snap` file below `dir`, skipping build output and hidden folders.
fn snap_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                snap_files(&path, out);
            }
        } else if name.ends_with(".snap") {
            out.push(path);
        }
    }
}

#[test]
fn snapshots_stay_small_and_copy_no_generated_file() {
    let root = Layout::this_workspace().unwrap().root;
    let mut snaps = Vec::new();
    for dir in ["crates", "xtask", "tests"] {
        snap_files(&root.join(dir), &mut snaps);
    }
    assert!(!snaps.is_empty(), "the fixture snapshots are found");
    let lines: usize = snaps
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap().lines().count())
        .sum();
    // The Huawei fixture's asynchronous create and its status operation (waiters) took it past
    // 5,000, the SCP fixture's write with a body of every shape (~500 lines of raw client) further:
    // room for a few more, not for a copy of a real spec.
    assert!(lines < 7_000, "{lines} lines of snapshots");
    // The checked-in generated files are guarded by `codegen --check`; a snapshot holding one
    // would make every spec change reviewed twice.
    let mut generated = Vec::new();
    for dir in Layout::generated_dirs() {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            generated.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
    }
    for snap in &snaps {
        let text = std::fs::read_to_string(snap).unwrap();
        // The snapshot's body follows its `---` front matter.
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        assert!(
            !generated.iter().any(|g| g.trim_end() == body.trim_end()),
            "{} copies a checked-in generated file",
            snap.display()
        );
    }
}
