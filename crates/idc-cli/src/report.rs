//! `idc report huawei|scp` and `idc diff`: the access report and the changes between two reports.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use futures::Stream;
use idc_report::diff::{self, DiffRow};
use idc_report::format::{Format, HtmlRecord, Writer, write_all};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::source::Source;
use idc_report::{Filters, Progress, Report};
use indicatif::ProgressBar;

use crate::Failure;
use crate::args::{Common, ScpVersion};
use crate::clients;
use crate::progress::{self, ClearOnWrite};

/// `idc report <cloud>`.
#[derive(Subcommand)]
pub enum ReportCommand {
    /// Huawei Cloud: accounts (with permission sets) and applications, groups expanded.
    Huawei {
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Samsung Cloud Platform: accounts (with permission sets), groups expanded.
    Scp {
        #[command(flatten)]
        report: ReportArgs,
        #[command(flatten)]
        scp: ScpVersion,
    },
}

/// The report's output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One JSON object per line.
    Json,
    /// CSV with a header row.
    Csv,
    /// An aligned table (120 columns).
    Table,
    /// One self-contained HTML page: summary, access matrix, searchable table.
    Html,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Json => Format::Json,
            ReportFormat::Csv => Format::Csv,
            ReportFormat::Table => Format::Table,
            ReportFormat::Html => Format::Html,
        }
    }
}

/// The flags of `idc report huawei|scp`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The IAM Identity Center instance (default: the only one).
    #[arg(long)]
    pub instance_id: Option<String>,
    /// Only this user (id or exact name); repeatable, OR-ed.
    #[arg(long = "user", value_name = "USER")]
    pub users: Vec<String>,
    /// Only access held through this group (id or exact name); repeatable.
    #[arg(long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,
    /// Only this account (id or exact name); repeatable.
    #[arg(long = "account", value_name = "ACCOUNT")]
    pub accounts: Vec<String>,
    /// Only this permission set (id or exact name); repeatable.
    #[arg(long = "permission-set", value_name = "PERMISSION_SET")]
    pub permission_sets: Vec<String>,
    /// Only this application (URN, id or exact name); repeatable.
    #[arg(long = "application", value_name = "APPLICATION")]
    pub applications: Vec<String>,
    /// One row per assignment (principal_type, principal_id, principal_name) instead of one per
    /// user's effective access.
    #[arg(long)]
    pub no_expand_groups: bool,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub output: Option<ReportFormat>,
    /// Items per request.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub page_size: Option<u32>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = idc_report::DEFAULT_CONCURRENCY, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=64))]
    pub concurrency: usize,
    /// Send requests here instead of the region's endpoint (https://, or http:// to loopback).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// The region.
    #[arg(long)]
    pub region: Option<String>,
    /// Seconds one request may take; one listing, retries included, may take (max-attempts + 1)
    /// times as long, and at least 120 s.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Attempts per request, the first included (1: no retries), 1 to 10. Failures that may pass
    /// (transport errors, timeouts, 429, 500, 502, 503, 504) are retried with backoff.
    #[arg(long, default_value_t = crate::args::DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..=crate::args::MAX_ATTEMPTS))]
    pub max_attempts: u32,
    /// Show the wire on stderr: one line per attempt; -vv adds the headers, secrets redacted.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl ReportArgs {
    fn common(&self) -> Common {
        Common {
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            output: None,
            timeout: self.timeout,
            max_attempts: self.max_attempts,
            columns: None,
            verbose: self.verbose,
        }
    }

    fn filters(&self) -> Filters {
        Filters {
            users: self.users.clone(),
            groups: self.groups.clone(),
            accounts: self.accounts.clone(),
            permission_sets: self.permission_sets.clone(),
            applications: self.applications.clone(),
        }
    }

    fn format(&self) -> Format {
        self.output.map_or_else(
            || {
                if io::stdout().is_terminal() {
                    Format::Table
                } else {
                    Format::Json
                }
            },
            Format::from,
        )
    }
}

