//! `idc audit huawei|scp`: what is wrong, not only who has what. The access report (same
//! instance, filter and concurrency flags as `idc report`), the reads the enabled rules need, the
//! rules (`idc_audit`), a baseline of accepted findings, and the findings as a table, JSON lines,
//! CSV or the report's HTML page.

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use idc_audit::format::{Audited, csv, html, jsonl, table};
use idc_audit::huawei::HuaweiReads;
use idc_audit::scp::ScpReads;
use idc_audit::{Audit, AuditResult, Baseline, Facts, Reads, Settings, Severity};
use idc_report::escape;
use idc_report::source::Source;

use crate::Failure;
use crate::args::ScpVersion;
use crate::progress::{self, ClearOnWrite};
use crate::scope::Scope;

/// `idc audit <cloud>`.
#[derive(Subcommand)]
pub enum AuditCommand {
    /// Huawei Cloud: every rule (IDC005 cannot be evaluated: Huawei has no last sign-in).
    Huawei {
        #[command(flatten)]
        audit: Box<AuditArgs>,
    },
    /// Samsung Cloud Platform: every rule but IDC007 and IDC008 (no applications, no
    /// provisioning); IDC003 and IDC004 cannot be evaluated (no user state, no MFA devices).
    Scp {
        #[command(flatten)]
        audit: Box<AuditArgs>,
        #[command(flatten)]
        scp: ScpVersion,
    },
}

/// The audit's output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// The findings grouped by severity, every rule's outcome, the baseline.
    Table,
    /// One JSON object per finding, between a header and a trailer (rules, baseline).
    Jsonl,
    /// CSV, one row per finding.
    Csv,
    /// The report's HTML page with the findings, the rules and the baseline; the access matrix
    /// marks grants of privileged permission sets.
    Html,
}

/// A severity on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Low and above: any finding.
    Low,
    /// Medium and high.
    Medium,
    /// High only.
    High,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Low => Severity::Low,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::High => Severity::High,
        }
    }
}

/// The flags of `idc audit huawei|scp`.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// What is read, and how (as for idc report).
    #[command(flatten)]
    pub scope: Scope,
    /// Only these rules (IDC001 ... IDC009; comma-separated or repeated). Only the reads they
    /// need are made.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub rules: Vec<String>,
    /// Not these rules (comma-separated or repeated); their reads are not made.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub skip_rules: Vec<String>,
    /// Exit 1 when a finding at or above this severity remains (after the baseline).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    /// Accepted findings (YAML or JSON: accepted: [{fingerprint, reason, expires: YYYY-MM-DD}]):
    /// not reported, not failing the run until they expire; acceptances matching nothing are
    /// listed.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write every current finding to FILE as a baseline to start from (each accepted for 90
    /// days with a reason to replace; acceptances of --baseline are kept as they are).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub output: Option<AuditFormat>,
    /// IDC005: days without a sign-in after which a user holding access is dormant.
    #[arg(long, value_name = "DAYS", default_value_t = idc_audit::DEFAULT_DORMANT_DAYS, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub dormant_days: u32,
    /// IDC002, IDC004: one more managed policy or role name that makes a permission set
    /// privileged (beside the cloud's default list); repeatable.
    #[arg(long = "privileged-policy", value_name = "NAME")]
    pub privileged_policies: Vec<String>,
}

impl AuditArgs {
    fn format(&self) -> AuditFormat {
        self.output.unwrap_or(if io::stdout().is_terminal() {
            AuditFormat::Table
        } else {
            AuditFormat::Jsonl
        })
    }

    /// The audit these flags ask for; an unknown rule is a usage error.
    fn audit(&self) -> Result<Audit, Failure> {
        let mut settings = Settings {
            dormant_days: self.dormant_days,
            ..Settings::default()
        };
        for name in &self.privileged_policies {
            settings.huawei_privileged = settings.huawei_privileged.with(name.clone());
            settings.scp_privileged = settings.scp_privileged.with(name.clone());
        }
        let audit = Audit::new()
            .select(&self.rules, &self.skip_rules)?
            .settings(settings)
            .filters(self.scope.filters())
            .concurrency(self.scope.concurrency);
        Ok(audit)
    }
}

impl From<idc_audit::Error> for Failure {
    fn from(e: idc_audit::Error) -> Self {
        match e {
            idc_audit::Error::Report(e) => e.into(),
            idc_audit::Error::Idc(e) => Self::Idc(e),
            idc_audit::Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe => {
                Self::Output(source)
            }
            e @ (idc_audit::Error::UnknownRule { .. }
            | idc_audit::Error::DuplicateRule { .. }
            | idc_audit::Error::Baseline { .. }) => Self::Usage(e.to_string()),
            // Anything else failed while running: exit 1 with the message.
            e => Self::Hinted {
                cause: Box::new(Self::Exit(1)),
                hint: format!("error: {e}"),
            },
        }
    }
}

/// Reads the baseline file; a missing or malformed one is a usage error (exit 2).
fn load_baseline(path: &Path) -> Result<Baseline, Failure> {
    Baseline::load(path).map_err(|e| match e {
        idc_audit::Error::Io { source, .. } => {
            Failure::Usage(format!("--baseline {}: {source}", path.display()))
        }
        e => e.into(),
    })
}

