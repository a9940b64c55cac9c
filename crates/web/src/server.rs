//! The server: its configuration, the shared state (a pool of ledger connections, the
//! token, the engine), the router with its safety layers, and the loop that serves it.
//!
//! Safety: the default address is loopback (`127.0.0.1:8080`); every answer carries a
//! strict Content-Security-Policy (scripts, styles and images from the server only; no
//! inline script or style), `X-Content-Type-Options: nosniff`, `Referrer-Policy:
//! no-referrer` and `X-Frame-Options: DENY`; request bodies are capped at [`MAX_BODY`];
//! writes need `Authorization: Bearer TOKEN`, and with no token configured they are refused;
//! a handler that panics answers 500 (and the panic is logged) instead of dropping the
//! connection. What one client and all of them may take (connections, timeouts, deadlines,
//! the writer queue) is [`Limits`], described in [`crate::limits`].

use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tally_app::Engine;
use tally_store::Ledger;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::http_error::HttpError;
use crate::limits::{Limits, WriterQueue};
use crate::pool::Pool;
use crate::Error;

/// The largest request body accepted: 16 MiB.
pub const MAX_BODY: usize = 16 << 20;

/// The Content-Security-Policy of every answer.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

/// How `tally serve` runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The ledger: an SQLite path or a `postgres://` URL.
    pub location: String,
    /// The address to listen on.
    pub addr: SocketAddr,
    /// The token writes need; `None` refuses every write.
    pub token: Option<String>,
    /// Ledger connections at most.
    pub pool_size: usize,
    /// Connections, timeouts, deadlines and the writer queue.
    pub limits: Limits,
}

impl Config {
    /// The ledger at `location`, served on `127.0.0.1:8080` with writes refused.
    pub fn new(location: impl Into<String>) -> Config {
        Config {
            location: location.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            pool_size: default_pool_size(),
            limits: Limits::default(),
        }
    }
}

/// Two connections per core, at least four.
pub fn default_pool_size() -> usize {
    std::thread::available_parallelism().map_or(4, |n| (2 * n.get()).max(4))
}

/// What every request shares.
#[derive(Clone)]
pub struct AppState {
    pool: Pool,
    token: Option<Arc<str>>,
    engine: SharedEngine,
    limits: Arc<Limits>,
    writers: WriterQueue,
}

/// The engine of every request, built by the first request that needs it.
#[derive(Clone, Default)]
pub(crate) struct SharedEngine(Arc<OnceLock<Engine>>);

impl SharedEngine {
    /// The engine, built on first use (on the calling thread: call it from a blocking
    /// task).
    pub(crate) fn get(&self) -> &Engine {
        self.0.get_or_init(Engine::english)
    }
}

impl AppState {
    /// Opens the ledger at `location` (creating or migrating it) with a pool of up to
    /// `pool_size` connections; writes need `token`, and are refused when it is `None`.
    /// The limits are [`Limits::default`] until [`AppState::with_limits`].
    ///
    /// # Errors
    ///
    /// Fails when the ledger cannot be opened.
    pub fn open(
        location: &str,
        token: Option<String>,
        pool_size: usize,
    ) -> Result<AppState, Error> {
        let limits = Limits::default();
        Ok(AppState {
            pool: Pool::open(location, pool_size)?,
            token: token.filter(|t| !t.is_empty()).map(Arc::from),
            engine: SharedEngine::default(),
            writers: WriterQueue::new(limits.max_ingesting, limits.ingest_queue),
            limits: Arc::new(limits),
        })
    }

    /// The same state under other limits (a fresh writer queue of their size).
    pub fn with_limits(self, limits: Limits) -> AppState {
        AppState {
            writers: WriterQueue::new(limits.max_ingesting, limits.ingest_queue),
            limits: Arc::new(limits),
            ..self
        }
    }

    /// The limits it runs under.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The queue every ingestion goes through.
    pub fn writers(&self) -> &WriterQueue {
        &self.writers
    }

