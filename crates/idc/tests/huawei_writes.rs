//! The Huawei IdentityCenter writes through the facade against the emulator: each operation's
//! happy path, not found, conflict and validation, every read view agreeing after each write, the
//! asynchronous ones `IN_PROGRESS` then `SUCCEEDED` (or `FAILED` with the reason) through the
//! generated waiters, and concurrent writes serialized.

#[path = "huawei_writes/application_certificates.rs"]
mod application_certificates;
#[path = "huawei_writes/application_instances.rs"]
mod application_instances;
#[path = "huawei_writes/applications.rs"]
mod applications;
#[path = "huawei_writes/assignments.rs"]
mod assignments;
#[path = "huawei_writes/concurrency.rs"]
mod concurrency;
#[path = "huawei_writes/instance_configuration.rs"]
mod instance_configuration;
#[path = "huawei_writes/permission_sets.rs"]
mod permission_sets;
#[path = "huawei_writes/provisioning.rs"]
mod provisioning;
#[path = "huawei_writes/service.rs"]
mod service;
#[path = "huawei_writes/tags.rs"]
mod tags;

use std::time::Duration;

use idc::huawei::{Client, Credentials};
use idc_emulator::{Emulator, RunningEmulator, demo};

/// The demo instance.
pub const INSTANCE: &str = demo::HUAWEI_INSTANCE_ID;

/// An emulator on the demo data whose asynchronous operations stay `IN_PROGRESS` for `delay`.
pub async fn start(delay: Duration) -> RunningEmulator {
    Emulator::builder()
        .async_delay(delay)
        .start()
        .await
        .expect("the emulator starts")
}

/// A client of the emulator with the demo credentials.
pub fn client(emulator: &RunningEmulator) -> Client {
    Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID)
                .with_project_id(demo::HUAWEI_PROJECT_ID),
        )
        .build()
        .expect("the client builds")
}

/// Waits that poll the emulator quickly.
pub fn quick() -> idc::wait::WaitOptions {
    idc::wait::WaitOptions::default()
        .with_initial_delay(Duration::from_millis(20))
        .with_max_delay(Duration::from_millis(50))
        .with_timeout(Duration::from_secs(20))
}

/// The service's status and error code of a failed call.
pub fn code_of<T: std::fmt::Debug>(result: idc::Result<T>) -> (Option<u16>, String) {
    let err = result.expect_err("the call fails");
    (err.status(), err.code().unwrap_or_default().to_owned())
}

/// Creates a permission set named `name` and returns its id.
pub async fn new_permission_set(client: &Client, name: &str) -> String {
    let created = client
        .create_permission_set()
        .instance_id(INSTANCE)
        .name(name)
        .send()
        .await
        .expect("the permission set is created");
    created
        .permission_set
        .and_then(|s| s.permission_set_id)
        .expect("the answer names the new permission set")
}

/// The ids of the accounts of the organization.
pub async fn accounts(client: &Client) -> Vec<String> {
    let organizations = client.organizations().unwrap();
    let accounts = organizations.list_accounts().collect().await.unwrap();
    accounts.into_iter().map(|a| a.id).collect()
}