/// Runs `idc report <cloud>`.
pub async fn run(command: ReportCommand) -> Result<(), Failure> {
    match command {
        ReportCommand::Huawei { report } => {
            let common = report.common();
            common.init_tracing();
            let client = clients::huawei_identitycenter(&common)?;
            let instance = clients::huawei_instance_id(report.instance_id.as_deref());
            let mut source = HuaweiSource::connect(client, instance.as_deref()).await?;
            if let Some(n) = report.page_size {
                source = source.page_size(n);
            }
            emit(source, &report).await
        }
        ReportCommand::Scp { report, scp } => {
            if let Some(application) = report.applications.first() {
                // Rather than "matches nothing": there is nothing it could match.
                return Err(Failure::Usage(format!(
                    "--application {application:?}: Samsung Cloud Platform has no applications; \
                     --application filters idc report huawei only"
                )));
            }
            let common = report.common();
            common.init_tracing();
            let client = clients::scp_iam_identity_center(&common, &scp)?;
            let instance = clients::scp_instance_id(report.instance_id.as_deref());
            let mut source = ScpSource::connect(client, instance.as_deref()).await?;
            if let Some(n) = report.page_size {
                source = source.page_size(n);
            }
            emit(source, &report).await
        }
    }
}

async fn emit<S: Source + 'static>(source: S, args: &ReportArgs) -> Result<(), Failure> {
    let title = format!(
        "Access report: {} instance {} ({})",
        source.cloud(),
        source.instance_id(),
        time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    );
    // On a terminal, a spinner names what is being fetched until the first byte of output
    // (stdout on the same terminal clears it first) or the end.
    let bar = progress::spinner("reading users, groups, accounts, permission sets");
    let mut report = Report::new(source)
        .concurrency(args.concurrency)
        .filters(args.filters());
    if let Some(bar) = bar.clone() {
        report = report.on_progress(move |p: Progress| {
            progress::say(
                &bar,
                match p.total {
                    Some(total) if total > 1 => format!("{} {}/{}", p.what, p.done, total),
                    _ => format!("{} read", p.what),
                },
            );
        });
    }
    let format = args.format();
    let result = if args.no_expand_groups {
        write(report.assignments(), format, &title, bar.as_ref()).await
    } else {
        write(report.rows(), format, &title, bar.as_ref()).await
    };
    if let Some(bar) = bar {
        progress::clear(&bar);
    }
    result
}

async fn write<R: HtmlRecord>(
    records: impl Stream<Item = idc_report::Result<R>>,
    format: Format,
    title: &str,
    bar: Option<&ProgressBar>,
) -> Result<(), Failure> {
    let stdout = io::stdout();
    let out = io::BufWriter::new(ClearOnWrite::stdout(stdout.lock(), bar));
    let writer = Writer::new(format, out, title);
    let (_, mut out) = write_all(records, writer).await?;
    out.flush()?;
    Ok(())
}

/// The flags of `idc diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The older report (JSON lines, as `idc report --output json` writes it).
    pub old: PathBuf,
    /// The newer report.
    pub new: PathBuf,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub output: Option<DiffFormat>,
    /// Exit with 1 when anything changed (for scheduled checks).
    #[arg(long)]
    pub exit_code: bool,
    /// Compare reports of different clouds or instances (every access then differs); without
    /// it, that is an error.
    #[arg(long)]
    pub allow_different_instances: bool,
}

/// The diff's output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One JSON object per line: the row's fields, then `change`.
    Json,
    /// CSV with a header row.
    Csv,
    /// An aligned table.
    Table,
}

/// Runs `idc diff`; `Ok(true)` when something changed.
pub fn run_diff(args: &DiffArgs) -> Result<bool, Failure> {
    let old = diff::read_file(&args.old)?;
    let new = diff::read_file(&args.new)?;
    // Reports of two instances share no access: a diff of them is every row, which is never
    // what a scheduled check means to say.
    if !args.allow_different_instances {
        diff::check_same_instances(
            &old,
            &args.old.display().to_string(),
            &new,
            &args.new.display().to_string(),
        )?;
    }
    let changes = diff::diff(&old, &new);
    let changed = !changes.is_empty();
    let format = match args.output {
        Some(DiffFormat::Json) => Format::Json,
        Some(DiffFormat::Csv) => Format::Csv,
        Some(DiffFormat::Table) => Format::Table,
        None if io::stdout().is_terminal() => Format::Table,
        None => Format::Json,
    };
    let stdout = io::stdout();
    let mut writer: Writer<_, DiffRow> =
        Writer::new(format, io::BufWriter::new(stdout.lock()), "diff");
    for change in changes {
        writer.write(change)?;
    }
    writer.finish()?.flush()?;
    Ok(changed)
}
