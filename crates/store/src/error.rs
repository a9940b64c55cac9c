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
    /// The PostgreSQL server could not be reached, or refused the connection.
    #[error("connecting to the ledger {url}: {}", postgres_message(.source))]
    Connect {
        /// The database URL, without its password.
        url: String,
        /// Why.
        source: postgres::Error,
    },
    /// The PostgreSQL schema could not be brought up to date.
    #[error("migrating the ledger {url}: {source}")]
    MigrateDatabase {
        /// The database URL, without its password.
        url: String,
        /// Why.
        source: Box<refinery::Error>,
    },
    /// A PostgreSQL statement failed (after retrying serialization failures and deadlocks).
    #[error("ledger: {}", postgres_message(.0))]
    Postgres(#[from] postgres::Error),
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
    /// No claim has this id.
    #[error("no claim {id} in the ledger")]
    NoClaim {
        /// The id asked for.
        id: i64,
    },
    /// A stored review or grade holds a value this version cannot read.
    #[error("{table} row {id} in the ledger: bad {field} {value:?}")]
    BadRow {
        /// `reviews` or `source_grades`.
        table: &'static str,
        /// The row's id.
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

impl Error {
    /// Whether a statement was cancelled because its deadline passed
    /// ([`crate::Ledger::set_deadline`]).
    pub fn is_deadline(&self) -> bool {
        match self {
            Error::Sqlite(error) => matches!(
                error.sqlite_error_code(),
                Some(rusqlite::ErrorCode::OperationInterrupted)
            ),
            Error::Postgres(error) => {
                error.code() == Some(&postgres::error::SqlState::QUERY_CANCELED)
            }
            _ => false,
        }
    }
}

/// A PostgreSQL error in words, each said once: the server's message and detail when the
/// server answered, else the client's error with its causes ("error connecting to server:
/// Connection refused (os error 111)"; the client's own text is only "db error" or "error
/// connecting to server").
fn postgres_message(error: &postgres::Error) -> String {
    if let Some(db) = error.as_db_error() {
        return match db.detail() {
            Some(detail) => format!("{} ({})", db.message(), detail),
            None => db.message().to_string(),
        };
    }
    let mut message = error.to_string();
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        let text = inner.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = inner.source();
    }
    message
}
