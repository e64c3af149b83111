//! Canonicalisation edge cases: URIs, queries, headers, dates and the Authorization parser.

use super::*;

fn cq(url: &str) -> String {
    signing::canonical_query(Url::parse(url).unwrap().query_pairs())
}

#[test]
fn canonical_uri_edge_cases() {
    let cases = [
        ("", "/"),
        ("/", "/"),
        ("/v1/x", "/v1/x/"),
        ("/v1/x/", "/v1/x/"),
        ("/a//b", "/a//b/"),
        // space, as the url crate writes it and raw
        ("/a%20b", "/a%20b/"),
        ("/a b", "/a%20b/"),
        // '+' is a literal plus in a path
        ("/a+b", "/a%2Bb/"),
        ("/a%2Bb", "/a%2Bb/"),
        // '~' either way, lower-case hex normalised
        ("/~x/%7Ex/%7ex", "/~x/~x/~x/"),
        // an encoded '/' stays inside its segment
        ("/a%2Fb/c", "/a%2Fb/c/"),
        ("/a%2fb", "/a%2Fb/"),
        // '%' itself, and a '%' that starts no escape
        ("/100%25", "/100%25/"),
        ("/100%", "/100%25/"),
        ("/%zz", "/%25zz/"),
        // unicode, encoded or raw
        ("/caf%C3%A9", "/caf%C3%A9/"),
        ("/café", "/caf%C3%A9/"),
        ("/一", "/%E4%B8%80/"),
        // reserved characters
        (
            "/!*'();:@&=$,[]",
            "/%21%2A%27%28%29%3B%3A%40%26%3D%24%2C%5B%5D/",
        ),
        // unreserved characters stay
        ("/AZaz09-_.~", "/AZaz09-_.~/"),
    ];
    for (path, expected) in cases {
        assert_eq!(signing::canonical_uri(path), expected, "path {path:?}");
    }
}

#[test]
fn canonical_uri_from_urls_encoded_differently() {
    let urls = [
        "https://h/a%20b/c~d/%E4%B8%80",
        "https://h/a b/c%7Ed/一",
        "https://h/a%20b/c%7ed/%e4%b8%80",
    ];
    for u in urls {
        let url = Url::parse(u).unwrap();
        assert_eq!(
            signing::canonical_uri(url.path()),
            "/a%20b/c~d/%E4%B8%80/",
            "{u}"
        );
    }
}

#[test]
fn canonical_query_edge_cases() {
    let cases = [
        ("https://h/", ""),
        ("https://h/?", ""),
        // spaces as '+' or '%20'
        ("https://h/?q=a+b", "q=a%20b"),
        ("https://h/?q=a%20b", "q=a%20b"),
        ("https://h/?a+b=1", "a%20b=1"),
        // a literal '+' is sent as %2B
        ("https://h/?q=a%2Bb", "q=a%2Bb"),
        // '~' either way
        ("https://h/?q=~", "q=~"),
        ("https://h/?q=%7E&r=%7e", "q=~&r=~"),
        // '/', '%', '=' and '&' inside values
        ("https://h/?p=%2Ftmp%2F1", "p=%2Ftmp%2F1"),
        ("https://h/?p=/tmp/1", "p=%2Ftmp%2F1"),
        ("https://h/?p=100%25", "p=100%25"),
        ("https://h/?p=a%3Db%26c", "p=a%3Db%26c"),
        ("https://h/?p=a=b", "p=a%3Db"),
        // unicode
        ("https://h/?n=%E4%B8%80", "n=%E4%B8%80"),
        ("https://h/?n=一", "n=%E4%B8%80"),
        // reserved characters
        (
            "https://h/?r=!*'();:@$,",
            "r=%21%2A%27%28%29%3B%3A%40%24%2C",
        ),
        // repeated keys: values sorted
        ("https://h/?k=b&k=a&k=c", "k=a&k=b&k=c"),
        ("https://h/?k=2&k=10", "k=10&k=2"),
        // keys sorted before values: "a" < "a-" although "a-=1" < "a=1" as whole strings
        ("https://h/?a-=1&a=2", "a=2&a-=1"),
        ("https://h/?ab=1&a=2", "a=2&ab=1"),
        // empty values and keys
        ("https://h/?k", "k="),
        ("https://h/?k=", "k="),
        ("https://h/?k=&k=a", "k=&k=a"),
        ("https://h/?=v", "=v"),
        // unreserved characters stay
        ("https://h/?AZaz09-_.~=AZaz09-_.~", "AZaz09-_.~=AZaz09-_.~"),
    ];
    for (url, expected) in cases {
        assert_eq!(cq(url), expected, "url {url}");
    }
}

#[test]
fn canonical_request_lowercases_sorts_and_trims_headers() {
    let url = Url::parse("https://h/x").unwrap();
    let headers = [
        ("X-Sdk-Date".to_owned(), "  20240101T000000Z\t".to_owned()),
        ("Host".to_owned(), "h".to_owned()),
    ];
    assert_eq!(
        signing::canonical_request("get", &url, &headers, b"body"),
        format!(
            "GET\n/x/\n\nhost:h\nx-sdk-date:20240101T000000Z\n\nhost;x-sdk-date\n{}",
            hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b"body"))
        )
    );
}

#[test]
fn sdk_dates() {
    let t = UNIX_EPOCH + Duration::from_secs(1_704_067_200);
    assert_eq!(signing::format_sdk_date(t), "20240101T000000Z");
    assert_eq!(
        signing::format_sdk_date(t + Duration::from_millis(86_399_999)),
        "20240101T235959Z"
    );
    assert_eq!(
        signing::format_sdk_date(UNIX_EPOCH + Duration::from_secs(1_709_164_800)),
        "20240229T000000Z"
    );
    assert_eq!(signing::parse_sdk_date("20240101T000000Z"), Some(t));
    assert_eq!(signing::parse_sdk_date("20240101T000000"), None);
    assert_eq!(signing::parse_sdk_date("20230229T000000Z"), None);
}

#[test]
fn parse_authorization_is_lenient_on_spacing_and_strict_on_content() {
    let parsed = signing::parse_authorization(
        "  SDK-HMAC-SHA256   Signature = abc ,SignedHeaders=host ; x-sdk-date,  Access=AK, Extra=1 ",
    )
    .unwrap();
    assert_eq!(
        parsed,
        signing::ParsedAuthorization {
            access_key: "AK".into(),
            signed_headers: vec!["host".into(), "x-sdk-date".into()],
            signature: "abc".into(),
        }
    );
    for bad in [
        "",
        "SDK-HMAC-SHA256",
        "SDK-HMAC-SHA256Access=AK, SignedHeaders=host, Signature=abc",
        "SDK-HMAC-SHA1 Access=AK, SignedHeaders=host, Signature=abc",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host",
        "SDK-HMAC-SHA256 Access=AK, Signature=abc",
        "SDK-HMAC-SHA256 SignedHeaders=host, Signature=abc",
        "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=abc",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x, Signature=abc",
        "SDK-HMAC-SHA256 Access=AK, Access=AK2, SignedHeaders=host, Signature=abc",
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders, Signature=abc",
    ] {
        let err = signing::parse_authorization(bad).unwrap_err();
        assert!(
            matches!(err, SigningError::MalformedAuthorization { .. }),
            "{bad}"
        );
        assert!(!err.to_string().contains("abc"), "{err}");
    }
}
