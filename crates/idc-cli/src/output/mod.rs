//! Writing answers: JSON lines, YAML, CSV or an aligned table.
//!
//! Listings ([`write_pages`]): JSON, YAML and CSV are streamed, one item at a time, as pages
//! arrive; the table is buffered to the end so that its columns can be aligned. Nothing is written
//! before the first page has arrived, so a request that fails at once leaves stdout empty.
//!
//! One object ([`write_one`]): JSON and YAML as the service sent it. A one-field wrapper
//! (`{"account": {...}}`) is taken off first; then the table lists the object's fields as FIELD /
//! VALUE rows (nested objects flattened to `name.formatted` rows), and CSV has a header of those
//! fields and one row. A list inside a wrapper (`{"results": [...]}`) is written like a listing.
//!
//! The columns are the operation's defaults, `--columns` (checked against the fields the response
//! type names), or, when the operation names none and its items are kept as the service sent them,
//! the fields of the first page's items.
//!
//! `--query` ([`Query`]) applies a JMESPath expression to the whole listing or the object first,
//! and writes what it gives instead.
//!
//! The files: `listing` (the listing stream), `columns` (column choice), `object` (one-object
//! output and query results), `writers` (the format writers of a listing), `cells` (values as
//! cells, CSV rows and table lines), `query` (`--query`). Server text is escaped through
//! [`idc_report::escape`], the escaping the report shares.

mod cells;
mod columns;
mod listing;
mod object;
mod query;
mod writers;

pub use listing::{Listing, write_pages};
pub use object::write_one;
pub use query::Query;
pub use writers::Format;
