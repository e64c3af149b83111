//! Removing the secrets a client holds from text a server sent back, whatever encoding the server
//! echoed them in.
//!
//! A server (or something posing as it) may echo a request's secrets: the security token in a
//! header, the canonical request in an error message, a query string in a body. It may echo them
//! as sent or encoded: percent-encoded (RFC 3986 with `%2B`, or lower-case `%2b`, or every
//! non-alphanumeric byte encoded), form-encoded (`+` for a space), JSON-escaped (`\/`, `\"`,
//! `\u002B`), or any mix of these (Python's `quote` leaves `/` raw but encodes `+`). [`scrub`]
//! replaces every such occurrence with [`REDACTED`]: each character of the secret may appear in
//! any of its forms, so no list of whole-string encodings can miss a combination.
//!
//! ```
//! use idc_raw::redact::scrub;
//!
//! let token = "TOK-en_1.x+yz/1=";
//! for echoed in [
//!     "TOK-en_1.x+yz/1=",
//!     "TOK-en_1.x%2Byz%2F1%3D",
//!     "TOK-en_1.x%2byz%2f1%3d",
//!     "TOK%2Den%5F1%2Ex%2Byz%2F1%3D",
//!     "TOK-en_1.x+yz\\/1=",
//!     "TOK-en_1.x%2Byz/1%3D",
//! ] {
//!     assert_eq!(scrub(&format!("token={echoed};"), &[token]), "token=***;");
//! }
//! ```
//!
//! Matching costs about one comparison per byte of text and secret when nothing matches; the
//! hooks scrub only what they log, and the `idc` facade only error responses (at most 64 KiB).

use std::borrow::Cow;

/// What a secret is replaced with.
pub const REDACTED: &str = "***";

/// The headers (lower case) whose values are secrets, shown whole as [`REDACTED`] wherever headers
/// are shown: the client's wire log and the emulator's messages and recorded requests share this
/// one list. The signature headers are here too: a signature is derived from the secret key and
/// the request, so it is replayable within the clock-skew window.
pub const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-security-token",
    "x-auth-token",
    "x-subject-token",
    "scp-signature",
    "scp-accesskey",
    "cookie",
    "set-cookie",
];

/// Whether the header `name` (in any case) is one of the [`SECRET_HEADERS`].
///
/// ```
/// use idc_raw::redact::is_secret_header;
///
/// assert!(is_secret_header("X-Security-Token"));
/// assert!(!is_secret_header("x-sdk-date"));
/// ```
pub fn is_secret_header(name: &str) -> bool {
    SECRET_HEADERS.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// `text` with every non-empty secret of `secrets`, in any of the forms described in the
/// [module docs](self), replaced by [`REDACTED`]. Borrows when there was nothing to replace.
pub fn scrub<'a>(text: &'a str, secrets: &[&str]) -> Cow<'a, str> {
    match scrub_bytes(text.as_bytes(), secrets) {
        None => Cow::Borrowed(text),
        // A match starts and ends on a character boundary (it starts with an ASCII byte or a
        // secret's own leading byte, and ends after a whole character); the lossy decoding is
        // only a guard, so that no input can make this panic.
        Some(bytes) => Cow::Owned(
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
    }
}

/// Body fields whose values are secrets wherever they appear in a JSON body: every property the
/// specs mark `format: password` (SCP `CreateUser`'s initial `password`, the LDAP `bind_credential`
/// of `CreateInstance` and `SetInstance`, Huawei's one-time `password` and SCIM bearer `token` in
/// answers); a test of the workspace checks the specs against this list.
pub const SECRET_BODY_FIELDS: &[&str] = &["password", "bind_credential", "token"];

/// A JSON body with the string value of every [`SECRET_BODY_FIELDS`] field, at any depth,
/// replaced by [`REDACTED`]; `None` when the body is not JSON or holds no such value.
///
/// ```
/// let body = br#"{"user_id":"jdoe","password":"hunter2"}"#;
/// let shown = idc_raw::redact::redact_secret_fields(body).unwrap();
/// assert!(!String::from_utf8(shown).unwrap().contains("hunter2"));
/// assert_eq!(idc_raw::redact::redact_secret_fields(br#"{"user_id":"jdoe"}"#), None);
/// ```
pub fn redact_secret_fields(body: &[u8]) -> Option<Vec<u8>> {
    fn walk(value: &mut serde_json::Value) -> bool {
        let mut changed = false;
        match value {
            serde_json::Value::Object(fields) => {
                for (name, field) in fields.iter_mut() {
                    if SECRET_BODY_FIELDS.contains(&name.as_str()) && field.is_string() {
                        *field = serde_json::Value::from(REDACTED);
                        changed = true;
                    } else {
                        changed |= walk(field);
                    }
                }
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    changed |= walk(item);
                }
            }
            _ => {}
        }
        changed
    }
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    if walk(&mut value) {
        serde_json::to_vec(&value).ok()
    } else {
        None
    }
}

