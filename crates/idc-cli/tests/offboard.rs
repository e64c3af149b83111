//! `idc offboard`, `idc revoke` and `idc undo` end to end against the emulator, on both clouds:
//! the dry run sends no write, apply and verify, undo restores the report, a fault stops a run
//! that resumes, a killed run is undone, a stale plan is refused, `--via` ends what it says.

mod common;

#[path = "offboard/support.rs"]
mod support;

#[path = "offboard/cycle.rs"]
mod cycle;
#[path = "offboard/interrupted.rs"]
mod interrupted;
#[path = "offboard/revoke.rs"]
mod revoke;
#[path = "offboard/usage.rs"]
mod usage;
#[path = "offboard/walkthrough.rs"]
mod walkthrough;
