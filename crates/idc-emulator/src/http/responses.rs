//! Building responses: JSON bodies, each cloud's error shapes, and the body faults.

use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use futures::StreamExt;
use http::{HeaderValue, StatusCode, header};
use idc_raw::{huawei, scp};

use crate::http::state::App;
use crate::store::error::WriteError;

/// Which cloud a request is addressed to, for the shape of its errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cloud {
    Huawei,
    Scp,
}

/// The id of one request, sent back in `X-Request-Id` and in error bodies.
#[derive(Clone, Debug)]
pub(crate) struct RequestId(pub(crate) String);

impl RequestId {
    /// A fresh random id: 32 hex digits for Huawei, `req-` and 16 hex digits for SCP.
    pub(crate) fn new(cloud: Cloud) -> Self {
        let n: u128 = rand::random();
        Self(match cloud {
            Cloud::Huawei => format!("{n:032x}"),
            Cloud::Scp => format!("req-{:016x}", n as u64),
        })
    }
}

/// A request a handler refuses: its error response, in the cloud's shape. Handlers return
/// `Result<Response, Reject>`, so a failed lookup or check ends the handler with `?`.
#[derive(Debug)]
pub(crate) struct Reject(Box<Response>);

impl Reject {
    /// Refuses with `response`.
    pub(crate) fn new(response: Response) -> Self {
        Self(Box::new(response))
    }

    /// The response to send.
    pub(crate) fn into_response(self) -> Response {
        *self.0
    }
}

/// A `200` JSON response, as a handler's success.
pub(crate) fn ok(body: &impl serde::Serialize) -> Result<Response, Reject> {
    Ok(json(StatusCode::OK, body))
}

/// A `200` JSON response of about `capacity` bytes, as a handler's success.
pub(crate) fn ok_sized(body: &impl serde::Serialize, capacity: usize) -> Result<Response, Reject> {
    Ok(json_sized(StatusCode::OK, body, capacity))
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: &impl serde::Serialize) -> Response {
    json_sized(status, body, 256)
}

