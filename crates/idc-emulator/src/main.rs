//! `idc-emulator`: serves the emulator until SIGINT or SIGTERM.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use idc_emulator::demo::OrganizationShape;
use idc_emulator::{DataSet, Emulator, EmulatorBuilder, Fault, FaultPlan, ScpOrganizationShape};

/// The largest `--generate`, so that the emulator starts within seconds: measured on a 2-core VM,
/// 250,000 assignments of each kind take 1.1 s and 216 MiB in a release build (3.7 s in a debug
/// build); 1,000,000 took 4.3 s and 849 MiB (16 s debug), 5,000,000 about five times that.
const MAX_GENERATE: u64 = 250_000;

/// A local emulator of IAM Identity Center on Huawei Cloud and Samsung Cloud Platform.
///
/// Prints its base URL as the first line on stdout, logs to stderr (filter with RUST_LOG), and
/// serves until SIGINT or SIGTERM. Without --data or --generate it serves the demo data set.
#[derive(Debug, Parser)]
#[command(version, after_help = introduction("<URL>"))]
struct Args {
    /// The address to listen on (port 0: a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// A data file (JSON; see the crate documentation for the format).
    #[arg(long, value_name = "FILE", conflicts_with = "generate")]
    data: Option<PathBuf>,
    /// Serve a generated data set with N assignments of each kind, all of one user (for
    /// throughput benchmarks; --huawei-organization and --scp-organization generate whole
    /// organizations with users, groups and memberships; at most 250000, which starts in about a
    /// second and takes about 220 MiB).
    #[arg(long, value_name = "N", value_parser = parse_generate)]
    generate: Option<u64>,
    /// Serve a generated SCP organization: `access-report` (500 users, 50 groups, 100 accounts,
    /// 20 permission sets) or USERS,GROUPS,ACCOUNTS,PERMISSION_SETS[,SEED] (at most 250000 users
    /// and 100000 of each other kind). Without --huawei-organization, no Huawei data is served.
    #[arg(long, value_name = "SHAPE", conflicts_with_all = ["data", "generate"], value_parser = parse_shape)]
    scp_organization: Option<ScpOrganizationShape>,
    /// Serve a generated Huawei organization (an instance, its identity store with users, groups
    /// and memberships, accounts, permission sets, applications and their assignments):
    /// `access-report` (500 users, 50 groups, 100 accounts, 20 permission sets, 10 applications)
    /// or USERS,GROUPS,ACCOUNTS,PERMISSION_SETS[,SEED], the rest as in access-report. Without
    /// --scp-organization, no SCP data is served.
    #[arg(long, value_name = "SHAPE", conflicts_with_all = ["data", "generate"], value_parser = parse_huawei_shape)]
    huawei_organization: Option<(OrganizationShape, u64)>,
    /// Accept requests without verifying their signatures.
    #[arg(long)]
    no_verify: bool,
    /// The seed of probabilistic faults.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Inject a fault, as WHEN=KIND: WHEN is a request number (1-based), a range N-M or N-,
    /// `always`, or a probability pP (e.g. p0.1); KIND is latency:MILLISECONDS,
    /// status:CODE[:RETRY_AFTER_SECONDS] (CODE 400 to 599), reset, truncate, malformed or
    /// repeat-marker. Requests are numbered from 1 and a range N-M needs M >= N. Repeatable;
    /// the first rule that applies wins.
    #[arg(long, value_name = "WHEN=KIND")]
    fault: Vec<String>,
    /// Keep serving (and announcing) SCP API versions past their Not Before date, e.g. to see an
    /// older version's fields; by default they are retired: refused and not announced.
    #[arg(long)]
    serve_past_api_versions: bool,
    /// How long an asynchronous operation (Huawei's assignment creation and deletion, permission
    /// set provisioning) answers IN_PROGRESS before it succeeds or fails, in milliseconds.
    #[arg(long, value_name = "MILLISECONDS", default_value_t = 100)]
    async_delay_ms: u64,
    /// Allow listening on an address other than loopback (the emulator has no TLS).
    #[arg(long)]
    allow_non_loopback: bool,
}

