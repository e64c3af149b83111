//! `idc`: who can reach which account or application, from a terminal.
//!
//! ```text
//! idc huawei identitycenter list-account-assignments-for-principal --instance-id I --principal-id P --principal-type USER
//! idc scp iam-identity-center list-account-assignments --instance-id I --target-account-id A [--api-version 1.4]
//! idc huawei account-assignments ...   (the short names of earlier versions still work)
//! idc report huawei --instance-id I [--user U] [--account A] [--output json|csv|table|html]
//! idc report scp --instance-id I [--no-expand-groups]
//! idc diff OLD.jsonl NEW.jsonl [--exit-code]
//! idc offboard huawei|scp --user U [--disable-user] [--revoke-sessions] [--plan-file F] [--apply [--yes]] [--journal J]
//! idc revoke --rows FILE|- [--via membership|group-assignment] [--apply [--yes]] [--journal J]
//! idc undo JOURNAL
//! idc audit huawei|scp [--rules R,R] [--skip-rules R] [--fail-on high] [--baseline F] [--output table|jsonl|csv|html]
//! idc demo
//! idc completions bash|zsh|fish|powershell
//! ```
//!
//! Every `<cloud> <service> <operation>` subcommand is generated from the specs; this file holds
//! what they share: the top-level command, failures and exit codes.
//!
//! Exit codes: 0 success, 1 service or transport error, 2 usage or configuration error.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod args;
mod audit;
mod clients;
mod demo;
mod dry_run;
mod failure;
mod fields;
mod input;
mod offboard;
mod output;
mod profile;
mod progress;
mod report;
mod scope;

// The subcommands of every operation, generated from `specs/` by `cargo xtask codegen`.
#[allow(missing_docs, clippy::all)]
mod generated {
    include!("generated/modules.rs");
}

use std::io;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use idc::Error;
use idc_report::escape;

pub(crate) use failure::Failure;

const AFTER_HELP: &str = "\
Credentials come from the environment or the cloud's profile file:
  Huawei: HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_DOMAIN_ID, and for
          identitystore (and idc report huawei) HUAWEICLOUD_SDK_PROJECT_ID
          (or ~/.huaweicloud/credentials: [global] with domain_id, [basic] with project_id)
  SCP:    SCP_ACCESS_KEY, SCP_SECRET_KEY (or ~/.scpconf/credentials.json)
Endpoints: --endpoint, else IDC_HUAWEI_ENDPOINT / IDC_SCP_ENDPOINT, else the profile's, else the
region's. Profiles (--profile NAME or IDC_PROFILE): ~/.config/idc/config.toml.

Exit codes: 0 success, 1 service or transport error, 2 usage or configuration error
(idc diff: 0 no changes or no --exit-code, 1 changes found with --exit-code, 2 any failure;
idc offboard, revoke, undo: 1 also when verification finds an access remaining or a
restoration not in effect; idc audit --fail-on S: 1 also when a finding at or above S remains).

Try it with no account and no network: idc demo";

