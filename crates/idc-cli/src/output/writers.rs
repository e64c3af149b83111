//! The format writers of a listing: items written as JSON lines, YAML or CSV as they come, or held
//! for an aligned table, with columns fixed or read off the items.

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::cells::{cell, csv_row, lookup, summary, write_rows};
use super::columns::{Columns, quoted_list};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line: the item's fields as the service returns them.
    Json,
    /// An aligned table (buffered until the listing ends).
    Table,
    /// CSV with a header row.
    Csv,
    /// YAML: a listing is a sequence, an entry per item as it arrives; one object is one document.
    Yaml,
}

/// Writes items in one format, with a set of columns for table and CSV: fixed, or read off the
/// items (the fields of the first page's items for CSV, which is streamed; of all items for the
/// table).
pub struct Sink<W: Write> {
    format: Format,
    columns: Option<Vec<String>>,
    /// `--columns` names that nothing could check and no item has had yet.
    unseen: Vec<String>,
    /// The fields the items had, while some `unseen` name is left: to name them in the note.
    fields: Vec<String>,
    /// Fields of later items that a CSV header read off the first page does not have.
    left_out: BTreeSet<String>,
    derived: bool,
    out: W,
    held: Vec<Value>,
    csv_header_written: bool,
    /// The table's width limit: the terminal's, when stdout is one.
    width: Option<usize>,
    pub(crate) written: usize,
}

impl<W: Write> Sink<W> {
    /// A writer of `format` to `out`.
    pub fn new(format: Format, columns: Columns, out: W) -> Self {
        let unseen = match (&columns.names, columns.checked) {
            (Some(names), false) => names.clone(),
            _ => Vec::new(),
        };
        Self {
            format,
            derived: columns.names.is_none(),
            columns: columns.names,
            unseen,
            fields: Vec::new(),
            left_out: BTreeSet::new(),
            out,
            held: Vec::new(),
            csv_header_written: false,
            width: None,
            written: 0,
        }
    }

    /// Writes one page of items: JSON and YAML straight from the items (the exact fields, in
    /// order), the table and CSV from their JSON values.
    pub fn page<T: Serialize>(&mut self, items: &[T]) -> io::Result<()> {
        match self.format {
            Format::Json => {
                for item in items {
                    self.written += 1;
                    serde_json::to_writer(&mut self.out, item)?;
                    self.out.write_all(b"\n")?;
                }
                return Ok(());
            }
            Format::Yaml => {
                for item in items {
                    self.written += 1;
                    write_yaml_entry(&mut self.out, item)?;
                }
                return Ok(());
            }
            Format::Table | Format::Csv => {}
        }
        let values = items
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<Vec<_>, _>>()?;
        self.values(values)
    }

    /// Writes items given as JSON values (the table holds them until [`finish`](Self::finish)).
    pub fn values(&mut self, values: Vec<Value>) -> io::Result<()> {
        self.written += values.len();
        if !self.unseen.is_empty() {
            self.unseen
                .retain(|c| !values.iter().any(|v| lookup(v, c).is_some()));
            for field in item_fields(&values) {
                if !self.fields.contains(&field) {
                    self.fields.push(field);
                }
            }
        }
        match self.format {
            Format::Json => {
                for value in &values {
                    serde_json::to_writer(&mut self.out, value)?;
                    self.out.write_all(b"\n")?;
                }
            }
            Format::Yaml => {
                for value in &values {
                    write_yaml_entry(&mut self.out, value)?;
                }
            }
            Format::Table => self.held.extend(values),
            Format::Csv => {
                if self.columns.is_none() && !values.is_empty() {
                    self.columns = Some(item_fields(&values));
                }
                if !values.is_empty() {
                    self.csv_header()?;
                }
                for value in &values {
                    if self.derived {
                        self.note_left_out(value);
                    }
                    let cells = self.cells(value);
                    csv_row(&mut self.out, cells)?;
                }
            }
        }
        Ok(())
    }

    fn note_left_out(&mut self, value: &Value) {
        if let (Value::Object(fields), Some(columns)) = (value, &self.columns) {
            for name in fields.keys() {
                if !columns.contains(name) {
                    self.left_out.insert(name.clone());
                }
            }
        }
    }

    /// `--columns` names that nothing checked and no item had, with the fields the items had: a
    /// note for stderr, if there is one to make.
    pub fn unmatched(&self) -> Option<String> {
        (!self.unseen.is_empty() && self.written > 0).then(|| {
            format!(
                "no item has the column {} (the items' fields: {})",
                quoted_list(&self.unseen),
                self.fields.join(", ")
            )
        })
    }

    /// Fields that CSV left out (see [`Sink`]).
    pub fn left_out(&self) -> Vec<String> {
        self.left_out.iter().cloned().collect()
    }

