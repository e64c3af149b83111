//! The Huawei IdentityStore operations on the identity store itself, end to end through the `idc`
//! facade against the emulator: the password policy (its default, a change read back), the summary
//! following creates and deletes, SCIM provisioning tenants and their bearer tokens, the external
//! identity provider and its certificates (a rotation, the last certificate kept), the service
//! provider settings, and the user actions (MFA device registration and renaming, password reset,
//! email verification), with their 404, 409 and 400 paths.

use idc::Error;
use idc::huawei::identitystore::Client as StoreClient;
use idc_emulator::demo;
use idc_raw::huawei_identitystore::types as ids;
use idc_tests::demo_emulator;
use idc_tests::huawei_store_client as store_client;
use idc_tests::status_and_code as status_code;

#[path = "huawei_store_settings/identity_provider.rs"]
mod identity_provider;
#[path = "huawei_store_settings/provisioning.rs"]
mod provisioning;
#[path = "huawei_store_settings/user_actions.rs"]
mod user_actions;

const STORE: &str = demo::HUAWEI_IDENTITY_STORE_ID;
/// An identity store the demo does not have (12 characters, as the spec wants).
const NO_STORE: &str = "d-0000000000";

/// A fresh self-signed certificate (PEM) for `name`.
fn certificate(name: &str) -> String {
    idc_tests::self_signed_pem(name)
}

/// Creates user `name` with an email address and answers its id.
async fn create_user(client: &StoreClient, name: &str) -> String {
    let email: ids::NewUserEmail = serde_json::from_value(
        serde_json::json!({"primary": true, "type": "Work", "value": format!("{name}@example.com")}),
    )
    .unwrap();
    let created = client
        .create_user()
        .identity_store_id(STORE)
        .user_name(name)
        .password_mode("OTP")
        .display_name(name)
        .name(
            serde_json::from_value(serde_json::json!({"family_name": "T", "given_name": name}))
                .unwrap(),
        )
        .emails(email)
        .send()
        .await
        .unwrap();
    created.user_id.unwrap()
}
