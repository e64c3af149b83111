//! `idc report huawei|scp` and `idc diff`: the access report and the changes between two reports.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use futures::Stream;
use futures::stream::{self, BoxStream, StreamExt};
use idc_report::diff::{self, DiffRow};
use idc_report::format::{Format, HtmlRecord, Writer, column_indices, write_all};
use idc_report::jsonl::{Header, ReportFile, View};
use idc_report::source::Source;
use idc_report::{Progress, Record, Report};
use indicatif::ProgressBar;

use crate::Failure;
use crate::args::ScpVersion;
use crate::progress::{self, ClearOnWrite};
use crate::scope::Scope;

/// `idc report <cloud>`.
#[derive(Subcommand)]
pub enum ReportCommand {
    /// Huawei Cloud: accounts (with permission sets) and applications, groups expanded.
    Huawei {
        #[command(flatten)]
        report: Box<ReportArgs>,
    },
    /// Samsung Cloud Platform: accounts (with permission sets), groups expanded.
    Scp {
        #[command(flatten)]
        report: Box<ReportArgs>,
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
    /// What is read, and how.
    #[command(flatten)]
    pub scope: Scope,
    /// Print the plan (each step, its operation, its requests, and why it was chosen) and stop:
    /// only the reads the plan depends on are sent.
    #[arg(long)]
    pub explain: bool,
    /// One row per assignment (principal_type, principal_id, principal_name) instead of one per
    /// user's effective access.
    #[arg(long)]
    pub no_expand_groups: bool,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, value_enum)]
    pub output: Option<ReportFormat>,
    /// Table and CSV: only these fields, in this order (comma-separated, e.g.
    /// user_name,user_id,target_name). JSON lines and the page keep every field.
    #[arg(long, value_delimiter = ',', value_name = "FIELDS")]
    pub columns: Vec<String>,
    /// Table: the ids beside the names (each id and name field, not cut).
    #[arg(long, conflicts_with = "columns")]
    pub show_ids: bool,
    /// Sort the rows by these fields (comma-separated; -FIELD for descending), holding every row
    /// until the end. Default: as they arrive (each account's rows together).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "FIELDS",
        allow_hyphen_values = true
    )]
    pub sort: Vec<String>,
}

impl ReportArgs {
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

/// How the rows are laid out: the fields of the table and CSV, and the sort.
struct Layout {
    columns: Option<Vec<String>>,
    /// Fields, each with whether descending.
    sort: Vec<(String, bool)>,
}

impl ReportArgs {
    /// Checks `--columns`, `--show-ids` and `--sort` against the format and the fields, before
    /// any request.
    fn layout(&self) -> Result<Layout, Failure> {
        let format = self.format();
        let fields: &[&str] = if self.no_expand_groups {
            &idc_report::AssignmentRow::FIELDS
        } else {
            &idc_report::Row::FIELDS
        };
        let columns = if self.show_ids {
            if format != Format::Table {
                return Err(Failure::Usage(
                    "--show-ids applies to --output table".to_owned(),
                ));
            }
            // Every field but the cloud and the instance: each id beside its name.
            let ids = fields.get(2..).unwrap_or_default();
            Some(ids.iter().map(|f| (*f).to_owned()).collect())
        } else if self.columns.is_empty() {
            None
        } else if matches!(format, Format::Json | Format::Html) {
            return Err(Failure::Usage(
                "--columns applies to --output table and csv: JSON lines keep every field (so \
                 that idc diff can read them), the page has its own layout"
                    .to_owned(),
            ));
        } else {
            Some(self.columns.clone())
        };
        let known = |name: &str| {
            if fields.contains(&name) {
                Ok(())
            } else {
                Err(Failure::Usage(format!(
                    "{}: not a field (fields: {})",
                    crate::escape::terminal(name),
                    fields.join(", ")
                )))
            }
        };
        for name in columns.iter().flatten() {
            known(name)?;
        }
        let mut sort = Vec::new();
        for key in &self.sort {
            let (name, descending) = match key.strip_prefix('-') {
                Some(name) => (name, true),
                None => (key.as_str(), false),
            };
            known(name)?;
            sort.push((name.to_owned(), descending));
        }
        Ok(Layout { columns, sort })
    }
}

/// Runs `idc report <cloud>`.
pub async fn run(command: ReportCommand) -> Result<(), Failure> {
    match &command {
        ReportCommand::Huawei { report } | ReportCommand::Scp { report, .. } => {
            report.layout()?;
        }
    }
    match command {
        ReportCommand::Huawei { report } => {
            let (_, source) = report.scope.huawei().await?;
            emit(source, &report).await
        }
        ReportCommand::Scp { report, scp } => {
            let (_, source) = report.scope.scp(&scp).await?;
            emit(source, &report).await
        }
    }
}

async fn emit<S: Source + 'static>(source: S, args: &ReportArgs) -> Result<(), Failure> {
    if args.explain {
        let plan = Report::new(source)
            .concurrency(args.scope.concurrency)
            .filters(args.scope.filters())
            .explain()
            .await?;
        let mut out = io::stdout().lock();
        write!(out, "{plan}")?;
        out.flush()?;
        return Ok(());
    }
    let (cloud, instance_id) = (source.cloud(), source.instance_id().to_owned());
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
        .concurrency(args.scope.concurrency)
        .filters(args.scope.filters());
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
    let view = if args.no_expand_groups {
        View::Assignments
    } else {
        View::Access
    };
    let header = Header::new(cloud, &instance_id, view, args.scope.filters());
    let layout = args.layout()?;
    let result = if args.no_expand_groups {
        let records = sorted(report.assignments(), &layout.sort).await?;
        write(records, format, &title, header, &layout, bar.as_ref()).await
    } else {
        let records = sorted(report.rows(), &layout.sort).await?;
        write(records, format, &title, header, &layout, bar.as_ref()).await
    };
    if let Some(bar) = bar {
        progress::clear(&bar);
    }
    result
}

