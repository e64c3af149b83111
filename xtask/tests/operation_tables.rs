//! The operation tables of the READMEs and crate docs are generated: a new operation in a spec
//! makes them stale until codegen runs, and a file that lost its section markers is an error.

use std::path::Path;

use xtask::Layout;

/// A scratch workspace with the real specs and the real files that hold operation tables.
fn scratch() -> (tempfile::TempDir, Layout) {
    let real = Layout::this_workspace().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("specs")).unwrap();
    for entry in std::fs::read_dir(real.specs_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("specs").join(entry.file_name()),
        )
        .unwrap();
    }
    for (path, _, _) in xtask::doc_tables::FILES {
        let to = dir.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(real.root.join(path), to).unwrap();
    }
    let layout = Layout {
        root: dir.path().to_path_buf(),
    };
    (dir, layout)
}

fn stale_tables(layout: &Layout) -> Vec<(String, String)> {
    xtask::check(layout)
        .unwrap()
        .into_iter()
        .filter(|s| {
            xtask::doc_tables::FILES
                .iter()
                .any(|(p, _, _)| s.path == Path::new(p))
        })
        .map(|s| (s.path.display().to_string(), s.diff))
        .collect()
}

#[test]
fn the_checked_in_tables_are_fresh_and_a_new_operation_makes_each_stale() {
    let (_dir, layout) = scratch();
    assert_eq!(stale_tables(&layout), Vec::new());

    let spec = layout.specs_dir().join("huawei-organizations.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let edited = text.replacen(
        "operationId: show_account",
        "operationId: show_the_account",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&spec, edited).unwrap();

    let stale = stale_tables(&layout);
    let names: Vec<&str> = stale.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        names,
        [
            "README.md",
            "crates/idc/src/lib.rs",
            "crates/idc-emulator/README.md",
            "crates/idc-emulator/src/lib.rs",
            "crates/idc-cli/README.md"
        ]
    );
    for (path, diff) in &stale {
        let added = diff.lines().any(|l| {
            l.starts_with('+')
                && (l.contains("ShowTheAccount")
                    || l.contains("show_the_account")
                    || l.contains("show-the-account"))
        });
        assert!(added, "{path}:\n{diff}");
    }
    // Outside the section nothing changes.
    let readme = &stale[0].1;
    let changed: Vec<&str> = readme
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(changed.len(), 2, "{readme}");
}

#[test]
fn a_file_without_its_section_markers_is_an_error_naming_it() {
    let (_dir, layout) = scratch();
    let readme = layout.root.join("crates/idc-emulator/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, text.replace("<!-- /generated -->", "")).unwrap();
    let e = xtask::generate(&layout).unwrap_err().to_string();
    assert!(
        e.starts_with("crates/idc-emulator/README.md: operations section:"),
        "{e}"
    );
    assert!(e.contains("<!-- /generated -->"), "{e}");
}
