//! Marker pagination (Huawei): follow the response's next marker until it is null, absent or empty.
//!
//! A marker the service hands out twice, or a page that repeats an earlier one (in any order) or an
//! item of the page before under a fresh marker, ends the listing with [`Error::Pagination`] (going on would repeat items forever); a next marker that breaks the spec's rules for the marker parameter is an
//! [`Error::MalformedResponse`]: the service's fault, not the caller's.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use futures::StreamExt;
use futures::stream;

use super::{PageSize, Paging, ResultStream, SeenPages, failed, next_limit};
use crate::error::{Error, Result};

/// One page of a list operation paged by marker.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The marker of the next page; `None` on the last page.
    pub next_marker: Option<String>,
    /// The number of items on this page, as the service counted them.
    pub current_count: Option<u64>,
}

impl<T> Page<T> {
    fn new(items: Vec<T>, next_marker: Option<String>, current_count: Option<u64>) -> Self {
        // The service documents null for "no more pages"; treat absent and empty the same way.
        let next_marker = next_marker.filter(|m| !m.is_empty());
        Self {
            items,
            next_marker,
            current_count,
        }
    }
}

/// A list response paged by marker, as the generated code describes each one.
pub(crate) trait MarkerResponse: Send + 'static {
    /// One item of the list.
    type Item: serde::Serialize + Send + 'static;
    /// The marker of the next page, if the response has one.
    fn next_marker(&self) -> Option<&str>;
    /// The page's item count as the service gives it.
    fn current_count(&self) -> Option<u64>;
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A list request paged by marker: what a generated builder implements.
pub(crate) trait MarkerRequest: Send + Sync + Sized + 'static {
    /// The response of one page.
    type Response: MarkerResponse;
    /// The page size bounds of the spec's limit parameter.
    const PAGE_SIZE: PageSize;
    /// The caller's paging settings.
    fn paging(&self) -> &Paging;
    /// Checks every parameter; nothing is sent when this fails.
    fn validate(&self) -> Result<()>;
    /// Checks a marker against the spec's rules for the marker parameter.
    fn check_marker(marker: &str) -> std::result::Result<(), String>;
    /// Fetches the page at `marker` with `limit` items at most.
    fn fetch(
        &self,
        marker: Option<&str>,
        limit: u32,
    ) -> impl Future<Output = Result<Self::Response>> + Send;
}

type ItemOf<R> = <<R as MarkerRequest>::Response as MarkerResponse>::Item;

/// Fetches the page at `marker`, checking the next marker it hands out.
async fn fetch_page<R: MarkerRequest>(
    request: &R,
    marker: Option<&str>,
    limit: u32,
) -> Result<Page<ItemOf<R>>> {
    let response = request.fetch(marker, limit).await?;
    let next_marker = response.next_marker().map(str::to_owned);
    let current_count = response.current_count();
    let page = Page::new(response.into_items(), next_marker, current_count);
    if let Some(next) = &page.next_marker
        && let Err(why) = R::check_marker(next)
    {
        // The service broke its own contract: sending it back would blame the caller. The rule's
        // sentence quotes the marker, which a hostile service may have made anything (a secret
        // of the client's): this error is built past the transport, which scrubs what it
        // returns, so it says what is wrong without repeating the marker.
        let why = why.replace(&format!(" {next:?}"), "");
        return Err(Error::MalformedResponse {
            status: 200,
            message: format!("the service returned an invalid next marker: {why}"),
            body_excerpt: String::new(),
        });
    }
    Ok(page)
}

/// Fetches one page: the first, or the one at the caller's marker.
pub(crate) async fn send<R: MarkerRequest>(request: R) -> Result<Page<ItemOf<R>>> {
    request.validate()?;
    let paging = request.paging();
    paging.validate(R::PAGE_SIZE)?;
    let limit = next_limit(paging.page_size(R::PAGE_SIZE)?, paging.max_items);
    let mut page = fetch_page(&request, paging.marker.as_deref(), limit).await?;
    if let Some(max) = paging.max_items {
        page.items.truncate(max);
    }
    Ok(page)
}

/// Every page, fetched lazily one after the other.
pub(crate) fn pages<R: MarkerRequest>(request: R) -> ResultStream<Page<ItemOf<R>>> {
    let checked = request
        .validate()
        .and_then(|()| request.paging().validate(R::PAGE_SIZE))
        .and_then(|()| request.paging().page_size(R::PAGE_SIZE));
    let page_size = match checked {
        Ok(page_size) => page_size,
        Err(e) => return failed(e),
    };
    let paging = request.paging().clone();
    Pager {
        request: Arc::new(request),
        max_pages: paging.max_pages(),
        first_marker: paging.marker,
        page_size,
        max_items: paging.max_items,
    }
    .pages()
}

/// What a marker paginator needs.
struct Pager<R> {
    request: Arc<R>,
    first_marker: Option<String>,
    page_size: u32,
    max_items: Option<usize>,
    max_pages: usize,
}

struct State {
    marker: Option<String>,
    seen: HashSet<String>,
    pages_seen: SeenPages,
    remaining: Option<usize>,
    pages: usize,
    done: bool,
}

impl<R: MarkerRequest> Pager<R> {
    /// The pages, fetched lazily one after the other.
    fn pages(self) -> ResultStream<Page<ItemOf<R>>> {
        let Pager {
            request,
            first_marker,
            page_size,
            max_items,
            max_pages,
        } = self;
        let state = State {
            marker: first_marker,
            seen: HashSet::new(),
            pages_seen: SeenPages::default(),
            remaining: max_items,
            pages: 0,
            done: false,
        };
        stream::try_unfold(state, move |mut st| {
            let request = request.clone();
            async move {
                if st.done || st.remaining == Some(0) {
                    return Ok(None);
                }
                if st.pages >= max_pages {
                    return Err(Error::pagination(format!(
                        "the listing did not end within {max_pages} pages"
                    )));
                }
                if let Some(sent) = &st.marker {
                    st.seen.insert(sent.clone());
                }
                let limit = next_limit(page_size, st.remaining);
                let mut page = fetch_page(&*request, st.marker.as_deref(), limit).await?;
                st.pages += 1;
                if let Some(left) = st.remaining.as_mut() {
                    page.items.truncate(*left);
                    *left -= page.items.len();
                }
                match &page.next_marker {
                    None => st.done = true,
                    Some(next) if st.seen.contains(next) => {
                        // Without the marker itself: server text, which nothing here scrubs.
                        return Err(Error::pagination(format!(
                            "the service returned a marker again after {} pages; stopping \
                             rather than repeating items",
                            st.pages
                        )));
                    }
                    Some(next) => st.marker = Some(next.clone()),
                }
                // After the marker check, which names the more specific fault.
                st.pages_seen.check(&page.items, st.pages as u64 - 1)?;
                tracing::debug!(
                    page = st.pages,
                    items = page.items.len(),
                    more = !st.done,
                    "fetched page"
                );
                Ok(Some((page, st)))
            }
        })
        .boxed()
    }
}
