//! Parameter rules from the specs, checked the same way by the `idc` facade (before sending) and by
//! the emulator (on receipt).
//!
//! `cargo xtask codegen` writes one [`StringRules`] or [`IntegerRules`] constant per constrained
//! parameter, from the parameter's schema (`pattern`, `minLength`, `maxLength`, `enum`, `minimum`,
//! `maximum`); nothing here knows any particular parameter. A violation is a sentence that names the
//! parameter and the rule, for the caller to wrap in its own error type.
//!
//! ```
//! use idc_raw::rules::{Pattern, StringRules};
//!
//! static ID: StringRules = StringRules {
//!     pattern: Some(Pattern::new("^[a-z]{1,3}$")),
//!     ..StringRules::NONE
//! };
//! assert!(ID.check("id", "abc").is_ok());
//! assert_eq!(
//!     ID.check("id", "abcd").unwrap_err(),
//!     "id \"abcd\" does not match ^[a-z]{1,3}$"
//! );
//! ```

use std::fmt;
use std::sync::OnceLock;

/// A regular expression of a spec's `pattern`, compiled on first use with `regex-lite`. OpenAPI
/// patterns are ECMAScript; the specs' are in the subset both share (classes, anchors,
/// alternation, bounded repetition), and codegen refuses one `regex-lite` cannot compile.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Matcher>>,
}

impl Pattern {
    /// A pattern from its source text.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether `value` matches. A pattern that does not compile matches nothing (codegen checks
    /// that every pattern compiles, so this is never reached with a spec's pattern).
    pub fn is_match(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| Matcher::new(self.source).ok())
            .as_ref()
            .is_some_and(|m| m.is_match(value))
    }
}

/// A compiled pattern: the specs' id and marker patterns (`^[set]{m,n}$`) are checked byte by
/// byte, since every page of a listing checks a few of them and `regex-lite`'s engine walks each
/// state of a `{1,64}` repetition; anything else goes to `regex-lite`.
enum Matcher {
    Class(SimpleClass),
    Regex(regex_lite::Regex),
}

impl Matcher {
    fn new(source: &str) -> Result<Self, regex_lite::Error> {
        // Compiled either way, so a pattern is valid or not whatever its shape.
        let regex = regex_lite::Regex::new(source)?;
        Ok(match SimpleClass::parse(source) {
            Some(class) => Self::Class(class),
            None => Self::Regex(regex),
        })
    }

    fn is_match(&self, value: &str) -> bool {
        match self {
            Self::Class(class) => class.is_match(value),
            Self::Regex(regex) => regex.is_match(value),
        }
    }
}

/// `^[set]{m,n}$`, `^[set]{n}$`, `^[set]+$` or `^[set]*$` with a set of ASCII characters and
/// ranges (no escapes, no negation): a whole value made of `min` to `max` characters of the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SimpleClass {
    /// Bit `b` is set when ASCII byte `b` is in the set.
    allowed: u128,
    min: usize,
    max: usize,
}

impl SimpleClass {
    /// The class `source` describes, or `None` when it has another shape.
    fn parse(source: &str) -> Option<Self> {
        let body = source.strip_prefix("^[")?;
        let close = body.find(']')?;
        let (set, quantifier) = (&body[..close], body[close + 1..].strip_suffix('$')?);
        let (min, max) = match quantifier {
            "+" => (1, usize::MAX),
            "*" => (0, usize::MAX),
            braces => {
                let inner = braces.strip_prefix('{')?.strip_suffix('}')?;
                match inner.split_once(',') {
                    Some((min, max)) => (min.parse().ok()?, max.parse().ok()?),
                    None => {
                        let n = inner.parse().ok()?;
                        (n, n)
                    }
                }
            }
        };
        let bytes = set.as_bytes();
        if min > max
            || bytes.is_empty()
            || bytes[0] == b'^'
            || bytes
                .iter()
                .any(|b| !b.is_ascii() || matches!(b, b'\\' | b'[' | b']'))
        {
            return None;
        }
        let mut allowed = 0u128;
        let mut i = 0;
        while i < bytes.len() {
            let low = bytes[i];
            if i + 2 < bytes.len() && bytes[i + 1] == b'-' {
                let high = bytes[i + 2];
                if high < low {
                    return None;
                }
                for b in low..=high {
                    allowed |= 1u128 << b;
                }
                i += 3;
            } else {
                allowed |= 1u128 << low;
                i += 1;
            }
        }
        Some(Self { allowed, min, max })
    }

