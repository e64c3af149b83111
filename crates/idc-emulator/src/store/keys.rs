//! The keys of the indexes: several ids compared part by part, never joined into one string (an
//! `i1` + `x\0y` key must not meet `i1\0x` + `y`). A [`Key`] owns its parts; [`at`] borrows a
//! lookup's parts, so looking a row up allocates nothing.

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A key of `N` ids, e.g. (instance, user id).
#[derive(Clone, Debug)]
pub(crate) struct Key<const N: usize>([Arc<str>; N]);

impl<const N: usize> Key<N> {
    /// The key of these parts.
    pub(crate) fn new(parts: [&str; N]) -> Self {
        Self(parts.map(Arc::from))
    }
}

/// The parts of a key, owned or borrowed: what the index maps hash and compare.
pub(crate) trait Parts<const N: usize> {
    /// Part `i` (below `N`).
    fn part(&self, i: usize) -> &str;
}

impl<const N: usize> Parts<N> for Key<N> {
    fn part(&self, i: usize) -> &str {
        &self.0[i]
    }
}

impl<const N: usize> Parts<N> for [&str; N] {
    fn part(&self, i: usize) -> &str {
        self[i]
    }
}

impl<const N: usize> Hash for dyn Parts<N> + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for i in 0..N {
            self.part(i).hash(state);
        }
    }
}

impl<const N: usize> PartialEq for dyn Parts<N> + '_ {
    fn eq(&self, other: &Self) -> bool {
        (0..N).all(|i| self.part(i) == other.part(i))
    }
}

impl<const N: usize> Eq for dyn Parts<N> + '_ {}

impl<const N: usize> Hash for Key<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self as &dyn Parts<N>).hash(state);
    }
}

impl<const N: usize> PartialEq for Key<N> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<const N: usize> Eq for Key<N> {}

impl<'a, const N: usize> Borrow<dyn Parts<N> + 'a> for Key<N> {
    fn borrow(&self) -> &(dyn Parts<N> + 'a) {
        self
    }
}

/// The parts of a lookup, to pass to an index map's `get`.
pub(crate) fn at<'a, const N: usize>(parts: &'a [&'a str; N]) -> &'a (dyn Parts<N> + 'a) {
    parts
}

/// The list an index keeps under `parts`: empty when there is none.
pub(crate) fn list_at<'m, const N: usize>(
    index: &'m std::collections::HashMap<Key<N>, Vec<u32>>,
    parts: &[&str; N],
) -> &'m [u32] {
    index.get(at(parts)).map_or(&[], Vec::as_slice)
}

/// 32 hex digits in a UUID's form (8-4-4-4-12); shorter input is padded with zeros.
pub(crate) fn uuid_form(hex: &str) -> String {
    let h = format!("{hex:0<32}");
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A fresh random UUID (version 4 form: the version digit 4, the variant digit 8), as the services'
/// ids of new rows and requests look.
pub(crate) fn random_uuid() -> String {
    let h = format!("{:032x}", rand::random::<u128>());
    uuid_form(&format!("{}4{}8{}", &h[..12], &h[13..16], &h[17..]))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn parts_are_never_confused_with_their_concatenation() {
        let mut map = HashMap::new();
        map.insert(Key::new(["i1", "x\0y"]), 1);
        map.insert(Key::new(["i1\0x", "y"]), 2);
        assert_eq!(map.len(), 2);
        assert_eq!(map.get(at(&["i1", "x\0y"])), Some(&1));
        assert_eq!(map.get(at(&["i1\0x", "y"])), Some(&2));
        assert_eq!(map.get(at(&["i1", "x"])), None);
    }
}
