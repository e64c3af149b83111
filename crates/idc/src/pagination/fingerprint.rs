//! Knowing a page again: [`SeenPages`] and the item hash it is built on.
//!
//! Every item of every page is hashed, so the hash must cost little next to parsing the item: it is
//! a [`serde::Serializer`] that feeds each value (strings, numbers, a tag for each kind of value
//! and the position of each struct field) straight into a 64-bit state, without writing JSON
//! text. In a release build it costs about 55 ns for an item of four short strings, a quarter of
//! parsing it.

use std::fmt;

use serde::Serialize;
use serde::ser;

use crate::error::{Error, Result};

/// Remembers the pages a listing has returned, to catch a service that hands out a page it already
/// gave (ignoring `page`, cycling under fresh markers, or shuffling the same items), or a page that
/// repeats an item of the page just before it (pages that overlap, or a listing that shifted while
/// it was paged): going on would duplicate items.
///
/// A page is known by its length and the sum of its items' hashes: every item counts and their
/// order does not, so the same page in another order is caught too, at one entry per page. The
/// previous page's item hashes are kept to catch an item repeated across two consecutive pages;
/// an item repeated between pages further apart, with other items around it, is not caught (that
/// would take memory growing with the items, and a listing may hold millions).
#[derive(Debug, Default)]
pub(crate) struct SeenPages {
    /// `(sum of item hashes, length)` of every non-empty page, and its page number.
    pages: std::collections::HashMap<(u64, usize), u64>,
    /// The sorted item hashes of the previous non-empty page, and its number.
    previous: Option<(Vec<u64>, u64)>,
}

impl SeenPages {
    /// Records page `number`; `Err` naming the earlier page it repeats. Empty pages are not
    /// compared (an empty page ends a listing anyway).
    pub(crate) fn check<T: Serialize>(&mut self, items: &[T], number: u64) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let mut hashes: Vec<u64> = items.iter().map(item_hash).collect();
        // Addition commutes: the same items in any order make the same sum.
        let sum = hashes.iter().fold(0u64, |sum, h| sum.wrapping_add(*h));
        if let Some(earlier) = self.pages.insert((sum, items.len()), number) {
            return Err(Error::pagination(format!(
                "page {number} repeats the items of page {earlier}: the service is not paging; \
                 stopping rather than returning the same items again"
            )));
        }
        hashes.sort_unstable();
        if let Some((previous, earlier)) = &self.previous
            && hashes.iter().any(|h| previous.binary_search(h).is_ok())
        {
            return Err(Error::pagination(format!(
                "page {number} repeats an item of page {earlier}: the pages overlap, or the \
                 listing changed while it was paged; stopping rather than returning an item twice \
                 (run it again)"
            )));
        }
        self.previous = Some((hashes, number));
        Ok(())
    }
}

/// A 64-bit hash of `item`'s serialized form: two items hash the same when they serialize the
/// same (as their JSON would be equal), and otherwise almost never.
pub(crate) fn item_hash<T: Serialize + ?Sized>(item: &T) -> u64 {
    let mut hasher = Hasher::default();
    // The hasher never fails; a type's own error would leave the hash of what came before it.
    let _ = item.serialize(&mut hasher);
    hasher.finish()
}

/// The running state: 64-bit words are folded in two at a time with a 64x64-bit multiply whose
/// halves are XORed (the step of foldhash and wyhash), and the result goes through splitmix64's
/// finalizer. Not keyed, so a hostile server could craft collisions; that only matters in one
/// direction: a collision can stop a listing early, never let a repeated page through (the same
/// items always hash the same).
#[derive(Default)]
struct Hasher {
    state: u64,
    /// A word waiting for the next one, when `has_pending`.
    pending: u64,
    has_pending: bool,
    /// What the next word carries besides itself: the position of the field whose value it
    /// starts (in the upper bits, above any tag and length), so that a field costs no word.
    field: u64,
}

/// What starts each value, so that values of different kinds never read alike (`"5"` and `5`,
/// `[]` and `null`). A length goes into the upper bits of the same word.
mod tag {
    pub(super) const NONE: u64 = 1;
    pub(super) const SOME: u64 = 2;
    pub(super) const UNIT: u64 = 3;
    pub(super) const BOOL: u64 = 4;
    pub(super) const SIGNED: u64 = 5;
    pub(super) const UNSIGNED: u64 = 6;
    pub(super) const FLOAT: u64 = 7;
    pub(super) const CHAR: u64 = 8;
    pub(super) const STR: u64 = 9;
    pub(super) const BYTES: u64 = 10;
    pub(super) const SEQ: u64 = 11;
    pub(super) const MAP: u64 = 12;
    pub(super) const STRUCT: u64 = 13;
    pub(super) const VARIANT: u64 = 14;
    pub(super) const END: u64 = 16;
    pub(super) const LAST: u64 = 17;
}

