//! Huawei Cloud IdentityStore: the users, groups and group memberships of an identity store.
//!
//! Get a [`Client`] from an IdentityCenter client with
//! [`huawei::Client::identity_store`](super::Client::identity_store): it shares its credentials, timeouts,
//! retries and connections. IdentityStore is regional and project-scoped: its requests carry `X-Project-Id`. Every operation of
//! `specs/huawei-identitystore.yaml` is a method of [`Client`] returning a fluent builder.

pub use crate::generated::huawei_identitystore::*;
/// The request and response types of the service's operations (generated from its spec).
pub use idc_raw::huawei_identitystore::types;

super::client::derived_client!(
    /// A client of Huawei Cloud IdentityStore. Cheap to clone; clones share connections.
    "huawei::identitystore::Client"
);

impl super::Client {
    /// A client of IdentityStore (users, groups, memberships) in this client's region, sharing its
    /// credentials, timeouts, retries and connections. IdentityStore is regional and
    /// project-scoped: its requests carry the credentials' project id (`X-Project-Id`).
    ///
    /// Fails when the region has no known IdentityStore endpoint (set an explicit endpoint, or
    /// `HUAWEICLOUD_SDK_REGION_IDENTITYCENTERSTORE_<REGION>`, as the official SDK names it).
    pub fn identity_store(&self) -> crate::Result<Client> {
        let service = self.derive(
            super::endpoint::Service::IdentityStore,
            super::client::Scope::Project,
        )?;
        Ok(Client::new(service))
    }
}

use types::{AlternateIdentifier, ExternalId, UniqueAttribute};

/// The attribute path of a user's name, in a [`by_user_name`] identifier.
pub const USER_NAME_ATTRIBUTE: &str = "user_name";
/// The attribute path of a group's display name, in a [`by_group_display_name`] identifier.
pub const DISPLAY_NAME_ATTRIBUTE: &str = "display_name";

/// The identifier of the user named `user_name`, for [`Client::get_user_id`].
///
/// ```no_run
/// # async fn run(store: idc::huawei::identitystore::Client) -> idc::Result<()> {
/// use idc::huawei::identitystore::by_user_name;
///
/// let alice = store
///     .get_user_id()
///     .identity_store_id("d-3c3f9d8a11")
///     .alternate_identifier(by_user_name("alice"))
///     .send()
///     .await?;
/// println!("{:?}", alice.user_id);
/// # Ok(())
/// # }
/// ```
pub fn by_user_name(user_name: impl Into<String>) -> AlternateIdentifier {
    unique_attribute(USER_NAME_ATTRIBUTE, user_name.into())
}

/// The identifier of the group whose display name is `display_name`, for
/// [`Client::get_group_id`].
pub fn by_group_display_name(display_name: impl Into<String>) -> AlternateIdentifier {
    unique_attribute(DISPLAY_NAME_ATTRIBUTE, display_name.into())
}

/// The identifier of the user or group that the identity provider `issuer` knows as `id`, for
/// [`Client::get_user_id`] and [`Client::get_group_id`].
pub fn by_external_id(issuer: impl Into<String>, id: impl Into<String>) -> AlternateIdentifier {
    AlternateIdentifier {
        unique_attribute: None,
        external_id: Some(ExternalId {
            issuer: issuer.into(),
            id: id.into(),
        }),
    }
}

fn unique_attribute(path: &str, value: String) -> AlternateIdentifier {
    AlternateIdentifier {
        unique_attribute: Some(UniqueAttribute {
            attribute_path: path.to_owned(),
            attribute_value: value,
        }),
        external_id: None,
    }
}