/// How to point `idc` (or any client) at the emulator: the demo credentials (public, not secrets)
/// as the environment variables the clients read, and a first command.
fn introduction(url: &str) -> String {
    use idc_emulator::demo;
    format!(
        "The demo and generated data sets accept these credentials (public demo values):\n\
         \n  export HUAWEICLOUD_SDK_AK={} HUAWEICLOUD_SDK_SK={} HUAWEICLOUD_SDK_DOMAIN_ID={}\n\
         \x20 export HUAWEICLOUD_SDK_PROJECT_ID={}  # IdentityStore is project-scoped\n\
         \x20 export SCP_ACCESS_KEY={} SCP_SECRET_KEY={}\n\
         \nThen, for example:\n\
         \n  idc huawei identitycenter list-instances --endpoint {url}\n\
         \x20 idc scp iam-identity-center list-instances --endpoint {url}",
        demo::HUAWEI_ACCESS_KEY,
        demo::HUAWEI_SECRET_KEY,
        demo::HUAWEI_DOMAIN_ID,
        demo::HUAWEI_PROJECT_ID,
        demo::SCP_ACCESS_KEY,
        demo::SCP_SECRET_KEY,
    )
}

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colours only for a person: a log file or a pipe gets plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // The message may quote a data file's keys, values and path: escape what could
            // drive the terminal.
            eprintln!("idc-emulator: {}", idc::text::escape_control(&message));
            ExitCode::from(2)
        }
    }
}

/// The emulator the binary runs. It does not record requests: nothing in the binary can read
/// them, and each would keep the signed headers it came with (up to 32 MiB of them).
fn builder(args: &Args, data: DataSet, faults: FaultPlan) -> EmulatorBuilder {
    Emulator::builder()
        .data(data)
        .faults(faults)
        .verify_signatures(!args.no_verify)
        .serve_past_versions(args.serve_past_api_versions)
        .addr(args.addr)
        .async_delay(std::time::Duration::from_millis(args.async_delay_ms))
        .record_requests(false)
}

async fn run(args: Args) -> Result<(), String> {
    if !args.addr.ip().is_loopback() && !args.allow_non_loopback {
        return Err(format!(
            "refusing to listen on {}, which is not a loopback address: the emulator has no TLS \
             (pass --allow-non-loopback to do it anyway)",
            args.addr
        ));
    }
    let mut faults = FaultPlan::new(args.seed);
    for spec in &args.fault {
        faults = add_rule(faults, spec).map_err(|err| format!("--fault {spec}: {err}"))?;
    }
    let known_credentials = args.data.is_none();
    let data = match (&args.data, args.generate) {
        (Some(path), _) => DataSet::from_file(path).map_err(|err| err.to_string())?,
        (None, None) if args.scp_organization.is_some() || args.huawei_organization.is_some() => {
            let huawei = args
                .huawei_organization
                .map(|(shape, seed)| DataSet::generate_organization(&shape, seed).huawei)
                .unwrap_or_default();
            let scp = args
                .scp_organization
                .map(|shape| DataSet::generate_scp_organization(shape).scp)
                .unwrap_or_default();
            DataSet { huawei, scp }
        }
        (None, Some(n)) => DataSet::generate(
            usize::try_from(n)
                .map_err(|_| format!("--generate {n}: too large for this machine"))?,
        ),
        (None, None) => DataSet::demo(),
    };
    let emulator = builder(&args, data, faults)
        .start()
        .await
        .map_err(|err| err.to_string())?;
    // Listen for signals and write the introduction before the URL: the URL on stdout is what
    // tells a supervising process the emulator is ready, so everything else must already be done.
    let signals = Signals::listen()?;
    if known_credentials {
        eprintln!(
            "idc-emulator: serving on {}\n\n{}\n",
            emulator.base_url(),
            introduction(emulator.base_url())
        );
    }
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", emulator.base_url())
            .and_then(|()| stdout.flush())
            .map_err(|err| format!("cannot write to stdout: {err}"))?;
    }
    signals.wait().await?;
    tracing::info!("shutting down");
    emulator.shutdown().await;
    Ok(())
}

/// The signals that stop the emulator, registered up front so that a signal sent as soon as the
/// URL is announced is handled instead of killing the process with the default action.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn listen() -> Result<Self, String> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                interrupt: signal(SignalKind::interrupt())
                    .map_err(|err| format!("cannot handle SIGINT: {err}"))?,
                terminate: signal(SignalKind::terminate())
                    .map_err(|err| format!("cannot handle SIGTERM: {err}"))?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    async fn wait(mut self) -> Result<(), String> {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => Ok(()),
                _ = self.terminate.recv() => Ok(()),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            tokio::signal::ctrl_c()
                .await
                .map_err(|err| format!("cannot handle Ctrl-C: {err}"))
        }
    }
}

