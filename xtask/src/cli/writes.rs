//! What the subcommands of operations sent with a method other than GET add: `--cli-input-json`
//! (the whole input from a file or stdin) merged with the flags before the request is built.

use std::fmt::Write as _;

use super::flag;
use crate::emit::lit;
use crate::model::{BodyType, Operation, snake};

/// Whether the operation's subcommand takes `--cli-input-json`: every operation not sent with GET
/// (the writes, and the reads sent with POST such as `GetUserId`).
pub(super) fn takes_input(op: &Operation) -> bool {
    !op.method.eq_ignore_ascii_case("GET")
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

/// One local per parameter and body field, each the flag's value or else the input's, checked
/// for presence when required; then the input is checked for keys the operation does not have.
pub(super) fn locals(out: &mut String, op: &Operation) {
    let _ = writeln!(
        out,
        "        let mut input = crate::input::CliInput::read(self.cli_input_json.as_deref())?;"
    );
    for p in op.caller_params() {
        let _ = writeln!(
            out,
            "        let {r} = input.value({}, self.{r})?;",
            lit(&p.name),
            r = p.rust
        );
        if p.required {
            required(out, &p.rust, &p.name, &flag(p));
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
        let method = if f.ty == BodyType::Strings {
            "list"
        } else {
            "value"
        };
        let _ = writeln!(
            out,
            "        let {name} = input.{method}({}, {value})?;",
            lit(&f.name)
        );
        if f.required {
            required(
                out,
                &name,
                &f.name,
                &name.trim_end_matches('_').replace('_', "-"),
            );
        }
    }
    let _ = writeln!(out, "        input.finish()?;");
}

fn required(out: &mut String, local: &str, key: &str, flag: &str) {
    let _ = writeln!(
        out,
        "        let {local} = crate::input::required({local}, {}, {})?;",
        lit(key),
        lit(flag)
    );
}
