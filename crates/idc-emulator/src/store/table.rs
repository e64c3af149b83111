//! A table: typed rows in the order they were added, each under a sequence number that never
//! changes and is never reused. Indexes and listings hold sequence numbers; a listing is in data
//! order because sequence numbers grow, so a page can resume after the last sequence number it
//! served whatever was added or removed meanwhile.

use std::collections::BTreeMap;
use std::fmt;

/// A row's sequence number in its table. The rows of a data set get 0, 1, 2, ... in file order;
/// a row added later gets the next unused number.
pub(crate) type Seq = u32;

/// The rows of one kind, by sequence number.
#[derive(Clone)]
pub(crate) struct Table<R> {
    rows: BTreeMap<Seq, R>,
    next: Seq,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Self {
            rows: BTreeMap::new(),
            next: 0,
        }
    }
}

impl<R> fmt::Debug for Table<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Table({} rows)", self.rows.len())
    }
}

impl<R> From<Vec<R>> for Table<R> {
    /// The rows of a data set, numbered in their order (the data set was checked to hold at most
    /// `u32::MAX` rows of each kind).
    fn from(rows: Vec<R>) -> Self {
        let rows: BTreeMap<Seq, R> = (0..).zip(rows).collect();
        let next = rows
            .last_key_value()
            .map_or(0, |(&seq, _)| seq.saturating_add(1));
        Self { rows, next }
    }
}

impl<R> Table<R> {
    /// The row numbered `seq`, if it is there.
    pub(crate) fn get(&self, seq: usize) -> Option<&R> {
        self.rows.get(&Seq::try_from(seq).ok()?)
    }

    /// The row numbered `seq`, to change in place (its number and place stay).
    pub(crate) fn get_mut(&mut self, seq: usize) -> Option<&mut R> {
        self.rows.get_mut(&Seq::try_from(seq).ok()?)
    }

    /// The rows in data order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &R> {
        self.rows.values()
    }

    /// The rows in data order, with their sequence numbers.
    pub(crate) fn numbered(&self) -> impl DoubleEndedIterator<Item = (Seq, &R)> {
        self.rows.iter().map(|(&seq, row)| (seq, row))
    }

    /// How many rows there are.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Adds `row` after every other, under the next sequence number (`None` once `u32::MAX`
    /// numbers were handed out).
    pub(crate) fn insert(&mut self, row: R) -> Option<Seq> {
        let seq = self.next;
        self.next = seq.checked_add(1)?;
        self.rows.insert(seq, row);
        Some(seq)
    }

    /// Removes the row numbered `seq`; its number is not reused.
    pub(crate) fn remove(&mut self, seq: Seq) -> Option<R> {
        self.rows.remove(&seq)
    }
}
