//! idc: IAM Identity Center on Huawei Cloud and Samsung Cloud Platform.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod clock;
pub mod huawei;
pub mod scp;

pub use idc_raw::PrincipalType;
