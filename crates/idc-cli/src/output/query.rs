//! `--query`: a JMESPath expression applied to the JSON output, as the AWS CLI's `--query` is.
//!
//! A listing's expression sees the whole listing as one JSON array of its items (every page read
//! first, so nothing is written until the last page has arrived; `--max-items` bounds it); a
//! one-object answer's sees the answer as the service sent it, wrapper included. What the
//! expression gives is then written in the `--output` format.

use serde_json::Value;

use crate::Failure;

/// A `--query` expression, checked when the command line is read (a malformed one is a usage
/// error before any request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    /// `expression`, if it is JMESPath; otherwise why not.
    pub fn parse(expression: &str) -> Result<Self, String> {
        jmespath::compile(expression).map_err(|e| reason(&e))?;
        Ok(Self(expression.to_owned()))
    }

    /// What the expression gives for `data`. An expression that cannot apply to it (a function
    /// given the wrong type) is a usage error naming why.
    pub fn apply(&self, data: Value) -> Result<Value, Failure> {
        let failed =
            |e: jmespath::JmespathError| Failure::Usage(format!("--query: {}", reason(&e)));
        // Compiled again here: a compiled expression is not Send, and this runs once.
        let expression = jmespath::compile(&self.0).map_err(failed)?;
        let result = expression.search(data).map_err(failed)?;
        serde_json::to_value(&*result).map_err(|e| Failure::Output(std::io::Error::other(e)))
    }
}

/// A JMESPath error on one line: its reason and where.
fn reason(e: &jmespath::JmespathError) -> String {
    format!("{} (at column {})", e.reason, e.column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_expression_selects_filters_and_projects() {
        let users = json!([
            {"id": "u-1", "name": "alice", "groups": ["admins"]},
            {"id": "u-2", "name": "bob", "groups": []},
        ]);
        let query = |e: &str| Query::parse(e).unwrap().apply(users.clone()).ok();
        assert_eq!(query("[].name"), Some(json!(["alice", "bob"])));
        assert_eq!(query("[?name=='bob'].id | [0]"), Some(json!("u-2")));
        assert_eq!(query("length(@)"), Some(json!(2)));
        assert_eq!(
            query("[0].{who: name, n: length(groups)}"),
            Some(json!({"who": "alice", "n": 1}))
        );
        assert_eq!(query("[?name=='carol']"), Some(json!([])));
        assert_eq!(query("[0].nope"), Some(Value::Null));
    }

    #[test]
    fn a_malformed_expression_is_refused_and_a_failing_one_is_a_usage_error() {
        let err = Query::parse("[?name==").unwrap_err();
        assert!(
            err.contains("Parse error") && err.contains("column"),
            "{err}"
        );
        assert!(!err.contains('\n'), "one line: {err}");
        let failing = Query::parse("length(`1`)").unwrap();
        assert!(matches!(
            failing.apply(json!([])),
            Err(Failure::Usage(m)) if m.starts_with("--query: Runtime error")
        ));
    }
}
