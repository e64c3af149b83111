//! The generated builders' parameter checks: the spec's rules ([`idc_raw::rules`]) as
//! [`Error::InvalidRequest`]s, raised before anything is sent.

use idc_raw::rules::{IntegerRules, StringRules};

use crate::error::{Error, Result};

/// The value of a required parameter, or an error naming it.
pub(crate) fn required<'a, T>(name: &str, value: &'a Option<T>) -> Result<&'a T> {
    value
        .as_ref()
        .ok_or_else(|| Error::invalid_request(format!("{name} is required")))
}

/// Checks a string against its spec rules.
pub(crate) fn string(rules: &StringRules, name: &str, value: &str) -> Result<()> {
    rules.check(name, value).map_err(Error::invalid_request)
}

/// Checks the value of a path parameter: `.` and `..` are refused, since a URL resolves them as dot
/// segments (so does `%2e`, which is why encoding would not help): `GET /v1/groups/../users`
/// would be another operation, `GET /v1/users`.
pub(crate) fn path_segment(name: &str, value: &str) -> Result<()> {
    if matches!(value, "." | "..") {
        return Err(Error::invalid_request(format!(
            "{name} {value:?} is not a valid path parameter: `.` and `..` would change the \
             operation's path"
        )));
    }
    Ok(())
}

/// Checks that exactly one of the properties of the object `name` is set (a schema's
/// `x-idc-exactly-one-of`): `set` pairs each property with whether it is set.
pub(crate) fn exactly_one(name: &str, set: &[(&str, bool)]) -> Result<()> {
    let given: Vec<&str> = set.iter().filter(|(_, s)| *s).map(|(p, _)| *p).collect();
    if given.len() == 1 {
        return Ok(());
    }
    let all: Vec<&str> = set.iter().map(|(p, _)| *p).collect();
    Err(Error::invalid_request(if given.is_empty() {
        format!("{name} needs one of {}; none is set", all.join(", "))
    } else {
        format!(
            "{name} takes exactly one of {}; {} are set",
            all.join(", "),
            given.join(" and ")
        )
    }))
}

/// Checks an integer against its spec rules.
#[allow(dead_code)] // for the generated builders of integer parameters; no spec has one yet
pub(crate) fn integer(rules: &IntegerRules, name: &str, value: i64) -> Result<()> {
    rules.check(name, value).map_err(Error::invalid_request)
}

/// The value of an optional string field of a request body, handed to the raw body builder: it
/// converts into the raw field's `Option<T>` through `T`'s own `TryFrom<String>`, so a field the
/// spec constrains (typify makes it a checked newtype) is checked by that type, and a plain one
/// (`T = String`) passes as is. A bare `String` could not be given to an optional newtype field.
pub(crate) struct OptionalText(pub(crate) String);

impl<T: TryFrom<String>> TryFrom<OptionalText> for Option<T> {
    type Error = T::Error;

    fn try_from(value: OptionalText) -> std::result::Result<Self, Self::Error> {
        T::try_from(value.0).map(Some)
    }
}
