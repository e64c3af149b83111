//! Tests of the format writers of a listing.

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
