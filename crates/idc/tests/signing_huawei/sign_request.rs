//! `sign_request`: the headers it sets, what it signs, re-signing and secrets kept out of output.

use super::*;

fn get(url: &str) -> reqwest::Request {
    reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap())
}

/// Verifies a signed request the way a gateway would, with the public stage functions.
fn verify(request: &reqwest::Request, secret_key: &str) -> signing::ParsedAuthorization {
    let auth = request.headers()["authorization"].to_str().unwrap();
    let parsed = signing::parse_authorization(auth).unwrap();
    let headers: Vec<(String, String)> = parsed
        .signed_headers
        .iter()
        .map(|name| {
            let value = if name == "host" {
                match request.headers().get("host") {
                    Some(v) => v.to_str().unwrap().to_owned(),
                    None => signing::host_value(request.url()).unwrap(),
                }
            } else {
                let values: Vec<&str> = request
                    .headers()
                    .get_all(name.as_str())
                    .iter()
                    .map(|v| v.to_str().unwrap().trim())
                    .collect();
                values.join(",")
            };
            (name.clone(), value)
        })
        .collect();
    let body = request
        .body()
        .and_then(|b| b.as_bytes())
        .unwrap_or_default();
    let canonical =
        signing::canonical_request(request.method().as_str(), request.url(), &headers, body);
    let date = request.headers()["x-sdk-date"].to_str().unwrap();
    let expected = signing::signature(
        secret_key.as_bytes(),
        &signing::string_to_sign(date, &canonical),
    );
    assert_eq!(parsed.signature, expected, "signature verifies");
    parsed
}

#[test]
fn sign_request_sets_exactly_the_expected_headers() {
    let mut request = get("https://identitycenter.myhuaweicloud.com/v1/x?a=1");
    let now = UNIX_EPOCH + Duration::from_secs(1_704_067_200);
    signing::sign_request(&mut request, &Credentials::new("AK", "SK"), now).unwrap();
    let mut names: Vec<&str> = request.headers().keys().map(|k| k.as_str()).collect();
    names.sort();
    assert_eq!(names, ["authorization", "x-sdk-date"]);
    assert_eq!(request.headers()["x-sdk-date"], "20240101T000000Z");
    let parsed = verify(&request, "SK");
    assert_eq!(parsed.access_key, "AK");
    assert_eq!(parsed.signed_headers, ["host", "x-sdk-date"]);
}

#[test]
fn sign_request_signs_domain_id_and_security_token_when_present() {
    let mut request = get("https://identitycenter.myhuaweicloud.com/v1/x");
    let credentials = Credentials::new("AK", "SK")
        .with_domain_id("dom-1")
        .with_security_token("tok-1");
    signing::sign_request(&mut request, &credentials, SystemTime::now()).unwrap();
    assert_eq!(request.headers()["x-domain-id"], "dom-1");
    assert_eq!(request.headers()["x-security-token"], "tok-1");
    let parsed = verify(&request, "SK");
    assert_eq!(
        parsed.signed_headers,
        ["host", "x-domain-id", "x-sdk-date", "x-security-token"]
    );
}

#[test]
fn sign_request_host_value_has_the_port_only_when_not_default() {
    let cases = [
        ("http://127.0.0.1:8080/v1/x", "127.0.0.1:8080"),
        ("https://h.example.com:8443/v1/x", "h.example.com:8443"),
        ("https://h.example.com:443/v1/x", "h.example.com"),
        ("http://h.example.com:80/v1/x", "h.example.com"),
        ("https://h.example.com/v1/x", "h.example.com"),
        ("http://[::1]:9000/", "[::1]:9000"),
    ];
    let credentials = Credentials::new("AK", "SK");
    let now = UNIX_EPOCH + Duration::from_secs(1_704_067_200);
    for (url, host) in cases {
        let mut request = get(url);
        signing::sign_request(&mut request, &credentials, now).unwrap();
        let headers = [
            ("host".to_owned(), host.to_owned()),
            ("x-sdk-date".to_owned(), "20240101T000000Z".to_owned()),
        ];
        let canonical = signing::canonical_request("GET", request.url(), &headers, b"");
        assert!(canonical.contains(&format!("\nhost:{host}\n")));
        let signature = signing::signature(
            b"SK",
            &signing::string_to_sign("20240101T000000Z", &canonical),
        );
        assert_eq!(
            request.headers()["authorization"],
            signing::authorization("AK", &["host", "x-sdk-date"], &signature),
            "{url}"
        );
    }
}

