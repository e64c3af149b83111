//! Seed requests: the exact signatures of the seed requests, against the reference implementation.

use super::*;

const SEED_AK: &str = "HPUAEXAMPLEAK0000001";
const SEED_SK: &str = "SeedSecretKeyExample0000000000000000000001";
const SEED_DOMAIN: &str = "0a1b2c3d4e5f67890a1b2c3d4e5f6789";
const SEED_TOKEN: &str = "SeedSecurityToken+/=Example";
const SEED_HOST: &str = "identitycenter.myhuaweicloud.com";

/// A request as the generated client builds it: URL from the base and query pairs, `Accept` set.
fn seed_request(path: &str, query: &[(&str, &str)]) -> reqwest::Request {
    let mut request = reqwest_client()
        .get(format!("https://{SEED_HOST}{path}"))
        .query(query)
        .header("accept", "application/json")
        .build()
        .unwrap();
    // The hook removes progenitor's api-version header; make sure nothing else sneaks in.
    request.headers_mut().remove("api-version");
    request
}

#[test]
fn seed_list_account_assignments_for_principal() {
    let path = "/v1/instances/ins-36218e5b4c2c4c4d/account-assignments-for-principals";
    let query = [
        ("principal_id", "4b969bc6-e8ed-47ce-b62b-936319e2bcb1"),
        ("principal_type", "USER"),
        ("limit", "100"),
        ("marker", "5f3e8c1a9b2d4e6f7a8b9c0d"),
    ];
    let sdk_date = "20240101T000000Z";
    let expected = reference::sign(
        "GET",
        &[
            "v1",
            "instances",
            "ins-36218e5b4c2c4c4d",
            "account-assignments-for-principals",
        ],
        &query,
        &[
            ("accept", "application/json"),
            ("host", SEED_HOST),
            ("x-domain-id", SEED_DOMAIN),
            ("x-sdk-date", sdk_date),
        ],
        b"",
        sdk_date,
        SEED_AK,
        SEED_SK,
    );
    // Pinned, so that a change in both implementations at once cannot go unnoticed. Also computed
    // with a third, independent implementation (Python hmac/hashlib) when this test was written.
    assert_eq!(
        expected.canonical_request,
        "GET\n/v1/instances/ins-36218e5b4c2c4c4d/account-assignments-for-principals/\n\
         limit=100&marker=5f3e8c1a9b2d4e6f7a8b9c0d&principal_id=4b969bc6-e8ed-47ce-b62b-936319e2bcb1&principal_type=USER\n\
         accept:application/json\nhost:identitycenter.myhuaweicloud.com\n\
         x-domain-id:0a1b2c3d4e5f67890a1b2c3d4e5f6789\nx-sdk-date:20240101T000000Z\n\n\
         accept;host;x-domain-id;x-sdk-date\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        expected.string_to_sign,
        "SDK-HMAC-SHA256\n20240101T000000Z\nddd87dd08bc7d8118201079949decd1bccc05b9d788e0d8d99eec222d0e269f7"
    );
    assert_eq!(
        expected.authorization,
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, SignedHeaders=accept;host;x-domain-id;x-sdk-date, \
         Signature=f302db9b10822b439c2a0ac24d7b254605f273102690384f988fd802915013ae"
    );

    let mut request = seed_request(path, &query);
    let credentials = Credentials::new(SEED_AK, SEED_SK).with_domain_id(SEED_DOMAIN);
    signing::sign_request(&mut request, &credentials, at(sdk_date)).unwrap();
    assert_eq!(request.headers()["authorization"], expected.authorization);
    assert_eq!(request.headers()["x-sdk-date"], sdk_date);
    assert_eq!(request.headers()["x-domain-id"], SEED_DOMAIN);
    assert!(request.headers().get("x-security-token").is_none());

    // And stage by stage with the crate's public functions.
    let headers = [
        ("accept".to_owned(), "application/json".to_owned()),
        ("host".to_owned(), SEED_HOST.to_owned()),
        ("x-domain-id".to_owned(), SEED_DOMAIN.to_owned()),
        ("x-sdk-date".to_owned(), sdk_date.to_owned()),
    ];
    let canonical = signing::canonical_request("GET", request.url(), &headers, b"");
    assert_eq!(canonical, expected.canonical_request);
    assert_eq!(
        signing::string_to_sign(sdk_date, &canonical),
        expected.string_to_sign
    );
}

#[test]
fn seed_list_application_assignments_for_principal_with_temporary_credentials() {
    let path = "/v1/instances/ins-36218e5b4c2c4c4d/application-assignments-for-principals";
    let query = [
        ("principal_id", "4b969bc6-e8ed-47ce-b62b-936319e2bcb1"),
        ("principal_type", "GROUP"),
        ("limit", "50"),
        ("marker", "0123456789abcdefABCDEF01"),
    ];
    let sdk_date = "20240615T123456Z";
    let expected = reference::sign(
        "GET",
        &[
            "v1",
            "instances",
            "ins-36218e5b4c2c4c4d",
            "application-assignments-for-principals",
        ],
        &query,
        &[
            ("accept", "application/json"),
            ("host", SEED_HOST),
            ("x-domain-id", SEED_DOMAIN),
            ("x-sdk-date", sdk_date),
            ("x-security-token", SEED_TOKEN),
        ],
        b"",
        sdk_date,
        SEED_AK,
        SEED_SK,
    );
    assert_eq!(
        expected.canonical_request,
        "GET\n/v1/instances/ins-36218e5b4c2c4c4d/application-assignments-for-principals/\n\
         limit=50&marker=0123456789abcdefABCDEF01&principal_id=4b969bc6-e8ed-47ce-b62b-936319e2bcb1&principal_type=GROUP\n\
         accept:application/json\nhost:identitycenter.myhuaweicloud.com\n\
         x-domain-id:0a1b2c3d4e5f67890a1b2c3d4e5f6789\nx-sdk-date:20240615T123456Z\n\
         x-security-token:SeedSecurityToken+/=Example\n\n\
         accept;host;x-domain-id;x-sdk-date;x-security-token\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        expected.string_to_sign,
        "SDK-HMAC-SHA256\n20240615T123456Z\n866c438ff62e5371ca9346e0cd69b443e333fee118d2f6e9e15e321b26eb819d"
    );
    assert_eq!(
        expected.authorization,
        "SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0000001, \
         SignedHeaders=accept;host;x-domain-id;x-sdk-date;x-security-token, \
         Signature=101abdf5e69ff08e044a656e8a5199e81efd895e4e2d09fbcce475dfa1f3a48a"
    );

    let mut request = seed_request(path, &query);
    let credentials = Credentials::new(SEED_AK, SEED_SK)
        .with_domain_id(SEED_DOMAIN)
        .with_security_token(SEED_TOKEN);
    signing::sign_request(&mut request, &credentials, at(sdk_date)).unwrap();
    assert_eq!(request.headers()["authorization"], expected.authorization);
    assert_eq!(request.headers()["x-security-token"], SEED_TOKEN);
    assert!(request.headers()["x-security-token"].is_sensitive());
    assert!(request.headers()["authorization"].is_sensitive());
}
