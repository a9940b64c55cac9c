//! The errors of tally-web.

/// What can go wrong in the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ledger could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] tally_store::Error),
    /// The server could not bind its address.
    #[error("binding {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// Why it failed.
        source: std::io::Error,
    },
    /// The server's runtime or connection loop failed.
    #[error("serving: {0}")]
    Serve(std::io::Error),
    /// A blocking ledger task stopped without an answer (it panicked).
    #[error("a ledger task stopped unexpectedly")]
    Task,
}
