//! The operation model's types: a service, its operations, their parameters, bodies and paging.

use serde_json::Value;

/// What is wrong with a spec's extensions or shapes, as `(where, what)`.
pub type ModelError = (String, String);

/// The cloud a spec belongs to (`info.x-idc.cloud`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    /// Huawei Cloud.
    Huawei,
    /// Samsung Cloud Platform.
    Scp,
}

impl Cloud {
    /// The name used in module paths and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Huawei => "huawei",
            Self::Scp => "scp",
        }
    }
}

/// One spec: one service of one cloud.
#[derive(Clone, Debug)]
pub struct Service {
    /// The Rust module name of the spec (`huawei_identitycenter`).
    pub module: String,
    /// The cloud.
    pub cloud: Cloud,
    /// The service's command-line name (`identitycenter`, `iam-identity-center`).
    pub service: String,
    /// `info.title`.
    pub title: String,
    /// The facade client the operations hang off, as a path in the `idc` crate.
    pub client: String,
    /// The SCP service name sent in `Scp-Api-Version` (`info.x-scp-service`), if any.
    pub scp_service: Option<String>,
    /// `info.x-idc.credential-scope: project`: a regional service that takes a project's
    /// credentials (`X-Project-Id`) instead of the account's (`X-Domain-Id`).
    pub project_scoped: bool,
    /// The operations, in spec order.
    pub operations: Vec<Operation>,
}

impl Service {
    /// The operation whose id (snake case) is `id`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.id == id)
    }

    /// The waiter of the operations whose status operation is `op` (they agree on how the
    /// status reads: codegen refuses them otherwise).
    pub fn waiter_polled_by(&self, op: &Operation) -> Option<&Waiter> {
        self.operations
            .iter()
            .filter_map(|o| o.waiter.as_ref())
            .find(|w| w.status_operation == op.id)
    }

    /// The Cargo feature of `idc-raw` and `idc` that compiles this spec's modules: the spec's file
    /// name (`huawei-identitycenter`).
    pub fn feature(&self) -> String {
        self.module.replace('_', "-")
    }
}

/// One operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId`, snake case (`list_account_assignments`).
    pub id: String,
    /// The operation in Pascal case (`ListAccountAssignments`), the name of its builder.
    pub type_name: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// `summary`.
    pub summary: String,
    /// `description`.
    pub description: String,
    /// Every parameter, in spec order.
    pub params: Vec<Param>,
    /// The schema name of the success response, if it has a body.
    pub response: Option<String>,
    /// The JSON request body, if the operation takes one.
    pub body: Option<Body>,
    /// How the operation pages, if it does.
    pub pagination: Option<Pagination>,
    /// Names under which the command line also offers the operation, at the cloud level.
    pub cli_aliases: Vec<String>,
    /// Other names of the operation's subcommand, at the service level (`versions`).
    pub cli_names: Vec<String>,
    /// `x-idc-unauthenticated`: sent unsigned, answered without checking a signature.
    pub unauthenticated: bool,
    /// The default table columns.
    pub cli_columns: Vec<String>,
    /// `x-idc-cli.shortcuts`: flags that fill a body field from one value.
    pub cli_shortcuts: Vec<CliShortcut>,
    /// The properties the spec documents for a list's items (empty for a list of plain values or
    /// items of no documented shape): the columns `--columns` may name.
    pub item_fields: Vec<String>,
    /// `x-idc-retry` and `x-idc-outcome-read`: whether the runtime may send the request again.
    pub retry: Retry,
    /// `x-idc-waiter`: how to wait until the asynchronous work the operation starts is done.
    pub waiter: Option<Waiter>,
    /// `x-idc-destroys`: what a destructive administrative operation destroys (the CLI's `--help`
    /// and the builder's rustdoc say it).
    pub destroys: Option<String>,
}

impl Operation {
    /// The operation on the command line (`list-account-assignments`).
    pub fn cli_name(&self) -> String {
        self.id.replace('_', "-")
    }

    /// The parameters a caller sets: not the ones the runtime sets, nor the paging ones.
    pub fn caller_params(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.runtime.is_none() && !self.is_paging_param(p))
    }

    /// Whether `p` is the token, limit, page or size parameter of the pagination.
    pub fn is_paging_param(&self, p: &Param) -> bool {
        match &self.pagination {
            Some(Pagination::Marker(m)) => p.name == m.marker || p.name == m.limit,
            Some(Pagination::Page(pg)) => p.name == pg.page || p.name == pg.size,
            None => false,
        }
    }

    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// Whether an operation may be sent again after a failure whose outcome is unknown
/// (`x-idc-retry`; by default GET, PUT and DELETE may, POST may not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Repeating it changes nothing more than doing it once (a read, a put, a delete).
    Safe,
    /// Repeating it may do it twice (a create): retried only when the request provably never
    /// reached the service, or on 429.
    Unsafe {
        /// The operation (Pascal case, `ListAccountAssignments`) that tells whether it happened
        /// (`x-idc-outcome-read`).
        outcome_read: String,
    },
}

/// How to wait for an asynchronous operation (`x-idc-waiter`).
#[derive(Clone, Debug, PartialEq)]
pub struct Waiter {
    /// The status operation's id, snake case (`describe_account_assignment_creation_status`).
    pub status_operation: String,
    /// The status operation in Pascal case, the name of its builder.
    pub status_type: String,
    /// Where the id to wait on is in this operation's response.
    pub request_id: Field,
    /// The status operation's parameter (Rust name) taking that id.
    pub id_parameter: String,
    /// The status operation's parameters (Rust names) filled from this operation's parameters of
    /// the same name.
    pub shared_params: Vec<String>,
    /// Where the status is in the status operation's response.
    pub status: Field,
    /// The statuses that mean it succeeded.
    pub success: Vec<String>,
    /// The statuses that mean it failed.
    pub failure: Vec<String>,
    /// The statuses that mean it is still running.
    pub in_progress: Vec<String>,
    /// Where the failure reason is in the status operation's response, if it says.
    pub failure_reason: Option<Field>,
}

