//! The one error type of the ledger.

use std::path::PathBuf;

/// What went wrong with the ledger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database file could not be opened or set up.
    #[error("opening the ledger {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The schema could not be brought up to date.
    #[error("migrating the ledger {path}: {source}")]
    Migrate {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: Box<refinery::Error>,
    },
    /// A statement failed (a locked database, a full disk, a broken file).
    #[error("ledger: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A full-text query the search engine refused.
    #[error("bad text query {query:?}: {message}")]
    TextQuery {
        /// The query as given.
        query: String,
        /// What the search engine said.
        message: String,
    },
    /// A stored claim holds a value this version cannot read.
    #[error("claim {id} in the ledger: bad {field} {value:?}")]
    BadClaim {
        /// The claim's id.
        id: i64,
        /// The column.
        field: &'static str,
        /// What it holds.
        value: String,
    },
    /// A stored document holds a value this version cannot read.
    #[error("document {hash} in the ledger: bad {field} {value:?}")]
    BadDocument {
        /// The document's hash.
        hash: String,
        /// The column.
        field: &'static str,
        /// What it holds.
        value: String,
    },
}
