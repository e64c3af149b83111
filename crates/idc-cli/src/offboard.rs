//! `idc offboard huawei|scp`, `idc revoke` and `idc undo`: the command line of `idc_offboard`.
//!
//! The plan, the apply with its journal, the verification and the undo are the library's; this
//! module reads the flags, asks for confirmation, prints the plan and the outcome, and chooses
//! the exit code: 0 done and verified (or a dry run shown), 1 a failure or an access that
//! remains, 2 usage.

mod args;
mod confirm;
mod render;

pub use args::{OffboardCommand, RevokeArgs, UndoArgs};

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use idc_offboard::{Error, Event, Offboarder, Plan, PlanOptions, Refusal, Request};
use idc_report::Cloud;
use idc_report::escape::terminal;

use crate::Failure;
use crate::args::ScpVersion;
use crate::clients;
use args::{ApplyArgs, Connection, PlanFormat};
use confirm::Consent;

/// Runs `idc offboard <cloud>`.
pub async fn run(command: OffboardCommand) -> Result<(), Failure> {
    let (cloud, offboard, revoke_sessions, scp) = match command {
        OffboardCommand::Huawei {
            offboard,
            revoke_sessions,
        } => (Cloud::Huawei, offboard, revoke_sessions, None),
        OffboardCommand::Scp { offboard, scp } => (Cloud::Scp, offboard, false, Some(scp)),
    };
    let apply = &offboard.apply;
    check_consent_possible(apply)?;
    let instance = match cloud {
        Cloud::Huawei => clients::huawei_instance_id(offboard.instance_id.as_deref()),
        Cloud::Scp => clients::scp_instance_id(offboard.instance_id.as_deref()),
    };
    let offboarder = connect(
        cloud,
        &offboard.connection,
        scp.as_ref(),
        instance.as_deref(),
    )
    .await?;
    let options = PlanOptions {
        disable_user: offboard.disable_user,
        revoke_sessions,
    };
    let request = Request::Offboard {
        user: offboard.user.clone(),
        options,
    };
    let plan = match saved_plan(apply)? {
        Some(saved) => check_saved(&offboarder, saved, Some(&request), apply).await?,
        None => {
            let plan = offboarder
                .plan_offboard(&offboard.user, options)
                .await
                .map_err(failure)?;
            save(apply, &plan)?;
            plan
        }
    };
    let label = plan
        .user
        .as_ref()
        .map_or_else(|| offboard.user.clone(), |u| u.id.clone());
    execute(&offboarder, &plan, apply, &label).await
}

/// Runs `idc revoke`.
pub async fn run_revoke(args: RevokeArgs) -> Result<(), Failure> {
    let apply = &args.apply;
    check_consent_possible(apply)?;
    let saved = saved_plan(apply)?;
    let given = args.rows.as_deref().map(read_rows).transpose()?;
    let request = given.as_ref().map(|rows| Request::Revoke {
        rows: rows.clone(),
        via: args.via.map(args::Via::library),
    });
    let (cloud, instance) = match (&saved, &given) {
        (Some(plan), _) => (plan.cloud, plan.instance_id.clone()),
        (None, Some(rows)) => instance_of(rows)?,
        (None, None) => {
            return Err(Failure::Usage(
                "--rows is needed (or --apply --plan-file FILE to apply a saved plan)".to_owned(),
            ));
        }
    };
    let offboarder = connect(cloud, &args.connection, Some(&args.scp), Some(&instance)).await?;
    let plan = match (saved, given) {
        (Some(saved), _) => check_saved(&offboarder, saved, request.as_ref(), apply).await?,
        (None, given) => {
            let rows = given.unwrap_or_default();
            let plan = match offboarder
                .plan_revoke(rows, args.via.map(args::Via::library))
                .await
            {
                Ok(plan) => plan,
                Err(Error::Refused { refusals }) => return Err(refused(&refusals)),
                Err(e) => return Err(failure(e)),
            };
            save(apply, &plan)?;
            plan
        }
    };
    execute(&offboarder, &plan, apply, "revoke").await
}

