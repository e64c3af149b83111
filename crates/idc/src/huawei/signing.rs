//! Huawei Cloud's `SDK-HMAC-SHA256` request signing.
//!
//! The scheme looks like AWS SigV4 without the credential scope and without key derivation: the HMAC key
//! is the secret key itself. A signature is computed in four stages, each a public function here so that
//! a server (the emulator, a test) can verify a signature stage by stage:
//!
//! 1. [`canonical_request`]: the request in a normal form:
//!    ```text
//!    METHOD
//!    canonical URI        each path segment percent-encoded, always ending in '/'   (canonical_uri)
//!    canonical query      pairs sorted by key then value, percent-encoded             (canonical_query)
//!    canonical headers    "name:trimmed value\n" per signed header, sorted by name
//!    signed headers       the lower-case names joined by ';'
//!    hex(sha256(body))
//!    ```
//!    Percent-encoding keeps `A-Z a-z 0-9 - _ . ~` and writes every other byte as `%XX` (upper-case hex),
//!    so a space is `%20`, never `+`.
//! 2. [`string_to_sign`]: `"SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(sha256(canonical request))`.
//! 3. [`signature`]: `hex(HMAC-SHA256(secret key, string to sign))`.
//! 4. [`authorization`]: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<h1;h2>, Signature=<signature>`.
//!
//! [`sign_request`] does all of it on a [`reqwest::Request`], and [`Signer`] plugs it into the generated
//! clients (see [`idc_raw::hooks::SignRequest`]).
//!
//! The path and query are always canonicalised from the *parsed* URL (decoded segments and pairs), never
//! from the raw string: `a b` may be sent as `a+b` or `a%20b`, `~` as `~` or `%7E`, and all of these give
//! the same canonical form.
//!
//! # Example
//!
//! The first test vector of Huawei Cloud's official Go SDK, stage by stage:
//!
//! ```
//! use idc::huawei::signing;
//!
//! let url = url::Url::parse("https://example.huaweicloud.com/path?limit=1").unwrap();
//! let headers = [("x-sdk-date".to_owned(), "20060102T150405Z".to_owned())];
//! let canonical = signing::canonical_request("GET", &url, &headers, b"");
//! assert_eq!(
//!     canonical,
//!     "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n\
//!      e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
//! );
//! let to_sign = signing::string_to_sign("20060102T150405Z", &canonical);
//! let signature = signing::signature(b"SecretKey", &to_sign);
//! assert_eq!(
//!     signing::authorization("AccessKey", &["x-sdk-date"], &signature),
//!     "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, \
//!      Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
//! );
//! ```
//!
//! Signing a whole request:
//!
//! ```
//! use std::time::{Duration, UNIX_EPOCH};
//! use idc::huawei::{signing, Credentials};
//!
//! let credentials = Credentials::new("AK-EXAMPLE", "SK-EXAMPLE").with_domain_id("0a1b2c");
//! let mut request = reqwest::Request::new(
//!     reqwest::Method::GET,
//!     "https://identitycenter.myhuaweicloud.com/v1/instances/ins-1/account-assignments-for-principals?principal_id=u-1&principal_type=USER"
//!         .parse()
//!         .unwrap(),
//! );
//! let now = UNIX_EPOCH + Duration::from_secs(1_704_067_200); // 2024-01-01T00:00:00Z
//! signing::sign_request(&mut request, &credentials, now).unwrap();
//! assert_eq!(request.headers()["x-sdk-date"], "20240101T000000Z");
//! assert_eq!(request.headers()["x-domain-id"], "0a1b2c");
//! let authorization = request.headers()["authorization"].to_str().unwrap();
//! let parsed = signing::parse_authorization(authorization).unwrap();
//! assert_eq!(parsed.signed_headers, ["host", "x-domain-id", "x-sdk-date"]);
//! ```

mod authorization;
mod canonical;
mod dates;
mod request;
mod scheme;

pub use authorization::{authorization, parse_authorization};
pub use canonical::{canonical_query, canonical_request, canonical_uri, signature, string_to_sign};
pub use dates::{format_sdk_date, parse_sdk_date};
pub use request::{Signer, host_value, is_signable_header, sign_request};
pub use scheme::{
    ALGORITHM, EMPTY_BODY_SHA256, HEADER_DOMAIN_ID, HEADER_PROJECT_ID, HEADER_SDK_DATE,
    HEADER_SECURITY_TOKEN, ParsedAuthorization, SigningError, UNSIGNED_HEADERS,
};
