//! Integration tests of tally-web: the API (`api`), the pages and their safety (`pages`),
//! the dashboard in headless Chromium (`browser`), the API on PostgreSQL (`postgres`), and
//! the server's limits (`limits`, issue 15), issue 17's answer and finding (`answer`).
//!
//! Requests go through the whole router (`tower::ServiceExt::oneshot`), safety layers
//! included; the browser test serves on a loopback port.

mod answer;
mod api;
mod browser;
mod limits;
mod pages;
mod postgres;

use std::path::PathBuf;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use tally_web::server::{router, AppState};
use tower::ServiceExt;

/// The token of the test servers.
pub const TOKEN: &str = "test-token-6";

/// The seed article.
pub fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/seed/000_a9c692d039172afc.txt")
}

/// An answer: status, headers, body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request through the application.
pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// `POST /api/documents` with a body and, when given, a bearer token.
pub async fn post(app: &Router, uri: &str, token: Option<&str>, body: impl Into<Body>) -> Answer {
    let mut request = Request::post(uri).header(header::CONTENT_TYPE, "text/plain");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(body.into()).unwrap()).await
}

/// A fresh SQLite ledger served with the token, and the directory holding it.
pub fn app(token: Option<&str>) -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("tally.db");
    let state = AppState::open(location.to_str().unwrap(), token.map(str::to_string), 4).unwrap();
    (dir, router(state))
}

/// A ledger holding the seed, ingested through the API.
pub async fn seed_app() -> (tempfile::TempDir, Router) {
    let (dir, app) = app(Some(TOKEN));
    let seed = std::fs::read(seed_path()).unwrap();
    let answer = post(
        &app,
        "/api/documents?name=000_a9c692d039172afc.txt",
        Some(TOKEN),
        seed,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text());
    (dir, app)
}
