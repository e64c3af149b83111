//! References between tables, declared once per cloud (`huawei_references.rs`,
//! `scp_references.rs`) and checked from that one declaration: every row of a data set when it is
//! loaded ([`check_rows`]), the row a create adds ([`check_row`]), and the rows that still name a
//! row a delete removes ([`count_referring`]).
//!
//! A reference is a field of the rows of one table that names a row of another, looked up by its
//! value in a scope (the identity store or instance both rows belong to) or alone (an account).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::store::table::Table;

/// One value a reference names: the scope it is looked up in, and the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Named<'a> {
    /// The identity store or instance the named row must belong to (`None`: looked up alone).
    pub(crate) scope: Option<&'a str>,
    /// The value of the field.
    pub(crate) value: &'a str,
}

/// What a reference may consult besides its row: the scope a row's owner stands for (the
/// identity store of a Huawei instance).
pub(crate) trait Scopes {
    /// The scope of `owner` (the identity store of an instance), if `owner` is listed.
    fn scope_of(&self, owner: &str) -> Option<&str>;
}

/// Nothing to consult: the references of a cloud whose rows name their scope themselves.
impl Scopes for () {
    fn scope_of(&self, _: &str) -> Option<&str> {
        None
    }
}

/// The items of a list field, and the scope they are all looked up in.
pub(crate) type List<'a> = (Option<&'a str>, &'a [Arc<str>]);

/// How a reference reads the values a row names.
pub(crate) enum Field<R> {
    /// One value, or `None` when the reference does not apply to this row (a principal of the
    /// other type, an assignment on an instance that is not modelled).
    One(for<'a> fn(&'a R, &'a dyn Scopes) -> Option<Named<'a>>),
    /// Every item of a list field, all in one scope.
    Each(for<'a> fn(&'a R) -> List<'a>),
}

/// A field of the rows of a table that names rows of another table (`to`).
pub(crate) struct Reference<R> {
    /// The field, as the data file spells it.
    pub(crate) field: &'static str,
    /// The table it names rows of, as the data file spells it (`huawei.users`).
    pub(crate) to: &'static str,
    /// What a named row is, for messages (`user`, `permission set`).
    pub(crate) what: &'static str,
    /// What the scope is, for messages (`identity store`, `instance`; empty when unscoped).
    pub(crate) scope: &'static str,
    /// How to read the values.
    pub(crate) names: Field<R>,
}

/// A reference that names no row: where, and what it names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Broken {
    /// The field (with the list index, `provisioned_accounts[1]`).
    pub(crate) field: String,
    /// What the missing row is (`user`).
    pub(crate) what: &'static str,
    /// The value that names no row.
    pub(crate) value: String,
    /// The whole message: the value, its scope and the table it is missing from.
    pub(crate) message: String,
}

/// The rows that still name a row a delete would remove.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Dependents {
    /// Their table.
    pub(crate) table: &'static str,
    /// The field that names the row.
    pub(crate) field: &'static str,
    /// How many.
    pub(crate) count: usize,
}

/// Whether a table (`to`) has a row that a value names.
pub(crate) type Exists<'e> = &'e dyn Fn(&str, Named<'_>) -> bool;

impl<R> Reference<R> {
    /// Calls `f` with each value `row` names and the field path it is at; stops at the first error.
    fn each<'a, E>(
        &self,
        row: &'a R,
        context: &'a dyn Scopes,
        mut f: impl FnMut(String, Named<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        match self.names {
            Field::One(read) => match read(row, context) {
                Some(named) => f(self.field.to_owned(), named),
                None => Ok(()),
            },
            Field::Each(read) => {
                let (scope, values) = read(row);
                for (j, value) in values.iter().enumerate() {
                    f(format!("{}[{j}]", self.field), Named { scope, value })?;
                }
                Ok(())
            }
        }
    }

    /// The reference of `named` broken at `field`.
    fn broken(&self, field: String, named: Named<'_>) -> Broken {
        let scope = match named.scope {
            Some(scope) => format!(" of {} {scope:?}", self.scope),
            None => String::new(),
        };
        Broken {
            field,
            what: self.what,
            value: named.value.to_owned(),
            message: format!(
                "{} {:?}{scope} is not in {}",
                self.what, named.value, self.to
            ),
        }
    }
}

/// Checks one row's references: the first value that names no row.
pub(crate) fn check_row<R>(
    row: &R,
    references: &[Reference<R>],
    context: &dyn Scopes,
    exists: Exists<'_>,
) -> Result<(), Broken> {
    for reference in references {
        reference.each(row, context, |field, named| {
            if exists(reference.to, named) {
                Ok(())
            } else {
                Err(reference.broken(field, named))
            }
        })?;
    }
    Ok(())
}

/// Checks the references of every row of `table` (its JSON path, `huawei.users`): the JSON path
/// and message of the first broken one.
pub(crate) fn check_rows<'a, R: 'a>(
    table: &str,
    rows: impl IntoIterator<Item = &'a R>,
    references: &[Reference<R>],
    context: &dyn Scopes,
    exists: Exists<'_>,
) -> Result<(), (String, String)> {
    for (i, row) in rows.into_iter().enumerate() {
        check_row(row, references, context, exists)
            .map_err(|broken| (format!("{table}[{i}].{}", broken.field), broken.message))?;
    }
    Ok(())
}

/// How many rows of `table` name `target` in table `to`, by the first of `references` that does.
pub(crate) fn count_referring<R>(
    table: &'static str,
    rows: &Table<R>,
    references: &[Reference<R>],
    context: &dyn Scopes,
    to: &str,
    target: Named<'_>,
) -> Option<Dependents> {
    references
        .iter()
        .filter(|reference| reference.to == to)
        .find_map(|reference| {
            let mut count = 0;
            for row in rows.iter() {
                let _ = reference.each(row, context, |_, named| {
                    count += usize::from(named == target);
                    Ok::<(), ()>(())
                });
            }
            (count > 0).then_some(Dependents {
                table,
                field: reference.field,
                count,
            })
        })
}

/// The keys of the rows of each table, for the checks of a data set being loaded: by table, the
/// (scope, value) pairs a reference may name.
#[derive(Default)]
pub(crate) struct LoadedKeys<'a> {
    keys: HashMap<&'static str, HashSet<Named<'a>>>,
}

impl<'a> LoadedKeys<'a> {
    /// Records a row of `table` under `key`; `false` when a row already has that key.
    pub(crate) fn insert(&mut self, table: &'static str, key: Named<'a>) -> bool {
        self.keys.entry(table).or_default().insert(key)
    }

    /// Whether a row of `table` has the key `named`.
    pub(crate) fn contains(&self, table: &str, named: Named<'_>) -> bool {
        self.keys
            .get(table)
            .is_some_and(|keys| keys.contains(&named))
    }
}
