//! Cancelling a PostgreSQL statement when its reader goes away (issue 15): the server sets
//! a flag when a request's client leaves; a watcher thread looks at it every few
//! milliseconds and sends PostgreSQL a cancel request for the connection
//! ([`postgres::CancelToken`]), which stops the statement running with `query_canceled`,
//! the error of a statement past its deadline. SQLite looks at the same flag from its
//! progress handler instead.
//!
//! A cancel request is not tied to a statement: it interrupts whatever the backend runs
//! when the request lands. PostgreSQL signals the backend and then its process group, so
//! one request can arrive twice, the second after the first has stopped its statement;
//! that late signal stops the connection's next statement. A connection whose watcher
//! sent a request is therefore not used again ([`Watcher::stop`] says so).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

use postgres::{CancelToken, NoTls};

/// How often the watcher looks at the flag.
const POLL: Duration = Duration::from_millis(10);

/// Whether the watcher was stopped, and whether it sent a cancel request.
#[derive(Default)]
struct State {
    stopped: bool,
    sent: bool,
}

/// A thread that cancels the connection's statement once `cancelled` is set; stopping it
/// (or dropping it) ends the thread without cancelling anything.
pub(crate) struct Watcher {
    state: Arc<Mutex<State>>,
}

impl Watcher {
    /// Watches `cancelled` for the connection of `token`.
    pub(crate) fn start(token: CancelToken, cancelled: Arc<AtomicBool>) -> Watcher {
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::clone(&state);
        thread::spawn(move || loop {
            {
                // The request is sent under the lock, so that `stop` knows whether it went.
                let mut state = shared.lock().unwrap_or_else(PoisonError::into_inner);
                if state.stopped {
                    return;
                }
                if cancelled.load(Ordering::Relaxed) {
                    state.sent = true;
                    // A failed cancel request leaves the statement to its deadline.
                    let _ = token.cancel_query(NoTls);
                    return;
                }
            }
            thread::sleep(POLL);
        });
        Watcher { state }
    }

    /// Stops watching; whether a cancel request was sent, in which case the connection
    /// must not run another statement.
    pub(crate) fn stop(&self) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.stopped = true;
        state.sent
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop();
    }
}
