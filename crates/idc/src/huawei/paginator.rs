//! Marker pagination: follow `page_info.next_marker` until it is null, absent or empty.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use futures::StreamExt;
use futures::stream;

use crate::error::{Error, Result};
use crate::pagination::{ResultStream, next_limit};

/// One page of a Huawei list operation.
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
    pub(crate) fn new(
        items: Vec<T>,
        next_marker: Option<String>,
        current_count: Option<u64>,
    ) -> Self {
        // The service documents null for "no more pages"; treat absent and empty the same way.
        let next_marker = next_marker.filter(|m| !m.is_empty());
        Self {
            items,
            next_marker,
            current_count,
        }
    }
}

/// Fetches the page at a marker with a limit.
pub(crate) type Fetch<T> = Arc<
    dyn Fn(Option<String>, u32) -> futures::future::BoxFuture<'static, Result<Page<T>>>
        + Send
        + Sync,
>;

/// What a marker paginator needs.
pub(crate) struct Pager<T> {
    pub(crate) fetch: Fetch<T>,
    pub(crate) first_marker: Option<String>,
    pub(crate) page_size: u32,
    pub(crate) max_items: Option<usize>,
    pub(crate) max_pages: usize,
}

struct State {
    marker: Option<String>,
    seen: HashSet<String>,
    remaining: Option<usize>,
    pages: usize,
    done: bool,
}

pub(crate) fn fetch_fn<T, F, Fut>(f: F) -> Fetch<T>
where
    F: Fn(Option<String>, u32) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Page<T>>> + Send + 'static,
{
    Arc::new(move |marker, limit| Box::pin(f(marker, limit)))
}

impl<T: Send + 'static> Pager<T> {
    /// The pages, fetched lazily one after the other.
    pub(crate) fn pages(self) -> ResultStream<Page<T>> {
        let Pager {
            fetch,
            first_marker,
            page_size,
            max_items,
            max_pages,
        } = self;
        let state = State {
            marker: first_marker,
            seen: HashSet::new(),
            remaining: max_items,
            pages: 0,
            done: false,
        };
        stream::try_unfold(state, move |mut st| {
            let fetch = fetch.clone();
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
                let mut page =
                    fetch(st.marker.clone(), next_limit(page_size, st.remaining)).await?;
                st.pages += 1;
                if let Some(left) = st.remaining.as_mut() {
                    page.items.truncate(*left);
                    *left -= page.items.len();
                }
                match &page.next_marker {
                    None => st.done = true,
                    Some(next) if st.seen.contains(next) => {
                        return Err(Error::pagination(format!(
                            "the service returned marker {next} again after {} pages; stopping \
                             rather than repeating items",
                            st.pages
                        )));
                    }
                    Some(next) => st.marker = Some(next.clone()),
                }
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
