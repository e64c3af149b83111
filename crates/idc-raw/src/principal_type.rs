//! A forward-compatible principal type.

use std::fmt;
use std::str::FromStr;

/// The kind of principal an assignment is for.
///
/// Both clouds document `USER` and `GROUP`. A value this version of the crate does not know is kept in
/// [`PrincipalType::Unknown`] instead of failing the whole response, so that a new principal kind on
/// the service side never hides the rest of a page from an access review.
///
/// ```
/// use idc_raw::PrincipalType; // re-exported by the `idc` crate as `idc::PrincipalType`
///
/// assert_eq!("USER".parse::<PrincipalType>(), Ok(PrincipalType::User));
/// assert_eq!(
///     "SERVICE".parse::<PrincipalType>(),
///     Ok(PrincipalType::Unknown("SERVICE".to_owned()))
/// );
/// assert_eq!(PrincipalType::Group.to_string(), "GROUP");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrincipalType {
    /// A user (`USER`).
    User,
    /// A group (`GROUP`).
    Group,
    /// A value not known to this version of the crate, kept verbatim.
    Unknown(String),
}

impl PrincipalType {
    /// The value as the service spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::User => "USER",
            Self::Group => "GROUP",
            Self::Unknown(other) => other,
        }
    }
}

impl fmt::Display for PrincipalType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PrincipalType {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(s))
    }
}

impl From<&str> for PrincipalType {
    fn from(s: &str) -> Self {
        match s {
            "USER" => Self::User,
            "GROUP" => Self::Group,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl From<String> for PrincipalType {
    fn from(s: String) -> Self {
        match s.as_str() {
            "USER" => Self::User,
            "GROUP" => Self::Group,
            _ => Self::Unknown(s),
        }
    }
}

impl serde::Serialize for PrincipalType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for PrincipalType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}
