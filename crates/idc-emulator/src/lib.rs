//! A local emulator of IAM Identity Center on Huawei Cloud and Samsung Cloud Platform (SCP), for
//! testing code that calls them, like moto or LocalStack do for AWS.
//!
//! One HTTP server serves the operations of both clouds, with the request and response shapes of
//! the specs in `specs/`, from an in-memory [`DataSet`]:
//!
//! <!-- generated:operations -->
//! | cloud | service | operations |
//! | --- | --- | --- |
//! | Huawei | `identitycenter` (global) | `ListApplicationProviders`, `DescribeApplicationProvider`, `ListApplicationTemplates`, `ListCatalogApplications`, `GetIdentityCenterServiceStatus`, `ListInstances`, `DescribeInstanceAccessControlAttributeConfiguration`, `UpdateInstanceAccessControlAttributeConfiguration`, `CreateInstanceAccessControlAttributeConfiguration`, `DeleteInstanceAccessControlAttributeConfiguration`, `ListAccountAssignments`, `ListAccountAssignmentsForPrincipal`, `CreateAccountAssignment`, `DescribeAccountAssignmentCreationStatus`, `ListAccountAssignmentCreationStatus`, `DeleteAccountAssignment`, `DescribeAccountAssignmentDeletionStatus`, `ListAccountAssignmentDeletionStatus`, `CreateAlias`, `ListApplicationAssignmentsForPrincipal`, `ListApplicationInstances`, `CreateApplicationInstance`, `GetApplicationInstance`, `DeleteApplicationInstance`, `ListApplicationInstanceCertificates`, `CreateApplicationInstanceCertificate`, `UpdateApplicationInstanceActiveCertificate`, `DeleteApplicationInstanceCertificate`, `UpdateApplicationInstanceDisplayData`, `ImportApplicationInstanceServiceProviderMetadata`, `ListProfiles`, `DeleteProfile`, `UpdateApplicationInstanceResponseConfiguration`, `UpdateApplicationInstanceResponseSchemaConfiguration`, `UpdateApplicationInstanceSecurityConfiguration`, `UpdateApplicationInstanceServiceProviderConfiguration`, `UpdateApplicationInstanceStatus`, `ListApplications`, `DescribeApplication`, `ListApplicationAssignments`, `GetApplicationAssignmentConfiguration`, `CreateApplicationAssignment`, `DeleteApplicationAssignment`, `DisassociateProfile`, `GetHaConfiguration`, `UpdateHaConfiguration`, `ListIdentityStoreAssociation`, `GetMfaDeviceManagementForIdentityStore`, `PutMfaDeviceManagementForIdentityStore`, `GetPermissionSetSummary`, `ListPermissionSets`, `CreatePermissionSet`, `ListPermissionSetsProvisionedToAccount`, `DescribePermissionSetProvisioningStatus`, `ListPermissionSetProvisioningStatus`, `DescribePermissionSet`, `UpdatePermissionSet`, `DeletePermissionSet`, `ListAccountsForProvisionedPermissionSet`, `AttachManagedPolicyToPermissionSet`, `AttachManagedRoleToPermissionSet`, `GetCustomPolicyForPermissionSet`, `PutCustomPolicyToPermissionSet`, `DeleteCustomPolicyFromPermissionSet`, `GetCustomRoleForPermissionSet`, `PutCustomRoleToPermissionSet`, `DeleteCustomRoleFromPermissionSet`, `DetachManagedPolicyFromPermissionSet`, `DetachManagedRoleFromPermissionSet`, `ListManagedPoliciesInPermissionSet`, `ListManagedRolesInPermissionSet`, `ProvisionPermissionSet`, `GetSsoConfiguration`, `UpdateSsoConfiguration`, `ListTagResources`, `CreateTagResource`, `DeleteTagResource`, `RegisterRegion`, `DescribeRegisteredRegions`, `DeleteIdentityCenter`, `StartIdentityCenter` |
//! | Huawei | `identitystore` (regional, project-scoped) | `ListExternalIdPConfigurationsForDirectory`, `CreateExternalIdPConfigurationForDirectory`, `UpdateExternalIdPConfigurationForDirectory`, `DeleteExternalIdPConfigurationForDirectory`, `ListExternalIdPCertificates`, `ImportExternalIdPCertificate`, `DeleteExternalIdPCertificate`, `DisableExternalIdPConfigurationForDirectory`, `EnableExternalIdPConfigurationForDirectory`, `ListGroupMemberships`, `CreateGroupMembership`, `ListGroupMembershipsForMember`, `GetGroupMembershipId`, `DescribeGroupMembership`, `DeleteGroupMembership`, `ListGroups`, `CreateGroup`, `DescribeGroups`, `GetGroupId`, `DescribeGroup`, `UpdateGroup`, `DeleteGroup`, `GetIdentityStoreSummary`, `IsMemberInGroups`, `DescribePasswordPolicy`, `UpdatePasswordPolicy`, `ListProvisioningTenants`, `CreateProvisioningTenant`, `ListSpCertificates`, `CreateSpCertificate`, `DeleteSpCertificate`, `UpdateSpActiveCertificate`, `GetSpConfigurationForDirectory`, `DeleteProvisioningTenant`, `ListBearerTokens`, `CreateBearerToken`, `DeleteBearerToken`, `ListUsers`, `CreateUser`, `DescribeUsers`, `BatchListMfaDevicesForUser`, `GetUserId`, `DescribeUser`, `UpdateUser`, `DeleteUser`, `DisableUser`, `EnableUser`, `RegisterMfaDeviceForUser`, `UpdateMfaDeviceForUser`, `DeleteMfaDeviceForUser`, `ResetPwdMode`, `ListSessions`, `BatchDeleteSessions`, `VerifyEmail` |
//! | Huawei | `organizations` (global) | `ShowOrganization`, `ListAccounts`, `ShowAccount`, `ListDelegatedServices`, `ListDelegatedAdministrators`, `ListEntities`, `ListOrganizationalUnits`, `ShowOrganizationalUnit`, `ListRoots` |
//! | SCP | `iam-identity-center` (API versions 1.0 to 1.4) | `ListVersions`, `ListAccountAssignments`, `CreateAccountAssignment`, `DeleteBulkAccountAssignment`, `DeleteAccountAssignment`, `ListGroups`, `CreateGroup`, `DeleteBulkGroups`, `ShowGroup`, `DeleteGroup`, `SetGroup`, `ListGroupUsers`, `CreateBulkGroupUsers`, `DeleteBulkGroupUsers`, `ListInstances`, `CreateInstance`, `ShowInstance`, `DeleteInstance`, `SetInstance`, `ListPermissionSets`, `CreatePermissionSet`, `ShowPermissionSet`, `DeletePermissionSet`, `SetPermissionSet`, `ListPermissionSetPolicies`, `SetPermissionSetPolicies`, `DeletePermissionSetPolicies`, `ListUsers`, `CreateUser`, `DeleteBulkUsers`, `ShowUser`, `DeleteUser`, `SetUser` |
//! | SCP | `organization` (API version 1.2) | `ListVersions`, `ListAccounts`, `ShowAccount` |
//! <!-- /generated -->
//!
//! Routes, parsing and validation are generated from the specs; an operation without a data
//! lookup answers 501.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use idc_emulator::{DataSet, Emulator, demo};
//!
//! let emulator = Emulator::builder().data(DataSet::demo()).start().await?;
//! // Point a client at emulator.base_url() with demo::HUAWEI_ACCESS_KEY / demo::HUAWEI_SECRET_KEY
//! // (and X-Domain-Id demo::HUAWEI_DOMAIN_ID), or demo::SCP_ACCESS_KEY / demo::SCP_SECRET_KEY.
//! println!("serving on {}", emulator.base_url());
//! assert_eq!(emulator.request_count(), 0);
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Behaviour
//!
//! **Huawei.** Every view is derived from the same rows (instances, users, groups, memberships,
//! permission sets, accounts, applications, assignments), so the forward and reverse views of
//! assignments, and the three membership views, always agree. Request limits are the specs'. An
//! unknown id is a 404 in Huawei's error shape: `IIC.1007` instance, `IIC.1008` permission set,
//! `IIC.1009` application, `IIC.1010` principal (not a user or group of the instance's identity
//! store), `IIC.1011` account, `IDS.1001` identity store, `IDS.1002` user, `IDS.1003` group,
//! `Organizations.1003` account of `ShowAccount` (constants in [`huawei`]). Pages are chained by opaque markers of 24 hex digits: 4 bytes of the sort key after the
//! last row served (not an offset) and 8 bytes of a hash of the operation and its filters, so a
//! marker given to another query (or garbage) is a 400; `next_marker` is `null` on the last page and `current_count` is the page's length.
//! Invalid requests get `400 {"error_code": "IIC.1000", "error_msg", "request_id"}`. Every response
//! carries an `X-Request-Id` header. IdentityStore writes change those rows (a name or membership
//! taken is `409 IDS.1409`; a membership, session or MFA device not found `IDS.1004`/`IDS.1005`;
//! deleting a user or group cascades to its memberships, and a user's sessions and MFA devices, and
//! is refused with `409 IDS.1410` while assignments name it): see the README.
//!
//! **SCP.** Every operation of both services (the table above) is a view of the same relational
//! rows ([`ScpData`]). Unknown ids are
//! `404 {"errors": [{"code": "NotFound", ...}]}`; lists page with a 0-based `page` and a `size` of
//! 1 to 100 (default 20; more is a 400) and answer `{<items>, count, page, size, sort}` with
//! `count` the number of matching items; `sort` is `field:asc|desc` keys (commas or repeated;
//! default `created_at:asc`, the data order); filters match exactly. Fields that differ by API
//! version follow the negotiated one: `public_ip`/`port` of instances from 1.3, the
//! `custom_policies` field and `CUSTOM_POLICY` category from 1.2 (`customer_policies` and
//! `CUSTOMER_POLICY` before). `GET /` lists the service's compiled version table, unauthenticated.
//! Invalid requests get `400 {"errors": [{"code": "ValidationError", "detail": [...], ...}]}`.
//! The full rules are in the crate's README.
//!
//! **SCP API versions** (`Scp-Api-Version: iam-identity-center <x.y>`, from the spec's version
//! table): without the header, the latest CURRENT version is used. A version whose Not Before
//! date is before the emulator clock's today (UTC) is refused with `400` and error code
//! `UnsupportedApiVersion` ("no longer supported"); so are PLANNED versions, unknown versions and
//! malformed headers. On its Not Before date a version still works. A version refused for its date
//! is also left out of `GET /`'s list; [`EmulatorBuilder::serve_past_versions`] (the binary's
//! `--serve-past-api-versions`) keeps serving and announcing such versions. Successful responses
//! echo the version served in `Scp-Api-Version`.
//!
//! **Authentication** (unless [`EmulatorBuilder::verify_signatures`]`(false)`). Huawei
//! `SDK-HMAC-SHA256`: the `Authorization` header is parsed, the access key looked up, and the
//! signature recomputed, with the `idc` crate's own signing functions, over the method, path,
//! query and body received and the headers `SignedHeaders` names, with their received values. An
//! `X-Sdk-Date` more than 15 minutes from the emulator's clock is refused. For the global services
//! a credential with a `domain_id` requires a matching `X-Domain-Id`; for the project-scoped
//! IdentityStore, `X-Project-Id` must equal the credential's `project_id` (a credential without one
//! is refused) and `X-Domain-Id` is not required. Failures are `401 {"error_code": "APIGW.0301",
//! ...}`; a signature mismatch says which canonical request the emulator computed. SCP: the
//! `Scp-Accesskey`, `Scp-Timestamp` (milliseconds, at most 15 minutes away), `Scp-Signature` and
//! `Scp-ClientType: Openapi` headers are checked, and the signature recomputed over
//! `http://{Host}{path?query as received}` (and `Scp-AccountId` when sent). Failures are
//! `401 {"status": "UNAUTHORIZED", "name": "Request was rejected by gateway", "message": ...}`.
//! Signatures are compared in constant time.
//!
//! **Other paths** get `404` (SCP's Spring-style `{"timestamp", "path", "status", "error",
//! "requestId"}` for `/v1/account-assignments...` or any request with an `Scp-*` header, Huawei's
//! `{"error_code": "APIGW.0101", ...}` otherwise); a wrong method gets `405` in the same shapes.
//!
//! **Faults** can be injected deterministically: see [`FaultPlan`].
//!
//! **Requests** are recorded: [`RunningEmulator::requests`] and
//! [`RunningEmulator::request_count`], within bounds (the last [`MAX_RECORDED_REQUESTS`] requests
//! and [`MAX_RECORDED_BYTES`] bytes by default); [`EmulatorBuilder::record_requests`]`(false)`
//! turns recording off (the `idc-emulator` binary does). The `Debug` of a [`RunningEmulator`]
//! shows counts, not the recorded requests, and a [`RecordedRequest`]'s shows secret header
//! values as `***`.
//!
//! **Limits.** A client has [`DEFAULT_HEADER_READ_TIMEOUT`] (10 s) to send a request's headers, a
//! connection silent for [`DEFAULT_IDLE_TIMEOUT`] (60 s) is closed, and at most
//! [`DEFAULT_MAX_CONNECTIONS`] (128) connections are served at once; all three are settings of
//! [`EmulatorBuilder`]. Secret header values (`X-Security-Token`, `X-Auth-Token`, ...) are never
//! echoed in an error message or a log, and the `Debug` of credentials and data sets shows secret
//! keys as `***`.
//!
//! # Data file format
//!
//! A [`DataSet`] as JSON. Either top-level object may be omitted (it is then empty), and so may
//! each list; unknown fields are errors, and the error names the file and the JSON path.
//!
//! ```json
//! {
//!   "huawei": {
//!     "credentials": [
//!       {"access_key": "AK...", "secret_key": "SK...", "domain_id": "0a1b2c...",
//!        "project_id": "05e1a7..."}
//!     ],
//!     "instances": [{"instance_id": "ins-36218e5b4c2c4c4d", "identity_store_id": "d-3c3f9d8a11"}],
//!     "users": [{"identity_store_id": "d-3c3f9d8a11",
//!                "user_id": "4b969bc6-e8ed-47ce-b62b-936319e2bcb1", "user_name": "alice",
//!                "display_name": "Alice Wang", "emails": ["alice@example.com"]}],
//!     "groups": [{"identity_store_id": "d-3c3f9d8a11",
//!                 "group_id": "7d2f0c1e-5a4b-4c3d-9e8f-0a1b2c3d4e5f", "display_name": "Administrators"}],
//!     "group_memberships": [{"identity_store_id": "d-3c3f9d8a11",
//!                            "group_id": "7d2f0c1e-5a4b-4c3d-9e8f-0a1b2c3d4e5f",
//!                            "user_id": "4b969bc6-e8ed-47ce-b62b-936319e2bcb1"}],
//!     "accounts": [{"account_id": "8c1eef3a241945f69c3d3a6b0252e783", "name": "Production"}],
//!     "permission_sets": [
//!       {"instance_id": "ins-36218e5b4c2c4c4d", "permission_set_id": "ps-389b8cf93d6aa3ad",
//!        "name": "AdministratorAccess", "session_duration": "PT1H",
//!        "managed_policies": [{"policy_id": "a1b2...", "policy_name": "FullAccess"}],
//!        "custom_policy": "{\"Version\": \"1.1\", \"Statement\": []}"}
//!     ],
//!     "applications": [
//!       {"instance_id": "ins-36218e5b4c2c4c4d", "application_instance_id": "app-ins-4b7a0c2d9e8f1a3b",
//!        "application_urn": "IdentityCenter::0a1b...:application:ins-36218e5b4c2c4c4d/apl-83142f08178ce359",
//!        "name": "wiki", "assignment_required": true}
//!     ],
//!     "account_assignments": [
//!       {"instance_id": "ins-36218e5b4c2c4c4d", "account_id": "8c1eef3a241945f69c3d3a6b0252e783",
//!        "permission_set_id": "ps-389b8cf93d6aa3ad",
//!        "principal_id": "4b969bc6-e8ed-47ce-b62b-936319e2bcb1", "principal_type": "USER"}
//!     ],
//!     "application_assignments": [
//!       {"instance_id": "ins-36218e5b4c2c4c4d",
//!        "application_urn": "IdentityCenter::0a1b...:application:ins-36218e5b4c2c4c4d/apl-83142f08178ce359",
//!        "principal_id": "4b969bc6-e8ed-47ce-b62b-936319e2bcb1", "principal_type": "USER"}
//!     ]
//!   },
//!   "scp": {
//!     "credentials": [{"access_key": "...", "secret_key": "..."}],
//!     "instances": [{"id": "ssoins-12345", "name": "Samsung SSO", "state": "ACTIVE",
//!                    "created_at": "2025-06-02T09:00:00Z", "public_ip": "203.0.113.10", "port": 443}],
//!     "users": [{"id": "5f0c8a2e-7b1d-4e3a-9c6f-2d8b4a1e7c30", "instance_id": "ssoins-12345",
//!                "user_id": "jiwoo.kim00", "name": "Jiwoo Kim 00", "created_at": "2025-06-02T09:00:00Z"}],
//!     "groups": [{"id": "138c2fc8c29a449dbfa8681f8f1d78e2", "instance_id": "ssoins-12345",
//!                 "name": "GROUP0407", "created_at": "2025-06-02T09:00:00Z",
//!                 "members": ["5f0c8a2e-7b1d-4e3a-9c6f-2d8b4a1e7c30"]}],
//!     "permission_sets": [{"id": "e8d4b9f2c1a7e5d3f0b6c9a2d8e4f7b1", "instance_id": "ssoins-12345",
//!                          "name": "AdministratorAccess", "created_at": "2025-06-02T09:00:00Z",
//!                          "policies": [{"id": "p-1", "name": "AdministratorAccess",
//!                                        "category": "MANAGED_POLICY"}]}],
//!     "accounts": [{"id": "3265ab469f0d406d83073da3e11e7a6c", "name": "Admin Account",
//!                   "email": "target_account@example.com", "organization_id": "org-7c1e9d2a4b6f",
//!                   "parent_unit_id": "r-4f2a", "type": "DELEGATION", "state": "ACTIVE",
//!                   "joined_method": "INVITED", "joined_time": "2025-02-03T10:30:00Z",
//!                   "created_at": "2025-02-03T10:30:00Z"}],
//!     "account_assignments": [
//!       {"instance_id": "ssoins-12345", "target_account_id": "3265ab469f0d406d83073da3e11e7a6c",
//!        "principal_id": "138c2fc8c29a449dbfa8681f8f1d78e2", "principal_type": "GROUP",
//!        "permission_set_ids": ["e8d4b9f2c1a7e5d3f0b6c9a2d8e4f7b1"],
//!        "role_srn": "srn:role:kr-west1:3265ab469f0d406d83073da3e11e7a6c:role/AdministratorAccess",
//!        "created_at": "2026-03-01T00:07:00Z"}
//!     ]
//!   }
//! }
//! ```
//!
//! Huawei: the entity lists are optional and every field is described on its type
//! ([`HuaweiInstance`], [`HuaweiUser`], [`HuaweiGroup`], [`HuaweiGroupMembership`],
//! [`HuaweiSession`], [`HuaweiMfaDevice`], [`HuaweiPermissionSet`], [`HuaweiAccount`],
//! [`HuaweiApplication`]). References must resolve (a
//! membership's user and group, a permission set's instance, ...; errors name the JSON path).
//! Assignments on an instance listed in `instances` must name a principal of its identity store, an
//! account and a permission set of the instance; assignments on an instance that is not listed (the
//! format before entities) are not checked and are served by the two `...ForPrincipal` operations
//! only. `domain_id` and `project_id` are optional; ids must match `^[a-zA-Z0-9-]{1,64}$` and
//! `principal_type` be `USER` or `GROUP` (anything else could never be listed, so it is an error).
//! An assignment (on either cloud) marked `"principal_deleted": true` names a principal deleted
//! outside the API (by an identity provider's SCIM sync, say): its principal must be missing, and
//! everything else on it is checked as usual.
//! SCP is relational: the references are checked (an assignment's instance, account, principal of
//! its type in that instance, and permission sets of that instance must exist; group members are
//! users of the group's instance), with errors naming the JSON path. A file in the earlier SCP
//! format (assignments carrying `target_account_name`, `principal_name`, `permission_sets`...) is
//! refused with a message saying where each value lives now. Lists are served in file order.
//! Access keys must be unique.
//!
//! # Binary
//!
//! `idc-emulator --addr 127.0.0.1:0 [--data FILE | --generate N | --huawei-organization SHAPE
//! --scp-organization SHAPE] [--no-verify] [--seed N] [--fault WHEN=KIND ...]
//! [--serve-past-api-versions]` prints its base URL as the first line on stdout, logs to stderr, and
//! serves until SIGINT or SIGTERM. It refuses non-loopback addresses unless given
//! `--allow-non-loopback`.

