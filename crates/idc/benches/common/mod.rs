//! A local server for the benchmarks: Huawei-shaped marker pages and SCP-shaped numbered pages, made
//! on the fly from the request (nothing stored), so its cost and memory stay flat.

#![allow(dead_code)]

use std::time::Duration;

use axum::extract::Query;
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct MarkerQuery {
    pub marker: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Deserialize)]
pub struct PageQuery {
    pub page: Option<usize>,
    pub size: Option<usize>,
}

/// The JSON of one Huawei page of `total` items starting at the marker's offset.
pub fn huawei_page(total: usize, q: &MarkerQuery) -> String {
    let start = q
        .marker
        .as_deref()
        .and_then(|m| usize::from_str_radix(m, 16).ok())
        .unwrap_or(0);
    let end = (start + q.limit.unwrap_or(100)).min(total);
    let mut body = String::with_capacity((end - start) * 160 + 100);
    body.push_str("{\"account_assignments\":[");
    for i in start..end {
        if i > start {
            body.push(',');
        }
        body.push_str(&format!(
            "{{\"account_id\":\"acct-{i:08}\",\"permission_set_id\":\"ps-389b8cf93d6aa3ad\",\
             \"principal_id\":\"4b969bc6-e8ed-47ce-b62b-936319e2bcb1\",\"principal_type\":\"USER\"}}"
        ));
    }
    body.push_str("],\"page_info\":{\"next_marker\":");
    if end < total {
        body.push_str(&format!("\"{end:024x}\""));
    } else {
        body.push_str("null");
    }
    body.push_str(&format!(",\"current_count\":{}}}}}", end - start));
    body
}

/// The JSON of one SCP page of `total` items.
pub fn scp_page(total: usize, q: &PageQuery) -> String {
    let size = q.size.unwrap_or(20);
    let page = q.page.unwrap_or(0);
    let start = (page * size).min(total);
    let end = (start + size).min(total);
    let items: Vec<_> = (start..end)
        .map(|i| {
            format!(
                "{{\"instance_id\":\"ssoins-1\",\"permission_sets\":[],\"principal_id\":\"p{i}\",\
                 \"principal_name\":\"user{i}\",\"principal_type\":\"USER\",\"role_srn\":\"srn:role\",\
                 \"target_account_id\":\"acct-1\",\"target_account_name\":\"Account 1\",\
                 \"target_account_email\":\"a1@example.com\"}}"
            )
        })
        .collect();
    format!(
        "{{\"account_assignments\":[{}],\"count\":{total},\"page\":{page},\"size\":{size},\"sort\":[]}}",
        items.join(",")
    )
}

fn json(body: String) -> impl IntoResponse {
    ([("content-type", "application/json")], body)
}

/// Starts the server in the background; returns its base URL.
pub async fn start(total: usize, scp_latency: Duration) -> String {
    let app = axum::Router::new()
        .route(
            "/v1/instances/{id}/account-assignments-for-principals",
            get(move |Query(q): Query<MarkerQuery>| async move { json(huawei_page(total, &q)) }),
        )
        .route(
            "/v1/account-assignments",
            get(move |Query(q): Query<PageQuery>| async move {
                tokio::time::sleep(scp_latency).await;
                json(scp_page(total, &q))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}
