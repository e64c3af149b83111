//! `--cli-input-json FILE|-`: an operation's whole input as one JSON object, from a file or stdin.
//!
//! The object's keys are the request body's fields as the API names them (the body exactly as
//! the service documents it) and the operation's path and query parameters by their names (as
//! aws-cli's skeletons hold every input member); a name that is both fills both. A flag given on
//! the command line wins over the same key of the input. A key the operation does not have, at
//! the top or inside a nested object, is a usage error, as is JSON that does not parse or a value
//! of the wrong type; so is an input over [`MAX_INPUT_BYTES`].
//!
//! The same check of nested objects serves the flags that take JSON ([`json`]).

use std::io::Read;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Failure;

/// The value of a flag taking a JSON array of objects: a `Vec` that clap's derive does not take
/// for a flag given many times (one JSON array is one value).
pub type Objects<T> = Vec<T>;

/// The largest input read: 1 MiB (a request body is a few KiB; a custom policy at most tens).
pub const MAX_INPUT_BYTES: u64 = 1 << 20;

/// The keys of `--cli-input-json` not taken yet, and the ones the operation has.
pub struct CliInput {
    fields: Map<String, Value>,
    known: Vec<&'static str>,
}

impl CliInput {
    /// The input named by `--cli-input-json` (a file, or `-` for stdin); empty without one.
    pub fn read(source: Option<&str>) -> Result<Self, Failure> {
        let text = match source {
            None => return Self::parse("{}"),
            Some("-") => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(MAX_INPUT_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| usage(format!("cannot read stdin: {e}")))?;
                if bytes.len() as u64 > MAX_INPUT_BYTES {
                    return Err(usage(format!("stdin is over {MAX_INPUT_BYTES} bytes")));
                }
                String::from_utf8(bytes).map_err(|_| usage("stdin is not UTF-8".to_owned()))?
            }
            Some(path) => {
                idc::files::read_regular_file(std::path::Path::new(path), MAX_INPUT_BYTES)
                    .map_err(|e| usage(format!("cannot read {path}: {e}")))?
            }
        };
        Self::parse(&text)
    }

    /// The input in `text`: a JSON object.
    fn parse(text: &str) -> Result<Self, Failure> {
        match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
            Ok(Value::Object(fields)) => Ok(Self {
                fields,
                known: Vec::new(),
            }),
            Ok(_) => Err(usage(
                "the input is not a JSON object ({\"name\": value, ...})".to_owned(),
            )),
            Err(e) => Err(usage(format!("the input is not valid JSON: {e}"))),
        }
    }

    /// `flag` when it was given, else the input's `key` (`null` counts as absent).
    pub fn value<T: DeserializeOwned + Serialize>(
        &mut self,
        key: &'static str,
        flag: Option<T>,
    ) -> Result<Option<T>, Failure> {
        self.known.push(key);
        if flag.is_some() {
            return Ok(flag);
        }
        match self.fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => checked(value.clone())
                .map(Some)
                .map_err(|e| usage(format!("{key}: {e}"))),
        }
    }

    /// [`value`](Self::value) of a string enumeration: the input's value must be one of
    /// `values` too (in any case; the spec's spelling is sent).
    pub fn one_of(
        &mut self,
        key: &'static str,
        flag: Option<String>,
        values: &'static [&'static str],
    ) -> Result<Option<String>, Failure> {
        match self.value(key, flag)? {
            None => Ok(None),
            Some(given) => match values.iter().find(|v| v.eq_ignore_ascii_case(&given)) {
                Some(value) => Ok(Some((*value).to_owned())),
                None => Err(usage(format!(
                    "{key}: {given:?} is not one of {}",
                    list(values.iter().copied())
                ))),
            },
        }
    }

    /// A list flag (empty when not given; its values [`split`]), else the input's `key`.
    pub fn list(
        &mut self,
        key: &'static str,
        flag: Vec<String>,
    ) -> Result<Option<Vec<String>>, Failure> {
        let flag = split(flag);
        self.value(key, (!flag.is_empty()).then_some(flag))
    }

    /// Fails on any key no parameter or body field took.
    pub fn finish(self) -> Result<(), Failure> {
        let mut unknown: Vec<&String> = self
            .fields
            .keys()
            .filter(|k| !self.known.contains(&k.as_str()))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        unknown.sort();
        let mut known = self.known;
        known.sort_unstable();
        known.dedup();
        Err(usage(format!(
            "unknown field{} {}; the operation takes {}",
            if unknown.len() == 1 { "" } else { "s" },
            list(unknown.iter().map(|k| k.as_str())),
            list(known.into_iter()),
        )))
    }
}

