//! Pagination shared by both clouds: every list operation can be run four ways.
//!
//! - `send()`: one page, as the service returned it;
//! - `pages()`: a [`Stream`](futures::Stream) of pages, fetching the next page only when the previous one is consumed;
//! - `items()`: a [`Stream`](futures::Stream) of the items of every page, in order.
//!
//! `collect()` gathers every item into a `Vec`. `page_size(n)` sets how many items each request asks
//! for, and `max_items(n)` stops after `n` items: no request is made once they are in, nor after the
//! consumer drops the stream.
//!
//! Two generic paginators serve every list operation: [`marker`] (Huawei: an opaque token) and
//! [`page`] (SCP: a 0-based page number and a size). Each operation's builder is generated from its
//! spec (`x-idc-pagination`) and only says how to fetch one page and where a response keeps its
//! items, next marker and count; the paging itself, its limits and its safety rules live here, once.
//!
//! The paginators refuse to guess: a Huawei marker the service already returned, a page whose items
//! (in any order) are those of an earlier page, a page that repeats an item of the page before it,
//! or an SCP listing that does not end within the page cap, ends the stream with
//! [`Error::Pagination`] instead of looping or silently returning a short or duplicated result.
//!
//! ```no_run
//! # async fn run(client: idc::huawei::Client) -> idc::Result<()> {
//! use futures::TryStreamExt;
//!
//! let mut items = client
//!     .list_account_assignments_for_principal()
//!     .instance_id("ins-1")
//!     .principal_id("user-1")
//!     .principal_type(idc::PrincipalType::User)
//!     .items();
//! while let Some(assignment) = items.try_next().await? {
//!     println!("{} via {}", assignment.account_id, assignment.permission_set_id);
//! }
//! # Ok(())
//! # }
//! ```

mod fingerprint;
pub mod marker;
pub mod page;

pub(crate) use fingerprint::SeenPages;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::{Error, Result};

/// A boxed stream of results, as the paginators return them.
pub type ResultStream<T> = BoxStream<'static, Result<T>>;

/// The most pages a paginator fetches before it decides the listing does not end.
pub const DEFAULT_MAX_PAGES: usize = 100_000;

/// The most pages fetched at once by a page/size listing's `concurrency`.
pub const MAX_CONCURRENCY: usize = 32;

/// The bounds of an operation's page size, from its limit or size parameter in the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PageSize {
    pub(crate) min: u32,
    pub(crate) max: u32,
    pub(crate) default: u32,
}

/// What a caller set on a list request about paging: where to start, how much, how fast.
#[derive(Clone, Debug, Default)]
pub(crate) struct Paging {
    pub(crate) marker: Option<String>,
    pub(crate) page: Option<u32>,
    pub(crate) page_size: Option<u32>,
    pub(crate) max_items: Option<usize>,
    pub(crate) max_pages: Option<usize>,
    pub(crate) concurrency: Option<usize>,
}

impl Paging {
    /// The page size to ask for, checked against the operation's bounds.
    pub(crate) fn page_size(&self, bounds: PageSize) -> Result<u32> {
        match self.page_size {
            None => Ok(bounds.default),
            Some(n) if (bounds.min..=bounds.max).contains(&n) => Ok(n),
            Some(n) => Err(Error::invalid_request(format!(
                "page_size must be between {} and {}, got {n}",
                bounds.min, bounds.max
            ))),
        }
    }

    /// Checks every setting, so that a bad one fails before anything is sent.
    pub(crate) fn validate(&self, bounds: PageSize) -> Result<()> {
        self.page_size(bounds)?;
        if self.max_items == Some(0) {
            return Err(Error::invalid_request("max_items must be at least 1"));
        }
        if self.max_pages == Some(0) {
            return Err(Error::invalid_request("max_pages must be at least 1"));
        }
        let concurrency = self.concurrency();
        if !(1..=MAX_CONCURRENCY).contains(&concurrency) {
            return Err(Error::invalid_request(format!(
                "concurrency must be between 1 and {MAX_CONCURRENCY}, got {concurrency}"
            )));
        }
        Ok(())
    }

    pub(crate) fn max_pages(&self) -> usize {
        self.max_pages.unwrap_or(DEFAULT_MAX_PAGES)
    }

    pub(crate) fn concurrency(&self) -> usize {
        self.concurrency.unwrap_or(1)
    }
}

/// Flattens a stream of pages into a stream of their items.
pub(crate) fn flatten<P, T>(pages: ResultStream<P>, items_of: fn(P) -> Vec<T>) -> ResultStream<T>
where
    P: Send + 'static,
    T: Send + 'static,
{
    pages
        .map_ok(move |page| stream::iter(items_of(page).into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

/// A stream that yields `error` once.
pub(crate) fn failed<T: Send + 'static>(error: crate::Error) -> ResultStream<T> {
    stream::once(async move { Err(error) }).boxed()
}

/// How many items the next request should ask for, given the page size and what `max_items` leaves.
pub(crate) fn next_limit(page_size: u32, remaining: Option<usize>) -> u32 {
    match remaining {
        Some(left) => u32::try_from(left).map_or(page_size, |left| left.min(page_size)),
        None => page_size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_request_asks_only_for_what_is_left() {
        assert_eq!(next_limit(100, None), 100);
        assert_eq!(next_limit(100, Some(250)), 100);
        assert_eq!(next_limit(100, Some(7)), 7);
        assert_eq!(next_limit(100, Some(usize::MAX)), 100);
    }
}
