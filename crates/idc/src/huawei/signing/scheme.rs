//! The scheme's names and values (algorithm, header names, the headers never signed), its error,
//! and a parsed `Authorization` header.

/// The algorithm name, first line of the string to sign and first word of `Authorization`.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// The header carrying the signing time, as formatted by [`format_sdk_date`](super::format_sdk_date).
pub const HEADER_SDK_DATE: &str = "x-sdk-date";
/// The header carrying the account's domain id.
pub const HEADER_DOMAIN_ID: &str = "x-domain-id";
/// The project id header of project-scoped services.
pub const HEADER_PROJECT_ID: &str = "x-project-id";
/// The header carrying the security token of temporary credentials.
pub const HEADER_SECURITY_TOKEN: &str = "x-security-token";

/// Headers that [`sign_request`](super::sign_request) never signs, even when they are on the request.
///
/// `authorization` is the signature itself; `content-type` and `user-agent` are skipped like the official
/// Go and Java SDKs do (proxies and HTTP stacks may rewrite them); the rest are hop-by-hop or framing
/// headers that an HTTP stack may add, drop or change on the way. Names containing `_` are never signed
/// either (many proxies drop such headers).
pub const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "connection",
    "content-length",
    "content-type",
    "expect",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

/// The SHA-256 of the empty string, the body hash of a request without body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Why a request could not be signed, or an `Authorization` value could not be parsed.
///
/// Messages never contain a secret, a token or a signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// A value (from the credentials, or computed) is not a valid HTTP header value.
    #[error(
        "the value of header {name} cannot be sent: it contains characters not allowed in HTTP headers"
    )]
    InvalidHeaderValue {
        /// The header.
        name: &'static str,
    },
    /// The request URL has no host, so there is nothing to sign as `host`.
    #[error("the request URL has no host")]
    MissingHost,
    /// The body is a stream whose bytes are not known before sending; it cannot be hashed.
    #[error("cannot sign a streaming request body: buffer the body before signing")]
    StreamingBody,
    /// An `Authorization` value is not of the form this scheme produces.
    #[error("malformed SDK-HMAC-SHA256 Authorization header: {reason}")]
    MalformedAuthorization {
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The parts of an `Authorization` header value, as returned by [`parse_authorization`](super::parse_authorization).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAuthorization {
    /// The access key (`Access=`).
    pub access_key: String,
    /// The signed header names, in the order given (`SignedHeaders=`).
    pub signed_headers: Vec<String>,
    /// The hex signature (`Signature=`).
    pub signature: String,
}
