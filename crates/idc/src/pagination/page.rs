//! Page/size pagination (SCP): `page` is 0-based; stop on a short page, or once `page * size + len >= count`,
//! and always within a hard page cap.
//!
//! With a concurrency above 1, the first page is fetched alone to learn `count`; the remaining pages
//! are then fetched concurrently (bounded) and yielded in order. Without a `count`, paging stays
//! sequential.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use futures::future::BoxFuture;
use futures::stream::{self, StreamExt, TryStreamExt};
use serde::Serialize;

use super::{PageSize, Paging, ResultStream, SeenPages, failed};
use crate::error::{Error, Result};

/// One page of a list operation paged by page number.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// `count` as the service sent it (see the paginator's stop rules).
    pub count: Option<u64>,
    /// The 0-based page number this page was requested as.
    pub page: u32,
    /// The page size it was requested with.
    pub size: u32,
    /// The sort order the service applied.
    pub sort: Vec<String>,
}

impl<T> Page<T> {
    /// Whether this is the last page: a short page, or `page * size + len >= count`.
    pub fn is_last(&self) -> bool {
        let len = self.items.len() as u64;
        len < u64::from(self.size)
            || self
                .count
                .is_some_and(|count| u64::from(self.page) * u64::from(self.size) + len >= count)
    }
}

/// A list response paged by page number, as the generated code describes each one.
pub(crate) trait PageResponse: Send + 'static {
    /// One item of the list.
    type Item: Serialize + Send + 'static;
    /// `count` as the service sent it.
    fn count(&self) -> Option<u64>;
    /// The sort order the service says it applied.
    fn sort(&self) -> Vec<String>;
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

/// A list request paged by page number: what a generated builder implements.
pub(crate) trait PageRequest: Send + Sync + Sized + 'static {
    /// The response of one page.
    type Response: PageResponse;
    /// The page size bounds of the spec's size parameter.
    const PAGE_SIZE: PageSize;
    /// The caller's paging settings.
    fn paging(&self) -> &Paging;
    /// Checks every parameter; nothing is sent when this fails.
    fn validate(&self) -> Result<()>;
    /// Fetches page `page` (0-based) of `size` items.
    fn fetch(&self, page: u32, size: u32) -> impl Future<Output = Result<Self::Response>> + Send;
}

type ItemOf<R> = <<R as PageRequest>::Response as PageResponse>::Item;

/// Fetches page `page` with size `size`.
type Fetch<T> = Arc<dyn Fn(u32, u32) -> BoxFuture<'static, Result<Page<T>>> + Send + Sync>;

/// The request as a shareable page fetcher, for the concurrent plan.
fn fetcher<R: PageRequest>(request: R) -> Fetch<ItemOf<R>> {
    let request = Arc::new(request);
    Arc::new(move |page, size| {
        let request = request.clone();
        Box::pin(async move {
            let response = request.fetch(page, size).await?;
            Ok(Page {
                count: response.count(),
                sort: response.sort(),
                items: response.into_items(),
                page,
                size,
            })
        })
    })
}

/// Fetches one page: the first, or the caller's `page`.
pub(crate) async fn send<R: PageRequest>(request: R) -> Result<Page<ItemOf<R>>> {
    request.validate()?;
    let paging = request.paging().clone();
    paging.validate(R::PAGE_SIZE)?;
    let size = paging.page_size(R::PAGE_SIZE)?;
    let mut page = fetcher(request)(paging.page.unwrap_or(0), size).await?;
    if let Some(max) = paging.max_items {
        page.items.truncate(max);
    }
    Ok(page)
}

/// Every page, lazily, `concurrency` at a time once the count is known.
pub(crate) fn pages<R: PageRequest>(request: R) -> ResultStream<Page<ItemOf<R>>> {
    let checked = request
        .validate()
        .and_then(|()| request.paging().validate(R::PAGE_SIZE))
        .and_then(|()| request.paging().page_size(R::PAGE_SIZE));
    let size = match checked {
        Ok(size) => size,
        Err(e) => return failed(e),
    };
    let paging = request.paging().clone();
    Pager {
        fetch: fetcher(request),
        first_page: paging.page.unwrap_or(0),
        size,
        max_items: paging.max_items,
        max_pages: paging.max_pages(),
        concurrency: paging.concurrency(),
    }
    .pages()
}

/// What a page paginator needs.
struct Pager<T> {
    fetch: Fetch<T>,
    first_page: u32,
    size: u32,
    max_items: Option<usize>,
    max_pages: usize,
    concurrency: usize,
}

impl<T: Serialize + Send + 'static> Pager<T> {
    fn pages(self) -> ResultStream<Page<T>> {
        let max_items = self.max_items;
        let pages = if self.concurrency > 1 {
            self.concurrent()
        } else {
            sequential(self.fetch, self.first_page, self.size, self.max_pages, 0)
        };
        let pages = reject_repeated_pages(pages);
        match max_items {
            Some(max) => limit_items(pages, max),
            None => pages,
        }
    }

    fn concurrent(self) -> ResultStream<Page<T>> {
        let Pager {
            fetch,
            first_page,
            size,
            max_items,
            max_pages,
            concurrency,
        } = self;
        let first = fetch(first_page, size);
        stream::once(first)
            .map_ok(move |page| {
                let rest = match (page.is_last(), page.count) {
                    (true, _) => stream::empty().boxed(),
                    // Without a count there is no plan to run concurrently.
                    (false, None) => sequential(
                        fetch.clone(),
                        first_page.saturating_add(1),
                        size,
                        max_pages,
                        1,
                    ),
                    (false, Some(count)) => planned(
                        fetch.clone(),
                        &page,
                        count,
                        max_items,
                        max_pages,
                        concurrency,
                    ),
                };
                stream::once(async move { Ok(page) }).chain(rest)
            })
            .try_flatten()
            .boxed()
    }
}

