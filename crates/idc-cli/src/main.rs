//! `idc`: who can reach which account or application, from a terminal.
//!
//! ```text
//! idc huawei account-assignments --instance-id I --principal-id P --principal-type USER
//! idc huawei application-assignments --instance-id I --principal-id P --principal-type GROUP
//! idc scp account-assignments --instance-id I --target-account-id A [--api-version 1.4]
//! idc demo
//! ```
//!
//! Exit codes: 0 success, 1 service or transport error, 2 usage or configuration error.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod demo;
mod escape;
mod output;
mod progress;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use futures::{Stream, TryStreamExt};
use idc::config::Timeouts;
use idc::{Error, PrincipalType};
use output::{Format, Sink};
use serde::Serialize;

const AFTER_HELP: &str = "\
Credentials come from the environment or the cloud's profile file:
  Huawei: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_DOMAIN_ID
          (or ~/.huaweicloud/credentials, [global] section)
  SCP:    SCP_ACCESS_KEY, SCP_SECRET_KEY (or ~/.scpconf/credentials.json)

Exit codes: 0 success, 1 service or transport error, 2 usage or configuration error.

Try it with no account and no network: idc demo";

#[derive(Parser)]
#[command(
    name = "idc",
    version,
    about = "IAM Identity Center assignments on Huawei Cloud and Samsung Cloud Platform",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Huawei Cloud IAM Identity Center.
    Huawei {
        #[command(subcommand)]
        operation: HuaweiOperation,
    },
    /// Samsung Cloud Platform IAM Identity Center.
    Scp {
        #[command(subcommand)]
        operation: ScpOperation,
    },
    /// Start the built-in emulator and run an access report against it (no account, no network).
    Demo,
}

#[derive(Subcommand)]
enum HuaweiOperation {
    /// List the accounts a user or group can reach, with the permission set of each.
    ///
    /// Example: idc huawei account-assignments --instance-id ins-36218e5b4c2c4c4d
    /// --principal-id 4b969bc6-e8ed-47ce-b62b-936319e2bcb1 --principal-type USER
    AccountAssignments {
        #[command(flatten)]
        principal: PrincipalArgs,
        /// Only assignments on this account.
        #[arg(long)]
        account_id: Option<String>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// List the applications a user or group is assigned.
    ///
    /// Example: idc huawei application-assignments --instance-id ins-36218e5b4c2c4c4d
    /// --principal-id 4b969bc6-e8ed-47ce-b62b-936319e2bcb1 --principal-type USER
    ApplicationAssignments {
        #[command(flatten)]
        principal: PrincipalArgs,
        #[command(flatten)]
        common: CommonArgs,
    },
}

#[derive(Subcommand)]
enum ScpOperation {
    /// List who holds which role on a target account.
    ///
    /// Example: idc scp account-assignments --instance-id ssoins-12345
    /// --target-account-id 3265ab469f0d406d83073da3e11e7a6c --region kr-west1 --environment e
    AccountAssignments(Box<ScpAccountAssignments>),
}

#[derive(Args)]
struct ScpAccountAssignments {
    /// The instance, e.g. ssoins-12345.
    #[arg(long)]
    instance_id: String,
    /// The target account.
    #[arg(long)]
    target_account_id: String,
    /// Only assignments on an account with this name.
    #[arg(long)]
    target_account_name: Option<String>,
    /// Only assignments on an account with this email.
    #[arg(long)]
    target_account_email: Option<String>,
    /// Only assignments of this permission set.
    #[arg(long)]
    permission_set_id: Option<String>,
    /// Only assignments of the principal with this name.
    #[arg(long)]
    principal_name: Option<String>,
    /// Only assignments with this role SRN.
    #[arg(long)]
    role_srn: Option<String>,
    /// Sort order, field:asc or field:desc.
    #[arg(long)]
    sort: Option<String>,
    /// The API version, e.g. 1.4 (default: the latest CURRENT version).
    #[arg(long, value_parser = parse_api_version)]
    api_version: Option<idc::scp::ApiVersion>,
    /// Use an API version even past its Not Before date.
    #[arg(long)]
    allow_expired_api_version: bool,
    /// The environment: s (Samsung, default), g (Sovereign) or e (Enterprise).
    #[arg(long)]
    environment: Option<String>,
    /// Pages fetched at once, 1 to 32.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args)]
struct PrincipalArgs {
    /// The IAM Identity Center instance.
    #[arg(long)]
    instance_id: String,
    /// The user or group.
    #[arg(long)]
    principal_id: String,
    /// Whether the principal is a user or a group.
    #[arg(long, value_enum, ignore_case = true)]
    principal_type: PrincipalKind,
}

#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "UPPER")]
enum PrincipalKind {
    User,
    Group,
}

impl From<PrincipalKind> for PrincipalType {
    fn from(kind: PrincipalKind) -> Self {
        match kind {
            PrincipalKind::User => PrincipalType::User,
            PrincipalKind::Group => PrincipalType::Group,
        }
    }
}

#[derive(Args)]
struct CommonArgs {
    /// Send requests here instead of the region's endpoint (https://, or http:// to loopback).
    #[arg(long)]
    endpoint: Option<String>,
    /// The region (Huawei default cn-north-4, SCP default kr-west1).
    #[arg(long)]
    region: Option<String>,
    /// Items per request.
    #[arg(long)]
    page_size: Option<u32>,
    /// Stop after this many items.
    #[arg(long)]
    max_items: Option<usize>,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    output: Option<Format>,
    /// Seconds one attempt may take.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Log each request and retry to stderr.
    #[arg(long, short)]
    verbose: bool,
}

fn parse_api_version(s: &str) -> Result<idc::scp::ApiVersion, String> {
    s.parse()
        .map_err(|e: idc::scp::versions::ParseApiVersionError| e.to_string())
}

impl CommonArgs {
    fn format(&self) -> Format {
        self.output.unwrap_or(if io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        })
    }