    /// Runs `work` with a ledger connection on a blocking thread; its statements are
    /// cancelled once [`Limits::query_deadline`] has passed.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut dyn Ledger) -> Result<T, HttpError> + Send + 'static,
    ) -> Result<T, HttpError> {
        self.pool.run(Some(self.limits.query_deadline), work).await
    }

    /// Runs `work` with a ledger connection on a blocking thread, with no deadline on its
    /// statements (an ingestion: it keeps its own deadline and its write is one
    /// transaction that must not be cut).
    pub(crate) async fn run_unbounded<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut dyn Ledger) -> Result<T, HttpError> + Send + 'static,
    ) -> Result<T, HttpError> {
        self.pool.run(None, work).await
    }

    /// The engine (built by the first task that uses it: call `get` on a blocking thread).
    pub(crate) fn engine(&self) -> SharedEngine {
        self.engine.clone()
    }

    /// Checks that a write carries the token.
    pub(crate) fn authorize(&self, headers: &HeaderMap) -> Result<(), HttpError> {
        let Some(token) = &self.token else {
            return Err(HttpError {
                status: StatusCode::FORBIDDEN,
                message: "writes are disabled: start tally serve with --token (or TALLY_TOKEN) to accept them".into(),
            });
        };
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            });
        let unauthorized = |message: &str| HttpError {
            status: StatusCode::UNAUTHORIZED,
            message: message.into(),
        };
        match given {
            Some(given) if same(given.trim().as_bytes(), token.as_bytes()) => Ok(()),
            Some(_) => Err(unauthorized("wrong token")),
            None => Err(unauthorized(
                "writes need the header Authorization: Bearer TOKEN",
            )),
        }
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The whole application: pages at `/`, the API at `/api`, assets at `/assets`, with the
/// safety layers.
pub fn router(state: AppState) -> Router {
    let body_timeout = state.limits.body_timeout;
    with_safety(
        Router::new()
            .merge(crate::pages::routes())
            .nest("/api", crate::api::routes()),
        body_timeout,
    )
    .with_state(state)
}

/// The safety layers of every route, innermost first: the limit on a body's decoded
/// bytes; gzip bodies decoded (any other `Content-Encoding` answered 415); the limit on the
/// bytes sent, a `Content-Length` over it answered 413 before the body is read; a body
/// that stalls for `body_timeout` between two pieces cut (408); a 500 for a handler that
/// panics; and (outermost, so that every answer has them) the safety headers and the
/// request log.
fn with_safety<S: Clone + Send + Sync + 'static>(
    routes: Router<S>,
    body_timeout: Duration,
) -> Router<S> {
    routes
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(RequestDecompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(RequestBodyTimeoutLayer::new(body_timeout))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(safety_headers))
}

/// The answer to a request whose handler panicked; the panic is logged.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("no message");
    tracing::error!(%message, "a handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal error (see the server's log)",
    )
        .into_response()
}

/// Adds the safety headers to every answer (and `Retry-After` to a 503) and logs the
/// request.
async fn safety_headers(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let status = response.status();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // A 503 (the writer queue full, a query past its deadline) says when to come back.
    if status == StatusCode::SERVICE_UNAVAILABLE && !headers.contains_key(header::RETRY_AFTER) {
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(crate::limits::RETRY_AFTER_SECONDS),
        );
    }
    let elapsed_ms = started.elapsed().as_secs_f64() * 1e3;
    if status.is_server_error() {
        tracing::error!(%method, %path, %status, elapsed_ms, "request failed");
    } else {
        tracing::debug!(%method, %path, %status, elapsed_ms, "request");
    }
    response
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    limits: Limits,
}

impl Server {
    /// Opens the ledger and binds the address.
    ///
    /// # Errors
    ///
    /// Fails when the ledger cannot be opened or the address cannot be bound.
    pub async fn bind(config: &Config) -> Result<Server, Error> {
        let location = config.location.clone();
        let token = config.token.clone();
        let pool_size = config.pool_size;
        let limits = config.limits.clone();
        let state = tokio::task::spawn_blocking(move || {
            AppState::open(&location, token, pool_size).map(|state| state.with_limits(limits))
        })
        .await
        .map_err(|_| Error::Task)??;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| Error::Bind {
                addr: config.addr,
                source,
            })?;
        Ok(Server {
            listener,
            router: router(state),
            limits: config.limits.clone(),
        })
    }

    /// The address it listens on (the port chosen when `:0` was asked).
    ///
    /// # Errors
    ///
    /// Fails when the socket cannot say.
    pub fn local_addr(&self) -> Result<SocketAddr, Error> {
        self.listener.local_addr().map_err(Error::Serve)
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    ///
    /// # Errors
    ///
    /// Fails when the connection loop fails.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), Error> {
        crate::listener::serve(self.listener, self.router, &self.limits, shutdown).await
    }
}

/// Serves `config` until Ctrl-C (or SIGTERM), on a runtime of its own; `ready` is called
/// with the address once it listens.
///
/// # Errors
///
/// Fails when the runtime cannot start, the ledger cannot be opened or the address bound.
pub fn serve(config: &Config, ready: impl FnOnce(SocketAddr)) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Serve)?;
    runtime.block_on(async {
        let server = Server::bind(config).await?;
        ready(server.local_addr()?);
        server.run(shutdown_signal()).await
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handler_that_panics_answers_500_with_the_safety_headers() {
        use tower::ServiceExt;
        async fn panics() -> &'static str {
            panic!("a bug in a handler")
        }
        let app = with_safety(
            Router::new().route("/panic", axum::routing::get(panics)),
            Duration::from_secs(10),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let response = runtime.block_on(async {
            let request = Request::get("/panic")
                .body(axum::body::Body::empty())
                .unwrap();
            app.oneshot(request).await.unwrap()
        });
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secret", b"secreT"));
        assert!(!same(b"secret", b"secret2"));
        assert!(!same(b"", b"x"));
    }
}
