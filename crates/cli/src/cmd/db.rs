//! `--db PATH|URL`: the ledger the ledger commands share, an SQLite file or a PostgreSQL
//! database.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tally_store::{Ledger, PostgresLedger, SqliteLedger};

/// Where the ledger is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// The ledger: an SQLite file, created if missing, or a PostgreSQL database
    /// (`postgres://user@host:port/db`, shared by a team and by many ingest workers).
    #[arg(
        long,
        value_name = "PATH|URL",
        env = "TALLY_DB",
        default_value = "tally.db"
    )]
    pub db: PathBuf,
}

impl DbArgs {
    /// The PostgreSQL URL, when `--db` is one.
    fn url(&self) -> Option<&str> {
        self.db
            .to_str()
            .filter(|location| tally_store::postgres::is_url(location))
    }

    /// The SQLite file, when `--db` is not a PostgreSQL URL.
    pub fn file(&self) -> Option<&Path> {
        match self.url() {
            Some(_) => None,
            None => Some(&self.db),
        }
    }

    /// The ledger for messages: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match self.url() {
            Some(url) => tally_store::postgres::redact(url),
            None => self.db.display().to_string(),
        }
    }

    /// Opens the ledger, bringing its schema up to date.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be opened, is not a ledger, or cannot be migrated, or
    /// when the PostgreSQL server cannot be reached or refuses the connection.
    pub fn open(&self) -> anyhow::Result<Box<dyn Ledger>> {
        let context = || format!("opening the ledger {}", self.describe());
        Ok(match self.url() {
            Some(url) => Box::new(PostgresLedger::connect(url).with_context(context)?),
            None => Box::new(SqliteLedger::open(&self.db).with_context(context)?),
        })
    }
}