    fn is_match(&self, value: &str) -> bool {
        // Every allowed character is ASCII, so a match has as many bytes as characters.
        (self.min..=self.max).contains(&value.len())
            && value
                .bytes()
                .all(|b| b < 128 && self.allowed & (1u128 << b) != 0)
    }
}

/// The engine of the pattern checks in progenitor's generated types: codegen points their
/// `::regress::Regex` at this, so that the types and [`Pattern`] share one engine, `regex-lite`
/// (with the same fast path), and no program using `idc` compiles a second one.
pub(crate) struct Regex(Matcher);

impl Regex {
    /// Compiles `pattern` (codegen has checked that every spec pattern compiles).
    pub(crate) fn new(pattern: &str) -> Result<Self, regex_lite::Error> {
        Matcher::new(pattern).map(Self)
    }

    /// `Some` when `value` matches somewhere, as `regress::Regex::find` answers.
    pub(crate) fn find(&self, value: &str) -> Option<()> {
        self.0.is_match(value).then_some(())
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// The rules of a string parameter.
#[derive(Debug)]
pub struct StringRules {
    /// `minLength`, in characters.
    pub min_length: Option<usize>,
    /// `maxLength`, in characters.
    pub max_length: Option<usize>,
    /// `pattern`.
    pub pattern: Option<Pattern>,
    /// `enum`: the allowed values (empty: any).
    pub one_of: &'static [&'static str],
}

impl StringRules {
    /// No rule at all.
    pub const NONE: StringRules = StringRules {
        min_length: None,
        max_length: None,
        pattern: None,
        one_of: &[],
    };

    /// `Err` with a sentence naming `name` when `value` breaks a rule.
    pub fn check(&self, name: &str, value: &str) -> Result<(), String> {
        if !self.one_of.is_empty() && !self.one_of.contains(&value) {
            return Err(format!(
                "{name} {value:?} is not one of {}",
                self.one_of.join(", ")
            ));
        }
        let len = value.chars().count();
        if let Some(min) = self.min_length
            && len < min
        {
            return Err(if value.is_empty() {
                format!("{name} must not be empty")
            } else {
                format!("{name} {value:?} is shorter than {min} characters")
            });
        }
        if let Some(max) = self.max_length
            && len > max
        {
            return Err(format!(
                "{name} is {len} characters long, more than the {max} allowed"
            ));
        }
        if let Some(pattern) = &self.pattern
            && !pattern.is_match(value)
        {
            return Err(format!(
                "{name} {value:?} does not match {}",
                pattern.source()
            ));
        }
        Ok(())
    }
}

/// The rules of an integer parameter.
#[derive(Clone, Copy, Debug)]
pub struct IntegerRules {
    /// `minimum`.
    pub minimum: Option<i64>,
    /// `maximum`.
    pub maximum: Option<i64>,
}

impl IntegerRules {
    /// `Err` with a sentence naming `name` when `value` is out of bounds.
    pub fn check(&self, name: &str, value: i64) -> Result<(), String> {
        let below = self.minimum.is_some_and(|min| value < min);
        let above = self.maximum.is_some_and(|max| value > max);
        if !(below || above) {
            return Ok(());
        }
        Err(match (self.minimum, self.maximum) {
            (Some(min), Some(max)) => {
                format!("{name} must be between {min} and {max}, got {value}")
            }
            (Some(min), None) => format!("{name} must be at least {min}, got {value}"),
            (None, Some(max)) => format!("{name} must be at most {max}, got {value}"),
            (None, None) => format!("{name} {value} is out of range"),
        })
    }

