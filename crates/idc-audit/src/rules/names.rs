//! What the rules share: names by id, subjects, the rows a finding concerns, how access is held.

use std::collections::HashMap;

use idc_report::{Row, ViaType};

use crate::facts::Facts;
use crate::finding::{Subject, SubjectKind};

/// Names by id, from the listings and the rows.
pub(super) struct Names<'a> {
    names: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub(super) fn new(facts: &'a Facts) -> Self {
        let mut names = HashMap::new();
        let entities = (facts.users.iter())
            .chain(&facts.groups)
            .chain(&facts.accounts)
            .chain(&facts.permission_sets)
            .chain(facts.applications.iter().map(|a| &a.entity));
        for e in entities {
            if let Some(name) = &e.name {
                names.insert(e.id.as_str(), name.as_str());
            }
        }
        for row in &facts.rows {
            let pairs = [
                (Some(&row.user_id), &row.user_name),
                (Some(&row.target_id), &row.target_name),
                (row.permission_set_id.as_ref(), &row.permission_set_name),
                (row.via_id.as_ref(), &row.via_name),
            ];
            for (id, name) in pairs {
                if let (Some(id), Some(name)) = (id, name) {
                    names.entry(id.as_str()).or_insert(name.as_str());
                }
            }
        }
        Self { names }
    }

    pub(super) fn subject(&self, kind: SubjectKind, id: &str) -> Subject {
        Subject::new(kind, id, self.names.get(id).map(|n| (*n).to_owned()))
    }

    /// The name, else the id with a `(no name)` mark.
    pub(super) fn label(&self, id: &str) -> String {
        match self.names.get(id) {
            Some(name) => (*name).to_owned(),
            None => format!("{id} (no name)"),
        }
    }
}

/// How a row's access is held: `directly`, `through group "admins"`, `as every user`.
pub(super) fn how(row: &Row, names: &Names<'_>) -> String {
    match row.via_type {
        ViaType::User => "directly".to_owned(),
        ViaType::Group => match &row.via_id {
            Some(group) => format!("through group \"{}\"", names.label(group)),
            None => "through a group".to_owned(),
        },
        ViaType::AllUsers => "as every user".to_owned(),
    }
}

/// `"a", "b" and "c"`.
pub(super) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A count with its noun: `1 row`, `2 rows`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