#[derive(Parser)]
#[command(
    name = "idc",
    version,
    about = "IAM Identity Center assignments on Huawei Cloud and Samsung Cloud Platform",
    after_help = AFTER_HELP
)]
struct Cli {
    /// Take endpoint, region, instance and credentials file from this profile of
    /// ~/.config/idc/config.toml (or $IDC_CONFIG_FILE); flags and IDC_HUAWEI_ENDPOINT /
    /// IDC_SCP_ENDPOINT win over it.
    #[arg(long, global = true, env = profile::ENV_PROFILE, value_name = "NAME")]
    profile: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Huawei Cloud IAM Identity Center: `idc huawei <service> <operation>`.
    Huawei {
        #[command(subcommand)]
        command: Box<generated::huawei::Command>,
    },
    /// Samsung Cloud Platform IAM Identity Center: `idc scp <service> <operation>`.
    Scp {
        #[command(subcommand)]
        command: Box<generated::scp::Command>,
    },
    /// The access report: every user's effective access, with names, groups expanded.
    ///
    /// `idc report huawei --instance-id I`, `idc report scp --instance-id I` (the instance is
    /// discovered when there is exactly one). Filters (`--user`, `--group`, `--account`,
    /// `--permission-set`, `--application`) take ids or exact names, are repeatable (OR within a
    /// filter, AND across), and a value matching nothing exits 2.
    Report {
        #[command(subcommand)]
        command: report::ReportCommand,
    },
    /// What is wrong, not only who has what: findings of rules IDC001-IDC009 over the access
    /// report (same instance, filter and concurrency flags as idc report).
    ///
    /// Exit codes: 0 done (with --fail-on: no finding at or above it remains after the
    /// baseline); 1 a request failed, or a finding at or above --fail-on remains; 2 usage (an
    /// unknown rule, a malformed baseline).
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// The accesses granted and revoked between two JSON-lines reports.
    Diff(report::DiffArgs),
    /// End every access of a user: the plan (a dry run: only reads are sent), then with --apply
    /// the deletes, journaled, and a check that nothing remains.
    ///
    /// Exit codes: 0 the plan was shown, or applied and nothing but applications open to all
    /// users remains; 1 a request failed or something remains (both named); 2 usage.
    Offboard {
        #[command(subcommand)]
        command: offboard::OffboardCommand,
    },
    /// End exactly the accesses of some report rows (`idc report --output json`, `idc diff`,
    /// filtered with jq): the plan, then with --apply the deletes, journaled, and verified.
    ///
    /// Exit codes as `idc offboard`.
    Revoke(Box<offboard::RevokeArgs>),
    /// Re-create what the actions of a journal removed, in reverse order, journaled the same way.
    ///
    /// Exit codes: 0 everything that can be restored was, and is verified (what cannot, deleted
    /// sessions, is said); 1 a request failed or a restoration is not in effect; 2 usage (a
    /// missing or malformed journal).
    Undo(Box<offboard::UndoArgs>),
    /// Start the built-in emulator and run an access report against it (no account, no network).
    Demo,
    /// Print the completion script of a shell: `idc completions bash > /etc/bash_completion.d/idc`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Completions { shell } = cli.command {
        let mut command = <Cli as clap::CommandFactory>::command();
        let mut out = io::stdout().lock();
        clap_complete::generate(shell, &mut command, "idc", &mut out);
        return match io::Write::flush(&mut out) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => ExitCode::from(fail(Failure::Output(e), Cloud::None)),
        };
    }
    // Only the commands that talk to a cloud read the profile: `idc diff` and `idc demo` work
    // whatever IDC_PROFILE says.
    let uses_clients = matches!(
        cli.command,
        Command::Huawei { .. }
            | Command::Scp { .. }
            | Command::Report { .. }
            | Command::Offboard { .. }
            | Command::Revoke(_)
            | Command::Undo(_)
            | Command::Audit { .. }
    );
    if let Some(name) = cli
        .profile
        .as_deref()
        .filter(|n| uses_clients && !n.is_empty())
    {
        match profile::load(name, &idc::credentials::ProcessEnv) {
            Ok(profile) => clients::use_profile(profile),
            Err(message) => {
                eprintln!("error: {}", escape::terminal(&message));
                return ExitCode::from(2);
            }
        }
    }
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
        Err(failure) => ExitCode::from(fail(failure, cloud)),
    }
}

/// Says on stderr why the command failed; gives the exit code.
fn fail(failure: Failure, cloud: Cloud) -> u8 {
    match failure {
        // `idc ... | head -1`: the reader is gone, which is not an error of ours.
        Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Failure::Output(e) => {
            eprintln!(
                "error: cannot write the output: {}",
                escape::terminal(&e.to_string())
            );
            1
        }
        Failure::Exit(code) => code,
        Failure::Usage(message) => {
            eprintln!("error: {}", escape::terminal(&message));
            2
        }
        Failure::Service(message) => {
            eprintln!("error: {}", escape::terminal(&message));
            1
        }
        Failure::Diff(cause) => match fail(*cause, cloud) {
            0 => 0,
            _ => 2,
        },
        Failure::Hinted { cause, hint } => {
            let code = fail(*cause, cloud);
            if code != 0 {
                eprintln!("{}", escape::terminal(&hint));
            }
            code
        }
        Failure::Report(e) => {
            eprintln!("error: {}", escape::terminal(&e.to_string()));
            // The library says what to choose; on the command line, it is a flag.
            if let idc_report::Error::InstanceDiscovery { .. } = e {
                eprintln!(
                    "hint: choose the instance with --instance-id (or a profile's instance_id)"
                );
            }
            if let idc_report::Error::DifferentInstances { .. } = e {
                eprintln!(
                    "hint: to compare them anyway (every access then differs), pass \
                     --allow-different-instances"
                );
            }
            report_exit_code(&e)
        }
        Failure::Idc(e) => {
            // The library escapes server text already; this also covers anything else.
            eprintln!("error: {}", escape::terminal(&cli_words(&e.to_string())));
            // How to set credentials, only when none (or half of them) were set: a file that
            // exists but cannot be read is named by the error, and its keys may well be set.
            if let Error::Credentials(
                idc::credentials::CredentialsError::NoneFound { .. }
                | idc::credentials::CredentialsError::NotConfigured { .. }
                | idc::credentials::CredentialsError::Incomplete { .. },
            ) = e
            {
                eprintln!("{}", credentials_hint(cloud));
            }
            if let Error::WaitTimedOut {
                operation,
                request_id,
                ..
            } = &e
            {
                eprintln!(
                    "hint: the work may still finish; wait on it again with `{} --request-id {} \
                     --wait` (same --instance-id), or read its status without --wait",
                    kebab(operation),
                    escape::terminal(request_id)
                );
            }
            if e.status() == Some(403) {
                eprintln!(
                    "hint: these operations can be called only from the organization's management \
                     account or from a delegated administrator account; check which account the \
                     credentials belong to"
                );
            }
            exit_code(&e)
        }
    }
}

