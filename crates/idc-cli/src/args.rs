//! The flags every generated subcommand shares: where to send, how to page, how to print.

use std::io::{self, IsTerminal};
use std::time::Duration;

use clap::Args;
use idc::config::Timeouts;
use idc::retry::RetryPolicy;

use crate::output::{Format, Query};

/// `--max-attempts` by default: the library's standard retry policy.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The most `--max-attempts` accepted: more only prolongs an outage.
pub const MAX_ATTEMPTS: i64 = 10;

/// Flags of every operation.
#[derive(Args, Debug)]
pub struct Common {
    /// Send requests here instead of the region's endpoint (https://, or http:// to loopback).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// The region (Huawei default cn-north-4, SCP default kr-west1).
    #[arg(long)]
    pub region: Option<String>,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub output: Option<Format>,
    /// Seconds one request may take; the whole operation, retries included, may take
    /// (max-attempts + 1) times as long (4 x by default), and at least the default 120 s.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Attempts per request, the first included (1: no retries), 1 to 10. Failures that may pass
    /// (transport errors, timeouts, 429, 500, 502, 503, 504) are retried with backoff.
    #[arg(long, default_value_t = DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..=MAX_ATTEMPTS))]
    pub max_attempts: u32,
    /// Columns of the table and CSV, comma-separated (default: the operation's); `a.b` names a
    /// field inside a nested object. An unknown column is a usage error.
    #[arg(long, value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
    /// A JMESPath expression applied to the JSON output before it is written in --output's
    /// format: to a listing as one array of its items (read whole first), to one object as sent.
    #[arg(long, value_parser = Query::parse)]
    pub query: Option<Query>,
    /// Show the wire on stderr: one line per attempt (method, URL, status, latency, request id,
    /// attempt, why it retried); -vv adds the headers, secrets redacted.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Print the request instead of sending it: method, URL, headers (Authorization,
    /// X-Security-Token and every other secret header as ***) and body; nothing is sent.
    /// Credentials are still needed (the request is signed as it would be sent).
    #[arg(long)]
    pub dry_run: bool,
}

/// Paging flags of list operations.
#[derive(Args, Debug)]
pub struct Paging {
    /// Items per request (within the operation's bounds, checked before sending).
    #[arg(long)]
    pub page_size: Option<u32>,
    /// Stop after this many items.
    #[arg(long)]
    pub max_items: Option<usize>,
}

/// Flags of operations paged by page number.
#[derive(Args, Debug)]
pub struct Pages {
    /// Pages fetched at once, 1 to 32.
    #[arg(long, default_value_t = 1)]
    pub concurrency: usize,
}

/// Where an SCP service is.
#[derive(Args, Debug)]
pub struct ScpEnvironment {
    /// The environment: s (Samsung, default), g (Sovereign) or e (Enterprise).
    #[arg(long)]
    pub environment: Option<String>,
}

/// Where an SCP service is, and which API version to ask for.
#[derive(Args, Debug)]
pub struct ScpVersion {
    /// The environment: s (Samsung, default), g (Sovereign) or e (Enterprise).
    #[arg(long)]
    pub environment: Option<String>,
    /// The service's API version, as x.y (default: the service's latest CURRENT version; `idc scp
    /// <service> versions` shows what the service announces).
    #[arg(long, value_parser = parse_api_version)]
    pub api_version: Option<idc::scp::ApiVersion>,
    /// Use an API version even past its Not Before date.
    #[arg(long)]
    pub allow_expired_api_version: bool,
}

/// What every SCP subcommand's flags say about the client.
pub trait ScpClientArgs {
    /// `--environment`.
    fn environment(&self) -> Option<&str>;
    /// `--api-version`.
    fn api_version(&self) -> Option<idc::scp::ApiVersion> {
        None
    }
    /// `--allow-expired-api-version`.
    fn allow_expired(&self) -> bool {
        false
    }
}

impl ScpClientArgs for ScpEnvironment {
    fn environment(&self) -> Option<&str> {
        self.environment.as_deref()
    }
}

impl ScpClientArgs for ScpVersion {
    fn environment(&self) -> Option<&str> {
        self.environment.as_deref()
    }
    fn api_version(&self) -> Option<idc::scp::ApiVersion> {
        self.api_version
    }
    fn allow_expired(&self) -> bool {
        self.allow_expired_api_version
    }
}

/// A flag that takes one of `values`, in any case, and gives the value as the spec spells it.
pub fn one_of(
    values: &'static [&'static str],
) -> impl clap::builder::TypedValueParser<Value = String> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(values).map(move |given: String| {
        values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(&given))
            .map_or(given, |v| (*v).to_owned())
    })
}

/// The value of a body field a shortcut flag fills (`--user-name alice`): the spec's `template`
/// (JSON) with the string `"{}"` replaced by `value`, as the field's type.
pub fn shortcut<T: serde::de::DeserializeOwned>(
    template: &str,
    value: &str,
) -> Result<T, crate::Failure> {
    fn fill(v: &mut serde_json::Value, value: &str) {
        match v {
            serde_json::Value::String(s) if s == "{}" => *s = value.to_owned(),
            serde_json::Value::Array(items) => items.iter_mut().for_each(|i| fill(i, value)),
            serde_json::Value::Object(map) => map.values_mut().for_each(|i| fill(i, value)),
            _ => {}
        }
    }
    let mut json: serde_json::Value = serde_json::from_str(template)
        .map_err(|e| crate::Failure::Usage(format!("a shortcut's template is not JSON: {e}")))?;
    fill(&mut json, value);
    serde_json::from_value(json)
        .map_err(|e| crate::Failure::Usage(format!("a shortcut's template does not fit: {e}")))
}