/// A JSON response of about `capacity` bytes.
pub(crate) fn json_sized(
    status: StatusCode,
    body: &impl serde::Serialize,
    capacity: usize,
) -> Response {
    let mut bytes = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut bytes, body) {
        Ok(()) => raw_json(status, bytes.into()),
        Err(err) => {
            tracing::error!(%err, "cannot serialize a response");
            let mut response = Response::new(Body::from("internal error"));
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

fn raw_json(status: StatusCode, bytes: Bytes) -> Response {
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Huawei's error body `{error_code, error_msg, request_id}`.
pub(crate) fn huawei_error(
    status: StatusCode,
    code: &str,
    message: impl Into<String>,
    id: &RequestId,
) -> Response {
    json(
        status,
        &huawei::types::ErrorResponse {
            encoded_authorization_message: None,
            error_code: Some(code.to_owned()),
            error_msg: Some(message.into()),
            request_id: Some(id.0.clone()),
        },
    )
}

/// A write the store refused, in the cloud's error shape: `Missing` 404, `Conflict`, `InUse` and
/// `Active` 409, `Invalid` 400. Handlers answer the cases a cloud documents with its own code before
/// queueing a change; these codes are the emulator's documented choice for the rest (Huawei
/// `IIC.1000` for invalid as elsewhere, `IIC.1404` and `IIC.1409` named after their status; SCP
/// `ValidationError`, `NotFound`, `Conflict`).
pub(crate) fn write_refused(cloud: Cloud, error: &WriteError, id: &RequestId) -> Response {
    let (status, huawei_code, scp_code) = match error {
        WriteError::Invalid(_) | WriteError::Full => {
            (StatusCode::BAD_REQUEST, "IIC.1000", "ValidationError")
        }
        WriteError::Missing { .. } => (StatusCode::NOT_FOUND, "IIC.1404", "NotFound"),
        WriteError::Conflict { .. } | WriteError::InUse { .. } | WriteError::Active { .. } => {
            (StatusCode::CONFLICT, "IIC.1409", "Conflict")
        }
    };
    let message = idc::text::escape_control(&error.to_string()).into_owned();
    match cloud {
        Cloud::Huawei => huawei_error(status, huawei_code, message, id),
        Cloud::Scp => scp_error(status, scp_code, vec![message], id),
    }
}

/// The SCP service's error body `{"errors": [{code, detail, global_request_id, request_id, status,
/// title}]}`.
pub(crate) fn scp_error(
    status: StatusCode,
    code: &str,
    details: Vec<String>,
    id: &RequestId,
) -> Response {
    json(
        status,
        &scp::types::ErrorResponse {
            errors: Some(vec![scp::types::ErrorDetail {
                code: Some(code.to_owned()),
                detail: Some(serde_json::Value::from(details)),
                global_request_id: Some(id.0.clone()),
                request_id: Some(id.0.clone()),
                status: Some(i32::from(status.as_u16())),
                title: Some(code.to_owned()),
            }]),
            ..Default::default()
        },
    )
}

/// The SCP gateway's rejection `{"status": "UNAUTHORIZED", "name": ..., "message": ...}`.
pub(crate) fn scp_unauthorized(message: impl Into<String>) -> Response {
    json(
        StatusCode::UNAUTHORIZED,
        &scp::types::ErrorResponse {
            status: Some("UNAUTHORIZED".into()),
            name: Some("Request was rejected by gateway".to_owned()),
            message: Some(message.into()),
            ..Default::default()
        },
    )
}

/// A 404 or 405 in the cloud's gateway shape (Spring-style for SCP).
pub(crate) fn route_error(
    app: &App,
    cloud: Cloud,
    status: StatusCode,
    path: &str,
    id: &RequestId,
) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    match cloud {
        Cloud::Scp => {
            let now = time::OffsetDateTime::from(app.clock.now());
            let timestamp = now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            json(
                status,
                &scp::types::ErrorResponse {
                    timestamp: Some(timestamp),
                    path: Some(path.to_owned()),
                    status: Some(status.as_u16().into()),
                    error: Some(reason.to_owned()),
                    request_id: Some(id.0.clone()),
                    ..Default::default()
                },
            )
        }
        Cloud::Huawei => huawei_error(
            status,
            "APIGW.0101",
            format!(
                "{reason}: the API does not exist or has not been published in the environment"
            ),
            id,
        ),
    }
}

/// The answer to a [`Fault::Status`](crate::Fault::Status).
pub(crate) fn injected_status(
    cloud: Cloud,
    status: u16,
    retry_after: Option<u64>,
    id: &RequestId,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Injected fault");
    let mut response = match cloud {
        Cloud::Huawei => {
            let code = match status.as_u16() {
                429 => "APIG.0308",
                401 => "APIGW.0301",
                500..=599 => "APIG.0202",
                _ => "IIC.1000",
            };
            huawei_error(status, code, format!("{reason} (injected fault)"), id)
        }
        Cloud::Scp => {
            let code = reason.replace([' ', '-'], "");
            scp_error(
                status,
                &code,
                vec![format!("{reason} (injected fault)")],
                id,
            )
        }
    };
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// A request body over the limit.
pub(crate) fn payload_too_large(cloud: Cloud, id: &RequestId) -> Response {
    let status = StatusCode::PAYLOAD_TOO_LARGE;
    match cloud {
        Cloud::Huawei => huawei_error(status, "IIC.1000", "Request body too large.", id),
        Cloud::Scp => scp_error(
            status,
            "PayloadTooLarge",
            vec!["Request body too large".to_owned()],
            id,
        ),
    }
}

/// [`Fault::TruncatedBody`](crate::Fault::TruncatedBody): the status and headers of `response`,
/// the `Content-Length` of its whole body, the first half of the body, then the connection fails.
pub(crate) async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    // The first half is sent and flushed while the second item waits; then the body fails and
    // the server closes the connection short of the announced length.
    let first = futures::stream::once(async move { Ok::<Bytes, std::io::Error>(half) });
    let failure = futures::stream::once(async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Err(std::io::Error::other("injected truncated body"))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(failure)))
}

/// [`Fault::MalformedJson`](crate::Fault::MalformedJson): `200` with the first half of the real
/// body and then text that cannot continue any JSON document.
pub(crate) async fn malformed(response: Response) -> Response {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let mut broken = bytes[..bytes.len() / 2].to_vec();
    broken.extend_from_slice(b"\"<<injected: not JSON");
    raw_json(StatusCode::OK, broken.into())
}
