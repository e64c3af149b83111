//! `idc offboard huawei|scp`, `idc revoke` and `idc undo`: the command line of `idc_offboard`.
//!
//! The plan, the apply with its journal, the verification and the undo are the library's; this
//! module reads the flags, asks for confirmation, prints the plan and the outcome, and chooses
//! the exit code.

mod args;
mod confirm;

pub use args::{OffboardCommand, RevokeArgs, UndoArgs};

use crate::Failure;

/// Runs `idc offboard <cloud>`.
pub async fn run(command: OffboardCommand) -> Result<(), Failure> {
    let _ = command;
    Err(Failure::Usage("idc offboard: not yet".to_owned()))
}

/// Runs `idc revoke`.
pub async fn run_revoke(args: RevokeArgs) -> Result<(), Failure> {
    let _ = args;
    Err(Failure::Usage("idc revoke: not yet".to_owned()))
}

/// Runs `idc undo`.
pub async fn run_undo(args: UndoArgs) -> Result<(), Failure> {
    let _ = args;
    Err(Failure::Usage("idc undo: not yet".to_owned()))
}
