//! The connection loop: hyper's HTTP/1 server, one task per connection, with the limits
//! of [`Limits`] that belong to connections rather than requests.
//!
//! - At most [`Limits::max_connections`] are open. A connection that arrives at the cap
//!   makes room by closing the oldest one with no request in flight (idle between
//!   requests, or still sending its headers); when every open connection has a request in
//!   flight, the new one is closed at once. So a flood of idle or half-open connections
//!   neither exhausts the file descriptors nor locks out the next client: it only pushes
//!   out the oldest of its own.
//! - A request's headers must arrive within [`Limits::header_timeout`] (hyper's header
//!   read timeout, which also closes an idle keep-alive connection after as long).
//! - On shutdown, the listener stops accepting, idle connections close, and requests in
//!   flight finish.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::response::Response;
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::limits::Limits;
use crate::Error;

/// One open connection, as the registry sees it.
#[derive(Default)]
struct Slot {
    /// Requests whose answer is not yet written.
    in_flight: AtomicUsize,
    /// Chosen to make room; it closes as soon as its task sees it.
    closing: AtomicBool,
    close: Notify,
}

/// The open connections, oldest first.
struct Registry {
    max_connections: usize,
    open: Mutex<BTreeMap<u64, Arc<Slot>>>,
    next_id: AtomicUsize,
}

/// A connection's place in the registry, given back when its task ends.
struct Entry {
    registry: Arc<Registry>,
    id: u64,
    slot: Arc<Slot>,
}

impl Drop for Entry {
    fn drop(&mut self) {
        if let Ok(mut open) = self.registry.open.lock() {
            open.remove(&self.id);
        }
    }
}

impl Registry {
    fn new(max_connections: usize) -> Arc<Registry> {
        Arc::new(Registry {
            max_connections: max_connections.max(1),
            open: Mutex::new(BTreeMap::new()),
            next_id: AtomicUsize::new(0),
        })
    }

    /// A place for a new connection, closing the oldest idle one when at the cap; `None`
    /// when every open connection is busy.
    fn admit(self: &Arc<Registry>) -> Option<Entry> {
        let mut open = self.open.lock().ok()?;
        // Connections chosen to close still hold a descriptor until their task ends: they
        // count against a hard bound of twice the cap.
        if open.len() >= 2 * self.max_connections {
            return None;
        }
        let n_staying = open
            .values()
            .filter(|slot| !slot.closing.load(Ordering::Acquire))
            .count();
        if n_staying >= self.max_connections {
            let oldest_idle = open.values().find(|slot| {
                !slot.closing.load(Ordering::Acquire) && slot.in_flight.load(Ordering::Acquire) == 0
            })?;
            oldest_idle.closing.store(true, Ordering::Release);
            oldest_idle.close.notify_one();
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) as u64;
        let slot = Arc::new(Slot::default());
        open.insert(id, Arc::clone(&slot));
        Some(Entry {
            registry: Arc::clone(self),
            id,
            slot,
        })
    }

    fn n_open(&self) -> usize {
        self.open.lock().map_or(0, |open| open.len())
    }
}

/// A request in flight on a connection, counted until its answer is written.
struct InFlight(Arc<Slot>);

impl InFlight {
    fn enter(slot: &Arc<Slot>) -> InFlight {
        slot.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(Arc::clone(slot))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets the requests in
/// flight finish.
///
/// # Errors
///
/// None yet: a failed `accept` (too many open files, a reset) is logged and the loop goes
/// on; the signature leaves room for errors of the loop itself.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let registry = Registry::new(limits.max_connections);
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(error) => {
                tracing::warn!(%error, "accepting a connection");
                // Out of descriptors or buffers: give the open connections time to close.
                if !is_connection_error(&error) {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let Some(entry) = registry.admit() else {
            tracing::debug!("connection refused: every open connection is busy");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            entry,
            router.clone(),
            http.clone(),
            stop_rx.clone(),
        ));
    }
    drop(listener);
    let _ = stop_tx.send(true);
    while registry.n_open() > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// Errors of one connection, after which the loop simply goes on.
fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Serves one connection until it closes, is chosen to make room, or the server stops.
async fn connection(
    stream: TcpStream,
    entry: Entry,
    router: Router,
    http: hyper::server::conn::http1::Builder,
    mut stop: watch::Receiver<bool>,
) {
    let slot = Arc::clone(&entry.slot);
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let in_flight = InFlight::enter(&slot);
        let router = router.clone();
        async move {
            let response = router.oneshot(request.map(Body::new)).await?;
            // The request stays in flight until its body is written.
            Ok::<Response, Infallible>(response.map(move |body| {
                Body::new(body.map_frame(move |frame| {
                    let _counted = &in_flight;
                    frame
                }))
            }))
        }
    });
    let conn = http.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        served = conn.as_mut() => {
            if let Err(error) = served {
                tracing::debug!(%error, "connection closed on an error");
            }
        }
        () = entry.slot.close.notified() => {
            tracing::debug!("closed an idle connection to make room for a new one");
        }
        () = async {
            let _ = stop.wait_for(|stop| *stop).await;
        } => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
    drop(entry);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room() {
        let registry = Registry::new(2);
        let first = registry.admit().unwrap();
        let second = registry.admit().unwrap();
        let busy = InFlight::enter(&first.slot);
        let third = registry.admit().unwrap();
        assert!(!first.slot.closing.load(Ordering::Acquire), "busy: kept");
        assert!(second.slot.closing.load(Ordering::Acquire), "idle: closed");
        drop(second);
        let _in_flight_too = InFlight::enter(&third.slot);
        assert!(registry.admit().is_none(), "every connection busy");
        drop(busy);
        assert!(registry.admit().is_some());
    }
}
