//! Stable, real-looking ids derived from a hash of a label, and the demo credentials.

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::demo::constants::{
    HUAWEI_ACCESS_KEY, HUAWEI_DOMAIN_ID, HUAWEI_PROJECT_ID, HUAWEI_SECRET_KEY, SCP_ACCESS_KEY,
    SCP_SECRET_KEY,
};
use crate::store::huawei_rows::HuaweiCredential;
use crate::store::scp_rows::ScpCredential;

/// Hex digits of a hash of `label`: a stable, real-looking id.
pub(crate) fn hex_id(label: &str, len: usize) -> String {
    let digest = hex::encode(Sha256::digest(label.as_bytes()));
    digest[..len.min(digest.len())].to_owned()
}

/// A UUID-shaped stable id.
pub(crate) fn uuid_id(label: &str) -> String {
    crate::store::keys::uuid_form(&hex_id(label, 32))
}

pub(crate) fn huawei_permission_set_id(name: &str) -> Arc<str> {
    format!(
        "ps-{}",
        hex_id(&format!("huawei permission set {name}"), 16)
    )
    .into()
}

pub(crate) fn huawei_application_urn(instance_id: &str, app: &str) -> Arc<str> {
    format!(
        "IdentityCenter::{HUAWEI_DOMAIN_ID}:application:{instance_id}/apl-{}",
        hex_id(&format!("huawei application {app}"), 16)
    )
    .into()
}

pub(crate) fn scp_permission_set_id(name: &str) -> String {
    hex_id(&format!("scp permission set {name}"), 32)
}

pub(crate) fn huawei_credentials() -> Vec<HuaweiCredential> {
    vec![HuaweiCredential {
        access_key: HUAWEI_ACCESS_KEY.to_owned(),
        secret_key: HUAWEI_SECRET_KEY.to_owned(),
        domain_id: Some(HUAWEI_DOMAIN_ID.to_owned()),
        project_id: Some(HUAWEI_PROJECT_ID.to_owned()),
    }]
}

pub(crate) fn scp_credentials() -> Vec<ScpCredential> {
    vec![ScpCredential {
        access_key: SCP_ACCESS_KEY.to_owned(),
        secret_key: SCP_SECRET_KEY.to_owned(),
    }]
}

/// splitmix64: a fast, well-mixed bijection, for generated ids.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub(crate) fn instance_urn(instance_id: &str) -> Arc<str> {
    format!("IdentityCenter::{HUAWEI_DOMAIN_ID}:instance:{instance_id}").into()
}

pub(crate) fn application_instance_id(label: &str) -> Arc<str> {
    format!(
        "app-ins-{}",
        hex_id(&format!("huawei application instance {label}"), 16)
    )
    .into()
}