    fn timeouts(&self) -> Timeouts {
        Timeouts::default().with_attempt(Duration::from_secs(self.timeout.max(1)))
    }

    fn init_tracing(&self) {
        if self.verbose {
            let filter = tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("idc=debug"));
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_writer(io::stderr)
                .with_ansi(io::stderr().is_terminal())
                .try_init();
        } else {
            // Warnings (an API version near its end, retries) still reach stderr.
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new("idc=warn"))
                .with_writer(io::stderr)
                .with_ansi(io::stderr().is_terminal())
                .without_time()
                .try_init();
        }
    }
}

/// Why the command failed, and which exit code that is.
enum Failure {
    Idc(Error),
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Self::Idc(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Self::Output(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!(
                "error: cannot start the async runtime: {}",
                escape::terminal(&e.to_string())
            );
            return ExitCode::from(1);
        }
    };
    let (cloud, result) = runtime.block_on(run(cli.command));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `idc ... | head -1`: the reader is gone, which is not an error of ours.
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!(
                "error: cannot write the output: {}",
                escape::terminal(&e.to_string())
            );
            ExitCode::from(1)
        }
        Err(Failure::Idc(e)) => {
            // The library escapes server text already; this also covers anything else.
            eprintln!("error: {}", escape::terminal(&e.to_string()));
            if matches!(e, Error::Credentials(_)) {
                eprintln!("{}", credentials_hint(cloud));
            }
            ExitCode::from(exit_code(&e))
        }
    }
}

/// 2 for what the user can fix in the command or its configuration, 1 for everything else.
fn exit_code(e: &Error) -> u8 {
    match e {
        Error::InvalidRequest { .. }
        | Error::Configuration { .. }
        | Error::Credentials(_)
        | Error::UnsupportedApiVersion { .. } => 2,
        _ => 1,
    }
}

#[derive(Clone, Copy)]
enum Cloud {
    Huawei,
    Scp,
    None,
}

fn credentials_hint(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Huawei => {
            "hint: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_DOMAIN_ID), \
             or write them to ~/.huaweicloud/credentials under [global] as ak, sk, domain_id"
        }
        Cloud::Scp => {
            "hint: set SCP_ACCESS_KEY and SCP_SECRET_KEY, or write access-key and secret-key to \
             ~/.scpconf/credentials.json"
        }
        Cloud::None => "",
    }
}

async fn run(command: Command) -> (Cloud, Result<(), Failure>) {
    match command {
        Command::Huawei { operation } => (Cloud::Huawei, huawei(operation).await),
        Command::Scp {
            operation: ScpOperation::AccountAssignments(args),
        } => (Cloud::Scp, scp(*args).await),
        Command::Demo => (Cloud::None, demo::run().await.map_err(Failure::from)),
    }
}

