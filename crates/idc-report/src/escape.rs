//! Making server text safe for where it goes: a terminal, a spreadsheet, an HTML page.
//!
//! Every name and id comes from a server and may hold terminal control sequences (`ESC ] 0 ;`
//! retitles the window, `ESC [ 2 J` clears it, a newline forges a line such as `error: fake line`),
//! characters that draw nothing or reorder the text (`al\u{200b}ice` reads `alice`,
//! `admin\u{202e}gnp.exe` reads `adminexe.png`), or, in CSV, a formula (`=HYPERLINK(...)`) that a
//! spreadsheet would run. The report's writers and the `idc` tool's (tables, CSV, HTML, stderr)
//! all go through this module; JSON needs nothing (serde_json escapes control characters, and
//! the values stay exact).

use std::borrow::Cow;
use std::io::{self, Write};

/// `text` for a terminal line: every control character (C0 with newline, tab and carriage return,
/// DEL, C1) and every character that draws nothing or reorders the line (bidirectional
/// overrides, zero-width spaces, byte order marks, line separators: see
/// [`idc::text::is_unsafe_char`]) written as a visible escape (`\n`, `\u{1b}`, `\u{200b}`).
///
/// ```
/// use idc_report::escape::terminal;
///
/// assert_eq!(terminal("a\u{1b}[2Jb\nerror: fake"), "a\\u{1b}[2Jb\\nerror: fake");
/// assert_eq!(terminal("al\u{200b}ice"), "al\\u{200b}ice");
/// assert_eq!(terminal("김철수 🦀"), "김철수 🦀");
/// ```
pub fn terminal(text: &str) -> Cow<'_, str> {
    idc::text::escape_control(text)
}

/// The characters that make a spreadsheet read a cell as a formula when they come first (OWASP's
/// list, with the full-width forms some spreadsheets also accept).
const FORMULA_PREFIXES: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// What a spreadsheet may split a cell at when it reads the file with another separator than
/// the comma (a semicolon locale, tab-separated import) or ignores the quotes.
const SEPARATORS: &[char] = &[',', ';', '\t', '\n', '\r'];

/// `text` as a CSV cell: a formula character neutralised with a single quote (OWASP) where it
/// starts the cell or follows a separator (`a;=cmd|' /C calc'!A0` read with `;` as the
/// separator holds the cell `=cmd...`), and control and invisible characters escaped as for
/// [`terminal`], except newlines, which stay (the CSV writer quotes the cell).
///
/// ```
/// use idc_report::escape::csv_cell;
///
/// assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
/// assert_eq!(csv_cell("a;=cmd|' /C calc'!A0;b"), "a;'=cmd|' /C calc'!A0;b");
/// assert_eq!(csv_cell("a\u{1b}b"), "a\\u{1b}b");
/// ```
pub fn csv_cell(text: &str) -> String {
    let mut neutralised = String::with_capacity(text.len() + 1);
    let mut after_separator = true;
    for c in text.chars() {
        if after_separator && FORMULA_PREFIXES.contains(&c) {
            neutralised.push('\'');
        }
        after_separator = SEPARATORS.contains(&c);
        neutralised.push(c);
    }
    idc::text::escape_control_except(&neutralised, &['\n']).into_owned()
}

/// Writes one CSV record of `cells`, each made safe by [`csv_cell`]. A cell holding `;` is
/// quoted, as one holding `,`, `"` or a newline is (a semicolon-locale spreadsheet splits at
/// `;`): the csv writer chooses quotes per record, so every cell of such a record is quoted.
///
/// ```
/// use idc_report::escape::write_csv_record;
///
/// let mut out = Vec::new();
/// write_csv_record(&mut out, ["a", "b,c", "=1"])?;
/// write_csv_record(&mut out, ["a", "x;y"])?;
/// assert_eq!(String::from_utf8(out).unwrap(), "a,\"b,c\",'=1\n\"a\",\"x;y\"\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_csv_record<I>(out: &mut impl Write, cells: I) -> io::Result<()>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let cells: Vec<String> = cells.into_iter().map(|c| csv_cell(c.as_ref())).collect();
    let style = if cells.iter().any(|c| c.contains(';')) {
        csv::QuoteStyle::Always
    } else {
        csv::QuoteStyle::Necessary
    };
    let mut writer = csv::WriterBuilder::new()
        .quote_style(style)
        .from_writer(Vec::new());
    writer.write_record(&cells).map_err(io::Error::other)?;
    let bytes = writer
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    out.write_all(&bytes)
}

