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
/// C1 controls (U+0080 to U+009F, among them the 8-bit CSI and OSC), and the characters that show
/// nothing or reorder the text around them ([`is_invisible_char`]).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || is_invisible_char(c)
}

/// Whether `c` draws nothing of its own, so that two names differing only by it read alike
/// (`alice` and `al\u{200b}ice`), or reorders the text around it (`admin\u{202e}gnp.exe` reads
/// `adminexe.png`): the Unicode format characters (general category Cf: the bidirectional marks,
/// embeddings, overrides and isolates, the zero-width space and joiners, the byte order mark, the
/// Arabic letter mark, the invisible operators, the tag characters, ...), the line and paragraph
/// separators (U+2028, U+2029), the Hangul fillers, the combining grapheme joiner, and the
/// variation selectors.
pub fn is_invisible_char(c: char) -> bool {
    matches!(c,
        // Format characters (Cf), Unicode 16.
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{890}'..='\u{891}'
        | '\u{8e2}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{e0001}' | '\u{e0020}'..='\u{e007f}'
        // Line and paragraph separators (Zl, Zp): a line break to a terminal or a spreadsheet.
        | '\u{2028}' | '\u{2029}'
        // Letters and marks that draw nothing: Hangul fillers, the combining grapheme joiner,
        // the Mongolian and the general variation selectors.
        | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}' | '\u{34f}' | '\u{180b}'..='\u{180d}'
        | '\u{180f}' | '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}')
}

/// Whether `c` is a pictograph that emoji sequences join or restyle (`👩‍💻`: woman, zero-width
/// joiner, laptop; `❤️`: heart, variation selector 16).
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2300}'..='\u{23ff}' | '\u{2600}'..='\u{27bf}' | '\u{2b00}'..='\u{2bff}' | '\u{1f000}'..='\u{1faff}')
}

/// Whether the invisible `chars[i]` is part of an emoji and draws as one: a zero-width joiner
/// between two pictographs, or an emoji or text presentation selector after one.
fn joins_emoji(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).and_then(|b| chars.get(b)).copied();
    let after = chars.get(i + 1).copied();
    // A pictograph, possibly restyled by one selector (a second selector is not part of the
    // emoji, so it is escaped, and a joiner after it must be too), ends what comes before.
    let pictograph_before = |b: usize| match chars.get(b) {
        Some('\u{fe0f}' | '\u{fe0e}') => b
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(|&c| is_pictograph(c)),
        Some(&c) => is_pictograph(c),
        None => false,
    };
    match chars.get(i) {
        Some('\u{200d}') => {
            before.is_some() && pictograph_before(i - 1) && after.is_some_and(is_pictograph)
        }
        Some('\u{fe0e}' | '\u{fe0f}') => before.is_some_and(is_pictograph),
        _ => false,
    }
}

/// `text` with every [unsafe character](is_unsafe_char) written as a visible escape: `\n`, `\r`,
/// `\t`, or `\u{XX}` for the others, but for the joiners and selectors inside an emoji (`👩‍💻`,
/// `❤️`), which draw as one picture. A backslash itself is left as it is. Borrows when nothing
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
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if !is_unsafe_char(c) || keep.contains(&c) || joins_emoji(&chars, i) {
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
    if out == text {
        // Only emoji joiners: nothing was escaped after all.
        return Cow::Borrowed(text);
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
    fn invisible_characters_become_visible_so_that_two_names_never_read_alike() {
        let invisible = [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{feff}',
            '\u{2028}',
            '\u{2029}',
            '\u{202a}',
            '\u{202b}',
            '\u{202c}',
            '\u{202d}',
            '\u{202e}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{2060}',
            '\u{ad}',
            '\u{180e}',
            '\u{3164}',
            '\u{115f}',
            '\u{34f}',
            '\u{fe0f}',
            '\u{e0041}',
            '\u{e0001}',
        ];
        for c in invisible {
            let name = format!("al{c}ice");
            let shown = escape_control(&name);
            assert_ne!(shown, "alice", "{c:?}");
            assert_eq!(
                shown,
                format!("al\\u{{{:x}}}ice", u32::from(c)),
                "{c:?} written as its code"
            );
        }
        assert_eq!(
            escape_control("admin\u{202e}gnp.exe"),
            "admin\\u{202e}gnp.exe"
        );
        // Visible text is left as it is: accents, Korean, Arabic, emoji.
        for text in ["ünïcode", "김철수", "مرحبا", "🦀 crab", "a b"] {
            assert!(matches!(escape_control(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn emoji_keep_their_joiners_and_selectors_but_nothing_else_does() {
        for emoji in [
            "👩\u{200d}💻",
            "❤\u{fe0f}",
            "👨\u{200d}👩\u{200d}👧",
            "🏳\u{fe0f}\u{200d}🌈",
        ] {
            assert!(matches!(escape_control(emoji), Cow::Borrowed(_)), "{emoji}");
        }
        // A joiner or selector beside letters, at an end, or after a joiner: escaped.
        assert_eq!(escape_control("a\u{200d}b"), "a\\u{200d}b");
        assert_eq!(escape_control("👩\u{200d}"), "👩\\u{200d}");
        assert_eq!(escape_control("\u{200d}💻"), "\\u{200d}💻");
        assert_eq!(escape_control("a\u{fe0f}"), "a\\u{fe0f}");
        assert_eq!(escape_control("\u{fe0f}"), "\\u{fe0f}");
        assert_eq!(escape_control("👩\u{200d}a"), "👩\\u{200d}a");
        // A second selector is not part of the emoji: it and the joiner after it are escaped
        // (found by the property below).
        assert_eq!(
            escape_control("👩\u{fe0f}\u{fe0f}\u{200d}👩"),
            "👩\u{fe0f}\\u{fe0f}\\u{200d}👩"
        );
    }

    proptest::proptest! {
        /// Any text: every unsafe character left after escaping is an emoji's joiner or selector.
        #[test]
        fn escaped_text_keeps_only_emoji_joiners(text in "(\\PC|\\p{Cf}|\\p{Cc}|\\u{200d}|\\u{fe0f}|👩|💻|\\\\u)*") {
            let shown = escape_control(&text);
            let chars: Vec<char> = shown.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                proptest::prop_assert!(
                    !is_unsafe_char(*c) || joins_emoji(&chars, i),
                    "{c:?} in {shown:?}"
                );
            }
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