fn huawei_client(common: &CommonArgs) -> Result<idc::huawei::Client, Error> {
    let mut builder = idc::huawei::Client::builder()
        .timeouts(common.timeouts())
        .user_agent_suffix(concat!("idc-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(endpoint) = &common.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = &common.region {
        builder = builder.region(region);
    }
    builder.build()
}

async fn huawei(operation: HuaweiOperation) -> Result<(), Failure> {
    match operation {
        HuaweiOperation::AccountAssignments {
            principal,
            account_id,
            common,
        } => {
            common.init_tracing();
            let client = huawei_client(&common)?;
            let mut request = client
                .list_account_assignments_for_principal()
                .instance_id(principal.instance_id)
                .principal_id(principal.principal_id)
                .principal_type(principal.principal_type.into());
            if let Some(account_id) = account_id {
                request = request.account_id(account_id);
            }
            if let Some(n) = common.page_size {
                request = request.page_size(n);
            }
            if let Some(n) = common.max_items {
                request = request.max_items(n);
            }
            let columns = &[
                "account_id",
                "permission_set_id",
                "principal_id",
                "principal_type",
            ];
            write_pages(request.pages(), |p| p.items, common.format(), columns).await
        }
        HuaweiOperation::ApplicationAssignments { principal, common } => {
            common.init_tracing();
            let client = huawei_client(&common)?;
            let mut request = client
                .list_application_assignments_for_principal()
                .instance_id(principal.instance_id)
                .principal_id(principal.principal_id)
                .principal_type(principal.principal_type.into());
            if let Some(n) = common.page_size {
                request = request.page_size(n);
            }
            if let Some(n) = common.max_items {
                request = request.max_items(n);
            }
            let columns = &["application_urn", "principal_id", "principal_type"];
            write_pages(request.pages(), |p| p.items, common.format(), columns).await
        }
    }
}

async fn scp(args: ScpAccountAssignments) -> Result<(), Failure> {
    let common = &args.common;
    common.init_tracing();
    let mut builder = idc::scp::Client::builder()
        .timeouts(common.timeouts())
        .user_agent_suffix(concat!("idc-cli/", env!("CARGO_PKG_VERSION")))
        .allow_expired_api_versions(args.allow_expired_api_version);
    if let Some(endpoint) = &common.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(region) = &common.region {
        builder = builder.region(region);
    }
    if let Some(environment) = &args.environment {
        builder = builder.environment(environment);
    }
    if let Some(version) = args.api_version {
        builder = builder.api_version(version);
    }
    let client = builder.build()?;
    let mut request = client
        .list_account_assignments()
        .instance_id(&args.instance_id)
        .target_account_id(&args.target_account_id)
        .concurrency(args.concurrency);
    for (value, set) in [
        (
            &args.target_account_name,
            idc::scp::ListAccountAssignments::target_account_name
                as fn(idc::scp::ListAccountAssignments, String) -> idc::scp::ListAccountAssignments,
        ),
        (
            &args.target_account_email,
            idc::scp::ListAccountAssignments::target_account_email,
        ),
        (
            &args.permission_set_id,
            idc::scp::ListAccountAssignments::permission_set_id,
        ),
        (
            &args.principal_name,
            idc::scp::ListAccountAssignments::principal_name,
        ),
        (&args.role_srn, idc::scp::ListAccountAssignments::role_srn),
        (&args.sort, idc::scp::ListAccountAssignments::sort),
    ] {
        if let Some(value) = value {
            request = set(request, value.clone());
        }
    }
    if let Some(n) = common.page_size {
        request = request.page_size(n);
    }
    if let Some(n) = common.max_items {
        request = request.max_items(n);
    }
    let columns = &[
        "principal_id",
        "principal_name",
        "principal_type",
        "target_account_id",
        "target_account_name",
        "target_account_email",
        "role_srn",
        "instance_id",
        "permission_sets",
    ];
    write_pages(request.pages(), |p| p.items, common.format(), columns).await
}

/// Writes every item of every page as the pages arrive, with a progress line on a terminal.
async fn write_pages<P, T>(
    pages: impl Stream<Item = idc::Result<P>> + Unpin,
    items_of: fn(P) -> Vec<T>,
    format: Format,
    columns: &'static [&'static str],
) -> Result<(), Failure>
where
    T: Serialize,
{
    let stdout = io::stdout();
    let mut sink = Sink::new(format, columns, io::BufWriter::new(stdout.lock()));
    let progress = progress::Progress::on_terminal();
    let mut pages = pages;
    let result = async {
        while let Some(page) = pages.try_next().await? {
            for item in items_of(page) {
                sink.item(&item)?;
            }
            progress.page(sink.written);
        }
        Ok::<_, Failure>(())
    }
    .await;
    progress.finish();
    // Write what arrived before a failure, then report the failure.
    let finished = sink.finish();
    result?;
    finished?;
    io::stderr().flush()?;
    Ok(())
}
