//! ListAccountAssignments: a fluent request builder with `send`, `pages`, `items` and `collect`.

use futures::TryStreamExt;

use super::AccountAssignment;
use super::client::Client;
use super::paginator::{Fetch, Page, Pager, fetch_fn};
use super::versions::ApiVersion;
use crate::error::{Error, Result};
use crate::pagination::{DEFAULT_MAX_PAGES, ResultStream, failed, flatten};

/// The page size used when none is given (the service's default).
pub const DEFAULT_PAGE_SIZE: u32 = 20;

/// The most pages fetched at once with [`ListAccountAssignments::concurrency`].
pub const MAX_CONCURRENCY: usize = 32;

#[derive(Clone, Debug, Default)]
struct Filters {
    instance_id: Option<String>,
    target_account_id: Option<String>,
    target_account_name: Option<String>,
    target_account_email: Option<String>,
    permission_set_id: Option<String>,
    principal_name: Option<String>,
    role_srn: Option<String>,
    sort: Option<String>,
}

/// Lists the account assignments of an instance on one target account: which principal holds which
/// permission sets there, optionally narrowed by account name or email, permission set, principal
/// name and role SRN.
///
/// `GET /v1/account-assignments`, in the client's API version unless [`api_version`](Self::api_version)
/// overrides it. Pages are 0-based; the page size defaults to 20.
///
/// ```no_run
/// # async fn run(client: idc::scp::Client) -> idc::Result<()> {
/// use futures::TryStreamExt;
///
/// let mut items = client
///     .list_account_assignments()
///     .instance_id("ssoins-12345")
///     .target_account_id("3265ab469f0d406d83073da3e11e7a6c")
///     .sort("created_at:desc")
///     .page_size(100)
///     .concurrency(4)
///     .items();
/// while let Some(a) = items.try_next().await? {
///     println!("{:?} {:?}", a.principal_name, a.role_srn);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListAccountAssignments {
    client: Client,
    filters: Filters,
    api_version: Option<ApiVersion>,
    page: u32,
    page_size: Option<u32>,
    max_items: Option<usize>,
    max_pages: usize,
    concurrency: usize,
}

macro_rules! filter_setters {
    ($($name:ident: $doc:literal),* $(,)?) => {
        $(
            #[doc = $doc]
            pub fn $name(mut self, value: impl Into<String>) -> Self {
                self.filters.$name = Some(value.into());
                self
            }
        )*
    };
}