#[test]
fn sign_request_uses_an_explicit_host_header() {
    let mut request = get("http://127.0.0.1:8080/v1/x");
    request.headers_mut().insert(
        "host",
        HeaderValue::from_static("identitycenter.myhuaweicloud.com"),
    );
    signing::sign_request(
        &mut request,
        &Credentials::new("AK", "SK"),
        SystemTime::now(),
    )
    .unwrap();
    verify(&request, "SK");
    let auth = request.headers()["authorization"].to_str().unwrap();
    let mut other = get("https://identitycenter.myhuaweicloud.com/v1/x");
    other
        .headers_mut()
        .insert("x-sdk-date", request.headers()["x-sdk-date"].clone());
    let date = signing::parse_sdk_date(request.headers()["x-sdk-date"].to_str().unwrap()).unwrap();
    signing::sign_request(&mut other, &Credentials::new("AK", "SK"), date).unwrap();
    assert_eq!(other.headers()["authorization"], auth);
}

#[test]
fn sign_request_header_selection() {
    let mut request = get("https://h.example.com/v1/x");
    let h = request.headers_mut();
    h.insert("accept", HeaderValue::from_static("application/json"));
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h.insert("user-agent", HeaderValue::from_static("idc/0.1"));
    h.insert("x_underscored", HeaderValue::from_static("no"));
    h.insert("x-custom", HeaderValue::from_static("  padded  "));
    h.append("x-multi", HeaderValue::from_static("b"));
    h.append("x-multi", HeaderValue::from_static("a"));
    h.insert("authorization", HeaderValue::from_static("stale"));
    signing::sign_request(
        &mut request,
        &Credentials::new("AK", "SK"),
        SystemTime::now(),
    )
    .unwrap();
    let parsed = verify(&request, "SK");
    assert_eq!(
        parsed.signed_headers,
        ["accept", "host", "x-custom", "x-multi", "x-sdk-date"]
    );
    // Repeated headers are signed as their values joined by ',' in order.
    let headers: Vec<(String, String)> = [
        ("accept", "application/json"),
        ("host", "h.example.com"),
        ("x-custom", "padded"),
        ("x-multi", "b,a"),
        (
            "x-sdk-date",
            request.headers()["x-sdk-date"].to_str().unwrap(),
        ),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    let canonical = signing::canonical_request("GET", request.url(), &headers, b"");
    let date = request.headers()["x-sdk-date"].to_str().unwrap();
    let signature = signing::signature(b"SK", &signing::string_to_sign(date, &canonical));
    assert_eq!(parsed.signature, signature);
    assert!(!signing::is_signable_header("content-type"));
    assert!(!signing::is_signable_header("x_underscored"));
    assert!(signing::is_signable_header("x-domain-id"));
    assert_eq!(request.headers().get_all("authorization").iter().count(), 1);
}

#[test]
fn sign_request_hashes_the_body() {
    let mut request = reqwest::Request::new(
        reqwest::Method::POST,
        "https://example.huaweicloud.com/path?key=value"
            .parse()
            .unwrap(),
    );
    *request.body_mut() = Some("{\"Name\":\"test\",\"Id\":1}\n".into());
    let now = signing::parse_sdk_date("20060102T150405Z").unwrap();
    signing::sign_request(
        &mut request,
        &Credentials::new("AccessKey", "SecretKey"),
        now,
    )
    .unwrap();
    verify(&request, "SecretKey");
    // Same body as Go vector 2, but host is signed too, so the signature differs from the vector's.
    let sig = signing::parse_authorization(request.headers()["authorization"].to_str().unwrap())
        .unwrap()
        .signature;
    assert_ne!(
        sig,
        "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
    );
}

#[test]
fn differently_encoded_urls_sign_identically() {
    let credentials = Credentials::new("AK", "SK");
    let now = UNIX_EPOCH + Duration::from_secs(1_704_067_200);
    let mut a = get("https://h/v1/a%20b/~x?q=a+b&t=~&e=&k=2&k=1");
    let mut b = get("https://h/v1/a b/%7Ex?k=1&k=2&e&t=%7E&q=a%20b");
    signing::sign_request(&mut a, &credentials, now).unwrap();
    signing::sign_request(&mut b, &credentials, now).unwrap();
    assert_eq!(a.headers()["authorization"], b.headers()["authorization"]);
}

#[test]
fn signer_re_signs_each_attempt_with_a_fresh_date() {
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_704_067_200));
    let signer = signing::Signer::new(
        Credentials::new("AK", "SK").with_domain_id("dom"),
        Arc::new(clock.clone()),
    );
    let mut request = get("https://identitycenter.myhuaweicloud.com/v1/x");
    signer.sign(&mut request).unwrap();
    let first = request.headers().clone();
    clock.advance(Duration::from_secs(1));
    // The same request object again, as a retry would.
    signer.sign(&mut request).unwrap();
    let second = request.headers().clone();
    assert_eq!(first["x-sdk-date"], "20240101T000000Z");
    assert_eq!(second["x-sdk-date"], "20240101T000001Z");
    assert_ne!(first["authorization"], second["authorization"]);
    assert_eq!(second.get_all("x-sdk-date").iter().count(), 1);
    assert_eq!(second.get_all("authorization").iter().count(), 1);
    verify(&request, "SK");
    assert_eq!(clock.now(), UNIX_EPOCH + Duration::from_secs(1_704_067_201));
}

