//! Signing one seed GET request: Huawei `SDK-HMAC-SHA256`, SCP `Scp-Signature`, and, as a reference
//! point in the same group, `aws-sigv4` signing an equivalent GET.
//!
//! Each iteration signs a fresh copy of the request (copied outside the timed part) and leaves the
//! signature headers on it, so all three do the same work: read the request, compute, add headers.
//! Target: each of ours at most half of aws-sigv4's time.
//!
//! Run: `cargo bench -p idc --bench signing -- --warm-up-time 1 --measurement-time 3`.

// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const HUAWEI_URL: &str = "https://identitycenter.myhuaweicloud.com/v1/instances/ins-36218e5b4c2c4c4d/account-assignments-for-principals?principal_id=4b969bc6-e8ed-47ce-b62b-936319e2bcb1&principal_type=USER&limit=100&marker=5f3e8c1a9b2d4e6f7a8b9c0d";
const SCP_URL: &str = "https://iam-identity-center.kr-west1.e.samsungsdscloud.com/v1/account-assignments?instance_id=ssoins-12345&target_account_id=3265ab469f0d406d83073da3e11e7a6c";

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_704_067_200)
}

fn request(url: &str) -> reqwest::Request {
    let mut request = reqwest::Request::new(reqwest::Method::GET, url.parse().unwrap());
    request.headers_mut().insert(
        reqwest::header::ACCEPT,
        reqwest::header::HeaderValue::from_static("application/json"),
    );
    request
}

fn signing(c: &mut Criterion) {
    let mut group = c.benchmark_group("sign_seed_get");

    let huawei_credentials = idc::huawei::Credentials::new(
        "HPUAEXAMPLEAK0000001",
        "SeedSecretKeyExample0000000000000000000001",
    )
    .with_domain_id("0a1b2c3d4e5f67890a1b2c3d4e5f6789");
    let huawei_request = request(HUAWEI_URL);
    group.bench_function("huawei_sdk_hmac_sha256", |b| {
        b.iter_batched(
            || huawei_request.try_clone().unwrap(),
            |mut request| {
                idc::huawei::signing::sign_request(&mut request, &huawei_credentials, now())
                    .unwrap();
                request
            },
            BatchSize::SmallInput,
        )
    });

    let scp_credentials = idc::scp::Credentials::new("scp-seed-access-key", "scp-seed-secret-key");
    let mut scp_request = request(SCP_URL);
    scp_request.headers_mut().insert(
        "scp-api-version",
        reqwest::header::HeaderValue::from_static("iam-identity-center 1.4"),
    );
    group.bench_function("scp_signature", |b| {
        b.iter_batched(
            || scp_request.try_clone().unwrap(),
            |mut request| {
                idc::scp::signing::sign_request(&mut request, &scp_credentials, now(), "en-US")
                    .unwrap();
                request
            },
            BatchSize::SmallInput,
        )
    });

    // The same Huawei GET through aws-sigv4 (its defaults: sign all headers, x-amz-date, payload hash
    // of the empty body).
    let identity = aws_credential_types::Credentials::from_keys(
        "HPUAEXAMPLEAK0000001",
        "SeedSecretKeyExample0000000000000000000001",
        None,
    )
    .into();
    let params: aws_sigv4::http_request::SigningParams<'_> =
        aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region("cn-north-4")
            .name("identitycenter")
            .time(now())
            .settings(aws_sigv4::http_request::SigningSettings::default())
            .build()
            .unwrap()
            .into();
    let http_request = http::Request::builder()
        .method("GET")
        .uri(HUAWEI_URL)
        .header("accept", "application/json")
        .header("x-domain-id", "0a1b2c3d4e5f67890a1b2c3d4e5f6789")
        .body(())
        .unwrap();
    group.bench_function("aws_sigv4_reference", |b| {
        b.iter_batched(
            || http_request.clone(),
            |mut request| {
                let headers = request
                    .headers()
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.to_str().unwrap()));
                let signable = aws_sigv4::http_request::SignableRequest::new(
                    request.method().as_str(),
                    request.uri().to_string(),
                    headers,
                    aws_sigv4::http_request::SignableBody::Bytes(&[]),
                )
                .unwrap();
                let (instructions, _signature) = aws_sigv4::http_request::sign(signable, &params)
                    .unwrap()
                    .into_parts();
                instructions.apply_to_request_http1x(&mut request);
                black_box(request)
            },
            BatchSize::SmallInput,
        )
    });

    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
