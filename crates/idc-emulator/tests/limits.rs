//! The emulator as a server facing misbehaving clients: slow headers, stalled bodies, too many
//! connections, huge requests for the recorder, and secrets that must not be echoed.

mod common;

use std::time::{Duration, Instant};

use common::*;
use idc_emulator::{DataSet, Emulator, demo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection; `Err` when it is still open after `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Result<Duration, String> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(start.elapsed()), stream.read(&mut buf))
            .await
        {
            Err(_) => return Err(format!("still open after {limit:?}")),
            Ok(Ok(0)) | Ok(Err(_)) => return Ok(start.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn slow_headers_are_cut_off_and_a_legitimate_request_still_gets_through() {
    let clock = clock();
    let emulator = builder(&clock)
        .header_read_timeout(Duration::from_millis(300))
        .max_connections(4)
        .start()
        .await
        .unwrap();
    // Twice as many slowloris connections as the limit, each sending half a request line.
    let mut slow = Vec::new();
    for _ in 0..8 {
        let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
        stream
            .write_all(b"GET /v1/account-assignments HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(stream);
    }
    // A legitimate request is answered despite them, once their header time runs out.
    let started = Instant::now();
    let response = client()
        .get(format!("{}/nowhere", emulator.base_url()))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Every slow connection is closed by the server.
    for stream in &mut slow {
        closed_within(stream, Duration::from_secs(5)).await.unwrap();
    }
    // None of them counted as a request.
    assert_eq!(emulator.request_count(), 1);
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let clock = clock();
    let emulator = builder(&clock)
        .header_read_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    stream
        .write_all(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"HTTP/1.1 404"),
        "{:?}",
        String::from_utf8_lossy(&buf[..n])
    );
    // Nothing more is sent: the server closes the connection instead of holding it.
    let after = closed_within(&mut stream, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(
        after >= Duration::from_millis(200),
        "closed too early: {after:?}"
    );
}

#[tokio::test]
async fn a_stalled_request_body_does_not_hold_the_connection() {
    let clock = clock();
    let emulator = builder(&clock)
        .verify_signatures(false)
        .idle_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut stream = TcpStream::connect(emulator.addr()).await.unwrap();
    stream
        .write_all(
            b"GET /v1/instances/ins-1/account-assignments-for-principals?principal_id=p&principal_type=USER HTTP/1.1\r\n\
              Host: x\r\nContent-Length: 1000\r\n\r\nonly a few bytes",
        )
        .await
        .unwrap();
    // The handler waits for the body; the idle timeout ends the wait and the connection.
    closed_within(&mut stream, Duration::from_secs(5))
        .await
        .unwrap();
}

#[tokio::test]
async fn connections_over_the_limit_wait_until_one_closes() {
    let clock = clock();
    let emulator = builder(&clock).max_connections(2).start().await.unwrap();
    let first = TcpStream::connect(emulator.addr()).await.unwrap();
    let second = TcpStream::connect(emulator.addr()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let http = client();
    let url = format!("{}/nowhere", emulator.base_url());
    let waiting = http
        .get(&url)
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    assert!(
        waiting.is_err(),
        "a third connection is not served: {waiting:?}"
    );
    drop(first);
    let served = http
        .get(&url)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 404);
    drop(second);
}

#[tokio::test]
async fn the_recorder_is_bounded_by_bytes_and_can_be_off() {
    let clock = clock();
    let emulator = builder(&clock)
        .max_recorded_bytes(100_000)
        .start()
        .await
        .unwrap();
    let http = client();
    let big = "x".repeat(20_000);
    for i in 0..30 {
        let response = http
            .get(format!("{}/nowhere/{i}", emulator.base_url()))
            .header("x-big", &big)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
    }
    assert_eq!(emulator.request_count(), 30);
    let kept = emulator.requests();
    assert!((1..=5).contains(&kept.len()), "{} kept", kept.len());
    assert_eq!(
        kept.last().unwrap().path,
        "/nowhere/29",
        "the newest are kept"
    );
    let bytes: usize = kept
        .iter()
        .flat_map(|r| &r.headers)
        .map(|(n, v)| n.len() + v.len())
        .sum();
    assert!(bytes <= 100_000, "{bytes}");

    let emulator = builder(&clock)
        .record_requests(false)
        .start()
        .await
        .unwrap();
    http.get(format!("{}/nowhere", emulator.base_url()))
        .send()
        .await
        .unwrap();
    assert!(emulator.requests().is_empty());
    assert_eq!(emulator.request_count(), 1);
}

#[tokio::test]
async fn a_signature_mismatch_does_not_echo_the_security_token() {
    let (emulator, _clock) = start().await;
    const TOKEN: &str = "TOKEN-MUST-NOT-BE-ECHOED";
    let request = huawei_sign(
        emulator.base_url(),
        &accounts_path("principal_id=p-1&principal_type=USER"),
        demo::HUAWEI_ACCESS_KEY,
        "the-wrong-secret-key",
        Some(demo::HUAWEI_DOMAIN_ID),
        now(),
        &[("x-security-token", TOKEN)],
    );
    let response = request.send().await;
    assert_eq!(response.status(), 401);
    let body = response.text().await.unwrap();
    assert!(!body.contains(TOKEN), "{body}");
    assert!(body.contains("x-security-token:***"), "{body}");
    assert!(body.contains("canonical request"), "{body}");
}

#[test]
fn debug_output_never_shows_secret_keys() {
    let data = DataSet::demo();
    let builder = Emulator::builder().data(data.clone());
    for shown in [
        format!("{data:?}"),
        format!("{builder:?}"),
        format!("{:?}", data.huawei.credentials[0]),
        format!("{:?}", data.scp.credentials[0]),
    ] {
        assert!(!shown.contains(demo::HUAWEI_SECRET_KEY), "{shown}");
        assert!(!shown.contains(demo::SCP_SECRET_KEY), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
    assert!(format!("{data:?}").contains(demo::HUAWEI_ACCESS_KEY));
}

#[test]
fn data_files_are_regular_files_and_may_start_with_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.json");
    std::fs::write(&path, "\u{feff}{\"huawei\": {}}").unwrap();
    assert_eq!(DataSet::from_file(&path).unwrap(), DataSet::default());
    assert_eq!(
        DataSet::from_json_str("\u{feff}{}").unwrap(),
        DataSet::default()
    );
    let err = DataSet::from_file(dir.path()).unwrap_err().to_string();
    assert!(err.contains("not a regular file"), "{err}");
    #[cfg(unix)]
    {
        let err = DataSet::from_file(std::path::Path::new("/dev/zero"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("character device"), "{err}");
    }
}
