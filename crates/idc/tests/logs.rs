//! What signing logs: the access key may appear; the secret key, the token and the signature may not.
//!
//! These tests install a scoped tracing subscriber, so they live in a test binary of their own. In a
//! binary shared with other tests, another test thread can register the signing callsites (with no
//! subscriber of its own) while this test installs its subscriber; tracing then caches "nobody is
//! interested" for the callsite and the access key never reaches the buffer (a failure seen in 12 of
//! 300 runs). Here every callsite is first hit inside a scoped subscriber, and the interest cache is
//! rebuilt once the subscriber is in place, so the outcome does not depend on thread scheduling.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// A `Write` into a shared buffer, for the subscriber.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs `f` with a TRACE subscriber writing into a buffer, and returns what was logged.
fn capture_logs(f: impl FnOnce()) -> String {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        // Re-ask every registered callsite now that this subscriber exists.
        tracing::callsite::rebuild_interest_cache();
        f();
    });
    String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap()
}

#[test]
fn scp_debug_logs_never_show_secrets() {
    use idc::scp::Credentials;
    use idc::scp::signing;

    let mut request =
        reqwest::Request::new(reqwest::Method::GET, "https://h/v1/x".parse().unwrap());
    let logs = capture_logs(|| {
        let credentials =
            Credentials::new("ak-visible", "SK-HIDDEN").with_auth_token("TOKEN-HIDDEN");
        signing::sign_request(&mut request, &credentials, SystemTime::now(), "en-US").unwrap();
    });
    let signature = request.headers()["scp-signature"].to_str().unwrap();
    assert!(logs.contains("ak-visible"), "{logs}");
    assert!(!logs.contains("HIDDEN"), "{logs}");
    assert!(!logs.contains(signature), "{logs}");
}

#[test]
fn huawei_debug_logs_never_show_secrets() {
    use idc::huawei::Credentials;
    use idc::huawei::signing;

    let mut request =
        reqwest::Request::new(reqwest::Method::GET, "https://h/v1/x".parse().unwrap());
    let logs = capture_logs(|| {
        let credentials = Credentials::new("AK-VISIBLE", "SK-HIDDEN-VALUE")
            .with_security_token("TOKEN-HIDDEN-VALUE");
        signing::sign_request(&mut request, &credentials, SystemTime::now()).unwrap();
    });
    let signature =
        signing::parse_authorization(request.headers()["authorization"].to_str().unwrap())
            .unwrap()
            .signature;
    assert!(logs.contains("AK-VISIBLE"), "{logs}");
    assert!(logs.contains("x-security-token"), "{logs}");
    assert!(!logs.contains("HIDDEN"), "{logs}");
    assert!(!logs.contains(&signature), "{logs}");
}
