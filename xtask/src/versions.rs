//! The SCP API version table of a spec (`info.x-scp-api-versions`), rendered as Rust data.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::CodegenError;

/// The extension on `info` that holds an SCP API version table.
pub const VERSIONS_EXTENSION: &str = "x-scp-api-versions";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionEntry {
    version: String,
    status: String,
    not_before: Option<String>,
}

/// Renders the version table as Rust data for `idc_raw::scp::versions`.
pub(crate) fn versions_source(
    spec_name: &str,
    table: &serde_json::Value,
) -> Result<String, CodegenError> {
    let err = |message: String| CodegenError::Versions {
        spec: spec_name.to_owned(),
        message,
    };
    let entries: Vec<VersionEntry> =
        serde_json::from_value(table.clone()).map_err(|e| err(e.to_string()))?;
    if entries.is_empty() {
        return Err(err("the table is empty".to_owned()));
    }
    let mut seen = BTreeMap::new();
    let mut rows = String::new();
    for entry in &entries {
        let (major, minor) = entry
            .version
            .split_once('.')
            .and_then(|(a, b)| Some((a.parse::<u16>().ok()?, b.parse::<u16>().ok()?)))
            .ok_or_else(|| {
                err(format!(
                    "version {:?} is not <major>.<minor>",
                    entry.version
                ))
            })?;
        if seen.insert((major, minor), ()).is_some() {
            return Err(err(format!("version {} is listed twice", entry.version)));
        }
        let status = match entry.status.as_str() {
            "CURRENT" => "Current",
            "SUPPORTED" => "Supported",
            "DEPRECATED" => "Deprecated",
            "PLANNED" => "Planned",
            other => {
                return Err(err(format!(
                    "version {}: unknown status {other:?}",
                    entry.version
                )));
            }
        };
        let not_before = match &entry.not_before {
            None => "None".to_owned(),
            Some(date) => {
                let (y, m, d) = parse_date(date).ok_or_else(|| {
                    err(format!(
                        "version {}: not_before {date:?} is not YYYY-MM-DD",
                        entry.version
                    ))
                })?;
                format!("Some(VersionDate {{ year: {y}, month: {m}, day: {d} }})")
            }
        };
        let _ = writeln!(
            rows,
            "    ApiVersionInfo {{ major: {major}, minor: {minor}, status: ApiVersionStatus::{status}, not_before: {not_before} }},"
        );
    }
    Ok(format!(
        "/// The API versions of the service as recorded in the spec's `{VERSIONS_EXTENSION}`, newest first.\n\
         pub const API_VERSIONS: &[ApiVersionInfo] = &[\n{rows}];\n"
    ))
}

fn parse_date(date: &str) -> Option<(u16, u8, u8)> {
    let mut parts = date.split('-');
    let y = parts.next()?.parse::<u16>().ok()?;
    let m = parts.next()?.parse::<u8>().ok()?;
    let d = parts.next()?.parse::<u8>().ok()?;
    let valid = parts.next().is_none() && (1..=12).contains(&m) && (1..=31).contains(&d);
    valid.then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_validated() {
        assert_eq!(parse_date("2026-11-30"), Some((2026, 11, 30)));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("20261130"), None);
        assert_eq!(parse_date("2026-11-30-1"), None);
    }

    #[test]
    fn version_table_rejects_bad_entries() {
        let bad_status =
            serde_json::json!([{"version": "1.0", "status": "GONE", "not_before": null}]);
        let e = versions_source("s.yaml", &bad_status)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown status \"GONE\""), "{e}");
        let twice = serde_json::json!([
            {"version": "1.0", "status": "CURRENT", "not_before": null},
            {"version": "1.0", "status": "SUPPORTED", "not_before": "2026-01-01"}
        ]);
        let e = versions_source("s.yaml", &twice).unwrap_err().to_string();
        assert!(e.contains("listed twice"), "{e}");
        let bad_version =
            serde_json::json!([{"version": "v1", "status": "CURRENT", "not_before": null}]);
        assert!(versions_source("s.yaml", &bad_version).is_err());
    }
}
