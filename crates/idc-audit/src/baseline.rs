//! The baseline: findings accepted for a while, each by fingerprint, with a reason and an expiry
//! date. Accepted findings are not reported and do not fail a run; an acceptance past its expiry
//! counts no more (its finding is reported again); acceptances that match no finding are listed,
//! so the file stays clean.
//!
//! The file is YAML (JSON, being YAML, is read as well):
//!
//! ```yaml
//! # idc audit baseline: findings accepted until their expiry date
//! accepted:
//!   - fingerprint: IDC001-3f2a9c0d1b7e4a55
//!     reason: break-glass user, reviewed monthly (TICKET-123)
//!     expires: 2027-03-31
//! ```
//!
//! An acceptance expires at the end of its `expires` day: on that day it still holds.

use std::path::Path;

use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use crate::error::{Error, Result};
use crate::finding::{Finding, Fingerprint};

/// The largest baseline file read (a baseline is a few lines per accepted finding).
pub const MAX_BASELINE_BYTES: u64 = 16 * 1024 * 1024;

/// The days an acceptance written by [`Baseline::from_findings`] holds by default.
pub const DEFAULT_ACCEPT_DAYS: i64 = 90;

/// The reason [`Baseline::from_findings`] writes: replace it with the real one.
pub const PLACEHOLDER_REASON: &str = "accepted when the baseline was written: say why";

mod date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    use super::DATE;

    pub(super) fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        let text = date.format(DATE).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text, DATE).map_err(|_| {
            serde::de::Error::custom(format!(
                "expires {:?} is not a date written YYYY-MM-DD",
                idc::text::escape_control(&text)
            ))
        })
    }
}

const DATE: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// One accepted finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The finding's fingerprint.
    pub fingerprint: Fingerprint,
    /// Why it is accepted.
    pub reason: String,
    /// The last day it is accepted (`YYYY-MM-DD`).
    #[serde(with = "date")]
    pub expires: Date,
}

/// A baseline file: the accepted findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The acceptances, in the file's order.
    #[serde(default)]
    pub accepted: Vec<Acceptance>,
}

/// Findings judged against a baseline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Judged {
    /// The findings still reported: not accepted, or accepted past the expiry.
    pub reported: Vec<Finding>,
    /// The findings accepted, each with its acceptance.
    pub accepted: Vec<(Finding, Acceptance)>,
    /// The acceptances past their expiry whose finding is reported again.
    pub expired: Vec<Acceptance>,
    /// The acceptances that match no finding (delete them from the file).
    pub unmatched: Vec<Acceptance>,
}

impl Baseline {
    /// Reads a baseline file (at most [`MAX_BASELINE_BYTES`]).
    pub fn load(path: &Path) -> Result<Self> {
        let io = |source| Error::Io {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut std::io::Read::take(file, MAX_BASELINE_BYTES + 1),
            &mut text,
        )
        .map_err(io)?;
        if text.len() as u64 > MAX_BASELINE_BYTES {
            return Err(Error::Baseline {
                origin: path.display().to_string(),
                message: format!("larger than {MAX_BASELINE_BYTES} bytes"),
            });
        }
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses a baseline's text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_yaml_ng::from_str(text).map_err(|e| Error::Baseline {
            origin: origin.to_owned(),
            message: e.to_string(),
        })
    }

    /// A baseline accepting every one of `findings` until `expires`, with the placeholder
    /// reason ([`PLACEHOLDER_REASON`]) to replace.
    pub fn from_findings<'a>(
        findings: impl IntoIterator<Item = &'a Finding>,
        expires: Date,
    ) -> Self {
        let mut accepted: Vec<Acceptance> = findings
            .into_iter()
            .map(|f| Acceptance {
                fingerprint: f.fingerprint.clone(),
                reason: PLACEHOLDER_REASON.to_owned(),
                expires,
            })
            .collect();
        accepted.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
        accepted.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Self { accepted }
    }

    /// The file's text.
    pub fn to_yaml(&self) -> Result<String> {
        let body = serde_yaml_ng::to_string(self).map_err(|e| Error::Baseline {
            origin: "the baseline written".to_owned(),
            message: e.to_string(),
        })?;
        Ok(format!(
            "# idc audit baseline: findings accepted until their expiry date (YYYY-MM-DD)\n{body}"
        ))
    }

    /// Judges `findings` on `today`: accepted (an acceptance of the fingerprint that has not
    /// expired), reported again (its acceptance expired), reported; and the acceptances that
    /// match nothing.
    pub fn apply(&self, findings: impl IntoIterator<Item = Finding>, today: Date) -> Judged {
        let mut judged = Judged::default();
        let mut matched = std::collections::HashSet::new();
        for finding in findings {
            // Of several acceptances of one fingerprint, the one that lasts longest counts.
            let acceptance = self
                .accepted
                .iter()
                .filter(|a| a.fingerprint == finding.fingerprint)
                .max_by_key(|a| a.expires);
            match acceptance {
                Some(acceptance) => {
                    matched.insert(finding.fingerprint.clone());
                    if acceptance.expires >= today {
                        judged.accepted.push((finding, acceptance.clone()));
                    } else {
                        if !judged.expired.contains(acceptance) {
                            judged.expired.push(acceptance.clone());
                        }
                        judged.reported.push(finding);
                    }
                }
                None => judged.reported.push(finding),
            }
        }
        judged.unmatched = (self.accepted.iter())
            .filter(|a| !matched.contains(&a.fingerprint))
            .cloned()
            .collect();
        judged
    }
}

/// Writes the baseline of `findings` (every one accepted for [`DEFAULT_ACCEPT_DAYS`] from
/// `today`, with the placeholder reason) to `out`: the `--write-baseline` starting file.
pub fn write_baseline<'a>(
    out: &mut impl std::io::Write,
    findings: impl IntoIterator<Item = &'a Finding>,
    today: Date,
) -> Result<()> {
    let expires = today.saturating_add(time::Duration::days(DEFAULT_ACCEPT_DAYS));
    let text = Baseline::from_findings(findings, expires).to_yaml()?;
    out.write_all(text.as_bytes()).map_err(|source| Error::Io {
        path: "the baseline".to_owned(),
        source,
    })
}
