//! Encoding independence (property test): differently encoded URLs sign identically.

use super::*;

/// Percent-encodes every byte except the unreserved ones (so a space is `%20`, never `+`).
fn encode_all(s: &str) -> String {
    reference::encode(s)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn canonical_form_does_not_depend_on_how_the_url_was_encoded(
        segments in proptest::collection::vec(
            any::<String>().prop_filter(
                // Dot segments are resolved by URL parsers, and the url crate's segment builder writes
                // empty segments next to the root differently from a hand-built path: both would make
                // the URLs differ, not just their encodings.
                "non-empty, non-dot segments",
                |s| !s.is_empty() && s != "." && s != "..",
            ),
            0..4,
        ),
        pairs in proptest::collection::vec((any::<String>(), any::<String>()), 0..5),
    ) {
        // 1. The url crate's own encoders: path segments, and form encoding (space -> '+').
        let mut form = Url::parse("https://h.example.com/").unwrap();
        form.path_segments_mut().unwrap().pop_if_empty().extend(&segments);
        if !pairs.is_empty() {
            form.query_pairs_mut().extend_pairs(&pairs);
        }

        // 2. Everything percent-encoded by hand (space -> %20).
        let mut raw = String::from("https://h.example.com");
        for s in &segments {
            raw.push('/');
            raw.push_str(&encode_all(s));
        }
        if segments.is_empty() {
            raw.push('/');
        }
        if !pairs.is_empty() {
            raw.push('?');
            let q: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", encode_all(k), encode_all(v)))
                .collect();
            raw.push_str(&q.join("&"));
        }
        let percent = Url::parse(&raw).unwrap();

        // 3. reqwest's query builder (serde_urlencoded).
        let built = reqwest_client()
            .get(percent.as_str().split('?').next().unwrap())
            .query(&pairs)
            .build()
            .unwrap();

        let query_form = signing::canonical_query(form.query_pairs());
        let query_percent = signing::canonical_query(percent.query_pairs());
        let query_reqwest = signing::canonical_query(built.url().query_pairs());
        let direct = signing::canonical_query(
            pairs.iter().map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str()))),
        );
        prop_assert_eq!(&query_form, &direct);
        prop_assert_eq!(&query_percent, &direct);
        prop_assert_eq!(&query_reqwest, &direct);

        let uri_form = signing::canonical_uri(form.path());
        let uri_percent = signing::canonical_uri(percent.path());
        let uri_reqwest = signing::canonical_uri(built.url().path());
        prop_assert_eq!(&uri_form, &uri_percent);
        prop_assert_eq!(&uri_reqwest, &uri_percent);

        // And both agree with the reference implementation's rules.
        let encoded: Vec<String> = segments.iter().map(|s| encode_all(s)).collect();
        let mut expected_uri = format!("/{}", encoded.join("/"));
        if !expected_uri.ends_with('/') {
            expected_uri.push('/');
        }
        prop_assert_eq!(&uri_percent, &expected_uri);

        // Whole requests: same Authorization whichever way the URL was encoded.
        let credentials = Credentials::new("AK", "SK");
        let now = UNIX_EPOCH + Duration::from_secs(1_704_067_200);
        let mut a = reqwest::Request::new(reqwest::Method::GET, form.clone());
        let mut b = reqwest::Request::new(reqwest::Method::GET, percent.clone());
        let mut c = built;
        signing::sign_request(&mut a, &credentials, now).unwrap();
        signing::sign_request(&mut b, &credentials, now).unwrap();
        signing::sign_request(&mut c, &credentials, now).unwrap();
        prop_assert_eq!(&a.headers()["authorization"], &b.headers()["authorization"]);
        prop_assert_eq!(&a.headers()["authorization"], &c.headers()["authorization"]);
    }
}
