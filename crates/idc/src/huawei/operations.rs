//! The Huawei list operations: fluent request builders with `send`, `pages`, `items` and `collect`.

use futures::TryStreamExt;

use super::client::Client;
use super::paginator::{Fetch, Page, Pager, fetch_fn};
use super::{AccountAssignment, ApplicationAssignment};
use crate::PrincipalType;
use crate::error::{Error, Result};
use crate::pagination::{DEFAULT_MAX_PAGES, ResultStream, failed, flatten};

/// The largest page the service serves, and its default.
pub const MAX_PAGE_SIZE: u32 = 100;

fn check_id(name: &str, value: &str) -> Result<()> {
    let valid = (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(Error::invalid_request(format!(
            "{name} {value:?} must be 1 to 64 letters, digits or hyphens"
        )))
    }
}

fn required<'a>(name: &str, value: Option<&'a String>) -> Result<&'a str> {
    let value = value
        .map(String::as_str)
        .ok_or_else(|| Error::invalid_request(format!("{name} is required")))?;
    check_id(name, value)?;
    Ok(value)
}

/// The parameters both operations share, validated before anything is sent.
#[derive(Clone, Debug, Default)]
struct PrincipalQuery {
    instance_id: Option<String>,
    principal_id: Option<String>,
    principal_type: Option<PrincipalType>,
    marker: Option<String>,
    page_size: Option<u32>,
    max_items: Option<usize>,
    max_pages: Option<usize>,
}

/// [`PrincipalQuery`] once validated.
#[derive(Clone, Debug)]
struct Validated {
    instance_id: String,
    principal_id: String,
    principal_type: PrincipalType,
}

impl PrincipalQuery {
    fn validate(&self) -> Result<Validated> {
        let instance_id = required("instance_id", self.instance_id.as_ref())?.to_owned();
        let principal_id = required("principal_id", self.principal_id.as_ref())?.to_owned();
        let principal_type = match &self.principal_type {
            None => return Err(Error::invalid_request("principal_type is required")),
            Some(PrincipalType::Unknown(other)) => {
                return Err(Error::invalid_request(format!(
                    "principal_type {other:?} is not USER or GROUP"
                )));
            }
            Some(known) => known.clone(),
        };
        if let Some(marker) = &self.marker
            && (marker.len() != 24 || !marker.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(Error::invalid_request(format!(
                "marker {marker:?} must be 24 hexadecimal characters, as returned in next_marker"
            )));
        }
        self.page_size()?;
        if self.max_items == Some(0) {
            return Err(Error::invalid_request("max_items must be at least 1"));
        }
        if self.max_pages == Some(0) {
            return Err(Error::invalid_request("max_pages must be at least 1"));
        }
        Ok(Validated {
            instance_id,
            principal_id,
            principal_type,
        })
    }

    fn page_size(&self) -> Result<u32> {
        match self.page_size {
            None => Ok(MAX_PAGE_SIZE),
            Some(n @ 1..=MAX_PAGE_SIZE) => Ok(n),
            Some(n) => Err(Error::invalid_request(format!(
                "page_size must be between 1 and {MAX_PAGE_SIZE}, got {n}"
            ))),
        }
    }

    fn pager<T: Send + 'static>(&self, fetch: Fetch<T>) -> Result<Pager<T>> {
        Ok(Pager {
            fetch,
            first_marker: self.marker.clone(),
            page_size: self.page_size()?,
            max_items: self.max_items,
            max_pages: self.max_pages.unwrap_or(DEFAULT_MAX_PAGES),
        })
    }
}

