//! The field names of a response type, read from its `Deserialize` implementation without a value.
//!
//! A response leaves its empty optional fields out, so the fields of one answer do not say which
//! columns exist; the type does. `serde` hands a struct's field names to the deserializer
//! (`deserialize_struct(name, fields, visitor)`), so a deserializer that records them and then
//! refuses to go on gives the names of any struct with named fields, in declaration order. A map
//! (an item kept as the service sent it), a string or a flattened struct gives none: their columns
//! can only be read off the items.

use std::cell::RefCell;

use serde::de::value::Error as ProbeError;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

/// What the type of an answer says about its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shape {
    /// The type's own fields, in declaration order; `None` when it is not a struct with named
    /// fields.
    pub fields: Option<Vec<&'static str>>,
    /// When the type has exactly one field: the fields of what that field holds (through `Option`,
    /// `Vec` and newtypes), e.g. those of the permission set of `{"permission_set": {...}}` or of
    /// each result of `{"results": [...]}`.
    pub inner: Option<Vec<&'static str>>,
    /// Whether the type reads a map: an object whose fields are not all named (a struct that keeps
    /// the fields the service adds later, an item kept as sent). `false` with no `fields`: a plain
    /// value such as an id.
    pub open: bool,
}

/// The shape of `T`.
pub fn shape<T: DeserializeOwned>() -> Shape {
    let seen = RefCell::new(Vec::new());
    // The probe always fails in the end: it only records what it is shown on the way.
    let _ = T::deserialize(Probe {
        depth: 0,
        seen: &seen,
    });
    let seen = seen.into_inner();
    let at = |depth: usize| {
        seen.iter()
            .find(|(d, _)| *d == depth)
            .and_then(|(_, fields)| fields.map(<[_]>::to_vec))
    };
    Shape {
        fields: at(0),
        inner: at(1),
        open: seen.iter().any(|(d, fields)| *d == 0 && fields.is_none()),
    }
}

/// What the probe saw at a depth: a struct's fields, or `None` for a map.
type Seen = RefCell<Vec<(usize, Option<&'static [&'static str]>)>>;

/// A deserializer that records the fields of the structs it is asked for (and the maps): the outer
/// one, and, when that has a single field, the struct inside it.
struct Probe<'a> {
    depth: usize,
    seen: &'a Seen,
}

fn stop() -> ProbeError {
    de::Error::custom("field probe")
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = ProbeError;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ProbeError> {
        Err(stop())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        self.seen.borrow_mut().push((self.depth, Some(fields)));
        match fields {
            // Look inside a one-field wrapper: its one key, then its value.
            [only] if self.depth == 0 => visitor.visit_map(OneField {
                key: Some(only),
                probe: Some(Probe {
                    depth: 1,
                    seen: self.seen,
                }),
            }),
            _ => Err(stop()),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, ProbeError> {
        self.seen.borrow_mut().push((self.depth, None));
        Err(stop())
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ProbeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ProbeError> {
        visitor.visit_seq(OneElement { probe: Some(self) })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct tuple tuple_struct enum identifier ignored_any
    }
}

/// The map of a one-field struct: its key, then a probe as its value.
struct OneField<'a> {
    key: Option<&'static str>,
    probe: Option<Probe<'a>>,
}

impl<'de> de::MapAccess<'de> for OneField<'_> {
    type Error = ProbeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ProbeError> {
        match self.key.take() {
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, ProbeError> {
        match self.probe.take() {
            Some(probe) => seed.deserialize(probe),
            None => Err(stop()),
        }
    }
}

/// A sequence of one probe: the element type of a list.
struct OneElement<'a> {
    probe: Option<Probe<'a>>,
}

impl<'de> de::SeqAccess<'de> for OneElement<'_> {
    type Error = ProbeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ProbeError> {
        match self.probe.take() {
            Some(probe) => seed.deserialize(probe).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Item {
        zeta: String,
        #[serde(rename = "alpha_id")]
        alpha: Option<String>,
        nested: Option<Box<Item>>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Wrapper {
        item: Option<Item>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Results {
        results: Vec<Item>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Two {
        a: Item,
        b: u32,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    #[serde(transparent)]
    struct Open(serde_json::Map<String, serde_json::Value>);

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct Extensible {
        id: String,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    #[allow(dead_code)]
    #[derive(Deserialize)]
    struct WrapsExtensible {
        account: Extensible,
    }

    #[test]
    fn a_struct_gives_its_wire_names_in_declaration_order() {
        let s = shape::<Item>();
        assert_eq!(s.fields, Some(vec!["zeta", "alpha_id", "nested"]));
        assert_eq!(s.inner, None, "three fields: nothing is unwrapped");
    }

    #[test]
    fn a_one_field_wrapper_gives_the_fields_inside_it() {
        let s = shape::<Wrapper>();
        assert_eq!(s.fields, Some(vec!["item"]));
        assert_eq!(s.inner, Some(vec!["zeta", "alpha_id", "nested"]));
        let s = shape::<Results>();
        assert_eq!(s.fields, Some(vec!["results"]));
        assert_eq!(s.inner, Some(vec!["zeta", "alpha_id", "nested"]));
        assert_eq!(shape::<Two>().inner, None);
    }

    #[test]
    fn maps_and_extensible_structs_are_open_and_name_no_fields() {
        let open = Shape {
            fields: None,
            inner: None,
            open: true,
        };
        assert_eq!(shape::<Open>(), open);
        assert_eq!(shape::<Extensible>(), open);
        let s = shape::<WrapsExtensible>();
        assert_eq!(s.fields, Some(vec!["account"]));
        assert_eq!(s.inner, None, "what is inside names no fields");
        assert!(!s.open, "the wrapper itself is a struct");
    }

    #[test]
    fn plain_values_have_no_fields_and_are_not_open() {
        assert_eq!(shape::<String>(), Shape::default());
        assert_eq!(shape::<Vec<String>>(), Shape::default());
        assert_eq!(shape::<u64>(), Shape::default());
    }
}
