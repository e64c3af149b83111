//! The filters of a report, and how their values name users, groups, accounts, permission sets
//! and applications (by id or exact name, `id:` or `name:` to say which).

use std::collections::HashSet;

use crate::model::FilterKind;
use crate::source::Entity;
use crate::{Error, Result};

/// The filters of a report: each value an id or an exact name (`id:X` only the id `X`, `name:X`
/// only the name `X`; a plain value that is the id of one entity and the name of another is
/// [`Error::AmbiguousFilter`]). Values of one filter are OR-ed,
/// filters are AND-ed, except that accounts and applications are both *targets*: given both, a
/// row matches either.
///
/// - `users`: rows of these users (without expansion: assignments to these users).
/// - `groups`: rows held through these groups.
/// - `accounts`, `applications`: rows reaching these targets (an application matches by URN, by
///   the id at the end of its URN, or by name).
/// - `permission_sets`: rows with these permission sets (so no application rows).
/// - `organizational_units`: rows reaching the accounts under these units (or the root), at any
///   depth; like `accounts`, a target filter (with both, an account must pass both).
///
/// A value that matches nothing is [`Error::FilterMatchesNothing`], never an empty report.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Users.
    pub users: Vec<String>,
    /// Groups.
    pub groups: Vec<String>,
    /// Accounts.
    pub accounts: Vec<String>,
    /// Permission sets.
    pub permission_sets: Vec<String>,
    /// Applications.
    pub applications: Vec<String>,
    /// Organizational units (or the root): the accounts under them, at any depth.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organizational_units: Vec<String>,
}

/// A filter resolved: the ids its values name (`None` when the filter is not given), and the
/// values that name nothing.
pub(crate) type Resolved = (Option<HashSet<String>>, Vec<(FilterKind, String)>);

/// How a filter value names entities: `id:X` by id only, `name:X` by exact name only, anything
/// else by either.
pub(crate) fn split_prefix(value: &str) -> (bool, bool, &str) {
    if let Some(id) = value.strip_prefix("id:") {
        (true, false, id)
    } else if let Some(name) = value.strip_prefix("name:") {
        (false, true, name)
    } else {
        (true, true, value)
    }
}

/// The ids of `entities` that `values` name (by id or exact name), and the values naming none.
/// `extra` gives more ids an entity answers to (an application's short id). A value that is the
/// id of one entity and the name of another is [`Error::AmbiguousFilter`]: `id:` or `name:`
/// before it says which is meant.
pub(crate) fn resolve(
    kind: FilterKind,
    values: &[String],
    entities: &[Entity],
    extra: impl Fn(&Entity) -> Option<&str>,
) -> Result<Resolved> {
    if values.is_empty() {
        return Ok((None, Vec::new()));
    }
    let mut out = HashSet::new();
    let mut unmatched = Vec::new();
    for value in values {
        let (by_id, by_name, wanted) = split_prefix(value);
        let id_matches = |e: &&Entity| by_id && (e.id == wanted || extra(e) == Some(wanted));
        let name_matches = |e: &&Entity| by_name && e.name.as_deref() == Some(wanted);
        let ids: Vec<&Entity> = entities.iter().filter(id_matches).collect();
        let names: Vec<&Entity> = entities.iter().filter(name_matches).collect();
        if let (Some(id), Some(named)) = (
            ids.first(),
            names.iter().find(|n| !ids.iter().any(|i| i.id == n.id)),
        ) {
            return Err(Error::AmbiguousFilter {
                kind,
                value: value.clone(),
                id_of: id.id.clone(),
                name_of: named.id.clone(),
            });
        }
        if ids.is_empty() && names.is_empty() && !unmatched.iter().any(|(_, v)| v == value) {
            unmatched.push((kind, value.clone()));
        }
        out.extend(ids.into_iter().chain(names).map(|e| e.id.clone()));
    }
    Ok((Some(out), unmatched))
}

/// The id at the end of an application URN (`...:application:ins-1/apl-1` gives `apl-1`).
pub(crate) fn application_short_id(urn: &str) -> Option<&str> {
    urn.rsplit('/')
        .next()
        .filter(|s| !s.is_empty() && *s != urn)
}
