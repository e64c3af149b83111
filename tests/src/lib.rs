//! Shared helpers of the end-to-end tests: an emulator with the demo data set, clients of both
//! clouds pointed at it with the demo credentials, a request-head reader for raw servers, and
//! fresh self-signed certificates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use idc::clock::{ManualClock, SharedClock};
use idc::retry::RetryPolicy;
use idc_emulator::{DataSet, Emulator, FaultPlan, RunningEmulator, demo};

/// Midnight UTC of an ISO date, e.g. `at("2026-01-10")`.
pub fn at(date: &str) -> SystemTime {
    let date =
        time::Date::parse(date, &time::format_description::well_known::Iso8601::DATE).unwrap();
    SystemTime::from(date.midnight().assume_utc())
}

/// A clock stopped at `date`.
pub fn clock(date: &str) -> SharedClock {
    Arc::new(ManualClock::new(at(date)))
}

/// Starts an emulator with `data` and `faults`, its clock at `now`.
pub async fn emulator(data: DataSet, faults: FaultPlan, now: SharedClock) -> RunningEmulator {
    Emulator::builder()
        .data(data)
        .faults(faults)
        .clock(now)
        .start()
        .await
        .unwrap()
}

/// Starts an emulator with the demo data, no faults, the real clock.
pub async fn demo_emulator() -> RunningEmulator {
    Emulator::builder()
        .data(DataSet::demo())
        .start()
        .await
        .unwrap()
}

/// Fast retries, so fault tests stay quick.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::standard()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(50))
}

/// A Huawei client builder for the emulator, with the demo credentials.
pub fn huawei(emulator: &RunningEmulator) -> idc::huawei::ClientBuilder {
    idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(demo::HUAWEI_PROJECT_ID),
        )
        .retry_policy(quick_retries())
}

/// An SCP client builder for the emulator, with the demo credentials.
pub fn scp(emulator: &RunningEmulator) -> idc::scp::ClientBuilder {
    idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .retry_policy(quick_retries())
}

/// The demo principal's account assignments as the data set holds them: `(account, permission set)`.
pub fn expected_huawei_accounts(data: &DataSet, principal: &str) -> Vec<(String, String)> {
    data.huawei
        .account_assignments
        .iter()
        .filter(|a| &*a.instance_id == demo::HUAWEI_INSTANCE_ID && &*a.principal_id == principal)
        .map(|a| (a.account_id.to_string(), a.permission_set_id.to_string()))
        .collect()
}

/// The SCP assignments on a target account as the data set holds them, by principal id and role.
pub fn expected_scp(data: &DataSet, target: &str) -> Vec<(String, String)> {
    data.scp
        .account_assignments
        .iter()
        .filter(|a| &*a.instance_id == demo::SCP_INSTANCE_ID && &*a.target_account_id == target)
        .map(|a| (a.principal_id.to_string(), a.role_srn.to_string()))
        .collect()
}

/// Reads from `stream` until the end of an HTTP request head (`\r\n\r\n`), for the tests' raw
/// servers. `Ok(None)` when the peer closes the connection first.
pub async fn read_head<S>(stream: &mut S) -> std::io::Result<Option<Vec<u8>>>
where
    S: tokio::io::AsyncRead + Unpin,
{
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buf[..n]);
    }
    Ok(Some(head))
}

/// A fresh self-signed X.509 certificate for `name`, in PEM (what an identity provider is given).
pub fn self_signed_pem(name: &str) -> String {
    use base64::Engine as _;
    let key = rcgen::KeyPair::generate().expect("a key pair");
    let cert = rcgen::CertificateParams::new(vec![name.to_owned()])
        .and_then(|params| params.self_signed(&key))
        .expect("a self-signed certificate");
    let base64 = base64::engine::general_purpose::STANDARD.encode(cert.der());
    let lines: Vec<&str> = (0..base64.len())
        .step_by(64)
        .map(|i| &base64[i..(i + 64).min(base64.len())])
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

/// A Huawei IdentityStore client pointed at `emulator` with the demo credentials.
pub fn huawei_store_client(emulator: &RunningEmulator) -> idc::huawei::identitystore::Client {
    huawei(emulator)
        .build()
        .and_then(|client| client.identity_store())
        .expect("an IdentityStore client of the emulator")
}

/// The status and error code of a service error (a panic for anything else).
pub fn status_and_code<T: std::fmt::Debug>(result: Result<T, idc::Error>) -> (u16, String) {
    match result {
        Err(idc::Error::Service(e)) => (e.status, e.code.clone().unwrap_or_default()),
        other => panic!("expected a service error, got {other:?}"),
    }
}
