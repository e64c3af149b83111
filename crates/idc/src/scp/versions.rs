//! SCP API versions: which one a request asks for, and whether it may still be used.
//!
//! SCP chooses the API version per request with `Scp-Api-Version: iam-identity-center <x.y>`. Every
//! version has a status and a "Not Before" date, the minimum guaranteed support date: the version works
//! until that date and may stop working after it. The table comes from the spec
//! (`info.x-scp-api-versions`), generated into [`API_VERSIONS`]; nothing here hard-codes it.
//!
//! A client is pinned to one version ([`ApiVersion::latest`] by default, the newest CURRENT one),
//! overridable per client and per call. Before sending, the version is checked against today's date:
//!
//! | the version | outcome |
//! | --- | --- |
//! | not in the table, or PLANNED | refused: [`Error::UnsupportedApiVersion`] |
//! | past its Not Before date | refused, unless the client opted in with `allow_expired_api_versions(true)`; then a warning |
//! | within 90 days of its Not Before date | a warning, logged once per client and version |
//! | otherwise | used silently |
//!
//! ```
//! use idc::scp::versions::{ApiVersion, Lifecycle};
//! use time::macros::date;
//!
//! let v: ApiVersion = "1.3".parse().unwrap();
//! assert_eq!(v.header_value(), "iam-identity-center 1.3");
//! assert_eq!(ApiVersion::latest().to_string(), "1.4");
//! assert!(matches!(v.lifecycle(date!(2026 - 11 - 24)), Lifecycle::EndingSoon { days_left: 6, .. }));
//! assert!(matches!(v.lifecycle(date!(2026 - 12 - 01)), Lifecycle::Expired { .. }));
//! ```

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

pub use idc_raw::scp::versions::{API_VERSIONS, ApiVersionInfo, ApiVersionStatus, VersionDate};

use crate::error::{Error, Result};

/// The service name sent before the version number in `Scp-Api-Version` by default.
pub const SERVICE: &str = "iam-identity-center";

/// An SCP service's name in `Scp-Api-Version` and its version table, from its spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The name sent before the version number, e.g. `organization`.
    pub name: &'static str,
    /// The versions, newest first.
    pub table: &'static [ApiVersionInfo],
}

impl Service {
    /// The service as error messages name it.
    pub(crate) fn label(&self) -> &'static str {
        match self.name {
            "organization" => "SCP Organization",
            _ => "SCP IAM Identity Center",
        }
    }
}

/// `iam-identity-center` (`specs/scp-iam-identity-center.yaml`).
pub const IAM_IDENTITY_CENTER: Service = Service {
    name: SERVICE,
    table: API_VERSIONS,
};

/// `organization` (`specs/scp-organization.yaml`).
#[cfg(feature = "scp-organization")]
pub const ORGANIZATION: Service = Service {
    name: "organization",
    table: idc_raw::scp_organization::versions::API_VERSIONS,
};

/// How many days before its Not Before date a version is warned about.
pub const WARNING_WINDOW_DAYS: i64 = 90;

/// An API version, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiVersion {
    major: u16,
    minor: u16,
}

impl ApiVersion {
    /// The version `major.minor` (it may not exist; see [`ApiVersion::info`]).
    pub const fn new(major: u16, minor: u16) -> Self {
        Self { major, minor }
    }

    /// The newest CURRENT version of iam-identity-center's table (1.4 today).
    pub fn latest() -> Self {
        Self::latest_in(IAM_IDENTITY_CENTER)
    }

    /// The newest CURRENT version of `service`'s table.
    pub fn latest_in(service: Service) -> Self {
        service
            .table
            .iter()
            .filter(|v| v.status == ApiVersionStatus::Current)
            .map(|v| Self::new(v.major, v.minor))
            .max()
            .or_else(|| service.table.first().map(|v| Self::new(v.major, v.minor)))
            .unwrap_or(Self::new(1, 0))
    }

    /// Every version of iam-identity-center's table, newest first.
    pub fn all() -> impl Iterator<Item = ApiVersion> {
        Self::all_in(IAM_IDENTITY_CENTER)
    }