impl Hasher {
    fn word(&mut self, word: u64) {
        let word = word ^ std::mem::take(&mut self.field);
        if self.has_pending {
            self.has_pending = false;
            self.fold(self.pending, word);
        } else {
            self.pending = word;
            self.has_pending = true;
        }
    }

    fn fold(&mut self, a: u64, b: u64) {
        const K1: u64 = 0x2d35_8dcc_aa6c_78a5;
        const K2: u64 = 0x8bb8_4b93_962e_acc9;
        let full = u128::from(self.state ^ a ^ K1) * u128::from(b ^ K2);
        // Both halves of the product, so that every bit of the input reaches every bit.
        self.state = (full as u64) ^ ((full >> 64) as u64);
    }

    /// A tag and a length in one word (lengths of 2^40 and more do not occur in a page).
    fn tagged(&mut self, tag: u64, len: usize) {
        self.word(tag | ((len as u64) << 8));
    }

    /// Bytes after their tag and length: as many words as the length says, so padding the last
    /// one with zeros cannot collide.
    fn bytes(&mut self, tag: u64, bytes: &[u8]) {
        self.tagged(tag, bytes.len());
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            self.word(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(w));
        }
    }

    fn finish(mut self) -> u64 {
        if self.has_pending {
            self.fold(self.pending, tag::LAST);
        }
        let mut h = self.state;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    }
}

/// The error type serde requires; the hasher itself never fails.
#[derive(Debug)]
pub(crate) struct HashError(String);

impl fmt::Display for HashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HashError {}

impl ser::Error for HashError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

type Done = std::result::Result<(), HashError>;

impl<'a> ser::Serializer for &'a mut Hasher {
    type Ok = ();
    type Error = HashError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Fields<'a>;

