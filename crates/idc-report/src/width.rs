//! Measuring text as a terminal draws it, for aligned tables.
//!
//! A terminal gives a Korean syllable or an emoji two columns and a combining accent none, so
//! counting `char`s misaligns every column after such a name. These measure with the
//! `unicode-width` crate (Unicode's East Asian Width, as terminals do). They expect text already
//! made safe by [`escape::terminal`](crate::escape::terminal): no control character is left to
//! measure.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The columns `text` takes on a terminal.
///
/// ```
/// use idc_report::width::width;
///
/// assert_eq!(width("alice"), 5);
/// assert_eq!(width("김철수"), 6);
/// assert_eq!(width("🦀"), 2);
/// ```
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` columns, ending with `…` when it was cut.
///
/// ```
/// use idc_report::width::cut;
///
/// assert_eq!(cut("alice", 10), "alice");
/// assert_eq!(cut("administrators", 6), "admin…");
/// assert_eq!(cut("김철수김철수", 6), "김철…");
/// ```
pub fn cut(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `text` followed by the spaces that make it `columns` wide (nothing when it is as wide or
/// wider).
///
/// ```
/// use idc_report::width::pad;
///
/// assert_eq!(pad("ab", 4), "ab  ");
/// assert_eq!(pad("김", 4), "김  ");
/// ```
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = text.to_owned();
    out.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_zero_width_characters_are_measured_as_drawn() {
        assert_eq!(width("e\u{301}"), 1, "a combining accent takes no column");
        assert_eq!(width("👩\u{200d}💻"), 2, "one emoji sequence, one picture");
        assert_eq!(width(""), 0);
        for (text, max) in [
            ("김철수김철수", 5),
            ("🦀🦀🦀", 4),
            ("abcdef", 3),
            ("김a", 2),
        ] {
            let shown = cut(text, max);
            assert!(width(&shown) <= max, "{text} cut to {max}: {shown}");
            assert!(shown.ends_with('…'), "{shown}");
        }
        assert_eq!(cut("abc", 0), "");
        assert_eq!(pad("🦀", 1), "🦀", "never shorter than the text");
    }
}