    /// Cuts table lines to `width` characters.
    pub fn with_width(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// Ends a page: what JSON, YAML and CSV wrote so far reaches the reader now.
    pub fn flush_page(&mut self) -> io::Result<()> {
        match self.format {
            Format::Json | Format::Yaml | Format::Csv => self.out.flush(),
            Format::Table => Ok(()),
        }
    }

    /// Ends the output: writes the table, or the CSV header or the empty YAML sequence of an
    /// empty listing; flushes.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json => {}
            Format::Yaml if self.written == 0 => self.out.write_all(b"[]\n")?,
            Format::Yaml => {}
            Format::Csv => self.csv_header()?,
            Format::Table => {
                if self.columns.is_none() {
                    self.columns = Some(item_fields(&self.held));
                }
                self.write_table()?;
            }
        }
        self.out.flush()
    }

    /// The CSV header, once (none when there are no columns: items whose fields are read off
    /// them, and no item).
    fn csv_header(&mut self) -> io::Result<()> {
        match &self.columns {
            Some(columns) if !self.csv_header_written && !columns.is_empty() => {
                self.csv_header_written = true;
                let header = columns.clone();
                csv_row(&mut self.out, header)
            }
            _ => Ok(()),
        }
    }

    fn cells(&self, value: &Value) -> Vec<String> {
        // A list of plain values (ids) has one column: the value itself.
        if !value.is_object() {
            return vec![cell(value)];
        }
        // The table is read by a person: nested values are summarised. CSV keeps them whole.
        let render = match self.format {
            Format::Table => summary,
            _ => cell,
        };
        self.columns
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|c| lookup(value, c).map_or_else(String::new, render))
            .collect()
    }

    fn write_table(&mut self) -> io::Result<()> {
        let columns = self.columns.clone().unwrap_or_default();
        if columns.is_empty() {
            // No columns (no item to read them off): nothing to draw, not a blank line.
            return Ok(());
        }
        let rows: Vec<Vec<String>> = std::mem::take(&mut self.held)
            .iter()
            .map(|v| self.cells(v))
            .collect();
        let header: Vec<String> = columns.iter().map(|c| c.to_uppercase()).collect();
        write_rows(&mut self.out, &header, &rows, self.width)
    }
}

/// Writes `item` as one entry of a YAML sequence (`- id: a` and its fields indented under it):
/// entries written one after another make one sequence, so a listing streams as YAML too.
/// Control characters are escaped by the YAML writer (`"\e[2J"`).
fn write_yaml_entry(out: &mut impl Write, item: &impl Serialize) -> io::Result<()> {
    let entry = serde_yaml_ng::to_string(&[item]).map_err(io::Error::other)?;
    out.write_all(entry.as_bytes())
}