/// Runs `idc undo`.
pub async fn run_undo(args: UndoArgs) -> Result<(), Failure> {
    let name = terminal(&args.journal.display().to_string()).into_owned();
    if !args.journal.is_file() {
        return Err(Failure::Usage(format!("{name}: no such journal file")));
    }
    let record = idc_offboard::journal::Record::read(&args.journal).map_err(failure)?;
    let Some((cloud, instance, _)) = record.runs().next() else {
        return Err(Failure::Usage(format!(
            "{name}: not a journal of idc offboard or idc revoke (it has no run line)"
        )));
    };
    let (cloud, instance) = (*cloud, instance.to_owned());
    let offboarder = connect(cloud, &args.connection, Some(&args.scp), Some(&instance)).await?;
    let undo = offboarder.plan_undo(&args.journal).map_err(failure)?;
    let format = PlanFormat::or_default(args.output);
    if args.dry_run {
        let mut out = io::stdout().lock();
        match format {
            PlanFormat::Json => writeln!(
                out,
                "{}",
                serde_json::json!({"plan": undo.plan, "not_restorable": undo.not_restorable})
            )?,
            PlanFormat::Table => {
                write!(out, "{}", render::plan_table(&undo.plan))?;
                for n in &undo.not_restorable {
                    writeln!(
                        out,
                        "cannot be restored: {}: {}",
                        terminal(&n.description),
                        terminal(&n.why)
                    )?;
                }
            }
        }
        out.flush()?;
        eprintln!("dry run: nothing was sent; run without --dry-run to restore");
        return Ok(());
    }
    let undo_journal = args
        .undo_journal
        .clone()
        .unwrap_or_else(|| idc_offboard::undo::default_undo_journal(&args.journal));
    eprintln!(
        "undo journal: {} (to resume an interrupted undo, run it again)",
        terminal(&undo_journal.display().to_string())
    );
    let total = undo.plan.actions.len();
    let outcome = offboarder
        .undo(&args.journal, Some(&undo_journal), progress(total))
        .await
        .map_err(|e| stopped_or(e, &undo_journal))?;
    let verification = offboarder.verify(&undo.plan).await.map_err(failure)?;
    print_outcome(
        format,
        || render::undone_json(&undo.plan, &outcome, &verification, &undo_journal),
        || render::undone_table(&outcome, &verification, &undo_journal),
    )?;
    verified(&verification)
}

/// The rows of `--rows FILE|-` (`-`: stdin), as `idc_offboard::rows` reads them.
fn read_rows(path: &Path) -> Result<Vec<idc_report::Row>, Failure> {
    if path.as_os_str() == "-" {
        return idc_offboard::rows::read_rows(io::stdin().lock(), "-").map_err(failure);
    }
    let name = terminal(&path.display().to_string()).into_owned();
    let file = std::fs::File::open(path).map_err(|e| Failure::Usage(format!("{name}: {e}")))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Failure::Usage(format!(
            "{name}: a directory, not a file of rows"
        )));
    }
    idc_offboard::rows::read_rows(io::BufReader::new(file), &path.display().to_string())
        .map_err(failure)
}

/// `--apply` without `--yes` needs someone at the terminal: refused before any request
/// otherwise.
fn check_consent_possible(apply: &ApplyArgs) -> Result<(), Failure> {
    if apply.apply && !apply.yes && !io::stdin().is_terminal() {
        return Err(Failure::Usage(
            "--apply asks for confirmation on a terminal; stdin is not one: pass --yes to apply \
             without asking"
                .to_owned(),
        ));
    }
    Ok(())
}

/// The client of `cloud` from the flags (and the profile), connected to the instance.
async fn connect(
    cloud: Cloud,
    connection: &Connection,
    scp: Option<&ScpVersion>,
    instance: Option<&str>,
) -> Result<Offboarder, Failure> {
    let common = connection.common();
    common.init_tracing();
    match cloud {
        Cloud::Huawei => {
            let client = clients::huawei_identitycenter(&common)?;
            Offboarder::huawei(client, instance).await.map_err(failure)
        }
        Cloud::Scp => {
            let default = ScpVersion {
                environment: None,
                api_version: None,
                allow_expired_api_version: false,
            };
            let client = clients::scp_iam_identity_center(&common, scp.unwrap_or(&default))?;
            Offboarder::scp(client, instance).await.map_err(failure)
        }
    }
}

/// The cloud and instance the rows are of: one, or a usage error.
fn instance_of(rows: &[idc_report::Row]) -> Result<(Cloud, String), Failure> {
    let instances = idc_report::diff::instances(rows);
    let mut each = instances.into_iter();
    match (each.next(), each.next()) {
        (Some(one), None) => Ok(one),
        (None, _) => Err(Failure::Usage(
            "--rows holds no row: nothing to revoke".to_owned(),
        )),
        (Some((c1, i1)), Some((c2, i2))) => Err(Failure::Usage(format!(
            "--rows holds rows of more than one instance ({c1} \"{}\", {c2} \"{}\"...): revoke \
             them one instance at a time",
            terminal(&i1),
            terminal(&i2)
        ))),
    }
}

