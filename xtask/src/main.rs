//! `cargo xtask codegen [--check]`: regenerate every generated layer from `specs/` (the raw clients
//! of `idc-raw`, the facade builders of `idc`, the CLI subcommands of `idc-cli`, the emulator's
//! routes), or check that they are fresh. `cargo xtask cycles`: fail on an import cycle between the
//! files of a crate. `cargo xtask stats`: the emulator's hand-written lines per operation.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::Layout;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project automation for the idc workspace"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate every layer from specs/*.yaml: crates/{idc-raw,idc,idc-cli,idc-emulator}/src/generated.
    Codegen {
        /// Write nothing; exit non-zero with a diff when the checked-in files are stale.
        #[arg(long)]
        check: bool,
    },
    /// Fail, naming each one, when files of a crate refer to each other in a cycle.
    Cycles,
    /// Measure the emulator's hand-written lines per operation (its `Handlers` method plus the
    /// helpers only it uses; generated code and demo data not counted).
    Stats,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let layout = match Layout::this_workspace() {
        Ok(layout) => layout,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Cycles => match xtask::cycles::check(&layout.root) {
            Ok(cycles) if cycles.is_empty() => {
                println!("no import cycle between the files of any crate");
                ExitCode::SUCCESS
            }
            Ok(cycles) => {
                for cycle in &cycles {
                    eprint!("{cycle}");
                }
                eprintln!("error: {} import cycle(s)", cycles.len());
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Stats => {
            let src = layout.root.join("crates/idc-emulator/src");
            match xtask::stats::emulator(&src) {
                Ok(stats) => {
                    print!("{}", stats.report());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Codegen { check: false } => match xtask::write(&layout) {
            Ok(files) => {
                for file in files {
                    println!("wrote {}", file.path.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Codegen { check: true } => match xtask::check(&layout) {
            Ok(stale) if stale.is_empty() => {
                println!("generated code is up to date with specs/");
                ExitCode::SUCCESS
            }
            Ok(stale) => {
                for s in &stale {
                    eprintln!("{}", s.diff);
                }
                eprintln!(
                    "error: {} generated file(s) are stale; run `cargo xtask codegen` and commit the result",
                    stale.len()
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
