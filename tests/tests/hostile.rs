//! The client against a hostile server: a raw HTTP server on 127.0.0.1 that redirects elsewhere,
//! sends huge or endless bodies, escape sequences, echoed secrets, repeated pages, malformed
//! markers, and headers a byte at a time. Nothing here touches the network beyond loopback.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use idc::config::Timeouts;
use idc::retry::RetryPolicy;
use idc::{Error, PrincipalType};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[path = "hostile/escapes_and_secrets.rs"]
mod escapes_and_secrets;
#[path = "hostile/pagination.rs"]
mod pagination;
#[path = "hostile/redirects.rs"]
mod redirects;
#[path = "hostile/sizes.rs"]
mod sizes;

const SECRET_KEY: &str = "SECRET-KEY-hostile-1";
const TOKEN: &str = "SECURITY-TOKEN-hostile-1";

/// What the server answers to a request.
#[derive(Clone, Debug)]
enum Reply {
    /// These bytes, then the connection is closed.
    Raw(Vec<u8>),
    /// A status and a JSON body.
    Json(u16, String),
    /// A status line and headers, then chunks of `x` forever (until the client leaves).
    Endless(u16),
    /// A status line, a `Content-Length` and bytes forever.
    Declared(u16, u64),
    /// The status line and headers, one byte every 100 ms.
    SlowHeaders,
}

/// A hostile server: answers request number `n` (from 1) with `reply(n, request head)`.
struct Server {
    base: String,
    hits: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Server {
    async fn start(reply: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let reply = Arc::new(reply);
        let (h, r) = (hits.clone(), heads.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (h, r, reply) = (h.clone(), r.clone(), reply.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, h, r, reply).await;
                });
            }
        });
        Self { base, hits, heads }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn serve(
    mut stream: TcpStream,
    hits: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<String>>>,
    reply: Arc<impl Fn(usize, &str) -> Reply>,
) -> std::io::Result<()> {
    let Some(head) = idc_tests::read_head(&mut stream).await? else {
        return Ok(());
    };
    let n = hits.fetch_add(1, Ordering::SeqCst) + 1;
    let head = String::from_utf8_lossy(&head).into_owned();
    heads.lock().unwrap().push(head.clone());
    match reply(n, &head) {
        Reply::Raw(bytes) => stream.write_all(&bytes).await?,
        Reply::Json(status, body) => {
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(response.as_bytes()).await?;
        }
        Reply::Endless(status) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                 transfer-encoding: chunked\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
            loop {
                stream.write_all(chunk.as_bytes()).await?;
            }
        }
        Reply::Declared(status, length) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
            );
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b'x'; 0x10000];
            loop {
                stream.write_all(&chunk).await?;
            }
        }
        Reply::SlowHeaders => {
            for byte in b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter() {
                stream.write_all(&[*byte]).await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    stream.shutdown().await
}

/// A listener that only counts connections: where a redirect points. Nothing may arrive.
async fn elsewhere() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
                .await;
        }
    });
    (base, connections)
}

fn no_retries() -> RetryPolicy {
    RetryPolicy::disabled()
}

fn huawei(base: &str) -> idc::huawei::ClientBuilder {
    idc::huawei::Client::builder()
        .endpoint(base)
        .credentials(
            idc::huawei::Credentials::new("AK-hostile", SECRET_KEY).with_security_token(TOKEN),
        )
        .retry_policy(no_retries())
        .timeouts(
            Timeouts::default()
                .with_attempt(Duration::from_secs(20))
                .with_operation(Duration::from_secs(30)),
        )
}

fn scp(base: &str) -> idc::scp::ClientBuilder {
    idc::scp::Client::builder()
        .endpoint(base)
        .credentials(idc::scp::Credentials::new("ak-hostile", SECRET_KEY).with_auth_token(TOKEN))
        .retry_policy(no_retries())
}

fn accounts(client: &idc::huawei::Client) -> idc::huawei::ListAccountAssignmentsForPrincipal {
    client
        .list_account_assignments_for_principal()
        .instance_id("ins-1")
        .principal_id("p-1")
        .principal_type(PrincipalType::User)
}

async fn huawei_send(client: &idc::huawei::Client) -> Result<usize, Error> {
    accounts(client).send().await.map(|page| page.items.len())
}

/// A Huawei page of `items` account assignments (each with `id` in its account id).
fn huawei_page(ids: &[&str], next_marker: Option<&str>) -> String {
    let items: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({"account_id": id, "permission_set_id": "ps-1",
                "principal_id": "p-1", "principal_type": "USER"})
        })
        .collect();
    serde_json::json!({
        "account_assignments": items,
        "page_info": {"next_marker": next_marker, "current_count": ids.len()}
    })
    .to_string()
}

/// No terminal control character, and no secret, anywhere in what an error shows.
fn assert_safe(error: &Error) {
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(
            !shown.chars().any(char::is_control),
            "control character in {shown:?}"
        );
        assert!(!shown.contains(SECRET_KEY), "secret key in {shown}");
        assert!(!shown.contains(TOKEN), "token in {shown}");
    }
    if let Some(service) = error.service_error() {
        let body = service.body_text();
        assert!(
            !body.contains(SECRET_KEY) && !body.contains(TOKEN),
            "{body}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Slow headers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn headers_sent_a_byte_at_a_time_hit_the_attempt_timeout() {
    let server = Server::start(|_, _| Reply::SlowHeaders).await;
    let client = huawei(&server.base)
        .timeouts(
            Timeouts::default()
                .with_attempt(Duration::from_millis(500))
                .with_operation(Duration::from_secs(5)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = huawei_send(&client).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