    fn serialize_bool(self, v: bool) -> Done {
        self.tagged(tag::BOOL, usize::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.serialize_i128(i128::from(v))
    }
    fn serialize_i128(self, v: i128) -> Done {
        // Signed and unsigned alike for a value both can hold, as in JSON (`5` is `5`).
        match u128::try_from(v) {
            Ok(v) => self.serialize_u128(v),
            Err(_) => {
                self.word(tag::SIGNED);
                self.word(v as u64);
                self.word((v >> 64) as u64);
                Ok(())
            }
        }
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.serialize_u128(u128::from(v))
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.word(tag::UNSIGNED);
        self.word(v as u64);
        self.word((v >> 64) as u64);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.word(tag::FLOAT);
        self.word(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tagged(tag::CHAR, v as usize);
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.bytes(tag::STR, v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.bytes(tag::BYTES, v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.word(tag::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.word(tag::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.word(tag::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Done {
        self.bytes(tag::VARIANT, variant.as_bytes());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.bytes(tag::VARIANT, variant.as_bytes());
        value.serialize(self)
    }
    fn serialize_seq(self, _len: Option<usize>) -> std::result::Result<Self, HashError> {
        self.word(tag::SEQ);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> std::result::Result<Self, HashError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> std::result::Result<Self, HashError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> std::result::Result<Self, HashError> {
        self.bytes(tag::VARIANT, variant.as_bytes());
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _len: Option<usize>) -> std::result::Result<Self, HashError> {
        self.word(tag::MAP);
        Ok(self)
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> std::result::Result<Fields<'a>, HashError> {
        self.word(tag::STRUCT);
        Ok(Fields {
            hasher: self,
            next: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> std::result::Result<Fields<'a>, HashError> {
        self.bytes(tag::VARIANT, variant.as_bytes());
        self.word(tag::STRUCT);
        Ok(Fields {
            hasher: self,
            next: 0,
        })
    }
}

/// The serializers of sequences and tuples: each element hashed in turn, then an end tag.
macro_rules! sequence_serializers {
    ($($serializer:ident::$element:ident),* $(,)?) => {$(
        impl ser::$serializer for &mut Hasher {
            type Ok = ();
            type Error = HashError;
            fn $element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            }
            fn end(self) -> Done {
                self.word(tag::END);
                Ok(())
            }
        }
    )*};
}

sequence_serializers!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl ser::SerializeMap for &mut Hasher {
    type Ok = ();
    type Error = HashError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        value.serialize(&mut **self)
    }
    fn end(self) -> Done {
        self.word(tag::END);
        Ok(())
    }
}

/// The fields of a struct being hashed. Fields are known by position, not by name: hashing
/// their names would cost as much as their values, and a field is always at the same position in
/// its type (serde calls `skip_field` for a field left out, which moves the position on too).
pub(crate) struct Fields<'a> {
    hasher: &'a mut Hasher,
    next: u64,
}

impl Fields<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        // Carried by the value's first word (every value starts with its tag): bits 48 and up.
        self.hasher.field = (self.next + 1) << 48;
        self.next += 1;
        value.serialize(&mut *self.hasher)
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = HashError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _key: &'static str, value: &T) -> Done {
        self.field(value)
    }
    fn skip_field(&mut self, _key: &'static str) -> Done {
        self.next += 1;
        Ok(())
    }
    fn end(self) -> Done {
        self.hasher.word(tag::END);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Fields<'_> {
    type Ok = ();
    type Error = HashError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _key: &'static str, value: &T) -> Done {
        self.field(value)
    }
    fn skip_field(&mut self, _key: &'static str) -> Done {
        self.next += 1;
        Ok(())
    }
    fn end(self) -> Done {
        self.hasher.word(tag::END);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn page(items: &[&str]) -> Vec<serde_json::Value> {
        items
            .iter()
            .map(|id| serde_json::json!({"account_id": id, "permission_set_id": "ps-1"}))
            .collect()
    }

    fn is_pagination(result: Result<()>) -> bool {
        matches!(result, Err(Error::Pagination { .. }))
    }

    #[test]
    fn a_page_seen_before_is_caught_in_any_order() {
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c"]), 0).unwrap();
        seen.check(&page(&["d", "e", "f"]), 1).unwrap();
        // Page 0 again, reversed, two pages later: the first and last items differ from page 0's.
        let error = seen.check(&page(&["c", "b", "a"]), 2).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("page 2 repeats the items of page 0"),
            "{error}"
        );

        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c", "d"]), 0).unwrap();
        seen.check(&page(&["e", "f", "g", "h"]), 1).unwrap();
        // Same ends and length as page 0, different middle: a different page (which the old
        // first-and-last fingerprint took for page 0).
        seen.check(&page(&["a", "x", "y", "d"]), 2).unwrap();
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c", "d"]), 0).unwrap();
        seen.check(&page(&["e", "f", "g", "h"]), 1).unwrap();
        seen.check(&page(&["i", "b", "c", "l"]), 2).unwrap();
        assert!(is_pagination(seen.check(&page(&["b", "c", "l", "i"]), 3)));
    }

    #[test]
    fn an_item_of_the_previous_page_is_caught() {
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c"]), 0).unwrap();
        // Overlapping pages (offset moved by 2 for pages of 3).
        let error = seen.check(&page(&["c", "d", "e"]), 1).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("page 1 repeats an item of page 0"),
            "{error}"
        );
    }

    #[test]
    fn distinct_pages_pass_and_empty_pages_are_not_compared() {
        let mut seen = SeenPages::default();
        for n in 0..1000u64 {
            let ids: Vec<String> = (0..10).map(|i| format!("item-{n}-{i}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            seen.check(&page(&ids), n).unwrap();
        }
        seen.check(&page(&[]), 1000).unwrap();
        seen.check(&page(&[]), 1001).unwrap();
        // A page may hold the same item twice (data, not paging), and a later page a smaller
        // multiset of the same items is a different page.
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "a", "b"]), 0).unwrap();
        seen.check(&page(&["x", "y"]), 1).unwrap();
        seen.check(&page(&["a", "b"]), 2).unwrap();
    }

    #[test]
    fn items_that_differ_hash_apart() {
        // A weaker hash (FxHash's step over each write of the JSON text) made "acct-12" and
        // "acct-128" collide, and 2.5% of these.
        let items: Vec<serde_json::Value> = (0..100_000)
            .map(|i| serde_json::json!({"account_id": format!("acct-{i}"), "permission_set_id": "ps-1"}))
            .collect();
        let hashes: HashSet<u64> = items.iter().map(item_hash).collect();
        assert_eq!(hashes.len(), items.len());
    }

    #[test]
    fn the_hash_sees_every_byte_and_every_kind() {
        assert_eq!(item_hash("abc"), item_hash("abc"));
        for (a, b) in [
            ("abc", "abd"),
            ("", "\0"),
            ("12345678", "12345679"),
            ("123456789", "12345678"),
            ("a", "a\0"),
        ] {
            assert_ne!(item_hash(a), item_hash(b), "{a:?} {b:?}");
        }
        let values = [
            serde_json::json!(null),
            serde_json::json!(5),
            serde_json::json!("5"),
            serde_json::json!(5.0),
            serde_json::json!(-5),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([null]),
            serde_json::json!({"a": 1}),
            serde_json::json!({"b": 1}),
            serde_json::json!({"a": "1"}),
            serde_json::json!(true),
            serde_json::json!(false),
        ];
        let hashes: HashSet<u64> = values.iter().map(item_hash).collect();
        assert_eq!(hashes.len(), values.len());
    }

    #[test]
    fn a_typed_item_hashes_like_itself_and_knows_its_fields_apart() {
        #[derive(Serialize)]
        struct Item {
            #[serde(skip_serializing_if = "Option::is_none")]
            a: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            b: Option<String>,
        }
        let a = Item {
            a: Some("x".into()),
            b: None,
        };
        let b = Item {
            a: None,
            b: Some("x".into()),
        };
        assert_ne!(item_hash(&a), item_hash(&b));
        assert_eq!(
            item_hash(&a),
            item_hash(&Item {
                a: Some("x".into()),
                b: None
            })
        );
    }
}