/// An operation's subcommand name: `DescribeAccountAssignmentCreationStatus` ->
/// `describe-account-assignment-creation-status`.
fn kebab(operation: &str) -> String {
    let mut name = String::new();
    for c in operation.chars() {
        if c.is_ascii_uppercase() && !name.is_empty() {
            name.push('-');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}

/// The library's messages name its methods; on the command line, name the flags instead.
fn cli_words(message: &str) -> String {
    message.replace(
        "allow_expired_api_versions(true)",
        "--allow-expired-api-version",
    )
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

/// 2 for a filter matching nothing, an instance to choose, malformed input and reports of
/// different instances, 1 for output failures.
fn report_exit_code(e: &idc_report::Error) -> u8 {
    match e {
        idc_report::Error::Idc(e) => exit_code(e),
        idc_report::Error::FilterMatchesNothing { .. }
        | idc_report::Error::AmbiguousFilter { .. }
        | idc_report::Error::InstanceDiscovery { .. }
        | idc_report::Error::InstanceNotFound { .. }
        | idc_report::Error::MalformedLine { .. }
        | idc_report::Error::DifferentInstances { .. }
        | idc_report::Error::Read { .. } => 2,
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
            "hint: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_DOMAIN_ID; \
             HUAWEICLOUD_SDK_PROJECT_ID for identitystore), or write them to \
             ~/.huaweicloud/credentials: under [global] as ak, sk, domain_id, under [basic] as ak, \
             sk, project_id"
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
        Command::Huawei { command } => (Cloud::Huawei, command.run().await),
        Command::Scp { command } => (Cloud::Scp, command.run().await),
        Command::Report { command } => {
            let cloud = match &command {
                report::ReportCommand::Huawei { .. } => Cloud::Huawei,
                report::ReportCommand::Scp { .. } => Cloud::Scp,
            };
            (cloud, report::run(command).await)
        }
        Command::Audit { command } => {
            let cloud = match &command {
                audit::AuditCommand::Huawei { .. } => Cloud::Huawei,
                audit::AuditCommand::Scp { .. } => Cloud::Scp,
            };
            (cloud, audit::run(command).await)
        }
        Command::Diff(args) => (
            Cloud::None,
            match report::run_diff(&args) {
                Ok(true) if args.exit_code => Err(Failure::Exit(1)),
                Ok(_) => Ok(()),
                Err(e) => Err(Failure::Diff(Box::new(e))),
            },
        ),
        Command::Offboard { command } => {
            let cloud = match &command {
                offboard::OffboardCommand::Huawei { .. } => Cloud::Huawei,
                offboard::OffboardCommand::Scp { .. } => Cloud::Scp,
            };
            (cloud, offboard::run(command).await)
        }
        Command::Revoke(args) => (Cloud::None, offboard::run_revoke(*args).await),
        Command::Undo(args) => (Cloud::None, offboard::run_undo(*args).await),
        Command::Demo => (Cloud::None, demo::run().await.map_err(Failure::from)),
        // Answered in `main`, before the runtime starts.
        Command::Completions { .. } => (Cloud::None, Ok(())),
    }
}

#[cfg(test)]
mod tests {
    /// Every generated subcommand's flags agree with one another (names, `requires`,
    /// `required_unless_present` naming flags that exist...), as clap checks in debug builds.
    #[test]
    fn every_subcommand_is_well_formed() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }

    #[test]
    fn an_operation_name_becomes_its_subcommand() {
        assert_eq!(
            super::kebab("DescribeAccountAssignmentCreationStatus"),
            "describe-account-assignment-creation-status"
        );
        assert_eq!(super::kebab("ListUsers"), "list-users");
    }
}
