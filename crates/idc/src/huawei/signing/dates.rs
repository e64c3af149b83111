//! `X-Sdk-Date` values: formatting and parsing.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Formats `t` as an `X-Sdk-Date` value: UTC, `YYYYMMDDTHHMMSSZ`, sub-seconds dropped.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use idc::huawei::signing::format_sdk_date;
///
/// let t = UNIX_EPOCH + Duration::from_millis(1_136_214_245_999);
/// assert_eq!(format_sdk_date(t), "20060102T150405Z");
/// ```
pub fn format_sdk_date(t: SystemTime) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds(t))
        .ok()
        .and_then(|utc| utc.format(SDK_DATE_FORMAT).ok())
        .unwrap_or_default()
}

/// `YYYYMMDDTHHMMSSZ`.
const SDK_DATE_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");

/// Whole seconds since the epoch, rounded down (0.5 s before the epoch is -1).
fn unix_seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            -whole - i64::from(d.subsec_nanos() > 0)
        }
    }
}

/// Parses an `X-Sdk-Date` value (`YYYYMMDDTHHMMSSZ`); `None` when it is not exactly that, or not a
/// valid date and time.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use idc::huawei::signing::parse_sdk_date;
///
/// assert_eq!(parse_sdk_date("20060102T150405Z"), Some(UNIX_EPOCH + Duration::from_secs(1_136_214_245)));
/// assert_eq!(parse_sdk_date("20060230T150405Z"), None); // February 30th
/// assert_eq!(parse_sdk_date("2006-01-02T15:04:05Z"), None);
/// ```
pub fn parse_sdk_date(s: &str) -> Option<SystemTime> {
    if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let secs = PrimitiveDateTime::parse(s, SDK_DATE_FORMAT)
        .ok()?
        .assume_utc()
        .unix_timestamp();
    if secs >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for secs in [
            0i64,
            1,
            59,
            86_399,
            86_400,
            951_782_400,
            1_136_214_245,
            4_102_444_800,
        ] {
            let t = UNIX_EPOCH + Duration::from_secs(secs as u64);
            assert_eq!(parse_sdk_date(&format_sdk_date(t)), Some(t), "{secs}");
        }
        // Leap day 2000-02-29.
        assert_eq!(
            format_sdk_date(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "20000229T000000Z"
        );
        assert_eq!(
            format_sdk_date(UNIX_EPOCH - Duration::from_millis(500)),
            "19691231T235959Z"
        );
        assert_eq!(
            parse_sdk_date("19691231T235959Z"),
            Some(UNIX_EPOCH - Duration::from_secs(1))
        );
    }

    #[test]
    fn every_week_for_a_few_centuries_round_trips() {
        for days in (-200_000i64..200_000).step_by(7) {
            let secs = days * 86_400 + 12_345;
            let t = if secs >= 0 {
                UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
            } else {
                UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
            };
            let text = format_sdk_date(t);
            assert_eq!(text.len(), 16, "{text}");
            assert_eq!(parse_sdk_date(&text), Some(t), "{text}");
        }
    }

    #[test]
    fn parse_rejects_garbage() {
        for bad in [
            "",
            "20060102T150405",
            "20060102t150405Z",
            "2006010xT150405Z",
            "20061302T150405Z",
            "20060100T150405Z",
            "20060102T240405Z",
            "20060102T156005Z",
            "20060102T150460Z",
            "20070229T000000Z",
            "+0060102T150405Z",
            "２0060102T150405Z",
        ] {
            assert_eq!(parse_sdk_date(bad), None, "{bad}");
        }
        assert!(parse_sdk_date("20080229T000000Z").is_some());
    }
}