/// The records in the order of `keys` (a field, and whether descending; a null first), all held
/// until the stream ends; a failure comes after the records before it. Without keys, as they come.
async fn sorted<R: Record + Send + 'static>(
    records: BoxStream<'static, idc_report::Result<R>>,
    keys: &[(String, bool)],
) -> Result<BoxStream<'static, idc_report::Result<R>>, Failure> {
    if keys.is_empty() {
        return Ok(records);
    }
    let mut records = records;
    let mut held = Vec::new();
    let mut failure = None;
    while let Some(record) = records.next().await {
        match record {
            Ok(record) => held.push(record),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let mut keys_at = Vec::new();
    for (name, descending) in keys {
        let at = column_indices::<R>(std::slice::from_ref(name)).map_err(Failure::Usage)?;
        keys_at.push((at[0], *descending));
    }
    held.sort_by(|a, b| {
        let (a, b) = (a.values(), b.values());
        keys_at
            .iter()
            .map(|(i, descending)| {
                let order = a.get(*i).cmp(&b.get(*i));
                if *descending { order.reverse() } else { order }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(stream::iter(held.into_iter().map(Ok).chain(failure.map(Err))).boxed())
}

async fn write<R: HtmlRecord>(
    records: impl Stream<Item = idc_report::Result<R>>,
    format: Format,
    title: &str,
    header: Header,
    layout: &Layout,
    bar: Option<&ProgressBar>,
) -> Result<(), Failure> {
    let stdout = io::stdout();
    let out = io::BufWriter::new(ClearOnWrite::stdout(stdout.lock(), bar));
    let mut writer = Writer::new(format, out, title).header(header);
    if let Some(names) = &layout.columns {
        writer = writer.columns(column_indices::<R>(names).map_err(Failure::Usage)?);
    }
    match write_all(records, writer).await {
        Ok((_, mut out)) => {
            out.flush()?;
            Ok(())
        }
        // What was written is marked incomplete (no JSON trailer, a banner on the table and the
        // page); stderr says how much there is.
        Err(idc_report::Error::Interrupted { rows, source }) => Err(Failure::Hinted {
            cause: Box::new((*source).into()),
            hint: format!("report incomplete: {rows} rows written"),
        }),
        Err(e) => Err(e.into()),
    }
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
    /// Compare reports made with different filters (what one leaves out then differs); without
    /// it, that is an error.
    #[arg(long)]
    pub allow_different_filters: bool,
    /// Compare a report that is not complete (no trailer: its run failed or was cut short; or an
    /// empty file); without it, that is an error.
    #[arg(long)]
    pub allow_incomplete: bool,
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

/// Reads one side of a diff, checking it is a complete report unless allowed; a file of an older
/// idc (rows only) is read with a warning, since whether its run finished cannot be known.
fn read_side(path: &std::path::Path, allow_incomplete: bool) -> Result<ReportFile, Failure> {
    let file = diff::read_file(path)?;
    let name = path.display().to_string();
    if file.is_legacy() {
        eprintln!(
            "warning: {} has no header: written by an older idc, it cannot be checked to be \
             complete or made with the same filters",
            crate::escape::terminal(&name)
        );
    }
    if !allow_incomplete && let Err(e) = file.check_complete(&name) {
        return Err(Failure::Hinted {
            cause: Box::new(e.into()),
            hint: "hint: to compare it anyway (what is missing then reads as revoked or granted), \
                   pass --allow-incomplete"
                .to_owned(),
        });
    }
    Ok(file)
}

/// Runs `idc diff`; `Ok(true)` when something changed.
pub fn run_diff(args: &DiffArgs) -> Result<bool, Failure> {
    let old = read_side(&args.old, args.allow_incomplete)?;
    let new = read_side(&args.new, args.allow_incomplete)?;
    let (old_name, new_name) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    // Reports of two instances share no access: a diff of them is every row, which is never
    // what a scheduled check means to say.
    if !args.allow_different_instances {
        diff::check_same_coverage(&old, &old_name, &new, &new_name)?;
    }
    // Nor is a diff of a filtered report against a full one.
    if !args.allow_different_filters
        && let Err(e) = diff::check_same_filters(&old, &old_name, &new, &new_name)
    {
        return Err(Failure::Hinted {
            cause: Box::new(e.into()),
            hint: "hint: to compare them anyway, pass --allow-different-filters".to_owned(),
        });
    }
    let changes = diff::diff(&old.rows, &new.rows);
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
