//! What the Huawei examples share: a client and a principal, either the real ones named on the command
//! line or the embedded emulator's demo ones.

use idc::PrincipalType;
use idc::huawei::{Client, Credentials};
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};

/// The principal to report on, with a client that can reach it.
pub struct Target {
    pub client: Client,
    pub instance_id: String,
    pub principal_id: String,
    pub principal_type: PrincipalType,
    /// Kept alive while the example runs, when it runs against the emulator.
    pub _emulator: Option<RunningEmulator>,
}

/// `<instance-id> <principal-id> <USER|GROUP>` on the command line: the real service, with credentials
/// from the default chain. Nothing: the emulator with its demo data.
pub async fn huawei_target() -> Result<Target, Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [instance, principal, kind] = args.as_slice() {
        return Ok(Target {
            client: Client::builder().build()?,
            instance_id: instance.clone(),
            principal_id: principal.clone(),
            principal_type: PrincipalType::from(kind.as_str()),
            _emulator: None,
        });
    }
    let emulator = Emulator::builder().data(DataSet::demo()).start().await?;
    let client = Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID),
        )
        .build()?;
    Ok(Target {
        client,
        instance_id: demo::HUAWEI_INSTANCE_ID.to_owned(),
        principal_id: demo::HUAWEI_PRINCIPAL_ID.to_owned(),
        principal_type: PrincipalType::User,
        _emulator: Some(emulator),
    })
}
