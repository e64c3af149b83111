//! Samsung Cloud Platform IAM Identity Center.
