//! `idc demo`: a short tour against the built-in emulator, through the real client stack (signing,
//! pagination, API versions), with no account and no network: the access report of both clouds'
//! demo data, what is wrong in it (the audit's findings), a diff after one group membership
//! changes, the seed operations the report is built on, and the commands to try next.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use futures::TryStreamExt;
use idc::scp::ApiVersion;
use idc::scp::versions::Lifecycle;
use idc::{Error, PrincipalType};
use idc_audit::format::{Audited, table};
use idc_audit::huawei::HuaweiReads;
use idc_audit::scp::ScpReads;
use idc_audit::{Audit, AuditResult};
use idc_emulator::{DataSet, Emulator, RunningEmulator, demo};
use idc_report::huawei::HuaweiSource;
use idc_report::scp::ScpSource;
use idc_report::{Report, Row, diff, escape, format};
use serde_json::Value;

fn emulator_error(e: impl std::fmt::Display) -> Error {
    Error::Configuration {
        message: format!("cannot start the emulator: {e}"),
    }
}

/// The project id of the demo Huawei credentials, when the demo data has one (IdentityStore is
/// project-scoped).
fn huawei_project_id(data: &Value) -> Option<String> {
    data.pointer("/huawei/credentials/0/project_id")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn huawei_client(
    emulator: &RunningEmulator,
    project: Option<&str>,
) -> Result<idc::huawei::Client, Error> {
    let mut credentials =
        idc::huawei::Credentials::new(demo::HUAWEI_ACCESS_KEY, demo::HUAWEI_SECRET_KEY)
            .with_domain_id(demo::HUAWEI_DOMAIN_ID);
    if let Some(project) = project {
        credentials = credentials.with_project_id(project);
    }
    idc::huawei::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(credentials)
        .build()
}

fn scp_client(emulator: &RunningEmulator) -> Result<idc::scp::Client, Error> {
    idc::scp::Client::builder()
        .endpoint(emulator.base_url())
        .credentials(idc::scp::Credentials::new(
            demo::SCP_ACCESS_KEY,
            demo::SCP_SECRET_KEY,
        ))
        .build()
}

async fn huawei_report(
    emulator: &RunningEmulator,
    project: Option<&str>,
) -> idc_report::Result<Vec<Row>> {
    let source = HuaweiSource::connect(
        huawei_client(emulator, project)?,
        Some(demo::HUAWEI_INSTANCE_ID),
    )
    .await?;
    Report::new(source).rows().try_collect().await
}

async fn scp_report(emulator: &RunningEmulator) -> idc_report::Result<Vec<Row>> {
    let source = ScpSource::connect(scp_client(emulator)?, Some(demo::SCP_INSTANCE_ID)).await?;
    Report::new(source).rows().try_collect().await
}

async fn huawei_audit(
    emulator: &RunningEmulator,
    project: Option<&str>,
) -> idc_audit::Result<AuditResult> {
    let client = huawei_client(emulator, project)?;
    let source = HuaweiSource::connect(client.clone(), Some(demo::HUAWEI_INSTANCE_ID)).await?;
    let reads = HuaweiReads::for_source(client, &source)?;
    Audit::new().run(source, &reads).await
}

async fn scp_audit(emulator: &RunningEmulator) -> idc_audit::Result<AuditResult> {
    let client = scp_client(emulator)?;
    let source = ScpSource::connect(client.clone(), Some(demo::SCP_INSTANCE_ID)).await?;
    let reads = ScpReads::new(client, demo::SCP_INSTANCE_ID);
    Audit::new().run(source, &reads).await
}

/// Each rule's outcome and its first findings, or why the audit is not available.
fn show_findings(result: idc_audit::Result<AuditResult>) {
    match result {
        Ok(result) => {
            let judged = Audited::without_baseline(&result);
            let audited = Audited::new(&result, &judged, false);
            print!("{}", indent(&table::brief(&audited, 2)));
            println!("  {}\n", audited.counts_text());
        }
        Err(e) => println!(
            "  not available from this emulator: {}\n",
            escape::terminal(&e.to_string())
        ),
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// The demo data with one Huawei group membership removed: the data, and who left which group.
fn without_one_membership(data: &Value) -> Option<(DataSet, String, String)> {
    let mut changed = data.clone();
    let memberships = changed
        .pointer_mut("/huawei/group_memberships")?
        .as_array_mut()?;
    if memberships.is_empty() {
        return None;
    }
    let removed = memberships.remove(0);
    let user = removed.get("user_id")?.as_str()?.to_owned();
    let group = removed.get("group_id")?.as_str()?.to_owned();
    let name_of = |list: &str, key: &str, id: &str, name: &str| {
        data.pointer(list)
            .and_then(Value::as_array)
            .and_then(|items| {
                items
                    .iter()
                    .find(|i| i.get(key).and_then(Value::as_str) == Some(id))
            })
            .and_then(|i| i.get(name))
            .and_then(Value::as_str)
            .unwrap_or(id)
            .to_owned()
    };
    let user_name = name_of("/huawei/users", "user_id", &user, "user_name");
    let group_name = name_of("/huawei/groups", "group_id", &group, "display_name");
    let data = serde_json::from_value(changed).ok()?;
    Some((data, user_name, group_name))
}

/// Runs the tour; prints it on stdout.
pub async fn run() -> Result<(), Error> {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("idc=warn"))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time()
        .try_init();
    let data = DataSet::demo();
    let json = serde_json::to_value(&data).map_err(emulator_error)?;
    let project = huawei_project_id(&json);
    let emulator = Emulator::builder()
        .data(data)
        .start()
        .await
        .map_err(emulator_error)?;
    println!(
        "idc demo: the built-in emulator at {} (demo data, signatures verified)\n",
        emulator.base_url()
    );

    // 1. The access report of both clouds.
    println!(
        "1. Who can reach what: idc report huawei --instance-id {}",
        demo::HUAWEI_INSTANCE_ID
    );
    let huawei_rows = match huawei_report(&emulator, project.as_deref()).await {
        Ok(rows) => {
            print!("{}", indent(&format::table(&rows)));
            println!("  {} accesses\n", rows.len());
            Some(rows)
        }
        Err(e) => {
            println!(
                "  not available from this emulator: {}\n",
                escape::terminal(&e.to_string())
            );
            None
        }
    };
    println!(
        "   and on SCP: idc report scp --instance-id {}",
        demo::SCP_INSTANCE_ID
    );
    match scp_report(&emulator).await {
        Ok(rows) => {
            print!("{}", indent(&format::table(&rows)));
            println!("  {} accesses\n", rows.len());
        }
        Err(e) => println!(
            "  not available from this emulator: {}\n",
            escape::terminal(&e.to_string())
        ),
    }

    // 2. What is wrong: the audit's findings on both clouds.
    println!(
        "2. What is wrong: idc audit huawei --instance-id {} (each rule, its first findings)",
        demo::HUAWEI_INSTANCE_ID
    );
    show_findings(huawei_audit(&emulator, project.as_deref()).await);
    println!(
        "   and on SCP: idc audit scp --instance-id {}",
        demo::SCP_INSTANCE_ID
    );
    show_findings(scp_audit(&emulator).await);

    // 3. A diff after one membership changes: a second emulator with the changed data.
    if let (Some(old), Some((changed, user, group))) = (&huawei_rows, without_one_membership(&json))
    {
        let second = Emulator::builder()
            .data(changed)
            .start()
            .await
            .map_err(emulator_error)?;
        match huawei_report(&second, project.as_deref()).await {
            Ok(new) => {
                let changes = diff::diff(old, &new);
                println!(
                    "3. What changed after {} left group {}: idc diff old.jsonl new.jsonl",
                    escape::terminal(&user),
                    escape::terminal(&group)
                );
                print!("{}", indent(&format::table(&changes)));
                println!("  {} changes\n", changes.len());
            }
            Err(e) => println!(
                "3. The diff is not available: {}\n",
                escape::terminal(&e.to_string())
            ),
        }
        second.shutdown().await;
    }

    // 4. The seed operations the report is built on.
    let (items, pages) = seed_operations(&emulator).await?;
    println!(
        "\nSummary: {items} items in {pages} pages; the emulator verified {} signed requests.",
        emulator.request_count()
    );
    emulator.shutdown().await;

    println!(
        "\nTry next (the same demo data as a process: cargo run -p idc-emulator -- --addr 127.0.0.1:8080):\n\
         \x20 export HUAWEICLOUD_SDK_AK={ak} HUAWEICLOUD_SDK_SK={sk} HUAWEICLOUD_SDK_DOMAIN_ID={domain}{project}\n\
         \x20 export SCP_ACCESS_KEY={scp_ak} SCP_SECRET_KEY={scp_sk}\n\
         \x20 idc report huawei --endpoint http://127.0.0.1:8080 --instance-id {hi} --user alice --output csv\n\
         \x20 idc report huawei --endpoint http://127.0.0.1:8080 --instance-id {hi} --output html > report.html\n\
         \x20 idc report scp --endpoint http://127.0.0.1:8080 --instance-id {si} --no-expand-groups\n\
         \x20 idc audit huawei --endpoint http://127.0.0.1:8080 --instance-id {hi} --fail-on high --output html > audit.html\n\
         \x20 idc report huawei ... --output json > old.jsonl   (later: > new.jsonl)\n\
         \x20 idc diff old.jsonl new.jsonl --exit-code",
        ak = demo::HUAWEI_ACCESS_KEY,
        sk = demo::HUAWEI_SECRET_KEY,
        project = project
            .as_deref()
            .map(|p| format!(" HUAWEICLOUD_SDK_PROJECT_ID={p}"))
            .unwrap_or_default(),
        scp_ak = demo::SCP_ACCESS_KEY,
        scp_sk = demo::SCP_SECRET_KEY,
        domain = demo::HUAWEI_DOMAIN_ID,
        hi = demo::HUAWEI_INSTANCE_ID,
        si = demo::SCP_INSTANCE_ID,
    );
    Ok(())
}

/// The seed operations for the demo principal and the demo SCP account: (items, pages).
async fn seed_operations(emulator: &RunningEmulator) -> Result<(usize, usize), Error> {
    println!("4. The seed operations the report is built on:");
    let mut pages = 0usize;
    let mut items = 0usize;
    let huawei = huawei_client(emulator, None)?;
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
        "  Huawei Cloud: USER {} on instance {} can reach {} accounts through {assignments} \
         account assignments",
        demo::HUAWEI_PRINCIPAL_ID,
        demo::HUAWEI_INSTANCE_ID,
        by_account.len()
    );
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
    let urns: usize = applications.iter().map(|p| p.items.len()).sum();
    items += urns;
    println!("    and {urns} applications");

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
    for version in &versions {
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
        let n: usize = scp_pages.iter().map(|p| p.items.len()).sum();
        items += n;
        println!(
            "  SCP: target account {} ({}), Scp-Api-Version: {}: {n} account assignments",
            demo::SCP_TARGET_ACCOUNT_NAME,
            demo::SCP_TARGET_ACCOUNT_ID,
            version.header_value()
        );
    }
    Ok((items, pages))
}
