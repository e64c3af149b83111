//! SCP API versions as the emulator serves them: which version a request asks for
//! (`Scp-Api-Version: <service> <x.y>`, or the latest CURRENT without the header) and whether it
//! may be served on the emulator's today. The dispatcher negotiates before any handler runs.

use http::request::Parts;
use idc_raw::scp::versions::{ApiVersionInfo, ApiVersionStatus, VersionDate};

use crate::http::state::App;

/// An SCP service: its name in `Scp-Api-Version` and its version table.
#[derive(Debug)]
pub(crate) struct ScpService {
    pub(crate) name: &'static str,
    pub(crate) versions: &'static [ApiVersionInfo],
}

/// Today (UTC) by the emulator's clock, for the versions' Not Before dates.
pub(crate) fn today(app: &App) -> VersionDate {
    let today = time::OffsetDateTime::from(app.clock.now()).date();
    VersionDate {
        year: u16::try_from(today.year()).unwrap_or(0),
        month: u8::from(today.month()),
        day: today.day(),
    }
}

/// The API version of the request: `Scp-Api-Version: iam-identity-center <x.y>`, or the latest
/// CURRENT one without the header. `Err` with why the version cannot be served.
pub(crate) fn negotiate(
    app: &App,
    parts: &Parts,
    service: &ScpService,
) -> Result<&'static ApiVersionInfo, String> {
    let versions = service.versions;
    let service = service.name;
    let latest = versions
        .iter()
        .find(|v| v.status == ApiVersionStatus::Current)
        .or_else(|| versions.first())
        .ok_or("the service has no API version")?;
    let Some(value) = parts.headers.get("scp-api-version") else {
        return Ok(latest);
    };
    let expected = format!(
        "expected \"{service} <major>.<minor>\", e.g. \"{service} {}.{}\"",
        latest.major, latest.minor
    );
    let value = value
        .to_str()
        .map_err(|_| format!("Scp-Api-Version is not text; {expected}"))?;
    let words: Vec<&str> = value.split_whitespace().collect();
    let (asked, version) = match words.as_slice() {
        [asked, version] => (*asked, *version),
        _ => {
            return Err(format!(
                "Scp-Api-Version {value:?} is malformed; {expected}"
            ));
        }
    };
    if asked != service {
        return Err(format!(
            "Scp-Api-Version {value:?} is not for {service}; {expected}"
        ));
    }
    let number = version
        .split_once('.')
        .and_then(|(major, minor)| Some((major.parse::<u16>().ok()?, minor.parse::<u16>().ok()?)));
    let Some((major, minor)) = number else {
        return Err(format!(
            "Scp-Api-Version {value:?} is malformed; {expected}"
        ));
    };
    let Some(info) = versions
        .iter()
        .find(|v| v.major == major && v.minor == minor)
    else {
        return Err(format!(
            "API version {major}.{minor} of {service} does not exist; the latest is {}.{}",
            latest.major, latest.minor
        ));
    };
    if info.status == ApiVersionStatus::Planned {
        return Err(format!(
            "API version {major}.{minor} of {service} is planned and not yet available"
        ));
    }
    if let Some(not_before) = info.not_before
        && !app.serve_past_versions
        && not_before < today(app)
    {
        return Err(format!(
            "API version {major}.{minor} of {service} is no longer supported: its Not Before date {not_before} has passed; use {}.{}",
            latest.major, latest.minor
        ));
    }
    Ok(info)
}
