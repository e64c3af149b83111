//! Off-boarding against the emulator's demo data, on both clouds: dry run, apply, verify, undo;
//! a fault on the third write and the resumed run; started actions checked before they are sent
//! again; a stale saved plan refused; `revoke` of report rows with each `--via`.

mod common;
mod flows;

use flows::Cloud;

#[tokio::test]
async fn huawei_offboard_dry_run_apply_verify_undo() {
    flows::offboard_apply_verify_undo(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_offboard_dry_run_apply_verify_undo() {
    flows::offboard_apply_verify_undo(Cloud::Scp).await;
}

#[tokio::test]
async fn huawei_fault_on_the_third_write_then_resume() {
    flows::fault_on_third_write(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_fault_on_the_third_write_then_resume() {
    flows::fault_on_third_write(Cloud::Scp).await;
}

#[tokio::test]
async fn huawei_resume_checks_started_actions() {
    flows::resume_checks_started_actions(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_resume_checks_started_actions() {
    flows::resume_checks_started_actions(Cloud::Scp).await;
}

#[tokio::test]
async fn huawei_stale_plan_is_refused() {
    flows::stale_plan_is_refused(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_stale_plan_is_refused() {
    flows::stale_plan_is_refused(Cloud::Scp).await;
}

#[tokio::test]
async fn huawei_revoke_rows_each_via() {
    flows::revoke_rows_each_via(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_revoke_rows_each_via() {
    flows::revoke_rows_each_via(Cloud::Scp).await;
}

#[tokio::test]
async fn huawei_killed_mid_apply_undo_restores() {
    flows::killed_mid_apply_undo_restores(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_killed_mid_apply_undo_restores() {
    flows::killed_mid_apply_undo_restores(Cloud::Scp).await;
}

#[tokio::test]
async fn huawei_bad_input_is_refused() {
    flows::bad_input_is_refused(Cloud::Huawei).await;
}

#[tokio::test]
async fn scp_bad_input_is_refused() {
    flows::bad_input_is_refused(Cloud::Scp).await;
}