/// Adds one `WHEN=KIND` rule to `plan`.
fn add_rule(plan: FaultPlan, spec: &str) -> Result<FaultPlan, String> {
    let (when, kind) = spec.split_once('=').ok_or("expected WHEN=KIND")?;
    let fault = parse_fault(kind)?;
    // Requests are numbered from 1: a rule for request 0, or for a range that ends before it
    // starts, could never fire.
    let number = |s: &str| match s.parse::<usize>() {
        Ok(0) => Err("requests are numbered from 1: request 0 never comes".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a request number")),
    };
    if when == "always" {
        Ok(plan.always(fault))
    } else if let Some(p) = when.strip_prefix('p') {
        let p: f64 = p
            .parse()
            .map_err(|_| format!("{p:?} is not a probability"))?;
        if !(0.0..=1.0).contains(&p) {
            return Err(format!("probability {p} is not between 0 and 1"));
        }
        Ok(plan.with_probability(p, fault))
    } else if let Some((first, last)) = when.split_once('-') {
        let first = number(first)?;
        if last.is_empty() {
            Ok(plan.on_requests(first.., fault))
        } else {
            let last = number(last)?;
            if last < first {
                return Err(format!(
                    "the range {first}-{last} ends before it starts, so it never fires"
                ));
            }
            Ok(plan.on_requests(first..=last, fault))
        }
    } else {
        Ok(plan.on_request(number(when)?, fault))
    }
}

/// The most users `--scp-organization` generates: about a second to start in a release build.
const MAX_SCP_USERS: usize = 250_000;

/// An `--scp-organization` shape: `access-report` or `USERS,GROUPS,ACCOUNTS,PERMISSION_SETS[,SEED]`.
fn parse_shape(text: &str) -> Result<ScpOrganizationShape, String> {
    if text == "access-report" {
        return Ok(ScpOrganizationShape::ACCESS_REPORT);
    }
    let (users, groups, accounts, permission_sets, seed) = parse_counts(text)?;
    if users > MAX_SCP_USERS {
        return Err(format!(
            "users {users} is more than {MAX_SCP_USERS}, the most that starts in seconds; build a \
             larger organization with DataSet::generate_scp_organization in your own program, or \
             pass it as --data"
        ));
    }
    Ok(ScpOrganizationShape {
        users,
        groups,
        accounts,
        permission_sets,
        seed: seed.unwrap_or(1),
    })
}

/// A Huawei organization's shape and seed: the counts given, the rest as in the benchmark's.
fn parse_huawei_shape(text: &str) -> Result<(OrganizationShape, u64), String> {
    if text == "access-report" {
        return Ok((OrganizationShape::BENCHMARK, 1));
    }
    let (users, groups, accounts, permission_sets, seed) = parse_counts(text)?;
    let benchmark = OrganizationShape::BENCHMARK;
    Ok((
        OrganizationShape {
            users,
            groups,
            accounts,
            permission_sets,
            memberships_per_user: benchmark.memberships_per_user.min(groups),
            applications_per_group: benchmark.applications_per_group.min(benchmark.applications),
            ..benchmark
        },
        seed.unwrap_or(1),
    ))
}

/// USERS,GROUPS,ACCOUNTS,PERMISSION_SETS[,SEED], each bounded.
#[allow(clippy::type_complexity)]
fn parse_counts(text: &str) -> Result<(usize, usize, usize, usize, Option<u64>), String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if !(4..=5).contains(&parts.len()) {
        return Err(
            "expected access-report or USERS,GROUPS,ACCOUNTS,PERMISSION_SETS[,SEED]".to_owned(),
        );
    }
    let number = |i: usize, name: &str, max: u64| -> Result<u64, String> {
        let value: u64 = parts[i]
            .parse()
            .map_err(|_| format!("{name} {:?} is not a number", parts[i]))?;
        if value > max {
            return Err(format!("{name} {value} is more than {max}"));
        }
        Ok(value)
    };
    let size = |i: usize, name: &str, max: u64| -> Result<usize, String> {
        usize::try_from(number(i, name, max)?).map_err(|_| format!("{name}: too large"))
    };
    Ok((
        size(0, "users", 1_000_000)?,
        size(1, "groups", 100_000)?,
        size(2, "accounts", 100_000)?,
        size(3, "permission sets", 100_000)?,
        if parts.len() == 5 {
            Some(number(4, "seed", u64::MAX)?)
        } else {
            None
        },
    ))
}