/// The setters of [`PrincipalQuery`] and the four ways to run, shared by both builders.
macro_rules! principal_query_builder {
    ($item:ty) => {
        /// The IAM Identity Center instance (required), e.g. `ins-36218e5b4c2c4c4d`.
        pub fn instance_id(mut self, instance_id: impl Into<String>) -> Self {
            self.query.instance_id = Some(instance_id.into());
            self
        }

        /// The user or group (required).
        pub fn principal_id(mut self, principal_id: impl Into<String>) -> Self {
            self.query.principal_id = Some(principal_id.into());
            self
        }

        /// Whether [`principal_id`](Self::principal_id) is a user or a group (required).
        pub fn principal_type(mut self, principal_type: PrincipalType) -> Self {
            self.query.principal_type = Some(principal_type);
            self
        }

        /// Starts at this marker (a previous page's `next_marker`) instead of the first page.
        pub fn marker(mut self, marker: impl Into<String>) -> Self {
            self.query.marker = Some(marker.into());
            self
        }

        /// Items per request, 1 to 100 (default 100).
        pub fn page_size(mut self, page_size: u32) -> Self {
            self.query.page_size = Some(page_size);
            self
        }

        /// Stops after this many items in [`pages`](Self::pages), [`items`](Self::items) and
        /// [`collect`](Self::collect); the last request asks only for what is left.
        pub fn max_items(mut self, max_items: usize) -> Self {
            self.query.max_items = Some(max_items);
            self
        }

        /// Fails [`pages`](Self::pages), [`items`](Self::items) and [`collect`](Self::collect) with
        /// [`Error::Pagination`] if the listing has not ended after this many pages (default
        /// [`DEFAULT_MAX_PAGES`]): a guard against a service that never stops handing out markers.
        pub fn max_pages(mut self, max_pages: usize) -> Self {
            self.query.max_pages = Some(max_pages);
            self
        }

        /// Fetches one page: the first, or the one at [`marker`](Self::marker).
        pub async fn send(self) -> Result<Page<$item>> {
            let fetch = self.fetcher()?;
            let limit =
                crate::pagination::next_limit(self.query.page_size()?, self.query.max_items);
            let mut page = fetch(self.query.marker.clone(), limit).await?;
            if let Some(max) = self.query.max_items {
                page.items.truncate(max);
            }
            Ok(page)
        }

        /// Every page, fetched lazily: the next request is made only when the stream is polled past
        /// the previous page.
        pub fn pages(self) -> ResultStream<Page<$item>> {
            match self.fetcher().and_then(|fetch| self.query.pager(fetch)) {
                Ok(pager) => pager.pages(),
                Err(e) => failed(e),
            }
        }

        /// Every item of every page, in order.
        pub fn items(self) -> ResultStream<$item> {
            flatten(self.pages(), |page| page.items)
        }

        /// Every item of every page, in a `Vec`.
        pub async fn collect(self) -> Result<Vec<$item>> {
            self.items().try_collect().await
        }
    };
}

/// Lists the account assignments of a user or group: which permission sets it holds on which accounts.
///
/// `GET /v1/instances/{instance_id}/account-assignments-for-principals`. Callable only from the
/// organization's management account or a delegated administrator account.
///
/// ```no_run
/// # async fn run(client: idc::huawei::Client) -> idc::Result<()> {
/// use idc::PrincipalType;
///
/// let assignments = client
///     .list_account_assignments_for_principal()
///     .instance_id("ins-36218e5b4c2c4c4d")
///     .principal_id("4b969bc6-e8ed-47ce-b62b-936319e2bcb1")
///     .principal_type(PrincipalType::User)
///     .collect()
///     .await?;
/// for a in assignments {
///     println!("account {} via permission set {}", a.account_id, a.permission_set_id);
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListAccountAssignmentsForPrincipal {
    client: Client,
    query: PrincipalQuery,
    account_id: Option<String>,
}

impl ListAccountAssignmentsForPrincipal {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            query: PrincipalQuery::default(),
            account_id: None,
        }
    }

    principal_query_builder!(AccountAssignment);

    /// Only assignments on this account.
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    fn fetcher(&self) -> Result<Fetch<AccountAssignment>> {
        let params = self.query.validate()?;
        if let Some(account_id) = &self.account_id {
            check_id("account_id", account_id)?;
        }
        let account_id = self.account_id.clone();
        let client = self.client.clone();
        Ok(fetch_fn(move |marker: Option<String>, limit: u32| {
            let (client, params, account_id) = (client.clone(), params.clone(), account_id.clone());
            async move {
                let body = client
                    .call("ListAccountAssignmentsForPrincipal", |raw| {
                        let (params, marker, account_id) = (&params, &marker, &account_id);
                        async move {
                            let mut request = raw
                                .list_account_assignments_for_principal()
                                .instance_id(params.instance_id.as_str())
                                .principal_id(params.principal_id.as_str())
                                .principal_type(params.principal_type.clone())
                                .limit(limit);
                            if let Some(marker) = marker {
                                request = request.marker(marker.as_str());
                            }
                            if let Some(account_id) = account_id {
                                request = request.account_id(account_id.as_str());
                            }
                            request.send().await
                        }
                    })
                    .await?;
                Ok(Page::new(
                    body.account_assignments,
                    body.page_info.next_marker,
                    body.page_info
                        .current_count
                        .and_then(|c| u64::try_from(c).ok()),
                ))
            }
        }))
    }
}

