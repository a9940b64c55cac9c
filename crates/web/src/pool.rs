//! A small pool of ledger connections for the server.
//!
//! A [`Ledger`] is `Send` but not `Sync`: one connection serves one request at a time. The
//! pool keeps up to `size` connections (SQLite in WAL lets many readers work at once;
//! PostgreSQL gets one session each), hands one to each request on a blocking thread, and
//! takes it back when the request is done. A connection whose request failed is dropped,
//! so a broken one is not handed out again; the next request opens a fresh one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tally_store::Ledger;
use tokio::sync::Semaphore;

use crate::Error;

/// Ledger connections shared by the server's requests.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    location: String,
    idle: Mutex<Vec<Box<dyn Ledger>>>,
    permits: Semaphore,
}

impl Drop for Inner {
    /// A PostgreSQL connection runs a runtime of its own, which must not be dropped on a
    /// runtime's thread: the idle connections are closed on a thread of their own.
    fn drop(&mut self) {
        let idle = self.idle.get_mut().map(std::mem::take).unwrap_or_default();
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// Sets its flag when dropped: when the request is done, or when its handler is dropped
/// because the client went away, which cancels the query still running.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

impl Pool {
    /// Opens the ledger at `location` once (creating or migrating it) and makes a pool of up
    /// to `size` connections to it.
    ///
    /// # Errors
    ///
    /// Fails when the ledger cannot be opened.
    pub fn open(location: &str, size: usize) -> Result<Pool, Error> {
        let first = tally_store::open(location)?;
        Ok(Pool {
            inner: Arc::new(Inner {
                location: location.to_string(),
                idle: Mutex::new(vec![first]),
                permits: Semaphore::new(size.max(1)),
            }),
        })
    }

    /// Runs `work` with a connection on a blocking thread, waiting for one when all are busy.
    /// With a `deadline`, the connection's statements are cancelled once it has passed
    /// since `work` started ([`Ledger::set_deadline`]), or once the caller stops waiting
    /// (the client went away: [`Ledger::set_cancel_flag`]).
    ///
    /// # Errors
    ///
    /// What `work` returns, or a failure to open a connection, or [`Error::Task`] when
    /// `work` panicked.
    pub async fn run<T, E>(
        &self,
        deadline: Option<Duration>,
        work: impl FnOnce(&mut dyn Ledger) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| Error::Task)?;
        let inner = Arc::clone(&self.inner);
        // A query whose client goes away (its handler dropped) is cancelled too.
        let cancelled = deadline.map(|_| Arc::new(AtomicBool::new(false)));
        let _cancel_on_drop = cancelled.clone().map(CancelOnDrop);
        let outcome = tokio::task::spawn_blocking(move || {
            let idle = inner.idle.lock().ok().and_then(|mut idle| idle.pop());
            let mut ledger = match idle {
                Some(ledger) => ledger,
                None => tally_store::open(&inner.location).map_err(Error::from)?,
            };
            let bounded = deadline.is_some();
            let deadline = deadline.map(|deadline| Instant::now() + deadline);
            ledger.set_deadline(deadline).map_err(Error::from)?;
            ledger.set_cancel_flag(cancelled).map_err(Error::from)?;
            let mut result = work(&mut *ledger);
            if bounded && result.is_ok() {
                let lifted = ledger
                    .set_deadline(None)
                    .and_then(|()| ledger.set_cancel_flag(None));
                if let Err(error) = lifted {
                    result = Err(E::from(Error::from(error)));
                }
            }
            if result.is_ok() {
                if let Ok(mut idle) = inner.idle.lock() {
                    idle.push(ledger);
                }
            }
            result
        })
        .await;
        drop(permit);
        outcome.map_err(|_| Error::Task)?
    }
}
