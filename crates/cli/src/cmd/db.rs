//! `--db PATH`: the ledger file the ledger commands share.

use std::path::PathBuf;

use anyhow::Context;
use tally_store::SqliteLedger;

/// Where the ledger is.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArgs {
    /// The ledger: an SQLite file, created if missing.
    #[arg(long, value_name = "PATH", env = "TALLY_DB", default_value = "tally.db")]
    pub db: PathBuf,
}

impl DbArgs {
    /// Opens the ledger, bringing its schema up to date.
    ///
    /// # Errors
    ///
    /// Fails when the file cannot be opened, is not a ledger, or cannot be migrated.
    pub fn open(&self) -> anyhow::Result<SqliteLedger> {
        SqliteLedger::open(&self.db).with_context(|| format!("opening the ledger {}", self.db.display()))
    }
}