impl ListAccountAssignments {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            filters: Filters::default(),
            api_version: None,
            page: 0,
            page_size: None,
            max_items: None,
            max_pages: DEFAULT_MAX_PAGES,
            concurrency: 1,
        }
    }

    filter_setters! {
        instance_id: "The instance (required), e.g. `ssoins-12345`.",
        target_account_id: "The assigned account (required).",
        target_account_name: "Only assignments on an account with this name.",
        target_account_email: "Only assignments on an account with this email.",
        permission_set_id: "Only assignments of this permission set.",
        principal_name: "Only assignments of the principal with this name.",
        role_srn: "Only assignments with this role SRN.",
        sort: "Sort order, `field:asc` or `field:desc`, e.g. `created_at:desc`.",
    }

    /// Uses this API version for this call instead of the client's.
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = Some(version);
        self
    }

    /// Starts at this 0-based page (default 0).
    pub fn page(mut self, page: u32) -> Self {
        self.page = page;
        self
    }

    /// Items per page (default 20).
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = Some(size);
        self
    }

    /// Stops after this many items in [`pages`](Self::pages), [`items`](Self::items) and
    /// [`collect`](Self::collect).
    pub fn max_items(mut self, max_items: usize) -> Self {
        self.max_items = Some(max_items);
        self
    }

    /// Fails [`pages`](Self::pages), [`items`](Self::items) and [`collect`](Self::collect) with
    /// [`Error::Pagination`] if the listing has not ended after this many pages (default
    /// [`DEFAULT_MAX_PAGES`]): a guard against a service that never sends a short page.
    pub fn max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages;
        self
    }

    /// Fetches up to `n` pages at once once the total is known from the first page (default 1:
    /// one after the other). Pages are still yielded in order.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }

    /// Fetches one page: [`page`](Self::page) (default 0).
    pub async fn send(self) -> Result<Page<AccountAssignment>> {
        let size = self.size()?;
        let fetch = self.fetcher()?;
        let mut page = fetch(self.page, size).await?;
        if let Some(max) = self.max_items {
            page.items.truncate(max);
        }
        Ok(page)
    }

    /// Every page from [`page`](Self::page) on, fetched lazily (or concurrently, see
    /// [`concurrency`](Self::concurrency)).
    pub fn pages(self) -> ResultStream<Page<AccountAssignment>> {
        match self.pager() {
            Ok(pager) => pager.pages(),
            Err(e) => failed(e),
        }
    }

    /// Every item of every page, in order.
    pub fn items(self) -> ResultStream<AccountAssignment> {
        flatten(self.pages(), |page| page.items)
    }

    /// Every item of every page, in a `Vec`.
    pub async fn collect(self) -> Result<Vec<AccountAssignment>> {
        self.items().try_collect().await
    }

    fn size(&self) -> Result<u32> {
        match self.page_size {
            None => Ok(DEFAULT_PAGE_SIZE),
            Some(0) => Err(Error::invalid_request("page_size must be at least 1")),
            Some(n) => Ok(n),
        }
    }

    fn pager(&self) -> Result<Pager<AccountAssignment>> {
        if self.max_items == Some(0) {
            return Err(Error::invalid_request("max_items must be at least 1"));
        }
        if self.max_pages == 0 {
            return Err(Error::invalid_request("max_pages must be at least 1"));
        }
        if !(1..=MAX_CONCURRENCY).contains(&self.concurrency) {
            return Err(Error::invalid_request(format!(
                "concurrency must be between 1 and {MAX_CONCURRENCY}, got {}",
                self.concurrency
            )));
        }
        Ok(Pager {
            fetch: self.fetcher()?,
            first_page: self.page,
            size: self.size()?,
            max_items: self.max_items,
            max_pages: self.max_pages,
            concurrency: self.concurrency,
        })
    }

    fn validate(&self) -> Result<()> {
        let f = &self.filters;
        for (name, value) in [
            ("instance_id", &f.instance_id),
            ("target_account_id", &f.target_account_id),
        ] {
            match value.as_deref() {
                None => return Err(Error::invalid_request(format!("{name} is required"))),
                Some("") => {
                    return Err(Error::invalid_request(format!("{name} must not be empty")));
                }
                Some(_) => {}
            }
        }
        if let Some(sort) = &f.sort {
            let valid = sort.split_once(':').is_some_and(|(field, order)| {
                !field.is_empty()
                    && field
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    && matches!(order, "asc" | "desc")
            });
            if !valid {
                return Err(Error::invalid_request(format!(
                    "sort {sort:?} must be field:asc or field:desc, e.g. created_at:desc"
                )));
            }
        }
        Ok(())
    }

    fn fetcher(&self) -> Result<Fetch<AccountAssignment>> {
        self.validate()?;
        let version = self.client.checked_version(self.api_version)?;
        let header = version.header_value();
        let (client, filters) = (self.client.clone(), self.filters.clone());
        Ok(fetch_fn(move |page: u32, size: u32| {
            let (client, filters, header) = (client.clone(), filters.clone(), header.clone());
            async move {
                let body = client
                    .call("ListAccountAssignments", |raw| {
                        let (f, header) = (&filters, &header);
                        async move {
                            let mut request = raw
                                .list_account_assignments()
                                .instance_id(f.instance_id.as_deref().unwrap_or_default())
                                .target_account_id(
                                    f.target_account_id.as_deref().unwrap_or_default(),
                                )
                                .page(page)
                                .size(size)
                                .scp_api_version(header.as_str());
                            if let Some(v) = &f.target_account_name {
                                request = request.target_account_name(v.as_str());
                            }
                            if let Some(v) = &f.target_account_email {
                                request = request.target_account_email(v.as_str());
                            }
                            if let Some(v) = &f.permission_set_id {
                                request = request.permission_set_id(v.as_str());
                            }
                            if let Some(v) = &f.principal_name {
                                request = request.principal_name(v.as_str());
                            }
                            if let Some(v) = &f.role_srn {
                                request = request.role_srn(v.as_str());
                            }
                            if let Some(v) = &f.sort {
                                request = request.sort(v.as_str());
                            }
                            request.send().await
                        }
                    })
                    .await?;
                Ok(Page {
                    items: body.account_assignments,
                    count: body.count.and_then(|c| u64::try_from(c).ok()),
                    page,
                    size,
                    sort: body.sort.unwrap_or_default(),
                })
            }
        }))
    }
}