#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod demo;
mod http;
pub mod huawei;
pub mod scp;
mod store;

// The routes, parsers and handler traits, generated from `specs/` by `cargo xtask codegen`.
#[allow(missing_docs, clippy::all)]
mod generated {
    include!("generated/modules.rs");
}

pub use demo::scp::ScpOrganizationShape;
pub use http::faults::{Fault, FaultPlan};
pub use http::recorder::{MAX_RECORDED_BYTES, MAX_RECORDED_REQUESTS, RecordedRequest};
pub use http::server::{
    DEFAULT_ASYNC_DELAY, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS, Emulator, EmulatorBuilder, EmulatorError, RunningEmulator,
};
pub use http::signatures::MAX_CLOCK_SKEW;
pub use store::dataset::{DataSet, MAX_DATA_FILE_BYTES};
pub use store::error::DataError;
pub use store::huawei_rows::{
    HuaweiAccount, HuaweiAccountAssignment, HuaweiApplication, HuaweiApplicationAssignment,
    HuaweiCredential, HuaweiData, HuaweiDelegatedAdministrator, HuaweiGroup, HuaweiGroupMembership,
    HuaweiInstance, HuaweiManagedPolicy, HuaweiManagedRole, HuaweiMfaDevice, HuaweiOrganization,
    HuaweiOrganizationalUnit, HuaweiPermissionSet, HuaweiSession, HuaweiUser, HuaweiUserAttributes,
};
pub use store::scp_rows::{
    ScpAccount, ScpAccountAssignment, ScpControlPolicy, ScpCredential, ScpData, ScpGroup,
    ScpInstance, ScpPermissionSet, ScpPolicy, ScpPolicyCategory, ScpUser,
};
