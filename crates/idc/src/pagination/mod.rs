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

pub mod marker;
pub mod page;

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

/// Remembers the pages a listing has returned, to catch a service that hands out a page it already
/// gave (ignoring `page`, cycling under fresh markers, or shuffling the same items), or a page that
/// repeats an item of the page just before it (pages that overlap, or a listing that shifted while
/// it was paged): going on would duplicate items.
///
/// A page is known by its length and the sum of its items' hashes (each item's JSON, hashed): every
/// item counts and their order does not, so the same page in another order is caught too, at one
/// entry per page. The previous page's item hashes are kept to catch an item repeated across two
/// consecutive pages; an item repeated between pages further apart, with other items around it, is
/// not caught (that would take memory growing with the items, and a listing may hold millions).
#[derive(Debug, Default)]
pub(crate) struct SeenPages {
    /// `(sum of item hashes, length)` of every non-empty page, and its page number.
    pages: std::collections::HashMap<(u64, usize), u64>,
    /// The item hashes of the previous non-empty page, and its number.
    previous: Option<(std::collections::HashSet<u64>, u64)>,
}

impl SeenPages {
    /// Records page `number`; `Err` naming the earlier page it repeats. Empty pages are not
    /// compared (an empty page ends a listing anyway).
    pub(crate) fn check<T: serde::Serialize>(&mut self, items: &[T], number: u64) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let hashes: Vec<u64> = items.iter().map(item_hash).collect();
        // Addition commutes: the same items in any order make the same sum.
        let sum = hashes.iter().fold(0u64, |sum, h| sum.wrapping_add(*h));
        let hashes: std::collections::HashSet<u64> = hashes.into_iter().collect();
        if let Some(earlier) = self.pages.insert((sum, items.len()), number) {
            return Err(Error::pagination(format!(
                "page {number} repeats the items of page {earlier}: the service is not paging; \
                 stopping rather than returning the same items again"
            )));
        }
        if let Some((previous, earlier)) = &self.previous
            && !previous.is_disjoint(&hashes)
        {
            return Err(Error::pagination(format!(
                "page {number} repeats an item of page {earlier}: the pages overlap, or the \
                 listing changed while it was paged; stopping rather than returning an item twice \
                 (run it again)"
            )));
        }
        self.previous = Some((hashes, number));
        Ok(())
    }
}

/// A hash of one item's JSON, streamed into the hasher without building the text.
fn item_hash<T: serde::Serialize>(item: &T) -> u64 {
    let mut hasher = FastHasher::default();
    // Serializing plain data into a sink that never fails cannot fail.
    let _ = serde_json::to_writer(&mut hasher, item);
    hasher.finish()
}

/// A fast hash of a byte stream (FxHash's step, a word at a time, and a final mix), for
/// [`item_hash`]: every item of every page goes through it, so it must cost little next to
/// parsing the item. Not collision-resistant against a hostile server, which only matters in one
/// direction: a collision can stop a listing early, never let a repeated page through (the same
/// items always hash the same).
#[derive(Default)]
struct FastHasher(u64);

impl FastHasher {
    fn add(&mut self, word: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }

    fn finish(&self) -> u64 {
        // splitmix64's finalizer, so that the sum of several hashes mixes every bit.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl std::io::Write for FastHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut words = buf.chunks_exact(8);
        for word in &mut words {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            self.add(u64::from_le_bytes(bytes));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut bytes = [0u8; 8];
            bytes[..rest.len()].copy_from_slice(rest);
            // The length too, so that a shorter tail padded with zeros differs.
            self.add(u64::from_le_bytes(bytes) ^ ((rest.len() as u64) << 59));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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

    fn page(items: &[&str]) -> Vec<serde_json::Value> {
        items
            .iter()
            .map(|id| serde_json::json!({"account_id": id, "permission_set_id": "ps-1"}))
            .collect()
    }

    fn is_pagination(result: Result<()>) -> bool {
        matches!(result, Err(Error::Pagination { .. }))
    }

    #[test]
    fn a_page_seen_before_is_caught_in_any_order() {
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c"]), 0).unwrap();
        seen.check(&page(&["d", "e", "f"]), 1).unwrap();
        // Page 0 again, reversed, two pages later: the first and last items differ from page 0's.
        let error = seen.check(&page(&["c", "b", "a"]), 2).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("page 2 repeats the items of page 0"),
            "{error}"
        );

        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c", "d"]), 0).unwrap();
        seen.check(&page(&["e", "f", "g", "h"]), 1).unwrap();
        // Same ends and length as page 0, different middle: a different page (which the old
        // first-and-last fingerprint took for page 0).
        seen.check(&page(&["a", "x", "y", "d"]), 2).unwrap();
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c", "d"]), 0).unwrap();
        seen.check(&page(&["e", "f", "g", "h"]), 1).unwrap();
        seen.check(&page(&["i", "b", "c", "l"]), 2).unwrap();
        assert!(is_pagination(seen.check(&page(&["b", "c", "l", "i"]), 3)));
    }

    #[test]
    fn an_item_of_the_previous_page_is_caught() {
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "b", "c"]), 0).unwrap();
        // Overlapping pages (offset moved by 2 for pages of 3).
        let error = seen.check(&page(&["c", "d", "e"]), 1).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("page 1 repeats an item of page 0"),
            "{error}"
        );
    }

    #[test]
    fn distinct_pages_pass_and_empty_pages_are_not_compared() {
        let mut seen = SeenPages::default();
        for n in 0..1000u64 {
            let ids: Vec<String> = (0..10).map(|i| format!("item-{n}-{i}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            seen.check(&page(&ids), n).unwrap();
        }
        seen.check(&page(&[]), 1000).unwrap();
        seen.check(&page(&[]), 1001).unwrap();
        // A page may hold the same item twice (data, not paging), and a later page a smaller
        // multiset of the same items is a different page.
        let mut seen = SeenPages::default();
        seen.check(&page(&["a", "a", "b"]), 0).unwrap();
        seen.check(&page(&["x", "y"]), 1).unwrap();
        seen.check(&page(&["a", "b"]), 2).unwrap();
    }

    #[test]
    fn the_hash_sees_every_byte() {
        let hash = |text: &str| item_hash(&text);
        assert_eq!(hash("abc"), hash("abc"));
        for (a, b) in [
            ("abc", "abd"),
            ("", "\0"),
            ("12345678", "12345679"),
            ("123456789", "12345678"),
            ("a", "a\u{0}"),
        ] {
            assert_ne!(hash(a), hash(b), "{a:?} {b:?}");
        }
    }
}
