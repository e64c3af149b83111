//! Configuration documents: at most one document of each kind per owner (an instance's SSO
//! configuration, an identity store's password policy, the tags of a permission set...), read and
//! replaced whole by the handlers of the operations that serve it.
//!
//! A kind of document is a type implementing [`Document`]; its [`Document::default_for`] is what
//! an owner has before any write (the emulator's documented default, listed in the emulator's
//! README), or `None` for a document that does not exist until it is created. The owner is a key
//! of one or more ids (`[instance_id]`, `[resource_type, resource_id]`), compared part by part.
//!
//! A handler reads in a line (`ctx.store.data.documents.get::<D>(&[id])`) and queues a write in
//! another (`ctx.write(move |s| s.data.documents.put(&[&id], doc))`); [`Documents::create`] and
//! [`Documents::remove`] refuse a document that exists (`Conflict`) or does not (`Missing`) when
//! the write is applied, so two racing creates cannot both succeed.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::store::error::WriteError;

/// A kind of configuration document.
pub(crate) trait Document: Any + Clone + Send + Sync {
    /// What the document is, in messages (`"SSO configuration"`).
    const NAME: &'static str;

    /// The document `owner` has before any write: the documented default, or `None` when the
    /// document does not exist until it is created.
    fn default_for(owner: &[&str]) -> Option<Self>;
}

/// The documents of every kind, by owner.
#[derive(Default)]
pub(crate) struct Documents {
    /// `TypeId` of `D` → `BTreeMap<Vec<String>, D>`: the stored documents of kind `D`.
    kinds: HashMap<TypeId, Box<dyn Any + Send + Sync>>,
}

impl fmt::Debug for Documents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Documents({} kinds)", self.kinds.len())
    }
}

/// The stored documents of one kind, by owner.
type Kind<D> = BTreeMap<Vec<String>, D>;

fn owner_key(owner: &[&str]) -> Vec<String> {
    owner.iter().map(|&part| part.to_owned()).collect()
}

impl Documents {
    fn kind<D: Document>(&self) -> Option<&Kind<D>> {
        self.kinds.get(&TypeId::of::<D>())?.downcast_ref()
    }

    /// Runs `f` on the stored documents of kind `D` (made empty the first time).
    fn with_kind<D: Document, T>(&mut self, f: impl FnOnce(&mut Kind<D>) -> T) -> T {
        let slot =
            (self.kinds.entry(TypeId::of::<D>())).or_insert_with(|| Box::new(Kind::<D>::new()));
        if let Some(kind) = slot.downcast_mut::<Kind<D>>() {
            return f(kind);
        }
        // Not reached: the entry of `TypeId::of::<D>()` only ever holds a `Kind<D>`.
        let mut kind = Kind::<D>::new();
        let out = f(&mut kind);
        *slot = Box::new(kind);
        out
    }

    /// The document `owner` holds if one was written, else its default.
    pub(crate) fn get<D: Document>(&self, owner: &[&str]) -> Option<D> {
        self.stored::<D>(owner)
            .cloned()
            .or_else(|| D::default_for(owner))
    }

    /// The document written for `owner`, if any (not the default).
    pub(crate) fn stored<D: Document>(&self, owner: &[&str]) -> Option<&D> {
        self.kind::<D>()?.get(&owner_key(owner))
    }

    /// Replaces the document of `owner` (whether one was written or not). Never fails; it answers
    /// a `Result` so that a handler queues it as it is (`ctx.write(move |s| s.data.documents.put(..))`).
    pub(crate) fn put<D: Document>(
        &mut self,
        owner: &[&str],
        document: D,
    ) -> Result<(), WriteError> {
        self.with_kind(|kind: &mut Kind<D>| kind.insert(owner_key(owner), document));
        Ok(())
    }

    /// Changes the document of `owner` in place, starting from its default when none was written;
    /// a document with no default is `Missing`. `change` may refuse (the document stays as it was).
    pub(crate) fn change<D: Document>(
        &mut self,
        owner: &[&str],
        change: impl FnOnce(&mut D) -> Result<(), WriteError>,
    ) -> Result<(), WriteError> {
        let mut document = self.get::<D>(owner).ok_or_else(|| missing::<D>(owner))?;
        change(&mut document)?;
        self.put(owner, document)
    }

