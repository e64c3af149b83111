//! What the report engine needs to know about an instance: the [`Source`] trait, and
//! [`MemorySource`], an in-memory implementation for tests and offline data.

mod lookups;
mod memory;
mod types;

pub(crate) use lookups::lookup_name;
pub use lookups::{Lookup, Operation, Seen, Source, Views};
pub use memory::MemorySource;
pub use types::{
    AccountAssignment, Application, ApplicationAssignment, Entity, Group, PrincipalType, Unit,
};

use crate::error::{Error, Result};

/// Picks the instance: the one asked for, or the only one.
pub(crate) fn pick_instance<'a>(wanted: Option<&str>, found: &'a [String]) -> Result<&'a str> {
    match wanted {
        Some(id) => found
            .iter()
            .find(|f| *f == id)
            .map(String::as_str)
            .ok_or_else(|| Error::InstanceNotFound {
                instance_id: id.to_owned(),
                found: found.to_vec(),
            }),
        None => match found {
            [only] => Ok(only),
            _ => Err(Error::InstanceDiscovery {
                found: found.to_vec(),
            }),
        },
    }
}
