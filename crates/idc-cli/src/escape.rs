//! Making server data safe for a terminal and for a spreadsheet.
//!
//! Every value printed comes from a server and may hold terminal control sequences (`ESC ] 0 ;`
//! retitles the window, `ESC [ 2 J` clears it, a newline forges a line such as `error: fake line`)
//! or, in CSV, a formula (`=HYPERLINK(...)`) that a spreadsheet would run. The table, the CSV and
//! stderr go through these functions; JSON lines need nothing (serde_json escapes control
//! characters, and the values stay exact).

use std::borrow::Cow;

/// `text` for a terminal line: every control character (C0 with newline, tab and carriage
/// return, DEL, C1) and bidirectional override written as a visible escape (`\n`, `\u{1b}`).
pub fn terminal(text: &str) -> Cow<'_, str> {
    idc::text::escape_control(text)
}

/// The characters that make a spreadsheet read a cell as a formula when they come first (OWASP's
/// list, with the full-width forms some spreadsheets also accept).
const FORMULA_PREFIXES: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// `text` as a CSV cell: a leading formula character neutralised with a single quote (OWASP), and
/// control characters escaped as for [`terminal`], except newlines, which stay (the CSV writer
/// quotes the cell).
pub fn csv_cell(text: &str) -> String {
    let quoted = text.starts_with(FORMULA_PREFIXES);
    let escaped = idc::text::escape_control_except(text, &['\n']);
    if quoted {
        format!("'{escaped}")
    } else {
        escaped.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_text_cannot_move_the_cursor_or_forge_a_line() {
        let hostile = "name\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nerror: fake line\u{9b}1m";
        let shown = terminal(hostile);
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(
            shown,
            "name\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r\\nerror: fake line\\u{9b}1m"
        );
        assert_eq!(terminal("plain ünïcode"), "plain ünïcode");
    }

    #[test]
    fn csv_cells_lose_formulas_and_controls_but_keep_newlines() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        for prefix in ["+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "\u{ff1d}1"] {
            assert!(csv_cell(prefix).starts_with('\''), "{prefix:?}");
        }
        assert_eq!(csv_cell("\tx"), "'\\tx");
        assert_eq!(csv_cell("a=b"), "a=b", "only a leading character counts");
        assert_eq!(csv_cell("two\nlines"), "two\nlines");
        assert_eq!(csv_cell("bell\u{7}\u{1b}[2J"), "bell\\u{7}\\u{1b}[2J");
        assert_eq!(csv_cell(""), "");
    }
}