    /// Parses `text` as an integer within the bounds: `Err` with a sentence naming `name`.
    pub fn parse(&self, name: &str, text: &str) -> Result<i64, String> {
        let value = text
            .parse::<i64>()
            .map_err(|_| format!("{name} {text:?} is not an integer"))?;
        self.check(name, value)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_value_classes_take_the_fast_path() {
        let class = SimpleClass::parse("^[a-zA-Z0-9_-]{1,64}$").unwrap();
        assert_eq!((class.min, class.max), (1, 64));
        for c in ['a', 'Z', '0', '9', '_', '-'] {
            assert!(class.allowed & (1u128 << (c as u8)) != 0, "{c}");
        }
        assert!(class.is_match("a-b_C9") && class.is_match(&"x".repeat(64)));
        assert!(!class.is_match("") && !class.is_match(&"x".repeat(65)));
        assert!(!class.is_match("a b") && !class.is_match("é") && !class.is_match("a\n"));
        assert_eq!(
            SimpleClass::parse("^[a-f0-9]{24}$").map(|c| (c.min, c.max)),
            Some((24, 24))
        );
        assert_eq!(
            SimpleClass::parse("^[ab]+$").map(|c| c.max),
            Some(usize::MAX)
        );
        for other in [
            "^(?:r-[0-9a-z]{4,32}|ou-[0-9a-z]{8,32})$",
            "[a-z]{1,3}",
            "^[a-z]{1,3}",
            "^[^a-z]{1,3}$",
            "^[\\d]{1,3}$",
            "^[a-z]{3,1}$",
            "^[a-z]{1,}$",
            "^[z-a]{1,3}$",
            "^[é]{1,3}$",
        ] {
            assert!(SimpleClass::parse(other).is_none(), "{other}");
        }
    }

    proptest::proptest! {
        /// The fast path answers as `regex-lite` does, for the specs' class patterns and any text.
        #[test]
        fn the_fast_path_agrees_with_regex_lite(
            pattern in proptest::sample::select(vec![
                "^[a-zA-Z0-9-]{1,64}$",
                "^[a-zA-Z0-9_-]{1,64}$",
                "^[a-fA-F0-9]{24}$",
                "^[a-c]+$",
                "^[a-c]*$",
                "^[x-]{2}$",
            ]),
            value in "[a-fA-F0-9_\\-xyzé\n ]{0,70}",
        ) {
            let fast = Matcher::new(pattern).unwrap();
            proptest::prop_assert!(matches!(fast, Matcher::Class(_)));
            let slow = regex_lite::Regex::new(pattern).unwrap();
            proptest::prop_assert_eq!(fast.is_match(&value), slow.is_match(&value), "{} {:?}", pattern, value);
        }
    }

    #[test]
    fn the_types_engine_finds_like_regress() {
        // Unanchored search, as `regress::Regex::find`: anchors come from the pattern.
        let re = Regex::new("b+").unwrap();
        assert!(re.find("abbc").is_some());
        assert!(re.find("ac").is_none());
        let anchored = Regex::new("^[a-fA-F0-9]{24}$").unwrap();
        assert!(anchored.find("0123456789abcdef01234567").is_some());
        assert!(anchored.find("x0123456789abcdef01234567").is_none());
        assert!(Regex::new("(unclosed").is_err());
    }

    static ID: StringRules = StringRules {
        min_length: Some(1),
        max_length: Some(4),
        pattern: Some(Pattern::new("^[a-z-]{1,4}$")),
        one_of: &[],
    };

    #[test]
    fn strings_are_checked_against_every_rule() {
        assert!(ID.check("id", "ab-c").is_ok());
        assert_eq!(ID.check("id", "").unwrap_err(), "id must not be empty");
        assert!(
            ID.check("id", "abcde")
                .unwrap_err()
                .contains("more than the 4")
        );
        assert!(
            ID.check("id", "a_b")
                .unwrap_err()
                .contains("does not match")
        );
        let kinds = StringRules {
            one_of: &["USER", "GROUP"],
            ..StringRules::NONE
        };
        assert!(kinds.check("principal_type", "USER").is_ok());
        assert_eq!(
            kinds.check("principal_type", "user").unwrap_err(),
            "principal_type \"user\" is not one of USER, GROUP"
        );
    }

    #[test]
    fn patterns_are_searched_like_ecmascript() {
        // Unanchored patterns match anywhere, as JSON Schema specifies.
        assert!(Pattern::new("b").is_match("abc"));
        assert!(!Pattern::new("^b").is_match("abc"));
        // A broken pattern matches nothing instead of panicking.
        assert!(!Pattern::new("(").is_match("("));
    }

    #[test]
    fn integers_are_bounded_and_parsed() {
        let limit = IntegerRules {
            minimum: Some(1),
            maximum: Some(100),
        };
        assert_eq!(limit.parse("limit", "100"), Ok(100));
        assert_eq!(
            limit.parse("limit", "0").unwrap_err(),
            "limit must be between 1 and 100, got 0"
        );
        assert!(
            limit
                .parse("limit", "ten")
                .unwrap_err()
                .contains("not an integer")
        );
        assert!(limit.parse("limit", "1.5").is_err());
        let page = IntegerRules {
            minimum: Some(0),
            maximum: None,
        };
        assert_eq!(
            page.check("page", -1).unwrap_err(),
            "page must be at least 0, got -1"
        );
    }
}
