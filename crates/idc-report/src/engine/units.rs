//! `--ou`: the accounts under organizational units, at any depth.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures::stream::{self, StreamExt, TryStreamExt};
use tokio::sync::Semaphore;

use crate::error::Result;
use crate::filters::resolve;
use crate::model::FilterKind;
use crate::source::{Entity, Source, Unit};

/// The accounts under the units `values` name (by id or exact name), at any depth.
pub(super) struct Under {
    /// The accounts' ids (`None` when no unit is asked for).
    pub(super) accounts: Option<HashSet<String>>,
    /// The values that name no unit.
    pub(super) unmatched: Vec<(FilterKind, String)>,
    /// The units whose accounts were listed.
    pub(super) units_read: usize,
}

/// Lists the units, resolves `values` against them, and lists the accounts of every unit under
/// them (one [`Source::accounts_in`] each, at most `concurrency` at once).
pub(super) async fn accounts_under<S: Source>(
    source: &S,
    semaphore: &Arc<Semaphore>,
    concurrency: usize,
    values: &[String],
) -> Result<Under> {
    if values.is_empty() {
        return Ok(Under {
            accounts: None,
            unmatched: Vec::new(),
            units_read: 0,
        });
    }
    let units = {
        let _permit = semaphore.acquire().await;
        source.organizational_units().await?
    };
    let entities: Vec<Entity> = units.iter().map(|u| u.entity.clone()).collect();
    let (wanted, unmatched) = resolve(FilterKind::OrganizationalUnit, values, &entities, |_| None)?;
    let subtree = descendants(&units, wanted.unwrap_or_default());
    let units_read = subtree.len();
    let accounts: Vec<Vec<Entity>> = stream::iter(subtree)
        .map(|unit| async move {
            let _permit = semaphore.acquire().await;
            source.accounts_in(&unit).await
        })
        .buffer_unordered(concurrency.max(1))
        .try_collect()
        .await?;
    Ok(Under {
        accounts: Some(accounts.into_iter().flatten().map(|a| a.id).collect()),
        unmatched,
        units_read,
    })
}

/// `roots` and every unit under them, at any depth.
fn descendants(units: &[Unit], roots: HashSet<String>) -> Vec<String> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for u in units {
        if let Some(parent) = &u.parent {
            children.entry(parent).or_default().push(&u.entity.id);
        }
    }
    let mut out: Vec<String> = roots.into_iter().collect();
    out.sort();
    let mut seen: HashSet<String> = out.iter().cloned().collect();
    let mut at = 0;
    while let Some(unit) = out.get(at).cloned() {
        at += 1;
        for child in children.get(unit.as_str()).into_iter().flatten() {
            if seen.insert((*child).to_owned()) {
                out.push((*child).to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, parent: Option<&str>) -> Unit {
        Unit {
            entity: Entity::new(id, format!("name-{id}")),
            parent: parent.map(str::to_owned),
        }
    }

    #[test]
    fn descendants_are_found_at_any_depth_once_even_in_a_cycle() {
        let units = [
            unit("r", None),
            unit("a", Some("r")),
            unit("b", Some("a")),
            unit("c", Some("b")),
            unit("x", Some("r")),
            // A cycle the API should never show: still each unit once.
            unit("y", Some("z")),
            unit("z", Some("y")),
        ];
        let set = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<HashSet<_>>();
        let mut found = descendants(&units, set(&["a"]));
        found.sort();
        assert_eq!(found, ["a", "b", "c"]);
        assert_eq!(descendants(&units, set(&["r"])).len(), 5);
        assert_eq!(descendants(&units, set(&["y"])).len(), 2);
        assert!(descendants(&units, HashSet::new()).is_empty());
    }
}