/// The plan saved in `--plan-file`, when it is to be applied.
fn saved_plan(apply: &ApplyArgs) -> Result<Option<Plan>, Failure> {
    let (true, Some(path)) = (apply.apply, &apply.plan_file) else {
        return Ok(None);
    };
    let name = terminal(&path.display().to_string()).into_owned();
    let text = read_capped(path).map_err(|e| Failure::Usage(format!("{name}: {e}")))?;
    Plan::from_json(&text)
        .map(Some)
        .map_err(|e| Failure::Usage(format!("{name}: {}", terminal(&e.to_string()))))
}

/// A plan file's text, at most 64 MiB.
fn read_capped(path: &Path) -> io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(64 << 20)
        .read_to_string(&mut text)?;
    Ok(text)
}

/// The saved plan, checked: made for this request (when the command names one), on this
/// instance, and still what planning now gives (else refused, naming what changed). Resuming
/// with a journal that exists, what its actions did is not a change.
async fn check_saved(
    offboarder: &Offboarder,
    saved: Plan,
    request: Option<&Request>,
    apply: &ApplyArgs,
) -> Result<Plan, Failure> {
    if saved.cloud != offboarder.cloud() || saved.instance_id != offboarder.instance_id() {
        return Err(Failure::Usage(format!(
            "the plan file is for {} instance \"{}\", not {} instance \"{}\"",
            saved.cloud,
            terminal(&saved.instance_id),
            offboarder.cloud(),
            terminal(offboarder.instance_id())
        )));
    }
    if let Some(request) = request
        && *request != saved.request
    {
        return Err(Failure::Usage(
            "the plan file was made for another request (user, options or rows) than this \
             command's: run the command the plan was made with, or make a new plan"
                .to_owned(),
        ));
    }
    let resuming = apply
        .journal
        .as_deref()
        .filter(|j| std::fs::metadata(j).is_ok_and(|m| m.len() > 0));
    let checked = match resuming {
        Some(journal) => offboarder.check_plan_resuming(&saved, journal).await,
        None => offboarder.check_plan(&saved).await,
    };
    match checked {
        Ok(current) => Ok(current),
        Err(Error::StalePlan { changes }) => {
            eprintln!("error: the saved plan is stale; nothing was sent. What changed:");
            for change in &changes {
                eprintln!("  - {}", terminal(change));
            }
            eprintln!("hint: make a new plan (the same command without --apply) and review it");
            Err(Failure::Exit(2))
        }
        Err(e) => Err(failure(e)),
    }
}

/// Writes the plan to `--plan-file` (dry runs).
fn save(apply: &ApplyArgs, plan: &Plan) -> Result<(), Failure> {
    let Some(path) = &apply.plan_file else {
        return Ok(());
    };
    let json = plan.to_json().map_err(failure)?;
    std::fs::write(path, json + "\n").map_err(|e| {
        Failure::Usage(format!(
            "cannot write the plan file {}: {e}",
            terminal(&path.display().to_string())
        ))
    })?;
    eprintln!(
        "plan saved to {}; apply it with --apply --plan-file {0}",
        terminal(&path.display().to_string())
    );
    Ok(())
}

/// Shows the plan; with `--apply`, asks, applies with the journal, verifies.
async fn execute(
    offboarder: &Offboarder,
    plan: &Plan,
    apply: &ApplyArgs,
    label: &str,
) -> Result<(), Failure> {
    let format = PlanFormat::or_default(apply.output);
    if !apply.apply {
        let mut out = io::stdout().lock();
        match format {
            PlanFormat::Json => writeln!(out, "{}", plan.to_json().map_err(failure)?)?,
            PlanFormat::Table => write!(out, "{}", render::plan_table(plan))?,
        }
        out.flush()?;
        eprintln!("dry run: only reads were sent; add --apply to execute this plan");
        return Ok(());
    }
    if format == PlanFormat::Table {
        let mut out = io::stdout().lock();
        write!(out, "{}", render::plan_table(plan))?;
        out.flush()?;
    }
    if !plan.actions.is_empty() {
        let question = format!(
            "Apply these {} action(s) to {} instance {}?",
            plan.actions.len(),
            plan.cloud,
            terminal(&plan.instance_id)
        );
        if !apply.yes && format == PlanFormat::Json {
            // The plan goes where the question is asked.
            eprint!("{}", render::plan_table(plan));
        }
        match confirm::ask(&question, apply.yes)? {
            Consent::Given => {}
            Consent::Refused => {
                eprintln!("not applied: nothing was sent");
                return Err(Failure::Exit(1));
            }
            Consent::NobodyToAsk => {
                return Err(Failure::Usage(
                    "--apply needs --yes when stdin is not a terminal".to_owned(),
                ));
            }
        }
    }
    let journal = apply
        .journal
        .clone()
        .unwrap_or_else(|| default_journal(plan.cloud, label));
    eprintln!(
        "journal: {} (if the run stops, run the same command again with --journal {0} to resume)",
        terminal(&journal.display().to_string())
    );
    let outcome = match offboarder
        .apply(plan, &journal, progress(plan.actions.len()))
        .await
    {
        Ok(outcome) => outcome,
        Err(e) => {
            if format == PlanFormat::Json
                && let Error::Stopped {
                    failed,
                    error,
                    done,
                    not_done,
                    ..
                } = &e
            {
                let stopped = serde_json::json!({
                    "plan": plan,
                    "journal": journal.display().to_string(),
                    "stopped": {"failed": failed, "error": error, "done": done, "not_done": not_done},
                });
                writeln!(io::stdout().lock(), "{stopped}")?;
            }
            return Err(stopped_or(e, &journal));
        }
    };
    let verification = offboarder.verify(plan).await.map_err(failure)?;
    print_outcome(
        format,
        || render::applied_json(plan, &outcome, &verification, &journal),
        || render::applied_table(&outcome, &verification, &journal),
    )?;
    verified(&verification)
}

