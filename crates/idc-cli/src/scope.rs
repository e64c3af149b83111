//! What `idc report` and `idc audit` read: the instance, the filters, and how to read (endpoint,
//! concurrency, rate, retries). One set of flags, one way to connect the report's source.

use clap::Args;
use idc_report::Filters;
use idc_report::huawei::HuaweiSource;
use idc_report::rate::RateLimit;
use idc_report::scp::ScpSource;

use crate::Failure;
use crate::args::{Common, ScpVersion};
use crate::clients;

/// The flags of `idc report huawei|scp` and `idc audit huawei|scp` that say what is read, and how.
#[derive(Args, Debug)]
pub struct Scope {
    /// The IAM Identity Center instance (default: the only one).
    #[arg(long)]
    pub instance_id: Option<String>,
    /// Only this user (id or exact name; id:ID or name:NAME for only one of them); repeatable,
    /// OR-ed. A value that is one user's id and another's name is refused as ambiguous.
    #[arg(long = "user", value_name = "USER")]
    pub users: Vec<String>,
    /// Only access held through this group (id or exact name, or id:ID, name:NAME); repeatable.
    #[arg(long = "group", value_name = "GROUP")]
    pub groups: Vec<String>,
    /// Only this account (id or exact name, or id:ID, name:NAME); repeatable.
    #[arg(long = "account", value_name = "ACCOUNT")]
    pub accounts: Vec<String>,
    /// Only this permission set (id or exact name, or id:ID, name:NAME); repeatable.
    #[arg(long = "permission-set", value_name = "PERMISSION_SET")]
    pub permission_sets: Vec<String>,
    /// Only this application (URN, id or exact name, or id:ID, name:NAME); repeatable.
    #[arg(long = "application", value_name = "APPLICATION")]
    pub applications: Vec<String>,
    /// Only accounts under this organizational unit or root, at any depth (id or exact name, or
    /// id:ID, name:NAME); repeatable. SCP: the unit accounts are directly under
    /// (parent_unit_id).
    #[arg(long = "ou", value_name = "OU")]
    pub organizational_units: Vec<String>,
    /// At most N requests a second, shared by every request of the run (with --concurrency, both
    /// bound it).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_rps: Option<u32>,
    /// Items per request, at most (default: each listing's largest, 100 or 2,000 for Huawei
    /// Organizations: the fewest requests).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=2000))]
    pub page_size: Option<u32>,
    /// Requests in flight at once.
    #[arg(long, default_value_t = idc_report::DEFAULT_CONCURRENCY, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=64))]
    pub concurrency: usize,
    /// Send requests here instead of the region's endpoint (https://, or http:// to loopback).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// The region.
    #[arg(long)]
    pub region: Option<String>,
    /// Seconds one request may take; one listing, retries included, may take (max-attempts + 1)
    /// times as long, and at least 120 s.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
    /// Attempts per request, the first included (1: no retries), 1 to 10. Failures that may pass
    /// (transport errors, timeouts, 429, 500, 502, 503, 504) are retried with backoff.
    #[arg(long, default_value_t = crate::args::DEFAULT_MAX_ATTEMPTS, value_parser = clap::value_parser!(u32).range(1..=crate::args::MAX_ATTEMPTS))]
    pub max_attempts: u32,
    /// Show the wire on stderr: one line per attempt; -vv adds the headers, secrets redacted.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

impl Scope {
    /// The client settings these flags give.
    pub fn common(&self) -> Common {
        Common {
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            output: None,
            timeout: self.timeout,
            max_attempts: self.max_attempts,
            columns: None,
            query: None,
            verbose: self.verbose,
            dry_run: false,
        }
    }

    /// The report's filters.
    pub fn filters(&self) -> Filters {
        Filters {
            users: self.users.clone(),
            groups: self.groups.clone(),
            accounts: self.accounts.clone(),
            permission_sets: self.permission_sets.clone(),
            applications: self.applications.clone(),
            organizational_units: self.organizational_units.clone(),
        }
    }

    /// Logging set up, the Huawei client, and the report's source over it (the instance found,
    /// `--page-size` and `--max-rps` applied).
    pub async fn huawei(&self) -> Result<(idc::huawei::Client, HuaweiSource), Failure> {
        let common = self.common();
        common.init_tracing();
        let client = clients::huawei_identitycenter(&common)?;
        let instance = clients::huawei_instance_id(self.instance_id.as_deref());
        let mut source = HuaweiSource::connect(client.clone(), instance.as_deref()).await?;
        if let Some(n) = self.page_size {
            source = source.page_size(n);
        }
        if let Some(n) = self.max_rps {
            source = source.max_rps(RateLimit::per_second(n));
        }
        Ok((client, source))
    }

    /// Logging set up, the SCP client, and the report's source over it; `--application` is
    /// refused (SCP has no applications).
    pub async fn scp(&self, scp: &ScpVersion) -> Result<(idc::scp::Client, ScpSource), Failure> {
        if let Some(application) = self.applications.first() {
            // Rather than "matches nothing": there is nothing it could match.
            return Err(Failure::Usage(format!(
                "--application {application:?}: Samsung Cloud Platform has no applications; \
                 --application filters the Huawei commands only"
            )));
        }
        let common = self.common();
        common.init_tracing();
        let client = clients::scp_iam_identity_center(&common, scp)?;
        let instance = clients::scp_instance_id(self.instance_id.as_deref());
        let mut source = ScpSource::connect(client.clone(), instance.as_deref()).await?;
        if let Some(n) = self.page_size {
            source = source.page_size(n);
        }
        if let Some(n) = self.max_rps {
            source = source.max_rps(RateLimit::per_second(n));
        }
        Ok((client, source))
    }
}
