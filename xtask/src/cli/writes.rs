//! What the subcommands of writes add: `--cli-input-json` (the whole input from a file or stdin,
//! on every operation sent with a method other than GET) merged with the flags before the request
//! is built, and `--wait` on the asynchronous operations and their status operations.

use std::fmt::Write as _;

use super::flags::{flag, flag_of};
use crate::emit::lit;
use crate::model::{BodyType, Operation, Service, snake};

/// Whether the operation's subcommand takes `--cli-input-json`: every operation not sent with GET
/// (the writes, and the reads sent with POST such as `GetUserId`), and any with a body.
pub(super) fn takes_input(op: &Operation) -> bool {
    !op.method.eq_ignore_ascii_case("GET") || op.body.is_some()
}

/// The `--cli-input-json` flag.
pub(super) fn input_flag(out: &mut String) {
    let _ = writeln!(
        out,
        "    #[arg(long = \"cli-input-json\", value_name = \"FILE|-\", help = {})]\n    cli_input_json: Option<String>,",
        lit(
            "Take the request from this JSON file (- for stdin): an object of the body's fields and \
             the path and query parameters, by their API names; flags given as well win over it"
        )
    );
}

/// One local per parameter and body field, each the flag's value or else the input's; then the
/// input is checked for keys the operation does not have (a misspelt key is named as such, not
/// as a missing value); then the required values for presence.
pub(super) fn locals(out: &mut String, op: &Operation) {
    // An operation without parameters or body only checks the input for unknown keys.
    let reads_values =
        op.caller_params().next().is_some() || op.body.iter().any(|b| !b.fields.is_empty());
    let _ = writeln!(
        out,
        "        let {}input = crate::input::CliInput::read(self.cli_input_json.as_deref())?;",
        if reads_values { "mut " } else { "" }
    );
    let mut checks = String::new();
    for p in op.caller_params() {
        let _ = writeln!(
            out,
            "        let {r} = input.value({}, self.{r})?;",
            lit(&p.name),
            r = p.rust
        );
        if p.required {
            required(&mut checks, &p.rust, &p.name, &flag(p));
        }
    }
    for f in op.body.iter().flat_map(|b| &b.fields) {
        let name = crate::facade::body_field_name(op, f);
        let mut value = format!("self.{name}");
        for shortcut in op.cli_shortcuts.iter().filter(|s| s.field == f.name) {
            let _ = write!(
                value,
                ".or(self.{}.map(|v| crate::args::shortcut(r#\"{}\"#, &v)).transpose()?)",
                snake(&shortcut.flag),
                shortcut.template
            );
        }
        let call = match &f.ty {
            BodyType::Strings => format!("list({}, {value})", lit(&f.name)),
            // A string enumeration: checked in the input as on the command line.
            BodyType::String if !f.one_of.is_empty() => {
                let values: Vec<String> = f.one_of.iter().map(|v| lit(v)).collect();
                format!(
                    "one_of({}, {value}, &[{}])",
                    lit(&f.name),
                    values.join(", ")
                )
            }
            _ => format!("value({}, {value})", lit(&f.name)),
        };
        let _ = writeln!(out, "        let {name} = input.{call}?;");
        if f.required {
            let flag = flag_of(&name);
            required(&mut checks, &name, &f.name, &flag);
        }
    }
    let _ = writeln!(out, "        input.finish()?;");
    out.push_str(&checks);
}

fn required(out: &mut String, local: &str, key: &str, flag: &str) {
    let _ = writeln!(
        out,
        "        let {local} = crate::input::required({local}, {}, {})?;",
        lit(key),
        lit(flag)
    );
}

/// For an asynchronous operation (`x-idc-waiter`), or the status operation one polls: the
/// builder's waiting method, and the status operation's subcommand.
pub(super) fn wait_method(service: &Service, op: &Operation) -> Option<(&'static str, String)> {
    if let Some(waiter) = &op.waiter {
        return Some((
            "send_and_wait_with",
            waiter.status_operation.replace('_', "-"),
        ));
    }
    service
        .waiter_polled_by(op)
        .map(|w| ("wait_with", w.status_operation.replace('_', "-")))
}

/// `--wait` and `--wait-timeout`.
pub(super) fn wait_flags(out: &mut String, status: &str) {
    let help = format!(
        "Wait until the work is done, polling {status} with backoff, and print its final status; \
         exit 1 if it failed (with the service's reason) or did not finish within --wait-timeout"
    );
    let _ = writeln!(
        out,
        "    #[arg(long = \"wait\", help = {})]\n    wait: bool,\n    #[arg(long = \"wait-timeout\", value_name = \"SECS\", requires = \"wait\", value_parser = clap::value_parser!(u64).range(1..=86_400), help = {})]\n    wait_timeout: Option<u64>,",
        lit(&help),
        lit("The longest wait with --wait, in seconds (default 300)")
    );
}