#[test]
fn signing_errors_never_show_values() {
    let mut request = get("https://h/");
    let credentials = Credentials::new("AK", "SK").with_domain_id("bad\nsecret-domain");
    let err = signing::sign_request(&mut request, &credentials, SystemTime::now()).unwrap_err();
    assert!(matches!(
        err,
        SigningError::InvalidHeaderValue {
            name: "X-Domain-Id"
        }
    ));
    assert!(!err.to_string().contains("secret-domain"));

    let credentials = Credentials::new("AK", "SK").with_security_token("tok\r\nen-SECRET");
    let err = signing::sign_request(&mut request, &credentials, SystemTime::now()).unwrap_err();
    assert!(!err.to_string().contains("SECRET"), "{err}");
    assert!(!format!("{err:?}").contains("SECRET"), "{err:?}");

    // Through the hook trait the error is boxed but says the same.
    let signer = signing::Signer::new(credentials, Arc::new(ManualClock::new(UNIX_EPOCH)));
    let err = signer.sign(&mut get("https://h/")).unwrap_err();
    assert!(err.to_string().contains("X-Security-Token"));
    assert!(!err.to_string().contains("SECRET"));

    let mut untouched = get("https://h/");
    let err = signing::sign_request(
        &mut untouched,
        &Credentials::new("A\nK", "SK"),
        SystemTime::now(),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        SigningError::InvalidHeaderValue {
            name: "Authorization"
        }
    ));
    assert!(untouched.headers().is_empty(), "nothing half-written");

    let mut no_host =
        reqwest::Request::new(reqwest::Method::GET, "data:text/plain,x".parse().unwrap());
    let err = signing::sign_request(
        &mut no_host,
        &Credentials::new("AK", "SK"),
        SystemTime::now(),
    )
    .unwrap_err();
    assert!(matches!(err, SigningError::MissingHost));
}

#[test]
fn debug_output_never_shows_secrets() {
    let credentials = Credentials::new("AK-VISIBLE", "SK-HIDDEN-VALUE")
        .with_domain_id("dom")
        .with_security_token("TOKEN-HIDDEN-VALUE");
    let signer = signing::Signer::new(credentials.clone(), Arc::new(ManualClock::new(UNIX_EPOCH)));
    for debug in [
        format!("{credentials:?}"),
        format!("{signer:?}"),
        format!("{signer:#?}"),
    ] {
        assert!(debug.contains("AK-VISIBLE"), "{debug}");
        assert!(!debug.contains("HIDDEN"), "{debug}");
    }
    // The hidden values are still there for signing.
    assert_eq!(credentials.secret_key().expose_secret(), "SK-HIDDEN-VALUE");
    assert_eq!(
        credentials.security_token().unwrap().expose_secret(),
        "TOKEN-HIDDEN-VALUE"
    );
}
