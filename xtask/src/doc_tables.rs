//! The operation tables of the READMEs and crate docs, generated from the specs: each file holds a
//! section between [`START`] and [`END`] that `cargo xtask codegen` rewrites and `--check` compares,
//! so that no list of operations is kept by hand.
//!
//! | file | table |
//! | --- | --- |
//! | `README.md` | service, facade client, operations |
//! | `crates/idc/src/lib.rs` (rustdoc) | service, facade client (linked), methods |
//! | `crates/idc-emulator/README.md` | cloud, service, operations with their requests |
//! | `crates/idc-emulator/src/lib.rs` (rustdoc) | cloud, service, operations |
//! | `crates/idc-cli/README.md` | cloud, service, subcommands (`--wait` where they wait) |

use std::fmt::Write as _;

use crate::model::{Cloud, Service};

/// The line that opens a generated section.
pub const START: &str = "<!-- generated:operations -->";
/// The line that closes it.
pub const END: &str = "<!-- /generated -->";

/// What the tables need to know of one spec beyond its model.
#[derive(Clone, Debug)]
pub struct Spec<'a> {
    /// The operation model.
    pub service: &'a Service,
    /// Whether its server URL has a `{region}`.
    pub regional: bool,
    /// Its SCP API versions, newest first (empty: none).
    pub versions: &'a [String],
}

/// How a file shows the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// The workspace README: clients and operation names.
    Readme,
    /// The `idc` crate docs: linked clients and method names.
    Facade,
    /// The emulator README: operations with their method and path.
    EmulatorReadme,
    /// The emulator crate docs: operation names.
    EmulatorDocs,
    /// The command-line README: subcommands, their other names, and which take `--wait`.
    CliReadme,
}

/// The files with an operations section: path from the workspace root, style, line prefix.
pub const FILES: [(&str, Style, &str); 5] = [
    ("README.md", Style::Readme, ""),
    ("crates/idc/src/lib.rs", Style::Facade, "//! "),
    ("crates/idc-emulator/README.md", Style::EmulatorReadme, ""),
    (
        "crates/idc-emulator/src/lib.rs",
        Style::EmulatorDocs,
        "//! ",
    ),
    ("crates/idc-cli/README.md", Style::CliReadme, ""),
];

fn cloud_label(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Huawei => "Huawei",
        Cloud::Scp => "SCP",
    }
}

/// `global`, `regional, project-scoped`, `API versions 1.0 to 1.4`, `API version 1.2`.
fn qualifier(spec: &Spec<'_>) -> String {
    match spec.service.cloud {
        Cloud::Huawei => {
            let mut q = if spec.regional { "regional" } else { "global" }.to_owned();
            if spec.service.project_scoped {
                q.push_str(", project-scoped");
            }
            q
        }
        Cloud::Scp => match spec.versions {
            [] => String::new(),
            [only] => format!("API version {only}"),
            [newest, .., oldest] => format!("API versions {oldest} to {newest}"),
        },
    }
}