    /// Every version of `service`'s table, newest first.
    pub fn all_in(service: Service) -> impl Iterator<Item = ApiVersion> {
        service.table.iter().map(|v| Self::new(v.major, v.minor))
    }

    /// The major version.
    pub fn major(self) -> u16 {
        self.major
    }

    /// The minor version.
    pub fn minor(self) -> u16 {
        self.minor
    }

    /// This version's row of iam-identity-center's table, if it has one.
    pub fn info(self) -> Option<&'static ApiVersionInfo> {
        self.info_in(IAM_IDENTITY_CENTER)
    }

    /// This version's row of `service`'s table, if it has one.
    pub fn info_in(self, service: Service) -> Option<&'static ApiVersionInfo> {
        service
            .table
            .iter()
            .find(|v| v.major == self.major && v.minor == self.minor)
    }

    /// The value of the `Scp-Api-Version` header for iam-identity-center.
    pub fn header_value(self) -> String {
        self.header_value_in(IAM_IDENTITY_CENTER)
    }

    /// The value of the `Scp-Api-Version` header for `service`.
    pub fn header_value_in(self, service: Service) -> String {
        format!("{} {self}", service.name)
    }

    /// Where this version of iam-identity-center stands on `today`.
    pub fn lifecycle(self, today: Date) -> Lifecycle {
        self.lifecycle_in(IAM_IDENTITY_CENTER, today)
    }

    /// Where this version of `service` stands on `today`.
    pub fn lifecycle_in(self, service: Service, today: Date) -> Lifecycle {
        let Some(info) = self.info_in(service) else {
            return Lifecycle::Unknown;
        };
        if info.status == ApiVersionStatus::Planned {
            return Lifecycle::Planned;
        }
        let Some(not_before) = info.not_before.and_then(to_date) else {
            return Lifecycle::Supported;
        };
        let days_left = (not_before - today).whole_days();
        if days_left < 0 {
            Lifecycle::Expired { not_before }
        } else if days_left <= WARNING_WINDOW_DAYS {
            Lifecycle::EndingSoon {
                not_before,
                days_left,
            }
        } else {
            Lifecycle::Supported
        }
    }

    /// Checks that this version of iam-identity-center may be used on `today`; returns a warning
    /// to log if it should be.
    #[cfg(test)]
    pub(crate) fn check(self, today: Date, allow_expired: bool) -> Result<Option<String>> {
        self.check_in(IAM_IDENTITY_CENTER, today, allow_expired)
    }

    /// Checks that this version of `service` may be used on `today`; returns a warning to log if
    /// it should be.
    pub(crate) fn check_in(
        self,
        service: Service,
        today: Date,
        allow_expired: bool,
    ) -> Result<Option<String>> {
        let refuse = |reason: String| Error::UnsupportedApiVersion {
            version: self.to_string(),
            reason,
        };
        let status = self.info_in(service).map(|i| i.status);
        let latest = Self::latest_in(service);
        match self.lifecycle_in(service, today) {
            Lifecycle::Supported => Ok(None),
            Lifecycle::Unknown => Err(refuse(format!(
                "it is not a published version of {} (known: {})",
                service.name,
                Self::all_in(service)
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            Lifecycle::Planned => Err(refuse("it is PLANNED and not yet callable".to_owned())),
            Lifecycle::Expired { not_before } if !allow_expired => Err(refuse(format!(
                "its Not Before date {not_before} has passed, so the service may no longer serve it; \
                 use {latest} or opt in with allow_expired_api_versions(true)"
            ))),
            Lifecycle::Expired { not_before } => Ok(Some(format!(
                "SCP API version {self} of {} is past its Not Before date {not_before} and may stop \
                 working at any time; move to {latest}",
                service.name
            ))),
            Lifecycle::EndingSoon {
                not_before,
                days_left,
            } => Ok(Some(format!(
                "SCP API version {self} of {} ({}) reaches its Not Before date {not_before} in \
                 {days_left} days; move to {latest}",
                service.name,
                status.map_or("?", ApiVersionStatus::as_str),
            ))),
        }
    }
}

fn to_date(d: VersionDate) -> Option<Date> {
    Date::from_calendar_date(i32::from(d.year), Month::try_from(d.month).ok()?, d.day).ok()
}

/// Where a version stands on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    /// Usable, with no end in the next 90 days.
    Supported,
    /// Usable, but its Not Before date is at most 90 days away.
    EndingSoon {
        /// The Not Before date.
        not_before: Date,
        /// Days until then (0 on the day itself).
        days_left: i64,
    },
    /// Its Not Before date has passed.
    Expired {
        /// The Not Before date.
        not_before: Date,
    },
    /// Documented but not yet callable.
    Planned,
    /// Not in the table.
    Unknown,
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The error of parsing an [`ApiVersion`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an API version of the form <major>.<minor>, e.g. 1.4")]
pub struct ParseApiVersionError(String);

impl FromStr for ApiVersion {
    type Err = ParseApiVersionError;

    /// Parses `1.4`; the header form `iam-identity-center 1.4` (any service name) is accepted too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseApiVersionError(s.to_owned());
        let trimmed = s.trim();
        let number = trimmed
            .split_once(' ')
            .map_or(trimmed, |(_, number)| number)
            .trim();
        let (major, minor) = number.split_once('.').ok_or_else(bad)?;
        let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(major) || !digits(minor) {
            return Err(bad());
        }
        Ok(Self::new(
            major.parse().map_err(|_| bad())?,
            minor.parse().map_err(|_| bad())?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_table_is_the_spec_s() {
        let all: Vec<_> = ApiVersion::all().map(|v| v.to_string()).collect();
        assert_eq!(all, ["1.4", "1.3", "1.2", "1.1", "1.0"]);
        assert_eq!(ApiVersion::latest(), ApiVersion::new(1, 4));
    }

    #[test]
    fn versions_parse_strictly() {
        assert_eq!("1.4".parse(), Ok(ApiVersion::new(1, 4)));
        assert_eq!("iam-identity-center 1.0".parse(), Ok(ApiVersion::new(1, 0)));
        for bad in ["", "1", "1.", ".4", "v1.4", "1.4.1", "1.-4", "one.two"] {
            assert!(bad.parse::<ApiVersion>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn each_version_on_the_days_around_its_date() {
        let v13 = ApiVersion::new(1, 3);
        assert_eq!(v13.lifecycle(date!(2026 - 08 - 31)), Lifecycle::Supported);
        assert_eq!(
            v13.lifecycle(date!(2026 - 09 - 01)),
            Lifecycle::EndingSoon {
                not_before: date!(2026 - 11 - 30),
                days_left: 90
            }
        );
        assert_eq!(
            v13.lifecycle(date!(2026 - 11 - 30)),
            Lifecycle::EndingSoon {
                not_before: date!(2026 - 11 - 30),
                days_left: 0
            },
            "usable on the date itself"
        );
        assert_eq!(
            v13.lifecycle(date!(2026 - 12 - 01)),
            Lifecycle::Expired {
                not_before: date!(2026 - 11 - 30)
            }
        );
        assert_eq!(
            ApiVersion::new(1, 4).lifecycle(date!(2099 - 01 - 01)),
            Lifecycle::Supported
        );
        assert_eq!(
            ApiVersion::new(2, 0).lifecycle(date!(2026 - 01 - 01)),
            Lifecycle::Unknown
        );
    }

    #[test]
    fn expired_versions_are_refused_unless_opted_in() {
        let today = date!(2026 - 11 - 24);
        let e = ApiVersion::new(1, 0).check(today, false).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("1.0") && text.contains("2026-02-23"),
            "{text}"
        );
        assert!(text.contains("allow_expired_api_versions"), "{text}");
        let warning = ApiVersion::new(1, 0).check(today, true).unwrap().unwrap();
        assert!(warning.contains("past its Not Before date"), "{warning}");
        assert!(ApiVersion::new(1, 4).check(today, false).unwrap().is_none());
        assert!(
            ApiVersion::new(1, 3)
                .check(today, false)
                .unwrap()
                .unwrap()
                .contains("in 6 days")
        );
        let unknown = ApiVersion::new(1, 9)
            .check(today, true)
            .unwrap_err()
            .to_string();
        assert!(
            unknown.contains("known: 1.4, 1.3, 1.2, 1.1, 1.0"),
            "{unknown}"
        );
    }
}
