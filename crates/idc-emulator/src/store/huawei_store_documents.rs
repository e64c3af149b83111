//! The configuration documents of a Huawei identity store (see `store/documents.rs`), each keyed
//! by the identity store's id: its password policy (with a documented default), its external
//! identity provider and its SCIM provisioning tenant with the tenant's bearer tokens (neither
//! exists until created; an identity store has at most one of each), and the SAML signing
//! certificates of its service provider (a set from `store/certificates.rs`: one active
//! certificate from the start). Also the one change of an
//! MFA device row the identity store operations make besides deleting it: its display name.

use std::num::NonZeroU32;
use std::sync::Arc;

use idc_raw::huawei_identitystore::types as ids;

use sha2::{Digest, Sha256};

use crate::store::certificates::{CertificateSet, IssuedCertificate};
use crate::store::documents::Document;
use crate::store::error::WriteError;
use crate::store::keys::uuid_form;
use crate::store::tables::Store;

/// The password policy of an identity store that was never given one (the emulator's default,
/// listed in its README): at least 8 characters with a lowercase and an uppercase letter, a digit
/// and a symbol, valid 90 days, the previous password not reused.
impl Document for ids::PasswordPolicy {
    const NAME: &'static str = "password policy";

    fn default_for(_: &[&str]) -> Option<Self> {
        Some(Self {
            minimum_password_length: NonZeroU32::new(8),
            require_lowercase_characters: Some(true),
            require_uppercase_characters: Some(true),
            require_numbers: Some(true),
            require_symbols: Some(true),
            max_password_age: NonZeroU32::new(90),
            password_reuse_prevention: Some(1),
        })
    }
}

/// The external SAML identity provider of an identity store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExternalIdp {
    /// Its id.
    pub(crate) idp_id: String,
    /// Its issuer (SAML entity id).
    pub(crate) entity_id: String,
    /// Its sign-in URL.
    pub(crate) login_url: String,
    /// Whether users sign in through it.
    pub(crate) enabled: bool,
    /// Its signing certificates, oldest first, as `ListExternalIdPCertificates` serves them (an
    /// identity provider may sign with any of them: none is "the active one").
    pub(crate) certificates: Vec<ids::IdpCertificate>,
}

impl Document for ExternalIdp {
    const NAME: &'static str = "external identity provider";

    fn default_for(_: &[&str]) -> Option<Self> {
        None
    }
}

/// The SCIM provisioning tenant of an identity store, with its bearer tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ProvisioningTenant {
    /// Its id.
    pub(crate) tenant_id: String,
    /// When it was created, milliseconds since the epoch.
    pub(crate) creation_time: i64,
    /// Its bearer tokens, oldest first (the tokens themselves are not kept).
    pub(crate) tokens: Vec<ids::BearerToken>,
}

impl Document for ProvisioningTenant {
    const NAME: &'static str = "provisioning tenant";

    fn default_for(_: &[&str]) -> Option<Self> {
        None
    }
}

impl ProvisioningTenant {
    /// The tenant's SCIM endpoint (the emulator's: a URL of the region's SCIM service, as the
    /// service answers it, that nothing serves).
    pub(crate) fn scim_endpoint(&self) -> String {
        format!(
            "https://scim.cn-north-4.myhuaweicloud.com/{}/scim/v2/",
            self.tenant_id
        )
    }

    /// The tenant as the API serves it.
    pub(crate) fn view(&self) -> ids::ProvisioningTenant {
        ids::ProvisioningTenant {
            creation_time: Some(self.creation_time),
            scim_endpoint: Some(self.scim_endpoint()),
            tenant_id: Some(self.tenant_id.clone()),
        }
    }
}

/// The SAML signing certificates of an identity store's service provider, at most one active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SpCertificates(pub(crate) CertificateSet<IssuedCertificate>);

/// Before any write an identity store's service provider has one active certificate, derived from
/// the identity store's id (the same on every start), expiring on 2035-08-04 (the emulator's
/// default, listed in its README).
impl Document for SpCertificates {
    const NAME: &'static str = "service provider certificates";

    fn default_for(owner: &[&str]) -> Option<Self> {
        let hex = hex::encode(Sha256::digest(owner.join("/").as_bytes()));
        let mut set = CertificateSet::default();
        let first = IssuedCertificate {
            certificate_id: format!("cer-{}", uuid_form(&hex[..32])),
            certificate: placeholder_pem(&hex),
            algorithm: "SHA256withRSA".to_owned(),
            key_size: "2048".to_owned(),
            issue_date: 1_754_179_200_000,
            expiry_date: 2_069_798_400_000,
        };
        set.add(first, true).ok()?;
        Some(Self(set))
    }
}

/// A PEM block around `hex` (the emulator's certificates are not real X.509: nothing verifies
/// its SAML requests).
pub(crate) fn placeholder_pem(hex: &str) -> String {
    format!("-----BEGIN CERTIFICATE-----\nMIIC{hex}\n-----END CERTIFICATE-----")
}

impl Store {
    /// Renames MFA device `device_id` of user `user_id` of identity store `store`.
    pub(crate) fn rename_huawei_mfa_device(
        &mut self,
        (store, user_id, device_id): (&str, &str, &str),
        display_name: &str,
    ) -> Result<(), WriteError> {
        let devices = &mut self.data.huawei.mfa_devices;
        let seq = (devices.numbered())
            .find(|(_, d)| {
                (&*d.identity_store_id, &*d.user_id, &*d.device_id) == (store, user_id, device_id)
            })
            .map(|(seq, _)| seq);
        let device = seq.and_then(|seq| devices.get_mut(seq as usize));
        let device = device.ok_or_else(|| WriteError::Missing {
            what: "MFA device",
            id: device_id.to_owned(),
        })?;
        device.display_name = Some(Arc::from(display_name));
        self.forget_listings();
        Ok(())
    }
}
