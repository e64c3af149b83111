//! The demo data set's credentials, ids, names and counts, for tests and the `idc demo` command.

/// The demo Huawei access key (AK).
pub const HUAWEI_ACCESS_KEY: &str = "EMULATORHUAWEIAK0001";
/// The demo Huawei secret key (SK).
pub const HUAWEI_SECRET_KEY: &str = "EmulatorHuaweiSecretKey0001DoNotUseInProd";
/// The demo Huawei account's domain id (`X-Domain-Id`), required with the demo access key.
pub const HUAWEI_DOMAIN_ID: &str = "0a1b2c3d4e5f40718293a4b5c6d7e8f9";
/// The demo Huawei project id (`X-Project-Id`), required with the demo access key by the
/// project-scoped IdentityStore.
pub const HUAWEI_PROJECT_ID: &str = "05e1a7c9d2b84f3a9c6e8d7f1a2b3c4d";
/// The demo Huawei IAM Identity Center instance (seed).
pub const HUAWEI_INSTANCE_ID: &str = "ins-36218e5b4c2c4c4d";
/// A second Huawei instance, where [`HUAWEI_PRINCIPAL_ID`] has
/// [`HUAWEI_OTHER_INSTANCE_ACCOUNT_ASSIGNMENTS`] account assignments.
pub const HUAWEI_OTHER_INSTANCE_ID: &str = "ins-9a8b7c6d5e4f3a2b";
/// A Huawei user (seed) with [`HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS`] account assignments and
/// [`HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS`] application assignments on [`HUAWEI_INSTANCE_ID`]:
/// several pages at a small `limit`.
pub const HUAWEI_PRINCIPAL_ID: &str = "4b969bc6-e8ed-47ce-b62b-936319e2bcb1";
/// How many account assignments [`HUAWEI_PRINCIPAL_ID`] has on [`HUAWEI_INSTANCE_ID`] (5 accounts ×
/// 5 permission sets).
pub const HUAWEI_PRINCIPAL_ACCOUNT_ASSIGNMENTS: usize = 25;
/// How many application assignments [`HUAWEI_PRINCIPAL_ID`] has on [`HUAWEI_INSTANCE_ID`].
pub const HUAWEI_PRINCIPAL_APPLICATION_ASSIGNMENTS: usize = 7;
/// How many account assignments [`HUAWEI_PRINCIPAL_ID`] has on [`HUAWEI_OTHER_INSTANCE_ID`].
pub const HUAWEI_OTHER_INSTANCE_ACCOUNT_ASSIGNMENTS: usize = 2;
/// An account (seed) where [`HUAWEI_PRINCIPAL_ID`] has 5 permission sets.
pub const HUAWEI_ACCOUNT_ID: &str = "8c1eef3a241945f69c3d3a6b0252e783";
/// A Huawei group (the administrators) with account and application assignments.
pub const HUAWEI_GROUP_ID: &str = "7d2f0c1e-5a4b-4c3d-9e8f-0a1b2c3d4e5f";
/// The user (`erin`) of the demo's assignment whose principal was deleted outside the API (by an
/// IdP's SCIM sync): no user has this id; the assignment (`BillingAccess` on `Billing`, marked
/// `principal_deleted`) is what `idc audit huawei` reports as `IDC006`.
pub const HUAWEI_DELETED_USER_ID: &str = "9c4a1e7b-3d2f-4b8e-a6c5-1f0e9d8c7b6a";
/// The identity store of [`HUAWEI_INSTANCE_ID`] (seed).
pub const HUAWEI_IDENTITY_STORE_ID: &str = "d-3c3f9d8a11";
/// The identity store of [`HUAWEI_OTHER_INSTANCE_ID`].
pub const HUAWEI_OTHER_IDENTITY_STORE_ID: &str = "d-9a8b7c6d5e";
/// The user name of [`HUAWEI_PRINCIPAL_ID`].
pub const HUAWEI_USER_NAME: &str = "alice";
/// The display name of [`HUAWEI_GROUP_ID`].
pub const HUAWEI_GROUP_NAME: &str = "Administrators";
/// The name of [`HUAWEI_ACCOUNT_ID`].
pub const HUAWEI_ACCOUNT_NAME: &str = "Production";
/// How many users the demo identity store [`HUAWEI_IDENTITY_STORE_ID`] holds.
pub const HUAWEI_USERS: usize = 4;
/// How many groups the demo identity store [`HUAWEI_IDENTITY_STORE_ID`] holds.
pub const HUAWEI_GROUPS: usize = 3;
/// How many accounts the demo organization has.
pub const HUAWEI_ACCOUNTS: usize = 6;
/// How many permission sets [`HUAWEI_INSTANCE_ID`] has.
pub const HUAWEI_PERMISSION_SETS: usize = 7;
/// The permission set of [`HUAWEI_INSTANCE_ID`] that is assigned nowhere (a finding of `idc audit`).
pub const HUAWEI_UNASSIGNED_PERMISSION_SET: &str = "EmergencyAccess";
/// How many applications [`HUAWEI_INSTANCE_ID`] has.
pub const HUAWEI_APPLICATIONS: usize = 8;
/// The demo organization's id.
pub const HUAWEI_ORGANIZATION_ID: &str = "o-0a1b2c3d4e5f";
/// The root of the demo organization (`parent_id` of most accounts).
pub const HUAWEI_ROOT_ID: &str = "r-0a1b";
/// An organizational unit of the demo organization, parent of the non-production accounts.
pub const HUAWEI_OU_ID: &str = "ou-0a1b2c3d";

