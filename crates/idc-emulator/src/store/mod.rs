//! The data the emulator serves: the rows of both clouds ([`dataset`], [`huawei_rows`],
//! [`scp_rows`]), the checks that keep their references whole, and the indexes the operations look
//! them up by ([`tables`]).

pub(crate) mod certificates;
pub(crate) mod dataset;
pub(crate) mod documents;
pub(crate) mod error;
pub(crate) mod huawei_application_settings;
pub(crate) mod huawei_applications;
pub(crate) mod huawei_catalog;
pub(crate) mod huawei_check;
pub(crate) mod huawei_dependents;
pub(crate) mod huawei_identity_writes;
pub(crate) mod huawei_index;
pub(crate) mod huawei_principals;
pub(crate) mod huawei_references;
pub(crate) mod huawei_rows;
pub(crate) mod huawei_statuses;
pub(crate) mod huawei_store_documents;
pub(crate) mod huawei_writes_assignments;
pub(crate) mod huawei_writes_instances;
pub(crate) mod huawei_writes_permission_sets;
pub(crate) mod keys;
pub(crate) mod markers;
pub(crate) mod references;
#[cfg(test)]
mod references_tests;
pub(crate) mod rows;
pub(crate) mod scp_check;
pub(crate) mod scp_dependents;
pub(crate) mod scp_index;
pub(crate) mod scp_queries;
pub(crate) mod scp_references;
pub(crate) mod scp_rows;
pub(crate) mod scp_writes;
pub(crate) mod scp_writes_access;
pub(crate) mod scp_writes_instances;
#[cfg(test)]
mod scp_writes_tests;
pub(crate) mod table;
pub(crate) mod tables;
pub(crate) mod writes;
