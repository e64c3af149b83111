//! Helpers the emitters share: doc comments, literals, the rules constants.

use std::fmt::Write as _;

use crate::model::{Kind, Param};

/// Text as `///` lines, made safe for rustdoc: outside code spans, brackets and angle brackets are
/// escaped (no accidental links or HTML tags) and bare URLs are wrapped in `<...>`.
pub fn doc(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = sanitize(line);
        if line.trim().is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {}", line.trim_end());
        }
    }
    out
}

fn sanitize(line: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ')' || c == ',')
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches('.');
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if !in_code && matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A Rust string literal.
pub fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The name of the rules constant of a parameter of an operation.
pub fn rules_name(op_id: &str, param: &Param) -> String {
    format!("RULES_{}_{}", op_id, param.rust).to_uppercase()
}

/// The `static` holding a parameter's rules, or nothing when it has none.
pub fn rules_static(op_id: &str, param: &Param) -> String {
    let name = rules_name(op_id, param);
    match param.kind {
        Kind::Integer => format!(
            "pub(crate) static {name}: idc_raw::rules::IntegerRules = idc_raw::rules::IntegerRules {{ minimum: {}, maximum: {} }};\n",
            option(param.minimum),
            option(param.maximum)
        ),
        Kind::String | Kind::PrincipalType if param.has_string_rules() => {
            let pattern = param.pattern.as_deref().map_or_else(
                || "None".to_owned(),
                |p| format!("Some(idc_raw::rules::Pattern::new({}))", lit(p)),
            );
            let one_of: Vec<String> = param.one_of.iter().map(|v| lit(v)).collect();
            format!(
                "pub(crate) static {name}: idc_raw::rules::StringRules = idc_raw::rules::StringRules {{ min_length: {}, max_length: {}, pattern: {pattern}, one_of: &[{}] }};\n",
                option(param.min_length),
                option(param.max_length),
                one_of.join(", ")
            )
        }
        _ => String::new(),
    }
}

fn option<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({v})"))
}

/// A sentence describing a parameter's rules, for docs and help (empty when there are none).
pub fn rules_text(param: &Param) -> String {
    let mut parts = Vec::new();
    if !param.one_of.is_empty() {
        parts.push(format!("one of {}", param.one_of.join(", ")));
    }
    match (param.min_length, param.max_length) {
        (Some(min), Some(max)) if min == max => {
            parts.push(format!("exactly {min} {}", characters(min)));
        }
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} characters")),
        (Some(min), None) => parts.push(format!("at least {min} {}", characters(min))),
        (None, Some(max)) => parts.push(format!("at most {max} {}", characters(max))),
        (None, None) => {}
    }
    if let Some(p) = &param.pattern {
        parts.push(format!("matching `{p}`"));
    }
    match (param.minimum, param.maximum) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max}")),
        (Some(min), None) => parts.push(format!("at least {min}")),
        (None, Some(max)) => parts.push(format!("at most {max}")),
        (None, None) => {}
    }
    if let Some(default) = &param.default {
        parts.push(format!("default {default}"));
    }
    parts.join("; ")
}

/// Prints generated source with prettyplease after checking it parses.
pub fn pretty(spec_name: &str, layer: &str, source: &str) -> Result<String, String> {
    let file: syn::File = syn::parse_str(source)
        .map_err(|e| format!("{spec_name}: the generated {layer} does not parse: {e}\n{source}"))?;
    Ok(prettyplease::unparse(&file))
}

fn characters(n: u64) -> &'static str {
    if n == 1 { "character" } else { "characters" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_escape_links_and_tags_outside_code() {
        assert_eq!(
            doc("a [b] <x.y> `c[d]` see https://e.com/f.", ""),
            "/// a \\[b\\] \\<x.y\\> `c[d]` see <https://e.com/f>.\n"
        );
        assert_eq!(
            doc("one\n\ntwo", "    "),
            "    /// one\n    ///\n    /// two\n"
        );
    }
}
