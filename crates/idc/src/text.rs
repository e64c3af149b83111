//! Making text from a server safe to show: terminal control characters escaped, secrets removed.
//!
//! Everything a server sends (error messages, codes, request ids, body excerpts, a redirect's
//! `Location`) is untrusted. Printed raw, an escape sequence such as `ESC ] 0 ;` or `ESC [ 2 J` can
//! retitle or clear the user's terminal, and a newline can forge a line of output (`error: fake
//! line`). [`escape_control`] turns every such character into visible text; this crate's
//! [`Error`](crate::Error) uses it in its `Display`, so errors are safe to print and to log.
//!
//! ```
//! use idc::text::escape_control;
//!
//! assert_eq!(escape_control("plain text"), "plain text");
//! assert_eq!(escape_control("a\u{1b}]0;owned\u{7}b\nerror: fake"), "a\\u{1b}]0;owned\\u{7}b\\nerror: fake");
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw: the C0 controls (newline and tab included), DEL, the
/// C1 controls (U+0080 to U+009F, among them the 8-bit CSI and OSC), and the Unicode
/// bidirectional overrides and isolates, which reorder how a line reads.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [unsafe character](is_unsafe_char) written as a visible escape: `\n`, `\r`,
/// `\t`, or `\u{XX}` for the others. A backslash itself is left as it is. Borrows when nothing
/// needed escaping.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    escape_control_except(text, &[])
}

/// [`escape_control`], except for the characters in `keep` (for example `\n` inside a quoted CSV
/// cell).
pub fn escape_control_except<'a>(text: &'a str, keep: &[char]) -> Cow<'a, str> {
    if !text
        .chars()
        .any(|c| is_unsafe_char(c) && !keep.contains(&c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unsafe_char(c) || keep.contains(&c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            other => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\u{{{:x}}}", u32::from(other));
            }
        }
    }
    Cow::Owned(out)
}

/// `text` with every non-empty secret of `secrets` replaced by `***`, in any form a server may
/// echo it in (raw, percent-, form- or JSON-encoded, or a mix: see [`idc_raw::redact`]).
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    idc_raw::redact::scrub(text, secrets).into_owned()
}

/// [`scrub`] for bytes (a raw body): `None` when there was no secret to replace.
pub(crate) fn scrub_bytes(bytes: &[u8], secrets: &[&str]) -> Option<Vec<u8>> {
    idc_raw::redact::scrub_bytes(bytes, secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible() {
        assert!(matches!(escape_control("ok: ünïcode"), Cow::Borrowed(_)));
        assert_eq!(escape_control("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(escape_control("\u{9b}31m"), "\\u{9b}31m", "8-bit CSI");
        assert_eq!(escape_control("a\r\nb\tc\u{7f}"), "a\\r\\nb\\tc\\u{7f}");
        assert_eq!(escape_control("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(escape_control_except("a\nb\u{7}", &['\n']), "a\nb\\u{7}");
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let escaped = escape_control(&c.to_string()).into_owned();
            assert!(
                !escaped.chars().any(char::is_control),
                "{c:?} -> {escaped:?}"
            );
        }
    }

    #[test]
    fn secrets_are_scrubbed_in_every_form() {
        let secrets = ["s3cr+t/\"x", "", "TOKEN"];
        let text = r#"a s3cr+t/"x b s3cr+t/\"x c s3cr%2Bt%2F%22x d TOKENTOKEN"#;
        let scrubbed = scrub(text, &secrets);
        assert_eq!(scrubbed, "a *** b *** c *** d ******");
        assert_eq!(
            scrub_bytes(text.as_bytes(), &secrets).unwrap(),
            scrubbed.as_bytes()
        );
        assert_eq!(scrub_bytes(b"nothing here", &secrets), None);
        assert_eq!(scrub("", &secrets), "");

        // RFC 3986 leaves `-._~` as they are: a token echoed that way is still found.
        let token = "TOK-en_1.x+yz/1=";
        for echoed in [
            "TOK-en_1.x%2Byz%2F1%3D",
            "TOK-en_1.x%2byz%2f1%3d",
            "TOK%2Den%5F1%2Ex%2Byz%2F1%3D",
            "TOK-en_1.x+yz\\/1=",
        ] {
            assert_eq!(scrub(&format!("<{echoed}>"), &[token]), "<***>", "{echoed}");
        }
    }
}
