//! The dashboard and HTTP JSON API of tally: routes, pages, the API, the pool of ledger
//! connections and the errors of a request. What a request asks for (an estimate, an
//! explanation, ingesting a body) is answered by `tally-app`, which the command line shares.
//!
//! The server ([`server`]) is axum on tokio. [`server::Config`] says where the ledger is
//! (an SQLite path or a `postgres://` URL), the address (loopback by default) and the
//! token writes need; [`server::serve`] runs it until Ctrl-C, and [`server::router`] is the
//! whole application for tests. Requests take a connection from a small [`pool::Pool`] and
//! run on tokio's blocking threads, since a [`tally_store::Ledger`] is not `Sync`.
//!
//! - [`api`]: `/api/claims` (the filters of `tally claims`, paged), `/api/claims/{id}`,
//!   `/api/claims/{id}/explain`, `/api/series`, `/api/estimate`, `/api/timeline`,
//!   `/api/documents` (listing, full-text search, and `POST` to ingest a body with
//!   `Authorization: Bearer TOKEN`), `/api/documents/{id}`, `/api/openapi.json`.
//! - [`pages`]: the series overview with sparklines, a series page with the interactive
//!   timeline, the claims table, a claim explained, a document with its claims highlighted,
//!   and search; HTML made with maud, which escapes every string, and a little JavaScript
//!   with the vendored uPlot, all embedded in the binary.
//!
//! A panic in a handler answers 500 (`CatchPanicLayer`) rather than dropping the
//! connection. What one client and all of them may take is [`limits::Limits`]: open
//! connections (the oldest idle one makes room), header and body timeouts, `Content-Length`
//! checked before the body, query and extraction deadlines, and the [`limits::WriterQueue`]
//! every ingestion goes through (503 with `Retry-After` beyond it).
//!
//! # Example
//!
//! ```
//! use tally_web::server::{router, AppState};
//! use tower::ServiceExt;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let ledger = dir.path().join("tally.db");
//! let state = AppState::open(ledger.to_str().unwrap(), None, 4)?;
//! let app = router(state);
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! let response = runtime.block_on(async {
//!     let request = axum::http::Request::get("/api/claims").body(axum::body::Body::empty()).unwrap();
//!     app.oneshot(request).await.unwrap()
//! });
//! assert_eq!(response.status(), 200);
//! assert_eq!(response.headers()["x-content-type-options"], "nosniff");
//! # Ok::<(), tally_web::Error>(())
//! ```
#![deny(missing_docs)]
#![recursion_limit = "256"]

pub mod api;
mod error;
pub mod http_error;
pub mod limits;
mod listener;
pub mod pages;
pub mod pool;
pub mod query;
pub mod server;

pub use error::Error;
