//! Pagination shared by both clouds: every list operation can be run three ways.
//!
//! - `send()`: one page, as the service returned it;
//! - `pages()`: a [`Stream`](futures::Stream) of pages, fetching the next page only when the previous one is consumed;
//! - `items()`: a [`Stream`](futures::Stream) of the items of every page, in order.
//!
//! `collect()` gathers every item into a `Vec`. `page_size(n)` sets how many items each request asks
//! for, and `max_items(n)` stops after `n` items: no request is made once they are in, nor after the
//! consumer drops the stream.
//!
//! The paginators refuse to guess: a Huawei marker the service already returned, or an SCP listing that
//! does not end within the page cap, ends the stream with [`Error::Pagination`](crate::Error::Pagination)
//! instead of looping or silently returning a short or duplicated result.
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

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

use crate::error::Result;

/// A boxed stream of results, as the paginators return them.
pub type ResultStream<T> = BoxStream<'static, Result<T>>;

/// The most pages a paginator fetches before it decides the listing does not end.
pub const DEFAULT_MAX_PAGES: usize = 100_000;

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
