//! The runtime of the generated parsers: a parameter's value from the path or the query, checked
//! against the spec's rules, with every violation of a request collected.

use idc_raw::rules::{IntegerRules, StringRules};

use crate::http::query::Params;

/// Every segment of a path, percent-decoded, so that the parser can take the template's
/// `{parameter}` segments by position.
pub(crate) fn path_values(path: &str) -> Vec<String> {
    path.split('/')
        .map(|segment| {
            percent_encoding::percent_decode_str(segment)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// Where a parameter's value comes from.
pub(crate) enum Source<'a> {
    /// A path segment.
    Path(Option<&'a str>),
    /// The query, given at most once.
    Query(&'a Params),
    /// The query, possibly repeated: the values are joined with commas.
    QueryRepeatable(&'a Params),
}

/// The violations found while parsing one request.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<String>);

// The generated parsers call what their parameters need: not every kind has a parameter today.
#[allow(dead_code)]
impl Violations {
    fn raw(&mut self, source: Source<'_>, name: &str) -> Option<String> {
        match source {
            Source::Path(value) => value.map(str::to_owned),
            Source::Query(params) => match params.single(name) {
                Ok(value) => value.map(str::to_owned),
                Err(_) => {
                    self.0.push(format!("{name} is given more than once"));
                    None
                }
            },
            Source::QueryRepeatable(params) => {
                let values: Vec<&str> = params.all(name).collect();
                (!values.is_empty()).then(|| values.join(","))
            }
        }
    }

    fn missing(&mut self, name: &str) {
        self.0.push(format!("{name} is required"));
    }

    /// An optional string.
    pub(crate) fn string(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&StringRules>,
    ) -> Option<String> {
        let value = self.raw(source, name)?;
        if let Some(rules) = rules
            && let Err(why) = rules.check(name, &value)
        {
            self.0.push(why);
            return None;
        }
        Some(value)
    }

    /// A required string (empty when missing or invalid; the request is then refused).
    pub(crate) fn required_string(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&StringRules>,
    ) -> String {
        let before = self.0.len();
        let value = self.string(source, name, rules);
        if value.is_none() && self.0.len() == before {
            self.missing(name);
        }
        value.unwrap_or_default()
    }

    /// An optional integer.
    pub(crate) fn integer(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&IntegerRules>,
    ) -> Option<i64> {
        let text = self.raw(source, name)?;
        let rules = rules.copied().unwrap_or(IntegerRules {
            minimum: None,
            maximum: None,
        });
        match rules.parse(name, &text) {
            Ok(value) => Some(value),
            Err(why) => {
                self.0.push(why);
                None
            }
        }
    }

    /// A required integer (0 when missing or invalid; the request is then refused).
    pub(crate) fn required_integer(
        &mut self,
        source: Source<'_>,
        name: &str,
        rules: Option<&IntegerRules>,
    ) -> i64 {
        let before = self.0.len();
        let value = self.integer(source, name, rules);
        if value.is_none() && self.0.len() == before {
            self.missing(name);
        }
        value.unwrap_or_default()
    }

    /// An optional boolean, `true` or `false`.
    pub(crate) fn boolean(&mut self, source: Source<'_>, name: &str) -> Option<bool> {
        match self.raw(source, name)?.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                self.0
                    .push(format!("{name} {other:?} is not true or false"));
                None
            }
        }
    }

    /// The JSON request body as `T`: `None`, with a violation, when it is missing (and required)
    /// or does not parse.
    pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
        &mut self,
        body: &[u8],
        required: bool,
    ) -> Option<T> {
        if body.iter().all(u8::is_ascii_whitespace) {
            if required {
                self.0.push("the request body is required".to_owned());
            }
            return None;
        }
        match serde_json::from_slice(body) {
            Ok(value) => Some(value),
            Err(e) => {
                self.0.push(format!("the request body is invalid: {e}"));
                None
            }
        }
    }

    /// `Err` with every violation, if there is one.
    pub(crate) fn finish(self) -> Result<(), Vec<String>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}
