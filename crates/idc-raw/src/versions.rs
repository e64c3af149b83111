//! The types of the SCP API version table. The data itself is generated from the spec's
//! `x-scp-api-versions` extension (see [`crate::scp::versions::API_VERSIONS`]).

use std::fmt;

/// A calendar date of the version table (the "Not Before" column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VersionDate {
    /// The year.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl fmt::Display for VersionDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The lifecycle status of an API version, as the API reference publishes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ApiVersionStatus {
    /// The latest version, recommended.
    Current,
    /// Supported with bug fixes only.
    Supported,
    /// Fewer than 90 days left before its Not Before date.
    Deprecated,
    /// Documented but not yet callable.
    Planned,
}

impl ApiVersionStatus {
    /// The status as the API reference spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Current => "CURRENT",
            Self::Supported => "SUPPORTED",
            Self::Deprecated => "DEPRECATED",
            Self::Planned => "PLANNED",
        }
    }
}

impl fmt::Display for ApiVersionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the version table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ApiVersionInfo {
    /// The major version.
    pub major: u16,
    /// The minor version.
    pub minor: u16,
    /// The published status.
    pub status: ApiVersionStatus,
    /// The minimum guaranteed support date: the version works until this date and may stop after it.
    /// `None` for a version with no announced end.
    pub not_before: Option<VersionDate>,
}
