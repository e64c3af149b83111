//! Huawei Cloud IAM Identity Center.
