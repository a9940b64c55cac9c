//! What the server allows one client, and all of them at once: [`Limits`] (connections,
//! timeouts, deadlines, the writer queue) and the [`WriterQueue`] that bounds ingestion.
//!
//! The limits hold at three levels:
//!
//! - connections (`listener.rs`): at most [`Limits::max_connections`] open; when a
//!   new one arrives at the cap, the oldest connection with no request in flight (one that
//!   is idle, or still sending its headers) is closed to make room, and when every
//!   connection is busy the new one is closed at once. Headers must arrive within
//!   [`Limits::header_timeout`] (an idle keep-alive connection is closed after as long).
//! - requests ([`crate::server::router`]): a body longer than [`crate::server::MAX_BODY`]
//!   is refused with 413 from its `Content-Length` before a byte of it is read (and, when
//!   it has none, as soon as it grows past the limit, after gzip decoding too); a body
//!   that stalls for [`Limits::body_timeout`] between two pieces is answered 408.
//! - work: a query runs at most [`Limits::query_deadline`] (SQLite interrupts it, PostgreSQL
//!   cancels it by `statement_timeout`: 503); an ingestion waits in the [`WriterQueue`] and
//!   extracts for at most [`Limits::ingest_deadline`] before it stores anything.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The limits of a server. [`Limits::default`] is what `tally serve` runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Connections open at once at most.
    pub max_connections: usize,
    /// How long a client has to send a request's headers (and how long an idle
    /// keep-alive connection stays open).
    pub header_timeout: Duration,
    /// How long a request body may stall between two pieces.
    pub body_timeout: Duration,
    /// How long a query may run before it is cancelled.
    pub query_deadline: Duration,
    /// How long an ingestion may extract before it gives up, storing nothing.
    pub ingest_deadline: Duration,
    /// Bodies being ingested (extracted and written) at once.
    pub max_ingesting: usize,
    /// Bodies waiting for their turn beyond those; past them, 503 with `Retry-After`.
    pub ingest_queue: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            query_deadline: Duration::from_secs(10),
            ingest_deadline: Duration::from_secs(120),
            max_ingesting: 2,
            ingest_queue: 16,
        }
    }
}

/// Seconds a client refused by a full [`WriterQueue`] is told to wait (`Retry-After`).
pub const RETRY_AFTER_SECONDS: u64 = 1;

/// The one queue every ingestion of the server goes through: at most `max_ingesting`
/// bodies extracting and being written at once, `queue` more waiting their turn, and
/// beyond those a refusal that the caller answers with 503 and `Retry-After`.
#[derive(Debug, Clone)]
pub struct WriterQueue {
    /// Bodies admitted: running or waiting.
    admitted: Arc<Semaphore>,
    /// Bodies running.
    running: Arc<Semaphore>,
}

/// A place in the [`WriterQueue`], given back when dropped.
#[derive(Debug)]
pub struct Admitted {
    _admitted: OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

/// A turn to ingest, given back when dropped.
#[derive(Debug)]
pub struct Turn {
    _running: OwnedSemaphorePermit,
}

impl WriterQueue {
    /// A queue of `max_ingesting` running (at least one) and `queue` waiting.
    pub fn new(max_ingesting: usize, queue: usize) -> WriterQueue {
        let max_ingesting = max_ingesting.max(1);
        WriterQueue {
            admitted: Arc::new(Semaphore::new(max_ingesting + queue)),
            running: Arc::new(Semaphore::new(max_ingesting)),
        }
    }

    /// A place in the queue, or `None` when it is full.
    pub fn try_admit(&self) -> Option<Admitted> {
        let admitted = Arc::clone(&self.admitted).try_acquire_owned().ok()?;
        Some(Admitted {
            _admitted: admitted,
            running: Arc::clone(&self.running),
        })
    }
}

impl Admitted {
    /// Waits for a turn to ingest (keeping the place in the queue meanwhile).
    pub async fn turn(&self) -> Option<Turn> {
        let running = Arc::clone(&self.running).acquire_owned().await.ok()?;
        Some(Turn { _running: running })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_refuses_and_a_freed_place_admits_again() {
        let queue = WriterQueue::new(1, 1);
        let first = queue.try_admit().unwrap();
        let second = queue.try_admit().unwrap();
        assert!(queue.try_admit().is_none());
        drop(first);
        assert!(queue.try_admit().is_some());
        drop(second);
    }
}