/// Runs `idc audit <cloud>`.
pub async fn run(command: AuditCommand) -> Result<(), Failure> {
    let args = match &command {
        AuditCommand::Huawei { audit } | AuditCommand::Scp { audit, .. } => audit,
    };
    // Everything the command line can get wrong, before any request.
    let audit = args.audit()?;
    let baseline = args.baseline.as_deref().map(load_baseline).transpose()?;
    match &command {
        AuditCommand::Huawei { audit: args } => {
            let (client, source) = args.scope.huawei().await?;
            let reads =
                HuaweiReads::for_source(client, &source)?.concurrency(args.scope.concurrency);
            finish(&audit, source, &reads, args, baseline).await
        }
        AuditCommand::Scp { audit: args, scp } => {
            let (client, source) = args.scope.scp(scp).await?;
            let reads =
                ScpReads::new(client, source.instance_id()).concurrency(args.scope.concurrency);
            finish(&audit, source, &reads, args, baseline).await
        }
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

async fn finish<S: Source + 'static, R: Reads>(
    audit: &Audit,
    source: S,
    reads: &R,
    args: &AuditArgs,
    baseline: Option<Baseline>,
) -> Result<(), Failure> {
    let bar = progress::spinner("auditing: reading the access report and what the rules need");
    let facts = audit.gather(source, reads).await;
    let facts = match facts {
        Ok(facts) => facts,
        Err(e) => {
            if let Some(bar) = &bar {
                progress::clear(bar);
            }
            return Err(e.into());
        }
    };
    let result = audit.evaluate(&facts);
    let today = time::OffsetDateTime::now_utc().date();
    let judged = match &baseline {
        Some(b) => b.apply(result.findings().into_iter().cloned(), today),
        None => Audited::without_baseline(&result),
    };
    let audited = Audited::new(&result, &judged, baseline.is_some());
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &result, baseline.as_ref(), today)?;
    }
    let format = args.format();
    let written = write(&audited, &facts, audit, args, format, bar.as_ref());
    if let Some(bar) = bar {
        progress::clear(&bar);
    }
    written?;
    // What the table shows, the other formats leave to stderr: rules that did not pass silently,
    // and acceptances to delete.
    if format != AuditFormat::Table {
        for (rule, why) in result.not_evaluated() {
            eprintln!(
                "warning: {} could not be evaluated: {}",
                escape::terminal(rule),
                escape::terminal(why)
            );
        }
        for acceptance in &judged.unmatched {
            eprintln!(
                "warning: the baseline accepts {}, which matches no finding: delete it from the file",
                escape::terminal(acceptance.fingerprint.as_str())
            );
        }
    }
    if let Some(threshold) = args.fail_on {
        let severity = Severity::from(threshold);
        let n = audited.at_or_above(severity);
        if n > 0 {
            eprintln!(
                "{n} finding{} at or above {severity} (--fail-on {severity})",
                if n == 1 { "" } else { "s" }
            );
            return Err(Failure::Exit(1));
        }
    }
    Ok(())
}

fn write(
    audited: &Audited<'_>,
    facts: &Facts,
    audit: &Audit,
    args: &AuditArgs,
    format: AuditFormat,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<(), Failure> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(ClearOnWrite::stdout(stdout.lock(), bar));
    match format {
        AuditFormat::Table => out.write_all(table::table(audited).as_bytes())?,
        AuditFormat::Jsonl => {
            jsonl::write(&mut out, audited, &args.scope.filters(), &now_rfc3339())?
        }
        AuditFormat::Csv => csv::write(&mut out, audited)?,
        AuditFormat::Html => {
            // The permission sets the policies make privileged; without those read (IDC002 and
            // IDC004 skipped), the ones the findings name.
            let privileged: BTreeSet<String> = match facts.privileged(audit.configured()) {
                Ok(sets) => sets.into_keys().collect(),
                Err(_) => html::privileged_permission_sets(audited.result),
            };
            let title = format!(
                "Audit: {} instance {} ({})",
                audited.result.cloud,
                audited.result.instance_id,
                now_rfc3339()
            );
            out.write_all(html::page(&title, &facts.rows, audited, &privileged).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(())
}

/// Writes every finding of `result` as a baseline to `path` (through a file beside it, renamed
/// over it once written): acceptances of `old` are kept as they are, the rest accepted for
/// [`idc_audit::baseline::DEFAULT_ACCEPT_DAYS`] with the placeholder reason.
fn write_baseline(
    path: &Path,
    result: &AuditResult,
    old: Option<&Baseline>,
    today: time::Date,
) -> Result<(), Failure> {
    let expires = today.saturating_add(time::Duration::days(
        idc_audit::baseline::DEFAULT_ACCEPT_DAYS,
    ));
    let mut baseline = Baseline::from_findings(result.findings(), expires);
    if let Some(old) = old {
        for acceptance in &mut baseline.accepted {
            let kept = old
                .accepted
                .iter()
                .filter(|a| a.fingerprint == acceptance.fingerprint)
                .max_by_key(|a| a.expires);
            if let Some(kept) = kept {
                *acceptance = kept.clone();
            }
        }
    }
    let text = baseline.to_yaml()?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "baseline".to_owned());
    let temporary = path.with_file_name(format!(".{name}.idc-tmp"));
    let cannot = |e: io::Error| Failure::Usage(format!("--write-baseline {}: {e}", path.display()));
    std::fs::write(&temporary, text).map_err(cannot)?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        cannot(e)
    })?;
    Ok(())
}
