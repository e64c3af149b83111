//! Gathering the [`Facts`](crate::Facts): the access report over a recording source, then the
//! reads the enabled rules need.

mod reads;
pub(crate) mod recording;

pub use reads::{NoReads, Reads};