/// The demo SCP access key.
pub const SCP_ACCESS_KEY: &str = "EMULATORSCPACCESSKEY01";
/// The demo SCP secret key.
pub const SCP_SECRET_KEY: &str = "EmulatorScpSecretKey01DoNotUseInProduction";
/// The demo SCP IAM Identity Center instance (seed).
pub const SCP_INSTANCE_ID: &str = "ssoins-12345";
/// The demo SCP target account (seed), with [`SCP_TARGET_ACCOUNT_ASSIGNMENTS`] assignments: three
/// pages at the default size of 20.
pub const SCP_TARGET_ACCOUNT_ID: &str = "3265ab469f0d406d83073da3e11e7a6c";
/// The name of [`SCP_TARGET_ACCOUNT_ID`] (seed).
pub const SCP_TARGET_ACCOUNT_NAME: &str = "Admin Account";
/// The email of [`SCP_TARGET_ACCOUNT_ID`] (seed).
pub const SCP_TARGET_ACCOUNT_EMAIL: &str = "target_account@example.com";
/// How many assignments [`SCP_TARGET_ACCOUNT_ID`] has.
pub const SCP_TARGET_ACCOUNT_ASSIGNMENTS: usize = 45;
/// A group (seed) with one assignment on [`SCP_TARGET_ACCOUNT_ID`].
pub const SCP_PRINCIPAL_NAME: &str = "GROUP0407";
/// A second SCP target account, with [`SCP_OTHER_ACCOUNT_ASSIGNMENTS`] assignments.
pub const SCP_OTHER_ACCOUNT_ID: &str = "9f1d2c3b4a5e46f7a8b9c0d1e2f3a4b5";
/// How many assignments [`SCP_OTHER_ACCOUNT_ID`] has: the last of them names a user deleted
/// outside the API ([`SCP_DELETED_USER_ID`], marked `principal_deleted`).
pub const SCP_OTHER_ACCOUNT_ASSIGNMENTS: usize = 9;
/// The user of the demo's assignment whose principal was deleted outside the API (by an IdP's
/// SCIM sync): no user has this id; the assignment on [`SCP_OTHER_ACCOUNT_ID`] is what `idc
/// audit scp` reports as `IDC006`.
pub const SCP_DELETED_USER_ID: &str = "7d3e5b1a-2c4f-4e8a-9b6d-0f1e2a3b4c5d";
/// The id of the group [`SCP_PRINCIPAL_NAME`] (seed).
pub const SCP_GROUP_ID: &str = "138c2fc8c29a449dbfa8681f8f1d78e2";
/// A demo SCP user's UUID: [`SCP_USER_LOGIN_ID`], named [`SCP_USER_NAME`], assigned on both
/// [`SCP_TARGET_ACCOUNT_ID`] and [`SCP_OTHER_ACCOUNT_ID`] and a member of [`SCP_GROUP_ID`].
pub const SCP_USER_ID: &str = "5f0c8a2e-7b1d-4e3a-9c6f-2d8b4a1e7c30";
/// The login ID of [`SCP_USER_ID`].
pub const SCP_USER_LOGIN_ID: &str = "jiwoo.kim00";
/// The name of [`SCP_USER_ID`] (its `principal_name` in assignments).
pub const SCP_USER_NAME: &str = "Jiwoo Kim 00";
/// How many users [`SCP_INSTANCE_ID`] has.
pub const SCP_USERS: usize = 36;
/// How many groups [`SCP_INSTANCE_ID`] has (`GROUP0400` to `GROUP0408`).
pub const SCP_GROUPS: usize = 9;
/// How many permission sets [`SCP_INSTANCE_ID`] has.
pub const SCP_PERMISSION_SETS: usize = 6;
/// The id of the demo permission set `AdministratorAccess`, with [`SCP_PERMISSION_SET_POLICIES`]
/// policies (one of each category).
pub const SCP_PERMISSION_SET_ID: &str = "e8d4b9f2c1a7e5d3f0b6c9a2d8e4f7b1";
/// How many policies [`SCP_PERMISSION_SET_ID`] has.
pub const SCP_PERMISSION_SET_POLICIES: usize = 3;
/// A second SCP instance, with no users, groups, permission sets or assignments.
pub const SCP_OTHER_INSTANCE_ID: &str = "ssoins-67890";
/// The demo SCP organization, of every demo account.
pub const SCP_ORGANIZATION_ID: &str = "org-7c1e9d2a4b6f";
/// The demo organization's management account.
pub const SCP_MANAGEMENT_ACCOUNT_ID: &str = "0d4e6f8a1b3c45d7e9f0a2b4c6d8e0f1";
/// How many accounts the demo organization has.
pub const SCP_ACCOUNTS: usize = 5;

/// The names of the demo permission sets.
pub(crate) const PERMISSION_SETS: [&str; 6] = [
    "AdministratorAccess",
    "ReadOnlyAccess",
    "BillingAccess",
    "NetworkAdministrator",
    "SecurityAudit",
    "DeveloperAccess",
];
