//! A string that is a secret: an initial password, an LDAP bind password, a SCIM bearer token.

use std::fmt;

/// A secret string: what the specs mark `format: password`.
///
/// Its `Debug` shows [`REDACTED`](crate::redact::REDACTED), so a request or response that holds
/// one can be logged or put in an error without the secret; the value is read only on purpose,
/// with [`Secret::expose`]. On the wire it is the plain JSON string (the service needs it, and a
/// response's token must reach the person who asked for it), so serializing a response shows it:
/// that is the one place it is meant to appear.
///
/// ```
/// use idc_raw::Secret;
///
/// let password = Secret::from("hunter2");
/// assert_eq!(format!("{password:?}"), r#"Secret("***")"#);
/// assert_eq!(password.expose(), "hunter2");
/// assert_eq!(serde_json::to_string(&password).unwrap(), r#""hunter2""#);
/// let back: Secret = serde_json::from_str(r#""hunter2""#).unwrap();
/// assert_eq!(back, password);
/// ```
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself: call it only where the value must go (a request, a person who asked).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret itself, consuming the wrapper.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Secret")
            .field(&crate::redact::REDACTED)
            .finish()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_value_even_inside_a_container() {
        let inside = Some(vec![Secret::from("s3cr3t-value")]);
        let shown = format!("{inside:?} {inside:#?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }

    #[test]
    fn a_non_string_is_refused_on_the_wire() {
        assert!(serde_json::from_str::<Secret>("42").is_err());
        assert!(serde_json::from_str::<Secret>("null").is_err());
    }
}
