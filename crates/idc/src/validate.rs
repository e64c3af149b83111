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

/// Checks an integer against its spec rules.
#[allow(dead_code)] // for the generated builders of integer parameters; no spec has one yet
pub(crate) fn integer(rules: &IntegerRules, name: &str, value: i64) -> Result<()> {
    rules.check(name, value).map_err(Error::invalid_request)
}
