//! The command-line layer: one clap subcommand per operation (`idc <cloud> <service> <operation>`),
//! flags from the parameters, running the facade builder and writing its output.

use std::fmt::Write as _;

mod flags;
mod writes;

use crate::emit::{lit, rules_text};
use crate::model::{BodyType, Cloud, Kind, Operation, Pagination, Param, Service, snake};
use flags::{flag, flag_of};

/// The CLI source of one service (without the header).
pub fn source(service: &Service) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// The operations of {}.\n#[derive(clap::Subcommand)]\npub enum Operation {{",
        service.title
    );
    for op in &service.operations {
        let aliases: String = op
            .cli_names
            .iter()
            .map(|n| format!(", visible_alias = {}", lit(n)))
            .collect();
        let _ = writeln!(
            out,
            "    #[command(name = {}{}, about = {}, long_about = {})]\n    {}({}Args),",
            lit(&op.cli_name()),
            aliases,
            lit(&about(op)),
            lit(&long_about(service, op, &op.cli_name(), true)),
            op.type_name,
            op.type_name
        );
    }
    let _ = writeln!(out, "}}\n");
    let _ = writeln!(
        out,
        "impl Operation {{\n    /// Runs the operation.\n    pub async fn run(self) -> Result<(), crate::Failure> {{\n        match self {{"
    );
    for op in &service.operations {
        let _ = writeln!(
            out,
            "            Self::{}(args) => args.run().await,",
            op.type_name
        );
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");

    let aliased: Vec<(&Operation, &String)> = service
        .operations
        .iter()
        .flat_map(|op| op.cli_aliases.iter().map(move |a| (op, a)))
        .collect();
    if !aliased.is_empty() {
        let _ = writeln!(
            out,
            "/// Operations also offered directly under `idc {}`, by their short names.\n#[derive(clap::Subcommand)]\npub enum Alias {{",
            service.cloud.name()
        );
        for (op, alias) in &aliased {
            let _ = writeln!(
                out,
                "    #[command(name = {}, about = {}, long_about = {})]\n    {}({}Args),",
                lit(alias),
                lit(&about(op)),
                lit(&long_about(service, op, alias, false)),
                crate::model::pascal(alias),
                op.type_name
            );
        }
        let _ = writeln!(
            out,
            "}}\n\nimpl Alias {{\n    /// Runs the operation.\n    pub async fn run(self) -> Result<(), crate::Failure> {{\n        match self {{"
        );
        for (_, alias) in &aliased {
            let _ = writeln!(
                out,
                "            Self::{}(args) => args.run().await,",
                crate::model::pascal(alias)
            );
        }
        let _ = writeln!(out, "        }}\n    }}\n}}\n");
    }

    for op in &service.operations {
        args(&mut out, service, op);
    }
    out
}

/// Whether a service has an `Alias` enum.
pub fn has_aliases(service: &Service) -> bool {
    service
        .operations
        .iter()
        .any(|op| !op.cli_aliases.is_empty())
}

/// The cloud-level command of every service of one cloud (without the header).
pub fn cloud_source(cloud: Cloud, services: &[&Service]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// The services of {}.\n#[derive(clap::Subcommand)]\npub enum Command {{",
        cloud.name()
    );
    for s in services {
        let variant = crate::model::pascal(&s.service);
        let _ = writeln!(
            out,
            "    #[command(name = {}, about = {})]\n    {variant} {{\n        #[command(subcommand)]\n        operation: super::{}::Operation,\n    }},",
            lit(&s.service),
            lit(&s.title),
            s.module
        );
        if has_aliases(s) {
            let _ = writeln!(
                out,
                "    #[command(flatten)]\n    {variant}Alias(super::{}::Alias),",
                s.module
            );
        }
    }
    let _ = writeln!(
        out,
        "}}\n\nimpl Command {{\n    /// Runs the command.\n    pub async fn run(self) -> Result<(), crate::Failure> {{\n        match self {{"
    );
    for s in services {
        let variant = crate::model::pascal(&s.service);
        let _ = writeln!(
            out,
            "            Self::{variant} {{ operation }} => operation.run().await,"
        );
        if has_aliases(s) {
            let _ = writeln!(
                out,
                "            Self::{variant}Alias(alias) => alias.run().await,"
            );
        }
    }
    let _ = writeln!(out, "        }}\n    }}\n}}");
    out
}

/// The one-line help (`-h`, the service's list of subcommands): the summary, marked
/// `[destructive]` when the operation destroys something (`x-idc-destroys`).
fn about(op: &Operation) -> String {
    match op.destroys {
        Some(_) => format!("{} [destructive]", op.summary),
        None => op.summary.clone(),
    }
}

