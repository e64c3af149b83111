//! The error codes of Huawei's 404s and 400s, as the emulator answers them.

/// The error code of invalid requests.
pub(crate) const INVALID: &str = "IIC.1000";
/// 404: the instance does not exist (IdentityCenter operations).
pub const UNKNOWN_INSTANCE: &str = "IIC.1007";
/// 404: the permission set does not exist in the instance.
pub const UNKNOWN_PERMISSION_SET: &str = "IIC.1008";
/// 404: the application does not exist in the instance.
pub const UNKNOWN_APPLICATION: &str = "IIC.1009";
/// 404: the principal (user or group) does not exist in the instance's identity store.
pub const UNKNOWN_PRINCIPAL: &str = "IIC.1010";
/// 404: the account does not exist in the organization (IdentityCenter operations).
pub const UNKNOWN_ACCOUNT: &str = "IIC.1011";
/// 404: the identity store does not exist (IdentityStore operations).
pub const UNKNOWN_IDENTITY_STORE: &str = "IDS.1001";
/// 404: the user does not exist in the identity store.
pub const UNKNOWN_USER: &str = "IDS.1002";
/// 404: the group does not exist in the identity store.
pub const UNKNOWN_GROUP: &str = "IDS.1003";
/// 404: the group membership does not exist in the identity store (the emulator's code).
pub const UNKNOWN_MEMBERSHIP: &str = "IDS.1004";
/// 404: the sign-in session or MFA device is not the user's (the emulator's code).
pub const UNKNOWN_SIGN_IN: &str = "IDS.1005";
/// 404: the external identity provider, one of its certificates, a service provider certificate,
/// the SCIM provisioning tenant or one of its bearer tokens does not exist in the identity store
/// (the emulator's code).
pub const UNKNOWN_CONFIGURATION: &str = "IDS.1006";
/// 409: the identity store has an external identity provider or a provisioning tenant already, or
/// a certificate cannot be deleted (an external identity provider's last one, the service
/// provider's active one) (the emulator's code).
pub const CONFIGURATION_CONFLICT: &str = "IDS.1411";
/// 409: the user name, group display name or membership exists already in the identity store
/// (the emulator's code).
pub const IDENTITY_TAKEN: &str = "IDS.1409";
/// 409: account or application assignments still name the user or group a delete names (the
/// emulator's code: remove the assignments first).
pub const PRINCIPAL_IN_USE: &str = "IDS.1410";
/// 404: the account does not exist (Organizations `ShowAccount`).
pub const UNKNOWN_ORGANIZATIONS_ACCOUNT: &str = "Organizations.1003";
/// Organizations: an organizational unit (or the organization) that does not exist (the
/// emulator's code: the API reference documents none for it).
pub const UNKNOWN_ORGANIZATIONS_ENTITY: &str = "Organizations.1001";
/// 404: a request id, an account or application assignment, an attached policy or role, or a
/// custom policy or role that does not exist (IdentityCenter writes and statuses; Huawei's
/// documented generic `Not Found: {0}`).
pub const NOT_FOUND: &str = "IIC.404";
/// 409: another request on the same account assignment is still `IN_PROGRESS` (Huawei's documented
/// "Concurrency conflicts. Try again later.").
pub const CONCURRENT_REQUEST: &str = "IIC.1006";
/// 409: what a write creates exists already, or what it deletes is still in use (an account or
/// application assignment that exists, a permission set still assigned). Huawei documents
/// `IIC.1007` "Data modification failed." for this, but the emulator's reads answer `IIC.1007` for
/// an unknown instance: it answers the code of its other refused writes instead.
pub const MODIFICATION_CONFLICT: &str = "IIC.1409";
/// 409: a permission set with the same name exists in the instance (documented).
pub const PERMISSION_SET_NAME_TAKEN: &str = "IIC.1206";
/// 409: the permission set holds that system policy or role already (documented).
pub const DUPLICATE_POLICY: &str = "IIC.1207";
