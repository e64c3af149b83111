//! Huawei Cloud: the handlers of IdentityCenter (`identitycenter`), IdentityStore
//! (`identitystore`) and Organizations (`organizations`) over the same rows, and the error
//! codes of their 404s (routing, parsing and validation are generated from the specs).

mod codes;
mod common;
mod identitycenter;
mod identitycenter_app_certificates;
mod identitycenter_applications;
mod identitycenter_assignments;
mod identitycenter_configuration;
mod identitycenter_items;
mod identitycenter_permission_sets;
mod identitycenter_reads;
mod identitycenter_service;
mod identitycenter_statuses;
mod identitycenter_tags;
mod identitystore;
mod identitystore_groups;
mod identitystore_idp;
mod identitystore_lookups;
mod identitystore_settings;
mod identitystore_sign_ins;
mod identitystore_sp;
mod identitystore_users;
mod lookups;
mod organizations;
mod organizations_hierarchy;
mod saml_metadata;

pub use codes::{
    CONCURRENT_REQUEST, CONFIGURATION_CONFLICT, DUPLICATE_POLICY, IDENTITY_TAKEN,
    MODIFICATION_CONFLICT, NOT_FOUND, PERMISSION_SET_NAME_TAKEN, PRINCIPAL_IN_USE, UNKNOWN_ACCOUNT,
    UNKNOWN_APPLICATION, UNKNOWN_CONFIGURATION, UNKNOWN_GROUP, UNKNOWN_IDENTITY_STORE,
    UNKNOWN_INSTANCE, UNKNOWN_MEMBERSHIP, UNKNOWN_ORGANIZATIONS_ACCOUNT, UNKNOWN_PERMISSION_SET,
    UNKNOWN_PRINCIPAL, UNKNOWN_SIGN_IN, UNKNOWN_USER,
};
