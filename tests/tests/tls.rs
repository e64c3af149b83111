//! The default TLS stack (rustls with the ring provider, `idc`'s `rustls-ring` feature) against a
//! TLS server on loopback: the handshake completes and a signed call gets its page when the
//! server's certificate is trusted, and the call fails, unsent, when it is not.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use idc::{Error, PrincipalType};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

struct Server {
    /// `https://localhost:<port>`.
    base: String,
    /// The certificate, DER.
    cert: Vec<u8>,
    /// Requests read after a completed handshake.
    requests: Arc<AtomicUsize>,
}

/// A TLS server for `localhost` with a fresh self-signed certificate, answering every request
/// with one Huawei page of two account assignments.
async fn tls_server() -> Server {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let der = cert.der().to_vec();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(der.clone())],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                // A failed handshake (an untrusting client) just closes the connection.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(Some(_)) = idc_tests::read_head(&mut tls).await else {
                    return;
                };
                counter.fetch_add(1, Ordering::SeqCst);
                let body = serde_json::json!({
                    "account_assignments": [
                        {"account_id": "acc-1", "permission_set_id": "ps-1",
                         "principal_id": "p-1", "principal_type": "USER"},
                        {"account_id": "acc-2", "permission_set_id": "ps-1",
                         "principal_id": "p-1", "principal_type": "USER"}
                    ],
                    "page_info": {"current_count": 2}
                })
                .to_string();
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                     connection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Server {
        base: format!("https://localhost:{port}"),
        cert: der,
        requests,
    }
}

fn client(server: &Server, http: idc::reqwest::ClientBuilder) -> idc::huawei::Client {
    idc::huawei::Client::builder()
        .endpoint(&server.base)
        .credentials(idc::huawei::Credentials::new("AK-tls", "SK-tls"))
        .retry_policy(idc::retry::RetryPolicy::disabled())
        .http_client(http.no_proxy())
        .build()
        .unwrap()
}

async fn accounts(client: &idc::huawei::Client) -> Result<Vec<String>, Error> {
    let items = client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::User)
        .collect()
        .await?;
    Ok(items.into_iter().map(|a| a.account_id).collect())
}

#[tokio::test]
async fn a_trusted_server_is_reached_over_tls_with_the_default_provider() {
    let server = tls_server().await;
    let trusted = idc::reqwest::Certificate::from_der(&server.cert).unwrap();
    let http = idc::tls::http_client_builder()
        .unwrap()
        .tls_certs_only([trusted]);
    let client = client(&server, http);
    assert_eq!(accounts(&client).await.unwrap(), ["acc-1", "acc-2"]);
    assert_eq!(server.requests.load(Ordering::SeqCst), 1);
    // The provider the handshake used is the one the default feature selects.
    let installed = rustls::crypto::CryptoProvider::get_default().unwrap();
    assert_eq!(
        installed.kx_groups.len(),
        rustls::crypto::ring::default_provider().kx_groups.len()
    );
}

#[tokio::test]
async fn an_untrusted_certificate_fails_the_call_before_any_request_is_sent() {
    let server = tls_server().await;
    // The system's roots (or none) do not include the self-signed certificate.
    let client = client(&server, idc::tls::http_client_builder().unwrap());
    let error = accounts(&client).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        0,
        "nothing was sent"
    );
}
