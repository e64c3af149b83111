//! Spec names as Rust identifiers: `snake_case` to `PascalCase`, wire names to `snake_case`.

/// `snake_case` -> `PascalCase`.
pub fn pascal(snake: &str) -> String {
    snake
        .split(['_', '-'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// Rust keywords, which take a trailing `_` as identifiers (as progenitor does: `type_`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
    "try", "type", "unsafe", "use", "where", "while", "yield",
];

/// A wire name as a Rust identifier (`X-Security-Token` -> `x_security_token`, `type` -> `type_`).
pub fn snake(name: &str) -> String {
    let ident = snake_words(name);
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

fn snake_words(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c == '-' || c == '_' || c == '.' || c == ' ' {
            out.push('_');
            previous_lower = false;
        } else if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert() {
        assert_eq!(pascal("list_account_assignments"), "ListAccountAssignments");
        assert_eq!(snake("X-Security-Token"), "x_security_token");
        assert_eq!(snake("Scp-Api-Version"), "scp_api_version");
        assert_eq!(snake("instance_id"), "instance_id");
        assert_eq!(snake("requestId"), "request_id");
        assert_eq!(snake("type"), "type_");
    }
}
