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
    compiled: OnceLock<Option<regex_lite::Regex>>,
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
            .get_or_init(|| regex_lite::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(value))
    }
}

/// The engine of the pattern checks in progenitor's generated types: codegen points their
/// `::regress::Regex` at this, so that the types and [`Pattern`] share one engine, `regex-lite`,
/// and no program using `idc` compiles a second one.
pub(crate) struct Regex(regex_lite::Regex);

impl Regex {
    /// Compiles `pattern` (codegen has checked that every spec pattern compiles).
    pub(crate) fn new(pattern: &str) -> Result<Self, regex_lite::Error> {
        regex_lite::Regex::new(pattern).map(Self)
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