/// The values of a list flag, each given as a JSON array of strings (`'["a","b"]'`), as a JSON
/// document (starting with `{`: one value, commas and all, e.g. a policy), or as comma-separated
/// values (`a,b`: ids hold no commas).
pub fn split(given: Vec<String>) -> Vec<String> {
    let mut values = Vec::new();
    for value in given {
        let trimmed = value.trim_start();
        if trimmed.starts_with('[')
            && let Ok(list) = serde_json::from_str::<Vec<String>>(trimmed)
        {
            values.extend(list);
        } else if trimmed.starts_with('{') {
            values.push(value);
        } else {
            values.extend(value.split(',').map(str::to_owned));
        }
    }
    values
}

/// `value`, or a usage error naming the flag and the input's key.
pub fn required<T>(value: Option<T>, key: &str, flag: &str) -> Result<T, Failure> {
    value.ok_or_else(|| {
        Failure::Usage(format!(
            "the following value is required: --{flag} (or \"{key}\" in --cli-input-json)"
        ))
    })
}

/// A flag that takes a JSON value of type `T` (a body field of an object type): the JSON, whose
/// every key must be one `T` has, or for a type that is a string (an enumeration) the plain text.
pub fn json<T: DeserializeOwned + Serialize>(text: &str) -> Result<T, String> {
    let as_text = || serde_json::from_value(Value::String(text.to_owned()));
    match serde_json::from_str::<Value>(text) {
        // `true` or `12` may be a string type's value too.
        Ok(value) => checked(value).or_else(|e| as_text().map_err(|_| e)),
        // `--principal-type USER`: a string type's value without its JSON quotes.
        Err(e) => as_text().map_err(|_| format!("not the expected JSON: {e}")),
    }
}

/// A flag that takes one of `values` (in any case) of an enumeration `T`: a body field whose
/// schema is a string enumeration, named or not.
pub fn enumerated<T>(
    values: &'static [&'static str],
) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: DeserializeOwned + Serialize + Clone + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser as _;
    crate::args::one_of(values).try_map(|value| json::<T>(&value))
}

/// `value` as a `T`, refusing what `T` would silently drop: a key it does not have.
fn checked<T: DeserializeOwned + Serialize>(value: Value) -> Result<T, String> {
    let parsed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    let kept = serde_json::to_value(&parsed).map_err(|e| e.to_string())?;
    let mut unknown = Vec::new();
    dropped(&value, &kept, "", &mut unknown);
    match unknown.as_slice() {
        [] => Ok(parsed),
        _ => Err(format!(
            "unknown field {}",
            list(unknown.iter().map(String::as_str))
        )),
    }
}