/// Prints an outcome on stdout in `format`.
fn print_outcome(
    format: PlanFormat,
    json: impl FnOnce() -> serde_json::Value,
    table: impl FnOnce() -> String,
) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match format {
        PlanFormat::Json => writeln!(out, "{}", json())?,
        PlanFormat::Table => write!(out, "{}", table())?,
    }
    out.flush()?;
    Ok(())
}

/// Exit 0 when the verification found everything done, else 1 saying what is not.
fn verified(verification: &idc_offboard::Verification) -> Result<(), Failure> {
    if verification.is_clean() {
        Ok(())
    } else {
        Err(Failure::Service(format!(
            "not done: {} (see the output)",
            render::unverified(verification)
        )))
    }
}

/// The progress lines on stderr: each action numbered as it starts, and its outcome.
fn progress(total: usize) -> impl FnMut(&Event) + Send {
    let mut number = 0;
    let mut last: Option<String> = None;
    move |event: &Event| {
        let key = match event {
            Event::Started { action, .. }
            | Event::Done { action }
            | Event::AlreadyDone { action }
            | Event::Skipped { action }
            | Event::Failed { action, .. } => action,
        };
        if last.as_ref() != Some(key) {
            number += 1;
            last = Some(key.clone());
        }
        eprintln!("{}", render::event_line(event, number, total));
    }
}

/// A journal name of its own in the current directory: `idc-journal-<cloud>-<label>-<time>.jsonl`.
fn default_journal(cloud: Cloud, label: &str) -> PathBuf {
    let label: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let now = time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default();
    PathBuf::from(format!("idc-journal-{cloud}-{label}-{now}.jsonl"))
}

/// A failed run: the library's error, with how to resume when it stopped part way.
fn stopped_or(e: Error, journal: &Path) -> Failure {
    match e {
        Error::Stopped { .. } => Failure::Hinted {
            cause: Box::new(Failure::Service(e.to_string())),
            hint: format!(
                "hint: to resume, run the same command again with --journal {} (the actions it \
                 records done are skipped; one started without an outcome is checked first)",
                journal.display()
            ),
        },
        e => failure(e),
    }
}

/// Rows of `idc revoke` that cannot become actions: each with why, and for a GROUP row what
/// each `--via` would also end. Exit 2.
fn refused(refusals: &[Refusal]) -> Failure {
    eprintln!(
        "error: {} row(s) refused; nothing was sent:",
        refusals.len()
    );
    for refusal in refusals {
        eprintln!("  - {}", render::row_line(refusal.row()));
        eprintln!("    {}", terminal(&refusal.reason()));
        if let Refusal::GroupRowNeedsVia {
            membership_consequences,
            group_assignment_consequences,
            ..
        } = refusal
        {
            for (via, rows) in [
                ("--via membership also ends", membership_consequences),
                (
                    "--via group-assignment also ends",
                    group_assignment_consequences,
                ),
            ] {
                eprintln!("    {via} {} access(es):", rows.len());
                for row in rows {
                    eprintln!("      {}", render::row_line(row));
                }
            }
        }
    }
    Failure::Exit(2)
}

/// The library's error as a failure: usage (exit 2) or the rest (exit 1).
fn failure(e: Error) -> Failure {
    match e {
        Error::Idc(e) => Failure::Idc(e),
        Error::Report(e) => Failure::from(e),
        e if e.is_usage() => Failure::Usage(e.to_string()),
        e => Failure::Service(e.to_string()),
    }
}