/// A JSON request body: a named object schema whose top-level properties become setters.
#[derive(Clone, Debug)]
pub struct Body {
    /// The schema name.
    pub type_name: String,
    /// Whether the body is required.
    pub required: bool,
    /// The top-level properties.
    pub fields: Vec<BodyField>,
}

/// A flag that fills a body field of a named schema from one value (`x-idc-cli.shortcuts`).
#[derive(Clone, Debug)]
pub struct CliShortcut {
    /// The flag, without `--` (`user-name`).
    pub flag: String,
    /// The body field it fills (`alternate_identifier`).
    pub field: String,
    /// The flag's help.
    pub help: String,
    /// The field's value as compact JSON, with the string `"{}"` where the flag's value goes.
    pub template: String,
}

/// One top-level property of a request body.
#[derive(Clone, Debug)]
pub struct BodyField {
    /// The JSON name.
    pub name: String,
    /// The Rust name.
    pub rust: String,
    /// Whether the schema requires it.
    pub required: bool,
    /// `description`.
    pub description: String,
    /// What it holds.
    pub ty: BodyType,
    /// `example` of the property, else of its schema (of the items' schema for a list): a string as
    /// is, anything else as compact JSON.
    pub example: Option<String>,
    /// `x-idc-exactly-one-of` of its (named object) schema: the properties of which exactly one
    /// must be set.
    pub exactly_one_of: Vec<String>,
    /// `enum` of its schema (a string or a named string schema): the values it takes.
    pub one_of: Vec<String>,
}

/// What a body property holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyType {
    /// A string.
    String,
    /// A secret string (`format: password`): `idc::Secret`, never shown by `Debug`.
    Secret,
    /// An integer.
    Integer,
    /// A boolean.
    Boolean,
    /// A list of strings.
    Strings,
    /// A named schema.
    Named(String),
    /// A list of a named schema.
    NamedList(String),
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// What a parameter holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    String,
    /// An integer.
    Integer,
    /// A boolean.
    Boolean,
    /// The forward-compatible principal type (`USER`, `GROUP`, ...).
    PrincipalType,
}

/// One parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The wire name.
    pub name: String,
    /// The Rust name (snake case of the wire name).
    pub rust: String,
    /// Where it goes.
    pub location: Location,
    /// Whether the spec requires it.
    pub required: bool,
    /// `description`.
    pub description: String,
    /// What it holds.
    pub kind: Kind,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minimum`.
    pub minimum: Option<i64>,
    /// `maximum`.
    pub maximum: Option<i64>,
    /// `default`, as JSON.
    pub default: Option<Value>,
    /// `enum`.
    pub one_of: Vec<String>,
    /// `example`, as text.
    pub example: Option<String>,
    /// `x-idc-runtime`: set by the runtime (`api-version`, `security-token`), not by callers.
    pub runtime: Option<String>,
    /// `x-idc-repeatable`: the server also takes the parameter repeated, its values joined by commas.
    pub repeatable: bool,
}

impl Param {
    /// Whether any string rule applies.
    pub fn has_string_rules(&self) -> bool {
        self.pattern.is_some()
            || self.min_length.is_some()
            || self.max_length.is_some()
            || !self.one_of.is_empty()
    }
}

/// The item type of a list of plain strings (instead of a schema name).
pub const STRING_ITEM: &str = "string";

/// How a list operation pages (`x-idc-pagination`).
#[derive(Clone, Debug)]
pub enum Pagination {
    /// An opaque marker (Huawei).
    Marker(MarkerPagination),
    /// A 0-based page number and a size (SCP).
    Page(PagePagination),
}

impl Pagination {
    /// The response field that holds the items.
    pub fn items(&self) -> &Field {
        match self {
            Self::Marker(m) => &m.items,
            Self::Page(p) => &p.items,
        }
    }

    /// The schema name of one item, or [`STRING_ITEM`].
    pub fn item_type(&self) -> &str {
        match self {
            Self::Marker(m) => &m.item_type,
            Self::Page(p) => &p.item_type,
        }
    }
}

/// A response field reached by a path of property names, with whether each step may be absent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// `(property, optional)` from the response's top level down.
    pub steps: Vec<(String, bool)>,
    /// The JSON type of the field itself (`string`, `integer`, ...; empty when the schema has
    /// none).
    pub leaf_type: String,
}

impl Field {
    /// The dotted path (`account_assignment_creation_status.request_id`).
    pub fn dotted(&self) -> String {
        self.steps
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    }
}

/// Marker pagination.
#[derive(Clone, Debug)]
pub struct MarkerPagination {
    /// The items array.
    pub items: Field,
    /// The schema name of an item.
    pub item_type: String,
    /// The query parameter carrying the marker.
    pub marker: String,
    /// The query parameter carrying the page size.
    pub limit: String,
    /// The next marker in the response.
    pub next_marker: Field,
    /// The page's item count in the response, if any.
    pub count: Option<Field>,
}

/// Page/size pagination.
#[derive(Clone, Debug)]
pub struct PagePagination {
    /// The items array.
    pub items: Field,
    /// The schema name of an item.
    pub item_type: String,
    /// The 0-based page parameter.
    pub page: String,
    /// The page size parameter.
    pub size: String,
    /// The count in the response, if any.
    pub count: Option<Field>,
    /// The applied sort order in the response, if any.
    pub sort: Option<Field>,
}