/// The full help (`--help`): summary, description, what a destructive operation destroys, and an
/// example command.
fn long_about(service: &Service, op: &Operation, name: &str, with_service: bool) -> String {
    let mut text = op.summary.clone();
    if !op.description.is_empty() {
        text.push_str("\n\n");
        text.push_str(&op.description);
    }
    if let Some(what) = &op.destroys {
        let _ = write!(text, "\n\nDESTROYS: {what}");
    }
    let mut example = format!("idc {}", service.cloud.name());
    if with_service {
        let _ = write!(example, " {}", service.service);
    }
    let _ = write!(example, " {name}");
    for p in op.caller_params().filter(|p| p.required) {
        let value = shell_word(p.example.as_deref().unwrap_or("..."));
        let _ = write!(example, " --{} {value}", flag(p));
    }
    for f in op
        .body
        .iter()
        .flat_map(|b| &b.fields)
        .filter(|f| f.required)
    {
        let name = crate::facade::body_field_name(op, f);
        let value = shell_word(f.example.as_deref().unwrap_or("..."));
        let _ = write!(example, " --{} {value}", flag_of(&name));
    }
    if writes::wait_method(service, op).is_some() {
        example.push_str(" [--wait]");
    }
    let _ = write!(text, "\n\nExample: {example}");
    text
}

/// `value` as one word of a shell command: as it is when it is plain, else single-quoted (a JSON
/// value, a name with a space).
fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._:/@+,=-".contains(c));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