/// `--generate N`: a number of at most [`MAX_GENERATE`], with what to do about a larger one.
fn parse_generate(text: &str) -> Result<u64, String> {
    let n: u64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of assignments"))?;
    if n > MAX_GENERATE {
        return Err(format!(
            "at most {MAX_GENERATE} assignments of each kind (got {n}): a larger data set takes \
             long to build and much memory (1000000 takes about 850 MiB); build a larger one \
             with idc_emulator::DataSet::generate in your own program, or pass it as --data FILE"
        ));
    }
    Ok(n)
}

fn parse_fault(kind: &str) -> Result<Fault, String> {
    let mut parts = kind.split(':');
    let name = parts.next().unwrap_or_default();
    let args: Vec<&str> = parts.collect();
    let int = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("{s:?} is not a number"))
    };
    match (name, args.as_slice()) {
        ("latency", [ms]) => Ok(Fault::Latency(Duration::from_millis(int(ms)?))),
        ("status", [code]) | ("status", [code, _]) => {
            // Only an error status is a fault: a 1xx would be answered as a 500 with no body,
            // and a 2xx or 3xx is not a failure.
            let status = u16::try_from(int(code)?)
                .ok()
                .filter(|s| (400..=599).contains(s))
                .ok_or_else(|| format!("{code:?} is not an HTTP error status (400 to 599)"))?;
            let retry_after = match args.get(1) {
                Some(seconds) => Some(int(seconds)?),
                None => None,
            };
            Ok(Fault::Status {
                status,
                retry_after,
            })
        }
        ("reset", []) => Ok(Fault::ConnectionReset),
        ("truncate", []) => Ok(Fault::TruncatedBody),
        ("malformed", []) => Ok(Fault::MalformedJson),
        ("repeat-marker", []) => Ok(Fault::RepeatedMarker),
        _ => Err(format!(
            "unknown fault {kind:?}: expected latency:MS, status:CODE[:RETRY_AFTER], reset, \
             truncate, malformed or repeat-marker"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generate_is_bounded_with_a_reason() {
        assert_eq!(parse_generate("0"), Ok(0));
        assert_eq!(parse_generate("250000"), Ok(MAX_GENERATE));
        let err = parse_generate("250001").unwrap_err();
        assert!(
            err.contains("at most 250000") && err.contains("--data"),
            "{err}"
        );
        assert!(parse_generate("-1").unwrap_err().contains("not a number"));
    }

    #[test]
    fn the_binary_records_no_request() {
        let args = Args::parse_from(["idc-emulator"]);
        let shown = format!(
            "{:?}",
            builder(&args, DataSet::default(), FaultPlan::new(0))
        );
        assert!(shown.contains("max_requests: 0"), "{shown}");
    }

    #[test]
    fn fault_rules_parse() {
        let plan = add_rule(FaultPlan::new(1), "2=status:503:7").unwrap();
        assert_eq!(
            plan.fault_for(2),
            Some(&Fault::Status {
                status: 503,
                retry_after: Some(7)
            })
        );
        assert_eq!(plan.fault_for(1), None);
        let plan = add_rule(FaultPlan::new(1), "3-4=latency:250").unwrap();
        assert_eq!(
            plan.fault_for(4),
            Some(&Fault::Latency(Duration::from_millis(250)))
        );
        assert_eq!(plan.fault_for(5), None);
        let plan = add_rule(FaultPlan::new(1), "3-3=status:400").unwrap();
        assert_eq!(
            plan.fault_for(3)
                .map(|f| matches!(f, Fault::Status { status: 400, .. })),
            Some(true)
        );
        let plan = add_rule(FaultPlan::new(1), "5-=reset").unwrap();
        assert_eq!(plan.fault_for(500), Some(&Fault::ConnectionReset));
        let plan = add_rule(FaultPlan::new(1), "always=repeat-marker").unwrap();
        assert_eq!(plan.fault_for(1), Some(&Fault::RepeatedMarker));
        let plan = add_rule(FaultPlan::new(1), "p1=malformed").unwrap();
        assert_eq!(plan.fault_for(9), Some(&Fault::MalformedJson));
        for bad in [
            "x",
            "1=boom",
            "p2=reset",
            "a=reset",
            "1=status:abc",
            "1=status:42",
            "1=reset:1",
            "1=status:100",
            "1=status:103",
            "1=status:199",
            "1=status:200",
            "1=status:302",
            "1=status:600",
            "5-3=reset",
            "0=reset",
            "0-=reset",
            "0-2=reset",
        ] {
            assert!(add_rule(FaultPlan::new(1), bad).is_err(), "{bad}");
        }
    }
}
