//! `idc demo`: an access report for both clouds against the built-in emulator, through the real client
//! stack (signing, pagination, API versions), with no account and no network.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use futures::TryStreamExt;
use idc::scp::ApiVersion;
use idc::scp::versions::Lifecycle;
use idc::{Error, PrincipalType};
use idc_emulator::{DataSet, Emulator, demo};

/// Runs the report; prints it on stdout.
pub async fn run() -> Result<(), Error> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("idc=warn"))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .try_init();
    let emulator = Emulator::builder()
        .data(DataSet::demo())
        .start()
        .await
        .map_err(|e| Error::Configuration {
            message: format!("cannot start the emulator: {e}"),
        })?;
    println!(
        "idc demo: the built-in emulator at {} (demo data, signatures verified)\n",
        emulator.base_url()
    );

    let mut pages = 0usize;
    let mut items = 0usize;

    // Huawei: which accounts and applications can the demo user reach?
    let huawei = idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(
            idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
                .with_domain_id(demo::HUAWEI_DOMAIN_ID),
        )
        .build()?;
    let mut by_account: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut account_pages = huawei
        .list_account_assignments_for_principal()
        .instance_id(demo::HUAWEI_INSTANCE_ID)
        .principal_id(demo::HUAWEI_PRINCIPAL_ID)
        .principal_type(PrincipalType::User)
        .page_size(10)
        .pages();
    let mut assignments = 0;
    while let Some(page) = account_pages.try_next().await? {
        pages += 1;
        assignments += page.items.len();
        for a in page.items {
            by_account
                .entry(a.account_id)
                .or_default()
                .push(a.permission_set_id);
        }
    }
    items += assignments;
    println!(
        "Huawei Cloud: USER {} on instance {}",
        demo::HUAWEI_PRINCIPAL_ID,
        demo::HUAWEI_INSTANCE_ID
    );
    println!(
        "  can reach {} accounts through {assignments} account assignments:",
        by_account.len()
    );
    for (account, sets) in &by_account {
        println!("    account {account}: {}", sets.join(", "));
    }

    let applications = huawei
        .list_application_assignments_for_principal()
        .instance_id(demo::HUAWEI_INSTANCE_ID)
        .principal_id(demo::HUAWEI_PRINCIPAL_ID)
        .principal_type(PrincipalType::User)
        .page_size(5)
        .pages()
        .try_collect::<Vec<_>>()
        .await?;
    pages += applications.len();
    let urns: Vec<_> = applications
        .into_iter()
        .flat_map(|p| p.items)
        .map(|a| a.application_urn)
        .collect();
    items += urns.len();
    println!("  and {} applications:", urns.len());
    for urn in &urns {
        println!("    {urn}");
    }

    // SCP: who holds which role on the demo target account, in each usable API version.
    let today = time::OffsetDateTime::now_utc().date();
    let versions: Vec<ApiVersion> = ApiVersion::all()
        .filter(|v| {
            matches!(
                v.lifecycle(today),
                Lifecycle::Supported | Lifecycle::EndingSoon { .. }
            )
        })
        .collect();
    for (i, version) in versions.iter().enumerate() {
        let scp = idc::scp::Client::builder()
            .endpoint(emulator.base_url())
            .credentials(idc::scp::Credentials::new(
                demo::SCP_ACCESS_KEY,
                demo::SCP_SECRET_KEY,
            ))
            .api_version(*version)
            .build()?;
        let scp_pages: Vec<_> = scp
            .list_account_assignments()
            .instance_id(demo::SCP_INSTANCE_ID)
            .target_account_id(demo::SCP_TARGET_ACCOUNT_ID)
            .page_size(20)
            .concurrency(2)
            .pages()
            .try_collect()
            .await?;
        pages += scp_pages.len();
        let assignments: Vec<_> = scp_pages.into_iter().flat_map(|p| p.items).collect();
        items += assignments.len();
        println!(
            "\nSCP: target account {} ({}) on instance {}, with Scp-Api-Version: {}",
            demo::SCP_TARGET_ACCOUNT_NAME,
            demo::SCP_TARGET_ACCOUNT_ID,
            demo::SCP_INSTANCE_ID,
            version.header_value()
        );
        println!("  {} account assignments", assignments.len());
        if i > 0 {
            continue; // the listing is the same in every version; show it once
        }
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in &assignments {
            let role = a.role_srn.rsplit('/').next().unwrap_or_default().to_owned();
            let who = format!("{} ({})", a.principal_name, a.principal_type);
            roles.entry(role).or_default().push(who);
        }
        for (role, who) in &roles {
            println!("    {role}: {}", who.join(", "));
        }
    }

    println!(
        "\nSummary: {items} items in {pages} pages; the emulator verified {} signed requests.",
        emulator.request_count()
    );
    emulator.shutdown().await;
    Ok(())
}
