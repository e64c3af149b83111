//! The operation model: every per-operation fact of a spec, read once, for every emitter.
//!
//! The model is read from the spec as plain JSON (the YAML parsed into `serde_json::Value`), with
//! `$ref`s followed, so that each emitter is a small function of [`Service`] and never looks at
//! OpenAPI again. What OpenAPI has no field for comes from the `x-idc*` extensions documented in
//! `specs/README.md`.

mod names;
mod read;
mod schema;
mod types;
mod writes;

pub use names::{pascal, snake};
pub use read::read;
pub use types::{
    Body, BodyField, BodyType, CliShortcut, Cloud, Field, Kind, Location, MarkerPagination,
    ModelError, Operation, PagePagination, Pagination, Param, Retry, STRING_ITEM, Service, Waiter,
};