/// The table of `specs` in `style`, one line a row, without a trailing newline.
pub fn table(style: Style, specs: &[Spec<'_>]) -> String {
    let mut out = String::new();
    let _ = match style {
        Style::Readme | Style::Facade => {
            writeln!(
                out,
                "| service | client | operations |\n| --- | --- | --- |"
            )
        }
        Style::EmulatorReadme | Style::EmulatorDocs | Style::CliReadme => {
            writeln!(out, "| cloud | service | operations |\n| --- | --- | --- |")
        }
    };
    for spec in specs {
        let s = spec.service;
        let q = qualifier(spec);
        let service = if q.is_empty() {
            format!("`{}`", s.service)
        } else {
            format!("`{}` ({q})", s.service)
        };
        let client = s.client.trim_start_matches("crate::");
        let ops = |f: &dyn Fn(&crate::model::Operation) -> String| {
            s.operations.iter().map(f).collect::<Vec<_>>().join(", ")
        };
        let cloud = cloud_label(s.cloud);
        let _ = match style {
            Style::Readme => writeln!(
                out,
                "| {cloud} {service} | `idc::{client}` | {} |",
                ops(&|o| o.type_name.clone())
            ),
            Style::Facade => writeln!(
                out,
                "| {cloud} {service} | [`{client}`] | {} |",
                ops(&|o| format!("`{}`", o.id))
            ),
            Style::EmulatorReadme => writeln!(
                out,
                "| {cloud} | {service} | {} |",
                ops(&|o| format!("{} `{} {}`", o.type_name, o.method, o.path))
            ),
            Style::EmulatorDocs => writeln!(
                out,
                "| {cloud} | {service} | {} |",
                ops(&|o| format!("`{}`", o.type_name))
            ),
            Style::CliReadme => writeln!(
                out,
                "| `{}` | {service} | {} |",
                s.cloud.name(),
                ops(&|o| {
                    let mut name = format!("`{}`", o.cli_name());
                    for alias in &o.cli_names {
                        let _ = write!(name, " (alias `{alias}`)");
                    }
                    if o.waiter.is_some() || s.waiter_polled_by(o).is_some() {
                        name.push_str(" (`--wait`)");
                    }
                    name
                })
            ),
        };
    }
    out.trim_end().to_owned()
}

/// `text` with the lines between its [`START`] and [`END`] lines replaced by `table`, each line
/// behind `prefix` (`//! ` in a crate's docs).
pub fn replace_section(text: &str, prefix: &str, table: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let marker = |l: &str, m: &str| l.trim_end() == format!("{prefix}{m}").trim_end();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| marker(lines[i], START))
        .collect();
    let [start] = starts[..] else {
        return Err(format!(
            "expected one line `{prefix}{START}`, found {}",
            starts.len()
        ));
    };
    let end = (start + 1..lines.len())
        .find(|&i| marker(lines[i], END))
        .ok_or_else(|| format!("no line `{prefix}{END}` after `{prefix}{START}`"))?;
    let mut out: String = lines[..=start].concat();
    for line in table.lines() {
        let _ = writeln!(out, "{}", format!("{prefix}{line}").trim_end());
    }
    out.push_str(&lines[end..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_marked_section_is_rewritten() {
        let text = "# T\n\nbefore\n<!-- generated:operations -->\nold 1\nold 2\n<!-- /generated -->\nafter\n";
        let out = replace_section(text, "", "| a |\n| b |").unwrap();
        assert_eq!(
            out,
            "# T\n\nbefore\n<!-- generated:operations -->\n| a |\n| b |\n<!-- /generated -->\nafter\n"
        );
        // Rewriting again changes nothing.
        assert_eq!(replace_section(&out, "", "| a |\n| b |").unwrap(), out);
    }

    #[test]
    fn a_crate_doc_section_keeps_its_doc_prefix() {
        let text = "//! Docs\n//! <!-- generated:operations -->\n//! <!-- /generated -->\n//! More\nfn x() {}\n";
        let out = replace_section(text, "//! ", "| a |\n\n| b |").unwrap();
        assert_eq!(
            out,
            "//! Docs\n//! <!-- generated:operations -->\n//! | a |\n//!\n//! | b |\n//! <!-- /generated -->\n//! More\nfn x() {}\n"
        );
    }

    #[test]
    fn a_missing_or_doubled_marker_is_an_error() {
        let e = replace_section("no markers\n", "", "x").unwrap_err();
        assert!(e.contains("found 0"), "{e}");
        let e = replace_section("<!-- generated:operations -->\nx\n", "", "x").unwrap_err();
        assert!(e.contains("<!-- /generated -->"), "{e}");
        let doubled = "<!-- generated:operations -->\n<!-- /generated -->\n<!-- generated:operations -->\n<!-- /generated -->\n";
        let e = replace_section(doubled, "", "x").unwrap_err();
        assert!(e.contains("found 2"), "{e}");
    }
}