    /// Writes the document of `owner`, refused (`Conflict`) when one was written already.
    pub(crate) fn create<D: Document>(
        &mut self,
        owner: &[&str],
        document: D,
    ) -> Result<(), WriteError> {
        let key = owner_key(owner);
        self.with_kind(|kind: &mut Kind<D>| {
            if kind.contains_key(&key) {
                return Err(WriteError::Conflict {
                    what: D::NAME,
                    id: owner.join("/"),
                });
            }
            kind.insert(key, document);
            Ok(())
        })
    }

    /// Removes the document written for `owner` (it has its default again), refused (`Missing`)
    /// when none was written.
    pub(crate) fn remove<D: Document>(&mut self, owner: &[&str]) -> Result<D, WriteError> {
        let removed = self.with_kind(|kind: &mut Kind<D>| kind.remove(&owner_key(owner)));
        removed.ok_or_else(|| missing::<D>(owner))
    }
}

fn missing<D: Document>(owner: &[&str]) -> WriteError {
    WriteError::Missing {
        what: D::NAME,
        id: owner.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with a default that names its owner.
    #[derive(Clone, Debug, PartialEq)]
    struct Settings(String);

    impl Document for Settings {
        const NAME: &'static str = "settings";
        fn default_for(owner: &[&str]) -> Option<Self> {
            Some(Self(format!("default of {}", owner.join("+"))))
        }
    }

    /// A document that does not exist until it is created.
    #[derive(Clone, Debug, PartialEq)]
    struct Created(u32);

    impl Document for Created {
        const NAME: &'static str = "created thing";
        fn default_for(_: &[&str]) -> Option<Self> {
            None
        }
    }

    #[test]
    fn a_document_is_its_default_until_written_then_what_was_written() {
        let mut docs = Documents::default();
        assert_eq!(docs.get(&["i1"]), Some(Settings("default of i1".into())));
        assert_eq!(docs.stored::<Settings>(&["i1"]), None);
        docs.put(&["i1"], Settings("mine".into())).unwrap();
        assert_eq!(docs.get(&["i1"]), Some(Settings("mine".into())));
        // Other owners and other kinds are untouched.
        assert_eq!(docs.get(&["i2"]), Some(Settings("default of i2".into())));
        assert_eq!(docs.get::<Created>(&["i1"]), None);
        assert_eq!(
            docs.remove::<Settings>(&["i1"]),
            Ok(Settings("mine".into()))
        );
        assert_eq!(docs.get(&["i1"]), Some(Settings("default of i1".into())));
    }

    #[test]
    fn owners_of_several_parts_are_compared_part_by_part() {
        let mut docs = Documents::default();
        docs.put(&["a", "b/c"], Settings("one".into())).unwrap();
        assert_eq!(docs.stored::<Settings>(&["a/b", "c"]), None);
        assert_eq!(docs.stored::<Settings>(&["a"]), None);
        assert_eq!(
            docs.stored::<Settings>(&["a", "b/c"]),
            Some(&Settings("one".into()))
        );
    }

    #[test]
    fn create_refuses_an_existing_document_and_remove_a_missing_one() {
        let mut docs = Documents::default();
        assert_eq!(
            docs.remove::<Created>(&["i1"]),
            Err(WriteError::Missing {
                what: "created thing",
                id: "i1".into()
            })
        );
        assert_eq!(docs.create(&["i1"], Created(1)), Ok(()));
        assert_eq!(
            docs.create(&["i1"], Created(2)),
            Err(WriteError::Conflict {
                what: "created thing",
                id: "i1".into()
            })
        );
        assert_eq!(docs.get::<Created>(&["i1"]), Some(Created(1)));
    }

    #[test]
    fn change_starts_from_the_default_and_a_refused_change_keeps_the_document() {
        let mut docs = Documents::default();
        let append = |d: &mut Settings| {
            d.0.push_str(" changed");
            Ok(())
        };
        docs.change(&["i1"], append).unwrap();
        assert_eq!(
            docs.get(&["i1"]),
            Some(Settings("default of i1 changed".into()))
        );
        let refuse = |d: &mut Settings| {
            d.0.clear();
            Err(WriteError::Invalid("no".into()))
        };
        assert!(docs.change(&["i1"], refuse).is_err());
        assert_eq!(
            docs.get(&["i1"]),
            Some(Settings("default of i1 changed".into()))
        );
        // Without a default there is nothing to change.
        assert!(matches!(
            docs.change(&["i1"], |c: &mut Created| {
                c.0 += 1;
                Ok(())
            }),
            Err(WriteError::Missing { .. })
        ));
    }
}