/// Lists the application assignments of a user or group: the URN of each application it is assigned.
///
/// `GET /v1/instances/{instance_id}/application-assignments-for-principals`. Callable only from the
/// organization's management account or a delegated administrator account.
///
/// ```no_run
/// # async fn run(client: idc::huawei::Client) -> idc::Result<()> {
/// use futures::TryStreamExt;
/// use idc::PrincipalType;
///
/// let mut pages = client
///     .list_application_assignments_for_principal()
///     .instance_id("ins-36218e5b4c2c4c4d")
///     .principal_id("group-1")
///     .principal_type(PrincipalType::Group)
///     .page_size(50)
///     .pages();
/// while let Some(page) = pages.try_next().await? {
///     for a in &page.items {
///         println!("{}", a.application_urn);
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct ListApplicationAssignmentsForPrincipal {
    client: Client,
    query: PrincipalQuery,
}

impl ListApplicationAssignmentsForPrincipal {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            query: PrincipalQuery::default(),
        }
    }

    principal_query_builder!(ApplicationAssignment);

    fn fetcher(&self) -> Result<Fetch<ApplicationAssignment>> {
        let params = self.query.validate()?;
        let client = self.client.clone();
        Ok(fetch_fn(move |marker: Option<String>, limit: u32| {
            let (client, params) = (client.clone(), params.clone());
            async move {
                let body = client
                    .call("ListApplicationAssignmentsForPrincipal", |raw| {
                        let (params, marker) = (&params, &marker);
                        async move {
                            let mut request = raw
                                .list_application_assignments_for_principal()
                                .instance_id(params.instance_id.as_str())
                                .principal_id(params.principal_id.as_str())
                                .principal_type(params.principal_type.clone())
                                .limit(limit);
                            if let Some(marker) = marker {
                                request = request.marker(marker.as_str());
                            }
                            request.send().await
                        }
                    })
                    .await?;
                Ok(Page::new(
                    body.application_assignments,
                    body.page_info.next_marker,
                    body.page_info
                        .current_count
                        .and_then(|c| u64::try_from(c).ok()),
                ))
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query() -> PrincipalQuery {
        PrincipalQuery {
            instance_id: Some("ins-1".into()),
            principal_id: Some("user-1".into()),
            principal_type: Some(PrincipalType::User),
            ..PrincipalQuery::default()
        }
    }

    fn invalid(q: PrincipalQuery) -> String {
        match q.validate() {
            Err(Error::InvalidRequest { message }) => message,
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_query_is_valid() {
        assert!(query().validate().is_ok());
    }

    #[test]
    fn each_bad_parameter_is_named() {
        assert_eq!(
            invalid(PrincipalQuery {
                instance_id: None,
                ..query()
            }),
            "instance_id is required"
        );
        assert!(
            invalid(PrincipalQuery {
                principal_id: Some("a b".into()),
                ..query()
            })
            .starts_with("principal_id \"a b\"")
        );
        assert!(
            invalid(PrincipalQuery {
                principal_id: Some("x".repeat(65)),
                ..query()
            })
            .contains("1 to 64")
        );
        assert_eq!(
            invalid(PrincipalQuery {
                principal_type: None,
                ..query()
            }),
            "principal_type is required"
        );
        assert!(
            invalid(PrincipalQuery {
                principal_type: Some(PrincipalType::Unknown("ROBOT".into())),
                ..query()
            })
            .contains("ROBOT")
        );
        assert!(
            invalid(PrincipalQuery {
                marker: Some("abc".into()),
                ..query()
            })
            .contains("24 hexadecimal")
        );
        assert_eq!(
            invalid(PrincipalQuery {
                page_size: Some(0),
                ..query()
            }),
            "page_size must be between 1 and 100, got 0"
        );
        assert!(
            invalid(PrincipalQuery {
                page_size: Some(101),
                ..query()
            })
            .contains("got 101")
        );
        assert!(
            invalid(PrincipalQuery {
                max_items: Some(0),
                ..query()
            })
            .contains("max_items")
        );
    }
}