fn args(out: &mut String, service: &Service, op: &Operation) {
    let name = format!("{}Args", op.type_name);
    let input = writes::takes_input(op);
    let _ = writeln!(
        out,
        "/// The flags of `{}`.\n#[derive(clap::Args)]\npub struct {name} {{",
        op.cli_name()
    );
    for p in op.caller_params() {
        let mut help = p.description.clone();
        let rules = rules_text(p);
        if !rules.is_empty() {
            let _ = write!(help, " ({rules})");
        }
        let mut attrs = format!("long = {}, help = {}", lit(&flag(p)), lit(&help));
        if !p.one_of.is_empty() {
            let values: Vec<String> = p.one_of.iter().map(|v| lit(v)).collect();
            let _ = write!(
                attrs,
                ", value_parser = crate::args::one_of(&[{}]), ignore_case = true",
                values.join(", ")
            );
        }
        // With `--cli-input-json`, a required value may come from the input instead.
        let required = p.required && !input;
        if p.required && input {
            attrs.push_str(", required_unless_present = \"cli_input_json\"");
        }
        let ty = match (p.kind.clone(), required) {
            (Kind::Integer, true) => "i64".to_owned(),
            (Kind::Integer, false) => "Option<i64>".to_owned(),
            // A value, not a switch: a flag whose default is `true` could not be turned off.
            (Kind::Boolean, _) => {
                attrs.push_str(", value_name = \"true|false\"");
                "Option<bool>".to_owned()
            }
            (_, true) => "String".to_owned(),
            (_, false) => "Option<String>".to_owned(),
        };
        let _ = writeln!(out, "    #[arg({attrs})]\n    {}: {ty},", p.rust);
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        let name = crate::facade::body_field_name(op, f);
        let flag = flag_of(&name);
        let ty = crate::facade::body_type(service, &f.ty).replace("idc_raw::", "idc::idc_raw::");
        let (mut attrs, field_ty) = match &f.ty {
            // Split by `crate::input::split`: `--ids a,b`, `--ids a --ids b` and `--ids '["a","b"]'`
            // all work, and a JSON document (`{...}`, commas and all) is one value.
            BodyType::Strings => (String::new(), "Vec<String>".to_owned()),
            // An enumeration: its values, as the parameters' (`--principal-type user` works).
            BodyType::String | BodyType::Named(_) if !f.one_of.is_empty() => {
                let values: Vec<String> = f.one_of.iter().map(|v| lit(v)).collect();
                (
                    format!(
                        ", value_parser = crate::input::enumerated::<{ty}>(&[{}]), ignore_case = true",
                        values.join(", ")
                    ),
                    format!("Option<{ty}>"),
                )
            }
            BodyType::Named(_) => (
                format!(", value_name = \"JSON\", value_parser = crate::input::json::<{ty}>"),
                format!("Option<{ty}>"),
            ),
            // One JSON array per flag: clap would take `Option<Vec<T>>` as many values of `T`.
            BodyType::NamedList(item) => {
                let item = crate::facade::body_type(service, &BodyType::Named(item.clone()))
                    .replace("idc_raw::", "idc::idc_raw::");
                (
                    format!(", value_name = \"JSON\", value_parser = crate::input::json::<{ty}>"),
                    format!("Option<crate::input::Objects<{item}>>"),
                )
            }
            // Parsed by clap from the string (`From<String>`); never shown by `Debug`.
            BodyType::Secret => (String::new(), "Option<idc::Secret>".to_owned()),
            // A value, not a switch: `--flag false` must be sayable.
            BodyType::Boolean => (
                ", value_name = \"true|false\"".to_owned(),
                format!("Option<{ty}>"),
            ),
            _ => (String::new(), format!("Option<{ty}>")),
        };
        let shortcuts: Vec<&crate::model::CliShortcut> = op
            .cli_shortcuts
            .iter()
            .filter(|s| s.field == f.name)
            .collect();
        if f.required {
            // The field, one of its shortcuts (and not both), or the input's.
            let names: Vec<String> = shortcuts.iter().map(|s| lit(&snake(&s.flag))).collect();
            let mut either = names.clone();
            either.push(lit("cli_input_json"));
            let _ = write!(
                attrs,
                ", required_unless_present_any = [{}]",
                either.join(", ")
            );
            if !names.is_empty() {
                let _ = write!(attrs, ", conflicts_with_all = [{}]", names.join(", "));
            }
        }
        let mut help = f.description.clone();
        match (&f.ty, &f.example) {
            _ if !f.one_of.is_empty() => {}
            (BodyType::Named(_) | BodyType::NamedList(_), Some(example)) => {
                let _ = write!(help, " (JSON, e.g. '{example}')");
            }
            (BodyType::Named(_), None) => help.push_str(" (a JSON object)"),
            (BodyType::NamedList(_), None) => help.push_str(" (a JSON array of objects)"),
            (BodyType::Strings, _) => help.push_str(
                " (repeat the flag, separate with commas or give a JSON array; a value starting with { is one value)",
            ),
            _ => {}
        }
        let _ = writeln!(
            out,
            "    #[arg(long = {}, help = {}{attrs})]\n    {name}: {field_ty},",
            lit(&flag),
            lit(&help)
        );
        for shortcut in shortcuts {
            let _ = writeln!(
                out,
                "    #[arg(long = {}, help = {}, value_name = \"NAME\")]\n    {}: Option<String>,",
                lit(&shortcut.flag),
                lit(&format!("{} (instead of --{flag})", shortcut.help)),
                snake(&shortcut.flag)
            );
        }
    }
    if input {
        writes::input_flag(out);
    }
    let wait = writes::wait_method(service, op);
    if let Some((_, status)) = &wait {
        writes::wait_flags(out, status);
    }
    let api_version = op
        .params
        .iter()
        .any(|p| p.runtime.as_deref() == Some("api-version"));
    match &op.pagination {
        Some(Pagination::Marker(m)) => {
            let marker = op.param(&m.marker).map(flag).unwrap_or_default();
            let _ = writeln!(
                out,
                "    #[arg(long = \"starting-token\", alias = {}, value_name = \"MARKER\", help = \"Start at this marker: a previous page's next marker, as an interrupted listing prints it\")]\n    starting_token: Option<String>,\n    #[command(flatten)]\n    paging: crate::args::Paging,",
                lit(&marker)
            );
        }
        Some(Pagination::Page(_)) => {
            let _ = writeln!(
                out,
                "    #[arg(long = \"starting-token\", value_name = \"PAGE\", help = \"Start at this 0-based page, as an interrupted listing prints it\")]\n    starting_token: Option<u32>,\n    #[command(flatten)]\n    paging: crate::args::Paging,\n    #[command(flatten)]\n    pages: crate::args::Pages,"
            );
        }
        None => {}
    }
    if api_version {
        let _ = writeln!(
            out,
            "    #[command(flatten)]\n    scp: crate::args::ScpVersion,"
        );
    } else if service.cloud == Cloud::Scp {
        let _ = writeln!(
            out,
            "    #[command(flatten)]\n    scp: crate::args::ScpEnvironment,"
        );
    }
    let _ = writeln!(
        out,
        "    #[command(flatten)]\n    common: crate::args::Common,\n}}\n"
    );

    // Running it.
    // One hand-written function per service builds its client from the shared flags.
    let client = match service.cloud {
        Cloud::Huawei => format!("crate::clients::{}(&self.common)?", service.module),
        Cloud::Scp => format!(
            "crate::clients::{}(&self.common, &self.scp)?",
            service.module
        ),
    };
    // Where a value comes from: the flag, or what `writes::locals` merged from it and the input.
    let source = |rust: &str| {
        if input {
            rust.to_owned()
        } else {
            format!("self.{rust}")
        }
    };
    // What is listed, for the note on an empty answer.
    let mut what = String::new();
    if let Some(p) = &op.pagination {
        let mut text = p
            .items()
            .steps
            .last()
            .map(|s| s.0.replace('_', " "))
            .unwrap_or_default();
        let required: Vec<&Param> = op.caller_params().filter(|p| p.required).collect();
        for (i, p) in required.iter().enumerate() {
            let _ = write!(
                text,
                "{} --{} {{}}",
                if i == 0 { " for" } else { "" },
                flag(p)
            );
        }
        let args: String = required
            .iter()
            .map(|p| format!(", {}", source(&p.rust)))
            .collect();
        what = format!("        let what = format!({}{args});\n", lit(&text));
    }
    let _ = writeln!(
        out,
        "impl {name} {{\n    async fn run(self) -> Result<(), crate::Failure> {{\n        self.common.init_tracing();"
    );
    if input {
        writes::locals(out, op);
    }
    let _ = writeln!(
        out,
        "{what}        let client = {client};\n        let request = client.{}()",
        op.id
    );
    for p in op.caller_params() {
        let value = match (&p.kind, p.required) {
            (Kind::PrincipalType, true) => format!(
                "{}.parse::<idc::PrincipalType>().unwrap_or_else(|never| match never {{}})",
                source(&p.rust)
            ),
            (Kind::PrincipalType, false) => format!(
                "{}.map(|v| v.parse::<idc::PrincipalType>().unwrap_or_else(|never| match never {{}}))",
                source(&p.rust)
            ),
            _ => source(&p.rust),
        };
        if p.required {
            let _ = writeln!(out, "            .{}({value})", p.rust);
        } else {
            let _ = writeln!(out, "            .set_{}({value})", p.rust);
        }
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        let name = crate::facade::body_field_name(op, f);
        // Merged with the input, shortcuts included, by `writes::locals`.
        let value = if f.required {
            format!("Some({name})")
        } else {
            name.clone()
        };
        let _ = writeln!(out, "            .set_{name}({value})");
    }
    match &op.pagination {
        Some(p) => {
            let resume = match p {
                Pagination::Marker(m) => {
                    let marker = op
                        .param(&m.marker)
                        .map(|p| p.rust.clone())
                        .unwrap_or_default();
                    let _ = writeln!(out, "            .set_{marker}(self.starting_token)");
                    "|page| page.next_marker.clone()"
                }
                Pagination::Page(pg) => {
                    let page = op
                        .param(&pg.page)
                        .map(|p| p.rust.clone())
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "            .set_{page}(self.starting_token)\n            .concurrency(self.pages.concurrency)"
                    );
                    "|page| Some(page.page.saturating_add(1).to_string())"
                }
            };
            let columns: Vec<String> = op.cli_columns.iter().map(|c| lit(c)).collect();
            let fields: Vec<String> = op.item_fields.iter().map(|c| lit(c)).collect();
            let _ = writeln!(
                out,
                "            .set_page_size(self.paging.page_size)\n            .set_max_items(self.paging.max_items);\n        let listing = crate::output::Listing {{ columns: &[{}], fields: &[{}], what }};\n        let result = crate::output::write_pages(request.pages(), |page| page.items, {resume}, listing, &self.common).await;\n        crate::dry_run::shown(result, &self.common)\n    }}\n}}\n",
                columns.join(", "),
                fields.join(", ")
            );
        }
        None => {
            let sent = "request.send().await.map_err(crate::Failure::from).and_then(|answer| crate::output::write_one(&answer, &self.common))";
            let result = match &wait {
                // The final status instead of the first answer, with --wait.
                Some((method, _)) => format!(
                    "match crate::args::wait_options(self.wait, self.wait_timeout) {{\n            Some(options) => request.{method}(options).await.map_err(crate::Failure::from).and_then(|status| crate::output::write_one(&status, &self.common)),\n            None => {sent},\n        }}"
                ),
                None => sent.to_owned(),
            };
            let _ = writeln!(
                out,
                "            ;\n        let result = {result};\n        crate::dry_run::shown(result, &self.common)\n    }}\n}}\n"
            );
        }
    }
}
