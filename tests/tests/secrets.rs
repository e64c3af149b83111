//! Secrets in requests and responses (`format: password` in the specs, `idc::Secret` in the code):
//! never in `Debug`, on the wire as sent, in a dry run's body as `***`.

use idc::huawei::identitystore::Client as StoreClient;
use idc_emulator::demo;
use idc_raw::redact::SECRET_BODY_FIELDS;
use idc_tests::{demo_emulator, huawei};

/// The names of the properties the specs mark `format: password`: the property is the nearest line
/// above the `format` line that is indented one level (two spaces) less.
fn secret_properties() -> Vec<(String, String)> {
    let specs = concat!(env!("CARGO_MANIFEST_DIR"), "/../specs");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(specs).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "format: password" {
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            let property = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty() && l.len() - l.trim_start().len() + 2 == indent)
                .map(|l| l.trim().trim_end_matches(':').to_owned())
                .unwrap();
            found.push((path.display().to_string(), property));
        }
    }
    found
}

#[test]
fn every_secret_of_the_specs_is_redacted_from_a_dry_run_body() {
    let secrets = secret_properties();
    // The SCP initial password and LDAP bind password, the Huawei one-time passwords and the SCIM
    // bearer token at least: a spec edit that drops a mark fails here.
    for expected in ["password", "bind_credential", "token"] {
        assert!(
            secrets.iter().any(|(_, p)| p == expected),
            "{expected} is marked format: password somewhere: {secrets:?}"
        );
    }
    for (spec, property) in &secrets {
        assert!(
            SECRET_BODY_FIELDS.contains(&property.as_str()),
            "{spec}: {property} is a secret (format: password) but not in SECRET_BODY_FIELDS"
        );
    }
}

#[test]
fn a_request_builder_holding_a_password_does_not_show_it() {
    let client = idc::scp::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(idc::scp::Credentials::new("ak", "sk"))
        .build()
        .unwrap();
    let create = client
        .create_user()
        .instance_id(demo::SCP_INSTANCE_ID)
        .user_id("jdoe")
        .password("Initial-Passw0rd-never-shown");
    let shown = format!("{create:?} {create:#?}");
    assert!(!shown.contains("Passw0rd"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
    assert!(shown.contains("jdoe"), "the rest is shown: {shown}");
}

/// A value of one of the API's types, from its JSON.
fn json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap()
}

#[tokio::test]
async fn a_one_time_password_reaches_the_caller_but_not_debug() {
    let emu = demo_emulator().await;
    let client: StoreClient = huawei(&emu).build().unwrap().identity_store().unwrap();
    let created = client
        .create_user()
        .identity_store_id(demo::HUAWEI_IDENTITY_STORE_ID)
        .user_name("otp-user")
        .password_mode("OTP")
        .display_name("OTP User")
        .name(json(
            serde_json::json!({"family_name": "U", "given_name": "O"}),
        ))
        .emails(json(
            serde_json::json!({"primary": true, "type": "Work", "value": "o@x"}),
        ))
        .send()
        .await
        .unwrap();
    let password = created
        .password
        .clone()
        .expect("OTP mode answers a password");
    let value = password.expose().to_owned();
    assert_eq!(value.len(), 16, "{}", value.len());
    let shown = format!("{created:?} {created:#?}");
    assert!(!shown.contains(&value), "{shown}");
    // Serialized (what the CLI prints for the person who asked), it is the password itself.
    let out = serde_json::to_value(&created).unwrap();
    assert_eq!(out["password"], value.as_str());
    emu.shutdown().await;
}