/// [`scrub`] for bytes (a raw body, which need not be UTF-8); `None` when no secret was found.
pub fn scrub_bytes(bytes: &[u8], secrets: &[&str]) -> Option<Vec<u8>> {
    let mut secrets: Vec<&str> = secrets.iter().copied().filter(|s| !s.is_empty()).collect();
    // Longest first, so that a secret containing another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    let mut out: Option<Vec<u8>> = None;
    let mut buffers = Buffers::default();
    for secret in secrets {
        let current = out.as_deref().unwrap_or(bytes);
        if let Some(replaced) = replace_secret(current, secret, &mut buffers) {
            out = Some(replaced);
        }
    }
    out
}

/// The position sets of the matcher, reused across start positions to avoid allocating per byte.
#[derive(Default)]
struct Buffers {
    current: Vec<usize>,
    next: Vec<usize>,
    bytes: Vec<usize>,
}

/// `haystack` with every occurrence of `secret` (in any form) replaced; `None` when there is none.
fn replace_secret(haystack: &[u8], secret: &str, buffers: &mut Buffers) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < haystack.len() {
        match match_at(haystack, i, secret, buffers) {
            Some(end) => {
                let out = out.get_or_insert_with(|| Vec::with_capacity(haystack.len()));
                out.extend_from_slice(&haystack[copied..i]);
                out.extend_from_slice(REDACTED.as_bytes());
                copied = end;
                i = end;
            }
            None => i += 1,
        }
    }
    let mut out = out?;
    out.extend_from_slice(&haystack[copied..]);
    Some(out)
}

/// Where the longest occurrence of `secret` starting at `start` ends, if there is one.
///
/// A character may be written in forms of different lengths (`%` as `%` or `%25`), so this runs
/// the set of positions every prefix of the secret can end at (a small NFA simulation): no
/// backtracking, and no combination of forms is missed.
fn match_at(haystack: &[u8], start: usize, secret: &str, buffers: &mut Buffers) -> Option<usize> {
    let Buffers {
        current,
        next,
        bytes,
    } = buffers;
    current.clear();
    current.push(start);
    for c in secret.chars() {
        next.clear();
        for &at in current.iter() {
            char_forms(haystack, at, c, next, bytes);
        }
        if next.is_empty() {
            return None;
        }
        next.sort_unstable();
        next.dedup();
        std::mem::swap(current, next);
    }
    current.last().copied()
}

/// Pushes to `ends` every position where a form of `c` starting at `at` ends.
fn char_forms(
    haystack: &[u8],
    at: usize,
    c: char,
    ends: &mut Vec<usize>,
    scratch: &mut Vec<usize>,
) {
    let rest = &haystack[at.min(haystack.len())..];
    let Some(&first) = rest.first() else {
        return;
    };
    // Its UTF-8 bytes, each raw or percent-encoded (either hex case).
    let mut utf8 = [0u8; 4];
    let encoded = c.encode_utf8(&mut utf8).as_bytes();
    scratch.clear();
    scratch.push(at);
    for &byte in encoded {
        let before = scratch.len();
        for k in 0..before {
            let p = scratch[k];
            if haystack.get(p) == Some(&byte) {
                scratch.push(p + 1);
            }
            if haystack.get(p) == Some(&b'%')
                && haystack.get(p + 1..p + 3).and_then(hex_byte) == Some(byte)
            {
                scratch.push(p + 3);
            }
        }
        scratch.drain(..before);
        if scratch.is_empty() {
            break;
        }
    }
    ends.extend_from_slice(scratch);
    match first {
        // Form encoding: a space as `+`.
        b'+' if c == ' ' => ends.push(at + 1),
        b'\\' => {
            if let Some(len) = json_escape(rest, c) {
                ends.push(at + len);
            }
        }
        _ => {}
    }
}