/// The keys of `given` (dotted from the top) that `kept` (the same value parsed and written back)
/// lacks. A key whose value is `null` or `[]` may be left out when written back.
fn dropped(given: &Value, kept: &Value, at: &str, out: &mut Vec<String>) {
    match (given, kept) {
        (Value::Object(given), Value::Object(kept)) => {
            for (key, value) in given {
                let path = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                match kept.get(key) {
                    Some(k) => dropped(value, k, &path, out),
                    None if is_empty(value) => {}
                    None => out.push(path),
                }
            }
        }
        (Value::Array(given), Value::Array(kept)) => {
            for (i, (g, k)) in given.iter().zip(kept).enumerate() {
                dropped(g, k, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// What a type may leave out when writing back (an absent option, an empty list).
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn usage(message: String) -> Failure {
    Failure::Usage(format!("--cli-input-json: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Member {
        user_id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    enum Kind {
        #[serde(rename = "USER")]
        User,
    }

    fn message(failure: Failure) -> String {
        match failure {
            Failure::Usage(m) => m,
            _ => panic!("not a usage error"),
        }
    }

    #[test]
    fn flags_win_the_input_fills_the_rest_and_unknown_keys_are_refused() {
        let mut input =
            CliInput::parse(r#"{"instance_id":"i-1","name":"from-json","ids":["a"],"x":null}"#)
                .ok()
                .unwrap();
        let name = input
            .value("name", Some("from-flag".to_owned()))
            .ok()
            .unwrap();
        assert_eq!(name.as_deref(), Some("from-flag"));
        let id: Option<String> = input.value("instance_id", None).ok().unwrap();
        assert_eq!(id.as_deref(), Some("i-1"));
        let ids = input.list("ids", Vec::new()).ok().unwrap();
        assert_eq!(ids, Some(vec!["a".to_owned()]));
        let absent: Option<i64> = input.value("size", None).ok().unwrap();
        assert_eq!(absent, None);
        let e = message(input.finish().err().unwrap());
        assert!(e.contains("unknown field \"x\""), "{e}");
        assert!(
            e.contains("\"ids\", \"instance_id\", \"name\", \"size\""),
            "{e}"
        );

        let mut input = CliInput::parse(r#"{"size":"ten"}"#).ok().unwrap();
        let e = message(input.value::<i64>("size", None).err().unwrap());
        assert!(e.starts_with("--cli-input-json: size: invalid type"), "{e}");
    }

    #[test]
    fn list_values_split_on_commas_but_json_stays_whole() {
        let given = |v: &[&str]| split(v.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(given(&["a,b", "c"]), ["a", "b", "c"]);
        assert_eq!(given(&[r#"["a,1", "b"]"#]), ["a,1", "b"]);
        assert_eq!(
            given(&[r#"{"Version":"5.0","Statement":[]}"#, "x"]),
            [r#"{"Version":"5.0","Statement":[]}"#, "x"]
        );
        assert_eq!(given(&["[not json"]), ["[not json"]);
        assert!(given(&[]).is_empty());
    }

    #[test]
    fn an_enumeration_from_the_input_is_checked_and_spelt_as_the_spec_does() {
        let mut input = CliInput::parse(r#"{"kind":"user","other":"ROBOT"}"#)
            .ok()
            .unwrap();
        let kind = input.one_of("kind", None, &["USER", "GROUP"]).ok().unwrap();
        assert_eq!(kind.as_deref(), Some("USER"));
        let e = message(input.one_of("other", None, &["USER"]).err().unwrap());
        assert_eq!(
            e,
            "--cli-input-json: other: \"ROBOT\" is not one of \"USER\""
        );
    }

    #[test]
    fn bad_json_and_non_objects_are_usage_errors() {
        let e = message(CliInput::parse("{\"a\": ").err().unwrap());
        assert!(e.contains("not valid JSON"), "{e}");
        let e = message(CliInput::parse("[1]").err().unwrap());
        assert!(e.contains("not a JSON object"), "{e}");
        assert!(
            CliInput::parse("\u{feff}{}").is_ok(),
            "a byte order mark is fine"
        );
    }

    #[test]
    fn nested_keys_a_type_does_not_have_are_refused() {
        let ok: Vec<Member> = checked(serde_json::json!([{"user_id": "u", "note": null}]))
            .ok()
            .unwrap();
        assert_eq!(ok[0].user_id, "u");
        let e = checked::<Vec<Member>>(
            serde_json::json!([{"user_id": "u"}, {"user_id": "v", "usr": 1}]),
        )
        .err()
        .unwrap();
        assert_eq!(e, "unknown field \"[1].usr\"");
        let e = json::<Member>(r#"{"user_id":"u","nte":"x"}"#)
            .err()
            .unwrap();
        assert_eq!(e, "unknown field \"nte\"");
    }

    #[test]
    fn a_string_type_takes_its_value_with_or_without_quotes() {
        assert_eq!(json::<Kind>("USER"), Ok(Kind::User));
        assert_eq!(json::<Kind>("\"USER\""), Ok(Kind::User));
        assert!(json::<Kind>("GROUP").is_err());
        assert_eq!(json::<String>("true"), Ok("true".to_owned()));
        let e = json::<Member>("{oops").err().unwrap();
        assert!(e.starts_with("not the expected JSON"), "{e}");
    }

    #[test]
    fn a_missing_required_value_names_the_flag_and_the_key() {
        let e = message(
            required::<String>(None, "instance_id", "instance-id")
                .err()
                .unwrap(),
        );
        assert_eq!(
            e,
            "the following value is required: --instance-id (or \"instance_id\" in --cli-input-json)"
        );
        assert_eq!(required(Some(1), "a", "a").ok(), Some(1));
    }
}