/// The fields of `items`, in order of appearance: the columns of items whose type names none.
fn item_fields(items: &[Value]) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    for item in items {
        if let Value::Object(map) = item {
            for name in map.keys() {
                if !fields.contains(name) {
                    fields.push(name.clone());
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    fn render(format: Format, items: &[Value]) -> String {
        let mut out = Vec::new();
        let columns = Columns::fixed(["id", "name", "sets"].map(String::from).to_vec());
        let mut sink = Sink::new(format, columns, &mut out);
        sink.page(items).unwrap();
        sink.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    fn derived(format: Format, pages: &[&[Value]]) -> (String, Vec<String>) {
        let mut out = Vec::new();
        let mut sink = Sink::new(format, Columns::derived(), &mut out);
        for page in pages {
            sink.page(page).unwrap();
        }
        let left_out = sink.left_out();
        sink.finish().unwrap();
        (String::from_utf8(out).unwrap(), left_out)
    }

    #[test]
    fn json_is_one_object_per_line() {
        let items = [
            json!({"id": "a", "name": null}),
            json!({"id": "b", "x": [1]}),
        ];
        assert_eq!(
            render(Format::Json, &items),
            "{\"id\":\"a\",\"name\":null}\n{\"id\":\"b\",\"x\":[1]}\n"
        );
    }

    #[test]
    fn csv_quotes_and_keeps_the_header_for_empty_listings() {
        let items = [json!({"id": "a,1", "name": "N", "sets": [{"k": 1}]})];
        assert_eq!(
            render(Format::Csv, &items),
            "id,name,sets\n\"a,1\",N,\"[{\"\"k\"\":1}]\"\n"
        );
        assert_eq!(render(Format::Csv, &[]), "id,name,sets\n");
    }

    #[test]
    fn tables_summarise_nested_values_and_cut_long_lines() {
        let sets = json!([{"permission_set_id": "ps-1", "permission_set_name": "Admin"},
                          {"permission_set_id": "ps-2"}, {"k": 1}]);
        assert_eq!(summary(&sets), "Admin, ps-2, k=1");
        assert_eq!(summary(&json!(["a", "b"])), "a, b");
        assert_eq!(summary(&json!({"user_id": "u-1", "extra": 2})), "u-1");
        let mut out = Vec::new();
        let columns = Columns::fixed(vec!["id".to_owned(), "sets".to_owned()]);
        let mut sink = Sink::new(Format::Table, columns, &mut out).with_width(Some(12));
        sink.page(&[json!({"id": "a", "sets": sets})]).unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "a   Admin, …", "{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 12), "{text}");
        // CSV keeps the whole value.
        let csv = render(Format::Csv, &[json!({"id": "a", "sets": [{"k": 1}]})]);
        assert!(csv.contains("[{\"\"k\"\":1}]"), "{csv}");
    }

    #[test]
    fn a_list_of_ids_is_one_column() {
        let mut out = Vec::new();
        let columns = Columns::fixed(vec!["account_ids".to_owned()]);
        let mut sink = Sink::new(Format::Csv, columns, &mut out);
        sink.page(&["acct-1"]).unwrap();
        sink.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "account_ids\nacct-1\n");
    }

    #[test]
    fn table_aligns_columns() {
        let items = [
            json!({"id": "a", "name": "long name", "sets": 1}),
            json!({"id": "bbbb", "name": "n"}),
        ];
        assert_eq!(
            render(Format::Table, &items),
            "ID    NAME       SETS\na     long name  1\nbbbb  n\n"
        );
    }

    #[test]
    fn columns_can_name_fields_inside_nested_objects() {
        let mut out = Vec::new();
        let columns = Columns::fixed(vec!["id".to_owned(), "member.user_id".to_owned()]);
        let mut sink = Sink::new(Format::Csv, columns, &mut out);
        sink.page(&[json!({"id": "a", "member": {"user_id": "u-1"}})])
            .unwrap();
        sink.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,member.user_id\na,u-1\n"
        );
    }

    #[test]
    fn without_default_columns_they_are_read_off_the_items() {
        let first: &[Value] = &[
            json!({"category": "MANAGED", "id": "p-1", "name": "Admin"}),
            json!({"category": "CUSTOM", "description": "mine", "id": "p-2", "name": "Own"}),
        ];
        let second: &[Value] = &[json!({"id": "p-3", "name": "Deny", "document": {"v": 1}})];
        let (csv, left_out) = derived(Format::Csv, &[first, second]);
        assert_eq!(
            csv,
            "category,id,name,description\nMANAGED,p-1,Admin,\nCUSTOM,p-2,Own,mine\n,p-3,Deny,\n"
        );
        assert_eq!(
            left_out,
            ["document"],
            "said on stderr, not dropped silently"
        );
        // The table holds every item, so its columns are every item's fields.
        let (table, _) = derived(Format::Table, &[first, second]);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0].split_whitespace().collect::<Vec<_>>(),
            ["CATEGORY", "ID", "NAME", "DESCRIPTION", "DOCUMENT"]
        );
        assert!(
            lines[3].contains("Deny") && lines[3].ends_with("v=1"),
            "{table}"
        );
        assert!(!table.lines().any(|l| l.trim().is_empty()), "no blank rows");
    }

    #[test]
    fn derived_columns_of_an_empty_listing_print_nothing() {
        assert_eq!(derived(Format::Csv, &[&[]]).0, "");
        assert_eq!(derived(Format::Table, &[&[]]).0, "");
        // An empty first page does not fix the header: the next page's items do.
        let (csv, _) = derived(Format::Csv, &[&[], &[json!({"id": "p-1"})]]);
        assert_eq!(csv, "id\np-1\n");
    }
    #[test]
    fn unchecked_columns_that_no_item_has_are_reported() {
        let columns = Columns {
            names: Some(vec!["id".to_owned(), "x".to_owned()]),
            checked: false,
        };
        let mut sink = Sink::new(Format::Csv, columns, Vec::new());
        assert_eq!(sink.unmatched(), None, "nothing to say before any item");
        sink.page(&[json!({"id": "a", "name": "n"})]).unwrap();
        assert_eq!(
            sink.unmatched().as_deref(),
            Some("no item has the column \"x\" (the items' fields: id, name)")
        );
        let columns = Columns::fixed(vec!["x".to_owned()]);
        let mut sink = Sink::new(Format::Csv, columns, Vec::new());
        sink.page(&[json!({"id": "a"})]).unwrap();
        assert_eq!(sink.unmatched(), None, "checked columns need no note");
    }

    #[test]
    fn hostile_cells_are_escaped_in_the_table_and_neutralised_in_csv() {
        let items = [json!({
            "id": "\u{1b}]0;pwned\u{7}a\u{1b}[2J",
            "name": "x\nerror: fake line",
            "sets": "=HYPERLINK(\"http://evil\",\"click\")"
        })];
        let table = render(Format::Table, &items);
        assert!(
            !table.chars().any(|c| c.is_control() && c != '\n'),
            "{table:?}"
        );
        assert_eq!(table.lines().count(), 2, "no forged line: {table:?}");
        assert!(table.contains("x\\nerror: fake line"), "{table:?}");
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(
            lines[0].find("NAME"),
            lines[1].find("x\\n"),
            "columns align on the escaped text: {table:?}"
        );

        let csv = render(Format::Csv, &items);
        assert!(!csv.chars().any(|c| c.is_control() && c != '\n'), "{csv:?}");
        assert!(csv.contains("\"'=HYPERLINK("), "{csv:?}");
        assert!(
            csv.contains("\"x\nerror: fake line\""),
            "newline kept, quoted: {csv:?}"
        );
        assert!(csv.contains("\\u{1b}]0;pwned\\u{7}a"), "{csv:?}");

        let json = render(Format::Json, &items);
        let back: Value = serde_json::from_str(json.trim_end()).unwrap();
        assert_eq!(back, items[0], "JSON stays exact");
        assert!(!json.contains('\u{1b}'), "{json:?}");
    }

    #[test]
    fn tables_align_korean_and_emoji_by_display_width_and_fit_the_terminal() {
        let items = [
            json!({"id": "u-1", "name": "김철수", "sets": "Admin"}),
            json!({"id": "u-2", "name": "🦀 crab", "sets": "Read"}),
            json!({"id": "u-3", "name": "alice", "sets": "Read"}),
        ];
        let table = render(Format::Table, &items);
        let column = |line: &str, needle: &str| {
            let at = line
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} in {line}"));
            idc_report::width::width(&line[..at])
        };
        let lines: Vec<&str> = table.lines().collect();
        let sets = column(lines[0], "SETS");
        for (line, value) in lines[1..].iter().zip(["Admin", "Read", "Read"]) {
            assert_eq!(column(line, value), sets, "{table}");
        }
        // Cut to the terminal's width in the columns it draws.
        let mut out = Vec::new();
        let columns = Columns::fixed(vec!["name".to_owned()]);
        let mut sink = Sink::new(Format::Table, columns, &mut out).with_width(Some(9));
        sink.page(&[json!({"name": "김철수김철수"})]).unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().nth(1), Some("김철수김…"), "{text}");
    }

    #[test]
    fn invisible_and_bidi_characters_show_in_the_table_and_csv() {
        let items = [
            json!({"id": "u-1", "name": "alice"}),
            json!({"id": "u-2", "name": "al\u{200b}ice"}),
            json!({"id": "u-3", "name": "admin\u{202e}gnp.exe"}),
            json!({"id": "u-4", "name": "\u{feff}b\u{200f}\u{61c}\u{2028}"}),
        ];
        let invisible = [
            '\u{200b}', '\u{202e}', '\u{feff}', '\u{200f}', '\u{61c}', '\u{2028}',
        ];
        for format in [Format::Table, Format::Csv] {
            let text = render(format, &items);
            assert!(!text.contains(invisible), "{format:?}: {text}");
            for shown in [
                "al\\u{200b}ice",
                "admin\\u{202e}gnp.exe",
                "\\u{feff}b\\u{200f}\\u{61c}\\u{2028}",
            ] {
                assert!(text.contains(shown), "{format:?} shows {shown}: {text}");
            }
        }
    }

    #[test]
    fn csv_cells_with_a_semicolon_are_quoted_and_formulas_after_separators_neutralised() {
        let csv = render(
            Format::Csv,
            &[json!({"id": "a;=cmd|' /C calc'!A0;b", "name": "n", "sets": "x,-1"})],
        );
        assert_eq!(
            csv,
            "id,name,sets\n\"a;'=cmd|' /C calc'!A0;b\",\"n\",\"x,'-1\"\n"
        );
    }

    #[test]
    fn yaml_streams_a_listing_as_one_sequence_with_control_characters_escaped() {
        let mut out = Vec::new();
        let mut sink = Sink::new(Format::Yaml, Columns::derived(), &mut out);
        sink.page(&[json!({"id": "a", "tags": ["x"]})]).unwrap();
        sink.page(&[json!({"id": "b\u{1b}[2J", "n": 1})]).unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('\u{1b}'), "{text:?}");
        let back: Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(
            back,
            json!([{"id": "a", "tags": ["x"]}, {"id": "b\u{1b}[2J", "n": 1}]),
            "pages written one after another read back as one list: {text}"
        );
        assert_eq!(
            render(Format::Yaml, &[]),
            "[]\n",
            "an empty listing is an empty list"
        );
    }
}