/// The length of the JSON escape of `c` that `text` (starting with `\`) starts with, if any:
/// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, or `\uXXXX` (either hex case; a surrogate
/// pair for a character outside the BMP).
fn json_escape(text: &[u8], c: char) -> Option<usize> {
    let short = match c {
        '"' => Some(b'"'),
        '\\' => Some(b'\\'),
        '/' => Some(b'/'),
        '\u{8}' => Some(b'b'),
        '\u{c}' => Some(b'f'),
        '\n' => Some(b'n'),
        '\r' => Some(b'r'),
        '\t' => Some(b't'),
        _ => None,
    };
    if short.is_some() && text.get(1).copied() == short {
        return Some(2);
    }
    let mut units = [0u16; 2];
    let units = c.encode_utf16(&mut units);
    for (k, unit) in units.iter().enumerate() {
        let escape = text.get(6 * k..6 * k + 6)?;
        if escape[0] != b'\\' || escape[1] != b'u' {
            return None;
        }
        let high = hex_byte(&escape[2..4])?;
        let low = hex_byte(&escape[4..6])?;
        if u16::from_be_bytes([high, low]) != *unit {
            return None;
        }
    }
    Some(6 * units.len())
}

/// Two hex digits (either case) as a byte.
fn hex_byte(digits: &[u8]) -> Option<u8> {
    let digit = |d: u8| char::from(d).to_digit(16);
    match digits {
        [high, low] => Some((digit(*high)? * 16 + digit(*low)?) as u8),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secret_body_fields_are_redacted_at_any_depth_and_nothing_else_changes() {
        let body = br#"{"users":[{"user_id":"jdoe","password":"s3cret-1"}],"password":"s3cret-2","password_mode":"OTP"}"#;
        let shown = String::from_utf8(super::redact_secret_fields(body).unwrap()).unwrap();
        assert!(!shown.contains("s3cret"), "{shown}");
        let value: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(value["users"][0]["password"], super::REDACTED);
        assert_eq!(value["users"][0]["user_id"], "jdoe");
        assert_eq!(value["password_mode"], "OTP");
        // Not JSON, or nothing to hide: left to the caller as it is.
        assert_eq!(super::redact_secret_fields(b"password=x"), None);
        assert_eq!(super::redact_secret_fields(br#"{"password":null}"#), None);
    }

    #[test]
    fn the_secret_headers_cover_what_the_client_and_the_emulator_each_hid() {
        // The lists the client's wire log and the emulator kept apart before they were one.
        let client = [
            "authorization",
            "x-security-token",
            "x-auth-token",
            "scp-signature",
            "scp-accesskey",
            "cookie",
            "set-cookie",
        ];
        let emulator = [
            "authorization",
            "x-security-token",
            "x-auth-token",
            "scp-signature",
            "cookie",
            "proxy-authorization",
        ];
        for name in client.iter().chain(&emulator) {
            assert!(is_secret_header(name), "{name}");
            assert!(
                is_secret_header(&name.to_uppercase()),
                "{name} in upper case"
            );
        }
        for name in [
            "x-sdk-date",
            "host",
            "content-type",
            "scp-timestamp",
            "x-project-id",
        ] {
            assert!(!is_secret_header(name), "{name} is not a secret");
        }
        assert!(
            SECRET_HEADERS.iter().all(|h| *h == h.to_ascii_lowercase()),
            "listed in lower case, as http names headers"
        );
    }

    use super::*;

    const TOKEN: &str = "TOK-en_1.x+yz/1=";

    fn scrubbed(text: &str) -> String {
        scrub(text, &[TOKEN]).into_owned()
    }

    #[test]
    fn raw() {
        assert_eq!(scrubbed("a TOK-en_1.x+yz/1= b"), "a *** b");
        assert_eq!(scrubbed("TOK-en_1.x+yz/1=TOK-en_1.x+yz/1="), "******");
    }

    #[test]
    fn rfc3986_upper_and_lower_hex() {
        // Unreserved characters (`-._~` and alphanumerics) left as they are.
        assert_eq!(scrubbed("t=TOK-en_1.x%2Byz%2F1%3D&"), "t=***&");
        assert_eq!(scrubbed("t=TOK-en_1.x%2byz%2f1%3d&"), "t=***&");
        // Python's `quote`, which leaves `/` raw.
        assert_eq!(scrubbed("t=TOK-en_1.x%2Byz/1%3D&"), "t=***&");
    }

    #[test]
    fn non_alphanumeric_encoding() {
        assert_eq!(scrubbed("t=TOK%2Den%5F1%2Ex%2Byz%2F1%3D&"), "t=***&");
        assert_eq!(scrubbed("t=TOK%2den%5f1%2ex%2byz%2f1%3d&"), "t=***&");
    }

    #[test]
    fn form_encoding() {
        let secret = "a b+c";
        assert_eq!(scrub("q=a+b%2Bc;", &[secret]), "q=***;");
        assert_eq!(scrub("q=a%20b%2bc;", &[secret]), "q=***;");
        assert_eq!(scrub("q=a b+c;", &[secret]), "q=***;");
        // A `+` is a space only where the secret has a space.
        assert_eq!(scrub("q=a+b+c;", &[secret]), "q=***;");
        assert_eq!(scrub("q=a+b c;", &[secret]), "q=a+b c;");
    }

    #[test]
    fn json_escaped() {
        assert_eq!(scrubbed(r#"{"t":"TOK-en_1.x+yz\/1="}"#), r#"{"t":"***"}"#);
        assert_eq!(
            scrubbed(r#"{"t":"TOK-en_1.x\u002byz\u002F1\u003d"}"#),
            r#"{"t":"***"}"#
        );
        let secret = "q\"b\\s\n\u{e9}\u{1f600}";
        assert_eq!(
            scrub(r#"["q\"b\\s\né\ud83d\ude00"]"#, &[secret]),
            r#"["***"]"#
        );
        assert_eq!(
            scrub(r#"["q\u0022b\u005Cs\u000a\u00e9\uD83D\uDE00"]"#, &[secret]),
            r#"["***"]"#
        );
        // The UTF-8 bytes of a non-ASCII character, percent-encoded.
        assert_eq!(scrub("q%22b%5Cs%0A%C3%A9%F0%9F%98%80", &[secret]), "***");
    }

    #[test]
    fn a_percent_sign_in_a_secret_in_either_form() {
        let secret = "50%25off";
        assert_eq!(scrub("x 50%25off y", &[secret]), "x *** y");
        assert_eq!(scrub("x 50%2525off y", &[secret]), "x *** y");
        assert_eq!(scrub("x 50%off y", &[secret]), "x 50%off y");
    }

    #[test]
    fn near_misses_and_empty_secrets_are_left_alone() {
        for text in [
            "TOK-en_1.x+yz/1",
            "TOK-en_1.x%2Byz%2F1%3",
            "TOK-en_1.x%2Byz%2G1%3D",
            "tok-en_1.x+yz/1=",
            "TOK-en_1.x+yz\\u002/1=",
            "",
        ] {
            assert_eq!(scrub(text, &[TOKEN, ""]), text);
            assert!(matches!(scrub(text, &[TOKEN]), Cow::Borrowed(_)));
        }
        assert_eq!(scrub_bytes(b"nothing here", &[TOKEN, ""]), None);
        assert_eq!(scrub("anything", &[""]), "anything");
    }

    #[test]
    fn several_secrets_and_the_longest_first() {
        let text = "sk=SK-1 token=SK-1-and-more tail";
        assert_eq!(
            scrub(text, &["SK-1", "SK-1-and-more"]),
            "sk=*** token=*** tail"
        );
        assert_eq!(
            scrub(text, &["SK-1-and-more", "SK-1"]),
            "sk=*** token=*** tail"
        );
    }

    #[test]
    fn bytes_need_not_be_utf8() {
        let mut body = b"\xff\xfe ".to_vec();
        body.extend_from_slice(b"TOK-en_1.x%2Byz%2F1%3D \xc3");
        assert_eq!(
            scrub_bytes(&body, &[TOKEN]).unwrap(),
            b"\xff\xfe *** \xc3".to_vec()
        );
    }

    #[test]
    fn a_hostile_text_is_still_linear_enough() {
        // Long runs of a secret's prefix: each start position fails within the secret's length.
        let secret = "a".repeat(64) + "b";
        let text = "a".repeat(64 << 10);
        let started = std::time::Instant::now();
        assert_eq!(scrub(&text, &[&secret]), text);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