/// The options of `--wait` (`None` without it): the library's, with `--wait-timeout` seconds as
/// the overall limit.
pub fn wait_options(wait: bool, timeout: Option<u64>) -> Option<idc::wait::WaitOptions> {
    let options = idc::wait::WaitOptions::default();
    wait.then(|| match timeout {
        Some(secs) => options.with_timeout(Duration::from_secs(secs)),
        None => options,
    })
}

fn parse_api_version(s: &str) -> Result<idc::scp::ApiVersion, String> {
    s.parse()
        .map_err(|e: idc::scp::versions::ParseApiVersionError| e.to_string())
}

impl Common {
    /// The output format: the flag, or table on a terminal and JSON lines elsewhere.
    pub fn format(&self) -> Format {
        self.output.unwrap_or(if io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        })
    }

    /// `--timeout` per attempt; the whole operation gets one attempt's worth more than
    /// `--max-attempts` (room for the backoff in between: four by default), and never less than
    /// the library's default, so that a long `--timeout` or many attempts are not cut short by
    /// the default limit.
    pub fn timeouts(&self) -> Timeouts {
        let attempt = Duration::from_secs(self.timeout.max(1));
        let defaults = Timeouts::default();
        let attempts = self.max_attempts.max(1).saturating_add(1);
        Timeouts::default()
            .with_attempt(attempt)
            .with_operation(defaults.operation().max(attempt.saturating_mul(attempts)))
    }

    /// The standard retry policy with `--max-attempts` attempts.
    pub fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy::standard().with_max_attempts(self.max_attempts)
    }

    /// Logs to stderr: warnings (of `idc` and of the report, `idc_report`) always; each attempt on
    /// the wire with `-v`; its headers with `-vv`.
    pub fn init_tracing(&self) {
        let filter = match self.verbose {
            // Warnings (an API version near its end, retries) still reach stderr.
            0 => tracing_subscriber::EnvFilter::new("idc=warn,idc_report=warn,idc_offboard=warn"),
            // The transport's spans put the operation and the attempt number on each line.
            1 => tracing_subscriber::EnvFilter::new(
                "idc=warn,idc_report=warn,idc_offboard=warn,idc::transport=debug,idc::wire=debug",
            ),
            _ => tracing_subscriber::EnvFilter::new(
                "idc=warn,idc_report=warn,idc_offboard=warn,idc::transport=debug,idc::wire=trace",
            ),
        };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            // Log lines hide the progress spinner while they are written.
            .with_writer(crate::progress::LogWriter)
            .with_ansi(io::stderr().is_terminal())
            .without_time()
            .try_init();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn common(timeout: u64, max_attempts: u32) -> Common {
        Common {
            endpoint: None,
            region: None,
            output: None,
            timeout,
            max_attempts,
            columns: None,
            query: None,
            verbose: 0,
            dry_run: false,
        }
    }

    #[test]
    fn a_long_timeout_raises_the_operation_limit_too() {
        let t = common(300, DEFAULT_MAX_ATTEMPTS).timeouts();
        assert_eq!(t.attempt(), Duration::from_secs(300));
        assert_eq!(t.operation(), Duration::from_secs(1200), "4 x --timeout");
        let t = common(5, DEFAULT_MAX_ATTEMPTS).timeouts();
        assert_eq!(t.attempt(), Duration::from_secs(5));
        assert_eq!(t.operation(), Timeouts::default().operation());
    }

    #[test]
    fn more_attempts_get_more_time_and_set_the_retry_policy() {
        let c = common(60, 7);
        assert_eq!(c.timeouts().operation(), Duration::from_secs(8 * 60));
        assert_eq!(c.retry_policy().max_attempts(), 7);
        assert_eq!(
            common(60, DEFAULT_MAX_ATTEMPTS).retry_policy(),
            RetryPolicy::standard(),
            "the default is the library's standard policy"
        );
        assert_eq!(common(60, 1).retry_policy().max_attempts(), 1);
    }

    #[test]
    fn a_shortcut_fills_its_template_with_the_value_as_it_is() {
        let filled: serde_json::Value = shortcut(
            r#"{"unique_attribute":{"attribute_path":"user_name","attribute_value":"{}"}}"#,
            "al\"ice {}",
        )
        .ok()
        .unwrap();
        assert_eq!(
            filled,
            serde_json::json!({"unique_attribute": {"attribute_path": "user_name", "attribute_value": "al\"ice {}"}})
        );
        assert!(shortcut::<u32>(r#"{"a":"{}"}"#, "x").is_err());
    }

    #[test]
    fn wait_options_come_from_wait_and_its_timeout() {
        assert_eq!(wait_options(false, None), None);
        assert_eq!(
            wait_options(true, None),
            Some(idc::wait::WaitOptions::default())
        );
        let options = wait_options(true, Some(7)).unwrap();
        assert_eq!(options.timeout(), Duration::from_secs(7));
    }

    #[test]
    fn max_attempts_is_bounded_on_the_command_line() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            common: Common,
        }
        let parse = |v: &str| Cli::try_parse_from(["idc", "--max-attempts", v]);
        assert_eq!(parse("1").map(|c| c.common.max_attempts).ok(), Some(1));
        assert_eq!(parse("10").map(|c| c.common.max_attempts).ok(), Some(10));
        for bad in ["0", "11", "-1", "many"] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
        let default = Cli::try_parse_from(["idc"]).map(|c| c.common.max_attempts);
        assert_eq!(default.ok(), Some(DEFAULT_MAX_ATTEMPTS));
    }
}
