//! Adding an operation to a spec is all an operation needs: codegen alone gives its facade builder,
//! its CLI subcommand and its emulator route (answering 501 until its data lookup is written).

use std::path::Path;

use xtask::{GeneratedFile, Layout};

/// The real specs, in a scratch workspace, with one extra list operation in the Huawei
/// IdentityCenter spec: a copy of ListApplicationAssignmentsForPrincipal under a new path and id,
/// with or without the short command name (`aliases`) the original has.
fn workspace_with_extra_operation() -> (tempfile::TempDir, Layout) {
    workspace_with_copy(true)
}

fn workspace_with_copy(drop_alias: bool) -> (tempfile::TempDir, Layout) {
    let real = Layout::this_workspace().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    for entry in std::fs::read_dir(real.specs_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), specs.join(entry.file_name())).unwrap();
    }
    let spec = specs.join("huawei-identitycenter.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let path = "  /v1/instances/{instance_id}/application-assignments-for-principals:\n";
    let start = text.find(path).expect("the operation to copy");
    // The path item runs to the next path or to `components:`.
    let rest = &text[start + path.len()..];
    let end = rest
        .find("\n  /")
        .or_else(|| rest.find("\ncomponents:"))
        .unwrap();
    let item = &rest[..end];
    let mut item = item.replace(
        "operationId: list_application_assignments_for_principal",
        "operationId: list_application_assignments_copy",
    );
    if drop_alias {
        item = item.replace("aliases: [application-assignments]", "aliases: []");
    }
    let copy = format!("  /v1/instances/{{instance_id}}/application-assignments-copy:\n{item}\n");
    assert!(copy.contains("list_application_assignments_copy"));
    let edited = text.replacen(path, &format!("{copy}{path}"), 1);
    std::fs::write(&spec, edited).unwrap();
    let layout = Layout {
        root: dir.path().to_path_buf(),
    };
    (dir, layout)
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("{path} not generated"))
        .contents
}

/// The text of the `impl` block (or other item) that starts with `start`.
fn block<'a>(source: &'a str, start: &str) -> &'a str {
    let from = source
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"));
    let rest = &source[from..];
    let end = rest.find("\n}\n").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

#[test]
fn a_copy_that_keeps_the_short_name_is_refused_naming_both_operations() {
    // Two operations under `idc huawei application-assignments` would not compile and would be
    // ambiguous: codegen says so instead of writing code that fails to build.
    let (_dir, layout) = workspace_with_copy(false);
    let err = xtask::generate(&layout).unwrap_err().to_string();
    for needle in [
        "specs/huawei-identitycenter.yaml",
        "`application-assignments`",
        "list_application_assignments_for_principal",
        "list_application_assignments_copy",
    ] {
        assert!(err.contains(needle), "{needle} in {err}");
    }
}

#[test]
fn a_new_list_operation_gets_every_layer_from_codegen_alone() {
    let (_dir, layout) = workspace_with_extra_operation();
    let files = xtask::generate(&layout).unwrap();

    // The facade: the client's method, the builder with its setters and the four ways to run,
    // and the generic marker paginator's trait.
    let facade = file(&files, "crates/idc/src/generated/huawei_identitycenter.rs");
    assert!(facade.contains(
        "pub fn list_application_assignments_copy(&self) -> ListApplicationAssignmentsCopy"
    ));
    assert!(facade.contains("pub struct ListApplicationAssignmentsCopy {"));
    let builder = block(facade, "impl ListApplicationAssignmentsCopy {");
    for needle in [
        "pub fn instance_id(mut self",
        "pub fn set_instance_id(mut self",
        "pub fn principal_type(mut self",
        "pub fn page_size(mut self",
        "pub fn max_items(mut self",
        "pub fn max_pages(mut self",
        "pub fn set_max_pages(mut self",
        "pub fn set_page_size(mut self",
        "pub fn set_max_items(mut self",
        "pub async fn send(",
        "pub fn pages(",
        "pub fn items(",
        "pub async fn collect(",
    ] {
        assert!(builder.contains(needle), "{needle} missing from\n{builder}");
    }
    // Validation comes from the spec: the id pattern and the principal types.
    let check = block(builder, "fn check(&self)");
    assert!(
        check.contains("RULES_LIST_APPLICATION_ASSIGNMENTS_COPY_INSTANCE_ID"),
        "{check}"
    );
    assert!(facade.contains(
        "impl crate::pagination::marker::MarkerRequest for ListApplicationAssignmentsCopy"
    ));
    assert!(
        facade.contains(".list_application_assignments_copy();"),
        "the raw call"
    );

    // The CLI: a subcommand with flags from the parameters.
    let cli = file(
        &files,
        "crates/idc-cli/src/generated/huawei_identitycenter.rs",
    );
    assert!(cli.contains("name = \"list-application-assignments-copy\""));
    let args = block(cli, "pub struct ListApplicationAssignmentsCopyArgs {");
    for flag in [
        "long = \"instance-id\"",
        "long = \"principal-id\"",
        "long = \"principal-type\"",
    ] {
        assert!(args.contains(flag), "{flag} missing from\n{args}");
    }
    assert!(cli.contains("Self::ListApplicationAssignmentsCopy(args) => args.run().await"));

    // The emulator: the route, the parser and a handler method whose default answers 501.
    let emulator = file(
        &files,
        "crates/idc-emulator/src/generated/huawei_identitycenter.rs",
    );
    assert!(
        emulator.contains("path: \"/v1/instances/{instance_id}/application-assignments-copy\"")
    );
    assert!(emulator.contains("fn parse_list_application_assignments_copy("));
    let handler = block(emulator, "    fn list_application_assignments_copy(");
    assert!(
        handler.contains("Err(crate::http::dispatch::not_implemented(ctx))"),
        "{handler}"
    );

    // Nothing else changes: the other specs' files are the checked-in ones.
    let real = xtask::generate(&Layout::this_workspace().unwrap()).unwrap();
    for generated in &files {
        if generated
            .path
            .to_string_lossy()
            .contains("huawei_identitycenter")
        {
            continue;
        }
        let checked_in = real.iter().find(|f| f.path == generated.path).unwrap();
        assert_eq!(
            generated.contents,
            checked_in.contents,
            "{}",
            generated.path.display()
        );
    }
}

#[test]
fn a_pagination_extension_that_names_a_missing_parameter_is_refused() {
    let (_dir, layout) = workspace_with_extra_operation();
    let spec = layout.specs_dir().join("huawei-identitycenter.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replacen("marker: marker", "marker: cursor", 1)).unwrap();
    let error = xtask::generate(&layout).unwrap_err().to_string();
    assert!(
        error.starts_with("specs/huawei-identitycenter.yaml:"),
        "{error}"
    );
    assert!(error.contains("cursor"), "{error}");
}