/// The pages after `first`, up to what `count` says exists, fetched `concurrency` at a time and
/// yielded in order, ending at the first page that is the last. If the last planned page turns out
/// not to be the last (the listing grew), paging goes on sequentially from there.
fn planned<T: Send + 'static>(
    fetch: Fetch<T>,
    first: &Page<T>,
    count: u64,
    max_items: Option<usize>,
    max_pages: usize,
    concurrency: usize,
) -> ResultStream<Page<T>> {
    let size = first.size;
    let start = first.page.saturating_add(1);
    let mut end = count.div_ceil(u64::from(size.max(1))); // exclusive: pages start..end
    if let Some(max) = max_items {
        let wanted = (max as u64).saturating_sub(first.items.len() as u64);
        end = end.min(u64::from(start) + wanted.div_ceil(u64::from(size.max(1))));
    }
    let end = end.min(u64::from(first.page) + max_pages as u64);
    let end = u32::try_from(end).unwrap_or(u32::MAX);
    if end <= start {
        return sequential(fetch, start, size, max_pages, 1);
    }
    // The first page and the planned ones count against the page cap.
    let fetched = 1 + (end - start) as usize;

    // Where sequential paging resumes after the plan, if it must.
    let resume = Arc::new(Mutex::new(None::<u32>));
    let record = resume.clone();
    let fetch_planned = fetch.clone();
    let planned = stream::iter(start..end)
        .map(move |n| fetch_planned(n, size))
        .buffered(concurrency)
        .inspect_ok(move |page| {
            let next = (!page.is_last()).then(|| page.page.saturating_add(1));
            *record.lock().unwrap_or_else(PoisonError::into_inner) = next;
        });
    let rest =
        stream::once(async move { resume.lock().unwrap_or_else(PoisonError::into_inner).take() })
            .flat_map(move |next| match next {
                Some(next) if next == end => {
                    sequential(fetch.clone(), next, size, max_pages, fetched)
                }
                _ => stream::empty().boxed(),
            });
    until_last(planned.chain(rest).boxed())
}

/// Ends the stream after the first page that is the last, or the first error.
fn until_last<T: Send + 'static>(pages: ResultStream<Page<T>>) -> ResultStream<Page<T>> {
    pages
        .scan(false, |ended, item| {
            let out = (!*ended).then(|| {
                *ended = item.as_ref().map_or(true, Page::is_last);
                item
            });
            futures::future::ready(out)
        })
        .boxed()
}

/// Pages `first..` one after the other until one is the last.
/// `already` pages were fetched before `first`; they count against `max_pages`.
fn sequential<T: Send + 'static>(
    fetch: Fetch<T>,
    first: u32,
    size: u32,
    max_pages: usize,
    already: usize,
) -> ResultStream<Page<T>> {
    stream::try_unfold((first, already, false), move |(page, fetched, done)| {
        let fetch = fetch.clone();
        async move {
            if done {
                return Ok(None);
            }
            if fetched >= max_pages {
                return Err(Error::pagination(format!(
                    "the listing did not end within {max_pages} pages (size {size}); stopping \
                     instead of paging forever"
                )));
            }
            let result = fetch(page, size).await?;
            let last = result.is_last();
            tracing::debug!(page, items = result.items.len(), last, "fetched page");
            let next = match (last, page.checked_add(1)) {
                (true, _) => page,
                (false, Some(next)) => next,
                (false, None) => return Err(Error::pagination("page number overflow")),
            };
            Ok(Some((result, (next, fetched + 1, last))))
        }
    })
    .boxed()
}

/// Ends the stream with an error when a page repeats the items of any earlier page (see
/// [`SeenPages`]).
fn reject_repeated_pages<T: Serialize + Send + 'static>(
    pages: ResultStream<Page<T>>,
) -> ResultStream<Page<T>> {
    let mut seen = SeenPages::default();
    let mut failed = false;
    pages
        .map(move |item| {
            if failed {
                return None;
            }
            let item = item.and_then(|page| {
                seen.check(&page.items, u64::from(page.page))?;
                Ok(page)
            });
            failed = item.is_err();
            Some(item)
        })
        .take_while(|item| futures::future::ready(item.is_some()))
        .filter_map(futures::future::ready)
        .boxed()
}

/// Truncates the page stream to `max` items and ends it there, without polling it further.
fn limit_items<T: Send + 'static>(
    pages: ResultStream<Page<T>>,
    max: usize,
) -> ResultStream<Page<T>> {
    stream::unfold((pages, max), |(mut pages, left)| async move {
        if left == 0 {
            return None;
        }
        match pages.next().await? {
            Ok(mut page) => {
                page.items.truncate(left);
                let left = left - page.items.len();
                Some((Ok(page), (pages, left)))
            }
            Err(e) => Some((Err(e), (pages, 0))),
        }
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: u32, size: u32, len: usize, count: Option<u64>) -> Page<u32> {
        Page {
            items: vec![0; len],
            count,
            page,
            size,
            sort: vec![],
        }
    }

    #[test]
    fn stop_rules() {
        assert!(page(0, 20, 5, Some(100)).is_last(), "short page");
        assert!(!page(0, 20, 20, Some(100)).is_last());
        assert!(page(4, 20, 20, Some(100)).is_last(), "4*20+20 >= 100");
        assert!(!page(3, 20, 20, Some(100)).is_last());
        assert!(
            !page(3, 20, 20, None).is_last(),
            "no count: only short pages end"
        );
        assert!(page(0, 20, 0, None).is_last(), "empty page");
        assert!(
            page(0, 20, 20, Some(20)).is_last(),
            "count equal to the page's count ends it"
        );
    }
}
