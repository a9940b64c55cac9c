//! Cancelling a PostgreSQL statement when its reader goes away (issue 15): the server sets
//! a flag when a request's client leaves; a watcher thread looks at it every few
//! milliseconds and sends PostgreSQL a cancel request for the connection
//! ([`postgres::CancelToken`]), which stops the statement running with `query_canceled`,
//! the error of a statement past its deadline. SQLite looks at the same flag from its
//! progress handler instead.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use postgres::{CancelToken, NoTls};

/// How often the watcher looks at the flag.
const POLL: Duration = Duration::from_millis(10);

/// A thread that cancels the connection's statement once `cancelled` is set; dropping it
/// stops the thread without cancelling anything.
pub(crate) struct Watcher {
    stop: Arc<AtomicBool>,
}

impl Watcher {
    /// Watches `cancelled` for the connection of `token`.
    pub(crate) fn start(token: CancelToken, cancelled: Arc<AtomicBool>) -> Watcher {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                if cancelled.load(Ordering::Relaxed) {
                    // A failed cancel request leaves the statement to its deadline.
                    let _ = token.cancel_query(NoTls);
                    return;
                }
                thread::sleep(POLL);
            }
        });
        Watcher { stop }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