/// `text` for HTML text or a quoted attribute: markup escaped, and control and invisible
/// characters written visibly as for [`terminal`].
///
/// ```
/// use idc_report::escape::html;
///
/// assert_eq!(html("<b>\"x\" & 'y'</b>"), "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
/// assert_eq!(html("admin\u{202e}gnp.exe"), "admin\\u{202e}gnp.exe");
/// ```
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `value` as JSON whose every string (keys included) is written visibly as for [`terminal`]:
/// the data a page's script shows as text, so that what it shows reads as [`html`]'s text does.
///
/// ```
/// let shown = idc_report::escape::visible_json(&serde_json::json!({"name": "al\u{200b}ice"}));
/// assert_eq!(shown["name"], "al\\u{200b}ice");
/// ```
pub fn visible_json(value: &impl serde::Serialize) -> serde_json::Value {
    use serde_json::Value;
    fn visible(value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(terminal(&s).into_owned()),
            Value::Array(items) => Value::Array(items.into_iter().map(visible).collect()),
            Value::Object(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(k, v)| (terminal(&k).into_owned(), visible(v)))
                    .collect(),
            ),
            other => other,
        }
    }
    visible(serde_json::to_value(value).unwrap_or(Value::Null))
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
        assert_eq!(
            csv_cell("a=b"),
            "a=b",
            "only a character after a separator counts"
        );
        assert_eq!(csv_cell("two\nlines"), "two\nlines");
        assert_eq!(csv_cell("bell\u{7}\u{1b}[2J"), "bell\\u{7}\\u{1b}[2J");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn a_formula_after_any_separator_is_neutralised() {
        assert_eq!(
            csv_cell("a;=cmd|' /C calc'!A0;b"),
            "a;'=cmd|' /C calc'!A0;b"
        );
        assert_eq!(csv_cell("a,+1"), "a,'+1");
        assert_eq!(csv_cell("a\t@x"), "a\\t'@x", "the tab itself is escaped");
        assert_eq!(csv_cell("line\n-1"), "line\n'-1");
        assert_eq!(csv_cell(";;=1"), ";;'=1");
        assert_eq!(csv_cell("a; =1"), "a; =1", "not first after the separator");
    }

    #[test]
    fn records_with_a_semicolon_are_quoted_so_no_locale_splits_them() {
        let record = |cells: &[&str]| {
            let mut out = Vec::new();
            write_csv_record(&mut out, cells).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            record(&["id", "a;=cmd|' /C calc'!A0;b"]),
            "\"id\",\"a;'=cmd|' /C calc'!A0;b\"\n"
        );
        assert_eq!(
            record(&["a", "b"]),
            "a,b\n",
            "no semicolon: quoted as needed"
        );
        assert_eq!(record(&["a,b", "q\""]), "\"a,b\",\"q\"\"\"\n");
        // Read back as CSV, the cell is whole: no cell of the record starts a formula.
        let text = record(&["x;=1+1;y", "=2"]);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let cells: Vec<String> = reader
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(cells, ["x;'=1+1;y", "'=2"]);
        // Split at `;` regardless of quotes, as a careless reader would: no part is a formula.
        for part in text.trim_end().split(';') {
            let part = part.trim_start_matches('"');
            assert!(!part.starts_with(FORMULA_PREFIXES), "{part:?} in {text:?}");
        }
    }

    #[test]
    fn html_shows_invisible_and_bidi_characters() {
        assert_eq!(html("al\u{200b}ice"), "al\\u{200b}ice");
        assert_eq!(
            html("\u{2067}x\u{2069}\u{feff}"),
            "\\u{2067}x\\u{2069}\\u{feff}"
        );
        let data = visible_json(&serde_json::json!({"a\u{61c}": ["\u{200f}", 1, null]}));
        assert_eq!(
            data,
            serde_json::json!({"a\\u{61c}": ["\\u{200f}", 1, null]})
        );
    }
}
