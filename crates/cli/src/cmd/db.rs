//! `--db PATH|URL`: the ledger the ledger commands share, an SQLite file or a PostgreSQL
//! database.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tally_store::{Ledger, PostgresLedger, SqliteLedger};

/// Where the ledger is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// The ledger: an SQLite file (`tally ingest` creates it) or a PostgreSQL database
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

    /// Opens the ledger, bringing its schema up to date; an SQLite file is created if
    /// missing (for `tally ingest`, the one command that makes a ledger).
    ///
    /// # Errors
    ///
    /// Fails when `--db` is a directory, when the file cannot be opened, is not a ledger,
    /// or cannot be migrated, or when the PostgreSQL server cannot be reached or refuses
    /// the connection.
    pub fn open_or_create(&self) -> anyhow::Result<Box<dyn Ledger>> {
        // The store's errors name the ledger: no context is added here, or the message
        // would say it twice.
        Ok(match self.url() {
            Some(url) => Box::new(PostgresLedger::connect(url)?),
            None => {
                self.refuse_directory()?;
                Box::new(SqliteLedger::open(&self.db)?)
            }
        })
    }

    /// Opens a ledger that exists, bringing its schema up to date: a command that reads
    /// the ledger never creates one.
    ///
    /// # Errors
    ///
    /// As [`DbArgs::open_or_create`], and when there is no SQLite file at the path.
    pub fn open(&self) -> anyhow::Result<Box<dyn Ledger>> {
        self.require()?;
        self.open_or_create()
    }

    /// Fails unless `--db` names an existing SQLite file, or a PostgreSQL database that
    /// holds a ledger.
    ///
    /// # Errors
    ///
    /// When `--db` is a directory or names no ledger, or the server cannot be reached.
    pub fn require(&self) -> anyhow::Result<()> {
        let no_ledger = || {
            anyhow::anyhow!(
                "no ledger at {} (create one with `tally ingest`)",
                self.describe()
            )
        };
        if let Some(url) = self.url() {
            return match PostgresLedger::exists(url)? {
                true => Ok(()),
                false => Err(no_ledger()),
            };
        }
        self.refuse_directory()?;
        match std::fs::metadata(&self.db) {
            Ok(_) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(no_ledger()),
            Err(error) => Err(error).with_context(|| format!("reading {}", self.db.display())),
        }
    }

    /// Fails when `--db` names a directory.
    fn refuse_directory(&self) -> anyhow::Result<()> {
        if self.db.is_dir() {
            anyhow::bail!(
                "the ledger {} is a directory: name a file, such as {}",
                self.db.display(),
                self.db.join("tally.db").display()
            );
        }
        Ok(())
    }

    /// Whether the ledger is an SQLite file that does not exist yet.
    pub fn is_missing_file(&self) -> bool {
        let missing = |path: &Path| {
            std::fs::metadata(path).is_err_and(|error| error.kind() == std::io::ErrorKind::NotFound)
        };
        self.file().is_some_and(missing)
    }

    /// Removes a ledger file this run created and left empty, with its `-wal`, `-shm` and
    /// `-journal` files.
    pub fn remove_created_file(&self) {
        let Some(path) = self.file() else { return };
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}
